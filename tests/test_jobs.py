"""Job pages as the customer reads them: stages, notes, photos, the promise, links, retention."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pelican.plugins.shopwindow.jobs.model import Stage, Update, check_job_id, parse_heading
from pelican.plugins.shopwindow.jobs.promise import promise_status
from PIL import Image

from .images import camera_jpeg
from .sitebuild import build_site, open_job


def job_md(**header) -> str:
    fields = {
        "Title": "Rear brakes",
        "Customer": "Ion P.",
        "Received": "2026-11-20 09:10",
        "Promised": "2026-11-24",
        **header,
    }
    return (
        "".join(f"{k}: {v}\n" for k, v in fields.items())
        + "\n"
        + (
            "## 2026-11-20 09:10 · received · lift-2\nCar received, MARKERnote1.\n![On the lift](lift.jpg)\n\n"
            "## 2026-11-20 11:00 · diagnosis\nDiscs are scored, MARKERnote2.\n\n"
            "## 2026-11-21 15:30 · repair · lift-3\nNew discs on.\n"
        )
    )


def exif_time_jpeg(when: str) -> bytes:
    image = Image.open(io.BytesIO(camera_jpeg((800, 600))))
    exif = image.getexif()
    exif[0x8769] = {0x9003: when}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture
def pinned_today(monkeypatch):
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-22")


def test_job_page_shows_stages_notes_photos_and_the_promise(tmp_path, pinned_today):
    files = {
        "jobs/J-1/job.md": job_md(Estimate="2026-11-23"),
        "jobs/J-1/lift.jpg": camera_jpeg((1200, 900)),
        "jobs/J-1/loose.jpg": exif_time_jpeg("2026:11:21 15:00:00"),  # named by no section
    }
    build = build_site(tmp_path, files)
    job = open_job(build, "J-1")
    assert "MARKERnote1" in job.view and "MARKERnote2" in job.view
    assert '<li class="stage stage-current" aria-current="step">' in job.view
    assert job.view.count("stage stage-done") == 3, "received, diagnosis, parts are behind it"
    assert (
        'Promised by <time datetime="2026-11-24">Tue 24 Nov</time>, on track to be ready <time datetime="2026-11-23">Mon 23 Nov</time>: 1 day early.'
        in job.view
    )
    # Newest first; the loose photo joined the update nearest its EXIF time (repair, 15:30).
    repair, diagnosis = job.view.index("· Repair · lift-3"), job.view.index("· Diagnosis<")
    assert repair < diagnosis
    repair_section = job.view[repair:diagnosis]
    assert repair_section.count('class="sealed"') == 1
    assert len(job.photos) >= 2 and all(d[:2] == b"\xff\xd8" for d in job.photos.values())
    assert "lift.jpg" not in job.view and "loose.jpg" not in job.view, "file names stay private"
    assert (
        "Something wrong? Tell us" in job.view and "mailto:hello@bright-garage.example" in job.view
    )


def test_late_job_says_so_honestly_and_links_tracking_and_feedback(tmp_path, pinned_today):
    files = {
        "jobs/J-2/job.md": job_md(Promised="2026-11-19", Tracking="1Z999", Carrier="ups").replace(
            "![On the lift](lift.jpg)\n", ""
        )
    }
    settings = {"business": {"name": "Shop", "email": "desk@shop.example"}}
    build = build_site(tmp_path, files, settings)
    job = open_job(build, "J-2")
    assert (
        'now expected <time datetime="2026-11-22">Sun 22 Nov</time>: 3 days late. We are sorry for the wait.'
        in job.view
    )
    assert 'href="https://www.ups.com/track?tracknum=1Z999"' in job.view
    assert 'href="mailto:desk@shop.example?subject=Rear%20brakes"' in job.view


def test_done_job_asks_every_customer_for_a_review(tmp_path, pinned_today):
    body = job_md(Status="done", Done="2026-11-21 17:00").replace("![On the lift](lift.jpg)\n", "")
    body += "\n## 2026-11-21 12:00 · ready\nReady.\n"
    build = build_site(
        tmp_path, {"jobs/J-3/job.md": body}, {"review_url": "https://g.page/r/review"}
    )
    job = open_job(build, "J-3")
    assert 'href="https://g.page/r/review"' in job.view and "Your job is done" in job.view
    assert 'ready <time datetime="2026-11-21">Sat 21 Nov</time>: 3 days early.' in job.view


def test_expired_job_leaves_the_output_and_its_address_says_so(tmp_path, monkeypatch):
    files = {
        "jobs/J-4/job.md": job_md(Status="done", Done="2026-08-01 10:00"),
        "jobs/J-4/lift.jpg": camera_jpeg(),
    }
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-08-10")
    build = build_site(tmp_path, files, {"job_retention_days": 30})
    slug_dir = next(p for p in (build.output / "j").iterdir() if p.is_dir())
    assert (slug_dir / "view.bin").exists()
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-09-01")
    build = build_site(tmp_path, settings={"job_retention_days": 30, "DEFAULT_LANG": "ro"})
    assert sorted(p.name for p in slug_dir.rglob("*") if p.is_file()) == ["index.html"]
    page = (slug_dir / "index.html").read_text()
    assert "Pagina acestei lucrări a expirat" in page and "shopwindow-lock" not in page


def test_bad_log_sections_are_reported_and_the_rest_builds(tmp_path, pinned_today):
    body = job_md().replace("![On the lift](lift.jpg)\n", "")
    body += "\n## yesterday-ish · paint\nx\n\n## 2026-11-21 16:00 · polishing\nx\n"
    build = build_site(tmp_path, {"jobs/J-5/job.md": body}, fatal=False)
    assert (
        "content/jobs/J-5/job.md: log heading \"yesterday-ish · paint\" 'yesterday-ish' is not a valid date"
        in build.log
    )
    assert (
        'content/jobs/J-5/job.md: log heading "2026-11-21 16:00 · polishing": stage "polishing" is not one of '
        "received, diagnosis, parts, repair, paint, quality-check, ready, collected; section left out"
        in build.log
    )
    assert "Discs are scored" in open_job(build, "J-5").view


def test_a_mistyped_header_field_is_reported_and_left_out_and_the_customers_link_still_works(
    tmp_path, pinned_today
):
    """``Promised: 2026-13-11`` removed the whole page, so the link the customer holds died. The field
    is named and left out; the page builds without a promise, at the same address, with the same
    code; a bad log heading in the same file is reported in the same build."""
    good = build_site(
        tmp_path, {"jobs/J-6/job.md": job_md().replace("![On the lift](lift.jpg)\n", "")}
    )
    before = open_job(good, "J-6")
    assert 'Promised by <time datetime="2026-11-24">' in before.view
    body = job_md(Promised="2026-13-11").replace("![On the lift](lift.jpg)\n", "")
    body += "\n## 2026-11-21 16:00 · polishing\nx\n"
    build = build_site(tmp_path, {"jobs/J-6/job.md": body}, fatal=False)
    log = [line.split(" ", 1)[1] for line in build.log.splitlines() if line.startswith("ERROR")]
    assert log == [
        'content/jobs/J-6/job.md: log heading "2026-11-21 16:00 · polishing": stage "polishing" is '
        "not one of received, diagnosis, parts, repair, paint, quality-check, ready, collected; "
        "section left out",
        'content/jobs/J-6/job.md: Promised "2026-13-11" is not a date; left out',
    ]
    after = open_job(build, "J-6")
    assert (after.slug, after.code) == (before.slug, before.code), "the same link and code"
    assert "Discs are scored" in after.view and "Promised by" not in after.view
    assert build.check().returncode == 1, "check fails until the field is fixed"


def test_a_job_without_a_title_is_named_with_its_other_problems_in_one_build(
    tmp_path, pinned_today
):
    body = (
        job_md(Title="").replace("![On the lift](lift.jpg)\n", "")
        + "\n## yesterday-ish · paint\nx\n"
    )
    build = build_site(tmp_path, {"jobs/J-7/job.md": body}, fatal=False)
    log = [line.split(" ", 1)[1] for line in build.log.splitlines() if line.startswith("ERROR")]
    assert log == [
        "content/jobs/J-7/job.md: Title is missing",
        "content/jobs/J-7/job.md: log heading \"yesterday-ish · paint\" 'yesterday-ish' is not a "
        "valid date; section left out",
    ]


def test_parsers_and_promise_rules():
    assert parse_heading("2026-11-21 10:30 · paint · booth-1") == (
        dt.datetime(2026, 11, 21, 10, 30),
        "paint",
        "booth-1",
    )
    assert parse_heading("2026-11-21 10:30 | paint") == (
        dt.datetime(2026, 11, 21, 10, 30),
        "paint",
        None,
    )
    for bad in ("2026-11-21 10:30", "paint · booth-1 · x · y", " · paint"):
        with pytest.raises(ValueError):
            parse_heading(bad)
    for bad in ("../x", "a/b", "a b", ".hidden", "", "x" * 65):
        with pytest.raises(ValueError):
            check_job_id(bad)
    assert check_job_id("Ремонт-7") == "Ремонт-7"
    from pelican.plugins.shopwindow.jobs.model import Job

    ready = Stage("ready", {"en": "Ready"})
    job = Job(
        "J",
        "j.md",
        None,
        "T",
        "",
        "",
        None,
        dt.date(2026, 11, 24),
        None,
        (ready,),
        "active",
        1,
        "",
        "",
        "",
        None,
    )
    assert promise_status(job, dt.date(2026, 11, 22)).days == 0
    assert promise_status(job, dt.date(2026, 11, 26)).days == 2
    finished = Job(
        **{**job.__dict__, "updates": (Update(dt.datetime(2026, 11, 23, 9), ready, None, ""),)}
    )
    status = promise_status(finished, dt.date(2026, 12, 30))
    assert status.finished and status.days == -1 and status.state == "early"


def test_a_new_jobs_blank_first_update_shows_no_photo_of_another_job(tmp_path, pinned_today):
    """`job new` writes a first update with no text. Built after a job whose last update has a photo,
    it shows no photo (never the other job's), and the build passes with --fatal errors."""
    from .sitebuild import shopwindow_command

    files = {
        "jobs/A-1/job.md": job_md().replace("New discs on.", "New discs on.\n\n![Disc](disc.jpg)"),
        "jobs/A-1/lift.jpg": camera_jpeg(),
        "jobs/A-1/disc.jpg": camera_jpeg(),
    }
    build = build_site(tmp_path, {"pages/about.md": "Title: About\n\nHi.\n"})
    shopwindow_command(build)(
        "job", "new", "B-2", "--title", "Clutch", "--customer", "Dan N.", "--promise-days", "2"
    )
    log = (tmp_path / "content" / "jobs" / "B-2" / "job.md").read_text()
    assert log.rstrip().splitlines()[-1].startswith("## "), "the first update: a heading alone"
    build = build_site(tmp_path, files)  # both jobs read in one build, A-1 first
    assert "disc.jpg" not in build.log
    assert open_job(build, "B-2").photos == {}
    assert len(open_job(build, "A-1").photos) > 0
