"""The one place where private bytes leave for the output folder: sealed, written whole, then renamed.

Every file goes under ``<output>/j/<slug>/``. A file is written to a temporary name and renamed into place,
so a visitor never fetches half a file; an unchanged file is not rewritten (its sealed bytes are the same,
build after build). Files under ``j/`` that a build did not write are removed at the end of it.
"""

from __future__ import annotations

from pathlib import Path

from ..files import write_atomically
from .format import JobKeys, seal

PRIVATE_ROOT = "j"


class PrivateOutput:
    def __init__(self, output_path: str | Path):
        self.root = Path(output_path) / PRIVATE_ROOT
        self.written: set[Path] = set()
        self.changed = 0

    def job_dir(self, keys: JobKeys) -> Path:
        return self.root / keys.slug

    def seal_and_write(self, keys: JobKeys, name: str, plaintext: bytes) -> Path:
        """Encrypt ``plaintext`` as the job's file ``name`` and write it to ``j/<slug>/<name>``."""
        path = self.job_dir(keys) / name
        self.changed += write_atomically(
            path, seal(keys.content_key, keys.slug, name, plaintext), skip_unchanged=True
        )
        self.written.add(path)
        return path

    def keep(self, path: Path) -> None:
        """A public file under ``j/`` (a shell page) written by Pelican's writer."""
        self.written.add(Path(path))

    def prune(self) -> list[Path]:
        """Remove every file under ``j/`` this build did not write, and the folders left empty."""
        removed = []
        if not self.root.is_dir():
            return removed
        for path in sorted(self.root.rglob("*"), reverse=True):
            if path.is_file() and path not in self.written:
                path.unlink()
                removed.append(path)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        return removed
