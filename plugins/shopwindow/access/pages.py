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
import html
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

from pelican.readers import Readers

from ..config import shopwindow_settings
from ..content import replace_tags, tags_in
from ..jobs.model import Job, jobs_root
from ..jobs.view import expired
from ..links import NO_TARGET, resolve_links
from ..sanitise import staff_text
from .documents import PrivateDocument
from .format import job_slug
from .items import PrivateItem, load_private_items
from .output import PRIVATE_ROOT


def page_id(secret: bytes, job_id: str, identity: str) -> str:
    """An opaque, stable folder name for a private page: nothing of its title or file name shows."""
    digest = hmac.new(secret, f"page\0{job_id}\0{identity}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode().lower()


def private_page_url(slug: str, pid: str) -> str:
    return f"{PRIVATE_ROOT}/{slug}/{pid}/"


def item_url(secret: bytes, item: PrivateItem) -> str:
    return private_page_url(
        job_slug(secret, item.job_id), page_id(secret, item.job_id, item.relative_path)
    )


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
    if expired(job, sw["JOB_RETENTION_DAYS"], today):
        return PrivateDocument(job.id, shown, "job_expired", page_id=pid, expired=True)
    document = PrivateDocument(
        job_id=job.id,
        source_path=shown,
        template="private_view",
        base=item.folder,
        page_id=pid,
        title=item.title,
        roots=(Path(settings["PATH"]),),
        job_folder=job.folder,
        jobs_root=jobs_root(settings),
    )
    body = resolve_links(item.source.body_html, item.folder, settings, report, page_url)
    body = _refuse_foreign_files(staff_text(body), document, report)
    document.variables = {"item": item, "body": body}
    return document


def _refuse_foreign_files(body: str, document: PrivateDocument, report) -> str:
    """Links and images naming a file this page may not seal lose their target, with one line each."""

    def check(attribute: str):
        def replace(tag: str, attributes: dict) -> str:
            reference = attributes.get(attribute, "")
            if document.foreign_file(reference) is None:
                return tag
            report(
                f'links "{html.unescape(reference)}", a file of another job or outside the content '
                "folder; left out"
            )
            return tag.replace(f'{attribute}="{reference}"', f'{attribute}="{NO_TARGET}"')

        return replace

    body = replace_tags(body, "a", check("href"))
    return staff_text(replace_tags(body, "img", check("src")))


def linked_files(item: PrivateItem, settings: dict) -> list[Path]:
    """Every existing file a private page's text shows or links, whatever its job's state: private,
    never copied in plain (the static guard) and never to be found in the output (the check)."""
    body = resolve_links(item.source.body_html, item.folder, settings, report=lambda _: None)
    references = [a.get("href", "") for a in tags_in(body, "a")]
    references += [a.get("src", "") for a in tags_in(body, "img")]
    found = []
    for reference in references:
        parsed = urlparse(html.unescape(reference))
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
        {"title": item.title, "url": item_url(secret, item)}
        for item in items
        if item.job_id == job_id
    ]
