"""The public part of the cache holds only what is public now.

Public photos (approved testimonials, published reports) and share images (a testimonial's words and
author drawn as pixels) are kept in the cache as plain files, which is right while they are public:
they are published as they are. Once an item is withdrawn or back to draft they are private again,
and the cache is not private (CI saves it; other workflows of the repository can restore it). So at
the end of every build the entries no public item of this build uses are removed: public photos, the
index of their sources, and share images.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

from .build_state import builds_writing
from .settings import shopwindow_settings

logger = logging.getLogger(__name__)

SHARE_IMAGES = Path("derived") / "share-images"


def prune_public_cache(pelican) -> None:
    """finalized: remove what the cache holds of items that are no longer public."""
    sw = shopwindow_settings(pelican.settings)
    cache = Path(sw.cache_path)
    if not cache.is_dir():
        return  # nothing cached (a site Shopwindow is merely installed beside)
    states = builds_writing(str(Path(pelican.output_path)))
    removed = _prune_photos(pelican.settings, cache, states)
    removed += _prune_folder(cache / SHARE_IMAGES, {k for s in states for k in s.share_images})
    if removed:
        logger.info("shopwindow: %d cache entr(ies) of items no longer public removed", removed)


def _public_photos(states) -> list:
    """The processed photos of this build's public testimonials and reports."""
    photos = []
    for state in states:
        testimonials = state.loaded.get("testimonials", ([], []))[0]
        cases = state.loaded.get("cases", ([], []))[0]
        photos += [t.photo for t in testimonials if t.is_public and t.photo is not None]
        photos += [photo for case in cases if case.is_public for photo in case.photos.values()]
    return photos


def _prune_photos(settings: dict, cache: Path, states) -> int:
    from .photos import PhotoCache, PhotoSettings

    photo_cache = PhotoCache(cache)
    if not photo_cache.folder.is_dir():
        return 0
    photo_settings = PhotoSettings.from_settings(shopwindow_settings(settings))
    photos = _public_photos(states)
    keep = {photo_cache.entry_name(p.source_digest, photo_settings) for p in photos}
    removed = 0
    for group in photo_cache.folder.iterdir():
        if not group.is_dir():
            continue
        for entry in group.iterdir():
            if entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
        if not any(group.iterdir()):
            group.rmdir()
    index = photo_cache.read_index()
    if index:
        try:
            sources = json.loads(index)
        except ValueError:
            sources = {}
        digests = {p.source_digest for p in photos}
        kept = {path: entry for path, entry in sources.items() if entry[-1] in digests}
        if kept != sources:
            photo_cache.write_index(json.dumps(kept, sort_keys=True).encode())
    return removed


def _prune_folder(folder: Path, keep: set[str]) -> int:
    """Remove every entry of a ``DerivedCache`` folder whose key is not in ``keep``."""
    if not folder.is_dir():
        return 0
    removed = 0
    for place, _, names in os.walk(folder):
        for name in names:
            if name not in keep:
                os.unlink(os.path.join(place, name))
                removed += 1
    return removed
