"""A job's timelapse: the camera frames kept for it as one film, made of segments sealed one by one.

The kept frames (one every ``camera_keep_every`` minutes, oldest first) are cut, in order, into segments
of ``SEGMENT_FRAMES`` frames. Each segment is encoded on its own with PyAV as a plain MP4: H.264
starting on a keyframe, with no B-frames. Kept of it are its index and its samples (``photos.film``).
The film is a header made from every segment's index (a plain MP4's ``ftyp``, ``moov`` and the start
of its ``mdat``), then every segment's samples, in order: the page joins them into one plain MP4, with
its index first, without re-encoding anything. Every player plays that whole.

A new frame changes only the last segment; the segments before it keep their names, their cache
entries and their sealed samples. The header is made again (four bytes a frame, from indexes held in
memory): the cost of a new frame is that of at most ``SEGMENT_FRAMES`` frames, however long the film.
A segment is cached by its frames (camera name, size and time: a camera never rewrites a frame), the
picture size and the settings.

Every frame is fitted into the film's picture (the first frame's shape, at most ``max_side`` on its
short side), upright by its EXIF orientation, with no metadata written (bit-exact container, no
encoder SEI: ``video.StrippedMuxer``). A frame that cannot be read shows the frame before it and is
named in ``Segment.unreadable``.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import io
import json
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from PIL import Image, ImageOps

from ..settings import ShopwindowSettings
from .film import SegmentIndex, film_header, split_segment
from .video import StrippedMuxer, VideoError, _av, _even

SEGMENT_FRAMES = 24  # frames per segment: what a new frame re-encodes at most
TIMELAPSE_VERSION = 2  # raise when the encoding changes: cached segments are made again
SEGMENT_FILES = ("index.mp4", "samples.bin", "segment.json")  # the last marks the entry whole


@dataclass(frozen=True)
class TimelapseSettings:
    fps: int = 8
    max_side: int = 720
    video_kbps: int = 1500

    @classmethod
    def from_settings(cls, sw: ShopwindowSettings) -> TimelapseSettings:
        return cls(sw.timelapse_fps, sw.video_max_side, sw.video_kbps)

    def fingerprint(self) -> str:
        # with PyAV's version: segments join only if one encoder made them all
        return (f"timelapse v{TIMELAPSE_VERSION};{SEGMENT_FRAMES};{self.fps};{self.max_side};"
                f"{self.video_kbps};av {_encoder_version()}")  # fmt: skip


@functools.cache
def _encoder_version() -> str:
    """PyAV's version, or "none" without the video extra (no segment can be made then)."""
    try:
        return importlib.metadata.version("av")
    except importlib.metadata.PackageNotFoundError:
        return "none"


@dataclass(frozen=True)
class Segment:
    """One segment from the cache: its index (read), its samples (read through the store they came
    from when sealed), and the frames that could not be read."""

    key: str
    index: SegmentIndex
    samples: Path
    unreadable: tuple[str, ...]
    cache: object

    @property
    def samples_size(self) -> int:
        return self.index.samples_size

    def read_samples(self) -> bytes:
        return self.cache.read(self.samples)


def header_of(segments: Sequence[Segment]) -> bytes:
    """The header of the film of ``segments``: the page puts each segment's samples after it."""
    return film_header([segment.index for segment in segments])


@dataclass(frozen=True)
class Timelapse:
    """The film of a job's kept frames (``jobs.cameras.Frame``: path, bay, time, size)."""

    frames: tuple
    settings: TimelapseSettings

    @functools.cached_property
    def picture(self) -> tuple[int, int]:
        """The film's width and height: the first frame's shape, at most ``max_side`` on its short
        side (16:9 when the first frame cannot be read). Read once: warming and sealing both ask."""
        try:
            with Image.open(self.frames[0].path) as image:
                width, height = image.size
                if image.getexif().get(0x0112, 1) in (5, 6, 7, 8):
                    width, height = height, width
        except (OSError, SyntaxError, ValueError):
            width, height = 1280, 720
        scale = min(1.0, self.settings.max_side / min(width, height))
        return _even(width * scale), _even(height * scale)

    def segments(self) -> list[tuple[int, tuple]]:
        """(number, frames) of each segment, in order."""
        return [
            (number, self.frames[start : start + SEGMENT_FRAMES])
            for number, start in enumerate(range(0, len(self.frames), SEGMENT_FRAMES))
        ]

    def segment_key(self, number: int, frames: tuple, picture: tuple[int, int]) -> str:
        identity = "\n".join([f"{number} {picture[0]}x{picture[1]}", *(f.identity for f in frames)])
        return hashlib.sha256(identity.encode()).hexdigest()


# Segments already found in or written to a cache by this process, by cache and key: the live process
# re-seals a job on every new frame and asks for every segment each time (through a new cache object
# each time, so a cache is known by its folder and its key). The oldest are forgotten first.
_known: OrderedDict[tuple, Segment] = OrderedDict()
KNOWN_SEGMENTS = 50_000


