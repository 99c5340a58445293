"""Reading content files (with Pelican's readers, or a Markdown file's header and body as they are),
and parsing their header fields.

Every problem becomes a ``ContentError`` whose message names the file and the field, e.g.
``content/testimonials/anna.md: Rating 7 is outside 1-5``. Callers leave that item out and go on.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.readers import Readers
from pelican.utils import SafeDatetime, get_date

from .errors import ShopwindowError


class ContentError(ShopwindowError):
    """A content file that cannot be used as it is. ``str()`` is the one line shown to people."""

    def __init__(self, path: str, field: str | None, problem: str):
        self.path, self.field, self.problem = path, field, problem
        super().__init__(f"{path}: {field} {problem}" if field else f"{path}: {problem}")


@dataclass(frozen=True)
class Source:
    """One content file as Pelican's reader saw it: rendered body and raw header fields."""

    path: str  # absolute
    shown_path: str  # as people know it: relative to the working directory where possible
    body_html: str
    fields: dict[str, Any]  # lower-case field name -> value as the reader gave it


class _Raw:
    """A content class for ``Readers.read_file`` that keeps what the reader returned, nothing more."""

    def __init__(self, content, metadata, settings, source_path, context):
        self.content, self.metadata, self.source_path = content, metadata, source_path


def shown_path(path: str) -> str:
    """The path as people typed it: relative to the current directory when below it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def read_source(readers: Readers, base_path: str, path: str) -> Source:
    """Read one Markdown file with Pelican's readers; raise ContentError naming the file."""
    shown = shown_path(path)
    try:
        raw = readers.read_file(base_path, os.path.relpath(path, base_path), content_class=_Raw)
    except UnicodeDecodeError:
        raise ContentError(shown, None, "is not UTF-8 text; save it as UTF-8") from None
    except OverflowError:
        raise ContentError(shown, "Date", "is not a valid date (a number far too large)") from None
    except ValueError as error:
        if "is not a valid date" in str(error):
            raise ContentError(shown, "Date", str(error).replace("'", '"')) from None
        raise ContentError(shown, None, f"cannot be read: {error}") from None
    fields = {str(key).lower(): value for key, value in raw.metadata.items()}
    return Source(path=path, shown_path=shown, body_html=raw.content or "", fields=fields)


_HEADER_LINE = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+)\s*:\s?(.*)$")


def split_header(lines) -> tuple[dict[str, str], list[str]]:
    """A Markdown file's ``Key: value`` header, as Python-Markdown's meta extension (and so Pelican)
    reads it, and the lines of the body after it. Reads only as far as the header goes when the
    caller stops taking lines (``lines`` may be an open file)."""
    fields: dict[str, str] = {}
    body: list[str] = []
    last = None
    in_header = True
    for number, raw in enumerate(lines):
        line = raw.rstrip("\r\n")
        if not in_header:
            body.append(line)
            continue
        if number == 0 and line.strip() == "---":
            continue
        if not line.strip() or line.strip() in ("---", "..."):
            in_header = False
            continue
        match = _HEADER_LINE.match(line)
        if match:
            last = match.group(1).lower()
            fields[last] = match.group(2).strip()
        elif last and line.startswith(("    ", "\t")):
            fields[last] = f"{fields[last]} {line.strip()}".strip()
        elif number == 0:
            in_header = False
            body.append(line)
        else:
            in_header = False
            body.append(line)
    return fields, body


def header_names(path: Path) -> set[str]:
    """The field names of a Markdown file's header, reading the header alone."""

    def header_lines():
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            for line in handle:
                if not line.strip():
                    return
                yield line

    try:
        return set(split_header(header_lines())[0])
    except OSError:
        return set()


def read_markdown(path: Path) -> tuple[Source, str]:
    """A Markdown file's header (as a ``Source`` with no rendered body) and its body's Markdown."""
    shown = shown_path(str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError(shown, None, "is not UTF-8 text; save it as UTF-8") from None
    fields, body = split_header(text.splitlines())
    return Source(path=str(path), shown_path=shown, body_html="", fields=fields), "\n".join(body)


def text_field(source: Source, name: str, required: bool = False) -> str:
    value = source.fields.get(name.lower())
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise ContentError(source.shown_path, name, "is missing")
    return text


def list_field(source: Source, name: str) -> tuple[str, ...]:
    value = source.fields.get(name.lower())
    if value is None:
        return ()
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    return tuple(dict.fromkeys(str(item).strip() for item in items if str(item).strip()))


def date_field(source: Source, name: str) -> dt.datetime | None:
    """A date or date-time field; Pelican has already parsed ``Date`` itself."""
    value = source.fields.get(name.lower())
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return SafeDatetime(value.year, value.month, value.day)
    try:
        return get_date(str(value))
    except (ValueError, OverflowError):
        raise ContentError(source.shown_path, name, f'"{value}" is not a date') from None


def int_field(
    source: Source, name: str, low: int, high: int, default: int | None = None
) -> int | None:
    text = text_field(source, name)
    if not text:
        return default
    try:
        number = int(text)
    except ValueError:
        raise ContentError(source.shown_path, name, f'"{text}" is not a whole number') from None
    if not low <= number <= high:
        raise ContentError(source.shown_path, name, f"{number} is outside {low}-{high}")
    return number


def bool_field(source: Source, name: str) -> bool:
    text = text_field(source, name).lower()
    if text in ("", "no", "false", "0"):
        return False
    if text in ("yes", "true", "1"):
        return True
    raise ContentError(source.shown_path, name, f'"{text}" is not yes or no')


def choice_field(source: Source, name: str, choices: tuple[str, ...], default: str = "") -> str:
    text = text_field(source, name).lower() or default
    if text not in choices:
        raise ContentError(source.shown_path, name, f'"{text}" is not one of {", ".join(choices)}')
    return text


def check_inside(path: Path, root: Path | str, shown: str, field: str | None) -> None:
    """Refuse a file that is a link to somewhere outside ``root`` (content/, a job folder): such a link
    would publish a file nobody put in the site."""
    if Path(root).resolve() not in Path(path).resolve().parents:
        raise ContentError(
            shown, field, f'"{Path(path).name}" is a link to a file outside {shown_path(str(root))}'
        )


def status_and_consent(
    source: Source, statuses: tuple[str, ...], public: str, consent_missing: str
) -> tuple[str, dt.datetime | None]:
    """Status (one of ``statuses``) and the Consent date, which the ``public`` status requires."""
    if not text_field(source, "Status"):
        raise ContentError(
            source.shown_path, "Status", f"is missing; use one of {', '.join(statuses)}"
        )
    status = choice_field(source, "Status", statuses)
    consent = date_field(source, "Consent")
    if status == public and consent is None:
        raise ContentError(source.shown_path, "Consent", consent_missing)
    return status, consent
