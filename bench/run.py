"""`make bench`: every benchmark, each printing its figures and its ratio to a baseline from the same run.

`make bench` runs them all; `.venv/bin/python bench/run.py photos` runs one (build, unlock, photos, live, check, video, guest, staff)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

BENCHMARKS = {
    "build": "build",
    "unlock": "access_unlock",
    "photos": "photos",
    "live": "live",
    "check": "check",
    "video": "video",
    "guest": "guest",
    "staff": "staff",
}

if __name__ == "__main__":
    for name in sys.argv[1:] or list(BENCHMARKS):
        importlib.import_module(BENCHMARKS[name]).main()
