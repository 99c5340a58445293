"""Sealing private documents: shared by the Pelican build (``generator.py``) and by ``shopwindow watch``,
which re-seals one job alone without a Pelican run."""

from __future__ import annotations

import logging
from pathlib import Path

from ..photos import PhotoSettings
from ..photos.batch import warm_cache
from ..settings import shopwindow_settings
from .attachments import photos_to_process, seal_attachments
from .documents import PrivateDocument
from .format import JobKeys, lock_parameters
from .keycache import KeyCache
from .output import PrivateOutput
from .photo_cache import SealedPhotoCache

logger = logging.getLogger(__name__)

VIEW_FILE = "view.bin"


class Sealer:
    def __init__(self, settings: dict, secret: bytes, output_path: str | Path, blank_page: bytes):
        self.sw = shopwindow_settings(settings)
        self.root = self.sw["private_root"]
        self.output = PrivateOutput(output_path, blank_page, self.root)
        self.keycache = KeyCache(self.sw["cache_path"], secret)
        self.iterations = self.sw["kdf_iterations"]
        self.photo_settings = PhotoSettings.from_settings(self.sw)
        self.photo_cache = SealedPhotoCache(self.sw["cache_path"], secret)
        self.processed = 0

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
        """Process every photo the views show or link, all at once on every core."""
        sources = [
            photo for document, _, view in rendered for photo in photos_to_process(view, document)
        ]
        self.processed += warm_cache(sources, self.photo_settings, self.photo_cache)

    def seal(self, document: PrivateDocument, keys: JobKeys, view: str) -> None:
        """Seal the view, the photos it shows and the files it links into ``j/<slug>/``."""
        view = seal_attachments(
            view,
            document,
            keys,
            self.photo_settings,
            self.photo_cache,
            write=lambda name, data: self.output.seal_and_write(keys, name, data),
            report=lambda problem: logger.error("%s: %s", document.source_path, problem),
        )
        self.output.seal_and_write(keys, self.view_name(document), view.encode("utf-8"))
