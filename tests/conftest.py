"""Shared fixtures: the fixture photos beside the project, and a Chromium page; the tiers' markers.

The tiers (``make test-fast`` leaves out the four slow ones): ``browser`` (a real Chromium: every test
that takes the ``browser`` or ``page`` fixture is marked here), ``gates`` (the Nu Html Checker, axe and
Lighthouse), ``install`` (wheels and fresh venvs) and ``live`` (``shopwindow watch`` as it runs). Every
other test is a unit test or builds a tiny site in this process.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from .installing import build_wheel
from .sitebuild import SHARED, only_this_builds_receivers

# Property tests check behaviour, not speed (speed is for `make bench`): no deadline per example, which
# a loaded machine running the suite on every core would miss.
hypothesis_settings.register_profile("shopwindow", deadline=None)
hypothesis_settings.load_profile("shopwindow")

# The tests build sites as a shop's developer does, on a machine of their own: in CI (where CI is set)
# Shopwindow would refuse to make a site secret. The tests of that rule set CI themselves.
os.environ.pop("CI", None)

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


BROWSER_FIXTURES = {"playwright", "browser", "page", "engine", "customer"}


@pytest.fixture(autouse=True)
def pelicans_signals_as_they_were():
    """Every test leaves Pelican's signals as it found them: a build or a watcher in this process
    connects its plugins' receivers, which would otherwise act in every later test of this worker."""
    with only_this_builds_receivers():
        yield


def pytest_collection_modifyitems(items):
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def shared_photos() -> Path:
    folder = SHARED / "fixtures" / "photos"
    if not folder.is_dir():
        pytest.skip(
            "../shared/fixtures/photos is not beside this checkout (it is in CI and the team's machines); "
            "the project's own generated images cover the same rules"
        )
    return folder


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def playwright():
    # No skip: CI installs Chromium (.ci/run) and a browser test must fail where it cannot run.
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: apt-get install chromium"
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright):
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """Shopwindow's wheel, built once for the tests that install it."""
    return build_wheel(tmp_path_factory.mktemp("wheel"))
