"""The one way Shopwindow renders a page: one function makes the Jinja environment, one the context.

The environment is Pelican's own, made by Pelican's ``Generator`` for each of Shopwindow's generators
(the theme, ``THEME_TEMPLATES_OVERRIDES``, ``JINJA_ENVIRONMENT``, ``JINJA_FILTERS``, ``JINJA_GLOBALS``),
with, for that generator alone:

- the package's templates after the theme's, so a theme overrides any ``shopwindow/*`` template by name;
- autoescape for Shopwindow's own templates (a customer's words are escaped unless sanitised), not for
  the theme's ``base.html`` they extend, which renders as Pelican renders it;
- translations (``i18n.translations``), filters (``i18n.jinja_filters``) and the settings as
  ``shopwindow``.

Pelican's other generators keep their environments as the site made them. If the site itself enabled
``jinja2.ext.i18n``, Shopwindow installs the same translations there (as i18n-subsites does), unless
another plugin already did, and its filters where the site has none of the same name.

A sealed view is rendered from ``view_context(settings)`` and the document's own variables, never from
the build's whole context, so the build and ``shopwindow watch`` write the same bytes.

A customer's job page and messages speak the customer's language, whatever the site's: for another
language than the site's, the generator renders with a second generator made the same way, in that
language (``ShopwindowGenerator.speaker``).
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import jinja2
from pelican.generators import Generator

from .i18n import jinja_filters, language_name, translations
from .settings import I18N_EXTENSION, shopwindow_settings
from .theme_frame import FramedTemplate, ThemeFrame, probe_theme
from .urls import case_url, photo_url, static_url, testimonial_url

logger = logging.getLogger(__name__)

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
OWN_TEMPLATES = "shopwindow/"


def own_template(name: str | None) -> bool:
    """Autoescape: Shopwindow's HTML templates; never a theme's, never a text message."""
    return bool(name) and name.startswith(OWN_TEMPLATES) and not name.endswith(".txt")


def prepare_environment(env: jinja2.Environment, settings: dict, lang: str | None = None) -> None:
    """Make ``env`` (a Shopwindow generator's, made by Pelican) ready for Shopwindow's templates, in
    ``lang`` (None: the site's language)."""
    sw = shopwindow_settings(settings)
    lang = lang or sw.lang
    env.loader = jinja2.ChoiceLoader([env.loader, jinja2.FileSystemLoader(PACKAGE_TEMPLATES)])
    env.autoescape = own_template
    if I18N_EXTENSION not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translations(settings.get("THEME", ""), lang), newstyle=True)
    env.filters.update(jinja_filters(lang))
    env.globals.update(
        shopwindow=sw,
        LANG=lang,
        language_name=lambda tag: language_name(tag, lang),
        testimonial_url=functools.partial(testimonial_url, sw),
        case_url=functools.partial(case_url, sw),
        photo_url=functools.partial(photo_url, sw),
        static_url=functools.partial(static_url, sw),
    )


def offer_translations(generator) -> None:
    """generator_init: a site that enabled ``jinja2.ext.i18n`` gets Shopwindow's translations (its
    theme's catalog first), unless another plugin installed some, and its date and number filters
    where the site has none of the same name, in every template."""
    env = getattr(generator, "env", None)
    if isinstance(generator, ShopwindowGenerator) or env is None:
        return
    if I18N_EXTENSION in env.extensions and "gettext" not in env.globals:
        lang = shopwindow_settings(generator.settings).lang
        env.install_gettext_translations(
            translations(generator.settings.get("THEME", ""), lang), newstyle=True
        )
        for name, function in jinja_filters(lang).items():
            env.filters.setdefault(name, function)


def view_context(settings: dict) -> dict:
    """What a sealed view is rendered with, besides its own variables: the settings, as Pelican's
    context starts from them."""
    return {**settings, "localsiteurl": settings.get("SITEURL", "")}


class ShopwindowGenerator(Generator):
    """A Pelican generator whose environment is ready for Shopwindow's templates."""

    def __init__(self, *args, lang: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sw = shopwindow_settings(self.settings)
        self.lang = lang or self.sw.lang
        prepare_environment(self.env, self.settings, self.lang)
        self._speakers: dict[str, ShopwindowGenerator] = {}
        self._frame: ThemeFrame | None = None

    def framed(self, template: jinja2.Template, context: dict) -> FramedTemplate:
        """``template`` (a public page extending the theme's ``base.html``) made to fit the theme,
        which is probed once, with the context of the first page (``theme_frame``)."""
        if self._frame is None:
            self._frame = probe_theme(self.env, context)
        return FramedTemplate(template, self._frame, str(self.settings.get("THEME", "")))

    def speaker(self, lang: str | None = None) -> ShopwindowGenerator:
        """The generator that renders in ``lang`` (None or this one's: itself): made as Pelican made
        this one, with that language's translations, filters and ``LANG``."""
        if not lang or lang == self.lang:
            return self
        if lang not in self._speakers:
            self._speakers[lang] = ShopwindowGenerator(
                context=self.context,
                settings=self.settings,
                path=self.path,
                theme=self.theme,
                output_path=self.output_path,
                lang=lang,
            )
        return self._speakers[lang]

    def template(self, name: str, lang: str | None = None) -> jinja2.Template:
        """``name`` (``shopwindow/job``, ``shopwindow/message/update.txt``...) in ``lang``: found as
        Pelican finds a template (with TEMPLATE_EXTENSIONS unless it has its own)."""
        speaker = self.speaker(lang)
        if "." in Path(name).name:
            return speaker.env.get_template(name)
        return speaker.get_template(name)

    def gettext(self, message: str) -> str:
        """``message`` in this generator's language, as its templates' ``_()`` says it."""
        return translations(self.settings.get("THEME", ""), self.lang).gettext(message)

    def render(self, template: str, variables: dict, lang: str | None = None) -> str:
        """``template`` (``shopwindow/ticket``, a theme's ``base``...) rendered with ``variables``."""
        return self.template(template, lang).render(variables)


def standalone(settings: dict) -> ShopwindowGenerator:
    """A generator outside a Pelican run (the command, the watcher), with the same environment."""
    return ShopwindowGenerator(
        context=view_context(settings),
        settings=settings,
        path=settings["PATH"],
        theme=settings["THEME"],
        output_path=settings["OUTPUT_PATH"],
    )
