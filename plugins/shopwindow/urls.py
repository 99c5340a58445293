"""The addresses of Shopwindow's public pages, from the settings (``wall_url``, ``cases_url``...), so
that templates, feeds, structured data and the sitemap all say the same."""

from __future__ import annotations

import os

from .errors import ShopwindowError
from .settings import ShopwindowSettings, is_public_address, shopwindow_settings


def testimonial_url(sw: ShopwindowSettings, testimonial) -> str:
    return f"{sw.wall_url}{testimonial.slug}/"


def case_url(sw: ShopwindowSettings, case) -> str:
    return f"{sw.cases_url}{case.slug}/"


def photo_url(sw: ShopwindowSettings, rendition_name: str) -> str:
    return f"{sw.photos_url}{rendition_name}"


def static_url(sw: ShopwindowSettings, name: str) -> str:
    return f"{sw.static_url}{name}"


class NoPublicAddress(ShopwindowError):
    """The site has no public address, so there is no link a customer could open."""

    def __init__(self, what: str = "a link"):
        super().__init__(
            f"this site has no public address, so {what} would point at this machine, which a "
            "customer's phone cannot open: set SITEURL in publishconf.py (shopwindow init --url "
            'writes it) or SHOPWINDOW["public_url"]; --local gives the local link for a test'
        )


def public_url(settings: dict) -> str | None:
    """Where customers open the site (``ShopwindowSettings.public_url``), or None: none is known."""
    return shopwindow_settings(settings).public_url or None


def local_url(settings: dict) -> str:
    """Where this machine serves the site: a local SITEURL, or the server of ``make serve``."""
    siteurl = str(settings.get("SITEURL") or "")
    if siteurl and not is_public_address(siteurl):
        return siteurl.rstrip("/")
    return f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"


def customer_url(settings: dict, local: bool = False, what: str = "a link") -> str:
    """The address links to the site start with: the public one (``local``: this machine's); raises
    ``NoPublicAddress`` when a public one is asked for and there is none."""
    if local:
        return local_url(settings)
    found = public_url(settings)
    if found is None:
        raise NoPublicAddress(what)
    return found


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
