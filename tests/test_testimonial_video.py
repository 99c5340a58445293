"""Video testimonials (issue 27, point 5): a phone clip named in `Video` goes through the clip pipeline
(upright, 720p at most, no metadata: a customer's home location is never published), with a poster; it
plays on the wall and the permalink with its captions (a `.vtt` beside it), else the words under it are
its transcript; it is in the JSON, the feed and the structured data, and its share image is drawn on its
poster. `testimonial add --photo/--video` copies what the customer attached."""

from __future__ import annotations

import io
import json
import re

import av
import pytest
from pelican.plugins.shopwindow.photos.video import metadata_in
from PIL import Image

from .clips import LOCATION, make_clip
from .images import camera_jpeg
from .sitebuild import Server, build_site, md_testimonial, run_shopwindow

CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:03.000\nAu găsit defectul într-o oră.\n"
HEADER = {"Consent": "2026-10-01", "Rating": "5", "Date": "2026-10-02", "Language": "ro"}


def video_site(tmp_path, captions: bool = False, **fields):
    folder = tmp_path / "content" / "testimonials"
    folder.mkdir(parents=True)
    make_clip(folder / "ion.mov", size=(1280, 720), rotation=90, seconds=3)
    if captions:
        (folder / "ion.vtt").write_text(CAPTIONS)
    (folder / "ion.md").write_text(md_testimonial(
        "Ion P.", "approved", "Au găsit defectul într-o oră și au ținut prețul.",
        Video="ion.mov", **{**HEADER, **fields},
    ))  # fmt: skip
    return build_site(tmp_path)


def published(build, suffix: str) -> list[tuple[str, bytes]]:
    return [(str(p.relative_to(build.output)), d) for p, d in build.all_bytes()
            if p.suffix == suffix]  # fmt: skip


def test_a_phone_clip_is_published_upright_720p_without_metadata_and_the_check_passes(tmp_path):
    build = video_site(tmp_path)
    [(name, clip)] = published(build, ".mp4")
    assert name.startswith("photos/") and re.fullmatch(r"photos/[0-9a-f]{20}\.mp4", name)
    assert LOCATION.encode() not in clip and b"iPhone" not in clip and b"\xa9xyz" not in clip
    assert metadata_in(clip) == []
    frame = next(av.open(io.BytesIO(clip)).decode(video=0))
    assert (frame.width, frame.height, frame.rotation) == (720, 1280, 0), "upright, 720p"
    # Stored sideways with its red quarter top-left, shown turned 90° counter-clockwise: bottom-left.
    upright = frame.to_image()
    red, blue = upright.getpixel((100, 1180)), upright.getpixel((100, 100))
    assert red[0] > 150 > red[2] and blue[2] > 150 > blue[0], (red, blue)
    original = (tmp_path / "content/testimonials/ion.mov").read_bytes()
    assert all(original not in data for _, data in build.all_bytes())
    assert build.check().returncode == 0

    wall = build.read("testimonials/index.html")
    video = re.search(r"<video [^>]*>.*?</video>", wall, re.S).group(0)
    assert f'<source src="/{name}" type="video/mp4">' in video
    assert 'poster="/photos/' in video and 'aria-describedby="words-ion"' in video
    assert "<track" not in video
    assert "Transcript: the words below" in wall and 'id="words-ion"' in wall
    permalink = build.read("testimonials/ion/index.html")
    assert f'<meta property="og:video" content="/{name}">' in permalink
    review = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                  permalink, re.S).group(1))  # fmt: skip
    assert review["video"]["@type"] == "VideoObject"
    assert review["video"]["contentUrl"] == f"/{name}" and review["video"]["duration"] == "PT3S"
    data = json.loads(build.read("testimonials/testimonials.json"))["testimonials"][0]["video"]
    assert data["url"] == f"/{name}" and (data["width"], data["height"]) == (720, 1280)
    assert f'<link href="/{name}" rel="enclosure" type="video/mp4"/>' in build.read(
        "testimonials/feed.atom"
    )
    # The share image is drawn on the poster (its middle band, filling 1200x630): red shows through at
    # the bottom left, blue at the top right.
    share = Image.open(io.BytesIO((build.output / "testimonials/ion/share.png").read_bytes()))
    red, blue = share.getpixel((20, 620)), share.getpixel((1180, 10))
    assert red[0] > red[2] and blue[2] > blue[0], (red, blue)


def test_captions_beside_the_clip_are_published_and_shown_in_the_customers_language(tmp_path):
    build = video_site(tmp_path, captions=True)
    [(name, vtt)] = published(build, ".vtt")
    assert vtt.decode() == CAPTIONS
    wall = build.read("testimonials/index.html")
    assert (f'<track kind="captions" src="/{name}" srclang="ro" label="Romanian" default>'
            in wall)  # fmt: skip
    assert "Transcript: the words below" not in wall
    assert build.check().returncode == 0
    # Withdrawn: the next build removes the clip, its captions and its poster with the rest of it.
    posters = {p.name for p in (build.output / "photos").iterdir()}
    source = tmp_path / "content" / "testimonials" / "ion.md"
    source.write_text(source.read_text().replace("Status: approved", "Status: withdrawn"))
    after = build_site(tmp_path)
    left = (
        {p.name for p in (after.output / "photos").glob("*")}
        if (after.output / "photos").is_dir()
        else set()
    )
    assert posters and not left & posters
    assert published(after, ".mp4") == [] and published(after, ".vtt") == []


