"""Clips made in the test itself with PyAV, with what phones write: a display rotation (portrait), a
location atom, the device, the time; H.264 or HEVC, any size and frame rate, with or without sound."""

from __future__ import annotations

from pathlib import Path

import av
from PIL import Image, ImageDraw

LOCATION = "+47.0245+028.8327/"
RED, BLUE = (220, 20, 20), (20, 40, 200)


def picture(size: tuple[int, int]) -> Image.Image:
    """Blue with a red top-left quarter: where the red ends up tells how the clip was turned."""
    image = Image.new("RGB", size, BLUE)
    ImageDraw.Draw(image).rectangle([0, 0, size[0] // 2, size[1] // 2], fill=RED)
    return image


def make_clip(
    path: Path,
    size: tuple[int, int] = (640, 360),
    rate: int = 30,
    seconds: float = 1.0,
    codec: str = "libx264",
    rotation: int = 0,
    phone_metadata: bool = True,
    sound: bool = True,
) -> Path:
    """Write a clip; ``rotation`` is the display matrix's counter-clockwise turn (90: a phone held
    upright, as its camera stores it sideways)."""
    fmt = "mov" if path.suffix.lower() == ".mov" else "mp4"
    out = av.open(str(path), "w", format=fmt)
    if phone_metadata:
        out.metadata.update({
            "location": LOCATION, "com.apple.quicktime.location.ISO6709": LOCATION,
            "make": "Apple", "model": "iPhone 15", "creation_time": "2026-11-20T09:10:00Z",
        })  # fmt: skip
    video = out.add_stream(codec, rate=rate)
    video.width, video.height, video.pix_fmt = size[0], size[1], "yuv420p"
    if codec == "libx265":
        video.options = {"preset": "ultrafast", "x265-params": "log-level=error"}
    if rotation:
        video.set_display_rotation(rotation)
    audio = out.add_stream("aac", rate=44100) if sound else None
    if audio is not None:
        audio.layout = "mono"
    image = picture(size)
    for index in range(round(rate * seconds)):
        frame = av.VideoFrame.from_image(image)
        frame.pts = index
        for packet in video.encode(frame):
            out.mux(packet)
    for packet in video.encode():
        out.mux(packet)
    if audio is not None:
        write_silence(out, audio, seconds)
    out.close()
    return path


def write_silence(out, audio, seconds: float) -> None:
    size = audio.codec_context.frame_size or 1024
    for start in range(0, round(44100 * seconds), size):
        frame = av.AudioFrame(format="fltp", layout="mono", samples=size)
        frame.sample_rate = 44100
        for plane in frame.planes:
            plane.update(bytes(plane.buffer_size))
        frame.pts = start
        for packet in audio.encode(frame):
            out.mux(packet)
    for packet in audio.encode():
        out.mux(packet)


def sound_only(path: Path, seconds: float = 1.0) -> Path:
    out = av.open(str(path), "w", format="mp4")
    audio = out.add_stream("aac", rate=44100)
    audio.layout = "mono"
    write_silence(out, audio, seconds)
    out.close()
    return path


def clip_bytes(make=make_clip, **options) -> bytes:
    """The bytes of a clip ``make`` writes (``make_clip`` or ``sound_only``), for tests that plant
    files by content."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return make(Path(folder) / "clip.mp4", **options).read_bytes()
