"""Writing testimonial files as the marketer would: a ``Key: value`` header, a blank line, the
customer's words as Markdown that shows them as typed. Used by ``testimonial add``, ``withdraw`` and
``import``; reading is ``model.load_testimonials``'s alone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pelican.utils import slugify

from ..access.format import folded
from ..atomic import write_atomically
from ..settings import shopwindow_settings
from .model import testimonial_files

# What Markdown (with Pelican's extensions: extra, its tables, attribute lists and definitions) reads as
# anything but text, anywhere in a line; and at a line's start (lists, quotes, headings, definitions).
_ANYWHERE = re.compile(r"([\\`*_{}\[\]|])")
_AT_START = re.compile(r"^(\d+)\.|^([-+#])")


def markdown_text(words: str) -> str:
    """The customer's words as Markdown that shows them as typed: no link, image, HTML, list or
    heading; paragraphs as they left blank lines."""
    lines = []
    for line in words.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.strip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        line = _ANYWHERE.sub(r"\\\1", line)
        line = _AT_START.sub(lambda m: f"{m[1]}\\." if m[1] else f"\\{m[2]}", line)
        if line.startswith((":", "=")):
            line = f"&#{ord(line[0])};{line[1:]}"
        lines.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def header_field(text: str, name: str) -> str:
    """One field of a testimonial file's header, as written ("" when it has none)."""
    header = text.split("\n\n", 1)[0]
    match = re.search(rf"(?im)^{re.escape(name)}\s*:\s*(.*)$", header)
    return match.group(1).strip() if match else ""


def existing(settings: dict) -> Iterator[tuple[Path, str]]:
    """Every testimonial file of the site, with its text."""
    for name in testimonial_files(settings, shopwindow_settings(settings).testimonials_path):
        path = Path(name)
        yield path, path.read_text(encoding="utf-8", errors="replace")


def write_new(
    settings: dict,
    name: str,
    header: dict[str, str],
    words: str,
    attached: dict[str, Path] | None = None,
) -> Path:
    """Write a new testimonial file named after ``name`` (``-2``, ``-3``... when taken); empty header
    fields are left out, each value on one line. ``attached``: {field: a file} copied beside it first
    (``<name>-photo.jpg``, ``<name>-video.mov``) and named in that field."""
    folder = Path(settings["PATH"], shopwindow_settings(settings).testimonials_path)
    stem = slugify(name, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", [])) or "testimonial"
    path, n = folder / f"{stem}.md", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.md"
    header = dict(header)
    for field, source in (attached or {}).items():
        copy = folder / f"{path.stem}-{field.lower()}{source.suffix.lower()}"
        write_atomically(copy, source.read_bytes())
        header[field] = copy.name
    text = "".join(f"{key}: {folded(value)}\n" for key, value in header.items() if folded(value))
    write_atomically(path, (text + "\n" + markdown_text(words) + "\n").encode("utf-8"))
    return path
