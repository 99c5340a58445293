"""Images inside a private view: each local ``<img src>`` goes through the photo pipeline, its
renditions are sealed under the job's content key with opaque names, and the tag is rewritten so that
``unlock.js`` fetches, decrypts and shows them as they scroll into view."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..content import images_in, replace_images
from ..photos import PhotoError, PhotoSettings, ProcessedPhoto, process_photo
from .format import JobKeys, private_name

PHOTO_FOLDER = "p"


def local_image(src: str, base: Path, roots: tuple[Path, ...] = ()) -> Path | None:
    """The file an ``<img src>`` names, relative to ``base`` and inside it (or one of ``roots``), or
    None for anything else (a URL, an absolute path, a file elsewhere)."""
    parsed = urlparse(html.unescape(src))
    if parsed.scheme or parsed.netloc or not parsed.path or parsed.path.startswith("/"):
        return None
    candidate = (base / unquote(parsed.path)).resolve()
    if not any(root.resolve() in candidate.parents for root in (base, *roots)):
        return None
    return candidate


def local_images(view: str, base: Path, roots: tuple[Path, ...] = ()) -> list[Path]:
    """Every local image an HTML view names, for processing them all at once."""
    found = []
    for attributes in images_in(view):
        source = local_image(attributes.get("src", ""), base, roots)
        if source is not None and source.is_file():
            found.append(source)
    return found


def seal_images(
    view: str,
    base: Path,
    keys: JobKeys,
    photo_settings: PhotoSettings,
    cache_dir: str,
    write: Callable[[str, bytes], object],
    report: Callable[[str], None],
    roots: tuple[Path, ...] = (),
) -> str:
    """Return ``view`` with every local image replaced by a sealed, lazily decrypted one."""

    def replace(tag: str, attributes: dict) -> str:
        source = local_image(attributes.get("src", ""), base, roots)
        if source is None:
            return tag
        try:
            photo = process_photo(source, photo_settings, cache_dir)
        except PhotoError as error:
            report(f'image "{source.name}" {error}')
            return ""
        return _sealed_tag(photo, html.unescape(attributes.get("alt", "")), keys, write)

    return replace_images(view, replace)


def _sealed_tag(photo: ProcessedPhoto, alt: str, keys: JobKeys, write) -> str:
    renditions = []
    for rendition in photo.renditions:
        name = f"{PHOTO_FOLDER}/{private_name(keys, 'photo', rendition.name)}"
        write(name, rendition.path.read_bytes())
        renditions.append([name, rendition.width])
    first = photo.renditions[0]
    return (
        f'<img class="sealed" alt="{html.escape(alt)}" width="{first.width}" height="{first.height}" '
        f"data-sw-renditions='{html.escape(json.dumps(renditions))}'>"
    )
