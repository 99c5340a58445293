"""Each testimonial in its language (issue 27, point 7): `Language` (default the site's) puts `lang` on
the customer's words where they differ from the page (WCAG 3.1.2), in the feed, the JSON and the
structured data; the wall is filtered by language once it holds more than one; the share image draws
every script we publish in."""

from __future__ import annotations

import json
import re

import pytest
from pelican.plugins.shopwindow.testimonials import share_image

from .sitebuild import Server, build_site, md_testimonial

WORDS = {
    "en": "They kept the price they quoted and phoned before every change.",
    "ru": "Сразу сказали, что деталь придётся ждать три дня; всё объяснили, цена та же.",
    "ro": "Am urmărit fiecare etapă pe telefon; mașina e gata, iar prețul și termenul s-au ținut.",
}


def shop_testimonials(languages: dict[str, str | None], site: str = "en") -> dict[str, str]:
    """One approved testimonial per name: {name: its Language header (None: none, the words in the
    site's language)}."""
    files = {}
    for name, language in languages.items():
        fields = {"Consent": "2026-10-01", "Rating": "5", "Date": "2026-10-02", "Service": "Brakes"}
        if language:
            fields["Language"] = language
        words = WORDS[(language or site)[:2]]
        files[f"testimonials/{name}.md"] = md_testimonial(name.title(), "approved", words, **fields)
    return files


def quote_langs(html: str) -> dict[str, str | None]:
    """{the first word of each quote: its lang attribute, None without one} (the words of one
    language start alike, so a second of them is keyed with "2")."""
    found = {}
    for attributes, body in re.findall(r'<blockquote class="quote[^"]*"([^>]*)>(.*?)</blockquote>',
                                       html, re.S):  # fmt: skip
        lang = re.search(r'lang="([^"]+)"', attributes)
        word = re.sub(r"<[^>]+>", "", body).split()[0]
        found[word + ("2" if word in found else "")] = lang.group(1) if lang else None
    return found


def test_words_in_another_language_carry_lang_on_every_page_that_shows_them(tmp_path):
    site = build_site(tmp_path, shop_testimonials({"anna": None, "olga": "ru", "mihai": "ro-RO"}))
    assert quote_langs(site.read("testimonials/index.html")) == {
        "They": None,
        "Сразу": "ru",
        "Am": "ro-RO",
    }
    assert quote_langs(site.read("testimonials/olga/index.html")) == {"Сразу": "ru"}
    assert quote_langs(site.read("testimonials/anna/index.html")) == {"They": None}
    assert quote_langs(site.read("testimonials/embed/index.html"))["Сразу"] == "ru"
    feed = site.read("testimonials/feed.atom")
    assert sorted(re.findall(r'<content type="html" xml:lang="([^"]+)">', feed)) == [
        "en",
        "ro-RO",
        "ru",
    ]
    data = json.loads(site.read("testimonials/testimonials.json"))["testimonials"]
    assert {t["author"]: t["language"] for t in data} == {
        "Anna": "en",
        "Olga": "ru",
        "Mihai": "ro-RO",
    }
    reviews = re.search(r'<script type="application/ld\+json">(.*?)</script>',
                        site.read("testimonials/olga/index.html"), re.S).group(1)  # fmt: skip
    assert json.loads(reviews)["inLanguage"] == "ru"


def test_on_a_russian_site_the_english_words_carry_lang_and_the_russian_ones_none(tmp_path):
    site = build_site(
        tmp_path,
        shop_testimonials({"anna": "en", "olga": None}, site="ru"),
        settings={"DEFAULT_LANG": "ru"},
    )
    html = site.read("testimonials/index.html")
    assert '<html lang="ru">' in html
    assert quote_langs(html) == {"They": "en", "Сразу": None}


