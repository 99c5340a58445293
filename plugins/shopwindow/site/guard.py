"""Keep Shopwindow's own folders out of Pelican's articles and pages.

Testimonials, cases and jobs have their own generators and publication rules. If a site's ARTICLE_PATHS
or PAGE_PATHS reach into them, Pelican would publish every file there, consented or not, so those items
are dropped before taxonomy (tags, categories and feeds are built after this point) with an error.
"""

from __future__ import annotations

import logging
import os

from ..build_state import build_state
from ..config import shopwindow_settings
from ..content import shown_path

logger = logging.getLogger(__name__)


def private_roots(settings) -> list[str]:
    """The folders whose files only Shopwindow's generators may publish."""
    sw = shopwindow_settings(settings)
    roots = [os.path.join(settings["PATH"], sw["TESTIMONIALS_PATH"]), sw["JOBS_ROOT"]]
    roots.append(os.path.join(settings["PATH"], sw["CASES_PATH"]))
    return [os.path.abspath(root) + os.sep for root in roots]


def in_private_folder(path: str, roots: list[str]) -> bool:
    """Whether ``path`` lies in one of ``private_roots``: only Shopwindow's generators may publish it."""
    return any(os.path.abspath(path).startswith(root) for root in roots)


def _keep(item, roots: list[str]) -> bool:
    path = os.path.abspath(item.source_path)
    if in_private_folder(path, roots):
        logger.error(
            "%s: read as a Pelican %s because ARTICLE_PATHS or PAGE_PATHS include its folder; "
            "left out. Add the folder to ARTICLE_EXCLUDES and PAGE_EXCLUDES",
            shown_path(path),
            type(item).__name__.lower(),
        )
        return False
    return True


def _filter(generator, attributes: tuple[str, ...]) -> None:
    roots = private_roots(generator.settings)
    for attribute in attributes:
        items = getattr(generator, attribute, None)
        if items:
            setattr(generator, attribute, [i for i in items if _keep(i, roots)])


def drop_private_articles(generator) -> None:
    _filter(generator, ("articles", "translations", "drafts", "drafts_translations"))
    generator.context["articles"] = generator.articles


def drop_private_pages(generator) -> None:
    _filter(
        generator,
        ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages"),
    )
    generator.context["pages"] = generator.pages
    generator.context["hidden_pages"] = generator.hidden_pages


def drop_private_static(generator) -> None:
    """static_generator_finalized: a STATIC_PATHS entry that reaches into a job folder (or testimonials,
    or cases) would copy private files as they are. Those files are dropped with an error. A file that a
    private page shows or links is private too: it is published only sealed with its job, never in plain
    (a warning says so if STATIC_PATHS would have copied it)."""
    roots = private_roots(generator.settings)
    linked = build_state(generator.context).linked_files
    kept = []
    for item in generator.staticfiles:
        path = os.path.abspath(item.source_path)
        if in_private_folder(path, roots):
            logger.error(
                "%s: STATIC_PATHS includes a private folder, so this file would be published as it is; "
                "left out. Remove the folder from STATIC_PATHS",
                shown_path(path),
            )
        elif os.path.realpath(path) in linked:
            logger.warning(
                "%s: the private page %s shows or links it, so it is published only sealed with that "
                "page's job, not as a public file; link a copy from public pages",
                shown_path(path),
                linked[os.path.realpath(path)],
            )
        else:
            kept.append(item)
            continue
        # Nor may another plugin, or a {static} link of a public page, find it.
        generator.context.get("static_content", {}).pop(item.get_relative_source_path(), None)
    generator.staticfiles = kept
    generator.context["staticfiles"] = kept
