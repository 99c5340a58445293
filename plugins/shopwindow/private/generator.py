"""The private output: every job's page and every page or article with ``Access: JOB-ID``, rendered,
sealed and written under the private folder (``j/`` unless ``jobs_url`` says otherwise).

A private document is a view rendered by a template (``shopwindow/job``, ``shopwindow/page_view``),
published at ``j/<slug>/<id>/``: ``index.html`` is the shell (lock parameters, form, unlock.js),
``view.bin`` the sealed view, ``p/*.bin`` its sealed photos, ``f/*.bin`` the files it links. Nothing
private is in the shell. Every page under ``j/`` is written by ``access.output.PrivateOutput``, never by
Pelican's writer, so no other plugin hears of it.

A view is rendered by ``render_view``, from ``rendering.view_context`` and the document's own
variables: ``shopwindow watch`` makes the same generator and calls the same method, so a job re-sealed
live is byte for byte the job the build sealed.
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

from ..access.documents import PrivateDocument
from ..access.format import JobKeys, derive
from ..access.keycache import KeyCache
from ..access.output import PrivateOutput
from ..access.private_cache import parsed_jobs
from ..access.sealer import SealedRecords, Sealer
from ..access.secret import load_secret
from ..build_state import build_state
from ..cases.model import build_cases
from ..clock import today
from ..jobs.cameras import Bays, camera_frames
from ..jobs.model import (
    JobIdError,
    any_job,
    build_jobs,
    check_job_id,
    job_ids,
    job_summary,
    read_job_header,
)
from ..jobs.view import past_retention
from ..rendering import ShopwindowGenerator, view_context
from ..sources import ContentError
from ..urls import shared_origin
from .items import PrivateItem, load_private_items
from .job_pages import job_document, unanswerable
from .pages import item_url, linked_files, page_document, private_page_url

logger = logging.getLogger(__name__)

SHELL_TEMPLATE = "shopwindow/shell"
BATCH = 500  # documents rendered and sealed together
FOLDER_TEMPLATE = "shopwindow/folder"


class PrivateOutputGenerator(ShopwindowGenerator):
    def __init__(self, *args, start_locks: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents: list[PrivateDocument] = []
        self.jobs = {}
        # A site without jobs has nothing to seal: it needs no secret, and none is made for it (the
        # secret is read, or made, when first needed: ``secret``).
        self.has_jobs = any_job(self.settings)
        if self.has_jobs and start_locks:
            self._start_locks()

    @functools.cached_property
    def secret(self) -> bytes:
        return load_secret(self.settings)

    @functools.cached_property
    def keycache(self) -> KeyCache:
        return KeyCache(self.sw.cache_path, self.secret)

    def _start_locks(self) -> None:
        """From the moment Pelican makes this generator: derive, in the background on every core, the
        locks of the jobs that will have a page and are not in the key cache. Only headers and log
        headings are read for it; the pages themselves ask ``keycache`` later."""
        now = today()
        wanted = []
        for job_id in job_ids(self.settings):
            try:
                check_job_id(job_id)
                summary = job_summary(self.settings, job_id)
            except (JobIdError, ContentError):
                continue  # reported when the job is read
            if not past_retention(summary.status, summary.ended, self.sw.job_retention_days, now):
                wanted.append(derive(self.secret, job_id, summary.code_version))
        self.keycache.prefetch(wanted, self.sw.kdf_iterations)

    def generate_context(self) -> None:
        if not self.has_jobs:
            self._report_private_pages_without_jobs()
            return
        if origin := shared_origin(self.settings.get("SITEURL", "")):
            logger.warning(
                "SITEURL %s is a folder of %s, an origin other sites can share (every project site "
                "of a GitHub account does): a job key that a customer's browser remembers (\"Remember "
                'this device") can be used by any page of that origin. Give the shop a domain of its '
                'own (README, "Remembered devices")',
                self.settings["SITEURL"],
                origin,
            )
        jobs, problems = build_jobs(
            self.context, self.settings, self.readers, parsed_jobs(self.settings)
        )
        cases, _ = build_cases(self.context, self.settings, self.readers)  # the cases part reports
        for problem in problems:
            logger.error("%s", problem)
        self.jobs = {job.id: job for job in jobs}
        now = today()
        frames = camera_frames(self.sw.cameras, self.sw.cache_path)
        bays = Bays(jobs)
        for moved in bays.moved:
            logger.warning("%s", moved)
        for job in jobs:
            for problem in job.problems:
                logger.error("%s", problem)
            if cannot_answer := unanswerable(job, self.sw):
                logger.warning("%s", cannot_answer)
            self.documents.append(
                job_document(job, self.settings, self.secret, cases, frames, now, bays)
            )
        self._private_pages(now)
        if self.documents:
            build_state(self.context).writes_pages = True
        # Any lock not started yet (a job whose header changed since): started now.
        self.keycache.prefetch(
            (self.keys(d) for d in self.documents if not d.expired), self.sw.kdf_iterations
        )

    def _report_private_pages_without_jobs(self) -> None:
        """Pages with ``Access`` on a site without jobs: each is an error, and published nowhere."""
        items, problems = load_private_items(
            self.settings, self.readers, build_state(self.context).private_sources
        )
        for problem in problems:
            logger.error("%s; left out, published nowhere", problem)
        for item in items:
            self._job_of(item)  # reports that there is no such job

    def _private_pages(self, now) -> None:
        state = build_state(self.context)
        items, problems = load_private_items(self.settings, self.readers, state.private_sources)
        for problem in problems:
            logger.error("%s; left out, published nowhere", problem)
        by_path = {Path(item.source.path).resolve(): item for item in items}
        for item in items:
            job = self._job_of(item)
            if job is None:
                continue
            shown = item.source.shown_path
            self.documents.append(
                page_document(
                    item,
                    job,
                    self.settings,
                    self.secret,
                    now,
                    report=lambda problem, shown=shown: logger.error("%s: %s", shown, problem),
                    page_url=self._page_urls(by_path, item.job_id),
                )
            )
            # Never copied in plain by the static generator (guard.drop_private_static).
            for path in linked_files(item, self.settings):
                state.linked_files.setdefault(str(path), shown)

    def _job_of(self, item: PrivateItem):
        """The job a private item is sealed under, or None (reported: it is published nowhere)."""
        shown = item.source.shown_path
        try:
            check_job_id(item.job_id)
            job = self.jobs.get(item.job_id)
            if job is None:
                header = read_job_header(self.settings, item.job_id, self.readers)
                logger.error(
                    "%s: Access %s has errors (reported for %s); left out, published nowhere",
                    shown,
                    item.job_id,
                    header.path,
                )
            return job
        except (JobIdError, ContentError) as error:
            logger.error("%s: Access %s; left out, published nowhere", shown, error)
        return None

    def _page_urls(self, by_path: dict[Path, PrivateItem], job_id: str):
        """Where a ``{filename}`` link of a private text of ``job_id`` leads: a private page of the same
        job (sealed address), or a public page or article; nothing else."""
        siteurl = self.settings.get("SITEURL", "")
        generated = self.context.get("generated_content", {})

        def url(path: Path) -> str | None:
            private = by_path.get(path)
            if private is not None:
                if private.job_id != job_id:
                    return None
                return f"{siteurl}/{item_url(self.settings, self.secret, private)}"
            relative = os.path.relpath(path, self.settings["PATH"]).replace(os.sep, "/")
            content = generated.get(relative)
            return f"{siteurl}/{content.url}" if content is not None else None

        return url

    # ------------------------------------------------------------------ rendering
    def keys(self, document: PrivateDocument) -> JobKeys:
        return derive(self.secret, document.job_id, self.jobs[document.job_id].code_version)

    def render_view(self, document: PrivateDocument, listing: list[dict]) -> str:
        """The plain view of one document: the one way a view is rendered, build or live."""
        variables = {**view_context(self.settings), **document.variables}
        return self.render(
            document.template, {**variables, "job_documents": listing}, lang=document.lang
        )

    def page(self, template: str, name: str, lang: str | None = None, **variables) -> str:
        """A public page under the private folder, rendered with Pelican's context, in ``lang``."""
        return self.render(template, {**self.context, "output_file": name, **variables}, lang)

    def sealer(self) -> Sealer:
        blank = self.page(FOLDER_TEMPLATE, f"{self.sw.private_root}/index.html")
        return Sealer(
            self.settings,
            self.secret,
            self.output_path,
            blank.encode("utf-8"),
            self.keycache,
        )

    # ------------------------------------------------------------------ output
    def generate_output(self, writer) -> None:
        if not self.documents:
            self._remove_earlier_output()
            return
        sealer = self.sealer()
        documents = [(document, self.keys(document)) for document in self.documents]
        listings = job_listings(self.sw.private_root, documents)
        sealed_again = 0
        # In batches, so that memory holds a batch's views, not the site's; a batch's photos are
        # processed at once on every core.
        for start in range(0, len(documents), BATCH):
            to_seal = []
            for document, keys in documents[start : start + BATCH]:
                if document.expired:
                    continue
                view = self.render_view(document, listings.get(id(document), []))
                fingerprint = sealer.fingerprint(document, keys, view)
                if not sealer.already_sealed(fingerprint):
                    to_seal.append((document, keys, view, fingerprint))
            sealer.warm([(document, keys, view) for document, keys, view, _ in to_seal])
            for document, keys, view, fingerprint in to_seal:
                sealer.seal(document, keys, view, fingerprint)
            sealed_again += len(to_seal)
        for document, keys in documents:
            name = sealer.shell_name(document, keys)
            if document.expired:
                page = self.page(document.template, name, document.lang, forget_slug=keys.slug)
            else:
                page = self.page(
                    SHELL_TEMPLATE,
                    name,
                    document.lang,
                    lock=sealer.lock(keys),
                    view_name=sealer.view_name(document),
                    job_url=f"{self.sw.private_root}/{keys.slug}/",
                )
            sealer.output.write_page(name, page)
        sealer.output.cover_folders(whole_build=True)
        removed = sealer.output.prune()
        sealer.finish(whole_build=True)
        logger.info(
            "shopwindow: %d private document(s), %d sealed again (%d unchanged), %d photo(s) "
            "processed, %d file(s) changed, %d removed; PBKDF2 runs: %d (%d from the key cache)",
            len(documents),
            sealed_again,
            sealer.skipped,
            sealer.processed,
            sealer.output.changed,
            len(removed),
            sealer.keycache.derivations,
            sealer.keycache.hits,
        )

    def _remove_earlier_output(self) -> None:
        """No job has a page: what an earlier build sealed into this output goes, when its record of
        it says there was some or the site has a jobs folder (its last job removed, its cache
        emptied); a private folder of a site that never had jobs is left alone."""
        output = PrivateOutput(self.output_path, b"", self.sw.private_root)
        records = SealedRecords.path_for(self.sw.cache_path, output.root)
        if not records.exists() and not Path(self.sw.jobs_root).is_dir():
            return
        removed = output.prune()
        records.unlink(missing_ok=True)
        logger.info("shopwindow: no job has a page; %d private file(s) removed", len(removed))


def job_listings(
    root: str, documents: list[tuple[PrivateDocument, JobKeys]]
) -> dict[int, list[dict]]:
    """For each document (by ``id``), the job's other private pages, listed on its job page and on
    each other."""
    pages: dict[str, list[tuple[PrivateDocument, JobKeys]]] = {}
    for document, keys in documents:
        if document.page_id and not document.expired:
            pages.setdefault(document.job_id, []).append((document, keys))
    return {
        id(current): [
            {"title": d.title, "url": private_page_url(root, keys.slug, d.page_id)}
            for d, keys in pages.get(current.job_id, [])
            if d is not current
        ]
        for current, _ in documents
    }
