"""Video: clips transcoded per second against a plain PyAV loop doing the same transcode, then the live
timelapse's latency at 10 and at BENCH_TIMELAPSE_FRAMES (10,000) kept frames.

Clips: BENCH_CLIPS (8) phone clips, 1080x1920 portrait (stored sideways with a display rotation, as
phones do), 30 fps, 3 s of moving texture with sound. Shopwindow makes each one cold through
``warm_media`` (hash, transcode, poster through the photo pipeline, sealed cache) on every core; the
plain loop opens each clip with PyAV, turns it upright, scales it to 720 px on its short side at the
same frame rate, encodes H.264 (libx264, same preset and bitrate) and AAC into an MP4 with its index
first, on as many processes. Same clips, same run.

Timelapse: a job standing in a bay whose camera frames (one a minute, camera_keep_every 1) are all
kept: 10 frames on one site, 10,000 on the other. ``shopwindow watch`` runs; a new frame lands in the
camera's folder and the time until the job's sealed view changes on disk is measured (it includes
the 0.3 s debounce). BENCH_TIMELAPSE_ROUNDS (24, one segment's worth: every place a new frame can
fall in its segment) frames each, after one not counted.

First frame: on the 10,000-frame site, the job page opened in Chromium from its link, and the time from
the customer's tap on the timelapse's play button to its first frame on screen (fetching, decrypting
and joining every part, then the player's start), against the same film as one plain MP4 file on a
page of its own, played by a tap (the player's start alone). Three taps each, the median."""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import shutil
import signal
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from fractions import Fraction
from pathlib import Path

from common import BENCH_SECRET, PROJECT, Server, build_site, latency, report, watching
from corpus import TODAY
from pelican.plugins.shopwindow.access.photo_cache import SealedPhotoCache
from pelican.plugins.shopwindow.parallel import workers
from pelican.plugins.shopwindow.photos import PhotoSettings, VideoSettings
from pelican.plugins.shopwindow.photos.batch import warm_media
from pelican.plugins.shopwindow.photos.timelapse import SEGMENT_FRAMES
from PIL import Image, ImageChops

from tests.clips import write_silence

CLIPS = int(os.environ.get("BENCH_CLIPS", "8"))
BIG = int(os.environ.get("BENCH_TIMELAPSE_FRAMES", "10000"))
ROUNDS = int(os.environ.get("BENCH_TIMELAPSE_ROUNDS", str(SEGMENT_FRAMES)))
CORPUS = PROJECT / "bench" / "corpus" / "clips"
SETTINGS = VideoSettings()


# ---------------------------------------------------------------------- clips
def make_clips() -> list[Path]:
    import av

    CORPUS.mkdir(parents=True, exist_ok=True)
    paths = [CORPUS / f"IMG_{i:04d}.MOV" for i in range(CLIPS)]
    texture = Image.effect_noise((1920 + 240, 1080), 60).convert("RGB")
    for path in (p for p in paths if not p.exists()):
        seed = int(path.stem[4:])
        out = av.open(str(path), "w", format="mov")
        out.metadata.update({"location": "+47.0245+028.8327/", "make": "Apple"})
        video = out.add_stream("libx264", rate=30)
        video.width, video.height, video.pix_fmt = 1920, 1080, "yuv420p"
        video.bit_rate = 12_000_000
        video.set_display_rotation(90)  # upright on the phone's screen: 1080x1920
        audio = out.add_stream("aac", rate=44100)
        audio.layout = "mono"
        tint = Image.new("RGB", (1920, 1080), ((seed * 37) % 255, (seed * 91) % 255, 90))
        for index in range(90):  # moving texture: the camera pans
            shift = (index * 8 + seed * 13) % 240
            frame = ImageChops.add(texture.crop((shift, 0, shift + 1920, 1080)), tint, scale=1.5)
            picture = av.VideoFrame.from_image(frame)
            picture.pts = index
            for packet in video.encode(picture):
                out.mux(packet)
        for packet in video.encode():
            out.mux(packet)
        write_silence(out, audio, 3)
        out.close()
    return paths


def plain_one(path: str) -> int:
    """What a PyAV script would do for the same result."""
    with tempfile.TemporaryDirectory() as folder:  # the index is moved first: a file, not memory
        return _plain(path, Path(folder) / "clip.mp4")


