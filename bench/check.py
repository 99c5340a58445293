"""The privacy scan of `shopwindow check` against reading every output byte once (the floor of any scan
that reads it all), both measured in this run, from a warm page cache: on the example site's output, and
on a big shop's (the example plus BENCH_JOBS generated jobs and as many testimonials, 10,000 by default:
bench/corpus.py, with bench/build.py's photos). The big site is built with 1,000 PBKDF2 iterations
(SHOPWINDOW_ALLOW_WEAK_KDF): the iterations change no output byte's size or kind, only how long the
build takes; bench/build.py measures that build at full strength.

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
from corpus import TODAY, make_corpus
from pelican.plugins.shopwindow.check import load, privacy_scan
from pelican.plugins.shopwindow.privacy_scan import read_rest
from pelican.settings import read_settings

ROUNDS = int(os.environ.get("BENCH_CHECK_ROUNDS", "30"))
BIG_ROUNDS = int(os.environ.get("BENCH_CHECK_BIG_ROUNDS", "7"))
JOBS = int(os.environ.get("BENCH_JOBS", "10000"))


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


def scan_figures(
    settings_file: Path, output: Path, rounds: int = ROUNDS, target: str = ""
) -> dict[str, str]:
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
        "ratio scan/read": f"{scanned / read:.2f} {target}".rstrip(),
        "whole check, for scale": f"{prepare + scanned:.1f} s (reading the content and what is "
        "private, the rules, the scan)",
    }


def build(content: Path, settings_file: Path, output: Path, env: dict) -> None:
    subprocess.run(
        [PROJECT / ".venv" / "bin" / "pelican", content, "-s", settings_file, "-o", output,
         "--fatal", "errors", "-q"],
        check=True, cwd=PROJECT, env={**env, "COLUMNS": "300"},
    )  # fmt: skip


def big_shop(folder: Path) -> tuple[Path, Path]:
    """(its settings file, its output): the example plus JOBS generated jobs and testimonials."""
    from build import add_photos  # the same corpus as the build benchmark's

    content = make_corpus(folder, JOBS, JOBS)
    add_photos(content)
    conf = folder / "bigconf.py"
    conf.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(PROJECT)!r})\n"
        "from pelicanconf import *\n"
        f"PATH = {str(content)!r}\n"
        f"CACHE_PATH = {str(folder / 'cache')!r}\n"
        "SHOPWINDOW = {**SHOPWINDOW, 'kdf_iterations': 1000, "
        f"'secret_path': {str(folder / 'secret')!r}, 'cameras': {{}}}}\n"
    )
    build(content, conf, folder / "output", dict(os.environ))
    return conf, folder / "output"


def main() -> None:
    # Both sites are built and checked as of the corpus' day; the weak KDF is for the big one only
    # (bigconf.py asks for it; the example keeps its own iterations).
    os.environ.update(SHOPWINDOW_TODAY=TODAY.isoformat(), SHOPWINDOW_ALLOW_WEAK_KDF="1")
    folder = Path(tempfile.mkdtemp(prefix="bench-check-"))
    build(PROJECT / "content", PROJECT / "pelicanconf.py", folder / "output", dict(os.environ))
    report(
        "shopwindow check: privacy scan of the example site's output",
        # (no target: a millisecond's read, and the scan's fixed costs, the automaton's start, count)
        scan_figures(PROJECT / "pelicanconf.py", folder / "output"),
    )
    conf, output = big_shop(folder / "big")
    report(
        f"shopwindow check: privacy scan of a big shop's output ({JOBS:,} jobs)",
        scan_figures(conf, output, rounds=BIG_ROUNDS, target="(target <= 2)"),
    )
    if os.environ.get("BENCH_KEEP"):
        print(f"  (kept {folder})")
    else:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
