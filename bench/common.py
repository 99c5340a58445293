"""Helpers shared by the benchmarks: building a site in a temporary folder and printing figures."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from tests.sitebuild import CI_SECRET, Server, build_site  # noqa: E402

BENCH_SECRET = bytes.fromhex(CI_SECRET)

__all__ = ["BENCH_SECRET", "PROJECT", "Server", "build_site", "latency", "median", "report",
           "watching"]  # fmt: skip


def median(values: list[float]) -> float:
    return statistics.median(values)


def report(name: str, figures: dict[str, str]) -> None:
    print(f"\n== {name}")
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"  {key:<{width}}  {value}")


def watching(root: Path, build, job_id: str, *args: str):
    """Start ``shopwindow watch`` (with ``args``) on a built site and wait until it watches; (the
    process, the path of ``job_id``'s sealed view, the log's path)."""
    import os
    import subprocess
    import time

    from pelican.plugins.shopwindow.access.format import job_slug
    from pelican.plugins.shopwindow.access.secret import load_secret
    from pelican.settings import read_settings

    log = root / "watch.log"
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "shopwindow"),
            "--settings",
            str(build.conf),
            "watch",
            *args,
        ],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        cwd=root,
        env={**os.environ, "COLUMNS": "300"},
    )
    deadline = time.monotonic() + 600
    while b"watching" not in log.read_bytes():
        assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)
    secret = load_secret(read_settings(str(build.conf)), create=False)
    return proc, build.output / "j" / job_slug(secret, job_id) / "view.bin", log


def latency(view: Path, change, log: Path) -> float:
    """Seconds from ``change()`` to the sealed ``view`` changing on disk (then a pause, so the next
    change is not debounced with this one)."""
    import time

    before = view.read_bytes()
    start = time.perf_counter()
    change()
    while view.read_bytes() == before:
        assert time.perf_counter() - start < 60, log.read_text()[-2000:]
        time.sleep(0.005)
    took = time.perf_counter() - start
    time.sleep(0.3)
    return took