def _plain(path: str, target: Path) -> int:
    import av

    source = av.open(path)
    output = av.open(str(target), "w", format="mp4", options={"movflags": "+faststart"})
    video_in, audio_in = source.streams.video[0], source.streams.audio[0]
    graph = None
    video_out = output.add_stream("libx264", rate=30)
    audio_out = output.add_stream("aac", rate=48000)
    audio_out.bit_rate, audio_out.layout = SETTINGS.audio_kbps * 1000, "stereo"
    resampler = av.AudioResampler(format="fltp", layout="stereo", rate=48000)
    for packet in source.demux(video_in, audio_in):
        for frame in packet.decode():
            if packet.stream is audio_in:
                for resampled in resampler.resample(frame):
                    resampled.pts = None
                    for out in audio_out.encode(resampled):
                        output.mux(out)
                continue
            if graph is None:
                video_out.width, video_out.height = 720, 1280
                video_out.pix_fmt, video_out.bit_rate = "yuv420p", SETTINGS.video_kbps * 1000
                video_out.options = {"preset": "veryfast", "profile": "high"}
                graph = av.filter.Graph()
                graph.link_nodes(
                    graph.add_buffer(template=video_in), graph.add("transpose", "cclock"),
                    graph.add("fps", str(Fraction(30))), graph.add("scale", "720:1280"),
                    graph.add("format", "yuv420p"), graph.add("buffersink"),
                ).configure()  # fmt: skip
            graph.vpush(frame)
            while True:
                try:
                    upright = graph.vpull()
                except (av.BlockingIOError, av.EOFError):
                    break
                for out in video_out.encode(upright):
                    output.mux(out)
    for out in video_out.encode():
        output.mux(out)
    for out in audio_out.encode():
        output.mux(out)
    output.close()
    return target.stat().st_size


def clips_per_second() -> tuple[float, float]:
    paths = make_clips()
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers()) as pool:
        list(pool.map(plain_one, [str(p) for p in paths], chunksize=1))
    plain = time.perf_counter() - start
    cache_folder = Path(tempfile.mkdtemp(prefix="bench-clips-cache-"))
    cache = SealedPhotoCache(cache_folder, BENCH_SECRET)  # a job's clips are private
    start = time.perf_counter()
    made = warm_media(paths, [], SETTINGS, PhotoSettings(), cache)
    ours = time.perf_counter() - start
    shutil.rmtree(cache_folder, ignore_errors=True)
    assert made == len(paths), f"{made} of {len(paths)} clips were transcoded"
    return len(paths) / ours, len(paths) / plain


# ---------------------------------------------------------------------- timelapse
START = dt.datetime.combine(TODAY, dt.time(8, 0)) - dt.timedelta(minutes=BIG)


def frames(count: int) -> list[bytes]:
    """A few distinct camera pictures (a bay seen at 640x360), used in turn."""
    noise = Image.effect_noise((640, 360), 30).convert("RGB")
    found = []
    for n in range(count):
        tint = Image.new("RGB", (640, 360), (40 + 9 * n, 90, 140 - 5 * n))
        out = io.BytesIO()
        ImageChops.add(noise, tint, scale=1.4).save(out, "JPEG", quality=80)
        found.append(out.getvalue())
    return found


def timelapse_latencies(kept: int) -> list[float]:
    root = Path(tempfile.mkdtemp(prefix=f"bench-timelapse-{kept}-"))
    camera = root / "bay-0"
    camera.mkdir()
    pictures = frames(12)
    first = START + dt.timedelta(minutes=BIG - kept)

    def put(n: int) -> None:
        when = first + dt.timedelta(minutes=n)
        (camera / f"bay-0_{when:%Y%m%d_%H%M%S}.jpg").write_bytes(pictures[n % len(pictures)])

    for n in range(kept):
        put(n)
    job = (
        f"Title: Respray\nPromised: {TODAY + dt.timedelta(days=2)}\nStatus: active\n\n"
        f"## {first:%Y-%m-%d %H:%M} · received · bay-0\nIn the booth.\n"
    )
    build = build_site(root, {"jobs/T-0000/job.md": job}, {
        "kdf_iterations": 1000, "cameras": {"bay-0": str(camera)}, "camera_keep_every": 1,
    })  # fmt: skip
    proc, view, log = watching(root, build, "T-0000")
    results = []
    for n in range(kept, kept + 1 + ROUNDS):
        results.append(latency(view, functools.partial(put, n), log))
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    if kept == BIG:
        global FIRST_FRAME
        FIRST_FRAME = first_frame_after_tap(build)
    shutil.rmtree(root, ignore_errors=True)
    return results[1:]  # the first frame also reads every segment's entry once


