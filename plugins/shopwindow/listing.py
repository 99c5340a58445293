"""Listings with a service filter: the index of testimonials and the index of reports both have one page
for everything and one per service (so the filter works without JavaScript)."""

from __future__ import annotations

from pelican.utils import slugify


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
) -> None:
    """The index at ``base_url`` and one page per service below it (through ``PublicFiles``)."""
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
        )
