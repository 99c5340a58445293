"""Files derived from content, kept between builds by a hash of every input that shapes them.

A key is the SHA-256 of the inputs (``DerivedCache.key``), so a changed input is a different entry and
a stale one is never served; entries nobody asks for any more are left for ``make clean``. Only public
data goes here as it is: a store of private data seals its entries (``access.private_cache``).
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from .atomic import write_atomically


class DerivedCache:
    def __init__(self, cache_path: str | Path, kind: str):
        self.folder = Path(cache_path) / "derived" / kind
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(*inputs) -> str:
        text = json.dumps(inputs, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def read(self, path: Path) -> bytes:
        return path.read_bytes()

    def write(self, path: Path, data: bytes) -> None:
        write_atomically(path, data)

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def get(self, key: str) -> bytes | None:
        try:
            data = self.read(self._path(key))
        except (OSError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return data

    def put(self, key: str, data: bytes) -> None:
        self.write(self._path(key), data)


@functools.cache
def code_fingerprint() -> str:
    """The hash of Shopwindow's own code, templates and catalogs: an input of everything it derives, so
    an upgrade never meets an entry an older version made."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".xml", ".po", ".js", ".css"):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()
