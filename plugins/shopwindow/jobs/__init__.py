"""Pelican plugin ``shopwindow.jobs``: one private page per job, at ``/j/<slug>/``, sealed under the job's
code by ``shopwindow.access``. The model is in ``model.py``, what a page shows in ``view.py``."""


def register() -> None:
    from pelican import signals

    from .generator import get_generators

    signals.get_generators.connect(get_generators)
