"""Shopwindow's scripts and styles (``static/``: unlock.js, respond.js, wall.js, compare.js, referral.js,
shopwindow.css), written from the package to their own folder of the output (``static_url``), never looked
up in the theme. For the theme's base.html: ``shopwindow_snippets.referral`` (referral.js and its words)."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from .published import PublicFiles
from .rendering import ShopwindowGenerator
from .urls import static_url

PACKAGE_STATIC = Path(__file__).parent / "static"


class AssetsGenerator(ShopwindowGenerator):
    def generate_context(self) -> None:
        snippets = self.context.setdefault("shopwindow_snippets", {})
        snippets["referral"] = Markup(self.render("shopwindow/snippets/referral", self.context))

    def generate_output(self, writer) -> None:
        files = PublicFiles(self)
        for path in sorted(PACKAGE_STATIC.iterdir()):
            if path.is_file():
                files.data(static_url(self.sw, path.name), path.read_bytes())