FIRST_FRAME: dict[str, float] = {}
# Instrumentation only: when the tap landed and when the first frame was shown.
TIMING = """(([button, video]) => {
  window.__timing = {};
  button.addEventListener("click", () => { __timing.tap = performance.now(); }, { capture: true });
  const shown = () => { __timing.frame = performance.now(); };
  if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(shown);
  else video.addEventListener("playing", shown, { once: true });
  return true;
})"""


def first_frame_after_tap(build) -> dict[str, float]:
    import json
    import subprocess

    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM_ARGS
    from tests.sitebuild import BIN, open_job

    film = open_job(build, "T-0000").clips["timelapse"]
    (build.output / "plain-film.mp4").write_bytes(film)
    (build.output / "plain-film.html").write_text(
        '<!doctype html><meta charset="utf-8"><title>Plain film</title>'
        '<video src="plain-film.mp4" playsinline muted preload="none"></video>'
        '<button type="button" class="film-play">Play</button>'
        '<script src="plain-film.js"></script>'
    )
    (build.output / "plain-film.js").write_text(
        'document.querySelector("button").addEventListener("click", '
        '() => document.querySelector("video").play());'
    )
    command = [BIN / "shopwindow", "--settings", str(build.conf), "job", "link", "T-0000", "--json",
               "--local"]  # fmt: skip
    linked = subprocess.run(command, capture_output=True, text=True, check=True, cwd=build.root)
    link = json.loads(linked.stdout)
    ours, plain = [], []
    with Server(build.output) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for _ in range(3):
            for times, url, button, video in (
                (ours, link["url"].replace("http://127.0.0.1:8000", server.url),
                 "#view .timelapse-film .film-play", "#view video.timelapse"),
                (plain, f"{server.url}/plain-film.html", "button", "video"),
            ):  # fmt: skip
                page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
                page.goto(url)
                page.locator(button).wait_for()
                page.evaluate(f"{TIMING}([document.querySelector('{button}'), "
                              f"document.querySelector('{video}')])")  # fmt: skip
                page.locator(button).click()
                timing = page.evaluate("window.__timing")
                while (
                    "frame" not in timing
                ):  # (wait_for_function evaluates a string: the CSP says no)
                    page.wait_for_timeout(20)
                    timing = page.evaluate("window.__timing")
                times.append((timing["frame"] - timing["tap"]) / 1000)
                page.context.close()
        browser.close()
    return {"ours": statistics.median(ours), "plain": statistics.median(plain), "bytes": len(film)}


def main() -> None:
    ours, plain = clips_per_second()
    report(
        f"clips: {CLIPS} phone clips, 1080x1920 portrait 30 fps 3 s -> 720p H.264/AAC, "
        f"{workers()} workers",
        {
            "shopwindow (warm_media, cold cache)": f"{ours:.2f} clips/s",
            "plain PyAV loop": f"{plain:.2f} clips/s",
            "ratio time ours/plain": f"{plain / ours:.3f} (target <= 1.15)",
        },
    )
    os.environ["SHOPWINDOW_ALLOW_WEAK_KDF"] = "1"  # for these throw-away sites only
    os.environ["SHOPWINDOW_TODAY"] = TODAY.isoformat()
    small, large = timelapse_latencies(10), timelapse_latencies(BIG)

    def p95(values):
        return statistics.quantiles(values, n=20)[-1]

    report(
        f"live timelapse: camera frame landing -> sealed view changed ({ROUNDS} frames each; "
        "includes the 0.3 s debounce)",
        {
            "10 kept frames": f"median {statistics.median(small) * 1000:.0f} ms, "
            f"p95 {p95(small) * 1000:.0f} ms",
            f"{BIG:,} kept frames": f"median {statistics.median(large) * 1000:.0f} ms, "
            f"p95 {p95(large) * 1000:.0f} ms",
            "ratio big/small": f"median {statistics.median(large) / statistics.median(small):.2f}, "
            f"p95 {p95(large) / p95(small):.2f} (target <= 1.2)",
        },
    )
    report(
        f"timelapse of {BIG:,} frames ({FIRST_FRAME['bytes'] / 1e6:.0f} MB): tap -> first frame on "
        "screen in Chromium, median of 3",
        {
            "job page (fetch, decrypt, join every part, play)": f"{FIRST_FRAME['ours']:.2f} s",
            "the same film as a plain file (play)": f"{FIRST_FRAME['plain']:.2f} s",
            "ratio ours/plain": f"{FIRST_FRAME['ours'] / FIRST_FRAME['plain']:.1f}",
        },
    )


if __name__ == "__main__":
    main()
