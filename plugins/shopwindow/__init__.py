"""Shopwindow: Pelican plugins for a service business that grows by referral.

Each sub-package is a Pelican plugin listed in PLUGINS (``shopwindow.site``, ``shopwindow.testimonials``,
...). This package itself registers nothing.
"""
