"""The customer's words, rendered from Markdown, then reduced to a small set of inert tags with nh3."""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "em", "strong", "b", "i", "ul", "ol", "li", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def sanitise(body_html: str) -> str:
    return nh3.clean(
        body_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow ugc noopener noreferrer",
    ).strip()


def plain_text(body_html: str) -> str:
    """Text only, white space folded: for excerpts, feeds, JSON and structured data."""
    text = nh3.clean(body_html, tags=set())
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def excerpt(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:—-")
    return cut + "…"
