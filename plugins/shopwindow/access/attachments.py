"""Files a private view shows or links, sealed with its job.

- Each local ``<img src>`` goes through the photo pipeline; its renditions are sealed under the job's
  content key with opaque names, and the tag is rewritten so that ``unlock.js`` fetches, decrypts and
  shows them as they scroll into view.
- Each local ``<a href>`` (an invoice PDF, a photo linked instead of shown) is sealed as a download: the
  link carries the sealed name, the file's own name and its type, and ``unlock.js`` decrypts it and
  saves it under that name when the customer taps it. A linked photo goes through the photo pipeline
  first (upright, no metadata, the widest rendition), like every photo the site publishes.

Which files a view may use is ``PrivateDocument.local_file``; nothing else is ever read here.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
from collections.abc import Callable
from pathlib import Path

from ..markup import rewrite_tags, start_tag, tags_in
from ..photos import PHOTO_SUFFIXES, PhotoError, PhotoSettings, ProcessedPhoto, process_photo
from .documents import PrivateDocument
from .format import JobKeys, private_name

PHOTO_FOLDER = "p"
FILE_FOLDER = "f"


def _references(view: str, document: PrivateDocument) -> list[tuple[str, Path]]:
    """(tag, file) of every local file the view shows (img) or links (a) that the document may seal,
    from one parse of the view."""
    found = []
    for tag, attributes in tags_in(view, "img", "a"):
        path = document.local_file(attributes.get("src" if tag == "img" else "href", ""))
        if path is not None:
            found.append((tag, path))
    return found


def local_files(view: str, document: PrivateDocument) -> list[Path]:
    """Every local file a view shows or links, as the document may seal them."""
    return list(dict.fromkeys(path for _, path in _references(view, document)))


def photos_to_process(view: str, document: PrivateDocument) -> list[Path]:
    """The files of a view that go through the photo pipeline: shown images and linked photos."""
    return list(
        dict.fromkeys(
            path
            for tag, path in _references(view, document)
            if tag == "img" or path.suffix.lower() in PHOTO_SUFFIXES
        )
    )


def seal_attachments(
    view: str,
    document: PrivateDocument,
    keys: JobKeys,
    photo_settings: PhotoSettings,
    photo_cache,
    write: Callable[[str, bytes], object],
    report: Callable[[str], None],
) -> str:
    """Return ``view`` with every local image and linked file replaced by its sealed form."""

    def replace(tag: str, attributes: dict, written: str) -> str:
        return (image if tag == "img" else link)(attributes, written)

    def image(attributes: dict, written: str) -> str:
        source = document.local_file(attributes.get("src", ""))
        if source is None:
            return written
        try:
            photo = process_photo(source, photo_settings, photo_cache)
        except PhotoError as error:
            report(f'image "{source.name}" {error}')
            return ""
        return _sealed_image(photo, attributes.get("alt", ""), keys, write)

    def link(attributes: dict, written: str) -> str:
        source = document.local_file(attributes.get("href", ""))
        if source is None:
            return written
        if source.suffix.lower() in PHOTO_SUFFIXES:
            try:
                photo = process_photo(source, photo_settings, photo_cache)
            except PhotoError as error:
                report(f'linked photo "{source.name}" {error}')
                return "<a>"
            data, filename = photo.largest.read_bytes(), f"{source.stem}.jpg"
        else:
            data, filename = source.read_bytes(), source.name
        name = f"{FILE_FOLDER}/{private_name(keys, 'file', hashlib.sha256(data).hexdigest())}"
        write(name, data)
        kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        described = json.dumps([name, filename, kind, len(data)])
        return start_tag("a", {"class": "sealed-file", "href": "#", "data-sw-file": described})

    return rewrite_tags(view, replace, "img", "a")


def _sealed_image(photo: ProcessedPhoto, alt: str, keys: JobKeys, write) -> str:
    renditions = []
    for rendition in photo.renditions:
        name = f"{PHOTO_FOLDER}/{private_name(keys, 'photo', rendition.name)}"
        write(name, rendition.read_bytes())
        renditions.append([name, rendition.width])
    first = photo.renditions[0]
    return start_tag(
        "img",
        {
            "class": "sealed",
            "alt": alt,
            "width": str(first.width),
            "height": str(first.height),
            "data-sw-renditions": json.dumps(renditions),
        },
    )
