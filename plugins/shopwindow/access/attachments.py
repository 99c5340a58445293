"""Files a private view shows or links, sealed with its job.

- Each local ``<img src>`` goes through the photo pipeline; its renditions are sealed under the job's
  content key with opaque names, and the tag is rewritten so that ``unlock.js`` fetches, decrypts and
  shows them as they scroll into view.
- Each local ``<video src>`` (a clip) goes through the clip transcoder (upright, at most 720p, no
  metadata; cached); the MP4 and its poster's renditions are sealed, and ``unlock.js`` shows the poster
  as it scrolls into view and decrypts the clip when it is played.
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
from ..photos import (
    PHOTO_SUFFIXES,
    PhotoError,
    PhotoSettings,
    ProcessedPhoto,
    VideoError,
    VideoSettings,
    process_clip,
    process_photo,
)
from .documents import PrivateDocument
from .format import JobKeys, private_name

PHOTO_FOLDER = "p"
FILE_FOLDER = "f"
CLIP_FOLDER = "c"
SOURCE_ATTRIBUTE = {"img": "src", "video": "src", "a": "href"}


def _references(view: str, document: PrivateDocument) -> list[tuple[str, Path]]:
    """(tag, file) of every local file the view shows (img) or links (a) that the document may seal,
    from one parse of the view."""
    found = []
    for tag, attributes in tags_in(view, *SOURCE_ATTRIBUTE):
        path = document.local_file(attributes.get(SOURCE_ATTRIBUTE[tag], ""))
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
    video_settings: VideoSettings,
) -> str:
    """Return ``view`` with every local image, clip and linked file replaced by its sealed form."""

    def replace(tag: str, attributes: dict, written: str) -> str:
        return {"img": image, "video": clip, "a": link}[tag](attributes, written)

    def clip(attributes: dict, written: str) -> str:
        source = document.local_file(attributes.get("src", ""))
        if source is None:
            return written
        try:
            processed = process_clip(source, video_settings, photo_settings, photo_cache)
        except (VideoError, PhotoError) as error:
            report(f'clip "{source.name}" {error}; left out')
            return "<video>"
        data = processed.read_bytes()
        name = f"{CLIP_FOLDER}/{private_name(keys, 'clip', hashlib.sha256(data).hexdigest())}"
        write(name, data)
        poster = []
        for rendition in processed.poster.renditions:
            poster_name = f"{PHOTO_FOLDER}/{private_name(keys, 'photo', rendition.name)}"
            write(poster_name, rendition.read_bytes())
            poster.append([poster_name, rendition.width])
        described = {name: value for name, value in attributes.items() if name != "src"}
        return start_tag("video", {
            **described, "class": "sealed", "width": str(processed.width),
            "height": str(processed.height), "data-sw-clip": json.dumps([name, len(data)]),
            "data-sw-poster": json.dumps(poster),
        })  # fmt: skip

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

    return rewrite_tags(view, replace, *SOURCE_ATTRIBUTE)


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
