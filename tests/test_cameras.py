"""Camera frames go to the job standing in the bay at the frame's time, and to no other."""

from __future__ import annotations

import datetime as dt
import io
import os

from hypothesis import example, given
from hypothesis import strategies as st
from pelican.plugins.shopwindow.jobs.cameras import frames_for_job, is_complete, name_time
from PIL import Image

from .images import camera_jpeg
from .sitebuild import build_site, open_job


def frame_jpeg(when: dt.datetime | None = None, colour=(10, 200, 10)) -> bytes:
    image = Image.new("RGB", (640, 360), colour)
    out = io.BytesIO()
    exif = Image.Exif()
    if when:
        exif[0x8769] = {0x9003: when.strftime("%Y:%m:%d %H:%M:%S")}
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def two_bays(tmp_path) -> tuple[dict, dict]:
    cameras = {"booth-1": str(tmp_path / "cam1"), "booth-2": str(tmp_path / "cam2")}
    jobs = {
        "jobs/A/job.md": "Title: Job A\n\n## 2026-11-21 08:00 · received · booth-1\nIn booth 1.\n\n"
        "## 2026-11-21 12:00 · ready · yard\nOut of the booth, parked in the yard.\n",
        "jobs/B/job.md": "Title: Job B\n\n## 2026-11-21 09:00 · received · booth-2\nIn booth 2.\n",
    }
    return cameras, jobs


