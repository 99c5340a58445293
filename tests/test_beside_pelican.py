"""Shopwindow installed beside Pelican, as a user installs it, measured against Pelican without it.

One fresh venv with the Pelican the project runs (and the packages Pelican's own tests use). First,
without Shopwindow: Pelican's own test suite (from its sdist: ``pelican/tests`` and ``samples``) and a
150-article blog with a public ``SITEURL``. Then the wheel is installed into the same venv and both run
again: no test of Pelican's may flip from passed, and the blog must come out byte for byte the same,
with nothing written outside its output, with ``--fatal warnings`` and no secret. Pelican loads every
installed namespace plugin when a site sets no ``PLUGINS``, so the blog sets none: Shopwindow is
loaded merely by being installed.

And the oldest Pelican Shopwindow supports (the low end of its range in ``pyproject.toml``), with the
wheel, builds a site with every kind of Shopwindow content.

Slow by nature (venvs and packages from the package index or pip's cache, Pelican's suite twice).
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tarfile
import tomllib
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from PIL import Image

from .installing import clean_env, run
from .sitebuild import PROJECT, md_testimonial

pytestmark = pytest.mark.install

PELICAN = metadata.version("pelican")
# What Pelican's own tests import besides Pelican (its "dev" dependency group, less docs and tools).
PELICAN_TEST_PACKAGES = ["beautifulsoup4", "lxml", "typogrify", "pytest", "psutil", "pygments<2.20"]
ARTICLES = 150


def site_packages(venv: Path) -> Path:
    found = run(
        venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"
    )
    return Path(found.stdout.strip())


def pelican_sdist(folder: Path, version: str) -> Path:
    """Pelican's sdist of ``version``, unpacked: it carries pelican/tests and samples."""
    run(sys.executable, "-m", "pip", "download", "--quiet", "--no-binary", ":all:", "--no-deps",
        f"pelican=={version}", "--dest", folder)  # fmt: skip
    [archive] = folder.glob(f"pelican-{version}.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder / f"pelican-{version}"


@dataclass
class SuiteRun:
    outcomes: dict[str, str]  # test id -> passed, failed, error or skipped
    summary: str  # pytest's closing line


def pelicans_suite(venv: Path, report: Path) -> SuiteRun:
    """Pelican's own tests, run as its maintainers do: from the folder above the package (they read
    pelican/tests/... and samples/ by relative path), every warning an error."""
    packages = site_packages(venv)
    result = subprocess.run(
        [venv / "bin" / "python", "-m", "pytest", "pelican/tests", "-q", "-p", "no:cacheprovider",
         "-W", "error", f"--junitxml={report}"],
        cwd=packages, capture_output=True, text=True, env=clean_env(),
    )  # fmt: skip
    summary = result.stdout.strip().splitlines()[-1]
    outcomes = {}
    for case in ElementTree.parse(report).iter("testcase"):
        name = f"{case.get('classname')}::{case.get('name')}"
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        outcomes[name] = {"failure": "failed"}.get(kinds[0], kinds[0]) if kinds else "passed"
    return SuiteRun(outcomes, summary)


def blog(root: Path) -> Path:
    """A blog of 150 articles in 10 categories, two pages, a static image; a public SITEURL; no
    PLUGINS (every installed namespace plugin loads) and no Shopwindow content."""
    content = root / "content"
    (content / "pages").mkdir(parents=True)
    (content / "images").mkdir()
    for n in range(ARTICLES):
        (content / f"post-{n:03}.md").write_text(
            f"Title: Post {n}\nDate: 2026-{1 + n % 12:02}-{1 + n % 28:02} 10:{n % 60:02}\n"
            f"Category: topic-{n % 10}\nTags: t{n % 7}, t{n % 5}\nSummary: The {n}th post.\n\n"
            f"# Heading {n}\n\nSome *text* with a [link](https://example.org/{n}).\n\n"
            f"![A picture](/images/pic.png)\n"
        )
    (content / "pages" / "about.md").write_text("Title: About\n\nWho we are.\n")
    (content / "pages" / "contact.md").write_text("Title: Contact\n\nCall us.\n")
    Image.new("RGB", (8, 8), (200, 40, 40)).save(content / "images" / "pic.png")
    (root / "pelicanconf.py").write_text(
        'SITENAME = "A Blog"\nSITEURL = "https://blog.example"\nPATH = "content"\n'
        'TIMEZONE = "Europe/Chisinau"\nDEFAULT_LANG = "fr"\nSTATIC_PATHS = ["images"]\n'
        'FEED_ALL_ATOM = "feeds/all.atom.xml"\nCATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"\n'
    )
    return root


def build_blog(venv: Path, site: Path, output: Path) -> subprocess.CompletedProcess:
    """``pelican`` on the blog, from an unrelated current folder, failing on any warning."""
    elsewhere = site.parent / f"cwd-{output.name}"
    elsewhere.mkdir()
    result = subprocess.run(
        [venv / "bin" / "pelican", site / "content", "-s", site / "pelicanconf.py", "-o", output,
         "--fatal", "warnings"],
        cwd=elsewhere, capture_output=True, text=True, env=clean_env(),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(elsewhere.iterdir()) == [], "the build wrote into the current folder"
    return result


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@dataclass
class BesidePelican:
    venv: Path
    without: SuiteRun
    with_shopwindow: SuiteRun
    site: Path
    blog_without: dict[str, str]
    blog_with: dict[str, str]
    site_files_before: set[str]
    site_files_after: set[str]
    log_with: str


@pytest.fixture(scope="module")
def beside(tmp_path_factory, wheel) -> BesidePelican:
    root = tmp_path_factory.mktemp("beside")
    venv = root / "venv"
    run(sys.executable, "-m", "venv", venv)
    run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", f"pelican[markdown]=={PELICAN}",
        *PELICAN_TEST_PACKAGES)  # fmt: skip
    sdist = pelican_sdist(root / "sdist", PELICAN)
    packages = site_packages(venv)
    # Pelican's tests find samples/ beside the package, as in its source tree.
    os.symlink(sdist / "samples", packages / "samples")
    without = pelicans_suite(venv, root / "without.xml")
    site = blog(root / "blog")
    before = {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}
    build_blog(venv, site, root / "out-without")

    run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel)
    found = run(venv / "bin" / "python", "-c", "from pelican.plugins._utils import get_namespace_plugins as g; print(sorted(g()))")  # fmt: skip
    assert "pelican.plugins.shopwindow" in found.stdout
    with_shopwindow = pelicans_suite(venv, root / "with.xml")
    built = build_blog(venv, site, root / "out-with")
    after = {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}
    return BesidePelican(
        venv, without, with_shopwindow, site, digests(root / "out-without"),
        digests(root / "out-with"), before, after, built.stdout + built.stderr,
    )  # fmt: skip


