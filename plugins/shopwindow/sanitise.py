"""Markup from people, reduced to an allow-list with nh3 before it reaches a page.

Two lists, one per kind of author:

- ``customer_words``: a testimonial is a customer's text, published for everyone: paragraphs, emphasis,
  lists, quotes and ordinary links, nothing more.
- ``staff_text``: a job's log notes and the bodies of private pages and reports are written by staff and
  read by one customer after decryption. They keep what staff need (headings, lists, tables, links,
  images by file name) and lose everything that acts: scripts, styles, forms, frames, ``<meta>``,
  ``<base>``, event handlers, ``javascript:`` and ``data:`` URLs. The page's Content-Security-Policy
  stops scripts; it does not stop a ``<meta http-equiv="refresh">`` or a ``<base>``, so this does.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlparse

import nh3

CUSTOMER_TAGS = {"p", "br", "em", "strong", "b", "i", "ul", "ol", "li", "blockquote", "a"}
STAFF_TAGS = CUSTOMER_TAGS | {
    "h2", "h3", "h4", "h5", "h6", "hr", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "code", "pre", "kbd", "abbr", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th",
    "td", "caption", "figure", "figcaption", "img",
}  # fmt: skip
STAFF_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
_IMAGE_WITHOUT_SOURCE = re.compile(r"<img\b(?![^>]*\ssrc=)[^>]*>")


def customer_words(body_html: str) -> str:
    return nh3.clean(
        body_html,
        tags=CUSTOMER_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener noreferrer",
    ).strip()


def _local_images_only(element: str, attribute: str, value: str) -> str | None:
    """An image in a private view is a file beside the text, sealed with it: a remote image would tell
    its host who opened the page, and when."""
    if element == "img" and attribute == "src":
        parsed = urlparse(value)
        if parsed.scheme or parsed.netloc or value.startswith("/"):
            return None
    return value


def staff_text(body_html: str) -> str:
    cleaned = nh3.clean(
        body_html,
        tags=STAFF_TAGS,
        attributes=STAFF_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        attribute_filter=_local_images_only,
        link_rel="noopener noreferrer",
    )
    return _IMAGE_WITHOUT_SOURCE.sub("", cleaned).strip()


def plain_text(body_html: str) -> str:
    """Text only, white space folded: for excerpts, feeds, JSON and structured data."""
    text = nh3.clean(body_html, tags=set())
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def excerpt(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:—-")
    return cut + "…"
