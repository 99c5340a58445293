"""``shopwindow testimonial import FILE.csv``: the reviews a shop already has (exported from a review
site, or typed into a spreadsheet), one pending testimonial per row.

None of them carries ``Consent``: a review written elsewhere is not the customer's consent to be quoted
here, so none is published until the marketer records it (the day the customer agreed) and approves it.
Each file keeps its row's fingerprint (``Imported``), so importing the same file again, or a later export
that repeats old reviews, skips the rows already in. A bad row is one line naming the row (as a
spreadsheet numbers it: the header is row 1) and the column; the other rows are written.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..access.format import folded
from ..i18n import language_tag
from ..sources import shown_path
from .collect import TestimonialError
from .files import existing, header_field, write_new
from .model import SOURCES

REQUIRED = ("author", "rating", "date", "text")
OPTIONAL = ("service", "source", "language", "title")
IMPORTED = "import"  # the Source of a row that names none
_WORD_RATINGS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


class BadRow(Exception):
    def __init__(self, column: str, problem: str):
        self.column, self.problem = column, problem


@dataclass
class Imported:
    """What an import did: the files written (row, path), the rows already in, one line per bad row,
    and the columns it did not read."""

    written: list[tuple[int, Path]] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


def _rows(path: Path) -> tuple[list[str], list[list[str]], str]:
    shown = shown_path(str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise TestimonialError(f"{shown}: no such file") from None
    except UnicodeDecodeError:
        raise TestimonialError(
            f"{shown}: is not UTF-8 text (in a spreadsheet, save it as CSV UTF-8)"
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)  # what spreadsheets write in each locale
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise TestimonialError(f"{shown}: is empty; its first row names the columns")
    return [cell.strip().lower() for cell in rows[0]], rows[1:], delimiter


def _rating(text: str) -> str:
    text = text.strip().lower()
    if not text:
        return ""
    number = _WORD_RATINGS.get(text)
    if number is None:
        match = re.fullmatch(r"(\d+)(?:[.,]0+)?(?:\s*(?:/|of|из|din)\s*5)?", text)
        number = int(match.group(1)) if match else None
    if number is None or not 1 <= number <= 5:
        raise BadRow("rating", f'"{text}" is not a whole number from 1 to 5')
    return str(number)


def _date(text: str, today: dt.date) -> str:
    text = text.strip()
    day = None
    if match := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
        try:
            day = dt.date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            day = None
    else:
        try:
            day = dt.datetime.fromisoformat(text).date()
        except ValueError:
            day = None
    if day is None:
        raise BadRow("date", f'"{text}" is not a date: write it as 2026-03-05 or 05.03.2026')
    if day > today:
        raise BadRow("date", f"{day.isoformat()} is in the future")
    return day.isoformat()


def _language(text: str) -> str:
    if not folded(text):
        return ""
    tag = language_tag(folded(text))
    if tag is None:
        raise BadRow("language", f'"{text.strip()}" is not a language code (en, ru, ro, ...)')
    return tag


def _choice(text: str, column: str, choices: tuple[str, ...], default: str) -> str:
    value = folded(text).lower()
    if not value:
        return default
    if value not in choices:
        raise BadRow(column, f'"{text.strip()}" is not one of {", ".join(choices)}')
    return value


def fingerprint(author: str, date: str, words: str) -> str:
    """The row's identity: the same review exported twice (white space aside) is the same."""
    text = "\n".join(folded(part).casefold() for part in (author, date, words))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _header(cells: dict[str, str], today: dt.date) -> tuple[dict[str, str], str]:
    author = folded(cells.get("author", ""))
    if not author:
        raise BadRow("author", "is empty")
    words = cells.get("text", "").strip()
    if not folded(words):
        raise BadRow("text", "is empty")
    rating = _rating(cells.get("rating", ""))
    date = _date(cells.get("date", ""), today)
    header = {
        "Author": author,
        "Status": "pending",
        "Rating": rating,
        "Date": date,
        "Title": cells.get("title", ""),
        "Service": cells.get("service", ""),
        "Source": _choice(cells.get("source", ""), "source", SOURCES, IMPORTED),
        "Language": _language(cells.get("language", "")),
        "Imported": fingerprint(author, date, words),
    }
    return header, words


def import_reviews(settings: dict, path: Path, today: dt.date) -> Imported:
    """One pending testimonial, without Consent, per good row of the CSV file at ``path``."""
    shown = shown_path(str(path))
    columns, rows, delimiter = _rows(path)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise TestimonialError(
            f'{shown}: has no column "{missing[0]}" (its first row names the columns: '
            f"{', '.join(REQUIRED)}, and optionally {', '.join(OPTIONAL)})"
        )
    result = Imported(unread=[c for c in columns if c and c not in REQUIRED + OPTIONAL])
    seen = {header_field(text, "Imported") for _, text in existing(settings)} - {""}
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: value for name, value in zip(columns, row, strict=False) if name}
        try:
            if any(cell.strip() for cell in row[len(columns) :]):
                raise BadRow(
                    "", f"has {len(row)} cells, the first row names {len(columns)} columns: put a "
                    f'text that holds "{delimiter}" in double quotes'
                )  # fmt: skip
            header, words = _header(cells, today)
        except BadRow as bad:
            where = f"{bad.column} " if bad.column else ""
            result.problems.append(f"{shown}: row {number}: {where}{bad.problem}")
            continue
        if header["Imported"] in seen:
            result.skipped.append(number)
            continue
        seen.add(header["Imported"])
        name = f"{header['Author']} {header['Date']}"
        result.written.append((number, write_new(settings, name, header, words)))
    return result
