"""Links in private texts (a job's log, a page with ``Access:``), resolved without Pelican.

A private text never becomes a Pelican content object (no other plugin may see it), so Pelican's own
``{static}``, ``{attach}`` and ``{filename}`` links in it are resolved here:

- ``{static}`` and ``{attach}`` (and ``{filename}`` naming a file that is not a page) become a path
  relative to the text's folder; the access generator seals that file with the job and the page
  offers it decrypted. Pelican never copies it.
- ``{filename}`` naming a page or article becomes that page's address (``page_url``).
- ``{category}``, ``{tag}``, ``{author}`` and ``{index}`` become the site's addresses for them.

A link that cannot be resolved is reported (one line, by the caller) and left without a target.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

from pelican.urlwrappers import Author, Category, Tag

# Set by the sanitiser's allow-list: a value it always removes, so an unresolved link has no target.
NO_TARGET = "about:invalid"
SOURCE_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown", ".rst", ".html", ".htm"}


def _pattern(settings: dict) -> re.Pattern:
    """Pelican's own pattern for intrasite links (``Content._get_intrasite_link_regex``)."""
    indicator = settings.get("INTRASITE_LINK_REGEX", "[{|](?P<what>.*?)[|}]")
    return re.compile(
        rf"""(?P<markup><[^\>]+(?:href|src|poster|data|cite|formaction|action|content)\s*=\s*)
            (?P<quote>["\'])(?P<path>{indicator}(?P<value>.*?))(?P=quote)""",
        re.X,
    )


def resolve_links(
    body_html: str,
    source_dir: Path,
    settings: dict,
    report: Callable[[str], None],
    page_url: Callable[[Path], str | None] | None = None,
) -> str:
    """``body_html`` with every intrasite link resolved (see the module's text)."""
    content_root = Path(settings["PATH"])
    siteurl = settings.get("SITEURL", "")

    def replace(match: re.Match) -> str:
        what, value = match.group("what"), match.group("value")
        target = _resolve(what, value, source_dir, content_root, siteurl, settings, page_url)
        if target is None:
            report(
                f'links "{{{what}}}{value}", which {_why(what, value, source_dir, content_root)}'
            )
            target = NO_TARGET
        return f"{match.group('markup')}{match.group('quote')}{target}{match.group('quote')}"

    return _pattern(settings).sub(replace, body_html)


def _file(value: str, source_dir: Path, content_root: Path) -> Path:
    path = unquote(urlparse(value).path)
    return content_root / path.lstrip("/") if path.startswith("/") else source_dir / path


def _resolve(what, value, source_dir, content_root, siteurl, settings, page_url) -> str | None:
    parsed = urlparse(value)
    if what in ("static", "attach", "filename"):
        target = _file(value, source_dir, content_root)
        if what == "filename" and target.suffix.lower() in SOURCE_SUFFIXES:
            url = page_url(target.resolve()) if page_url else None
            return url + (f"#{parsed.fragment}" if parsed.fragment else "") if url else None
        if not target.is_file():
            return None
        relative = os.path.relpath(target, source_dir).replace(os.sep, "/")
        return quote(relative) + (f"#{parsed.fragment}" if parsed.fragment else "")
    wrappers = {"category": Category, "tag": Tag, "author": Author}
    if what in wrappers:
        return f"{siteurl}/{wrappers[what](unquote(parsed.path), settings).url}"
    if what == "index":
        return f"{siteurl}/{settings.get('INDEX_SAVE_AS', 'index.html')}"
    return None


def _why(what: str, value: str, source_dir: Path, content_root: Path) -> str:
    if what not in ("static", "attach", "filename"):
        return f"Shopwindow does not know {{{what}}}"
    target = _file(value, source_dir, content_root)
    if what == "filename" and target.suffix.lower() in SOURCE_SUFFIXES:
        return "is not a published page or article"
    return "does not exist"


def local_path(reference: str, source_dir: Path, settings: dict) -> Path | None:
    """The file a reference in a private text names, written as a relative path or with Pelican's
    ``{static}``/``{attach}``, or None for a URL or an absolute address."""
    match = re.fullmatch(
        settings.get("INTRASITE_LINK_REGEX", "[{|](?P<what>.*?)[|}]") + "(?P<value>.*)", reference
    )
    if match and match.group("what") in ("static", "attach", "filename"):
        return _file(match.group("value"), source_dir, Path(settings["PATH"]))
    parsed = urlparse(reference)
    if parsed.scheme or parsed.netloc or not parsed.path or parsed.path.startswith("/"):
        return None
    return source_dir / unquote(parsed.path)
