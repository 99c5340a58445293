"""Clips for the job page, with the promises photos make: upright, stripped, small enough for a phone.

A phone's MP4 or MOV (H.264 or HEVC, portrait or landscape, any frame rate) becomes an H.264/AAC MP4:

- turned upright: the display matrix (how a phone records portrait) is applied to the pixels and not
  written again;
- at most ``max_side`` pixels on its short side (720p), ``max_fps`` frames a second, ``video_kbps`` and
  ``audio_kbps`` for a phone on mobile data;
- with the index (``moov``) before the media, so it plays while it loads;
- with no metadata but what playback needs: no location, device, creation time, title or encoder
  name (the container is written bit-exact, and the encoder's own version message, an SEI unit of the
  H.264 stream, is removed);
- refused, with a message, when it is no video, cut short, or longer than ``max_seconds``.

The first frame, upright, is returned as the poster (a PIL image, for the photo pipeline). Everything
here is PyAV (FFmpeg with libx264 in its wheels): no code of ours touches a codec.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from PIL import Image

from ..errors import ShopwindowError
from ..extras import MissingExtraError, need
from ..settings import ShopwindowSettings
from .pipeline import process_photo_data

# PyAV (with FFmpeg) takes a third of a second to import: it is imported where a clip is read, so a
# build or a command without clips never pays for it.
VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v", ".3gp")
CLIP_VERSION = 1  # raise when the transcode changes: cached clips are made again
CLIP_FILES = (
    "clip.mp4",
    "poster.jpg",
    "clip.json",
)  # a clip's cache entry; the last marks it whole


# What a published MP4 may carry: its type, and each track's language and handler (playback needs
# them); anything else (a location, a device, a date, an encoder's name) is metadata to drop.
PLAYBACK_TAGS = {"major_brand", "minor_version", "compatible_brands", "language", "handler_name",
                 "vendor_id"}  # fmt: skip
LOCATION_MARKERS = (b"\xa9xyz", b"ISO6709", b"com.apple.quicktime.location", b"loci")


def _av():
    """PyAV, or VideoError saying which extra brings it (the caller names the clip)."""
    try:
        return need("av")
    except MissingExtraError as error:
        raise VideoError(f"cannot be transcoded: {error}") from None


class VideoError(ShopwindowError):
    """A clip that cannot be used; the message says why (the caller names the file)."""


@dataclass(frozen=True)
class VideoSettings:
    max_side: int = 720
    max_fps: int = 30
    video_kbps: int = 1500
    audio_kbps: int = 96
    max_seconds: int = 60

    @classmethod
    def from_settings(cls, sw: ShopwindowSettings) -> VideoSettings:
        return cls(sw.video_max_side, sw.video_max_fps, sw.video_kbps,
                   sw.video_audio_kbps, sw.video_max_seconds)  # fmt: skip

    def fingerprint(self) -> str:
        return (f"clip v{CLIP_VERSION};{self.max_side};{self.max_fps};{self.video_kbps};"
                f"{self.audio_kbps};{self.max_seconds}")  # fmt: skip


@dataclass(frozen=True)
class Clip:
    data: bytes  # the MP4
    width: int
    height: int
    seconds: float
    poster: Image.Image  # the first frame, upright


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)


def _rotation_filters(rotation: float) -> list[tuple[str, str | None]]:
    """The filters that turn stored pixels upright: the display matrix turns them ``rotation``
    degrees counter-clockwise for display, so the pixels are turned so."""
    turn = round(rotation / 90) % 4
    return {
        0: [],
        1: [("transpose", "cclock")],
        2: [("hflip", None), ("vflip", None)],
        3: [("transpose", "clock")],
    }[turn]


def _duration(container, stream) -> float | None:
    av = _av()

    if stream.duration is not None and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / av.time_base
    return None


CUT_SHORT = "is cut short or damaged: it has no index (moov); copy it from the phone again"
# The boxes an MP4 or MOV starts with: a file that does and cannot be opened was cut short.
MP4_FIRST_BOXES = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")


def check_clip(source: Path, settings: VideoSettings) -> float:
    """Whether ``source`` can be a clip, without transcoding it: it opens, has a picture and is not too
    long. Its length in seconds, or VideoError."""
    with _opened(source) as container:
        return _checked_length(container, settings)


def _opened(source: Path):
    """The clip opened with PyAV, or VideoError saying why not (the caller names the file)."""
    av = _av()

    try:
        with open(source, "rb") as handle:
            head = handle.read(12)
    except OSError as error:
        raise VideoError(f"cannot be read ({error.strerror})") from None
    if not head:
        raise VideoError("is empty (0 bytes)")
    if head[4:8] in MP4_FIRST_BOXES and not _has_index(source):
        raise VideoError(CUT_SHORT)  # FFmpeg may still read its start as some other format
    try:
        return av.open(str(source), metadata_errors="ignore")
    except (av.FFmpegError, OSError, UnicodeDecodeError):
        if head[4:8] in MP4_FIRST_BOXES:
            raise VideoError(CUT_SHORT) from None
        raise VideoError("is not a video this site reads (MP4 or MOV)") from None


def _has_index(source: Path) -> bool:
    """Whether an MP4 or MOV has its index (``moov``) whole at its top level: box headers only are
    read, from one to the next."""
    size = source.stat().st_size
    with open(source, "rb") as handle:
        at = 0
        while at + 8 <= size:
            handle.seek(at)
            length, kind = struct.unpack(">I4s", handle.read(8))
            if length == 1:
                length = struct.unpack(">Q", handle.read(8))[0]
            elif length == 0:
                length = size - at
            if length < 8 or at + length > size:
                return False
            if kind == b"moov":
                return True
            at += length
    return False


def _checked_length(container, settings: VideoSettings) -> float:
    if not container.streams:
        raise VideoError(CUT_SHORT)
    if not container.streams.video:
        raise VideoError("has no picture (sound only)")
    seconds = _duration(container, container.streams.video[0])
    if seconds is not None and seconds > settings.max_seconds:
        raise VideoError(
            f"is {seconds:.0f} s long; a clip may be {settings.max_seconds} s at most "
            "(setting video_max_seconds): cut it to the finding"
        )
    return seconds or 0.0


def transcode(source: Path, settings: VideoSettings) -> Clip:
    """``source`` as the job page plays it; VideoError when it cannot be."""
    with _opened(source) as container:
        seconds = _checked_length(container, settings)
        video_in = container.streams.video[0]
        audio_in = container.streams.audio[0] if container.streams.audio else None
        folder = tempfile.mkdtemp(prefix="shopwindow-clip-")
        target = Path(folder) / "clip.mp4"
        try:
            poster, size, frames = _write(container, video_in, audio_in, target, settings)
            if frames == 0:
                raise VideoError("has no picture that can be decoded (cut short?)")
            data = target.read_bytes()
        finally:
            target.unlink(missing_ok=True)
            os.rmdir(folder)
    return Clip(data, size[0], size[1], seconds, poster)


def _write(container, video_in, audio_in, target: Path, settings: VideoSettings):
    av = _av()

    output = av.open(str(target), "w", format="mp4",
                     options={"movflags": "+faststart", "fflags": "+bitexact"})  # fmt: skip
    graph = video_out = None
    poster = None
    frames = 0
    size = (0, 0)
    rate = video_in.average_rate or video_in.guessed_rate or Fraction(30)
    rate = min(Fraction(rate), Fraction(settings.max_fps))
    audio_out = resampler = None
    if audio_in is not None:
        audio_out = output.add_stream("aac", rate=48000)
        audio_out.bit_rate = settings.audio_kbps * 1000
        audio_out.layout = "stereo"
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=48000)
    video_mux = None

    streams = [s for s in (video_in, audio_in) if s is not None]
    try:
        for packet in container.demux(*streams):
            try:
                decoded = packet.decode()
            except av.FFmpegError:
                continue  # a damaged packet: the frames around it still play
            for frame in decoded:
                if packet.stream is audio_in:
                    for resampled in resampler.resample(frame):
                        resampled.pts = None
                        for out in audio_out.encode(resampled):
                            output.mux(out)
                    continue
                if graph is None:
                    graph, size = _graph(frame, video_in, rate, settings)
                    video_out = output.add_stream("libx264", rate=rate)
                    video_out.width, video_out.height = size
                    video_out.pix_fmt = "yuv420p"
                    video_out.bit_rate = settings.video_kbps * 1000
                    video_out.options = {"preset": "veryfast", "profile": "high"}
                    video_mux = StrippedMuxer(output, video_out)
                graph.vpush(frame)
                for upright in _pulled(graph):
                    if poster is None:
                        poster = upright.to_image()
                    frames += 1
                    video_mux.mux(video_out.encode(upright))
        if graph is not None:
            graph.vpush(None)
            for upright in _pulled(graph):
                frames += 1
                video_mux.mux(video_out.encode(upright))
            video_mux.mux(video_out.encode())
            video_mux.flush()
        if audio_out is not None:
            for out in audio_out.encode():
                output.mux(out)
    except av.FFmpegError as error:
        raise VideoError(f"could not be transcoded ({error})") from None
    finally:
        output.close()
    return poster, size, frames


class StrippedMuxer:
    """Muxes an H.264 stream's packets without the encoder's version message (libx264 writes its name,
    version and options into the first frame as an SEI unit, type 6): no clip names its maker."""

    def __init__(self, output, stream):
        self.output, self.stream, self.filter = output, stream, None

    def mux(self, packets) -> None:
        av = _av()

        for packet in packets:
            if self.filter is None:  # made once the encoder has its parameters
                self.filter = av.BitStreamFilterContext("filter_units=remove_types=6", self.stream)
            self._put(self.filter.filter(packet))

    def flush(self) -> None:
        if self.filter is not None:
            self._put(self.filter.filter(None))

    def _put(self, packets) -> None:
        for packet in packets:
            packet.stream = self.stream
            self.output.mux(packet)


def _graph(first, stream, rate: Fraction, settings: VideoSettings):
    """The filter graph: upright, at most ``max_side`` on the short side, ``rate`` fps, yuv420p."""
    av = _av()

    turns = _rotation_filters(first.rotation or 0)
    width, height = first.width, first.height
    if len(turns) == 1:  # a quarter turn swaps the sides
        width, height = height, width
    scale = min(1.0, settings.max_side / min(width, height))
    size = (_even(width * scale), _even(height * scale))
    graph = av.filter.Graph()
    nodes = [graph.add_buffer(template=stream)]
    for name, argument in turns:
        nodes.append(graph.add(name, argument) if argument else graph.add(name))
    nodes.append(graph.add("fps", str(rate)))
    nodes.append(graph.add("scale", f"{size[0]}:{size[1]}"))
    nodes.append(graph.add("format", "yuv420p"))
    nodes.append(graph.add("buffersink"))
    graph.link_nodes(*nodes).configure()
    return graph, size


def _pulled(graph):
    av = _av()

    while True:
        try:
            yield graph.vpull()
        except (av.BlockingIOError, av.EOFError):
            return


def top_boxes(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(type, whole box) of each box at an MP4's top level, in order; a box that runs past the end is
    returned cut short, and the walk stops there."""
    at = 0
    while at + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        if size == 1 and at + 16 <= len(data):  # a 64-bit size follows the type
            size = struct.unpack(">Q", data[at + 8 : at + 16])[0]
        elif size == 0:  # to the end of the file
            size = len(data) - at
        if size < 8:
            return
        yield kind, data[at : at + size]
        at += size


