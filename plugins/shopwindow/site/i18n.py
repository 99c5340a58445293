"""UI strings and dates in the site's language (en, ru, ro).

Catalogs are the theme's ``translations/<lang>/LC_MESSAGES/messages.po``, compiled in memory with Babel,
so there is no compile step and no binary file in the repository. English is the source language.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal


@functools.cache
def translations(theme_path: str, lang: str) -> gettext.NullTranslations:
    po = Path(theme_path) / "translations" / lang / "LC_MESSAGES" / "messages.po"
    if lang == "en" or not po.is_file():
        return gettext.NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def localdate(value: dt.date | dt.datetime | None, lang: str, format: str = "long") -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, format=format, locale=Locale.parse(lang))


def localnumber(value: float | int, lang: str, pattern: str = "#,##0.#") -> str:
    return format_decimal(value, format=pattern, locale=Locale.parse(lang))


def money(value, currency: str, lang: str) -> str:
    if not currency:
        return format_decimal(value, format="#,##0.##", locale=Locale.parse(lang))
    return format_currency(
        value, currency.upper(), locale=Locale.parse(lang), format_type="standard"
    )
