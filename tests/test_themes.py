"""Shopwindow's pages in other people's themes, as a visitor sees them in Chromium: Pelican's own
(notmyidea, simple), the theme Shopwindow ships (the example site's), Reflex (a Flex fork, from PyPI), and Flex and Elegant as their
repositories have them. Each wall is styled (Shopwindow's stylesheet applied, read from the computed
style), has one title naming the site once, and each permalink carries its share image in og:image;
``shopwindow check`` passes on the theme's own images, saying what harmless text they carry.

Flex and Elegant are read from snapshots of their public repositories beside this checkout (the folder
in SHOPWINDOW_THEME_SNAPSHOTS, else ``../.mirror``: ``alexandrevicenzi+Flex/repo``, a git directory).
Where there is none, those two skip with that reason: Reflex has Flex's layout (no ``head`` block, the
site's name before the ``title`` block) and always runs.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from pelican.plugins.shopwindow import THEME
from PIL import Image, PngImagePlugin

from .sitebuild import BIN, PROJECT, Server, build_site, md_testimonial, write_files

pytestmark = pytest.mark.browser

SNAPSHOTS = Path(os.environ.get("SHOPWINDOW_THEME_SNAPSHOTS", PROJECT.parent / ".mirror"))
REPOSITORIES = {"flex": "alexandrevicenzi+Flex", "elegant": "Pelican-Elegant+elegant"}
SITENAME = "Theme Garage"
TESTIMONIALS = {
    "testimonials/anna.md": md_testimonial(
        "Anna K.", "approved", "Ready by five, as promised.", Consent="2026-10-02", Rating="5",
        Service="Brakes", Date="2026-10-01",
    ),
    "testimonials/ion.md": md_testimonial(
        "Ion P.", "approved", "Fair price, clear words.", Consent="2026-10-03", Rating="3",
        Service="Paint", Date="2026-10-02",
    ),
    "articles/hello.md": "Title: Hello\nDate: 2026-11-01\n\nWe fix *everything*.\n",
}  # fmt: skip
# What a theme asks of the sites that use it (Reflex's footer reads its licence).
THEME_SETTINGS = {
    "reflex": "CC_LICENSE = {'name': 'Creative Commons Attribution-ShareAlike', 'version': '4.0', "
    "'slug': 'by-sa', 'icon': False}\n"
}


def theme_folder(name: str, tmp_path: Path) -> str:
    """The THEME setting for ``name``: a theme Pelican knows by name, the shipped theme's folder, or
    a snapshot's files unpacked into ``tmp_path``."""
    if name in ("notmyidea", "simple", "reflex"):
        return name
    if name == "shipped":
        return THEME
    repository = SNAPSHOTS / REPOSITORIES[name] / "repo"
    if not repository.is_dir():
        pytest.skip(
            f"no snapshot of {REPOSITORIES[name].replace('+', '/')} at {repository} (this team's "
            "machines and CI have one; set SHOPWINDOW_THEME_SNAPSHOTS to another folder of them)"
        )
    archive = subprocess.run(
        ["git", "--git-dir", str(repository), "archive", "HEAD"], capture_output=True, check=True
    ).stdout
    folder = tmp_path / f"theme-{name}"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return str(folder)


@dataclass
class ThemedSite:
    root: Path
    output: Path
    conf: Path

    def read(self, name: str) -> str:
        return (self.output / name).read_text(encoding="utf-8")

    def check(self) -> subprocess.CompletedProcess:
        return subprocess.run(
            [BIN / "shopwindow", "--settings", str(self.conf), "check", str(self.output)],
            capture_output=True, text=True, cwd=self.root, env={**os.environ, "COLUMNS": "400"},
        )  # fmt: skip


