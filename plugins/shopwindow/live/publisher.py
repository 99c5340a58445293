"""Publishing from the watcher: the publish command (rsync, a bucket sync) after changes, debounced, in
its own thread, retried on failure, and never on an output that fails ``shopwindow check``."""

from __future__ import annotations

import logging
import subprocess
import threading
import time
from pathlib import Path

from ..check import run_check

logger = logging.getLogger(__name__)

PUBLISH_DEBOUNCE = 3.0
RETRY_FIRST = 2.0  # seconds before a failed publish is retried, doubling up to 5 minutes


class Publisher(threading.Thread):
    """Runs the publish command after changes, debounced; retries failures without blocking anyone.

    Before each run it runs ``shopwindow check`` on the output: an output that fails it is never
    shipped (the problems are reported, and the next change tries again)."""

    def __init__(self, command: str, stop: threading.Event, settings: dict, output: Path):
        super().__init__(daemon=True, name="publish")
        self.command, self.stop_event = command, stop
        self.settings, self.output = settings, output
        self.wanted = threading.Event()
        self.runs = 0

    def request(self) -> None:
        self.wanted.set()

    def run(self) -> None:
        delay = RETRY_FIRST
        while not self.stop_event.is_set():
            if not self.wanted.wait(timeout=0.5):
                continue
            time.sleep(PUBLISH_DEBOUNCE)
            self.wanted.clear()
            problems = run_check(self.settings, self.output)
            if problems:
                logger.error(
                    "not published: shopwindow check found %d problem(s):\n  %s",
                    len(problems),
                    "\n  ".join(problems[:20]),
                )
                continue
            result = subprocess.run(self.command, shell=True, capture_output=True, text=True)
            self.runs += 1
            if result.returncode == 0:
                logger.info("published: %s", self.command)
                delay = RETRY_FIRST
                continue
            logger.error(
                "publish command failed (exit %d): %s; retrying in %.0f s",
                result.returncode,
                (result.stderr or result.stdout).strip()[-300:],
                delay,
            )
            self.stop_event.wait(delay)
            delay = min(delay * 2, 300.0)
            self.wanted.set()