def test_pelicans_own_suite_passes_the_same_with_shopwindow_installed(beside, capsys):
    without, with_it = beside.without, beside.with_shopwindow
    with capsys.disabled():
        print(f"\nPelican {PELICAN}'s own tests without Shopwindow: {without.summary}")
        print(f"Pelican {PELICAN}'s own tests with Shopwindow installed: {with_it.summary}")
    passed = {name for name, outcome in without.outcomes.items() if outcome == "passed"}
    assert len(passed) > 250, without.summary  # the suite ran, not a collection error
    flipped = sorted(name for name in passed if with_it.outcomes.get(name) != "passed")
    assert flipped == []
    assert re.search(r"\d+ passed", with_it.summary)


def test_a_blog_without_shopwindow_content_comes_out_as_if_it_were_not_installed(beside):
    assert len(beside.blog_without) > ARTICLES
    assert beside.blog_with == beside.blog_without
    assert beside.site_files_after == beside.site_files_before  # nothing beside the output either
    assert "shopwindow" not in beside.log_with.lower()


def oldest_supported_pelican() -> str:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    [requirement] = [d for d in project["dependencies"] if d.startswith("pelican")]
    return re.search(r">=\s*([\d.]+)", requirement).group(1)


def test_the_oldest_supported_pelican_builds_every_kind_of_content(tmp_path, wheel):
    version = oldest_supported_pelican()
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", f"pelican[markdown]=={version}.0"
        if version.count(".") == 1 else f"pelican[markdown]=={version}", wheel)  # fmt: skip
    assert run(venv / "bin" / "pelican", "--version").stdout.startswith(version)
    site = tmp_path / "site"
    files = {
        "testimonials/anna.md": md_testimonial(
            "Anna K.", "approved", "Ready by five.", Consent="2026-10-02", Rating="5"
        ),
        "cases/brakes.md": (
            "Title: New brakes\nStatus: published\nConsent: 2026-10-03\nDate: 2026-10-01\n"
            "Promised: 3\nDelivered: 2\n\nDone early.\n"
        ),
        "jobs/J-1/job.md": (
            "Title: Rear brakes\nCustomer: Ion\nReceived: 2026-11-20 09:10\nPromised: 2026-11-24\n"
            "Status: done\n\n## 2026-11-20 09:10 · received\nCar received.\n"
            "## 2026-11-22 16:00 · collected\nCollected.\n"
        ),
        "pages/secret.md": "Title: Estimate\nAccess: J-1\n\nThe estimate.\n",
    }
    for name, text in files.items():
        (site / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "content" / name).write_text(text)
    (site / "pelicanconf.py").write_text(
        'SITENAME = "Old Pelican Garage"\nPATH = "content"\nTIMEZONE = "UTC"\n'
        'PLUGINS = ["shopwindow"]\n'
    )
    env = clean_env(SHOPWINDOW_TODAY="2026-11-23")
    built = subprocess.run(
        [venv / "bin" / "pelican", "content", "-s", "pelicanconf.py", "-o", "output",
         "--fatal", "errors"], cwd=site, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    output = site / "output"
    for page in ("testimonials/index.html", "cases/index.html", "track-record/index.html"):
        assert (output / page).is_file(), page
    assert len(list((output / "j").glob("*/view.bin"))) == 1
    assert "The estimate." not in "".join(
        p.read_text(errors="replace") for p in output.rglob("*.html")
    )
    checked = subprocess.run(
        [venv / "bin" / "shopwindow", "check", "output"],
        cwd=site, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
