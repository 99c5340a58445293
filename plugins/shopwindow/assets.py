"""Shopwindow's scripts and styles (``static/``: unlock.js, respond.js, wall.js, compare.js, referral.js,
shopwindow.css), written from the package to their own folder of the output (``static_url``), never looked
up in the theme, once another part writes a page that needs them. For the theme's base.html:
``shopwindow_snippets.referral`` (referral.js and its words)."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from .build_state import build_state
from .published import PublicFiles
from .rendering import ShopwindowGenerator
from .urls import static_url

PACKAGE_STATIC = Path(__file__).parent / "static"


class AssetsGenerator(ShopwindowGenerator):
    def generate_context(self) -> None:
        snippets = self.context.setdefault("shopwindow_snippets", {})
        snippets["referral"] = Markup(self.render("shopwindow/snippets/referral", self.context))

    def generate_output(self, writer) -> None:
        # Every part's generate_context ran before any generate_output (Pelican's order).
        if not build_state(self.context).writes_pages:
            return
        files = PublicFiles(self)
        for path in sorted(PACKAGE_STATIC.iterdir()):
            if path.is_file():
                files.data(static_url(self.sw, path.name), path.read_bytes())
