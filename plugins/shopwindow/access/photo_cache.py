"""The cache of private photos: a job's, a private page's, a camera's renditions, kept between builds.

The same entries as the public ``PhotoCache``, but sealed: every file is encrypted in the access
format's layout under a key derived from the site secret (``format.cache_key``), with its path in the
cache as additional data; entry and file names are HMACs, so the cache names no job, no file and no
photo (nobody can test whether a known photo is in it); files are 0600 in 0700 folders. A copy of the
cache (CI's cache, a backup) holds nothing readable without the site secret.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from ..atomic import private_folder, write_atomically
from ..photos.cache import PhotoCache
from ..photos.pipeline import PhotoSettings
from .format import cache_key, open_sealed, seal

LABEL = "cache"


class SealedPhotoCache(PhotoCache):
    subfolder = "private-photos"

    def __init__(self, cache_dir: Path | str, secret: bytes):
        super().__init__(cache_dir)
        self.key = cache_key(secret)

    def _mac(self, text: str) -> str:
        return hmac.new(self.key, text.encode(), hashlib.sha256).hexdigest()

    def entry_name(self, digest: str, settings: PhotoSettings) -> str:
        return self._mac(f"entry\0{digest};{settings.fingerprint()}")

    def file_name(self, rendition_name: str) -> str:
        return self._mac(f"file\0{rendition_name}")[:32] + ".bin"

    def _name(self, path: Path) -> str:
        return path.relative_to(self.folder).as_posix()

    def read(self, path: Path) -> bytes:
        return open_sealed(self.key, LABEL, self._name(path), path.read_bytes())

    def write(self, path: Path, data: bytes) -> None:
        private_folder(path.parent)
        write_atomically(path, seal(self.key, LABEL, self._name(path), data), mode=0o600)
