"""Pelican plugin ``shopwindow.access``: pages and articles with ``Access: JOB-ID`` are published only
encrypted under that job's code, at ``/j/<slug>/<page id>/``, behind a small shell page and ``unlock.js``.

``format.py`` is the specified format; ``secret.py`` and ``keycache.py`` hold the keys; ``output.py``
is the one place where private bytes leave for the output folder, sealed.
"""


def register() -> None:
    from pelican import signals

    from .collect import take_private_articles, take_private_pages
    from .generator import get_generators

    signals.article_generator_pretaxonomy.connect(take_private_articles)
    signals.page_generator_finalized.connect(take_private_pages)
    signals.get_generators.connect(get_generators)
