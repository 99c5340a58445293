"""When a photo was taken, from its EXIF data: the one place that reads EXIF times (job photos, camera
frames)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PIL import Image

DATETIME_ORIGINAL, DATETIME, EXIF_IFD = 0x9003, 0x0132, 0x8769


def exif_time(path: Path, original_only: bool = False) -> dt.datetime | None:
    """EXIF DateTimeOriginal (or, unless ``original_only``, DateTime), or None."""
    try:
        with Image.open(path) as image:
            exif = image.getexif()
            values = [exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL)]
            if not original_only:
                values.append(exif.get(DATETIME))
            for value in values:
                if isinstance(value, str) and value.strip():
                    return dt.datetime.strptime(value.strip()[:19], "%Y:%m:%d %H:%M:%S")
    except Exception:
        return None
    return None


def file_time(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return None