def test_frames_reach_only_the_job_in_that_bay_at_that_time(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21")
    cameras, files = two_bays(tmp_path)
    for folder in cameras.values():
        os.makedirs(folder)
    # booth-1 at 10:00 -> A; booth-2 at 10:00 -> B; booth-1 at 13:00 (A has left) and 07:00 -> nobody.
    (tmp_path / "cam1" / "booth-1_20261121_100000.jpg").write_bytes(frame_jpeg(colour=(250, 0, 0)))
    (tmp_path / "cam2" / "cam_20261121100000123_MOTION.jpg").write_bytes(
        frame_jpeg(colour=(0, 0, 250))
    )
    (tmp_path / "cam1" / "late.jpg").write_bytes(
        frame_jpeg(dt.datetime(2026, 11, 21, 13, 0), (250, 250, 0))
    )
    (tmp_path / "cam1" / "2026-11-21_07-00-00.jpg").write_bytes(frame_jpeg(colour=(0, 250, 250)))
    build = build_site(tmp_path, files, {"cameras": cameras})
    a, b = open_job(build, "A"), open_job(build, "B")

    def colours(job):
        found = set()
        for data in job.photos.values():
            r, g, bl = Image.open(io.BytesIO(data)).convert("RGB").getpixel((10, 10))
            found.add((r > 128, g > 128, bl > 128))
        return found

    assert colours(a) == {(True, False, False)}, "job A sees only booth 1 while it stood there"
    assert colours(b) == {(False, False, True)}, "job B sees only booth 2"
    assert "Timelapse" in a.view, "A has left its bay: the timelapse, not live"
    assert "Live from booth-2, 10:00" in b.view
    for path, data in build.all_bytes():
        for name in (b"late.jpg", b"2026-11-21_07-00-00", b"booth-1_2026"):
            assert name not in data, f"{name!r} in {path}"
    sealed = sum(1 for p in (build.output / "j").rglob("p/*.bin"))
    assert sealed == len(a.photos) + len(b.photos), "frames for no job are published nowhere"


def _job(updates, done_at=None, status="active"):
    from pelican.plugins.shopwindow.jobs.model import Job

    return Job(
        id="J-1", path="content/jobs/J-1/job.md", folder=None, title="T", customer="", item="",
        received=None, promised=None, estimate=None, stages=(), status=status, code_version=1,
        case="", tracking="", carrier="", done_at=done_at, updates=tuple(updates),
    )  # fmt: skip


def test_a_job_keeps_its_latest_frame_and_one_every_n_minutes(tmp_path):
    from pelican.plugins.shopwindow.jobs.cameras import camera_frames
    from pelican.plugins.shopwindow.jobs.model import Stage, Update

    stage = Stage("repair", {"en": "Repair"})
    job = _job([Update(dt.datetime(2026, 11, 21, 8, 0), stage, "booth-1", "")])
    frame = camera_jpeg((64, 48), gps=False)
    for minute in range(25):
        (tmp_path / f"booth-1_20261121_09{minute:02d}00.jpg").write_bytes(frame)
    frames = camera_frames({"booth-1": str(tmp_path)}, str(tmp_path / "cache"))
    kept = frames_for_job(job, frames, 10)
    assert [f.time.minute for f in kept.timelapse] == [0, 10, 20]
    assert kept.latest.time.minute == 24 and kept.live
    assert len(kept.kept) == 4


@given(
    st.lists(st.tuples(st.integers(0, 300), st.sampled_from([None, "a", "b", "yard"])), max_size=8),
    st.one_of(st.none(), st.integers(0, 320)),
)
def test_a_jobs_stays_in_bays_are_where_its_log_puts_it_at_every_minute(entries, done):
    """The frames of a job are looked up by its stays in each bay (bisect on frame times); a stay is
    exactly where ``Job.bay_at`` (the log, read in order) puts the job, at any minute."""
    from pelican.plugins.shopwindow.jobs.cameras import stays
    from pelican.plugins.shopwindow.jobs.model import Stage, Update

    start = dt.datetime(2026, 11, 21, 8, 0)
    stage = Stage("repair", {"en": "Repair"})
    updates = sorted(
        (Update(start + dt.timedelta(minutes=m), stage, bay, "") for m, bay in entries),
        key=lambda u: u.time,
    )
    done_at = None if done is None else start + dt.timedelta(minutes=done)
    job = _job(updates, done_at, "done" if done_at else "active")
    found = stays(job)
    for minute in range(0, 330, 3):
        when = start + dt.timedelta(minutes=minute)
        in_stay = [bay for bay, a, b in found if a <= when and (b is None or when < b)]
        assert in_stay == ([job.bay_at(when)] if job.bay_at(when) else [])


def test_incomplete_jpeg_is_not_taken(tmp_path):
    data = camera_jpeg()
    path = tmp_path / "frame.jpg"
    path.write_bytes(data[: len(data) // 2])
    assert not is_complete(path)
    path.write_bytes(data)
    assert is_complete(path)


@given(
    st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.sampled_from(
        [
            "cam_{:%Y%m%d_%H%M%S}.jpg",
            "{:%Y%m%d%H%M%S}123_MOTION.jpg",
            "{:%Y-%m-%d_%H-%M-%S}.jpg",
            "192.168.1.64_01_{:%Y%m%d%H%M%S}456_TIMING.jpg",
            "snap-{:%Y-%m-%dT%H:%M:%S}.jpg",
        ]
    ),
)
def test_camera_file_name_timestamps(when, pattern):
    assert name_time(pattern.format(when)) == when


def test_names_without_a_time_give_none():
    assert name_time("IMG_1234.jpg") is None
    assert name_time("cam_20261341_250000.jpg") is None


def test_the_watchers_index_follows_frames_one_by_one_as_a_listing_would(tmp_path):
    """``shopwindow watch`` keeps a bay's index from its events (no listing of 100,000 frames per
    frame): after frames are added and removed one by one it holds what listing the folder finds."""
    from pelican.plugins.shopwindow.jobs.cameras import FrameIndex

    folder = tmp_path / "bay"
    folder.mkdir()
    frame = camera_jpeg((64, 48))
    start = dt.datetime(2026, 11, 21, 8, 0, 0)
    paths = [
        folder / f"bay_{start + dt.timedelta(seconds=5 * n):%Y%m%d_%H%M%S}.jpg" for n in range(40)
    ]
    for path in paths[:20]:
        path.write_bytes(frame)
    live = FrameIndex("bay", folder)
    live.refresh(persist=False)
    for path in reversed(paths[20:]):  # out of order, as uploads may land
        path.write_bytes(frame)
        live.seen(path)
    for path in paths[5:35:3]:
        path.unlink()
        live.seen(path)
    listed = FrameIndex("bay", folder)
    listed.refresh(persist=False)
    assert [f.path for f in live.frames] == [f.path for f in listed.frames]
    assert live.times == listed.times and len(live.frames) == 30
    assert live.frames_in(start, start + dt.timedelta(minutes=1)) == listed.frames_in(
        start, start + dt.timedelta(minutes=1)
    )


# ---------------------------------------------------------------------- one bay, one job at a time
RED, BLUE = (230, 20, 20), (20, 20, 230)
CAR_LEFT_WAITING = (  # done in the booth at 11:00; nobody logs that it left
    "Title: Job A\nCustomer: Ana Rusu\nStatus: active\n\n"
    "## 2026-11-21 08:00 · received · booth-1\nIn booth 1.\n\n"
    "## 2026-11-21 11:00 · ready\nReady for collection.\n"
)
NEXT_CAR = "Title: Job B\nCustomer: Ion Popa\nStatus: active\n\n## 2026-11-21 12:00 · received · booth-1\nIn.\n"
NEXT_CAR_AT = dt.datetime(2026, 11, 21, 12, 0)


def frames_every_half_hour(folder, until_hour=15):
    """Booth 1's frames, 08:00 to 14:30: red while job A's car stands there, blue once B's is in."""
    folder.mkdir(exist_ok=True)
    when = dt.datetime(2026, 11, 21, 8, 0)
    while when.hour < until_hour:
        colour = RED if when < NEXT_CAR_AT else BLUE
        (folder / f"booth-1_{when:%Y%m%d_%H%M%S}.jpg").write_bytes(frame_jpeg(colour=colour))
        when += dt.timedelta(minutes=30)


def film_colours(film: bytes) -> set[str]:
    import av

    container = av.open(io.BytesIO(film))
    found = set()
    for picture in container.decode(container.streams.video[0]):
        r, _, b = picture.to_image().convert("RGB").getpixel((320, 180))
        found.add("red" if r > b else "blue")
    return found


def frame_times(view: str) -> list[dt.datetime]:
    import json

    from pelican.plugins.shopwindow.markup import tags_in

    times = []
    for _, attributes in tags_in(view, "video", "img"):
        labels = json.loads(attributes.get("data-sw-frames", "[]"))
        labels += [attributes["data-sw-frame"]] if "data-sw-frame" in attributes else []
        times += [dt.datetime.fromisoformat(label.partition("@")[2]) for label in labels]
    return times


def test_the_next_job_into_a_bay_ends_the_stay_of_the_car_left_waiting_there(tmp_path, monkeypatch):
    """Job A's car is done in booth 1 and waits there for collection, nobody logging that it left;
    job B comes into booth 1 at 12:00. A's film and frames end at 12:00, B's begin there; the build
    says so in one line naming A's log, and the check passes."""
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21")
    frames_every_half_hour(tmp_path / "cam1")
    build = build_site(
        tmp_path,
        {"jobs/A/job.md": CAR_LEFT_WAITING, "jobs/B/job.md": NEXT_CAR},
        {"cameras": {"booth-1": str(tmp_path / "cam1")}},
    )
    a, b = open_job(build, "A"), open_job(build, "B")
    assert film_colours(a.clips["timelapse"]) == {"red"}, "A's film holds no frame of B's car"
    assert film_colours(b.clips["timelapse"]) == {"blue"}, "B's film holds no frame of A's car"
    assert max(frame_times(a.view)) < NEXT_CAR_AT <= min(frame_times(b.view))
    assert "Live from" not in a.view and "Live from booth-1, 14:30" in b.view
    moved = [line for line in build.log.splitlines() if "out of booth-1" in line]
    assert (
        len(moved) == 1
        and "jobs/A/job.md: out of booth-1 from 2026-11-21 12:00, when job B came in" in moved[0]
    ), build.log
    check = build.check()
    assert check.returncode == 0, check.stdout + check.stderr


@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 300), st.sampled_from([None, "a", "b"])), max_size=5),
        min_size=1,
        max_size=4,
    ),
    st.lists(st.one_of(st.none(), st.integers(0, 320)), min_size=4, max_size=4),
)
# Found by this test: headings at the same minute (a stay that ends as it begins), and a tie.
@example([[(0, "a"), (0, "b"), (0, "a")]], [None, None, None, None])
@example([[(0, "a"), (0, "b"), (0, "a")]], [1, None, None, None])
@example([[(0, "a")], [(0, "a")], [(5, "a")]], [None, None, None, None])
def test_at_every_minute_a_bay_holds_the_job_that_came_in_last_and_no_other(logs, dones):
    """Over random logs of several jobs: at any minute a bay holds at most one job, the one whose
    own log put it there and that no other job has come in after (none when two came in at the
    same minute), and routing a frame (``job_at``) agrees with every job's stays."""
    from pelican.plugins.shopwindow.jobs.cameras import Bays, stays
    from pelican.plugins.shopwindow.jobs.model import Stage, Update

    start = dt.datetime(2026, 11, 21, 8, 0)
    stage = Stage("repair", {"en": "Repair"})
    jobs = []
    for n, (entries, done) in enumerate(zip(logs, dones, strict=False)):
        updates = sorted(
            (Update(start + dt.timedelta(minutes=m), stage, bay, "") for m, bay in entries),
            key=lambda u: u.time,
        )
        done_at = None if done is None else start + dt.timedelta(minutes=done)
        job = _job(updates, done_at, "done" if done_at else "active")
        jobs.append(type(job)(**{**job.__dict__, "id": f"J-{n}", "path": f"jobs/J-{n}/job.md"}))
    bays = Bays(jobs)
    for minute in range(0, 330, 1):
        when = start + dt.timedelta(minutes=minute)
        for bay in ("a", "b"):
            holders = [
                job.id
                for job in jobs
                for b, s, e in bays.stays(job.id)
                if b == bay and s <= when and (e is None or when < e)
            ]
            # The rule itself: a job holds the bay while its own log keeps it there and no other
            # job has come in since it did (at the same minute included).
            expected = [
                job.id
                for job in jobs
                for b, s, e in stays(job)
                if b == bay
                and s <= when
                and (e is None or when < e)
                and not any(
                    b2 == bay and s <= s2 <= when
                    for other in jobs
                    if other.id != job.id
                    for b2, s2, _ in stays(other)
                )
            ]
            assert len(holders) <= 1 and holders == expected, (bay, when)
            assert bays.job_at(bay, when) == (expected[0] if expected else None)


