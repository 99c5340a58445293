"""Cache of wrapped content keys, so PBKDF2 runs once per (secret, job, code version, iterations).

A build asks for every lock it will need at once (``prefetch``): the missing ones are derived in
background threads on every core (OpenSSL's PBKDF2 releases the GIL) while the build renders views.

The cache file's name is an HMAC under the secret, so the cache folder names no job. A cached value is
checked by unwrapping nothing: it is only used as the lock's ``wrapped`` bytes, which the browser checks.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from concurrent.futures import Future
from pathlib import Path

from ..atomic import private_folder, write_atomically
from ..parallel import background_threads
from .format import VERSION, JobKeys, wrap_content_key


class KeyCache:
    def __init__(self, folder: Path | str, secret: bytes):
        self.folder = Path(folder) / "keys"
        self.secret = secret
        self.derivations = 0  # PBKDF2 runs in this process, for the build summary and the tests
        self.hits = 0
        self._pending: dict[Path, Future] = {}
        self._pool = None

    def prefetch(self, wanted: Iterable[JobKeys], iterations: int) -> None:
        """Start deriving, in the background, every lock of ``wanted`` the cache does not hold."""
        for keys in wanted:
            path = self._path(keys, iterations)
            if path in self._pending or path.exists():
                continue
            if self._pool is None:
                self._pool = background_threads()
            self._pending[path] = self._pool.submit(wrap_content_key, keys, iterations)

    def close(self) -> None:
        """Wait for what was started and stop the threads."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _path(self, keys: JobKeys, iterations: int) -> Path:
        label = f"wrapped\0v{VERSION}\0{keys.job}\0{keys.code_version}\0{iterations}".encode()
        return self.folder / (
            hmac.new(self.secret, label, hashlib.sha256).hexdigest()[:32] + ".bin"
        )

    def wrapped(self, keys: JobKeys, iterations: int) -> bytes:
        path = self._path(keys, iterations)
        try:
            data = path.read_bytes()
            self.hits += 1
            return data
        except FileNotFoundError:
            pass
        pending = self._pending.pop(path, None)
        data = pending.result() if pending is not None else wrap_content_key(keys, iterations)
        self.derivations += 1
        private_folder(self.folder)
        write_atomically(path, data, mode=0o600)
        return data
