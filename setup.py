"""Packages found, not listed: every folder of plugins/shopwindow/ is a package of the namespace plugin
``pelican.plugins.shopwindow`` (its data folders too: templates, static, translations, the scaffold),
and package data is taken by pattern (pyproject.toml). Everything else is in pyproject.toml; setuptools
has no way there to find packages under a folder mapped to a dotted name."""

from setuptools import find_namespace_packages, setup

PACKAGE = "pelican.plugins.shopwindow"
SOURCE = "plugins/shopwindow"

setup(
    package_dir={PACKAGE: SOURCE},
    packages=[
        PACKAGE,
        *(
            f"{PACKAGE}.{name}"
            for name in find_namespace_packages(SOURCE, exclude=["*__pycache__*"])
        ),
    ],
)
