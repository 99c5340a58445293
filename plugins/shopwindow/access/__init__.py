"""Pelican plugin ``shopwindow.access``: pages and articles with ``Access: JOB-ID`` are published only
encrypted under that job's code, at ``/j/<slug>/<page id>/``, behind a small shell page and ``unlock.js``.

``items.py`` keeps them from Pelican and every other plugin; ``format.py`` is the specified format;
``secret.py`` and ``keycache.py`` hold the keys; ``output.py`` is the one place where private output is
written.
"""


def register() -> None:
    from pelican import signals

    from .generator import get_generators
    from .items import hide_private_items

    signals.generator_init.connect(hide_private_items)
    signals.get_generators.connect(get_generators)
