"""What a marketer and a visitor check: only approved, consented testimonials appear, anywhere."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

from .sitebuild import build_site, md_testimonial

STATUS_MARKERS = {
    "approved": "MARKERapprovedQ7",
    "draft": "MARKERdraftK2",
    "pending": "MARKERpendingZ5",
    "rejected": "MARKERrejectedW3",
    "withdrawn": "MARKERwithdrawnV8",
}


def one_of_each_status() -> dict[str, str]:
    files = {}
    for status, marker in STATUS_MARKERS.items():
        files[f"testimonials/{status}.md"] = md_testimonial(
            f"Author {marker}",
            status,
            f"Body {marker} words of the customer.",
            Consent="2026-10-01",
            Rating="4",
            Date="2026-10-02",
            Service="Brakes",
            Title=f"Title {marker}",
        )
    # Approved but no consent recorded: an error, and never published.
    files["testimonials/no-consent.md"] = md_testimonial(
        "Author MARKERnoconsentJ4",
        "approved",
        "Body MARKERnoconsentJ4.",
        Rating="5",
        Service="Brakes",
    )
    return files


def test_only_approved_with_consent_reaches_any_output_byte(tmp_path):
    build = build_site(tmp_path, one_of_each_status(), fatal=False)
    assert build.returncode == 0
    assert (
        "content/testimonials/no-consent.md: Consent is missing: an approved testimonial needs the "
        "date the customer agreed" in build.log
    )
    approved = STATUS_MARKERS["approved"]
    assert approved in build.read("testimonials/index.html")
    assert approved in build.read("testimonials/feed.atom")
    data = json.loads(build.read("testimonials/testimonials.json"))
    assert [t["author"] for t in data["testimonials"]] == [f"Author {approved}"]
    assert approved in build.read("index.html")
    hidden = [m for s, m in STATUS_MARKERS.items() if s != "approved"] + ["MARKERnoconsentJ4"]
    for path, data in build.all_bytes():
        for marker in hidden:
            assert marker.encode() not in data, f"{marker} leaked into {path}"
    # The sitemap lists the approved permalink and nothing of the others.
    sitemap = build.read("sitemap.xml")
    assert "testimonials/approved/" in sitemap and "draft" not in sitemap


def test_check_passes_on_clean_output_and_fails_on_a_planted_marker(tmp_path):
    files = one_of_each_status()
    del files["testimonials/no-consent.md"]
    build = build_site(tmp_path, files)
    result = build.check()
    assert result.returncode == 0, result.stdout + result.stderr
    (build.output / "about.html").write_text("<p>Body MARKERpendingZ5 words of the customer.</p>")
    result = build.check()
    assert result.returncode == 1
    assert (
        "about.html: contains text of content/testimonials/pending.md, which is not public"
        in result.stderr
    )


HOSTILE = {
    "script": "Great work <script>alert('x1')</script> thanks",
    "onerror": 'Nice <img src="x" onerror="alert(\'x2\')"> job',
    "jslink": "Click [here](javascript:alert('x3')) or <a href=\"javascript:alert('x4')\">here</a>",
    "iframe": 'Look <iframe src="https://evil.example/x5"></iframe> done',
    "svg": '<svg onload="alert(\'x6\')"><circle r="5"/></svg> fine',
    "style": '<p style="background:url(javascript:alert(1))" onclick="alert(\'x7\')">styled</p>',
}


class _Inspector(HTMLParser):
    """Collects what would execute: script elements with code, event handlers, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if value and re.match(r"\s*javascript:", value, re.I):
                self.problems.append(f"<{tag} {name}={value}>")
        if tag in ("iframe", "object", "embed", "img") and "photo" not in attributes.get(
            "class", ""
        ):
            self.problems.append(f"<{tag}> from content")
        if tag == "script":
            self._in_script = attributes

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            kind = self._in_script.get("type", "")
            if kind != "application/ld+json" and data.strip():
                self.problems.append("inline script")


