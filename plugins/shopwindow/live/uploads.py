"""Camera uploads still being written: a frame is taken only once whole (a JPEG ends with its
end-of-image marker), and one that never completes is reported, never published."""

from __future__ import annotations

import logging
from pathlib import Path

from ..jobs.cameras import is_complete

logger = logging.getLogger(__name__)

INCOMPLETE_TIMEOUT = 120.0  # seconds a camera upload may take before it is reported


class Uploads:
    def __init__(self) -> None:
        self.waiting: dict[Path, tuple[float, int]] = {}  # incomplete upload -> (first seen, size)

    def complete(self, path: Path, now: float) -> bool:
        """Whether a frame that arrived is whole; if not, it is watched until it is."""
        if not path.exists():
            return False
        if is_complete(path):
            self.waiting.pop(path, None)
            return True
        self.waiting.setdefault(path, (now, path.stat().st_size))
        return False

    def settled(self, now: float) -> list[Path]:
        """The waiting uploads that are whole now; those that never completed are reported."""
        whole = []
        for path, (first, size) in list(self.waiting.items()):
            if not path.exists():
                self.waiting.pop(path)
            elif is_complete(path):
                self.waiting.pop(path)
                whole.append(path)
            elif now - first > INCOMPLETE_TIMEOUT:
                self.waiting.pop(path)
                logger.error(
                    "%s: still incomplete after %.0f s; not published", path, INCOMPLETE_TIMEOUT
                )
            else:
                current = path.stat().st_size
                if current != size:
                    self.waiting[path] = (first, current)
        return whole
