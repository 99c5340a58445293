"""The one place where private output is written: under ``<output>/j/``, whole, then renamed.

- Sealed files (views, photos, downloads) are encrypted here and written to ``j/<slug>/<name>``; an
  unchanged file is not rewritten (its sealed bytes are the same, build after build).
- Public pages under ``j/`` (the shells with their locks, the expired notices) are rendered by the
  caller and written here too, never through Pelican's writer: Pelican announces every file its writer
  writes to every plugin (``content_written``), and a sitemap or SEO plugin would list the address.
The private folder is ``j/`` unless the settings say otherwise (``jobs_url``).

- Every folder of private output gets an empty, ``noindex`` ``index.html`` where it has none, so a host
  that lists folders lists nothing.
- Files under ``j/`` that a build did not write are removed at the end of it (``prune``).
"""

from __future__ import annotations

from pathlib import Path

from ..atomic import write_atomically
from .format import MAGIC, NONCE_BYTES, TAG_BYTES, JobKeys, seal

INDEX = "index.html"


class PrivateOutput:
    def __init__(self, output_path: str | Path, blank_page: bytes, root: str = "j"):
        self.root = Path(output_path) / root
        self.blank_page = blank_page
        self.written: set[Path] = set()
        self.changed = 0

    def job_dir(self, keys: JobKeys) -> Path:
        return self.root / keys.slug

    def seal_and_write(self, keys: JobKeys, name: str, plaintext: bytes) -> Path:
        """Encrypt ``plaintext`` as the job's file ``name`` and write it to ``j/<slug>/<name>``."""
        path = self.job_dir(keys) / name
        self._write(path, seal(keys.content_key, keys.slug, name, plaintext))
        return path

    def sealed_in_place(self, keys: JobKeys, name: str, size: int) -> Path | None:
        """The job's sealed file ``name`` when it is on disk at the sealed length of ``size`` plain
        bytes (kept as if written now); else None. Only for names derived from their content (a
        timelapse segment's): such a file is that content, and need not be read to be kept."""
        path = self.job_dir(keys) / name
        try:
            if path.stat().st_size != len(MAGIC) + NONCE_BYTES + size + TAG_BYTES:
                return None
        except OSError:
            return None
        self.written.add(path)
        return path

    def write_page(self, name: str, html: str) -> Path:
        """A public page under the output folder (``name`` starts with ``j/``)."""
        path = self.root.parent / name
        self._write(path, html.encode("utf-8"))
        return path

    def _write(self, path: Path, data: bytes) -> None:
        self.changed += write_atomically(path, data, skip_unchanged=True)
        self.written.add(path)

    def cover_folders(self, whole_build: bool) -> None:
        """An empty ``noindex`` page in every folder this run wrote into, where it wrote no page. In a
        whole build that is every folder; re-sealing one job keeps the pages a build wrote."""
        folders = {self.root}
        for parent in {path.parent for path in self.written}:  # a few folders hold every file
            folders.update(f for f in (parent, *parent.parents) if self.root in f.parents)
        for folder in sorted(folders):
            index = folder / INDEX
            if index in self.written or (not whole_build and index.exists()):
                continue
            self.changed += write_atomically(index, self.blank_page, skip_unchanged=True)
            self.written.add(index)

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
