"""A result report in Chromium: the before/after slider moves with the keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .sitebuild import EXAMPLE_DAY, PROJECT, Server, build_site

pytestmark = pytest.mark.browser


def test_report_slider_moves_with_the_keyboard(tmp_path, browser, artifacts):
    build = build_site(tmp_path, settings={"PATH": str(PROJECT / "content")}, env=EXAMPLE_DAY)
    with Server(build.output) as server:
        for width in (1280, 360):
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            page.goto(f"{server.url}/cases/octavia-bumper/")
            slider = page.get_by_role("slider", name="Slide between before and after")
            expect(slider).to_have_value("50")
            after = page.locator(".compare-after")
            assert after.evaluate("e => getComputedStyle(e).clipPath") == "inset(0px 0px 0px 50%)"
            slider.focus()
            for _ in range(10):
                page.keyboard.press("ArrowRight")
            expect(slider).to_have_value("60")
            assert after.evaluate("e => getComputedStyle(e).clipPath") == "inset(0px 0px 0px 60%)"
            page.keyboard.press("Home")
            expect(slider).to_have_value("0")
            page.keyboard.press("End")
            expect(slider).to_have_value("100")
            for _ in range(3):
                page.keyboard.press("ArrowLeft")
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, f"{overflow}px wide at {width}px"
            page.screenshot(path=artifacts / f"report-{width}.png", full_page=True)
            context.close()


def test_without_javascript_before_and_after_stand_side_by_side(tmp_path, browser):
    build = build_site(tmp_path, settings={"PATH": str(PROJECT / "content")}, env=EXAMPLE_DAY)
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    with Server(build.output) as server:
        page.goto(f"{server.url}/cases/octavia-bumper/")
        before = page.locator(".compare-before img").bounding_box()
        after = page.locator(".compare-after img").bounding_box()
        assert before["x"] + before["width"] <= after["x"], "side by side"
        assert page.locator(".compare-range").count() == 0
    context.close()
