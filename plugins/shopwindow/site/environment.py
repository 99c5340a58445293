"""Prepare every generator's Jinja environment the way Shopwindow's theme expects it."""

from __future__ import annotations

import functools

from ..config import shopwindow_settings
from .i18n import localdate, localnumber, translations


def configure_environment(generator) -> None:
    """generator_init: autoescape, translated strings, local dates, and the settings as ``SW``."""
    env = generator.env
    sw = shopwindow_settings(generator.settings)
    lang = sw["DEFAULT_LANG"]
    # Every value a customer wrote is escaped unless it went through the sanitiser and is marked safe.
    env.autoescape = True
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translations(generator.theme, lang), newstyle=True)
    env.filters["localdate"] = functools.partial(_localdate, lang=lang)
    env.filters["localnumber"] = functools.partial(_localnumber, lang=lang)
    env.globals["SW"] = sw
    env.globals["LANG"] = lang


def _localdate(value, format="long", *, lang):
    return localdate(value, lang, format)


def _localnumber(value, pattern="#,##0.#", *, lang):
    return localnumber(value, lang, pattern)
