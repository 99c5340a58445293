"""Shopwindow: a Pelican plugin for a service business that grows by referral.

Public proof (approved testimonials, result reports, a track record computed from real jobs) and private
job pages, sealed in the build and opened in the customer's browser. ``PLUGINS = ["shopwindow"]`` loads
it; ``parts.py`` says what each part does and wires it into Pelican.

``THEME`` is the theme that ships with it (``theme/``: the home page that sells, the menu of Shopwindow's
pages as they appear, in en/ru/ro): ``from pelican.plugins.shopwindow import THEME`` in pelicanconf.py.
"""

from pathlib import Path

THEME = str(Path(__file__).parent / "theme")


def register() -> None:
    from .parts import PARTS, connect

    connect(PARTS)
