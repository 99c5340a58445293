"""How Shopwindow's public pages sit in a theme's ``base.html``, whatever the theme.

Shopwindow's pages extend the theme's ``base.html`` (``shopwindow/page.html``) and put what they need in
its ``<head>`` (the stylesheet, the canonical address, Open Graph tags, a page's script) through the
theme's ``head`` block, and their title through its ``title`` block. Themes differ: Flex and Elegant
have no ``head`` block, and Flex writes the site's name before its ``title`` block. So once per theme
and language, a probe renders ``base.html`` with a marker in each of those blocks and reads where they
land (``ThemeFrame``):

- no ``head`` block: each page is rendered as usual, then Shopwindow's head (the ``shopwindow_head``
  block of ``page.html``, rendered in the page's own context) goes in just before ``</head>``. A theme
  whose ``base.html`` has no ``</head>`` at all is named in one warning, with the override that fixes it;
- the title: where the theme puts nothing around the block, the page's title is followed by the site's
  name; where it writes something before it (the site's name), the page's title follows, after a
  separator; where it writes something after it, the page's title stands alone.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import jinja2

logger = logging.getLogger(__name__)

TITLE_MARK = "\x1eshopwindow-title\x1e"
HEAD_MARK = "\x1eshopwindow-head\x1e"
PROBE = (
    '{% extends "base.html" %}'
    "{% block title %}" + TITLE_MARK + "{% endblock %}"
    "{% block head %}{{ super() }}" + HEAD_MARK + "{% endblock %}"
)
TITLE_ELEMENT = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_warned: set[str] = set()


@dataclass(frozen=True)
class ThemeFrame:
    head_block: bool = True
    title: str = "whole"  # whole, after (the theme writes before the block) or alone


def probe_theme(env: jinja2.Environment, context: dict) -> ThemeFrame:
    """Where the theme's ``base.html`` puts its ``head`` and ``title`` blocks, read off a rendering."""
    try:
        html = env.from_string(PROBE).render({**context, "output_file": "index.html"})
    except Exception:  # a theme that cannot render without a page: assume the common layout
        logger.debug(
            "shopwindow: the theme's base.html did not render for the probe", exc_info=True
        )
        return ThemeFrame()
    title = "whole"
    element = TITLE_ELEMENT.search(html)
    if element and TITLE_MARK in element.group(1):
        before, after = element.group(1).split(TITLE_MARK, 1)
        if after.strip():
            title = "alone"
        elif before.strip():
            title = "after"
    return ThemeFrame(head_block=HEAD_MARK in html, title=title)


class FramedTemplate:
    """A Shopwindow page template that gets its head into the page in any theme: rendered as Pelican
    renders a template (``render(context)``), for Pelican's writer or Shopwindow's own."""

    def __init__(self, template: jinja2.Template, frame: ThemeFrame, theme: str):
        self.template, self.frame, self.theme = template, frame, theme

    def render(self, context: dict) -> str:
        variables = {**context, "shopwindow_frame": self.frame}
        if self.frame.head_block:
            return self.template.render(variables)
        # As Template.render does, keeping the rendering's context: it holds every block of the
        # page's chain, its head among them (a theme's own page.html may have none).
        run = self.template.new_context(variables)
        html = jinja2.utils.concat(self.template.root_render_func(run))
        blocks = run.blocks.get("shopwindow_head")
        if not blocks:
            return html
        head = jinja2.utils.concat(blocks[0](run))
        end = HEAD_END.search(html)
        if end is None:
            if self.theme not in _warned:
                _warned.add(self.theme)
                logger.warning(
                    "shopwindow: the theme %s has no </head> in its base.html, so Shopwindow's pages "
                    "lack their stylesheet and tags; override shopwindow/page.html "
                    "(THEME_TEMPLATES_OVERRIDES) with one that fills a block of the theme's <head>",
                    self.theme,
                )
            return html
        return html[: end.start()] + head + "\n" + html[end.start() :]
