"""Shopwindow as a user installs it: the wheel `python -m build` makes, installed (not editable) into a
fresh venv, in a plain Pelican site with `PLUGINS = ["shopwindow"]` and no other Shopwindow setting,
once per theme; and a new shop's site from `shopwindow init` with its own two commands.

Slow by nature (a venv and its packages, from the package index or pip's cache): one venv for the module.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from .installing import clean_env, run
from .sitebuild import PROJECT, Server, md_testimonial

pytestmark = pytest.mark.install


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Path:
    folder = tmp_path_factory.mktemp("venv") / "venv"
    run(sys.executable, "-m", "venv", folder)
    run(folder / "bin" / "python", "-m", "pip", "install", "--quiet", wheel)
    return folder


def source_files() -> set[str]:
    """Every file of plugins/shopwindow/ as the wheel names it (the plugin reads its templates,
    scripts, translations and scaffold at run time; none of them may be left out)."""
    source = PROJECT / "plugins" / "shopwindow"
    return {
        f"pelican/plugins/shopwindow/{path.relative_to(source).as_posix()}"
        for path in source.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_the_wheel_carries_every_file_of_the_plugin_and_nothing_else(wheel):
    with zipfile.ZipFile(wheel) as archive:
        carried = {name for name in archive.namelist() if name.startswith("pelican/")}
    expected = source_files()
    assert {"pelican/plugins/shopwindow/static/access-format.js",
            "pelican/plugins/shopwindow/templates/shopwindow/wall.html",
            "pelican/plugins/shopwindow/scaffold/site/ru/README.md.jinja"} <= expected  # fmt: skip
    assert sorted(expected - carried) == [] and sorted(carried - expected) == []


def test_the_wheel_installs_a_plain_copy_with_everything_the_plugin_needs(venv):
    located = run(
        venv / "bin" / "python", "-c",
        "import pelican.plugins.shopwindow as p, pathlib; print(pathlib.Path(p.__file__).parent)",
    )  # fmt: skip
    package = Path(located.stdout.strip())
    assert package.is_relative_to(venv) and not package.is_symlink()
    for needed in (
        "templates/shopwindow/wall.html",
        "templates/shopwindow/private_base.html",
        "templates/shopwindow/snippets/featured_testimonials.html",
        "static/unlock.js",
        "static/shopwindow.css",
        "translations/ru/LC_MESSAGES/messages.po",
        "translations/ro/LC_MESSAGES/messages.po",
        "scaffold/site/common/Makefile.jinja",
        "scaffold/site/common/pelicanconf.py.jinja",
        "scaffold/site/ru/README.md.jinja",
    ):
        assert (package / needed).is_file(), needed
    assert (venv / "bin" / "shopwindow").is_file()


def plain_site(root: Path, theme: str) -> Path:
    """A Pelican site as its owner had it before Shopwindow: a blog post, a page; then a testimonial,
    a job, and PLUGINS = ["shopwindow"]."""
    content = root / "content"
    files = {
        "articles/hello.md": "Title: Hello\nDate: 2026-11-01\n\nWe fix *everything*.\n",
        "pages/about.md": "Title: About\n\nWho we are.\n",
        "testimonials/anna.md": md_testimonial(
            "Anna K.", "approved", "The car was ready by five, as promised.",
            Consent="2026-10-02", Rating="5", Service="Brakes",
        ),
        "jobs/J-1/job.md": (
            "Title: Rear brakes\nCustomer: Ion\nReceived: 2026-11-20 09:10\nPromised: 2099-11-24\n\n"
            "## 2026-11-20 09:10 · received\nCar received; grinding noise from the rear.\n"
        ),
    }  # fmt: skip
    for name, text in files.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text)
    settings = [
        'SITENAME = "Plain Garage"',
        'PATH = "content"',
        'TIMEZONE = "Europe/Chisinau"',
        'PLUGINS = ["shopwindow"]',
    ]
    if theme == "simple":
        settings.append('THEME = "simple"')
    elif theme == "shipped":
        # The theme in the wheel, as a shop names it; its templates are translated: they need
        # Jinja's i18n extension.
        settings.append("from pelican.plugins.shopwindow import THEME")
        settings.append('JINJA_ENVIRONMENT = {"extensions": ["jinja2.ext.i18n"]}')
    (root / "pelicanconf.py").write_text("\n".join(settings) + "\n")
    return root


@pytest.mark.parametrize("theme", ["notmyidea", "simple", "shipped"])
def test_a_plain_site_builds_with_the_installed_plugin(venv, tmp_path, theme, page, artifacts):
    site = plain_site(tmp_path / "site", theme)
    build = run(
        venv / "bin" / "pelican", "content", "-s", "pelicanconf.py", "-o", "output",
        "--fatal", "errors", "--log-handler", "plain", cwd=site,
    )  # fmt: skip
    output = site / "output"
    article = next(output.glob("**/hello.html")).read_text()
    assert "We fix <em>everything</em>." in article, build.stdout
    wall = (output / "testimonials" / "index.html").read_text()
    assert "The car was ready by five, as promised." in wall
    assert "Plain Garage" in wall  # inside the theme's own page
    assert (output / "shopwindow" / "unlock.js").is_file()

    link = json.loads(
        run(venv / "bin" / "shopwindow", "job", "link", "J-1", "--json", "--local", cwd=site).stdout
    )
    with Server(output) as server:
        page.goto(link["url"].replace("http://127.0.0.1:8000", server.url))
        page.wait_for_selector("#view:not([hidden])")
        assert "grinding noise from the rear" in page.inner_text("#view")
        page.goto(f"{server.url}/testimonials/")
        page.screenshot(path=artifacts / f"plain-site-{theme}-wall.png", full_page=True)
    assert page.errors == []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_new_shops_site_sets_itself_up_with_make_test_and_make_serve(venv, tmp_path):
    site = tmp_path / "new-shop"
    run(venv / "bin" / "shopwindow", "init", site, "--name", "Nord Bakery", "--lang", "en")
    requirement = (site / "requirements.txt").read_text().splitlines()[-1]
    assert requirement.startswith("shopwindow[video,messages] @ file://") and requirement.endswith(
        ".whl"
    )

    tested = run("make", "test", cwd=site)
    assert "shopwindow check: content rules and privacy scan passed" in tested.stdout
    assert (site / ".venv" / "bin" / "shopwindow").is_file()

    port = free_port()
    server = subprocess.Popen(
        ["make", "serve", f"PORT={port}"], cwd=site, env=clean_env(),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                # A new shop's home page (its wall comes with its first approved testimonial).
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
                    assert response.status == 200
                    assert "Nord Bakery" in response.read().decode()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "make serve did not answer in 120 s"
                time.sleep(0.5)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        printed, _ = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/j/" in printed  # the example job's link, printed by make serve
