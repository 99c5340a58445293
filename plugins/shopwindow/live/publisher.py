"""Publishing from the watcher: the publish command (rsync, a bucket sync) after changes, debounced, in
its own thread, retried on failure. It is handed a snapshot of the output (``snapshots.py``) taken while
nothing wrote it and passed by ``shopwindow check``: never the output itself, never an unchecked byte.

The command names the snapshot as ``{folder}`` (quoted for the shell; also in the environment as
``SHOPWINDOW_PUBLISH_FOLDER``): ``rsync -a --delete {folder}/ shop@host:/var/www/site/``."""

from __future__ import annotations

import logging
import os
import shlex
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..check import run_check
from .publish_command import FOLDER, FOLDER_VARIABLE, check_command
from .snapshots import Snapshots

logger = logging.getLogger(__name__)

PUBLISH_DEBOUNCE = 3.0
RETRY_FIRST = 2.0  # seconds before a failed publish is retried, doubling up to 5 minutes


class Publisher(threading.Thread):
    """Runs the publish command after changes, debounced; retries failures without blocking anyone.

    Before each run it takes a snapshot (``snapshot()``: the watcher takes it between writes) and
    runs ``shopwindow check`` on it: a snapshot that fails is never shipped (the problems are
    reported, and the next change tries again)."""

    def __init__(
        self,
        command: str,
        stop: threading.Event,
        settings: dict,
        snapshot: Callable[[], Path],
        snapshots: Snapshots,
    ):
        super().__init__(daemon=True, name="publish")
        self.command, self.stop_event = check_command(command), stop
        self.settings, self.snapshot, self.snapshots = settings, snapshot, snapshots
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
            try:
                folder = self.snapshot()
            except OSError as error:
                logger.error("not published: no snapshot of the output could be taken (%s)", error)
                self.stop_event.wait(delay)
                self.wanted.set()
                continue
            self.snapshots.use(folder)
            try:
                result = self._publish(folder)
            finally:
                self.snapshots.done(folder)
            if result is None:
                continue
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

    def _publish(self, folder: Path) -> subprocess.CompletedProcess | None:
        """Check the snapshot, then hand it to the command; None when the check refused it."""
        problems = run_check(self.settings, folder)
        if problems:
            logger.error(
                "not published: shopwindow check found %d problem(s):\n  %s",
                len(problems),
                "\n  ".join(problems[:20]),
            )
            return None
        command = self.command.replace(FOLDER, shlex.quote(str(folder)))
        return subprocess.run(
            command,
            shell=True,
            capture_output=True,
            text=True,
            env={**os.environ, FOLDER_VARIABLE: str(folder)},
        )
