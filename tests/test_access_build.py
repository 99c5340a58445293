"""Private pages in a real build: nothing private in any output byte; stable, cached, checked."""

from __future__ import annotations

import io
import os
import re
import subprocess

import pytest
from PIL import Image

from .images import camera_jpeg
from .sitebuild import BIN, EXAMPLE_DAY, PROJECT, build_site

JOB = "J-100"


def job_md(code_version: int = 1) -> str:
    return (
        f"Title: MARKERjobtitle Brake job\nCustomer: MARKERcustomer Popescu\nCode-Version: {code_version}\n\n"
        "## 2026-11-21 10:30 · received\nMARKERjobnote car received.\n"
    )


def exif_photo(description: str) -> bytes:
    image = Image.open(io.BytesIO(camera_jpeg((640, 480))))
    exif = image.getexif()
    exif[0x010E] = description
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def private_site() -> dict:
    return {
        f"jobs/{JOB}/job.md": job_md(),
        "pages/secret.md": (
            "Title: MARKERtitle Your estimate\nAccess: J-100\nNote: MARKERmeta internal note\n\n"
            "MARKERbody the discs are scored.\n\n![disc](MARKERfilename-disc.jpg)\n"
        ),
        "pages/MARKERfilename-disc.jpg": exif_photo("MARKERexif taken at the bay"),
        "articles/private-post.md": (
            "Title: MARKERarticle title\nDate: 2026-11-01\nCategory: MARKERcategory\nTags: MARKERtag\n"
            "Access: J-100\n\nMARKERarticlebody text.\n"
        ),
        "articles/public.md": "Title: Public post\nDate: 2026-11-02\nCategory: News\n\nHello.\n",
    }


MARKERS = [b"MARKER"]


def test_no_private_marker_reaches_any_output_byte(tmp_path):
    build = build_site(tmp_path, private_site())
    files = build.all_bytes()
    for path, data in files:
        for needle in (b"MARKER", b"marker", b"J-100"):
            assert needle not in data, f"{needle!r} in {path}"
        assert "marker" not in str(path.relative_to(build.output)).lower(), path
    shells = sorted(
        p for p, _ in files if re.search(r"/j/[a-z2-7]{16}/[a-z2-7]{16}/index\.html$", str(p))
    )
    assert len(shells) == 2, (
        "the private page and the private article each get a shell beside the job page"
    )
    for shell in shells:
        html = shell.read_text()
        assert '<meta name="robots" content="noindex, nofollow">' in html
        assert 'id="shopwindow-lock"' in html and "unlock.js" in html
        assert (shell.parent / "view.bin").read_bytes().startswith(b"SW1")
    sealed_photos = [p for p, _ in files if "/p/" in str(p) and p.suffix == ".bin"]
    assert sealed_photos and all(d.startswith(b"SW1") for p, d in files if p in sealed_photos)
    sitemap = build.read("sitemap.xml")
    assert "/j/" not in sitemap and "private" not in sitemap
    assert "Public post" in build.read("blog/index.html")
    result = build.check()
    assert result.returncode == 0, result.stderr


def test_check_fails_when_a_private_marker_is_planted(tmp_path):
    build = build_site(tmp_path, private_site())
    (build.output / "blog" / "leak.txt").write_text("hello MARKERbody the discs are scored. bye")
    result = build.check()
    assert result.returncode == 1
    assert "leak.txt: contains text of content/pages/secret.md" in result.stderr
    (build.output / "blog" / "leak.txt").unlink()
    photo = (tmp_path / "content" / "pages" / "MARKERfilename-disc.jpg").read_bytes()
    (build.output / "blog" / "copy.bin").write_bytes(photo)
    result = build.check()
    assert (
        result.returncode == 1
        and "copy.bin: contains bytes of content/pages/MARKERfilename-disc.jpg" in result.stderr
    )


@pytest.mark.slow
def test_second_build_is_byte_identical_and_runs_no_pbkdf2(tmp_path):
    build_site(tmp_path, private_site())
    sealed = {p: d for p, d in build_site(tmp_path).all_bytes() if "/j/" in str(p)}
    command = [
        BIN / "pelican",
        str(tmp_path / "content"),
        "-s",
        str(tmp_path / "testconf.py"),
        "--fatal",
        "errors",
        "-v",
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "COLUMNS": "400"}
    )
    assert result.returncode == 0, result.stderr
    assert "PBKDF2 runs: 0 (3 from the key cache)" in result.stdout + result.stderr
    assert "0 file(s) changed, 0 removed" in result.stdout + result.stderr
    after = {p: p.read_bytes() for p in sealed}
    assert after == sealed


