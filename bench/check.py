"""The privacy scan of `shopwindow check` on the example site's output, against reading every output
byte once (the floor of any scan that reads it all), both measured in this run, from a warm page cache.

Also printed: what the whole check takes (loading the content and gathering what is private, then the
scan), for scale."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import PROJECT, report
from pelican.plugins.shopwindow.check import load, privacy_scan
from pelican.plugins.shopwindow.privacy_scan import read_rest
from pelican.settings import read_settings

ROUNDS = int(os.environ.get("BENCH_CHECK_ROUNDS", "30"))


def read_everything(output: Path) -> int:
    """Every byte once, the fastest plain way: the walk, and each file opened and read whole with
    ``os`` calls (faster than ``open()``'s buffered file; the scan reads as it does)."""
    total = 0
    for folder, _, names in os.walk(output):
        for name in names:
            handle = os.open(os.path.join(folder, name), os.O_RDONLY)
            try:
                total += len(read_rest(handle, os.fstat(handle).st_size))
            finally:
                os.close(handle)
    return total


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def scan_figures(settings_file: Path, output: Path, rounds: int = ROUNDS) -> dict[str, str]:
    """The privacy scan of ``output`` against reading its every byte once, interleaved, warm."""
    settings = read_settings(str(settings_file))
    started = time.perf_counter()
    loaded = load(settings)
    scan = privacy_scan(settings, loaded)
    prepare = time.perf_counter() - started
    problems = scan.scan(output)
    assert problems == [], problems[:5]
    size = read_everything(output)  # warm the page cache
    reads, scans = [], []
    for _ in range(rounds):  # interleaved, so both see the same machine
        reads.append(timed(read_everything, output))
        scans.append(timed(scan.scan, output))
    read, scanned = statistics.median(reads), statistics.median(scans)
    files = sum(1 for p in output.rglob("*") if p.is_file())
    return {
        "output": f"{files:,} files, {size / 1e6:.1f} MB",
        "patterns": f"{scan.patterns:,} private strings ({scan.dropped:,} dropped: public too)",
        "read every byte once": f"{read * 1000:.0f} ms (median of {rounds})",
        "privacy scan": f"{scanned * 1000:.0f} ms (median of {rounds})",
        "ratio scan/read": f"{scanned / read:.2f} (target <= 2)",
        "whole check, for scale": f"{prepare + scanned:.1f} s (reading the content and what is "
        "private, the rules, the scan)",
    }


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-check-"))
    output = folder / "output"
    env = {**os.environ, "COLUMNS": "300"}
    subprocess.run(
        [PROJECT / ".venv" / "bin" / "pelican", PROJECT / "content", "-s", PROJECT / "pelicanconf.py",
         "-o", output, "--fatal", "errors", "-q"],
        check=True, cwd=PROJECT, env=env,
    )  # fmt: skip
    report(
        "shopwindow check: privacy scan of the example site's output",
        scan_figures(PROJECT / "pelicanconf.py", output),
    )
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