def _known_as(cache, key: str) -> tuple:
    return str(cache.folder), getattr(cache, "key", b""), key


def process_segment(
    timelapse: Timelapse, number: int, frames: tuple, picture: tuple[int, int], cache
) -> Segment:
    """One segment through ``cache`` (a photo cache: public or sealed): encoded when it is not there."""
    key = timelapse.segment_key(number, frames, picture)
    known = _known.get(_known_as(cache, key))
    if known is not None and known.samples.is_file():
        return known
    paths = cache.load_files(key, timelapse.settings, SEGMENT_FILES)
    if paths is None:
        index, samples, unreadable = encode_segment(
            [frame.path for frame in frames], picture, timelapse.settings
        )
        paths = cache.store_files(key, timelapse.settings, {
            "index.mp4": index, "samples.bin": samples,
            "segment.json": json.dumps({"unreadable": unreadable}).encode(),
        })  # fmt: skip
    about = json.loads(cache.read(paths["segment.json"]))
    index = SegmentIndex.read(cache.read(paths["index.mp4"]))
    segment = Segment(key, index, paths["samples.bin"], tuple(about["unreadable"]), cache)
    _known[_known_as(cache, key)] = segment
    while len(_known) > KNOWN_SEGMENTS:
        _known.popitem(last=False)
    return segment


def segment_cached(timelapse: Timelapse, number: int, frames, picture, cache) -> bool:
    key = timelapse.segment_key(number, frames, picture)
    return (
        _known_as(cache, key) in _known
        or cache.load_files(key, timelapse.settings, SEGMENT_FILES) is not None
    )


def encode_segment(
    sources: Sequence[Path], picture: tuple[int, int], settings: TimelapseSettings
) -> tuple[bytes, bytes, list[str]]:
    """(index, samples, names of unreadable frames) of the segment of the frames ``sources``: a
    plain MP4, split (``film.split_segment``). Its first frame is at time 0: where it stands in the
    film is the film's header's business."""
    av = _av()

    buffer = io.BytesIO()
    output = av.open(buffer, "w", format="mp4", options={"fflags": "+bitexact"})
    stream = output.add_stream("libx264", rate=settings.fps)
    stream.width, stream.height = picture
    stream.pix_fmt = "yuv420p"
    stream.bit_rate = settings.video_kbps * 1000
    stream.time_base = Fraction(1, settings.fps)
    stream.options = {
        "preset": "veryfast",
        "profile": "high",
        "x264-params": f"keyint={SEGMENT_FRAMES}:min-keyint={SEGMENT_FRAMES}:scenecut=0:bframes=0",
    }
    muxer = StrippedMuxer(output, stream)
    unreadable, previous = [], None
    try:
        for offset, source in enumerate(sources):
            try:
                frame = _picture(source, picture)
            except (OSError, SyntaxError, ValueError):
                unreadable.append(source.name)
                frame = previous or av.VideoFrame.from_image(Image.new("RGB", picture))
            previous = frame
            frame.pts, frame.time_base = offset, Fraction(1, settings.fps)
            muxer.mux(stream.encode(frame))
        muxer.mux(stream.encode())
        muxer.flush()
    except av.FFmpegError as error:
        raise VideoError(f"timelapse could not be encoded ({error})") from None
    finally:
        output.close()
    index, samples = split_segment(buffer.getvalue())
    return index, samples, unreadable


# The last frames made into pictures, by file, size and picture size: the live process re-encodes the
# last segment on every new frame, and its other frames are decoded once.
_pictures: OrderedDict[tuple, object] = OrderedDict()


def _picture(source: Path, picture: tuple[int, int]):
    av = _av()

    stat = source.stat()
    key = (str(source), stat.st_size, stat.st_mtime_ns, picture)
    if key in _pictures:
        _pictures.move_to_end(key)
        return _pictures[key]
    with Image.open(source) as image:
        image.draft(
            "RGB", picture
        )  # a JPEG decodes at the smallest scale still covering the picture
        upright = ImageOps.exif_transpose(image).convert("RGB")
    if _fitted(upright.size, picture) == picture:  # the film's shape: swscale resizes and converts
        frame = av.VideoFrame.from_image(upright).reformat(*picture, format="yuv420p")
    else:  # another shape (another bay's camera): fitted inside, black around
        fitted = ImageOps.pad(upright, picture, Image.Resampling.BILINEAR, color="black")
        frame = av.VideoFrame.from_image(fitted).reformat(format="yuv420p")
    _pictures[key] = frame
    while len(_pictures) > 2 * SEGMENT_FRAMES:
        _pictures.popitem(last=False)
    return frame


def _fitted(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    scale = min(box[0] / size[0], box[1] / size[1])
    return _even(size[0] * scale), _even(size[1] * scale)