def test_rotation_changes_the_lock_and_prunes_old_files(tmp_path):
    first = {p: d for p, d in build_site(tmp_path, private_site()).all_bytes() if "/j/" in str(p)}
    (tmp_path / "content" / "jobs" / JOB / "job.md").write_text(job_md(2))
    second = {p: d for p, d in build_site(tmp_path).all_bytes() if "/j/" in str(p)}
    shells = [p for p in second if p.name == "index.html" and "shopwindow-lock" in p.read_text()]
    assert shells and all(first[p] != second[p] for p in shells), "new salt and wrapped key"
    old_photos = {p for p in first if "/p/" in str(p) and p.suffix == ".bin"}
    assert old_photos and not old_photos & set(second), "photos sealed under the old key are gone"


def test_private_page_of_an_unknown_job_is_published_nowhere(tmp_path):
    files = {"pages/lost.md": "Title: Lost MARKERlost\nAccess: NOPE-1\n\nMARKERlost body.\n"}
    build = build_site(tmp_path, files, fatal=False)
    assert (
        "content/pages/lost.md: Access content/jobs/NOPE-1/job.md: does not exist: no job 'NOPE-1'; left out, published nowhere"
        in build.log
    )
    for path, data in build.all_bytes():
        assert b"MARKERlost" not in data, path


def test_a_publish_or_ci_build_refuses_without_the_secret_and_weak_kdf_is_refused(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SHOPWINDOW_SECRET"} | EXAMPLE_DAY
    result = subprocess.run(
        [
            BIN / "pelican",
            str(PROJECT / "content"),
            "-s",
            str(PROJECT / "publishconf.py"),
            "-o",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        env={**env, "COLUMNS": "400"},
        cwd=tmp_path,
    )
    log = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0 and not (tmp_path / "out" / "j").exists()
    assert (
        "SHOPWINDOW_SECRET is not set, and this is a publish build (SITEURL is "
        "https://bright-garage.example): it never uses a developer's secret file" in log
    )
    # Any site, not only this repository's publishconf.py: the plugin itself refuses in CI.
    os.environ["CI"] = "true"
    try:
        build = build_site(tmp_path / "ci", private_site(), fatal=False)
    finally:
        os.environ.pop("CI")
    assert build.returncode != 0 and not (build.output / "j").exists()
    assert (
        "SHOPWINDOW_SECRET is not set, and this is a CI build (CI is set in the environment)"
        in " ".join(build.log.split())
    )
    build = build_site(tmp_path / "weak", private_site(), {"kdf_iterations": 1000}, fatal=False)
    assert "SHOPWINDOW['kdf_iterations']: 1000 is below 600000" in build.log
    assert not (build.output / "j").exists()


def test_a_site_in_a_folder_of_a_shared_origin_is_warned_about_once(tmp_path):
    """Every project site of a GitHub account lives on one origin, whose IndexedDB any of its pages
    can read: a job key a customer remembered there is usable by another project's page. The build
    says so once; a site at the root of its own domain, or without jobs, hears nothing of it."""
    job = {f"jobs/{JOB}/job.md": "Title: Brakes\n\n## 2026-11-20 09:00 · received\nIn.\n"}
    warning = (
        "SITEURL https://ana.github.io/shop is a folder of https://ana.github.io, an origin other "
        "sites can share"
    )
    shared = build_site(tmp_path / "shared", job, {"SITEURL": "https://ana.github.io/shop"})
    log = " ".join(shared.log.split())
    assert log.count(warning) == 1, shared.log
    assert 'Give the shop a domain of its own (README, "Remembered devices")' in log
    own = build_site(tmp_path / "own", job, {"SITEURL": "https://shop.example"})
    assert "an origin other sites can share" not in own.log
    guest = build_site(
        tmp_path / "guest",
        {"pages/a.md": "Title: A\n\nA.\n"},
        {"SITEURL": "https://ana.github.io/shop"},
    )
    assert "an origin other sites can share" not in guest.log
