"""Shopwindow's pages in the site's language (en, ru, ro; any other: English).

Catalogs are ``translations/<lang>/LC_MESSAGES/messages.po`` files, compiled in memory with Babel (no
compile step, no binary file in the repository): the package's own, for its templates, and the theme's if
it has one, which comes first, so a theme can change a wording. English is the source language.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
import itertools
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal

PACKAGE_TRANSLATIONS = Path(__file__).parent / "translations"


def _catalog(folder: Path, lang: str) -> gettext.NullTranslations | None:
    po = folder / lang / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return None
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@functools.cache
def translations(theme_path: str, lang: str) -> gettext.NullTranslations:
    """The theme's catalog for ``lang``, falling back to the package's, then to English."""
    if lang == "en":
        return gettext.NullTranslations()
    chain = [
        c
        for c in (
            _catalog(Path(theme_path) / "translations", lang) if theme_path else None,
            _catalog(PACKAGE_TRANSLATIONS, lang),
        )
        if c is not None
    ]
    if not chain:
        return gettext.NullTranslations()
    for first, second in itertools.pairwise(chain):
        first.add_fallback(second)
    return chain[0]


# The language the staff's command speaks: the site's, once the command has read its settings.
_speaking = ["en"]


def speak(lang: str) -> None:
    _speaking[0] = lang if lang in ("en", "ru", "ro") else "en"


def tr(message: str, **values) -> str:
    """One line of the staff's command output (``job``, ``stats``, ``followup``, ``check``, ``init``'s
    questions) in the language ``speak`` set, through the package's catalogs, the ones its pages use;
    ``values`` fill its ``%(name)s``. Messages about bad input stay English (one text to search for)."""
    text = translations("", _speaking[0]).gettext(message)
    return text % values if values else text


def N_(message: str) -> str:
    """Marks a string for the catalogs (Babel's default keyword) where it is defined; ``tr`` speaks it."""
    return message


def jinja_filters(lang: str) -> dict:
    """``localdate``, ``localnumber``, ``money`` and ``atomdate``: Shopwindow's templates have them; a
    site that wants them in its own templates sets ``JINJA_FILTERS = jinja_filters(DEFAULT_LANG)``."""
    lang = lang if lang in ("en", "ru", "ro") else "en"
    return {
        "localdate": functools.partial(_localdate, lang=lang),
        "localnumber": functools.partial(_localnumber, lang=lang),
        "money": functools.partial(_money, lang=lang),
        "atomdate": _atomdate,
    }


def _localdate(value, format="long", *, lang):
    return localdate(value, lang, format)


def _localnumber(value, pattern="#,##0.#", *, lang):
    return localnumber(value, lang, pattern)


def _money(value, currency="", *, lang):
    return money(value, currency, lang)


def _atomdate(value) -> str:
    """RFC 3339 for Atom; the site's times are local, written as such (no zone is known)."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else "1970-01-01T00:00:00Z"


def localdate(value: dt.date | dt.datetime | None, lang: str, format: str = "long") -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, format=format, locale=Locale.parse(lang))


def month_abbreviations(lang: str) -> list[str]:
    """The twelve months as the ``localdate`` filter writes them in ``d MMM``, January first."""
    written = jinja_filters(lang)["localdate"]
    return [written(dt.date(2000, month, 1), "MMM") for month in range(1, 13)]


def localnumber(value: float | int, lang: str, pattern: str = "#,##0.#") -> str:
    return format_decimal(value, format=pattern, locale=Locale.parse(lang))


def money(value, currency: str, lang: str) -> str:
    if not currency:
        return format_decimal(value, format="#,##0.##", locale=Locale.parse(lang))
    return format_currency(
        value, currency.upper(), locale=Locale.parse(lang), format_type="standard"
    )


def language_tag(text: str) -> str | None:
    """``text`` as a language tag (``ru``, ``en-GB``; ``ro_RO`` reads ``ro-RO``) if it names a language
    Babel knows, else None."""
    tag = text.strip().replace("_", "-")
    if not tag:
        return None
    try:
        Locale.parse(tag, sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    base, *rest = tag.split("-")
    return "-".join([base.lower(), *(part.upper() if len(part) == 2 else part for part in rest)])


@functools.cache
def language_name(tag: str, in_lang: str | None = None) -> str:
    """The language's name in ``in_lang`` (None: in itself), capitalised: "Русский", "Romanian"."""
    locale = Locale.parse(tag, sep="-")
    name = locale.get_language_name(in_lang or locale) or tag
    return name[:1].upper() + name[1:]
