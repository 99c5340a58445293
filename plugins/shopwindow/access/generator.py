"""The access generator: renders every private document, seals it, and writes its shell page.

A private document is a view rendered by a theme template (a private page or article now, the job page
later), published at ``j/<slug>/<id>/``: ``index.html`` is the shell (lock parameters, form, unlock.js),
``view.bin`` the sealed view, ``p/*.bin`` its sealed photos. Nothing private is in the shell.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from dataclasses import dataclass, field
from pathlib import Path

from pelican.generators import Generator

from ..config import shopwindow_settings
from ..content import ContentError, shown_path
from ..jobs.model import JobIdError, check_job_id, read_job_header
from ..photos import PhotoSettings
from .collect import CONTEXT_KEY
from .format import derive, job_slug, lock_parameters
from .images import seal_images
from .keycache import KeyCache
from .output import PRIVATE_ROOT, PrivateOutput
from .secret import load_secret

logger = logging.getLogger(__name__)

DOCUMENTS_KEY = "shopwindow_private_documents"
VIEW_FILE = "view.bin"


@dataclass
class PrivateDocument:
    """Something to publish only sealed under one job's code."""

    job_id: str
    source_path: str  # for messages
    template: str  # the theme template that renders the view
    variables: dict = field(default_factory=dict)
    images_base: Path | None = None  # where relative <img src> are found
    page_id: str = ""  # "" for the job's own page, else the folder below j/<slug>/


def page_id(secret: bytes, job_id: str, identity: str) -> str:
    """An opaque, stable folder name for a private page: nothing of its title or slug shows."""
    digest = hmac.new(secret, f"page\0{job_id}\0{identity}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode().lower()


class AccessGenerator(Generator):
    def generate_context(self) -> None:
        self.sw = shopwindow_settings(self.settings)
        self.secret = load_secret(self.settings)
        documents = self.context.setdefault(DOCUMENTS_KEY, [])
        for item in self.context.get(CONTEXT_KEY, []):
            job_id = str(item.metadata["access"]).strip()
            try:
                check_job_id(job_id)
            except JobIdError as error:
                logger.error(
                    "%s: Access %s; left out, published nowhere",
                    shown_path(item.source_path),
                    error,
                )
                continue
            kind = type(item).__name__.lower()
            pid = page_id(self.secret, job_id, item.relative_source_path)
            # A {filename} link to it, or anything else that asks its URL, gets the sealed address only.
            item.override_url = f"{PRIVATE_ROOT}/{job_slug(self.secret, job_id)}/{pid}/"
            item.override_save_as = ""
            documents.append(
                PrivateDocument(
                    job_id=job_id,
                    source_path=shown_path(item.source_path),
                    template="private_view",
                    variables={kind: item, "item": item},
                    images_base=Path(item.source_path).parent,
                    page_id=pid,
                )
            )

    def generate_output(self, writer) -> None:
        output = PrivateOutput(self.output_path)
        keycache = KeyCache(self.sw["CACHE_PATH"], self.secret)
        iterations = self.sw["ACCESS_KDF_ITERATIONS"]
        photo_settings = PhotoSettings.from_settings(self.sw)
        view_template = {}
        shell = self.get_template("private_shell")
        published = 0
        for document in self.context.get(DOCUMENTS_KEY, []):
            try:
                header = read_job_header(self.settings, document.job_id, self.readers)
            except (ContentError, JobIdError) as error:
                logger.error(
                    "%s: Access %s; left out, published nowhere", document.source_path, error
                )
                continue
            keys = derive(self.secret, header.id, header.code_version)
            lock = lock_parameters(keys, iterations, keycache.wrapped(keys, iterations))
            folder = f"{document.page_id}/" if document.page_id else ""
            if document.template not in view_template:
                view_template[document.template] = self.get_template(document.template)
            view = view_template[document.template].render({**self.context, **document.variables})
            if document.images_base is not None:
                view = seal_images(
                    view,
                    document.images_base,
                    keys,
                    photo_settings,
                    self.sw["CACHE_PATH"],
                    write=lambda name, data, keys=keys: output.seal_and_write(keys, name, data),
                    report=lambda problem, d=document: logger.error(
                        "%s: %s", d.source_path, problem
                    ),
                )
            output.seal_and_write(keys, f"{folder}{VIEW_FILE}", view.encode("utf-8"))
            shell_name = f"{PRIVATE_ROOT}/{keys.slug}/{folder}index.html"
            writer.write_file(
                shell_name,
                shell,
                self.context,
                relative_urls=False,
                lock=lock,
                view_name=f"{folder}{VIEW_FILE}",
                job_url=f"{PRIVATE_ROOT}/{keys.slug}/",
            )
            output.keep(Path(self.output_path, shell_name))
            published += 1
        removed = output.prune()
        logger.info(
            "shopwindow.access: %d private document(s), %d file(s) changed, %d removed; "
            "PBKDF2 runs: %d (%d from the key cache)",
            published,
            output.changed,
            len(removed),
            keycache.derivations,
            keycache.hits,
        )


def get_generators(pelican):
    return AccessGenerator
