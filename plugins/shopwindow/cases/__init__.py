"""Pelican plugin ``shopwindow.cases``: case-result reports (promised against delivered, before and
after, metrics and charts) and the track record computed from done jobs."""


def register() -> None:
    from pelican import signals

    from .generator import get_generators

    signals.get_generators.connect(get_generators)
