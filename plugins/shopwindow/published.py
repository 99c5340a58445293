"""The public files Shopwindow writes, build after build.

Pelican leaves in the output folder whatever an earlier build wrote there. For Shopwindow's items that
is a leak: a testimonial withdrawn, or a report back to draft, would keep its permalink page, its share
image and its photos, and ``rsync --delete`` would keep shipping them. So every public file a
Shopwindow generator writes is recorded (``PublicFiles``), the list is kept per output folder in the
cache, and at the end of each build (``finalized``) the files an earlier build wrote and this one did
not are removed. Only files Shopwindow itself wrote there are ever removed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from pelican.utils import get_relative_path, path_to_url

from .atomic import write_atomically
from .build_state import build_state, builds_writing
from .settings import shopwindow_settings

if TYPE_CHECKING:
    from .photos.pipeline import ProcessedPhoto

logger = logging.getLogger(__name__)

COMPRESSED_SUFFIXES = (".gz", ".br", ".zst")


class PublicFiles:
    """Writes a generator's public files and records them for this build."""

    def __init__(self, generator):
        self.generator = generator
        self.output = Path(generator.output_path)
        self.settings = generator.settings
        state = build_state(generator.context)
        state.output_path = str(self.output)
        self.names = state.public_files

    def page(self, writer, name: str, template, context: dict, **variables) -> None:
        writer.write_file(name, self.generator.framed(template, context), context, **variables)
        self.names.add(name)

    def unannounced_page(
        self, name: str, template, context: dict, relative_urls: bool, **variables
    ) -> None:
        """A page written without Pelican's writer, so no plugin hears of it (``content_written``):
        for a ``noindex`` page (the embed) that a sitemap must not list. Its context is the one
        Pelican's writer would give it."""
        local = {**context, "localsiteurl": context.get("localsiteurl")}
        if relative_urls:
            local["SITEURL"] = local["localsiteurl"] = path_to_url(get_relative_path(name))
        local["output_file"] = name
        local.update(variables)
        html = self.generator.framed(template, context).render(local)
        self.data(name, html.encode("utf-8"))

    def data(self, name: str, data: bytes) -> None:
        write_atomically(self.output / name, data, skip_unchanged=True)
        self.names.add(name)

    def photos(self, photos: Iterable[ProcessedPhoto]) -> None:
        from .photos.publish import publish_photos

        folder = shopwindow_settings(self.settings).photos_url
        self.names.update(publish_photos(self.output, photos, folder))


def _manifest(settings: dict, output: str) -> Path:
    key = hashlib.sha256(os.path.realpath(output).encode()).hexdigest()[:24]
    return Path(shopwindow_settings(settings).cache_path) / "published" / f"{key}.json"


def remove_stale(pelican) -> None:
    """finalized: remove what an earlier build wrote into this output folder and this one did not."""
    output = Path(pelican.output_path)
    current: set[str] = set()
    for state in builds_writing(str(output)):
        current |= state.public_files
    manifest = _manifest(pelican.settings, str(output))
    try:
        previous = set(json.loads(manifest.read_text()))
    except (OSError, ValueError):
        previous = set()
    removed = 0
    for name in sorted(previous - current):
        path = output / name
        if path.is_file():
            path.unlink()
            removed += 1
            for suffix in COMPRESSED_SUFFIXES:  # copies a precompress plugin made of it
                path.with_name(path.name + suffix).unlink(missing_ok=True)
            for folder in path.parents:
                if folder == output or output not in folder.parents or any(folder.iterdir()):
                    break
                folder.rmdir()
    if current:
        write_atomically(
            manifest, json.dumps(sorted(current), indent=0).encode(), skip_unchanged=True
        )
    else:  # nothing of Shopwindow's in this output: nothing kept about it either
        manifest.unlink(missing_ok=True)
    if removed:
        logger.info("shopwindow: %d file(s) of items no longer public removed", removed)