def test_the_wall_has_a_page_per_language_once_it_holds_more_than_one(tmp_path):
    one = build_site(tmp_path / "one", shop_testimonials({"anna": None, "david": "en"}))
    assert "Filter by language" not in one.read("testimonials/index.html")
    assert not (one.output / "testimonials" / "language").exists()

    site = build_site(
        tmp_path / "three",
        shop_testimonials({"anna": None, "david": "en", "olga": "ru", "ivan": "ru", "mihai": "ro"}),
    )
    wall = site.read("testimonials/index.html")
    nav = re.search(r'<nav class="filter filter-language" aria-label="Filter by language">(.*?)</nav>',
                    wall, re.S).group(1)  # fmt: skip
    links = re.findall(r'<a href="[^"]*?/?(testimonials/[^"]*)"[^>]*>(.*?)</a>', nav, re.S)
    shown = [(href, re.sub(r"<[^>]+>", "", text).split()) for href, text in links]
    assert shown == [
        ("testimonials/", ["All", "languages"]),
        ("testimonials/language/en/", ["English", "2"]),
        ("testimonials/language/ru/", ["Русский", "2"]),
        ("testimonials/language/ro/", ["Română", "1"]),
    ]
    assert '<span lang="ru">Русский</span>' in nav and '<span lang="ro">Română</span>' in nav
    russian = site.read("testimonials/language/ru/index.html")
    assert "<title>Testimonials: Russian" in russian
    assert sorted(quote_langs(russian).values()) == ["ru", "ru"]
    assert 'aria-current="page"><span lang="ru">Русский' in russian


def test_a_language_that_is_no_language_is_named_with_its_file(tmp_path):
    files = shop_testimonials({"anna": None})
    files["testimonials/olga.md"] = md_testimonial(
        "Olga", "approved", WORDS["ru"], Consent="2026-10-01", Language="russian please"
    )
    site = build_site(tmp_path, files, fatal=False)
    assert (
        'content/testimonials/olga.md: Language "russian please" is not a language code '
        "(en, ru, ro, ...)" in site.log
    )
    assert "Сразу" not in site.read("testimonials/index.html")


@pytest.mark.parametrize("lang", sorted(WORDS))
def test_the_share_image_font_draws_every_letter_of_each_language(lang):
    alphabet = {
        "en": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        "ru": "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "ro": "ĂÂÎȘȚăâîșțŞŢşţ",
    }[lang]
    punctuation = "“”„«»—–…’!?.,;:()"
    assert share_image.missing_glyphs(alphabet + punctuation + WORDS[lang]) == ""


def test_words_the_share_image_cannot_draw_are_warned_of_with_the_file(tmp_path):
    files = shop_testimonials({"anna": None})
    files["testimonials/li.md"] = md_testimonial(
        "Li", "approved", "修得很好 — fixed well", Consent="2026-10-01", Language="zh"
    )
    site = build_site(tmp_path, files)
    assert (
        'content/testimonials/li.md: its share image draws "修得很好" as boxes: the font '
        f'{share_image.font_name()} has no glyph for it; set SHOPWINDOW["share_image_font"] to a '
        "TrueType font that has" in site.log
    )
    assert (site.output / "testimonials" / "li" / "share.png").is_file()


@pytest.mark.browser
def test_the_wall_filters_by_language_in_place_on_a_phone(tmp_path, browser):
    site = build_site(
        tmp_path,
        shop_testimonials({"anna": None, "david": "en", "olga": "ru", "ivan": "ru", "mihai": "ro"}),
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    with Server(site.output) as server:
        page.goto(f"{server.url}/testimonials/")
        page.get_by_role("link", name="Русский 2").tap()
        visible = page.locator("#wall .testimonial:visible")
        assert sorted(visible.locator(".author").all_inner_texts()) == ["Ivan", "Olga"]
        assert page.url == f"{server.url}/testimonials/", "filtered in place, no navigation"
        assert page.locator("#wall-status").inner_text() == "2 testimonials"
        assert page.get_by_role("link", name="Русский 2").get_attribute("aria-current") == "page"
        assert page.get_by_role("link", name="All services").get_attribute("aria-current") == "page"
        page.get_by_role("link", name="Brakes 5").tap()
        assert page.locator("#wall .testimonial:visible").count() == 5
        assert (
            page.get_by_role("link", name="All languages").get_attribute("aria-current") == "page"
        )
        assert page.get_by_role("link", name="Русский 2").get_attribute("aria-current") is None
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the wall is {width}px wide on a 390px phone"
    context.close()
