"""`make bench`: every benchmark, each printing its figures and its ratio to a baseline from the same run."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import access_unlock
import photos

BENCHMARKS = {"unlock": access_unlock.main, "photos": photos.main}

if __name__ == "__main__":
    chosen = sys.argv[1:] or list(BENCHMARKS)
    for name in chosen:
        BENCHMARKS[name]()
