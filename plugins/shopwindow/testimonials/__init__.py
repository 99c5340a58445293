"""Pelican plugin ``shopwindow.testimonials``: approved, consented testimonials on a wall, per-service
pages, permalinks with share images, an Atom feed, testimonials.json and an embeddable page."""

from pelican import signals

from .generator import get_generators


def register() -> None:
    signals.get_generators.connect(get_generators)