def metadata_in(data: bytes) -> list[str]:
    """What an MP4 carries beyond what playback needs: a location, any other tag, the encoder's
    name; [] for a clean one. Not a video at all: said so."""
    av = _av()

    found = []
    header = b"".join(box for kind, box in top_boxes(data) if kind not in (b"mdat", b"free"))
    if any(marker in header for marker in LOCATION_MARKERS):
        found.append("a location")
    try:
        with av.open(io.BytesIO(data), metadata_errors="ignore") as container:
            tags = set(container.metadata)
            for stream in container.streams:
                tags |= set(stream.metadata)
    except (av.FFmpegError, OSError, ValueError) as error:
        return [f"no video that can be read ({error})"]
    extra = sorted(tags - PLAYBACK_TAGS)
    if extra:
        found.append(f"metadata ({', '.join(extra)})")
    if b"x264 - core" in data or b"x265 (build" in data:
        found.append("the encoder's name and settings")
    return found


@dataclass(frozen=True)
class ProcessedClip:
    """A clip as the page plays it, from the cache: the MP4 (read through the store it came from), its
    size and length, and its poster's renditions (the photo pipeline's)."""

    path: Path
    cache: object
    width: int
    height: int
    seconds: float
    poster: object  # ProcessedPhoto
    source_digest: str = ""  # the source's SHA-256, what the cache keeps it by

    def read_bytes(self) -> bytes:
        return self.cache.read(self.path)