def test_hostile_bodies_are_inert_in_every_output_file(tmp_path):
    files = {
        f"testimonials/{name}.md": md_testimonial(
            "Eve <b onmouseover=alert('x8')>",
            "approved",
            body,
            Consent="2026-01-01",
            Title="<script>alert('x9')</script>",
            Service="Brakes",
        )
        for name, body in HOSTILE.items()
    }
    build = build_site(tmp_path, files)
    body_calls = [f"alert('x{n}')" for n in range(1, 8)] + [f"alert(&#39;x{n}" for n in range(1, 8)]
    for path, data in build.all_bytes():
        text = data.decode("utf-8", errors="ignore")
        for needle in [*body_calls, "evil.example", "javascript:", "<circle"]:
            assert needle not in text, f"{needle} in {path}"
        if path.suffix == ".html":
            inspector = _Inspector()
            inspector.feed(text)
            assert inspector.problems == [], f"{path}: {inspector.problems}"
            # Header fields are plain text: shown, escaped, never markup.
            assert "<script>alert('x9')" not in text and "<b onmouseover" not in text
    # A feed reader renders each entry's content as HTML: that HTML must be inert too.
    atom = "{http://www.w3.org/2005/Atom}"
    entries = (
        ElementTree.parse(build.output / "testimonials/feed.atom").getroot().iter(f"{atom}entry")
    )
    contents = [entry.find(f"{atom}content").text for entry in entries]
    assert len(contents) == len(HOSTILE)
    for content in contents:
        inspector = _Inspector()
        inspector.feed(content)
        assert inspector.problems == [] and "<script" not in content, content
    data = json.loads(build.read("testimonials/testimonials.json"))
    for item in data["testimonials"]:
        assert "<script" not in item["html"] and "onerror" not in item["html"]
        assert "javascript:" not in item["html"] and "<iframe" not in item["html"]


def test_wall_filters_featured_first_and_summary(tmp_path):
    files = {
        "testimonials/a.md": md_testimonial(
            "A",
            "approved",
            "Alpha text.",
            Consent="2026-01-01",
            Date="2026-01-01",
            Rating="5",
            Service="Brakes, Paint",
        ),
        "testimonials/b.md": md_testimonial(
            "B",
            "approved",
            "Bravo text.",
            Consent="2026-01-01",
            Date="2026-03-01",
            Rating="3",
            Service="Paint",
        ),
        "testimonials/c.md": md_testimonial(
            "C",
            "approved",
            "Charlie text.",
            Consent="2026-01-01",
            Date="2026-02-01",
            Rating="4",
            Service="Engine",
            Featured="yes",
            Job="J-77",
        ),
        "jobs/J-77/job.md": "Title: Engine\nCustomer: C\nReceived: 2026-01-01 09:00\nStatus: done\n"
        "Done: 2026-01-02 17:00\n\n## 2026-01-01 09:00 · received\nIn.\n",
    }
    build = build_site(tmp_path, files)
    wall = build.read("testimonials/index.html")
    order = [wall.index(t) for t in ("Charlie text", "Bravo text", "Alpha text")]
    assert order == sorted(order), "featured first, then newest first"
    assert "Verified job" in wall and "J-77" not in "".join(
        d.decode(errors="ignore") for _, d in build.all_bytes()
    ), "the job ID is never published"
    paint = build.read("testimonials/service/paint/index.html")
    assert "Alpha text" in paint and "Bravo text" in paint and "Charlie text" not in paint
    summary = json.loads(build.read("testimonials/testimonials.json"))["summary"]
    assert summary["count"] == 3 and summary["average"] == 4.0
    assert summary["histogram"] == [[5, 1], [4, 1], [3, 1], [2, 0], [1, 0]]
    assert 'aria-label="Rated 4 out of 5"' in wall
    assert "AggregateRating" not in "".join(d.decode(errors="ignore") for _, d in build.all_bytes())
    reviews = re.findall(r'<script type="application/ld\+json">(.*?)</script>', wall, re.S)
    items = json.loads(reviews[0])
    assert {i["@type"] for i in items} == {"Review"}
    assert {i["itemReviewed"]["@type"] for i in items} == {"Service"}


