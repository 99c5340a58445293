"""Helpers shared by the benchmarks: building a site in a temporary folder and printing figures."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from tests.sitebuild import CI_SECRET, Server, build_site  # noqa: E402

BENCH_SECRET = bytes.fromhex(CI_SECRET)

__all__ = ["BENCH_SECRET", "PROJECT", "Server", "build_site", "median", "report"]


def median(values: list[float]) -> float:
    return statistics.median(values)


def report(name: str, figures: dict[str, str]) -> None:
    print(f"\n== {name}")
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"  {key:<{width}}  {value}")
