"""The clip transcoder: phone clips made in the test (rotation, a location atom, HEVC, 4K at 60 fps)
come out upright, at most 720p and 30 fps, H.264/AAC with the index first and no metadata, and every
frame decodes; what is no usable clip is refused with its own message."""

from __future__ import annotations

import io

import av
import pytest
from pelican.plugins.shopwindow.photos.video import VideoError, VideoSettings, transcode

from .clips import LOCATION, make_clip, sound_only

# What a clip's bytes may not hold: the location (as written, and the QuickTime atom ©xyz), the
# device, the time it was taken, the muxer's and the encoder's names.
METADATA = [LOCATION.encode(), b"\xa9xyz", b"Apple", b"iPhone", b"2026-11-20", b"Lavf", b"x264"]


def opened(data: bytes):
    container = av.open(io.BytesIO(data))
    frames = list(container.decode(video=0))
    return container, frames


def red_corner(frame) -> str:
    """Which corner of the picture is red (the source's top-left quarter)."""
    image = frame.to_image()
    w, h = image.size
    corners = {
        "top-left": (w // 8, h // 8),
        "top-right": (w - w // 8, h // 8),
        "bottom-left": (w // 8, h - h // 8),
        "bottom-right": (w - w // 8, h - h // 8),
    }
    return next(name for name, xy in corners.items() if image.getpixel(xy)[0] > 150)


def test_a_portrait_phone_clip_comes_out_upright_720p_and_without_metadata(tmp_path):
    source = make_clip(tmp_path / "IMG_0042.MOV", size=(1920, 1080), rotation=90)
    stored = source.read_bytes()
    assert all(needle in stored for needle in (LOCATION.encode(), b"\xa9xyz", b"Apple"))

    clip = transcode(source, VideoSettings())

    assert not [needle for needle in METADATA if needle in clip.data]
    assert clip.data.index(b"moov") < clip.data.index(b"mdat"), "the index comes first"
    container, frames = opened(clip.data)
    assert set(container.metadata) <= {"major_brand", "minor_version", "compatible_brands"}
    assert container.streams.video[0].codec_context.name == "h264"
    assert container.streams.audio[0].codec_context.name == "aac"
    assert len(frames) == 30, "every frame of the source, and each decodes"
    first = frames[0]
    assert (first.width, first.height) == (clip.width, clip.height) == (720, 1280)
    assert first.rotation == 0, "turned in the pixels, not by a display matrix"
    # Displayed turned 90° counter-clockwise, the top-left red quarter is at the bottom left.
    assert red_corner(first) == "bottom-left"
    assert clip.poster.size == (720, 1280)
    assert clip.seconds == pytest.approx(1.0, abs=0.05)


@pytest.mark.slow
def test_a_4k_60_fps_hevc_clip_becomes_720p_30_fps_h264(tmp_path):
    source = make_clip(tmp_path / "bay.mp4", size=(3840, 2160), rate=60, seconds=0.5,
                       codec="libx265", rotation=-90, sound=False)  # fmt: skip
    clip = transcode(source, VideoSettings())
    container, frames = opened(clip.data)
    assert container.streams.video[0].codec_context.name == "h264"
    assert not container.streams.audio
    assert (frames[0].width, frames[0].height) == (720, 1280)
    assert container.streams.video[0].average_rate == 30
    assert len(frames) == 15
    assert red_corner(frames[0]) == "top-right"  # turned clockwise


def test_a_landscape_clip_smaller_than_720p_keeps_its_size(tmp_path):
    clip = transcode(make_clip(tmp_path / "small.mp4", size=(480, 270)), VideoSettings())
    _, frames = opened(clip.data)
    assert (frames[0].width, frames[0].height) == (480, 270)
    assert red_corner(frames[0]) == "top-left"


def test_what_is_no_usable_clip_is_refused_with_its_own_message(tmp_path):
    whole = make_clip(tmp_path / "whole.mp4").read_bytes()
    (tmp_path / "cut.mp4").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "notes.mp4").write_bytes(b"not a video at all\n" * 50)
    (tmp_path / "empty.mp4").write_bytes(b"")
    sound_only(tmp_path / "voice.mp4")
    make_clip(tmp_path / "film.mp4", size=(160, 90), rate=10, seconds=3, sound=False)
    said = {}
    for name in ("cut.mp4", "notes.mp4", "empty.mp4", "voice.mp4", "film.mp4"):
        with pytest.raises(VideoError) as refused:
            transcode(tmp_path / name, VideoSettings(max_seconds=2))
        said[name] = str(refused.value)
    assert said == {
        "cut.mp4": "is cut short or damaged: it has no index (moov); copy it from the phone again",
        "notes.mp4": "is not a video this site reads (MP4 or MOV)",
        "empty.mp4": "is empty (0 bytes)",
        "voice.mp4": "has no picture (sound only)",
        "film.mp4": "is 3 s long; a clip may be 2 s at most (setting video_max_seconds): cut it "
        "to the finding",
    }
