"""The addresses of Shopwindow's public pages, from the settings (``wall_url``, ``cases_url``...), so
that templates, feeds, structured data and the sitemap all say the same."""

from __future__ import annotations


def testimonial_url(sw: dict, testimonial) -> str:
    return f"{sw['wall_url']}{testimonial.slug}/"


def case_url(sw: dict, case) -> str:
    return f"{sw['cases_url']}{case.slug}/"


def photo_url(sw: dict, rendition_name: str) -> str:
    return f"{sw['photos_url']}{rendition_name}"


def static_url(sw: dict, name: str) -> str:
    return f"{sw['static_url']}{name}"