def process_clip(source: Path, settings: VideoSettings, photo_settings, cache) -> ProcessedClip:
    """``transcode`` through ``cache`` (a photo cache: public or sealed): by the source's content hash
    and the settings, so an unchanged clip is transcoded once. VideoError as ``transcode``."""
    try:
        with open(source, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as error:
        raise VideoError(f"cannot be read ({error.strerror})") from None
    paths = cache.load_files(digest, settings, CLIP_FILES)
    if paths is None:
        clip = transcode(source, settings)
        poster = io.BytesIO()
        clip.poster.save(poster, "JPEG", quality=90)
        about = {"width": clip.width, "height": clip.height, "seconds": clip.seconds}
        paths = cache.store_files(digest, settings, {
            "clip.mp4": clip.data, "poster.jpg": poster.getvalue(),
            "clip.json": json.dumps(about).encode(),
        })  # fmt: skip
    about = json.loads(cache.read(paths["clip.json"]))
    poster, _ = process_photo_data(cache.read(paths["poster.jpg"]), photo_settings, cache)
    return ProcessedClip(paths["clip.mp4"], cache, about["width"], about["height"],
                         about["seconds"], poster, digest)  # fmt: skip


def clip_cached(digest: str, settings: VideoSettings, cache) -> bool:
    return cache.load_files(digest, settings, CLIP_FILES) is not None
