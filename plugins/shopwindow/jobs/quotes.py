"""Found work and the customer's answer to it: the ``[quote]`` and ``[answer]`` sections of a job's log.

A quote lists items, one a line (a note may follow on indented lines)::

    ## 2026-11-21 10:30 · quote 2 [quote]
    - Rear discs (pair) | 1150 | urgent | disc.jpg
      Worn below the minimum thickness: braking is weaker.
    - Wiper blades | 240 | advisable
    - Tyre tread at 4 mm | | info

Each item is ``name | price | urgency | photo``: the price may be empty, the photo (a file in the job
folder) may be left out. A newer version supersedes the last. The customer's answer, once the shop has
checked its code (``shopwindow job answer``), is written below it::

    ## 2026-11-22 09:14 · answer · quote 2 [answer]
    Approved: Rear discs (pair), Wiper blades. Declined: Tyre tread at 4 mm.
    Answer code: 2026-0042/Q2/AAD/2E7Y0-D61C9

The answer code's line is what counts: ``job/Q<version>/<choices>/<code>``, one ``A`` (approved) or ``D``
(declined) per item in the quote's order (the access format says how the code is made).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..access.format import ANSWER_FORMAT, canonical_name, canonical_price, quote_digest

URGENCIES = ("urgent", "advisable", "info")
ITEM = re.compile(r"^[-*+]\s+(.*)$")
VERSION = re.compile(r"(\d+)\s*$")
# job ID (no white space or slash) / Q version / choices / code (10 characters, a dash allowed)
# ``JOB/Q1/AAD/V2/XXXXX-XXXXX``: the job, the quote version, the choices, the answer code's format
# (none: format 1) and the code.
TOKEN = re.compile(
    r"(?P<job>[^\s/]+)/Q(?P<quote>\d+)/(?P<choices>[A-Za-z]+)/(?:[Vv](?P<format>\d+)/)?"
    r"(?P<code>[0-9A-Za-z]{5}-?[0-9A-Za-z]{5})\b"
)


@dataclass(frozen=True)
class QuoteItem:
    name: str
    price: Decimal | None
    urgency: str  # urgent, advisable or info
    photo_name: str = ""  # a file in the job folder, as written
    note: str = ""
    photo: object = None  # the model's JobPhoto of that file, once found


@dataclass(frozen=True)
class Quote:
    version: int
    time: dt.datetime
    items: tuple[QuoteItem, ...]

    def total(self, choices: str) -> Decimal:
        """The price of the items ``choices`` approves."""
        return sum(
            (
                item.price or Decimal(0)
                for item, c in zip(self.items, choices, strict=True)
                if c == "A"
            ),
            Decimal(0),
        )


@dataclass(frozen=True)
class Answer:
    quote_version: int
    time: dt.datetime
    choices: str  # "AAD": approved, approved, declined
    code: str  # 10 characters, no dash
    answer_format: int = 1  # 2: the code binds the quote's items, prices and currency


@dataclass(frozen=True)
class Token:
    job: str
    quote_version: int
    choices: str
    code: str
    answer_format: int = 1


def answer_token(
    job: str, quote_version: int, choices: str, code: str, answer_format: int = ANSWER_FORMAT
) -> str:
    version = f"V{answer_format}/" if answer_format > 1 else ""
    return f"{job}/Q{quote_version}/{choices}/{version}{code[:5]}-{code[5:]}"


def quote_items(quote: Quote) -> list[tuple[str, str]]:
    """The quote's items as its answer code binds them: (canonical name, canonical price)."""
    return [(canonical_name(item.name), canonical_price(item.price)) for item in quote.items]


def digest_of(quote: Quote, currency: str) -> str:
    """What a format-2 answer code binds of ``quote``: its items, their prices, the currency."""
    return quote_digest(quote_items(quote), currency)


def find_token(text: str) -> Token | None:
    """The last answer code in a pasted message (a quoted earlier answer may come before it)."""
    found = list(TOKEN.finditer(text))
    if not found:
        return None
    last = found[-1]
    return Token(
        last.group("job"),
        int(last.group("quote")),
        last.group("choices").upper(),
        last.group("code").replace("-", "").upper(),
        int(last.group("format") or 1),
    )


def parse_price(text: str) -> Decimal | None:
    """``1150``, ``1 150``, ``1150.50`` or ``1150,50``; empty: no price. ValueError if not a price."""
    written = text.strip()
    text = written.replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        price = Decimal(text)
    except InvalidOperation:
        raise ValueError(f'price "{written}" is not a number (e.g. 1150 or 1150.50)') from None
    if not price.is_finite() or price < 0:
        raise ValueError(f'price "{written}" is not a number of 0 or more')
    return price


def parse_item(text: str) -> QuoteItem:
    """``name | price | urgency [| photo [| note]]``: ValueError naming the problem."""
    parts = [part.strip() for part in text.split("|")]
    if not 3 <= len(parts) <= 5 or not parts[0]:
        raise ValueError(f'"{text}" is not "name | price | urgency | photo | note" (the photo and '
                         "the note may be left out)")  # fmt: skip
    urgency = parts[2].lower()
    if urgency not in URGENCIES:
        raise ValueError(f'urgency "{parts[2]}" is not one of {", ".join(URGENCIES)}')
    parts += [""] * (5 - len(parts))
    return QuoteItem(parts[0], parse_price(parts[1]), urgency, parts[3], parts[4])


def item_line(item: QuoteItem) -> str:
    """An item as the log writes it."""
    price = "" if item.price is None else str(item.price)
    fields = [item.name, price, item.urgency] + ([item.photo_name] if item.photo_name else [])
    lines = ["- " + " | ".join(fields)]
    lines += [f"  {line}" for line in item.note.splitlines() if line.strip()]
    return "\n".join(lines)


def quote_version(heading_stage: str) -> int:
    """``quote 2`` (the text after the time in a ``[quote]`` heading) -> 2."""
    found = VERSION.search(heading_stage)
    if not found:
        raise ValueError(f'"{heading_stage}" does not end in the quote\'s version ("quote 2")')
    return int(found.group(1))


def parse_items(body: str) -> tuple[QuoteItem, ...]:
    """The items of a quote section, with their notes. ValueError for the first bad line."""
    items: list[QuoteItem] = []
    notes: list[list[str]] = []
    for line in body.splitlines():
        if not line.strip():
            continue
        found = ITEM.match(line)
        if found:
            items.append(parse_item(found.group(1)))
            notes.append([])
        elif items and line[:1] in (" ", "\t"):
            notes[-1].append(line.strip())
        else:
            raise ValueError(f'line "{line.strip()}" is neither an item ("- name | price | urgency")'
                             " nor an indented note")  # fmt: skip
    if not items:
        raise ValueError("has no items")
    return tuple(
        QuoteItem(
            item.name,
            item.price,
            item.urgency,
            item.photo_name,
            "\n".join(filter(None, [item.note, *note])),
        )
        for item, note in zip(items, notes, strict=True)
    )


def parse_answer(body: str, when: dt.datetime) -> Answer:
    token = find_token(body)
    if token is None:
        raise ValueError('has no answer code line ("Answer code: JOB/Q1/AAD/XXXXX-XXXXX")')
    return Answer(token.quote_version, when, token.choices, token.code, token.answer_format)