@pytest.mark.parametrize(
    "write, message",
    [
        (lambda folder: None, 'Video "ion.mov" does not exist beside the file'),
        (lambda folder: (folder / "ion.mov").write_text("not a clip"), 'Video "ion.mov" '),
        (
            lambda folder: (folder / "ion.gif").write_bytes(b"GIF89a"),
            'Video "ion.gif" is not a clip (.mp4, .mov, .m4v, .3gp)',
        ),
    ],
    ids=["missing", "no clip", "no clip suffix"],
)
def test_a_bad_video_is_one_line_naming_the_file_and_the_testimonial_is_left_out(
    tmp_path, write, message
):
    folder = tmp_path / "content" / "testimonials"
    folder.mkdir(parents=True)
    write(folder)
    name = "ion.gif" if "gif" in message else "ion.mov"
    (folder / "ion.md").write_text(md_testimonial("Ion", "approved", "Bine.", Video=name, **HEADER))
    build = build_site(tmp_path, fatal=False)
    [line] = [line for line in build.log.splitlines() if "content/testimonials/ion.md" in line]
    assert f"content/testimonials/ion.md: {message}" in line
    assert not (build.output / "testimonials").exists()


@pytest.mark.browser
def test_the_video_plays_on_a_phone_with_its_captions_showing(tmp_path, browser):
    build = video_site(tmp_path, captions=True)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    with Server(build.output) as server:
        page.goto(f"{server.url}/testimonials/ion/")
        video = page.locator(".testimonial-page video")
        video.scroll_into_view_if_needed()
        box = video.bounding_box()
        assert box["width"] <= 390
        # The play button of Chromium's own controls: bottom left, where a person taps it.
        page.mouse.click(box["x"] + 24, box["y"] + box["height"] - 47)
        page.wait_for_function("() => document.querySelector('video').currentTime > 0.3",
                               timeout=10000)  # fmt: skip
        shown = page.evaluate(
            "() => { const t = document.querySelector('video').textTracks[0];"
            " return [t.mode, t.language, Array.from(t.activeCues || []).map(c => c.text)]; }"
        )
        assert shown == ["showing", "ro", ["Au găsit defectul într-o oră."]]
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_add_copies_the_customers_photo_and_clip_beside_it_and_refuses_a_bad_one(tmp_path):
    from .test_testimonial_add import DAY, JOBS, message

    build = build_site(tmp_path, JOBS, env=DAY)
    (tmp_path / "notes.mov").write_text("not a clip")
    make_clip(tmp_path / "clip.mov", size=(640, 360), rotation=90)
    (tmp_path / "car.jpg").write_bytes(camera_jpeg())

    def add(*options, ok=True):
        result = run_shopwindow(["--settings", str(build.conf), "testimonial", "add",
                                 message(build), *options], tmp_path, env=DAY)  # fmt: skip
        assert result.returncode == (0 if ok else 1), result.stderr
        return result

    refused = add("--video", "notes.mov", ok=False)
    assert refused.stderr.startswith("shopwindow: notes.mov: ")
    assert not (tmp_path / "content" / "testimonials").exists(), "nothing written"
    add("--photo", "car.jpg", "--video", "clip.mov")
    folder = tmp_path / "content" / "testimonials"
    assert sorted(p.name for p in folder.iterdir()) == [
        "ion-p-d-1-photo.jpg",
        "ion-p-d-1-video.mov",
        "ion-p-d-1.md",
    ]
    text = (folder / "ion-p-d-1.md").read_text()
    assert "Photo: ion-p-d-1-photo.jpg\n" in text and "Video: ion-p-d-1-video.mov\n" in text
    assert (folder / "ion-p-d-1-video.mov").read_bytes() == (tmp_path / "clip.mov").read_bytes()
    approved = text.replace("Status: pending", "Status: approved")
    (folder / "ion-p-d-1.md").write_text(approved)
    built = build_site(tmp_path, env=DAY)
    assert "<video " in built.read("testimonials/index.html")
    assert built.check().returncode == 0


@pytest.mark.gates
def test_the_pages_with_a_video_are_valid_html_without_an_axe_violation(tmp_path, browser):
    from .gates import axe_violations, html_errors

    build = video_site(tmp_path, captions=True)
    pages = [
        "testimonials/index.html",
        "testimonials/ion/index.html",
        "testimonials/embed/index.html",
    ]
    assert html_errors([build.output / page for page in pages]) == []
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    with Server(build.output) as server:
        found = {}
        for name in pages:
            page.goto(f"{server.url}/{name.removesuffix('index.html')}")
            found[name] = axe_violations(page)
    context.close()
    assert {name: v for name, v in found.items() if v} == {}
