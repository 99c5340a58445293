"""Sealing private documents: shared by the Pelican build (``generator.py``) and by ``shopwindow watch``,
which re-seals one job alone without a Pelican run.

A document whose rendered view and files are unchanged since it was last sealed into the same output
folder is not sealed again (``SealedRecords``): its fingerprint is the view, its job's keys and the
size and time of every file it shows or links; its record, the name, size and time of every file it
wrote. Any difference, in the inputs or in those files on disk, and it is sealed again."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from pathlib import Path

from ..atomic import private_folder, write_atomically
from ..derived_cache import DerivedCache
from ..photos import PhotoSettings, VideoSettings
from ..photos.batch import warm_cache, warm_media
from ..photos.timelapse import TimelapseSettings
from ..settings import shopwindow_settings
from .attachments import AttachmentSealer, clips_to_process, local_files, photos_to_process
from .documents import PrivateDocument
from .format import JobKeys, cache_key, lock_parameters
from .keycache import KeyCache
from .output import PrivateOutput
from .photo_cache import SealedPhotoCache

logger = logging.getLogger(__name__)

VIEW_FILE = "view.bin"


class SealedRecords:
    """What each document wrote when it was last sealed into one output folder. Keys are HMACs under the
    site secret; values are opaque output names with sizes and times, so the file names no job.

    A whole build keeps the records of what it sealed or kept. ``shopwindow watch`` keeps none: a file
    it re-seals gets a new time, so the next build's record of it no longer matches and it is sealed
    again there."""

    def __init__(self, cache_path: str | Path, secret: bytes, output_root: Path):
        self.key = cache_key(secret)
        self.path = self.path_for(cache_path, output_root)
        self.root = output_root
        self._records: dict[str, list] | None = None  # read when first asked
        self.used: dict[str, list] = {}

    @staticmethod
    def path_for(cache_path: str | Path, output_root: Path) -> Path:
        """The file of records for the private folder ``output_root``: it exists once a whole build
        sealed something there."""
        folder_id = hashlib.sha256(os.path.realpath(output_root).encode()).hexdigest()[:24]
        return Path(cache_path) / "sealed" / f"{folder_id}.json"

    @property
    def records(self) -> dict[str, list]:
        if self._records is None:
            try:
                self._records = json.loads(self.path.read_text())
            except (OSError, ValueError):
                self._records = {}
        return self._records

    def fingerprint(self, *inputs) -> str:
        """The inputs' hash as the derived caches make it, keyed under the site secret."""
        return hmac.new(self.key, DerivedCache.key(*inputs).encode(), hashlib.sha256).hexdigest()

    def unchanged(self, fingerprint: str) -> list[Path] | None:
        """The files of the record, if each is on disk as it was written; else None."""
        record = self.records.get(fingerprint)
        if not record:
            return None
        paths = []
        for name, size, mtime in record:
            path = self.root / name
            try:
                stat = path.stat()
            except OSError:
                return None
            if stat.st_size != size or stat.st_mtime_ns != mtime:
                return None
            paths.append(path)
        self.used[fingerprint] = record
        return paths

    def remember(self, fingerprint: str, paths: list[Path]) -> None:
        record = []
        for path in dict.fromkeys(paths):
            stat = path.stat()
            record.append([path.relative_to(self.root).as_posix(), stat.st_size, stat.st_mtime_ns])
        self.used[fingerprint] = record

    def save(self) -> None:
        if self.used == self.records:
            return  # nothing sealed or dropped: the file stays as it is
        private_folder(self.path.parent)
        write_atomically(self.path, json.dumps(self.used, sort_keys=True).encode(), mode=0o600)


