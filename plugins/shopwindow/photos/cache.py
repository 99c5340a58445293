"""Where processed photos are kept between builds, by the source's content hash and the settings.

``PhotoCache`` keeps public photos (approved testimonials, published reports) as plain files: their
renditions are published as they are, under their content-hash names. Private photos (a job's, a
private page's, a camera's) go to a store that keeps the same entries encrypted
(``access.photo_cache.SealedPhotoCache``). Both answer ``load`` and ``store``, and a rendition reads its
bytes through the store it came from.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..atomic import write_atomically
from .pipeline import PhotoSettings, ProcessedPhoto, Rendition


class PhotoCache:
    subfolder = "photos"

    def __init__(self, cache_dir: Path | str):
        self.folder = Path(cache_dir) / self.subfolder

    # How entries and files are named and kept: a sealed store changes these four.
    def entry_name(self, digest: str, settings: PhotoSettings) -> str:
        return hashlib.sha256(f"{digest};{settings.fingerprint()}".encode()).hexdigest()

    def file_name(self, rendition_name: str) -> str:
        return rendition_name

    def read(self, path: Path) -> bytes:
        return path.read_bytes()

    def write(self, path: Path, data: bytes) -> None:
        write_atomically(path, data)

    # The store.
    def _entry(self, digest: str, settings: PhotoSettings) -> Path:
        name = self.entry_name(digest, settings)
        return self.folder / name[:2] / name

    def load(self, digest: str, settings: PhotoSettings) -> ProcessedPhoto | None:
        """The cached renditions of a source, or None when any of them is missing or unreadable."""
        entry = self._entry(digest, settings)
        try:
            manifest = json.loads(self.read(entry / self.file_name("manifest.json")))
            renditions = tuple(
                Rendition(
                    r["width"], r["height"], r["name"], entry / self.file_name(r["name"]), self
                )
                for r in manifest
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not all(r.path.is_file() for r in renditions):
            return None
        return ProcessedPhoto(digest, renditions)

    def store(
        self, digest: str, settings: PhotoSettings, renditions: list[tuple[int, int, bytes]]
    ) -> ProcessedPhoto:
        entry = self._entry(digest, settings)
        stored = []
        for width, height, data in renditions:
            name = f"{hashlib.sha256(data).hexdigest()[:20]}-{width}.jpg"
            path = entry / self.file_name(name)
            self.write(path, data)
            stored.append(Rendition(width, height, name, path, self))
        manifest = [{"width": r.width, "height": r.height, "name": r.name} for r in stored]
        self.write(entry / self.file_name("manifest.json"), json.dumps(manifest).encode())
        return ProcessedPhoto(digest, tuple(stored))

    # Other derived files of a source (a clip and its poster), under the same naming and sealing.
    def load_files(self, digest: str, settings, names: tuple[str, ...]) -> dict[str, Path] | None:
        """The stored files ``names`` of a source (by its digest and ``settings.fingerprint()``), or
        None when any is missing."""
        entry = self._entry(digest, settings)
        paths = {name: entry / self.file_name(name) for name in names}
        return paths if all(path.is_file() for path in paths.values()) else None

    def store_files(self, digest: str, settings, files: dict[str, bytes]) -> dict[str, Path]:
        entry = self._entry(digest, settings)
        paths = {}
        for name, data in files.items():  # the last one written marks the entry complete
            paths[name] = entry / self.file_name(name)
            self.write(paths[name], data)
        return paths

    def read_index(self) -> bytes | None:
        try:
            return self.read(self.folder / self.file_name("sources.json"))
        except (OSError, ValueError):
            return None

    def write_index(self, data: bytes) -> None:
        self.write(self.folder / self.file_name("sources.json"), data)
