"""The job's timelapse: the camera frames kept for a job become one sealed film on its page, with each
frame's time; a new frame re-seals the last segment only. (Played by a tap in three engines:
test_engines.py.)"""

from __future__ import annotations

import datetime as dt
import io
import json
import math

import av
import pytest
from pelican.plugins.shopwindow.markup import tags_in
from pelican.plugins.shopwindow.photos.timelapse import SEGMENT_FRAMES
from pelican.plugins.shopwindow.photos.video import top_boxes
from PIL import Image, ImageStat
from playwright.sync_api import expect

from .sitebuild import build_site, free_port, job_in_browser, open_job

START = dt.datetime(2026, 11, 21, 8, 0)
JOB = (
    "Title: Respray\nCustomer: Ana Rusu\nPromised: 2026-11-24\nStatus: active\n\n"
    "## 2026-11-21 08:00 · received · booth-1\nIn the paint booth.\n"
)


def frame(n: int, size=(640, 360)) -> bytes:
    """Frame ``n``: grey, one step brighter than frame n - 1, so the film's order can be read back."""
    image = Image.new("RGB", size, (20 + 6 * n,) * 3)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def camera_site(tmp_path, count: int, settings=None):
    camera = tmp_path / "cam1"
    camera.mkdir(exist_ok=True)
    for n in range(count):  # one frame every 10 minutes: each is kept (camera_keep_every = 10)
        when = START + dt.timedelta(minutes=10 * n)
        (camera / f"booth-1_{when:%Y%m%d_%H%M%S}.jpg").write_bytes(frame(n))
    return build_site(
        tmp_path,
        {"jobs/T-1/job.md": JOB},
        {"cameras": {"booth-1": str(camera)}, **(settings or {})},
    )


def film_of(view: str) -> dict:
    (attributes,) = [a for _, a in tags_in(view, "video") if "data-sw-film" in a]
    return attributes


def test_the_kept_frames_become_one_sealed_film_with_their_times(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21")
    build = camera_site(tmp_path, 30)
    job = open_job(build, "T-1")
    attributes = film_of(job.view)
    assert len(json.loads(attributes["data-sw-film"])["parts"]) == math.ceil(30 / SEGMENT_FRAMES)
    times = json.loads(attributes["data-sw-times"])
    assert times == {"start": "2026-11-21T08:00", "minutes": [10 * n for n in range(30)]}
    assert "From 21 Nov 08:00 to 21 Nov 12:50" in job.view

    film = job.clips["timelapse"]
    container = av.open(io.BytesIO(film))
    stream = container.streams.video[0]
    assert stream.codec_context.name == "h264" and (stream.width, stream.height) == (640, 360)
    brightness = [
        ImageStat.Stat(f.to_image().convert("L")).mean[0] for f in container.decode(stream)
    ]
    assert len(brightness) == 30, "PyAV decodes every frame of the joined film"
    assert brightness == sorted(brightness) and brightness[-1] - brightness[0] > 150, (
        "in time order"
    )
    # No metadata but what playback needs: the file type, the track's language and handler.
    assert set(container.metadata) <= {"major_brand", "minor_version", "compatible_brands"}
    assert set(stream.metadata) <= {"language", "handler_name"}
    assert b"x264" not in film and b"Lavf" not in film


def boxes_of(data: bytes) -> list[bytes]:
    return [kind for kind, _ in top_boxes(data)]


def test_the_joined_film_is_a_plain_mp4_with_its_index_first_every_player_plays_whole(
    tmp_path, monkeypatch
):
    """Not fragments: one ``moov`` before one ``mdat`` (what Safari's AVFoundation and WebKitGTK's
    GStreamer play from first to last frame), the whole film's duration, and every frame reachable by
    seeking."""
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21")
    count = 2 * SEGMENT_FRAMES + 7
    build = camera_site(tmp_path, count, {"timelapse_fps": 4})
    film = open_job(build, "T-1").clips["timelapse"]
    assert boxes_of(film) == [b"ftyp", b"moov", b"mdat"]
    container = av.open(io.BytesIO(film))
    stream = container.streams.video[0]
    assert stream.frames == count
    assert float(stream.duration * stream.time_base) == count / 4
    assert container.duration / av.time_base == count / 4
    # A seek to any second lands on the frame of that second: frame 4 s * 4 = 16's brightness.
    brightness = [
        ImageStat.Stat(f.to_image().convert("L")).mean[0] for f in container.decode(stream)
    ]
    for second in (1, 7, count // 4 - 1):
        container.seek(int(second / stream.time_base), stream=stream, any_frame=False)
        for picture in container.decode(stream):
            if picture.time >= second:
                break
        assert (
            abs(ImageStat.Stat(picture.to_image().convert("L")).mean[0] - brightness[4 * second])
            < 3
        )


def test_a_new_frame_reseals_the_last_segment_only(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21")
    count = SEGMENT_FRAMES + 5
    build = camera_site(tmp_path, count)
    folder = build.output / "j" / open_job(build, "T-1").slug
    before = json.loads(film_of(open_job(build, "T-1").view)["data-sw-film"])
    first = folder / before["parts"][0][0]
    stamp = first.stat().st_mtime_ns

    build = camera_site(tmp_path, count + 1)  # the same frames and one more
    after = json.loads(film_of(open_job(build, "T-1").view)["data-sw-film"])
    assert after["parts"][0] == before["parts"][0] and first.stat().st_mtime_ns == stamp
    assert after["parts"][1] != before["parts"][1]
    assert not (folder / before["parts"][1][0]).exists(), "the old last segment is removed"
    assert after["header"] != before["header"], "the header indexes the new frame too"
    assert not (folder / before["header"]).exists(), "the old header is removed"
    frames = list(av.open(io.BytesIO(open_job(build, "T-1").clips["timelapse"])).decode(video=0))
    assert len(frames) == count + 1


@pytest.mark.browser
def test_a_live_update_waits_until_the_film_the_customer_watches_has_ended(
    tmp_path, browser, monkeypatch
):
    """Live mode re-seals the view with every frame: swapped in mid-film, it took the playing film away."""
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21")
    port = free_port()
    settings = {"SITEURL": f"http://127.0.0.1:{port}", "timelapse_fps": 4, "live_poll_seconds": 1}
    build = camera_site(tmp_path, 40, settings)  # a film of 10 s
    with job_in_browser(browser, build, "T-1", port) as page:
        film = page.locator("#view video.timelapse")
        play = page.locator("#view .timelapse-film .film-play")
        play.scroll_into_view_if_needed()
        play.click()
        page.wait_for_function(
            "() => document.querySelector('#view video.timelapse').currentTime > 0.5"
        )
        job_md = tmp_path / "content" / "jobs" / "T-1" / "job.md"
        job_md.write_text(job_md.read_text() + "\n## 2026-11-21 15:00 · repair\nPrimer on.\n")
        build_site(tmp_path, settings=settings)
        page.wait_for_timeout(3000)  # three polls: each finds the new view
        assert film.evaluate("v => !!v.src && !v.paused && v.currentTime > 2"), "still playing"
        assert "Primer on." not in page.inner_text("#view")
        page.wait_for_function(
            "() => document.querySelector('#view video.timelapse').ended", timeout=15000
        )
        expect(page.locator("#view")).to_contain_text("Primer on.", timeout=5000)
