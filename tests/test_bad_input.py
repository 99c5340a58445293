"""The bad-input matrix: each broken input gets one message naming the file and the field, the rest of
the site builds, nothing private reaches output/, and `shopwindow check` exits non-zero."""

from __future__ import annotations

import io
import os

import av
import pytest
from PIL import Image

from .clips import clip_bytes, make_clip, sound_only
from .images import camera_jpeg
from .sitebuild import build_site, md_testimonial

SECRET = "MARKERsecretQ9"
BAD = "content/testimonials/bad.md"
CASE = "content/cases/bad.md"
JOB = "content/jobs/B-1/job.md"

GOOD = {
    "testimonials/good.md": md_testimonial(
        "Good G.", "approved", "The good one, MARKERgoodT1.", Consent="2026-01-01"
    ),
    "jobs/G-1/job.md": "Title: Good job\n\n## 2026-11-20 09:00 · received\nFine.\n",
}


def t(**fields) -> dict:
    header = {"Author": "Bad B.", "Status": "approved", "Consent": "2026-01-01", **fields}
    text = (
        "".join(f"{k}: {v}\n" for k, v in header.items() if v is not None)
        + f"\nPrivate words {SECRET}.\n"
    )
    return {"testimonials/bad.md": text}


def c(**fields) -> dict:
    header = {"Title": f"Report {SECRET}", "Status": "published", "Consent": "2026-01-01", **fields}
    return {
        "cases/bad.md": "".join(f"{k}: {v}\n" for k, v in header.items()) + f"\nBody {SECRET}.\n"
    }


def j(log: str = "", **extra) -> dict:
    files = {
        "jobs/B-1/job.md": f"Title: Job {SECRET}\n\n## 2026-11-20 09:00 · received\nNote {SECRET}.\n{log}"
    }
    files.update({f"jobs/B-1/{name}": data for name, data in extra.items()})
    return files


def photo_job(name: str, data: bytes) -> dict:
    return j(f"![p]({name})\n", **{name: data})


def cmyk_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("CMYK", (400, 300), (0, 200, 200, 0)).save(out, "JPEG")
    return out.getvalue()


def png16() -> bytes:
    out = io.BytesIO()
    Image.new("I;16", (400, 300), 40000).save(out, "PNG")
    return out.getvalue()


def gif_animated() -> bytes:
    out = io.BytesIO()
    frames = [Image.new("P", (60, 40), i) for i in range(3)]
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    return out.getvalue()


def bomb() -> bytes:
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")
    return out.getvalue()


WHOLE_CLIP = clip_bytes(size=(320, 180), rate=10)
CUT_SHORT = "is cut short or damaged: it has no index (moov); copy it from the phone again"

