"""Shopwindow as a guest in a site: a language it does not speak, and its parts connected in any order."""

from __future__ import annotations

import re
import shutil

import pytest

from .sitebuild import CI_SECRET, EXAMPLE_DAY, PROJECT, build_site, md_testimonial


def test_a_site_in_german_builds_with_english_pages_and_says_so_once(tmp_path):
    files = {
        "articles/hallo.md": "Title: Hallo\nDate: 2026-11-01\n\nWir reparieren *alles*.\n",
        "testimonials/anna.md": md_testimonial(
            "Anna K.", "approved", "Ready by five, as promised.", Consent="2026-10-02", Rating="5"
        ),
    }
    settings = {
        "DEFAULT_LANG": "de",
        "THEME": "notmyidea",
        "JINJA_ENVIRONMENT": {},
        "ARTICLE_PATHS": ["articles"],
        "DIRECT_TEMPLATES": ["index", "tags", "categories", "archives"],  # notmyidea has no 404
    }
    build = build_site(tmp_path, files, settings)
    note = (
        "shopwindow: DEFAULT_LANG 'de': Shopwindow's pages have no translation in it and are built "
        "in English (it speaks en, ru, ro)"
    )
    assert build.log.count(note) == 1, build.log
    wall = build.read("testimonials/index.html")
    assert '<html lang="en">' in wall  # its own pages say what language they are in
    assert "<h1>Testimonials</h1>" in wall and "Ready by five, as promised." in wall
    article = build.read("blog/hallo/index.html")
    assert '<html lang="de">' in article and "Wir reparieren <em>alles</em>." in article


# A plugin that connects Shopwindow's parts in the reverse of their order in PARTS.
REVERSED_PLUGIN = """
from pelican.plugins.shopwindow.parts import PARTS, connect


def register():
    connect(list(reversed(PARTS)))
"""


@pytest.mark.slow
def test_the_parts_connected_in_reverse_order_write_identical_files(tmp_path):
    """The example site (testimonials, reports, the track record, jobs, private pages) built twice,
    once with the parts in reverse: every output file has the same bytes."""
    env_settings = {"SITEURL": "https://shop.example"}  # one secret for both: SHOPWINDOW_SECRET
    builds = {}
    for order in ("forward", "reverse"):
        root = tmp_path / order
        shutil.copytree(PROJECT / "content", root / "content")
        settings = dict(env_settings)
        if order == "reverse":
            (root / "plugins").mkdir()
            (root / "plugins" / "reversed_shopwindow.py").write_text(REVERSED_PLUGIN)
            settings |= {
                "PLUGIN_PATHS": [str(root / "plugins")],
                "PLUGINS": ["reversed_shopwindow"],
            }
        else:
            settings |= {"PLUGINS": ["shopwindow"]}
        builds[order] = build_site(root, settings=settings, env=EXAMPLE_DAY)
        assert builds[order].env["SHOPWINDOW_SECRET"] == CI_SECRET
    forward, reverse = (
        {p.relative_to(b.output): d for p, d in b.all_bytes()} for b in builds.values()
    )
    assert len(forward) > 100 and any(str(p).startswith("j/") for p in forward)
    assert sorted(forward) == sorted(reverse)
    different = [str(p) for p in forward if forward[p] != reverse[p]]
    assert different == []
    record = (builds["reverse"].output / "track-record" / "index.html").read_text()
    assert "—" not in record.split("<main", 1)[-1].split("</main>", 1)[0]


def test_the_readme_settings_table_has_every_key_and_only_those():
    from pelican.plugins.shopwindow.settings import DEFAULTS

    readme = (PROJECT / "README.md").read_text()
    table = readme.split("## Settings\n", 1)[1].split("\nEnvironment variables:", 1)[0]
    documented = re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE)
    assert sorted(documented) == sorted(DEFAULTS)


def test_one_build_of_the_example_checks_the_settings_once(tmp_path, monkeypatch):
    from pelican.plugins.shopwindow import settings

    made = []
    make = settings._make
    monkeypatch.setattr(
        settings, "_make", lambda pelican_settings: made.append(1) or make(pelican_settings)
    )
    build = build_site(tmp_path, settings={"PATH": str(PROJECT / "content")}, env=EXAMPLE_DAY)
    assert (build.output / "testimonials" / "index.html").is_file()
    assert (build.output / "j").is_dir()
    assert len(made) == 1
