"""Take items with ``Access: JOB-ID`` out of Pelican's articles and pages before anything public sees them.

For articles this runs at ``article_generator_pretaxonomy``: before categories, tags, archives and feeds
are built, so a private article is in none of them. The items are handed to the access generator through
the per-build context (``context["shopwindow_private_items"]``), never kept between builds.
"""

from __future__ import annotations

CONTEXT_KEY = "shopwindow_private_items"


def is_private(item) -> bool:
    return bool(str(item.metadata.get("access", "")).strip())


def _take(generator, attributes: tuple[str, ...]) -> None:
    taken = generator.context.setdefault(CONTEXT_KEY, [])
    for attribute in attributes:
        items = getattr(generator, attribute, None)
        if not items:
            continue
        taken.extend(i for i in items if is_private(i))
        setattr(generator, attribute, [i for i in items if not is_private(i)])


def take_private_articles(generator) -> None:
    _take(generator, ("articles", "translations", "drafts", "drafts_translations"))
    generator.context["articles"] = generator.articles


def take_private_pages(generator) -> None:
    _take(
        generator, ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages")
    )
    generator.context["pages"] = generator.pages
    generator.context["hidden_pages"] = generator.hidden_pages
