"""Job photos through the pipeline, as the customer decrypts them: upright, clean, and bad files refused."""

from __future__ import annotations

import io
import shutil

import pytest
from PIL import Image, ImageChops, ImageStat

from .images import camera_jpeg
from .sitebuild import EXAMPLE_DAY, PROJECT, build_site, open_job

JOB_MD = "Title: Photos\nReceived: 2026-11-20 09:00\n\n## 2026-11-20 09:00 · received\nIn.\n"


def largest(job, prefix: str = "") -> list[Image.Image]:
    """The widest decrypted rendition of each photo, in view order."""
    import json

    from pelican.plugins.shopwindow.markup import tags_in

    images = []
    for _, attributes in tags_in(job.view, "img"):
        if "data-sw-renditions" in attributes:
            renditions = json.loads(attributes["data-sw-renditions"])
            images.append(Image.open(io.BytesIO(job.photos[renditions[-1][0]])))
    return images


def assert_clean(image: Image.Image, data: bytes) -> None:
    assert len(image.getexif()) == 0, "no EXIF"
    assert (
        "exif" not in image.info
        and "xmp" not in image.info
        and "XML:com.adobe.xmp" not in image.info
    )
    for marker in (
        b"Exif\x00\x00",
        b"http://ns.adobe.com/xap/1.0/",
        b"<x:xmpmeta",
        b"NIKON",
        b"Apple",
    ):
        assert marker not in data, marker


def fixture_job(shared_photos, folders: list[str]) -> dict:
    files = {"jobs/F-1/job.md": JOB_MD}
    for folder in folders:
        for path in sorted((shared_photos / folder).iterdir()):
            if path.suffix.lower() in (".jpg", ".heic"):
                files[f"jobs/F-1/{folder}-{path.name}"] = path.read_bytes()
    return files


def test_every_orientation_is_published_upright(tmp_path, shared_photos):
    files = {
        "jobs/F-1/job.md": JOB_MD.replace(
            "In.\n", "In.\n" + "".join(f"![o{n}](Landscape_{n}.jpg)\n" for n in range(1, 9))
        )
    }
    for n in range(1, 9):
        files[f"jobs/F-1/Landscape_{n}.jpg"] = (
            shared_photos / "orientation" / f"Landscape_{n}.jpg"
        ).read_bytes()
    images = largest(open_job(build_site(tmp_path, files), "F-1"))
    assert len(images) == 8
    reference = images[0].convert("L")
    for n, image in enumerate(images[1:], start=2):
        assert image.size == reference.size, f"Landscape_{n}"
        difference = ImageStat.Stat(ImageChops.difference(image.convert("L"), reference)).mean[0]
        assert difference < 8, f"Landscape_{n} is not upright (mean difference {difference:.1f})"


@pytest.mark.slow
def test_gps_xmp_and_maker_notes_are_gone_and_heic_is_accepted(tmp_path, shared_photos):
    files = fixture_job(shared_photos, ["gps", "metadata", "phone", "heic"])
    build = build_site(tmp_path, files)
    job = open_job(build, "F-1")
    sources = [name for name in files if not name.endswith(".md")]
    assert len(largest(job)) == len(sources), "every photo, HEIC included, is on the page"
    for data in job.photos.values():
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG"
            assert_clean(image, data)
    assert build.check().returncode == 0


def test_odd_exif_never_stops_the_build(tmp_path, shared_photos):
    files = {"jobs/F-1/job.md": JOB_MD}
    for path in sorted((shared_photos / "odd-exif").iterdir()):
        files[f"jobs/F-1/{path.name}"] = path.read_bytes()
    build = build_site(tmp_path, files)
    assert len(largest(open_job(build, "F-1"))) == len(files) - 1


def bomb_png() -> bytes:
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "truncated.jpg",
            lambda: camera_jpeg((1600, 1200))[:6000],
            'image "truncated.jpg" is broken or truncated',
        ),
        ("empty.jpg", lambda: b"", 'image "empty.jpg" is empty (0 bytes)'),
        (
            "notes.jpg",
            lambda: b"this is a text file\n",
            'image "notes.jpg" is not an image this site reads (JPEG, PNG, WebP, HEIC)',
        ),
        ("bomb.png", bomb_png, 'image "bomb.png" is over the limit of 64000000 pixels'),
    ],
)
def test_a_broken_photo_is_one_line_naming_it_and_the_rest_builds(tmp_path, name, make, message):
    files = {
        "jobs/B-1/job.md": JOB_MD.replace("In.\n", f"In.\n![good](good.jpg)\n![bad]({name})\n"),
        "jobs/B-1/good.jpg": camera_jpeg(),
        f"jobs/B-1/{name}": make(),
    }
    build = build_site(tmp_path, files, fatal=False)
    assert build.returncode == 0
    lines = [line for line in build.log.splitlines() if name in line]
    assert len(lines) == 1 and f"content/jobs/B-1/job.md: {message}" in lines[0], build.log
    job = open_job(build, "B-1")
    assert len(largest(job)) == 1, "the good photo is there, the bad one is left out"


@pytest.mark.slow
def test_privacy_scan_passes_on_the_example_jobs_with_fixture_photos(tmp_path, shared_photos):
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "content", content)
    for folder in ("gps", "heic", "metadata"):
        for path in (shared_photos / folder).iterdir():
            shutil.copy(path, content / "jobs" / "2026-0042" / f"{folder}-{path.name}")
    build = build_site(tmp_path, settings={"PATH": str(content)}, env=EXAMPLE_DAY)
    result = build.check()
    assert result.returncode == 0, result.stderr
    assert len(open_job(build, "2026-0042").photos) > 10
