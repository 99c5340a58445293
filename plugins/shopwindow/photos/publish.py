"""Public photos into the output: renditions named by the hash of their bytes, under ``photos/``."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from .pipeline import ProcessedPhoto


def publish_photos(
    output_path: str | Path, photos: Iterable[ProcessedPhoto], url: str = "photos/"
) -> list[str]:
    """Copy the renditions into the folder ``url``; return their names below the output folder."""
    folder = Path(output_path, url)
    names = []
    for photo in photos:
        folder.mkdir(parents=True, exist_ok=True)
        for rendition in photo.renditions:
            target = folder / rendition.name
            if not target.exists():  # named by content hash: same name, same bytes
                shutil.copyfile(rendition.path, target)
            names.append(f"{url}{rendition.name}")
    return names
