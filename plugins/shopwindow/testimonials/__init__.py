"""Pelican plugin ``shopwindow.testimonials``: approved, consented testimonials on a wall, per-service
pages, permalinks with share images, an Atom feed, testimonials.json and an embeddable page."""


def register() -> None:
    from pelican import signals

    from .generator import get_generators

    signals.get_generators.connect(get_generators)