def test_permalink_has_share_image_and_embed_page(tmp_path):
    from PIL import Image

    files = {
        "testimonials/anna.md": md_testimonial(
            "Анна К.",
            "approved",
            "Всё сделали вовремя и показали фото каждой детали.",
            Consent="2026-01-01",
            Rating="5",
            Service="Brakes",
        )
    }
    build = build_site(tmp_path, files, {"SITEURL": "https://shop.example"})
    page = build.read("testimonials/anna/index.html")
    assert (
        '<meta property="og:image" content="https://shop.example/testimonials/anna/share.png">'
        in page
    )
    with Image.open(build.output / "testimonials/anna/share.png") as share:
        assert share.format == "PNG" and share.size == (1200, 630)
    embed = build.read("testimonials/embed/index.html")
    assert "Всё сделали вовремя" in embed and 'target="_blank"' in embed


def test_blog_articles_pages_and_404_still_work(tmp_path):
    files = {
        "articles/hello.md": "Title: Hello world\nDate: 2026-01-02\nCategory: News\n\nFirst post.\n",
        "pages/about.md": "Title: About\nSlug: about\n\nWho we are.\n",
    }
    build = build_site(tmp_path, files)
    assert "First post." in build.read("blog/hello-world/index.html")
    assert "Who we are." in build.read("about/index.html")
    assert "Page not found" in build.read("404.html")
    sitemap = build.read("sitemap.xml")
    assert (
        "blog/hello-world/" in sitemap and "404.html" not in sitemap
    )  # a noindex page is not listed


def test_with_article_paths_the_whole_content_folder_testimonials_stay_shopwindows(tmp_path):
    """Pelican's default ARTICLE_PATHS reads the whole content folder: the testimonials there are
    still Shopwindow's (on the wall if approved, nowhere if not), never blog articles, and no error."""
    files = {
        "testimonials/x.md": md_testimonial(
            "X", "draft", "Secret MARKERguardR1 draft.", Title="T", Date="2026-01-01"
        ),
        "testimonials/y.md": md_testimonial(
            "Y", "approved", "Public MARKERguardY1 words.", Consent="2026-01-02"
        ),
        "articles/hello.md": "Title: Hello\nDate: 2026-01-01\n\nA *blog* post.\n",
    }
    build = build_site(tmp_path, files, {"ARTICLE_PATHS": [""]})
    assert "MARKERguardY1" in build.read("testimonials/index.html")
    folders = {p.parent.name for p in (build.output / "blog").glob("*/index.html")}
    assert folders - {"categories", "tags"} == {"hello"}  # the one article; the rest are lists
    for path, data in build.all_bytes():
        assert b"MARKERguardR1" not in data, path


def test_every_address_the_readme_lists_is_published_and_the_embed_is_in_no_sitemap(tmp_path):
    """The README's table of what the site publishes for testimonials, checked against a build: each
    address is there; the noindex embed is not in pelican-sitemap's sitemap (the wall is)."""
    from .sitebuild import PROJECT

    readme = (PROJECT / "README.md").read_text()
    table = readme.split("### What the site publishes for testimonials", 1)[1].split("\n\n")[1]
    addresses = [
        address
        for row in table.splitlines()[2:]
        for address in re.findall(r"`(/[^`]*)`", row.split("|")[1])
    ]
    assert len(addresses) == 8, addresses
    build = build_site(
        tmp_path,
        {"testimonials/anna.md": md_testimonial("Anna", "approved", "Fine.", Consent="2026-10-01",
                                                Service="Brakes", Rating="5"),
         "testimonials/ion.md": md_testimonial("Ion", "approved", "Bine.", Consent="2026-10-01",
                                               Service="Brakes", Language="ro")},
    )  # fmt: skip
    for address in addresses:
        name = address.replace("<service>", "brakes").replace("<file name>", "anna")
        name = name.replace("<language>", "ro").lstrip("/")
        path = build.output / (name + "index.html" if name.endswith("/") else name)
        assert path.is_file(), address
    sitemap = build.read("sitemap.xml")
    assert "testimonials/</loc>" in sitemap and "embed" not in sitemap