# name -> (files, settings, the exact message)
CONTENT_MATRIX = {
    "rating out of range": (t(Rating="7"), f"{BAD}: Rating 7 is outside 1-5"),
    "rating not a number": (t(Rating="five"), f'{BAD}: Rating "five" is not a whole number'),
    "missing author": (t(Author=""), f"{BAD}: Author is missing"),
    "missing status": (
        t(Status=None),
        f"{BAD}: Status is missing; use one of draft, pending, approved, rejected, withdrawn",
    ),
    "unknown status": (
        t(Status="maybe"),
        f'{BAD}: Status "maybe" is not one of draft, pending, approved, rejected, withdrawn',
    ),
    "approved without consent": (
        t(Consent=None),
        f"{BAD}: Consent is missing: an approved testimonial needs the date the customer agreed",
    ),
    "impossible consent date": (
        t(Consent="2026-02-30"),
        f'{BAD}: Consent "2026-02-30" is not a date',
    ),
    "impossible date": (t(Date="2026-13-45"), f'{BAD}: Date "2026-13-45" is not a valid date'),
    "featured not yes or no": (t(Featured="maybe"), f'{BAD}: Featured "maybe" is not yes or no'),
    "unknown source": (
        t(Source="pigeon"),
        f'{BAD}: Source "pigeon" is not one of form, email, phone, in person, job page, google, '
        "facebook, trustpilot, yelp, import",
    ),
    "missing photo": (
        t(Photo="nope.jpg"),
        f'{BAD}: Photo "nope.jpg" does not exist beside the file',
    ),
    "0-byte photo": (
        {**t(Photo="empty.jpg"), "testimonials/empty.jpg": b""},
        f'{BAD}: Photo "empty.jpg" is empty (0 bytes)',
    ),
    "truncated photo": (
        {**t(Photo="cut.jpg"), "testimonials/cut.jpg": camera_jpeg((1600, 1200))[:5000]},
        f'{BAD}: Photo "cut.jpg" is broken or truncated',
    ),
    "animated GIF photo": (
        {**t(Photo="anim.gif"), "testimonials/anim.gif": gif_animated()},
        f'{BAD}: Photo "anim.gif" is a GIF image; this site reads JPEG, PNG, WebP and HEIC',
    ),
    "non-UTF-8 file": (
        {
            "testimonials/bad.md": f"Author: Bogdan\nStatus: approved\nConsent: 2026-01-01\n\nCafé {SECRET}\n".encode(
                "latin-1"
            )
        },
        f"{BAD}: is not UTF-8 text; save it as UTF-8",
    ),
    "UTF-16 file with a BOM": (
        {
            "testimonials/bad.md": f"Author: B\nStatus: approved\nConsent: 2026-01-01\n\n{SECRET}\n".encode(
                "utf-16"
            )
        },
        f"{BAD}: is not UTF-8 text; save it as UTF-8",
    ),
    "duplicate testimonial ID": (
        {
            "testimonials/a/bad.md": md_testimonial("B", "pending", f"{SECRET}"),
            "testimonials/b/bad.md": md_testimonial("B", "pending", f"other {SECRET}"),
        },
        "content/testimonials/b/bad.md: has the same slug as content/testimonials/a/bad.md",
    ),
    "report status unknown": (
        c(Status="maybe"),
        f'{CASE}: Status "maybe" is not one of draft, private, published',
    ),
    "report metric not a number": (
        c(Metric="Noise | loud | 51 | dB"),
        f'{CASE}: Metric "loud" is not a number',
    ),
    "report metric malformed": (
        c(Metric="Noise | 62"),
        f'{CASE}: Metric "Noise | 62" is not "name | before | after | unit"',
    ),
    "report promised without delivered": (
        c(Promised="5"),
        f"{CASE}: Delivered is missing: give both Promised and Delivered",
    ),
    "report impossible date": (
        c(Promised="2026-13-01", Delivered="2026-01-01"),
        f'{CASE}: Promised "2026-13-01" is not a date',
    ),
    "report published without consent": (
        c(Consent=""),
        f"{CASE}: Consent is missing: a published report needs the date the client agreed",
    ),
    "report wrong type of price": (
        c(Quoted="a lot", Final="100"),
        f'{CASE}: Quoted "a lot" is not a number',
    ),
    "job log heading without a stage": (
        j("\n## 2026-11-21 10:00\nx\n"),
        f'{JOB}: log heading "2026-11-21 10:00" is not “time · stage” or “time · stage · bay”; section left out',
    ),
    "job unknown stage": (
        j("\n## 2026-11-21 10:00 · polishing\nx\n"),
        f'{JOB}: log heading "2026-11-21 10:00 · polishing": stage "polishing" is not one of',
    ),
    "job quote item with a price that is no number": (
        j("\n## 2026-11-21 10:00 · quote 1 [quote]\n- Discs | a lot | urgent\n"),
        f'{JOB}: quote "2026-11-21 10:00 · quote 1 [quote]" price "a lot" is not a number (e.g. 1150 or 1150.50); section left out',
    ),
    "job answer to a quote with an item added since": (
        j(
            "\n## 2026-11-21 10:00 · quote 1 [quote]\n- Discs | 100 | urgent\n- Pads | 50 | advisable\n"
            "\n## 2026-11-21 11:00 · answer [answer]\nDa.\nAnswer code: B-1/Q1/A/ABCDE-FGHJK\n"
        ),
        f"{JOB}: the answer of 2026-11-21 11:00 holds 1 choices (A) for the 2 items of quote 1 (was"
        " an item added after it was answered? make the change a new quote version); answer left out",
    ),
    "job quote item of no urgency": (
        j("\n## 2026-11-21 10:00 · quote 1 [quote]\n- Discs | 100 | soonish\n"),
        f'{JOB}: quote "2026-11-21 10:00 · quote 1 [quote]" urgency "soonish" is not one of urgent, advisable, info; section left out',
    ),
    "job unknown status": (
        {
            "jobs/B-1/job.md": f"Title: J\nStatus: finished\n\n## 2026-11-20 09:00 · received\n{SECRET}\n"
        },
        f'{JOB}: Status "finished" is not one of active, done, cancelled',
    ),
    "job impossible promised date": (
        {
            "jobs/B-1/job.md": f"Title: J\nPromised: 2026-02-31\n\n## 2026-11-20 09:00 · received\n{SECRET}\n"
        },
        f'{JOB}: Promised "2026-02-31" is not a date; left out',
    ),
    "job unknown language": (
        {
            "jobs/B-1/job.md": f"Title: J\nLanguage: de\n\n## 2026-11-20 09:00 · received\n{SECRET}\n"
        },
        f'{JOB}: Language "de" is not one of en, ru, ro; left out',
    ),
    "job Notify not a channel name": (
        {
            "jobs/B-1/job.md": f"Title: J\nNotify: e-mail me!\n\n## 2026-11-20 09:00 · received\n{SECRET}\n"
        },
        f'{JOB}: Notify "e-mail me!" is not a channel name (e.g. email, sms) or no; left out',
    ),
    "job ID with a space": (
        {"jobs/B 1/job.md": f"Title: J\n\n## 2026-11-20 09:00 · received\n{SECRET}\n"},
        "content/jobs/B 1: job ID 'B 1' may not contain spaces, slashes, '..' or start with a dot",
    ),
    "page Access with ../": (
        {"pages/p.md": f"Title: P {SECRET}\nAccess: ../B-1\n\n{SECRET}\n"},
        "content/pages/p.md: Access job ID '../B-1' may not contain spaces, slashes, '..' or start with a dot; left out, published nowhere",
    ),
    "job clip 0 bytes": (
        photo_job("zero.mp4", b""),
        f'{JOB}: clip "zero.mp4" is empty (0 bytes); left out',
    ),
    "job clip truncated": (
        photo_job("cut.mp4", WHOLE_CLIP[: len(WHOLE_CLIP) // 2]),
        f'{JOB}: clip "cut.mp4" {CUT_SHORT}; left out',
    ),
    "job clip is not a video": (
        photo_job("notes.mp4", b"shopping list\n"),
        f'{JOB}: clip "notes.mp4" is not a video this site reads (MP4 or MOV); left out',
    ),
    "job clip with sound only": (
        photo_job("voice.mp4", clip_bytes(sound_only)),
        f'{JOB}: clip "voice.mp4" has no picture (sound only); left out',
    ),
    "job photo 0 bytes": (
        photo_job("zero.jpg", b""),
        f'{JOB}: image "zero.jpg" is empty (0 bytes)',
    ),
    "job photo truncated": (
        photo_job("cut.jpg", camera_jpeg((1600, 1200))[:6000]),
        f'{JOB}: image "cut.jpg" is broken or truncated',
    ),
    "job photo is a text file": (
        photo_job("notes.jpg", b"shopping list\n"),
        f'{JOB}: image "notes.jpg" is not an image this site reads (JPEG, PNG, WebP, HEIC)',
    ),
    "job photo decompression bomb": (
        photo_job("bomb.png", bomb()),
        f'{JOB}: image "bomb.png" is over the limit of 64000000 pixels',
    ),
    "job photo animated GIF": (
        photo_job("anim.gif", gif_animated()),
        f'{JOB}: image "anim.gif" is a GIF image; this site reads JPEG, PNG, WebP and HEIC',
    ),
    "job folder added to STATIC_PATHS": (
        {**j(), "STATIC": ["jobs"]},
        f"{JOB}: STATIC_PATHS includes a private folder, so this file would be published as it is; left out",
    ),
}

SETTINGS_MATRIX = {
    "photo_quality out of range": (
        {"photo_quality": 200},
        "SHOPWINDOW['photo_quality']: 200 is not a whole number from 1 to 95",
    ),
    "job_stages wrong type": (
        {"job_stages": ["received", "ready"]},
        "SHOPWINDOW['job_stages']: name a set (workshop, maker) or give a list of "
        '(key, {"en": label, "ru": label, "ro": label})',
    ),
    "job_stages unknown set": (
        {"job_stages": "factory"},
        "SHOPWINDOW['job_stages']: 'factory' is not one of workshop, maker",
    ),
    "carriers without https": (
        {"carriers": {"post": "http://post.example/{number}"}},
        "SHOPWINDOW['carriers']: 'post' needs an https:// URL with {number} in it",
    ),
    "business unknown key": (
        {"business": {"name": "X", "fax": "1"}},
        "SHOPWINDOW['business']: unknown key 'fax'; the keys are address, email, name, phone, url",
    ),
    "cameras not a dict": (
        {"cameras": ["booth-1"]},
        'SHOPWINDOW[\'cameras\']: give a dict of bay -> folder, e.g. {"booth-1": "/srv/cameras/booth-1"}',
    ),
    "a URL that is not a folder": (
        {"wall_url": "/reviews"},
        "SHOPWINDOW['wall_url']: '/reviews' must be a folder below the site root ending in '/', e.g. 'reviews/'",
    ),
    "noisy_stages not a list": (
        {"noisy_stages": "ready"},
        'SHOPWINDOW[\'noisy_stages\']: give a list of stage keys, e.g. ["repair", "ready"]',
    ),
    "followup_days out of range": (
        {"followup_days": [1, 400]},
        "SHOPWINDOW['followup_days']: [1, 400]: give a list of days from 0 to 365, e.g. [1, 7]",
    ),
    "unknown key": (
        {"SHOPWINDOW": {"colour": "red"}},
        "SHOPWINDOW: unknown key 'colour'; the keys are",
    ),
}


def assert_nothing_private(build) -> None:
    for path, data in build.all_bytes():
        assert SECRET.encode() not in data, f"{SECRET} reached {path}"


@pytest.mark.parametrize("name", sorted(CONTENT_MATRIX))
def test_bad_content(tmp_path, name):
    files, message = CONTENT_MATRIX[name]
    files = dict(files)
    settings = {"STATIC_PATHS": files.pop("STATIC")} if "STATIC" in files else {}
    build = build_site(tmp_path, {**GOOD, **files}, settings, fatal=False)
    assert build.returncode == 0, build.log
    assert message in build.log, build.log
    assert "MARKERgoodT1" in build.read("testimonials/index.html"), "the rest of the site builds"
    assert len([p for p in (build.output / "j").iterdir()]) >= 1, "the good job is published"
    assert_nothing_private(build)
    result = build.check()
    assert result.returncode == 1, result.stdout + result.stderr


def test_a_link_in_a_static_folder_into_a_job_folder_publishes_nothing_of_it(tmp_path):
    """``images/`` is a static folder; staff link a job's folder (and one of its photos) into it to
    "reuse" a picture. Pelican follows links: the guard resolves real paths, so neither job.md nor
    the original photo is copied; each is one error naming the file, and the check names the links."""
    photo = camera_jpeg(comment=SECRET)
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "images" / "logo.txt").write_text("public")
    (content / "jobs" / "B-1").mkdir(parents=True)
    (content / "jobs" / "B-1" / "disc.jpg").write_bytes(photo)
    os.symlink("../jobs/B-1", content / "images" / "car")
    os.symlink("../jobs/B-1/disc.jpg", content / "images" / "disc.jpg")
    build = build_site(tmp_path, {**GOOD, **j("![p](disc.jpg)\n")}, fatal=False)
    assert build.returncode == 0, build.log
    log = " ".join(build.log.split())
    for linked, real in (("car/job.md", "jobs/B-1/job.md"), ("disc.jpg", "jobs/B-1/disc.jpg")):
        assert (
            f"content/images/{linked}: STATIC_PATHS includes a private folder (through a link: it is"
            f" content/{real}), so this file would be published as it is; left out"
        ) in log, build.log
    assert (build.output / "images" / "logo.txt").is_file(), "the rest of the folder is copied"
    assert not (build.output / "images" / "car").exists()
    assert not (build.output / "images" / "disc.jpg").exists()
    for path, data in build.all_bytes():
        assert photo not in data and b"MARKERsecret" not in data, path
    result = build.check()
    problems = " ".join(result.stderr.split())
    assert result.returncode == 1
    assert "content/images/car: a link into a private folder (content/jobs/B-1)" in problems
    assert (
        "content/images/disc.jpg: a link into a private folder (content/jobs/B-1/disc.jpg)"
        in problems
    )


def test_a_link_out_of_content_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.jpg").write_bytes(camera_jpeg(comment=SECRET))
    (outside / "note.md").write_text(
        md_testimonial("X", "approved", f"Words {SECRET}", Consent="2026-01-01")
    )
    build_site(tmp_path, GOOD, fatal=False)  # makes content/
    os.symlink(outside / "private.jpg", tmp_path / "content/jobs/G-1/linked.jpg")
    os.symlink(outside / "note.md", tmp_path / "content/testimonials/linked.md")
    build = build_site(tmp_path, fatal=False)
    assert (
        'content/jobs/G-1/job.md: photo "linked.jpg" is a link to a file outside the job folder; left out'
        in build.log
    )
    assert (
        'content/testimonials/linked.md: "linked.md" is a link to a file outside content'
        in build.log
    )
    assert_nothing_private(build)
    assert build.check().returncode == 1


@pytest.mark.parametrize("name", sorted(SETTINGS_MATRIX))
def test_bad_settings(tmp_path, name):
    settings, message = SETTINGS_MATRIX[name]
    build = build_site(tmp_path, {**GOOD, **j()}, settings, fatal=False)
    assert build.returncode != 0 and message in build.log, build.log
    assert_nothing_private(build) if build.output.exists() else None
    result = build.check()
    assert result.returncode != 0 and message in result.stderr


@pytest.mark.slow
def test_a_4k_60_fps_hevc_clip_is_transcoded_not_refused(tmp_path):
    from .sitebuild import open_job

    source = make_clip(tmp_path / "bay.mov", size=(3840, 2160), rate=60, seconds=0.25,
                       codec="libx265", sound=False)  # fmt: skip
    build = build_site(tmp_path, {**GOOD, **photo_job("bay.mov", source.read_bytes())})
    (clip,) = open_job(build, "B-1").clips.values()
    stream = av.open(io.BytesIO(clip)).streams.video[0]
    assert (stream.codec_context.name, stream.width, stream.height) == ("h264", 1280, 720)
    assert stream.average_rate <= 30
    assert build.check().returncode == 0


@pytest.mark.parametrize(("name", "data"), [("cmyk.jpg", cmyk_jpeg()), ("deep.png", png16())])
def test_cmyk_and_16_bit_photos_are_converted_not_refused(tmp_path, name, data):
    from .sitebuild import open_job

    build = build_site(tmp_path, {**GOOD, **photo_job(name, data)})
    job = open_job(build, "B-1")
    (jpeg,) = [d for d in job.photos.values()][:1]
    image = Image.open(io.BytesIO(jpeg))
    assert image.mode == "RGB" and image.format == "JPEG"
    assert build.check().returncode == 0
