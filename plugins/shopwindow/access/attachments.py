"""Files a private view shows or links, sealed with its job.

- Each local ``<img src>`` goes through the photo pipeline; its renditions are sealed under the job's
  content key with opaque names, and the tag is rewritten so that ``unlock.js`` fetches, decrypts and
  shows them as they scroll into view.
- Each local ``<video src>`` (a clip) goes through the clip transcoder (upright, at most 720p, no
  metadata; cached); the MP4 and its poster's renditions are sealed, and the page shows the poster as
  it scrolls into view and decrypts the clip when the customer taps its play button.
- The ``<video data-timelapse>`` of a job page becomes the job's timelapse (``photos.timelapse``): the
  film's header and every segment's samples are sealed one by one, and the page joins them into one
  plain MP4 when it is played, showing each frame's time as it plays. A segment's sealed name comes
  from its content, so one already in the output at its size is kept without being read or sealed
  again: a new frame seals the last segment and the header (its index of every frame) only.
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
from dataclasses import dataclass
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
from ..photos.timelapse import header_of, process_segment
from .documents import PrivateDocument
from .format import JobKeys, private_name

PHOTO_FOLDER = "p"
FILE_FOLDER = "f"
CLIP_FOLDER = "c"
SOURCE_ATTRIBUTE = {"img": "src", "video": "src", "a": "href"}
# Which camera frames a sealed view shows: on the latest frame's image and on the timelapse film,
# ``bay@time`` each (what the customer sees anyway: the bay and the time), so that ``shopwindow check``
# can prove that no frame is sealed into two jobs.
FRAME_ATTRIBUTE = "data-sw-frame"
FRAMES_ATTRIBUTE = "data-sw-frames"


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


def clips_to_process(view: str, document: PrivateDocument) -> list[Path]:
    """The clips a view plays (``<video src>`` of a local file)."""
    return list(dict.fromkeys(path for tag, path in _references(view, document) if tag == "video"))


@dataclass
class AttachmentSealer:
    """Seals what one private document's view refers to: each local image, clip, timelapse and linked
    file becomes a sealed file (``write(name, data)``) and the tag that refers to it; ``report(problem)``
    hears what was left out and why; ``keep(name, size)`` says whether a sealed file of that name and
    plain size is in place already (a timelapse segment is sealed once)."""

    document: PrivateDocument
    keys: JobKeys
    photo_settings: PhotoSettings
    video_settings: VideoSettings
    photo_cache: object
    write: Callable[[str, bytes], object]
    report: Callable[[str], None]
    keep: Callable[[str, int], bool] = lambda name, size: False

    def seal(self, view: str) -> str:
        """``view`` with every local image, clip and linked file replaced by its sealed form."""
        return rewrite_tags(view, self.replace, *SOURCE_ATTRIBUTE)

    def replace(self, tag: str, attributes: dict, written: str) -> str:
        return {"img": self.image, "video": self.clip, "a": self.link}[tag](attributes, written)

    def image(self, attributes: dict, written: str) -> str:
        source = self.document.local_file(attributes.get("src", ""))
        if source is None:
            return written
        try:
            photo = process_photo(source, self.photo_settings, self.photo_cache)
        except PhotoError as error:
            self.report(f'image "{source.name}" {error}')
            return ""
        kept = {k: v for k, v in attributes.items() if k == FRAME_ATTRIBUTE}  # a camera frame's
        return _sealed_image(photo, attributes.get("alt", ""), self.keys, self.write, kept)

    def clip(self, attributes: dict, written: str) -> str:
        if "data-timelapse" in attributes:
            return self.film(attributes)
        source = self.document.local_file(attributes.get("src", ""))
        if source is None:
            return written
        try:
            processed = process_clip(
                source, self.video_settings, self.photo_settings, self.photo_cache
            )
        except (VideoError, PhotoError) as error:
            self.report(f'clip "{source.name}" {error}; left out')
            return "<video>"
        data = processed.read_bytes()
        name = f"{CLIP_FOLDER}/{private_name(self.keys, 'clip', hashlib.sha256(data).hexdigest())}"
        self.write(name, data)
        described = {name: value for name, value in attributes.items() if name != "src"}
        return start_tag("video", {
            **described, "class": "sealed", "width": str(processed.width),
            "height": str(processed.height), "data-sw-clip": json.dumps([name, len(data)]),
            "data-sw-poster": json.dumps(_sealed_renditions(processed.poster, self.keys, self.write)),
        })  # fmt: skip

    def film(self, attributes: dict) -> str:
        """The job's timelapse: its sealed header and segments, its frames' times and its poster."""
        timelapse = self.document.timelapse
        if timelapse is None:
            return "<video>"
        try:
            header, parts = self.film_parts(timelapse)
            poster = process_photo(timelapse.frames[0].path, self.photo_settings, self.photo_cache)
        except (VideoError, PhotoError) as error:
            self.report(f"the timelapse {error}; left out")
            return "<video>"
        first = timelapse.frames[0].time
        described = {name: value for name, value in attributes.items() if name != "data-timelapse"}
        return start_tag("video", {
            **described, "class": "sealed timelapse", "width": str(timelapse.picture[0]),
            "height": str(timelapse.picture[1]),
            "data-sw-film": json.dumps({"header": header, "parts": parts,
                                        "fps": timelapse.settings.fps}),
            "data-sw-times": json.dumps({
                "start": first.isoformat(timespec="minutes"),
                "minutes": [round((f.time - first).total_seconds() / 60) for f in timelapse.frames],
            }),
            "data-sw-poster": json.dumps(_sealed_renditions(poster, self.keys, self.write)),
            FRAMES_ATTRIBUTE: json.dumps([f.label for f in timelapse.frames]),
        })  # fmt: skip

    def film_parts(self, timelapse) -> tuple[str, list[list]]:
        """The sealed header's name and each segment's samples' [name, size]. A segment's samples
        are sealed once; the header, which indexes them all, is made for the segments there are."""
        segments, parts, unreadable = [], [], []
        for number, frames in timelapse.segments():
            segment = process_segment(
                timelapse, number, frames, timelapse.picture, self.photo_cache
            )
            segments.append(segment)
            name = self.sealed_name(f"{segment.key}/samples")
            if not self.keep(name, segment.samples_size):
                self.write(name, segment.read_samples())
            parts.append([name, segment.samples_size])
            unreadable += segment.unreadable
        for name in unreadable:
            self.report(
                f'camera frame "{name}" cannot be read; the timelapse shows the frame before it'
            )
        header = header_of(segments)
        name = self.sealed_name(f"header/{hashlib.sha256(header).hexdigest()}")
        if not self.keep(name, len(header)):
            self.write(name, header)
        return name, parts

    def sealed_name(self, identity: str) -> str:
        """The sealed name of a part of the film: from what it holds, so an unchanged part keeps it."""
        return f"{CLIP_FOLDER}/{private_name(self.keys, 'film', identity)}"

    def link(self, attributes: dict, written: str) -> str:
        source = self.document.local_file(attributes.get("href", ""))
        if source is None:
            return written
        if source.suffix.lower() in PHOTO_SUFFIXES:
            try:
                photo = process_photo(source, self.photo_settings, self.photo_cache)
            except PhotoError as error:
                self.report(f'linked photo "{source.name}" {error}')
                return "<a>"
            data, filename = photo.largest.read_bytes(), f"{source.stem}.jpg"
        else:
            data, filename = source.read_bytes(), source.name
        name = f"{FILE_FOLDER}/{private_name(self.keys, 'file', hashlib.sha256(data).hexdigest())}"
        self.write(name, data)
        kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        described = json.dumps([name, filename, kind, len(data)])
        return start_tag("a", {"class": "sealed-file", "href": "#", "data-sw-file": described})


def _sealed_renditions(photo: ProcessedPhoto, keys: JobKeys, write) -> list[list]:
    """Seal a photo's renditions; [sealed name, width] of each."""
    renditions = []
    for rendition in photo.renditions:
        name = f"{PHOTO_FOLDER}/{private_name(keys, 'photo', rendition.name)}"
        write(name, rendition.read_bytes())
        renditions.append([name, rendition.width])
    return renditions


def _sealed_image(photo: ProcessedPhoto, alt: str, keys: JobKeys, write, kept=None) -> str:
    renditions = _sealed_renditions(photo, keys, write)
    first = photo.renditions[0]
    return start_tag(
        "img",
        {
            "class": "sealed",
            "alt": alt,
            "width": str(first.width),
            "height": str(first.height),
            "data-sw-renditions": json.dumps(renditions),
            **(kept or {}),
        },
    )
