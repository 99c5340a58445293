"""The addresses of Shopwindow's public pages, from the settings (``wall_url``, ``cases_url``...), so
that templates, feeds, structured data and the sitemap all say the same."""

from __future__ import annotations

import os

from .settings import ShopwindowSettings


def testimonial_url(sw: ShopwindowSettings, testimonial) -> str:
    return f"{sw.wall_url}{testimonial.slug}/"


def case_url(sw: ShopwindowSettings, case) -> str:
    return f"{sw.cases_url}{case.slug}/"


def photo_url(sw: ShopwindowSettings, rendition_name: str) -> str:
    return f"{sw.photos_url}{rendition_name}"


def static_url(sw: ShopwindowSettings, name: str) -> str:
    return f"{sw.static_url}{name}"


def site_url(settings: dict) -> str:
    """Where customers open the site: SITEURL, or the local server of ``make serve``."""
    return settings.get("SITEURL") or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"


def shared_origin(siteurl: str) -> str | None:
    """The origin a site at ``siteurl`` shares with other sites, or None: a site in a folder of a
    public host (``https://ana.github.io/shop``: every project site of that GitHub account lives on
    ``https://ana.github.io``) shares its origin, and with it the browser's storage, with whatever else
    that host serves."""
    from urllib.parse import urlsplit

    parts = urlsplit(siteurl or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.hostname in ("localhost", "127.0.0.1", "::1") or not parts.path.strip("/"):
        return None
    return f"{parts.scheme}://{parts.netloc}"
