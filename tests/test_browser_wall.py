"""The wall in a real Chromium: filtering by service, at phone and desktop widths."""

from __future__ import annotations

import json

import pytest

from .sitebuild import EXAMPLE_DAY, PROJECT, Server, build_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("example")
    return build_site(root, settings={"PATH": str(PROJECT / "content")}, env=EXAMPLE_DAY)


def test_wall_filters_by_service_in_place(example_site, page, artifacts):
    data = json.loads(example_site.read("testimonials/testimonials.json"))["testimonials"]
    paint = [t["author"] for t in data if "Paint" in t["services"]]
    assert 0 < len(paint) < len(data)
    with Server(example_site.output) as server:
        page.goto(f"{server.url}/testimonials/")
        cards = page.locator("#wall .testimonial")
        assert cards.count() == len(data)
        page.get_by_role("link", name="Paint").click()
        visible = page.locator("#wall .testimonial:visible")
        assert visible.count() == len(paint)
        assert sorted(visible.locator(".author").all_inner_texts()) == sorted(paint)
        assert page.url == f"{server.url}/testimonials/", "filtered in place, no navigation"
        assert page.locator("#wall-status").inner_text() == f"{len(paint)} testimonials"
        assert page.get_by_role("link", name="Paint").get_attribute("aria-current") == "page"
        # Keyboard: focus "All services" and press Enter.
        page.get_by_role("link", name="All services").focus()
        page.keyboard.press("Enter")
        assert page.locator("#wall .testimonial:visible").count() == len(data)
        page.screenshot(path=artifacts / "wall-1280.png", full_page=True)
        page.set_viewport_size({"width": 360, "height": 800})
        page.reload()
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 360, f"the wall is {overflow}px wide on a 360px phone"
        page.screenshot(path=artifacts / "wall-360.png", full_page=True)
    assert page.errors == []


def test_per_service_page_works_without_javascript(example_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    data = json.loads(example_site.read("testimonials/testimonials.json"))["testimonials"]
    engine = [t for t in data if "Engine" in t["services"]]
    with Server(example_site.output) as server:
        page.goto(f"{server.url}/testimonials/")
        page.get_by_role("link", name="Engine").click()
        assert page.url == f"{server.url}/testimonials/service/engine/"
        assert page.locator("#wall .testimonial").count() == len(engine)
    context.close()
