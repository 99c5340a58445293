"""Live mode: the time from a photo landing in a job's folder to that job's sealed view changing on disk,
on a site of 10 jobs and on one of 1,000 (the ratio shows whether the cost grows with the site), and
camera frames ingested per second against the plain Pillow loop of the photo benchmark.

The sites use 1,000 PBKDF2 iterations (SHOPWINDOW_ALLOW_WEAK_KDF) so that building 1,000 jobs' locks
does not dominate the set-up; the live path measured here runs no PBKDF2 at all."""

from __future__ import annotations

import io
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BENCH_SECRET, build_site, report
from pelican.plugins.shopwindow.access.photo_cache import SealedPhotoCache
from pelican.plugins.shopwindow.photos import PhotoSettings
from pelican.plugins.shopwindow.photos.batch import warm_cache, workers
from photos import plain_loop
from PIL import Image

ROUNDS = int(os.environ.get("BENCH_LIVE_ROUNDS", "15"))


def jpeg(seed: int, size=(1600, 1200)) -> bytes:
    noise = Image.effect_noise(size, 40 + seed % 20).convert("RGB")
    out = io.BytesIO()
    noise.save(out, "JPEG", quality=85)
    return out.getvalue()


def site(jobs: int) -> tuple[Path, object]:
    root = Path(tempfile.mkdtemp(prefix=f"bench-live-{jobs}-"))
    files = {
        f"jobs/L-{i:04d}/job.md": (
            f"Title: Job {i}\nPromised: 2026-12-01\nStatus: active\n\n"
            f"## 2026-11-21 08:{i % 60:02d} · received · bay-{i % 7}\nIn.\n\n## 2026-11-21 10:00 · repair\nWorking.\n"
        )
        for i in range(jobs)
    }
    build = build_site(root, files, {"kdf_iterations": 1000})
    return root, build


def latencies(jobs: int) -> list[float]:
    root, build = site(jobs)
    env = {**os.environ, "COLUMNS": "300"}
    log = (root / "watch.log").open("wb")
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "shopwindow"), "--settings", str(build.conf), "watch"],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=root,
        env=env,
    )
    deadline = time.monotonic() + 300
    while b"watching" not in (root / "watch.log").read_bytes():
        assert proc.poll() is None and time.monotonic() < deadline, (root / "watch.log").read_text()
        time.sleep(0.1)
    views = {p.parent.name: p for p in (build.output / "j").glob("*/view.bin")}
    from pelican.plugins.shopwindow.access.format import job_slug
    from pelican.plugins.shopwindow.access.secret import load_secret
    from pelican.settings import read_settings

    secret = load_secret(read_settings(str(build.conf)), create=False)
    random.seed(jobs)
    results = []
    for n in range(ROUNDS):
        job = f"L-{random.randrange(jobs):04d}"
        view = views[job_slug(secret, job)]
        before = view.read_bytes()
        data = jpeg(n)
        start = time.perf_counter()
        (root / "content" / "jobs" / job / f"IMG_{n:04d}.jpg").write_bytes(data)
        while view.read_bytes() == before:
            assert time.perf_counter() - start < 60, "the view never changed"
            time.sleep(0.005)
        results.append(time.perf_counter() - start)
        time.sleep(0.2)
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
    small, large = latencies(10), latencies(1000)

    def p95(values):
        return statistics.quantiles(values, n=20)[-1]

    report(
        f"live: photo landing -> sealed view changed ({ROUNDS} photos each; includes the 0.3 s debounce)",
        {
            "10 jobs": f"median {statistics.median(small) * 1000:.0f} ms, p95 {p95(small) * 1000:.0f} ms",
            "1,000 jobs": f"median {statistics.median(large) * 1000:.0f} ms, p95 {p95(large) * 1000:.0f} ms",
            "ratio 1,000/10": f"median {statistics.median(large) / statistics.median(small):.2f}, "
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
