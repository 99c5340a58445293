"""Pre-compressed ``.gz`` copies of the text files in the output, for hosts that serve them
(``PRECOMPRESS = True``, set in publishconf.py). Deterministic (no time stamp in the gzip header), and
only rewritten when the text changed. ``shopwindow check`` reads what every ``.gz`` decompresses to."""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

from ..files import write_atomically

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".atom", ".svg", ".txt"}


def precompress_output(output: str | Path) -> int:
    written = 0
    for path in Path(output).rglob("*"):
        if path.suffix == ".gz" and Path(path.stem).suffix in TEXT_SUFFIXES:
            if not path.with_name(path.stem).exists():
                path.unlink()  # the copy of a file the build removed
            continue
        if path.suffix in TEXT_SUFFIXES and path.is_file():
            data = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
            written += write_atomically(
                path.with_name(path.name + ".gz"), data, skip_unchanged=True
            )
    return written


def precompress(pelican) -> None:
    """finalized: after every file of the build is written."""
    if pelican.settings.get("PRECOMPRESS"):
        count = precompress_output(pelican.output_path)
        logger.info("shopwindow: %d .gz cop(ies) written", count)
