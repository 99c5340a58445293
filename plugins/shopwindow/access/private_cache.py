"""Derived work on private content (a parsed job), kept between builds
like ``DerivedCache`` but sealed like the cache of private photos: entries are encrypted under the
site secret's cache key with their place as additional data, names are HMACs of the inputs' hash (so
nobody can test whether a known job is in the cache), files 0600 in 0700 folders."""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Callable
from pathlib import Path

from ..atomic import private_folder, write_atomically
from ..derived_cache import DerivedCache
from ..settings import shopwindow_settings
from .format import cache_key, open_sealed, seal
from .secret import load_secret

LABEL = "cache"


class SealedDerivedCache(DerivedCache):
    """``secret`` may be a function that gives it: called when the cache is first used, so a site
    without jobs never needs (or makes) its secret for an empty cache."""

    def __init__(self, cache_path: str | Path, kind: str, secret: bytes | Callable[[], bytes]):
        super().__init__(cache_path, f"private-{kind}")
        self._secret = secret

    @functools.cached_property
    def secret_key(self) -> bytes:
        return cache_key(self._secret() if callable(self._secret) else self._secret)

    def _path(self, key: str) -> Path:
        name = hmac.new(self.secret_key, key.encode(), hashlib.sha256).hexdigest()
        return self.folder / name[:2] / name[2:34]

    def _name(self, path: Path) -> str:
        return path.relative_to(self.folder.parent).as_posix()

    def read(self, path: Path) -> bytes:
        return open_sealed(self.secret_key, LABEL, self._name(path), path.read_bytes())

    def write(self, path: Path, data: bytes) -> None:
        private_folder(path.parent)
        write_atomically(path, seal(self.secret_key, LABEL, self._name(path), data), mode=0o600)


def parsed_jobs(settings: dict) -> SealedDerivedCache:
    """The store of parsed jobs (``jobs.model.load_jobs``' cache)."""
    sw = shopwindow_settings(settings)
    return SealedDerivedCache(sw.cache_path, "jobs", lambda: load_secret(settings))
