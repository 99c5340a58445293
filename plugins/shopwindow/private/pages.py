"""Private pages and articles (``Access: JOB-ID``) as private documents: their address, their view.

The text is staff's Markdown read by one customer: links are resolved (``links.resolve_links``), the
markup is reduced to the staff allow-list, and a link or image naming a file the page may not seal
(another job's, one outside the content folder) is refused with one line and left out. A page of a job
past retention is an expired notice, like the job's own page.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

from pelican.readers import Readers

from ..access.documents import PrivateDocument
from ..access.format import job_slug
from ..jobs.model import Job, jobs_root
from ..jobs.view import expired
from ..links import NO_TARGET, resolve_links
from ..markup import rewrite_tags, start_tag, tags_in
from ..sanitise import staff_text
from ..settings import shopwindow_settings
from .items import PrivateItem, load_private_items


def page_id(secret: bytes, job_id: str, identity: str) -> str:
    """An opaque, stable folder name for a private page: nothing of its title or file name shows."""
    digest = hmac.new(secret, f"page\0{job_id}\0{identity}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode().lower()


def private_page_url(root: str, slug: str, pid: str) -> str:
    """The address of a private page below the site root (``root`` is the private folder, "j")."""
    return f"{root}/{slug}/{pid}/"


def item_url(settings: dict, secret: bytes, item: PrivateItem) -> str:
    root = shopwindow_settings(settings).private_root
    pid = page_id(secret, item.job_id, item.relative_path)
    return private_page_url(root, job_slug(secret, item.job_id), pid)


def page_document(
    item: PrivateItem,
    job: Job,
    settings: dict,
    secret: bytes,
    today: dt.date,
    report: Callable[[str], None],
    page_url: Callable[[Path], str | None] | None = None,
) -> PrivateDocument:
    """The private document of one page or article; ``report`` gets one line per refused link."""
    sw = shopwindow_settings(settings)
    pid = page_id(secret, job.id, item.relative_path)
    shown = item.source.shown_path
    if expired(job, sw.job_retention_days, today):
        return PrivateDocument(
            job.id, shown, "shopwindow/expired", page_id=pid, expired=True, lang=job.language
        )
    document = PrivateDocument(
        job_id=job.id,
        source_path=shown,
        template="shopwindow/page_view",
        base=item.folder,
        page_id=pid,
        title=item.title,
        roots=(Path(settings["PATH"]),),
        job_folder=job.folder,
        jobs_root=jobs_root(settings),
        lang=job.language,
    )
    body = resolve_links(item.source.body_html, item.folder, settings, report, page_url)
    body = _refuse_foreign_files(staff_text(body), document, report)
    document.variables = {"item": item, "body": body}
    return document


def _refuse_foreign_files(body: str, document: PrivateDocument, report) -> str:
    """Links and images naming a file this page may not seal lose their target, with one line each."""

    def replace(tag: str, attributes: dict, written: str) -> str:
        attribute = "src" if tag == "img" else "href"
        reference = attributes.get(attribute, "")
        if document.foreign_file(reference) is None:
            return written
        report(
            f'links "{reference}", a file of another job or outside the content folder; left out'
        )
        return start_tag(tag, {**attributes, attribute: NO_TARGET})

    return staff_text(rewrite_tags(body, replace, "a", "img"))


def linked_files(item: PrivateItem, settings: dict) -> list[Path]:
    """Every existing file a private page's text shows or links, whatever its job's state: private,
    never copied in plain (the static guard) and never to be found in the output (the check)."""
    body = resolve_links(item.source.body_html, item.folder, settings, report=lambda _: None)
    references = [
        a.get("src" if tag == "img" else "href", "") for tag, a in tags_in(body, "a", "img")
    ]
    found = []
    for reference in references:
        parsed = urlparse(reference)
        if parsed.scheme or parsed.netloc or not parsed.path or parsed.path.startswith("/"):
            continue
        path = (item.folder / unquote(parsed.path)).resolve()
        if path.is_file():
            found.append(path)
    return list(dict.fromkeys(found))


def job_pages(
    settings: dict, secret: bytes, job_id: str, readers: Readers | None = None
) -> list[dict]:
    """[{"title", "url"}] of every private page of one job; url is below the site root."""
    items, _ = load_private_items(settings, readers)
    return [
        {"title": item.title, "url": item_url(settings, secret, item)}
        for item in items
        if item.job_id == job_id
    ]
