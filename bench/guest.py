"""A guest's cost: the 150-article blog of the tests (a public SITEURL, no Shopwindow content) built with
Shopwindow loaded (PLUGINS = ["shopwindow"]) against the same build without it (PLUGINS = []), each a
fresh ``pelican`` process (so the plugin's import counts), alternating, five of each. Target: <= 1.05."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from common import PROJECT, median, report

from tests.test_beside_pelican import ARTICLES, blog

RUNS = 5
PELICAN = PROJECT / ".venv" / "bin" / "pelican"


def timed_build(site: Path, plugins: str) -> float:
    output = site / "output"
    shutil.rmtree(output, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [PELICAN, site / "content", "-s", site / "pelicanconf.py", "-o", output, "-q",
         "-e", f"PLUGINS={plugins}", "--fatal", "warnings"],
        check=True, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-guest-") as folder:
        site = blog(Path(folder) / "blog")
        timed_build(site, "[]")  # warm the disk cache and the bytecode
        without, with_it = [], []
        for _ in range(RUNS):
            without.append(timed_build(site, "[]"))
            with_it.append(timed_build(site, '["shopwindow"]'))
    ratio = median(with_it) / median(without)
    report(
        f"guest: a {ARTICLES}-article blog without Shopwindow content",
        {
            "Pelican alone (PLUGINS = [])": f"{median(without):.2f} s (median of {RUNS})",
            "with Shopwindow loaded": f"{median(with_it):.2f} s (median of {RUNS})",
            "ratio (target <= 1.05)": f"{ratio:.3f}",
        },
    )


if __name__ == "__main__":
    main()
