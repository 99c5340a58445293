"""A job page in Chromium, as the customer opens it on a phone and on a desktop."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from playwright.sync_api import expect

from .sitebuild import BIN, EXAMPLE_DAY, PROJECT, Server, build_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    root = tmp_path_factory.mktemp("jobs")
    # The example job's story is told on 22 November: "on track to be ready Mon 23 Nov" is as of then.
    build = build_site(root, settings={"PATH": str(PROJECT / "content")}, env=EXAMPLE_DAY)
    result = subprocess.run(
        [
            BIN / "shopwindow",
            "--settings",
            str(build.conf),
            "job",
            "link",
            "2026-0042",
            "--json",
            "--local",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    return build, json.loads(result.stdout)


def load_all_photos(page) -> None:
    """Scroll to each photo and look at it until it is open, as a customer does. (Scrolled past at
    once, a photo may enter and leave the screen between two frames of a loaded machine: it opens
    when it is scrolled back to, not before.) The page opens first: until the code is checked there
    is no photo to look at."""
    expect(page.locator("#view")).to_be_visible()
    expect(page.locator("#view img.sealed").first).to_be_attached()
    for image in page.locator("#view img.sealed").all():
        image.scroll_into_view_if_needed()
        expect(image).to_have_class(re.compile(r"\bis-open\b"))
    expect(page.locator("#view img.sealed:not(.is-open)")).to_have_count(0)


def test_job_page_shows_stages_notes_and_decrypted_photos(example, browser, artifacts):
    build, link = example
    with Server(build.output) as server:
        for width in (360, 1280):
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
            page.goto(link["url"].replace("http://127.0.0.1:8000", server.url))
            expect(page.locator("#view")).to_be_visible()
            stages = page.locator("#view .stage .stage-label").all_inner_texts()
            assert stages == [
                "Received",
                "Diagnosis",
                "Parts",
                "Repair",
                "Paint",
                "Quality check",
                "Ready",
                "Collected",
            ]
            assert (
                page.locator("#view .stage[aria-current=step] .stage-label").inner_text()
                == "Repair"
            )
            text = page.inner_text("#view")
            assert "The rear discs are scored" in text and "no more noise" in text
            assert "Promised by Tue 24 Nov, on track to be ready Mon 23 Nov: 1 day early." in text
            load_all_photos(page)
            # Three in the updates and one of the found work to answer (the example's quote).
            assert page.locator("#view .timeline .photos img.sealed").count() == 3
            assert page.locator("#view .found-work .photos img.sealed").count() == 1
            photos = page.locator("#view .photos img.sealed")
            assert all(
                photos.nth(i).evaluate("i => i.naturalWidth > 0 && i.src.startsWith('blob:')")
                for i in range(4)
            )
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, f"{overflow}px wide at {width}px"
            page.screenshot(path=artifacts / f"job-{width}.png", full_page=True)
            assert errors == []
            context.close()


def test_tap_to_enlarge_and_swipe_between_photos(example, page):
    build, link = example
    with Server(build.output) as server:
        page.goto(link["url"].replace("http://127.0.0.1:8000", server.url))
        load_all_photos(page)
        page.locator("#view .photos img.sealed").first.click()
        dialog = page.locator("dialog.lightbox")
        expect(dialog).to_be_visible()
        expect(dialog.locator(".lightbox-count")).to_have_text("Photo 1 of 4")
        expect(dialog.locator("figure img")).to_have_attribute(
            "src", __import__("re").compile("^blob:")
        )
        page.keyboard.press("ArrowRight")
        expect(dialog.locator(".lightbox-count")).to_have_text("Photo 2 of 4")
        box = dialog.bounding_box()
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + box["width"] * 0.3, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.8, y)
        page.mouse.up()
        expect(dialog.locator(".lightbox-count")).to_have_text("Photo 1 of 4")
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()


def test_a_job_in_russian_on_an_english_site_is_russian_throughout(tmp_path, browser, monkeypatch):
    from .images import camera_jpeg
    from .test_i18n import CATALOGS, as_pattern, ui_strings

    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-22")
    job = (
        "Title: Задние тормоза\nCustomer: Ольга С.\nLanguage: ru\nEmail: olga@example.ru\n"
        "Phone: +373 69 123 456\nNotify: email\nReceived: 2026-11-20 09:10\n"
        "Promised: 2026-11-24\nEstimate: 2026-11-25\nStatus: active\n\n"
        "## 2026-11-20 09:10 · received · lift-2\nМашина принята.\n![На подъёмнике](lift.jpg)\n\n"
        "## 2026-11-21 15:30 · repair\nНовые диски стоят.\n"
    )
    build = build_site(
        tmp_path,
        {"jobs/R-1/job.md": job, "jobs/R-1/lift.jpg": camera_jpeg()},
        {"DEFAULT_LANG": "en", "SITENAME": "Гараж"},
    )
    link = json.loads(
        subprocess.run(
            [BIN / "shopwindow", "--settings", str(build.conf), "job", "link", "R-1", "--json", "--local"],
            capture_output=True, text=True, check=True, cwd=tmp_path,
        ).stdout
    )  # fmt: skip
    english = sorted(ui_strings(CATALOGS["plugin"]) | ui_strings(CATALOGS["example theme"]))
    with Server(build.output) as server:
        page = browser.new_page()
        page.goto(link["address"].replace("http://127.0.0.1:8000", server.url))
        assert page.evaluate("document.documentElement.lang") == "ru"
        shell = page.inner_text("body") + page.title()
        page.fill("#access-code", link["code"])
        page.click("#unlock-form button[type=submit]")
        expect(page.locator("#view")).to_be_visible()
        load_all_photos(page)
        view = page.inner_text("body")
        page.close()
    for text in (shell, view):
        left = [m for m in english if as_pattern(m).search(text)]
        assert left == [], f"English on the Russian customer's page: {left}"
    assert "Введите код доступа" in shell
    assert "Ремонт" in view and "Новые диски стоят." in view
    assert "25 нояб" in view or "25 ноября" in view, "dates in Russian"
    assert "olga@example.ru" not in view and "123 456" not in view
