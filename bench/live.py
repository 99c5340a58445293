"""Live mode: the time from a photo landing in a job's folder to that job's sealed view changing on disk,
on a site of 10 jobs and on one of BENCH_LIVE_JOBS (10,000) jobs whose measured job stands in a bay
whose camera folder holds BENCH_LIVE_FRAMES (100,000) frames; the ratio shows whether the cost grows
with the site. The measured job entered its bay at 08:00 with a camera frame every 5 s since: on the
small site its folder holds just those frames; on the big one, days of frames before them too. Then
camera frames ingested per second against the plain Pillow loop of the photo benchmark.

The sites use 1,000 PBKDF2 iterations (SHOPWINDOW_ALLOW_WEAK_KDF) so that building 10,000 jobs' locks
does not dominate the set-up; the live path measured here runs no PBKDF2 at all."""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import random
import shutil
import signal
import statistics
import tempfile
import time
from pathlib import Path

from common import BENCH_SECRET, build_site, latency, report, watching
from corpus import TODAY, job_text
from pelican.plugins.shopwindow.access.photo_cache import SealedPhotoCache
from pelican.plugins.shopwindow.parallel import workers
from pelican.plugins.shopwindow.photos import PhotoSettings
from pelican.plugins.shopwindow.photos.batch import warm_cache
from photos import plain_loop
from PIL import Image

ROUNDS = int(os.environ.get("BENCH_LIVE_ROUNDS", "20"))
BIG_JOBS = int(os.environ.get("BENCH_LIVE_JOBS", "10000"))
BIG_FRAMES = int(os.environ.get("BENCH_LIVE_FRAMES", "100000"))
ARRIVED = dt.datetime.combine(TODAY, dt.time(8, 0))  # the measured job entered bay-0
NOW = dt.datetime.combine(TODAY, dt.time(10, 0))  # the last frame is 5 s before this


def jpeg(seed: int, size=(1600, 1200)) -> bytes:
    noise = Image.effect_noise(size, 40 + seed % 20).convert("RGB")
    out = io.BytesIO()
    noise.save(out, "JPEG", quality=85)
    return out.getvalue()


def site(jobs: int, frames: int) -> tuple[Path, object]:
    """``jobs`` jobs: L-0000 stands in bay-0 since 08:00, the rest are a shop's usual jobs; bay-0's
    folder holds ``frames`` frames, one every 5 s up to 10:00."""
    import random as generator

    root = Path(tempfile.mkdtemp(prefix=f"bench-live-{jobs}-"))
    camera = root / "bay-0"
    camera.mkdir()
    frame = jpeg(0, (64, 48))
    for n in range(frames):
        when = NOW - dt.timedelta(seconds=5 * (n + 1))
        (camera / f"bay-0_{when:%Y%m%d_%H%M%S}.jpg").write_bytes(frame)
    files = {
        "jobs/L-0000/job.md": (
            f"Title: Live job\nPromised: {TODAY + dt.timedelta(days=2)}\nStatus: active\n\n"
            f"## {ARRIVED:%Y-%m-%d %H:%M} · received · bay-0\nIn the booth.\n"
        )
    }
    rng = generator.Random(jobs)
    for i in range(1, jobs):
        files[f"jobs/G-{i:05d}/job.md"] = job_text(i, rng)
    build = build_site(root, files, {"kdf_iterations": 1000, "cameras": {"bay-0": str(camera)}})
    return root, build


def latencies(jobs: int, frames: int) -> list[float]:
    root, build = site(jobs, frames)
    proc, view, log = watching(root, build, "L-0000")
    random.seed(jobs)
    results = []
    for n in range(ROUNDS):
        photo = root / "content" / "jobs" / "L-0000" / f"IMG_{n:04d}.jpg"
        results.append(latency(view, functools.partial(photo.write_bytes, jpeg(n)), log))
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    shutil.rmtree(root, ignore_errors=True)
    return results


def frames_per_second() -> tuple[float, float, int]:
    folder = Path(tempfile.mkdtemp(prefix="bench-frames-"))
    count = 120
    paths = []
    for i in range(count):
        path = folder / f"bay-1_20261121_{10 + i // 3600:02d}{(i // 60) % 60:02d}{i % 60:02d}.jpg"
        path.write_bytes(jpeg(i, (1920, 1080)))
        paths.append(path)
    cache_folder = Path(tempfile.mkdtemp(prefix="bench-frames-cache-"))
    cache = SealedPhotoCache(cache_folder, BENCH_SECRET)  # camera frames are private
    start = time.perf_counter()
    warm_cache(paths, PhotoSettings(), cache)
    ours = time.perf_counter() - start
    plain = plain_loop(paths)
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(cache_folder, ignore_errors=True)
    return count / ours, count / plain, count


def main() -> None:
    os.environ["SHOPWINDOW_ALLOW_WEAK_KDF"] = "1"  # for these throw-away sites only
    os.environ["SHOPWINDOW_TODAY"] = TODAY.isoformat()
    stay = int((NOW - ARRIVED).total_seconds() // 5)
    small, large = latencies(10, stay), latencies(BIG_JOBS, BIG_FRAMES)

    def p95(values):
        return statistics.quantiles(values, n=20)[-1]

    report(
        f"live: photo landing -> sealed view changed ({ROUNDS} photos each; includes the 0.3 s debounce)",
        {
            f"10 jobs, bay folder {stay:,} frames": f"median {statistics.median(small) * 1000:.0f} ms, "
            f"p95 {p95(small) * 1000:.0f} ms",
            f"{BIG_JOBS:,} jobs, bay folder {BIG_FRAMES:,} frames": f"median "
            f"{statistics.median(large) * 1000:.0f} ms, p95 {p95(large) * 1000:.0f} ms (target <= 1000)",
            "ratio big/small": f"median {statistics.median(large) / statistics.median(small):.2f}, "
            f"p95 {p95(large) / p95(small):.2f} (target <= 1.2)",
        },
    )
    ours, plain, count = frames_per_second()
    report(
        f"camera frames, {count} JPEGs 1920x1080, {workers()} workers",
        {
            "shopwindow ingest": f"{ours:.1f} frames/s",
            "plain Pillow loop": f"{plain:.1f} frames/s",
            "ratio time ours/plain": f"{plain / ours:.3f}",
        },
    )


if __name__ == "__main__":
    main()
