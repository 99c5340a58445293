"""Shopwindow's public pages in the site's menu, once they exist (``SHOPWINDOW["menu"] = True``).

Each of Shopwindow's index pages (the wall, the reports, the track record) is written only once it has
something to show, so a menu that names them by hand leads to a missing page on a new site. With
``menu`` on, each part adds its page to Pelican's ``MENUITEMS`` in the context (never in the settings)
as it decides to write it: after the site's own items, always in the order of ``MENU_ORDER``, labelled
in the site's language, so the result is the same whichever part adds first.

Whatever ``menu`` says, ``shopwindow_pages`` in the context lists the same pages (in that order, as
(label, address)) for a theme that places them itself, and ``shopwindow_written`` their keys ("wall",
"cases", "track_record"): the theme Shopwindow ships uses both.
"""

from __future__ import annotations

from .build_state import build_state

MENU_ORDER = ("wall", "cases", "track_record")


def add_to_menu(generator, key: str, label: str, url: str) -> None:
    """``generator``'s part writes the page at ``url`` (below the site root): list it in the menu."""
    items = build_state(generator.context).menu
    items[key] = (label, f"{generator.settings.get('SITEURL', '')}/{url}")
    generator.context["shopwindow_pages"] = [items[name] for name in MENU_ORDER if name in items]
    generator.context["shopwindow_written"] = frozenset(items)
    if not generator.sw.menu:
        return
    generator.context["MENUITEMS"] = [
        *generator.settings.get("MENUITEMS", ()),
        *(items[name] for name in MENU_ORDER if name in items),
    ]
