"""Full builds from the watcher: Pelican in a subprocess (its signals and caches are per process), its
log read record by record (``pelican_run.py`` writes one JSON line per record), errors reported."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

logger = logging.getLogger(__name__)
OWN_LOGGERS = ("pelican.plugins.shopwindow", "shopwindow")


def full_build(settings_path: str, content: Path, output: Path) -> bool:
    """Build the whole site into ``output``; report every error it logged, and Shopwindow's warnings
    (what staff should correct); True if it built."""
    command = [
        sys.executable,
        "-m",
        "pelican.plugins.shopwindow.live.pelican_run",
        str(content),
        "-s",
        settings_path,
        "-o",
        str(output),
    ]
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
    for line in result.stderr.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("level") in ("ERROR", "CRITICAL"):
            logger.error("%s", record.get("message", ""))
        elif record.get("level") == "WARNING" and record.get("logger", "").startswith(OWN_LOGGERS):
            logger.warning("%s", record.get("message", ""))  # e.g. a job moved out of its bay
    if result.returncode != 0:
        logger.error("site build failed (exit %d)", result.returncode)
        return False
    logger.info("site rebuilt in %.1f s", time.monotonic() - started)
    return True


def clean_leftovers(output: Path) -> None:
    """Temporary files of a run that was killed mid-write: never a published name, removed."""
    if output.is_dir():
        for path in output.rglob(".tmp-*"):
            path.unlink(missing_ok=True)
