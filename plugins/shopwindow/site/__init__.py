"""Pelican plugin ``shopwindow.site``: the theme's environment (i18n, dates, autoescape), the sitemap,
and the guard that keeps Shopwindow's private folders out of Pelican's own articles and pages."""


def register() -> None:
    from pelican import signals

    from ..build_state import forget_builds
    from .environment import configure_environment
    from .guard import drop_private_articles, drop_private_pages, drop_private_static
    from .precompress import precompress
    from .published import remove_stale
    from .sitemap import get_generators

    signals.generator_init.connect(configure_environment)
    signals.article_generator_pretaxonomy.connect(drop_private_articles)
    signals.page_generator_finalized.connect(drop_private_pages)
    signals.static_generator_finalized.connect(drop_private_static)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(remove_stale)  # before the .gz copies are brought up to date
    signals.finalized.connect(precompress)
    signals.finalized.connect(forget_builds)