class Sealer:
    def __init__(
        self,
        settings: dict,
        secret: bytes,
        output_path: str | Path,
        blank_page: bytes,
        keycache: KeyCache | None = None,
    ):
        self.sw = shopwindow_settings(settings)
        self.root = self.sw.private_root
        self.output = PrivateOutput(output_path, blank_page, self.root)
        self.keycache = keycache or KeyCache(self.sw.cache_path, secret)
        self.iterations = self.sw.kdf_iterations
        self.photo_settings = PhotoSettings.from_settings(self.sw)
        self.video_settings = VideoSettings.from_settings(self.sw)
        self.timelapse_settings = TimelapseSettings.from_settings(self.sw)
        self.photo_cache = SealedPhotoCache(self.sw.cache_path, secret)
        self.records = SealedRecords(self.sw.cache_path, secret, self.output.root)
        self.processed = 0
        self.skipped = 0

    def fingerprint(self, document: PrivateDocument, keys: JobKeys, view: str) -> str:
        """What shapes the files ``seal`` writes for a document: see the module's text."""
        files = []
        candidates = document.inputs if document.inputs is not None else local_files(view, document)
        for path in candidates:
            try:
                stat = path.stat()
            except OSError:
                continue
            files.append((str(path), stat.st_size, stat.st_mtime_ns))
        return self.records.fingerprint(
            VIEW_FILE, keys.job, keys.code_version, keys.slug, document.page_id,
            hashlib.sha256(view.encode("utf-8")).hexdigest(), files,
            self.photo_settings.fingerprint(), self.video_settings.fingerprint(),
            self.timelapse_settings.fingerprint(),
        )  # fmt: skip

    def already_sealed(self, fingerprint: str) -> bool:
        """Whether the document's files from its last sealing are in the output as they were written
        (they are then kept, as if written now)."""
        paths = self.records.unchanged(fingerprint)
        if paths is None:
            return False
        self.output.written.update(paths)
        self.skipped += 1
        return True

    def finish(self, whole_build: bool) -> None:
        self.keycache.close()
        if whole_build:
            self.records.save()

    def lock(self, keys: JobKeys) -> dict:
        return lock_parameters(keys, self.iterations, self.keycache.wrapped(keys, self.iterations))

    @staticmethod
    def folder(document: PrivateDocument) -> str:
        return f"{document.page_id}/" if document.page_id else ""

    def shell_name(self, document: PrivateDocument, keys: JobKeys) -> str:
        return f"{self.root}/{keys.slug}/{self.folder(document)}index.html"

    def view_name(self, document: PrivateDocument) -> str:
        return f"{self.folder(document)}{VIEW_FILE}"

    def warm(self, rendered: list[tuple[PrivateDocument, JobKeys, str]]) -> None:
        """Process every photo the views show or link, then every clip and timelapse segment they
        play, all at once on every core."""
        sources = [
            photo for document, _, view in rendered for photo in photos_to_process(view, document)
        ]
        self.processed += warm_cache(sources, self.photo_settings, self.photo_cache)
        clips = [
            clip for document, _, view in rendered for clip in clips_to_process(view, document)
        ]
        films = [document.timelapse for document, _, view in rendered
                 if document.timelapse is not None and "data-timelapse" in view]  # fmt: skip
        self.processed += warm_media(
            clips, films, self.video_settings, self.photo_settings, self.photo_cache
        )

    def seal(
        self, document: PrivateDocument, keys: JobKeys, view: str, fingerprint: str = ""
    ) -> None:
        """Seal the view, the photos it shows and the files it links into ``j/<slug>/``; a build
        remembers what was written under the document's ``fingerprint``."""
        written: list[Path] = []

        def write(name: str, data: bytes) -> None:
            written.append(self.output.seal_and_write(keys, name, data))

        def keep(name: str, size: int) -> bool:
            path = self.output.sealed_in_place(keys, name, size)
            if path is not None:
                written.append(path)
            return path is not None

        sealed_view = AttachmentSealer(
            document,
            keys,
            self.photo_settings,
            self.video_settings,
            self.photo_cache,
            write=write,
            report=lambda problem: logger.error("%s: %s", document.source_path, problem),
            keep=keep,
        ).seal(view)
        write(self.view_name(document), sealed_view.encode("utf-8"))
        if fingerprint:
            self.records.remember(fingerprint, written)
