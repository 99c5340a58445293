"""A new shop's site, made by `shopwindow init` in each language, after its first week: one approved
testimonial and one job done. Its home page sells: the promise, the phone, the ratings, the testimonials
and the track record with links to their pages, the services and how to reach the shop, in the site's
language only, in the theme that ships with Shopwindow; and it passes the gates a page of ours passes,
at a phone's and a desktop's width (screenshots in test-artifacts/)."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from pathlib import Path

import pytest

from .gates import axe_violations, broken_links, html_errors, lighthouse
from .sitebuild import BIN, Server

pytestmark = [pytest.mark.gates, pytest.mark.browser]

MOMENT = "2026-11-20T18:00"  # the first week's Friday evening: the job was done at five
SHOPS = {
    "en": {
        "name": "Mill Lane Garage",
        "services": "Brakes, Body and paint",
        "address": "12 Mill Lane, Chisinau",
        "title": "Found in an hour",
        "words": "They found the fault in an hour and kept the price they quoted.",
        "expect": ["Call +373 22 123 456", "How to reach us", "Our services", "Our track record"],
    },
    "ru": {
        "name": "Мастерская Лены",
        "services": "Тормоза, Кузов и покраска",
        "address": "ул. Мельничная 12, Кишинёв",
        "title": "Нашли за час",
        "words": "Нашли неисправность за час и не изменили цену, которую назвали.",
        "expect": ["Позвонить: +373 22 123 456", "Как с нами связаться", "Наши услуги"],
    },
    "ro": {
        "name": "Atelierul Morii",
        "services": "Frâne, Caroserie și vopsire",
        "address": "str. Morii 12, Chișinău",
        "title": "Găsit într-o oră",
        "words": "Au găsit defectul într-o oră și au păstrat prețul spus.",
        "expect": ["Sunați: +373 22 123 456", "Cum ne găsiți", "Serviciile noastre"],
    },
}
PHONE, EMAIL = "+373 22 123 456", "hello@mill-lane.example"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def env() -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if k not in ("CI", "SHOPWINDOW_SECRET", "TZ")}
    return {**kept, "SHOPWINDOW_TODAY": MOMENT}


def run(site: Path, *command) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=site, capture_output=True, text=True, env=env())
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def first_week(root: Path, lang: str) -> Path:
    """The site as init writes it, then its first approved testimonial and its first job done."""
    shop = SHOPS[lang]
    site = root / lang
    run(
        root, BIN / "shopwindow", "init", str(site), "--name", shop["name"], "--lang", lang,
        "--services", shop["services"], "--url", "https://mill-lane.example", "--phone", PHONE,
        "--email", EMAIL, "--address", shop["address"], "--currency", "MDL",
    )  # fmt: skip
    testimonial = site / "content" / "testimonials" / "first-customer.md"
    header = testimonial.read_text().split("\n\n", 1)[0]
    header = header.replace("Status: draft", "Status: approved\nConsent: 2026-11-20\nRating: 5")
    header = re.sub(r"(?m)^Title: .*$", f"Title: {shop['title']}", header)
    testimonial.write_text(f"{header}\n\n{shop['words']}\n")
    [job] = [p.parent.name for p in site.glob("content/jobs/*/job.md")]
    run(site, BIN / "shopwindow", "job", "done", job, "--at", "2026-11-20 17:00")
    return site


@pytest.fixture(scope="module")
def shops(tmp_path_factory):
    """Each language's site, built for the development server, served."""
    root = tmp_path_factory.mktemp("new-shops")
    built = {}
    for lang in SHOPS:
        site = first_week(root, lang)
        build = run(
            site, BIN / "pelican", "content", "-s", "pelicanconf.py", "-o", "output",
            "--fatal", "errors", "--log-handler", "plain",
        )  # fmt: skip
        assert "WARNING" not in build.stdout + build.stderr, build.stdout + build.stderr
        built[lang] = site
    with contextlib.ExitStack() as servers:
        yield {
            lang: (site, servers.enter_context(Server(site / "output")).url + "/")
            for lang, site in built.items()
        }


def visible_text(browser, url: str, size) -> str:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(url)
    text = page.inner_text("body")
    context.close()
    return text


def test_the_russian_home_page_sells_in_russian_only(shops, browser):
    """What a visitor of the Russian shop reads on a phone: the phone to call, the wall and the track
    record linked, and not one word in English (the shop's own name, address and email aside)."""
    site, url = shops["ru"]
    html = (site / "output" / "index.html").read_text()
    assert 'href="tel:+37322123456"' in html and 'href="sms:+37322123456"' in html
    assert 'href="/testimonials/"' in html and 'href="/track-record/"' in html
    assert f'href="mailto:{EMAIL}"' in html
    text = visible_text(browser, url, WIDTHS["phone"])
    for expected in SHOPS["ru"]["expect"] + ["Отзывы", "Наши показатели", SHOPS["ru"]["words"]]:
        assert expected in text, expected
    for service in SHOPS["ru"]["services"].split(", "):
        assert service in text
    theirs = text.replace(EMAIL, "").replace("WhatsApp", "")  # a name, as every language writes it
    assert re.findall(r"[A-Za-z]{2,}", theirs) == [], theirs


@pytest.mark.parametrize("lang", list(SHOPS))
def test_the_home_page_passes_the_gates_at_a_phones_and_a_desktops_width(
    shops, browser, lang, artifacts, tmp_path
):
    site, url = shops[lang]
    output = site / "output"
    assert html_errors([output / "index.html"]) == []
    assert broken_links(output) == []
    for name, size in WIDTHS.items():
        # (axe runs as a script the page's own policy would refuse, as in test_gates)
        context = browser.new_context(
            viewport={"width": size[0], "height": size[1]}, bypass_csp=True
        )
        page = context.new_page()
        page.goto(url)
        text = page.inner_text("main")
        assert [words for words in SHOPS[lang]["expect"] if words not in text] == [], name
        # Nothing wider than the screen: a phone scrolls down, never sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0], name
        assert axe_violations(page) == [], name
        page.screenshot(path=artifacts / f"new-shop-home-{lang}-{size[0]}.png", full_page=True)
        context.close()
    scores = lighthouse(url)
    assert {k: v for k, v in scores.items() if v < 95} == {}, scores


def test_a_new_site_with_nothing_to_show_yet_links_to_nothing_missing(tmp_path):
    """The first build, before any testimonial or done job: no menu item, feed or section that leads
    to a page not written, and a home page that still gives the phone."""
    site = tmp_path / "shop"
    run(
        tmp_path, BIN / "shopwindow", "init", str(site), "--name", "Mill Lane Garage",
        "--lang", "en", "--phone", PHONE,
    )  # fmt: skip
    run(
        site,
        BIN / "pelican",
        "content",
        "-s",
        "pelicanconf.py",
        "-o",
        "output",
        "--fatal",
        "errors",
    )
    output = site / "output"
    html = (output / "index.html").read_text()
    assert not (output / "testimonials").exists() and not (output / "track-record").exists()
    assert "/testimonials/" not in html and "/track-record/" not in html and "feed.atom" not in html
    assert "Customer ratings" not in html and 'href="tel:+37322123456"' in html
    assert broken_links(output) == []
