"""Derived work is cached by its inputs, and each cache gives way when any one input changes.

- share images: the text, the rating, the author, the business's name;
- parsed jobs: the text of job.md (its code version too), a photo added or replaced;
- sealed documents: the template, the language, the secret, the code version, a photo's bytes.

Each test builds, changes one input, builds again in the same folder (same cache), and compares what
a visitor or a customer gets with what a build without any cache makes of the same input."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess

import pytest
from PIL import Image

from .images import camera_jpeg
from .sitebuild import BIN, build_site, md_testimonial, open_job

# Each test builds a site twice or more: the slow tier.
pytestmark = pytest.mark.slow

JOB = "J-C1"


def rebuild(build) -> str:
    """Build again with the same settings and cache; Pelican's log with Shopwindow's figures."""
    result = subprocess.run(
        [BIN / "pelican", str(build.root / "content"), "-s", str(build.conf), "-o",
         str(build.output), "--fatal", "errors", "-v"],
        capture_output=True, text=True, cwd=build.root,
        env={**(build.env or os.environ), "COLUMNS": "400"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def uncached(build, tmp_path) -> object:
    """The same content built in a fresh folder: what the output must be."""
    fresh = tmp_path / "fresh"
    if fresh.exists():
        shutil.rmtree(fresh)
    shutil.copytree(build.root / "content", fresh / "content")
    shutil.copy(build.root / "secret", fresh / "secret")
    settings = {}
    conf = build.conf.read_text()
    for line in conf.splitlines():  # the same Pelican settings the first build had
        if line.startswith(("THEME_TEMPLATES_OVERRIDES", "DEFAULT_LANG")):
            key, value = line.split(" = ", 1)
            settings[key] = eval(value)  # written by build_site with repr()
    return build_site(fresh, settings=settings)


# ---------------------------------------------------------------------- share images
TESTIMONIAL = {
    "Author": "Anna K.",
    "Rating": "4",
    "text": "The car was ready by five, exactly as promised.",
}


def approved_testimonial(author: str, rating: str, text: str) -> str:
    return md_testimonial(author, "approved", text, Consent="2026-10-02", Rating=rating)


@pytest.mark.parametrize(
    "change",
    [
        {"text": "Ready a day early, and the price matched the quote."},
        {"Rating": "5"},
        {"Author": "Anna Kovač"},
        {"business": "Bright Garage & Sons"},
    ],
    ids=["text", "rating", "author", "business name"],
)
def test_a_share_image_is_drawn_again_when_one_of_its_inputs_changes(tmp_path, change):
    values = dict(TESTIMONIAL)
    path = "testimonials/anna.md"
    build = build_site(tmp_path, {path: approved_testimonial(values["Author"], values["Rating"],
                                                         values["text"])})  # fmt: skip
    share = build.output / "testimonials" / "anna" / "share.png"
    first = share.read_bytes()
    log = rebuild(build)
    assert "0 share image(s) drawn, 1 from the cache" in log  # nothing changed: from the cache
    assert share.read_bytes() == first

    if "business" in change:
        build.conf.write_text(
            build.conf.read_text()
            + f"SHOPWINDOW['business'] = {{**SHOPWINDOW['business'], 'name': {change['business']!r}}}\n"
        )
    else:
        values.update(change)
        (build.root / "content" / path).write_text(
            approved_testimonial(values["Author"], values["Rating"], values["text"])
        )
    log = rebuild(build)
    assert "1 share image(s) drawn, 0 from the cache" in log
    changed = share.read_bytes()
    assert changed != first
    from pelican.plugins.shopwindow.testimonials.share_image import share_image

    business = change.get("business", "Bright Garage")
    assert changed == share_image(values["text"], int(values["Rating"]), values["Author"], business)
    assert Image.open(io.BytesIO(changed)).size == (1200, 630)


# ---------------------------------------------------------------------- jobs: parsed and sealed
def job_md(note: str = "Car received.", code_version: int = 1, photo: str = "") -> str:
    lines = [
        "Title: Rear brakes",
        "Customer: Ion Popescu",
        "Promised: 2099-11-25",
        f"Code-Version: {code_version}",
        "",
        "## 2026-11-21 10:30 · received",
        note,
    ]
    if photo:
        lines.append(f"![The disc]({photo})")
    return "\n".join(lines) + "\n"


def same_page(one, other) -> bool:
    """The same page for its reader: the same text and the same photos, whatever the sealed names
    (they derive from the job's keys)."""

    def text(job):
        return re.sub(r'data-sw-renditions="[^"]*"', "", job.view)

    return text(one) == text(other) and sorted(one.photos.values()) == sorted(other.photos.values())


def job_site(tmp_path, **settings):
    files = {f"jobs/{JOB}/job.md": job_md(photo="disc.jpg"),
             f"jobs/{JOB}/disc.jpg": camera_jpeg((600, 400))}  # fmt: skip
    return build_site(tmp_path, files, settings)


def test_an_unchanged_job_is_neither_parsed_nor_sealed_again(tmp_path):
    build = job_site(tmp_path)
    sealed = {p: p.read_bytes() for p in build.output.rglob("*.bin")}
    log = rebuild(build)
    assert "0 sealed again (1 unchanged)" in log and "PBKDF2 runs: 0" in log
    assert {p: p.read_bytes() for p in build.output.rglob("*.bin")} == sealed


def test_the_text_of_job_md_changes_the_page(tmp_path):
    build = job_site(tmp_path)
    (build.root / "content" / "jobs" / JOB / "job.md").write_text(
        job_md("The rear discs are scored.", photo="disc.jpg")
    )
    log = rebuild(build)
    assert "1 sealed again (0 unchanged)" in log
    view = open_job(build, JOB).view
    assert "The rear discs are scored." in view and "Car received." not in view
    assert view == open_job(uncached(build, tmp_path), JOB).view


def test_a_photo_added_or_replaced_changes_the_page(tmp_path):
    build = job_site(tmp_path)
    folder = build.root / "content" / "jobs" / JOB
    # Added: a photo no section names joins the update nearest in time.
    (folder / "pads.jpg").write_bytes(camera_jpeg((500, 300)))
    rebuild(build)
    view = open_job(build, JOB).view
    assert view.count('class="sealed"') == 2
    assert view == open_job(uncached(build, tmp_path), JOB).view
    # Replaced: the same name, other bytes (a green photo instead of a red and blue one).
    before = open_job(build, JOB).photos
    green = io.BytesIO()
    Image.new("RGB", (600, 400), (20, 200, 20)).save(green, "JPEG", quality=90)
    (folder / "disc.jpg").write_bytes(green.getvalue())
    rebuild(build)
    after = open_job(build, JOB).photos
    assert after != before
    assert sorted(map(len, after.values())) == sorted(
        map(len, open_job(uncached(build, tmp_path), JOB).photos.values())
    )


def test_a_new_code_version_changes_the_code_the_lock_and_every_sealed_byte(tmp_path):
    build = job_site(tmp_path)
    first = open_job(build, JOB)
    folder = build.output / "j" / first.slug
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    (build.root / "content" / "jobs" / JOB / "job.md").write_text(
        job_md(code_version=2, photo="disc.jpg")
    )
    log = rebuild(build)
    assert "PBKDF2 runs: 1" in log and "1 sealed again (0 unchanged)" in log
    second = open_job(build, JOB)  # opened with the new code
    assert second.slug == first.slug and second.code != first.code  # same address, new code
    assert same_page(second, first)
    after = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    sealed = [p for p in before if p.suffix == ".bin"]
    assert sealed and all(p not in after or after[p] != before[p] for p in sealed)
    assert after[folder / "index.html"] != before[folder / "index.html"]  # the new lock


def test_a_theme_template_override_changes_the_page(tmp_path):
    overrides = tmp_path / "overrides"
    build = job_site(tmp_path, THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    assert "MARKERtemplate" not in open_job(build, JOB).view
    from pelican.plugins.shopwindow import rendering

    package_job = rendering.PACKAGE_TEMPLATES / "shopwindow" / "job.html"
    (overrides / "shopwindow").mkdir(parents=True)
    (overrides / "shopwindow" / "job.html").write_text(
        package_job.read_text().replace(
            '<article class="job">', '<article class="job">MARKERtemplate'
        )
    )
    log = rebuild(build)
    assert "1 sealed again (0 unchanged)" in log
    assert "MARKERtemplate" in open_job(build, JOB).view


def test_the_language_changes_the_page(tmp_path):
    build = job_site(tmp_path)
    assert "Promised by" in open_job(build, JOB).view
    build.conf.write_text(build.conf.read_text() + "DEFAULT_LANG = 'ru'\n")
    rebuild(build)
    view = open_job(build, JOB).view
    assert "Promised by" not in view and "Обещали к" in view
    assert view == open_job(uncached(build, tmp_path), JOB).view


def test_a_new_secret_changes_every_address_code_and_key(tmp_path):
    build = job_site(tmp_path)
    first = open_job(build, JOB)
    (build.root / "secret").write_text(os.urandom(32).hex() + "\n")
    log = rebuild(build)
    assert "1 sealed again (0 unchanged)" in log and "PBKDF2 runs: 1" in log
    second = open_job(build, JOB)  # opened with the new secret's keys
    assert second.slug != first.slug and second.code != first.code
    assert same_page(second, first)
    assert not (build.output / "j" / first.slug).exists()
