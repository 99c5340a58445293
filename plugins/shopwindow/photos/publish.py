"""Public photos into the output: renditions named by the hash of their bytes, under ``photos/``."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from .pipeline import ProcessedPhoto

PUBLIC_FOLDER = "photos"


def publish_photos(output_path: str | Path, photos: Iterable[ProcessedPhoto]) -> list[str]:
    """Copy the renditions into ``photos/``; return their names below the output folder."""
    folder = Path(output_path, PUBLIC_FOLDER)
    names = []
    for photo in photos:
        folder.mkdir(parents=True, exist_ok=True)
        for rendition in photo.renditions:
            target = folder / rendition.name
            if not target.exists():  # named by content hash: same name, same bytes
                shutil.copyfile(rendition.path, target)
            names.append(f"{PUBLIC_FOLDER}/{rendition.name}")
    return names
