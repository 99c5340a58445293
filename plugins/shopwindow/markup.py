"""Reading and rewriting start tags of an HTML fragment with Python's HTML parser, not with regular
expressions: what a view shows and links (``<img src>``, ``<a href>``) is found in the parsed document,
and a rewritten fragment is the original, byte for byte, but for the tags a caller replaced.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from html.parser import HTMLParser

# replace(tag name, attributes, the tag as written) -> what stands in its place
Replace = Callable[[str, dict[str, str], str], str]


class _Rewriter(HTMLParser):
    def __init__(self, names: set[str], replace: Replace | None):
        super().__init__(convert_charrefs=False)
        self.names, self.replace = names, replace
        self.out: list[str] = []
        self.found: list[tuple[str, dict[str, str]]] = []

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        written = self.get_starttag_text() or ""
        if tag not in self.names:
            self.out.append(written)
            return
        attributes = {name: value or "" for name, value in attrs}
        self.found.append((tag, attributes))
        self.out.append(self.replace(tag, attributes, written) if self.replace else written)

    handle_starttag = _start
    handle_startendtag = _start

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def _mentions(fragment: str, names: set[str]) -> bool:
    """Whether any ``<name`` could be in ``fragment`` (most staff notes have no link or image)."""
    lowered = fragment.lower()
    return any(f"<{name}" in lowered for name in names)


def _parse(fragment: str, names: set[str], replace: Replace | None) -> _Rewriter:
    parser = _Rewriter(names, replace)
    parser.feed(fragment)
    parser.close()
    return parser


def tags_in(fragment: str, *names: str) -> list[tuple[str, dict[str, str]]]:
    """(tag, attributes) of every start tag named ``names``, attribute values unescaped."""
    if not _mentions(fragment, set(names)):
        return []
    return _parse(fragment, set(names), None).found


def rewrite_tags(fragment: str, replace: Replace, *names: str) -> str:
    """``fragment`` with every start tag named ``names`` replaced by ``replace(tag, attributes,
    written)``; everything else as it was."""
    if not _mentions(fragment, set(names)):
        return fragment
    return "".join(_parse(fragment, set(names), replace).out)


def start_tag(tag: str, attributes: dict[str, str]) -> str:
    """A start tag written from its attributes (values escaped)."""
    written = "".join(f' {name}="{html.escape(value)}"' for name, value in attributes.items())
    return f"<{tag}{written}>"
