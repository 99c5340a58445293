"""Prepare a Jinja environment the way Shopwindow's theme expects it: Pelican's generators get it at
``generator_init``; the ``shopwindow`` command builds one with ``theme_environment`` for tickets."""

from __future__ import annotations

import functools
import os

import jinja2

from ..config import shopwindow_settings
from .i18n import localdate, localnumber, money, translations


def prepare_environment(env: jinja2.Environment, settings: dict, theme: str) -> None:
    """Autoescape, translated strings, local dates, and the settings as ``SW``."""
    sw = shopwindow_settings(settings)
    lang = sw["DEFAULT_LANG"]
    # Every value a customer wrote is escaped unless it went through the sanitiser and is marked safe.
    env.autoescape = True
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translations(theme, lang), newstyle=True)
    env.filters["localdate"] = functools.partial(_localdate, lang=lang)
    env.filters["localnumber"] = functools.partial(_localnumber, lang=lang)
    env.filters["money"] = functools.partial(_money, lang=lang)
    env.filters["atomdate"] = _atomdate
    env.globals["SW"] = sw
    env.globals["LANG"] = lang


def configure_environment(generator) -> None:
    """generator_init."""
    prepare_environment(generator.env, generator.settings, generator.theme)


def theme_environment(settings: dict) -> jinja2.Environment:
    theme = settings["THEME"]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.join(theme, "templates")))
    prepare_environment(env, settings, theme)
    env.globals.update({k: v for k, v in settings.items() if k.isupper()})
    return env


def _localdate(value, format="long", *, lang):
    return localdate(value, lang, format)


def _localnumber(value, pattern="#,##0.#", *, lang):
    return localnumber(value, lang, pattern)


def _money(value, currency="", *, lang):
    return money(value, currency, lang)


def _atomdate(value) -> str:
    """RFC 3339 for Atom; the site's times are local, written as such (no zone is known)."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else "1970-01-01T00:00:00Z"