def themed_site(root: Path, theme: str, extra: str = "") -> ThemedSite:
    """A site of the theme's kind, as its owner sets it up: its own settings (nothing of the example
    site's), a blog post, two approved testimonials, PLUGINS = ["shopwindow"]."""
    write_files(root / "content", TESTIMONIALS)
    conf = root / "pelicanconf.py"
    conf.write_text(
        f"SITENAME = {SITENAME!r}\nAUTHOR = 'The Garage'\nPATH = 'content'\nTIMEZONE = 'UTC'\n"
        f"THEME = {theme!r}\nPLUGINS = ['shopwindow']\n"
        "JINJA_ENVIRONMENT = {'extensions': ['jinja2.ext.i18n']}\n" + extra
    )
    result = subprocess.run(
        [BIN / "pelican", "content", "-s", "pelicanconf.py", "-o", "output", "--fatal", "errors"],
        cwd=root, capture_output=True, text=True, env={**os.environ, "COLUMNS": "400"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return ThemedSite(root, root / "output", conf)


@pytest.mark.parametrize("theme", ["notmyidea", "simple", "shipped", "reflex", "flex", "elegant"])
def test_the_wall_is_styled_titled_once_and_shared_in_any_theme(
    tmp_path, theme, browser, artifacts
):
    build = themed_site(
        tmp_path / "site", theme_folder(theme, tmp_path), THEME_SETTINGS.get(theme, "")
    )
    wall = build.read("testimonials/index.html")
    assert wall.count("shopwindow.css") == 1 and wall.count('rel="canonical"') >= 1
    head = wall.split("</head>", 1)[0]
    assert "shopwindow.css" in head and "wall.js" in head
    permalink = build.read("testimonials/anna/index.html")
    assert (
        '<meta property="og:image" content="/testimonials/anna/share.png">'
        in (permalink.split("</head>", 1)[0])
    )
    with Server(build.output) as server:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(f"{server.url}/testimonials/")
        title = page.title()
        assert title.count(SITENAME) == 1 and "Testimonials" in title, title
        caption = page.locator(".histogram caption")
        assert caption.evaluate("e => getComputedStyle(e).position") == "absolute"
        assert page.locator(".wall").evaluate("e => getComputedStyle(e).display") == "grid"
        bar = page.locator(".histogram .bar-fill").first
        assert bar.evaluate("e => getComputedStyle(e).fill") != "rgb(0, 0, 0)"  # not a black bar
        page.screenshot(path=artifacts / f"theme-{theme}-wall.png", full_page=True)
        page.goto(f"{server.url}/testimonials/anna/")
        assert page.title().count(SITENAME) == 1
        context.close()
    checked = build.check()
    assert checked.returncode == 0, checked.stdout + checked.stderr


def png_with(*chunks: tuple[str, str]) -> bytes:
    info = PngImagePlugin.PngInfo()
    for keyword, text in chunks:
        info.add_itxt(keyword, text) if keyword.startswith("XML:") else info.add_text(keyword, text)
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 20, 30)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x8825] = {1: "N", 2: (47.0, 1.0, 30.0)}  # GPS
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 20, 30)).save(out, "JPEG", exif=exif)
    return out.getvalue()


GPS_XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="47,1.5N"/>'
    "</rdf:RDF></x:xmpmeta>"
)
TOOL_XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="Adobe Photoshop"/>'
    "</rdf:RDF></x:xmpmeta>"
)


def test_check_tells_a_themes_harmless_text_from_private_data_in_any_image(tmp_path):
    """In a theme's images: a program's name and plain XMP are notes; EXIF, GPS in XMP and EXIF kept as
    text fail. In Shopwindow's own folders any text chunk fails."""
    build = build_site(tmp_path, TESTIMONIALS)
    theme_images = build.output / "theme" / "img"
    theme_images.mkdir(parents=True, exist_ok=True)
    planted = {
        "theme/img/icon.png": png_with(("Software", "Adobe ImageReady")),
        "theme/img/logo.png": png_with(("XML:com.adobe.xmp", TOOL_XMP)),
        "theme/img/map.png": png_with(("XML:com.adobe.xmp", GPS_XMP)),
        "theme/img/raw.png": png_with(("Raw profile type exif", "exif 12 4578696600")),
        "theme/img/camera.jpg": jpeg_with_exif(),
        "photos/planted.png": png_with(("Software", "Adobe ImageReady")),
    }
    for name, data in planted.items():
        (build.output / name).parent.mkdir(parents=True, exist_ok=True)
        (build.output / name).write_bytes(data)
    checked = subprocess.run(
        [BIN / "shopwindow", "--settings", str(build.conf), "check", str(build.output)],
        capture_output=True, text=True, cwd=build.root, env={**os.environ, "COLUMNS": "400"},
    )  # fmt: skip
    assert checked.returncode == 1
    problems = sorted(line for line in checked.stderr.splitlines() if line.startswith("✗"))
    assert problems == [
        "✗ photos/planted.png: carries metadata (tEXt Software)",
        "✗ theme/img/camera.jpg: carries an EXIF block",
        "✗ theme/img/map.png: carries an XMP packet",
        "✗ theme/img/raw.png: carries metadata (tEXt Raw profile type exif)",
    ]
    notes = sorted(line for line in checked.stdout.splitlines() if line.startswith("note:"))
    assert notes == [
        "note: theme/img/icon.png: carries metadata (tEXt Software) (not Shopwindow's image; "
        "harmless text)",
        "note: theme/img/logo.png: carries an XMP packet without camera or place (not "
        "Shopwindow's image; harmless text)",
    ]
