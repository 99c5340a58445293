"""What a customer is handed for a job: its link with the code, the bare address, the code as shown and
its private pages (the command's ``job link`` and ``job new``, the staff page's ticket)."""

from __future__ import annotations

from .access.format import derive
from .access.secret import load_secret
from .jobs.model import read_job_header
from .private.pages import job_pages
from .settings import shopwindow_settings
from .urls import customer_url


def job_link(settings: dict, job_id: str, local: bool = False) -> dict:
    """The job's link with its code, the bare address, the code as shown and its private pages, on
    the site's public address (``local``: this machine's, for a test; "public" says which). Raises
    ``NoPublicAddress`` when the site has none and ``local`` is not asked."""
    header = read_job_header(settings, job_id)
    secret = load_secret(settings)  # made here for a new site: the job's code is fixed from now
    keys = derive(secret, header.id, header.code_version)
    site = customer_url(settings, local)
    root = shopwindow_settings(settings).private_root
    # "url" opens the page without typing; it stays in the history of the device that opens it. On a
    # shared device the customer opens "address" and types the code.
    return {
        "job": header.id,
        "url": f"{site}/{root}/{keys.slug}/#{keys.code}",
        "address": f"{site}/{root}/{keys.slug}/",
        "code": keys.code_shown,
        "slug": keys.slug,
        "pages": [
            {"title": p["title"], "url": f"{site}/{p['url']}#{keys.code}"}
            for p in job_pages(settings, secret, header.id)
        ],
        "public": not local,
    }
