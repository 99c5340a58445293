"""Listings with a service filter: the index of testimonials and the index of reports both have one page
for everything and one per service (so the filter works without JavaScript); the wall also one per
language, when it holds more than one."""

from __future__ import annotations

from pelican.utils import slugify

from .i18n import language_name


def services_of(items, base_url: str, settings: dict) -> list[dict]:
    """[{"name", "slug", "count", "url"}] of the services the items name, sorted by name."""
    counts: dict[str, int] = {}
    for item in items:
        for service in item.services:
            counts[service] = counts.get(service, 0) + 1
    regex = settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    found = []
    for name in sorted(counts, key=str.casefold):
        slug = slugify(name, regex_subs=regex)
        found.append(
            {"name": name, "slug": slug, "count": counts[name], "url": f"{base_url}service/{slug}/"}
        )
    return found


def languages_of(items, base_url: str, page_lang: str) -> list[dict]:
    """[{"tag", "name" (in itself), "name_here" (in the page's language), "count", "url"}] of the
    languages the items are in, most items first; empty when they are all in one."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item.language] = counts.get(item.language, 0) + 1
    if len(counts) < 2:
        return []
    return [
        {"tag": tag, "name": language_name(tag), "name_here": language_name(tag, page_lang),
         "count": count, "url": f"{base_url}language/{tag.lower()}/"}
        for tag, count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    ]  # fmt: skip


def write_listing(
    files,
    writer,
    template,
    context: dict,
    base_url: str,
    items: list,
    services: list[dict],
    relative: bool,
    variables: dict,
    languages: list[dict] = (),
) -> None:
    """The index at ``base_url``, one page per service and one per language below it (through
    ``PublicFiles``)."""
    files.page(
        writer,
        f"{base_url}index.html",
        template,
        context,
        **variables,
        relative_urls=relative,
        page_url=base_url,
        shown=items,
        service=None,
        language=None,
    )
    for service in services:
        shown = [item for item in items if service["name"] in item.services]
        files.page(
            writer,
            f"{service['url']}index.html",
            template,
            context,
            **variables,
            relative_urls=relative,
            page_url=service["url"],
            shown=shown,
            service=service,
            language=None,
        )
    for language in languages:
        files.page(
            writer,
            f"{language['url']}index.html",
            template,
            context,
            **variables,
            relative_urls=relative,
            page_url=language["url"],
            shown=[item for item in items if item.language == language["tag"]],
            service=None,
            language=language,
        )
