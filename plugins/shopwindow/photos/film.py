"""One plain MP4 from segments encoded on their own, without re-encoding: what every player plays.

A fragmented MP4 (a header, then ``moof``+``mdat`` pairs) is what a page can join from parts most
simply, but players disagree about it: WebKitGTK's GStreamer took the first fragment's length for
the whole film, and Safari on iOS plays through AVFoundation, which is stricter still. A plain MP4
with its index first (``ftyp``, ``moov``, ``mdat``) is what every player accepts. Its index lists
every sample's size and place, so it is made again whenever a segment changes; it is small (four
bytes a frame, about 40 KB for 10,000 frames) and made from the segments' own indexes in a few
milliseconds, while the segments' samples, the film's bulk, are never touched again.

Each segment is encoded by PyAV as a plain MP4 (``ftyp``, ``mdat``, ``moov``), H.264 with no
B-frames starting on a keyframe, its first frame at time 0. Kept of it: its index (``ftyp`` and
``moov``: ``SegmentIndex``) and its samples (the ``mdat`` payload). The film's header is the first
segment's ``ftyp`` and ``moov`` with, in the sample table (``stbl``), every segment's samples in
order, one chunk per segment, and the durations of the whole; then the header of one ``mdat`` that
holds every segment's samples, in order. The page joins: header, then each segment's samples.

PyAV writes every box but the sample tables, which are joined here (ISO/IEC 14496-12, 8.6-8.7);
nothing here touches a codec.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from .video import VideoError, top_boxes

# The boxes on the way from ``moov`` to the sample table; their children are rewritten.
PATH = (b"trak", b"mdia", b"minf", b"stbl")
# Dropped from the joined index: the segment's own edit list (a film starts at 0 and plays as
# encoded) and its empty metadata.
DROPPED = (b"edts", b"udta")
# The sample tables a segment of ours has (H.264 without B-frames: no composition offsets).
TABLES = {b"stsd", b"stts", b"stss", b"stsc", b"stsz", b"stco", b"co64"}
UINT32 = 2**32
VISUAL_SAMPLE_ENTRY = 78  # the fixed fields of a video sample entry (avc1) before its boxes
# array("I") holds numbers in this machine's order; MP4 is big-endian.
SWAP = sys.byteorder == "little"


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def _full_box(kind: bytes, values: Sequence[int]) -> bytes:
    """A box of version 0 with no flags holding 32-bit numbers (a sample table)."""
    table = array("I", values)
    if SWAP:
        table.byteswap()
    return _box(kind, bytes(4) + table.tobytes())


def _numbers(box: bytes, skip: int) -> array:
    """The 32-bit big-endian numbers of ``box`` after its header, version, flags and ``skip`` bytes."""
    table = array("I", box[12 + skip :])
    if SWAP:
        table.byteswap()
    return table


@dataclass(frozen=True)
class SegmentIndex:
    """What joining needs of one segment's index: its boxes (as PyAV wrote them), its samples' sizes,
    the duration of each (media time units, run-length: (count, delta) pairs) and its keyframes
    (1-based sample numbers)."""

    ftyp: bytes
    moov: bytes
    description: bytes  # the stsd box: the codec and its configuration
    sizes: tuple[int, ...]
    durations: tuple[tuple[int, int], ...]
    keyframes: tuple[int, ...]

    @classmethod
    def read(cls, index: bytes) -> SegmentIndex:
        """A segment's ``ftyp`` and ``moov`` (``split_segment``'s index)."""
        boxes = dict(top_boxes(index))
        if b"ftyp" not in boxes or b"moov" not in boxes:
            raise VideoError("timelapse segment has no index (ftyp and moov)")
        tables = dict(_tables(boxes[b"moov"]))
        unknown = set(tables) - TABLES
        if unknown:
            names = ", ".join(sorted(kind.decode("latin-1") for kind in unknown))
            raise VideoError(f"timelapse segment has sample tables joining does not know ({names})")
        stsz = tables[b"stsz"]
        fixed, count = struct.unpack(">II", stsz[12:20])
        sizes = tuple(_numbers(stsz, 8)) if fixed == 0 else (fixed,) * count
        runs = _numbers(tables[b"stts"], 4)
        durations = tuple(zip(runs[0::2], runs[1::2], strict=True))
        keyframes = (
            tuple(_numbers(tables[b"stss"], 4)) if b"stss" in tables else tuple(range(1, count + 1))
        )
        if len(sizes) != count or sum(n for n, _ in durations) != count:
            raise VideoError("timelapse segment's index does not count its samples alike")
        description = _without_bitrate(tables[b"stsd"])
        return cls(boxes[b"ftyp"], boxes[b"moov"], description, sizes, durations, keyframes)

    @property
    def samples_size(self) -> int:
        return sum(self.sizes)


def _without_bitrate(stsd: bytes) -> bytes:
    """The sample description without its bit rate box (``btrt``, optional): each segment's own
    rate, which is not the film's. What is left (the codec, the picture, ``avcC``) is the same in
    every segment made with the same settings."""
    (count,) = struct.unpack(">I", stsd[12:16])
    if count != 1:
        raise VideoError(f"timelapse segment has {count} sample descriptions, not 1")
    entry = stsd[16:]
    fixed = 8 + VISUAL_SAMPLE_ENTRY
    children = b"".join(box for kind, box in top_boxes(entry[fixed:]) if kind != b"btrt")
    return _box(b"stsd", stsd[8:16] + _box(entry[4:8], entry[8:fixed] + children))


def _tables(moov: bytes):
    """(kind, box) of each box in the sample table of the only track of ``moov``."""
    box = moov
    for kind in PATH:
        found = [child for name, child in top_boxes(box[8:]) if name == kind]
        if len(found) != 1:
            raise VideoError(f"timelapse segment's index has {len(found)} {kind.decode()} boxes")
        box = found[0]
    return top_boxes(box[8:])


def split_segment(data: bytes) -> tuple[bytes, bytes]:
    """A plain MP4's index (``ftyp`` and ``moov``) and its samples (the payload of its one ``mdat``)."""
    boxes = list(top_boxes(data))
    index = b"".join(box for kind, box in boxes if kind in (b"ftyp", b"moov"))
    media = [box for kind, box in boxes if kind == b"mdat"]
    if len(media) != 1:
        raise VideoError(f"timelapse segment has {len(media)} media boxes (mdat), not 1")
    (mdat,) = media
    start = 16 if struct.unpack(">I", mdat[:4])[0] == 1 else 8
    return index, mdat[start:]


