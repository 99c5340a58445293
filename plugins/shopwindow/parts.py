"""Shopwindow's parts, and how each is wired into Pelican.

``register()`` connects every part. No part reads what another part put in Pelican's context while it
builds, and the output is the same whatever the order they are connected in (a test reverses it): what
two parts both need (jobs for the track record and for job pages, testimonials for the rating) each reads
from the models, once per build (``build_state.per_build``).

A guest's cost stays near nothing: the receivers import what they need when they run, and the parts'
generators (named here, imported when Pelican asks for them) join a build only when the site has some
of Shopwindow's content. Without any, a page with ``Access`` is still kept from Pelican and reported
(``private.items``).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from .build_state import forget_builds
from .guard import drop_private_static, own_content
from .private.items import hide_private_items
from .settings import I18N_EXTENSION, language_note, publish_build, shopwindow_settings

logger = logging.getLogger(__name__)


def check_settings(pelican) -> None:
    """initialized: the SHOPWINDOW settings are checked once, before anything is read; a CI or publish
    build of a site with jobs and without its secret stops here. A site without Shopwindow's content
    needs no secret and hears nothing from it."""
    shopwindow_settings(pelican.settings)
    content = own_content(pelican.settings)
    if content.jobs and publish_build(pelican.settings):
        from .access.secret import load_secret

        load_secret(pelican.settings)
    note = language_note(pelican.settings)
    if note and content.anything:
        logger.warning("shopwindow: %s", note)


def offer_translations(generator) -> None:
    """generator_init: a site that enabled Jinja's i18n extension gets Shopwindow's translations and
    filters (``rendering.offer_translations``)."""
    env = getattr(generator, "env", None)
    if env is not None and I18N_EXTENSION in env.extensions:
        from .rendering import offer_translations as offer

        offer(generator)


def share_settings(generator) -> None:
    """generator_init: Shopwindow's settings, as ``shopwindow`` in every template's context (a theme
    shows the business's name and address from it)."""
    generator.context.setdefault("shopwindow", shopwindow_settings(generator.settings))


def send_messages(pelican) -> None:
    """finalized: the customers' messages due now, once each (``messages.outbox``). A failing channel
    is a warning, tried again on the next run: it never fails the build."""
    if not own_content(pelican.settings).jobs:
        return
    from .messages.outbox import send_due

    try:
        send_due(pelican.settings)
    except Exception as error:
        logger.warning("shopwindow: messages not sent this time: %s", error, exc_info=True)


def finish_build(pelican) -> None:
    """finalized: remove the public files of items no longer public, and what the cache holds of
    them, then forget the build's state."""
    from .public_cache import prune_public_cache
    from .published import remove_stale

    remove_stale(pelican)
    prune_public_cache(pelican)
    forget_builds()


@dataclass(frozen=True)
class Part:
    name: str
    generators: tuple[str, ...] = ()  # "module:Class", below this package
    receivers: tuple[tuple[str, Callable], ...] = ()  # (Pelican signal, receiver)

    def generator_classes(self, pelican) -> tuple[type, ...]:
        """get_generators: this part's generators, if the site has any of Shopwindow's content."""
        if not own_content(pelican.settings).anything:
            return ()
        found = []
        for name in self.generators:
            module, attribute = name.split(":")
            found.append(getattr(importlib.import_module(f"{__package__}.{module}"), attribute))
        return tuple(found)


PARTS = (
    Part("settings", receivers=(("initialized", check_settings),)),
    Part(
        "templates",
        receivers=(("generator_init", offer_translations), ("generator_init", share_settings)),
    ),
    Part(
        "guard",
        receivers=(
            ("generator_init", hide_private_items),
            ("static_generator_finalized", drop_private_static),
        ),
    ),
    Part("assets", generators=("assets:AssetsGenerator",)),
    Part("testimonials", generators=("testimonials.generator:TestimonialsGenerator",)),
    Part("cases", generators=("cases.generator:CasesGenerator",)),
    Part("private", generators=("private.generator:PrivateOutputGenerator",)),
    Part("output", receivers=(("finalized", finish_build),)),
    Part("messages", receivers=(("finalized", send_messages),)),
)


def connect(parts) -> None:
    """Connect every part's receivers and generators, in the order of ``parts``. Idempotent: Pelican
    calls ``register()`` for every ``Pelican()`` it makes (a second instance in one process, ``pelican
    --autoreload`` after the settings changed), and Blinker connects a function (or a part's bound
    ``generator_classes``) once however often it is asked, so each runs once per signal."""
    from pelican import signals

    for part in parts:
        for signal, receiver in part.receivers:
            getattr(signals, signal).connect(receiver)
        if part.generators:
            signals.get_generators.connect(part.generator_classes)