def test_check_fails_when_a_frame_is_sealed_into_two_jobs(tmp_path, monkeypatch):
    """Whatever sealed it (an old build, a watcher, a hand-made change), a camera frame in two jobs'
    pages fails the check, with a line naming both jobs; it is read from the sealed views."""
    import re

    from pelican.plugins.shopwindow.access import format as fmt

    from .sitebuild import job_keys

    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21")
    cameras, files = two_bays(tmp_path)
    for folder in cameras.values():
        os.makedirs(folder)
    (tmp_path / "cam1" / "booth-1_20261121_100000.jpg").write_bytes(frame_jpeg(colour=RED))
    (tmp_path / "cam2" / "booth-2_20261121_100000.jpg").write_bytes(frame_jpeg(colour=BLUE))
    build = build_site(tmp_path, files, {"cameras": cameras})
    assert build.check().returncode == 0
    a = open_job(build, "A")
    (a_frame,) = re.findall(r'<img [^>]*data-sw-frame="booth-1@[^"]*"[^>]*>', a.view)
    keys = job_keys(build, "B")
    view = build.output / "j" / keys.slug / "view.bin"
    b_view = fmt.open_sealed(keys.content_key, keys.slug, "view.bin", view.read_bytes()).decode()
    planted = b_view.replace("</article>", a_frame + "</article>", 1)
    assert planted != b_view
    view.write_bytes(fmt.seal(keys.content_key, keys.slug, "view.bin", planted.encode()))
    check = build.check()
    assert check.returncode == 1
    lines = [line for line in check.stderr.splitlines() if "sealed into 2 jobs" in line]
    assert len(lines) == 1, check.stdout + check.stderr
    assert (
        "the camera frame of booth-1 taken at 2026-11-21T10:00:00 is sealed into 2 jobs" in lines[0]
    )
    assert "content/jobs/A/job.md" in lines[0] and "content/jobs/B/job.md" in lines[0]