def film_header(segments: Sequence[SegmentIndex]) -> bytes:
    """The header of the film of ``segments`` joined in order: ``ftyp``, ``moov``, and the header of
    the ``mdat`` that their samples, in the same order, complete."""
    if not segments:
        raise VideoError("has no segment")
    first = segments[0]
    if any(segment.description != first.description for segment in segments):
        raise VideoError("segments were encoded differently and cannot be joined")
    media = sum(segment.samples_size for segment in segments)
    mdat = struct.pack(">I4s", 8 + media, b"mdat") if 8 + media < UINT32 else b""
    if not mdat:
        mdat = struct.pack(">I4sQ", 1, b"mdat", 16 + media)
    # The chunks' places depend on the header's length, which depends on how they are written: 32
    # bits where the whole film allows it.
    wide = media + len(first.moov) + 16 * len(segments) + 4096 >= UINT32
    moov = _film_moov(segments, 0, wide)
    start = len(first.ftyp) + len(moov) + len(mdat)
    moov = _film_moov(segments, start, wide)
    return first.ftyp + moov + mdat


def _film_moov(segments: Sequence[SegmentIndex], start: int, wide: bool) -> bytes:
    first = segments[0]
    stbl = _sample_table(segments, start, wide)
    ticks = sum(count * delta for segment in segments for count, delta in segment.durations)
    mdhd = _only(first.moov, (b"trak", b"mdia", b"mdhd"))
    media_scale = struct.unpack(">I", mdhd[20:24] if mdhd[8] == 0 else mdhd[28:32])[0]
    mvhd = _only(first.moov, (b"mvhd",))
    movie_scale = struct.unpack(">I", mvhd[20:24] if mvhd[8] == 0 else mvhd[28:32])[0]
    movie_ticks = ticks * movie_scale // media_scale

    def rebuilt(box: bytes, depth: int) -> bytes:
        parts = []
        for kind, child in top_boxes(box[8:]):
            if kind in DROPPED:
                continue
            if depth < len(PATH) and kind == PATH[depth]:
                child = stbl if kind == b"stbl" else rebuilt(child, depth + 1)
            elif kind == b"mvhd":
                child = _with_duration(child, movie_ticks, 24, 32)
            elif kind == b"tkhd":
                child = _with_duration(child, movie_ticks, 28, 36)
            elif kind == b"mdhd":
                child = _with_duration(child, ticks, 24, 32)
            parts.append(child)
        return _box(box[4:8], b"".join(parts))

    return rebuilt(first.moov, 0)


def _only(moov: bytes, path: tuple[bytes, ...]) -> bytes:
    box = moov
    for kind in path:
        box = next(child for name, child in top_boxes(box[8:]) if name == kind)
    return box


def _with_duration(box: bytes, duration: int, at: int, at_wide: int) -> bytes:
    """``box`` (mvhd, tkhd, mdhd) with its duration field set: 32 bits in version 0, 64 in 1."""
    if box[8] == 1:
        return box[:at_wide] + struct.pack(">Q", duration) + box[at_wide + 8 :]
    if duration >= UINT32:
        raise VideoError("the timelapse is too long for its index")
    return box[:at] + struct.pack(">I", duration) + box[at + 4 :]


def _sample_table(segments: Sequence[SegmentIndex], start: int, wide: bool) -> bytes:
    sizes, durations, keyframes, chunks, offsets = [], [], [], [], []
    before, place = 0, start
    for number, segment in enumerate(segments, 1):
        sizes += segment.sizes
        for count, delta in segment.durations:
            if durations and durations[-1][1] == delta:
                durations[-1][0] += count
            else:
                durations.append([count, delta])
        keyframes += (before + n for n in segment.keyframes)
        if not chunks or chunks[-1][1] != len(segment.sizes):
            chunks.append((number, len(segment.sizes), 1))  # one chunk per segment, description 1
        offsets.append(place)
        before += len(segment.sizes)
        place += segment.samples_size
    if wide:
        chunk_places = _box(b"co64", struct.pack(f">II{len(offsets)}Q", 0, len(offsets), *offsets))
    else:
        chunk_places = _full_box(b"stco", [len(offsets), *offsets])
    return _box(b"stbl", b"".join([
        segments[0].description,
        _full_box(b"stts", [len(durations), *(n for run in durations for n in run)]),
        _full_box(b"stss", [len(keyframes), *keyframes]),
        _full_box(b"stsc", [len(chunks), *(n for chunk in chunks for n in chunk)]),
        _full_box(b"stsz", [0, len(sizes), *sizes]),
        chunk_places,
    ]))  # fmt: skip
