"""Published photos: upright, resized, named by content hash, no metadata; processed once, ever."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image, ImageChops, ImageStat

from .images import ORIENTATION, camera_jpeg, stored_for_orientation
from .sitebuild import build_site, md_testimonial


def published_photos(build, page: str) -> list[Image.Image]:
    html = build.read(page)
    names = re.findall(r'src="/photos/([^"]+)"', html)
    return [Image.open(build.output / "photos" / n) for n in names]


def assert_no_metadata(image: Image.Image, data: bytes) -> None:
    assert len(image.getexif()) == 0
    assert not image.getexif().get_ifd(0x8825)
    assert "exif" not in image.info and "xmp" not in image.info
    for marker in (b"Exif\x00\x00", b"<x:xmpmeta", b"http://ns.adobe.com/xap/1.0/", b"TestCam"):
        assert marker not in data


def photo_testimonial(photo: str) -> str:
    return md_testimonial("P", "approved", "With a photo.", Consent="2026-01-01", Photo=photo)


def test_own_camera_photo_is_upright_without_gps_or_exif(tmp_path):
    upright = Image.open(io.BytesIO(camera_jpeg((900, 600), gps=False))).convert("RGB")
    files = {"testimonials/p.md": photo_testimonial("IMG_1234.jpg")}
    stored = stored_for_orientation(upright, 6)
    exif = Image.open(io.BytesIO(camera_jpeg(gps=True))).getexif()
    exif[ORIENTATION] = 6
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", quality=92, exif=exif.tobytes())
    files["testimonials/IMG_1234.jpg"] = buffer.getvalue()
    build = build_site(tmp_path, files)
    for path, data in build.all_bytes():
        assert b"IMG_1234" not in data, f"the original file name reached {path}"
    (image,) = published_photos(build, "testimonials/p/index.html")[:1]
    assert image.size[0] > image.size[1], "orientation 6 applied: landscape again"
    red = image.getpixel((image.width // 4, image.height // 4))
    blue = image.getpixel((3 * image.width // 4, 3 * image.height // 4))
    assert red[0] > 150 and red[2] < 100, f"top-left should be red, is {red}"
    assert blue[2] > 150 and blue[0] < 100, f"bottom-right should be blue, is {blue}"
    for path in (build.output / "photos").iterdir():
        with Image.open(path) as published:
            assert_no_metadata(published, path.read_bytes())
        assert re.fullmatch(r"[0-9a-f]{20}-\d+\.jpg", path.name)
    widths = sorted(Image.open(p).width for p in (build.output / "photos").iterdir())
    assert widths == [480, 900], "resized to PHOTO_WIDTHS no wider than the source"


def test_fixture_gps_photo_is_published_without_gps_or_exif(tmp_path, shared_photos):
    source = shared_photos / "gps" / "DSCN0010.jpg"
    assert Image.open(source).getexif().get_ifd(0x8825), "the fixture carries GPS"
    files = {
        "testimonials/p.md": photo_testimonial("DSCN0010.jpg"),
        "testimonials/DSCN0010.jpg": source.read_bytes(),
    }
    build = build_site(tmp_path, files)
    photos = list((build.output / "photos").iterdir())
    assert photos
    for path in photos:
        with Image.open(path) as image:
            assert_no_metadata(image, path.read_bytes())
        assert b"NIKON" not in path.read_bytes()
    assert build.check().returncode == 0


@pytest.mark.slow
def test_fixture_orientations_are_all_published_upright(tmp_path, shared_photos):
    files = {}
    for n in range(1, 9):
        name = f"Landscape_{n}.jpg"
        files[f"testimonials/l{n}.md"] = photo_testimonial(name)
        files[f"testimonials/{name}"] = (shared_photos / "orientation" / name).read_bytes()
    build = build_site(tmp_path, files)
    reference = published_photos(build, "testimonials/l1/index.html")[0].convert("L")
    for n in range(2, 9):
        image = published_photos(build, f"testimonials/l{n}/index.html")[0].convert("L")
        assert image.size == reference.size, f"Landscape_{n}"
        difference = ImageStat.Stat(ImageChops.difference(image, reference)).mean[0]
        assert difference < 8, f"Landscape_{n} differs from upright by {difference:.1f} per pixel"


def test_second_build_processes_no_photo(tmp_path):
    files = {"testimonials/p.md": photo_testimonial("a.jpg"), "testimonials/a.jpg": camera_jpeg()}
    build = build_site(tmp_path, files)
    cache = tmp_path / "cache" / "shopwindow"
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    assert before
    build_site(tmp_path)
    after = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    assert after == before, "the second build wrote nothing to the photo cache"
    assert build.check().returncode == 0
