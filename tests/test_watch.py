"""`shopwindow watch` as the shop runs it: live updates, camera uploads, kills, publishing, bad files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import random
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
from pelican.plugins.shopwindow.access import format as fmt
from PIL import Image
from playwright.sync_api import expect

from .sitebuild import BIN, Server, build_site, free_port, open_job

pytestmark = pytest.mark.live

JOB = (
    "Title: Live job\nReceived: 2026-11-21 08:00\nPromised: 2026-11-25\nStatus: active\n\n"
    "## 2026-11-21 08:00 · received · booth-1\nIn the booth.\n"
)


def jpeg(colour: tuple[int, int, int], size=(640, 480)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", quality=85)
    return out.getvalue()


class Watch:
    def __init__(self, build, *args: str):
        self.build = build
        self.log = build.root / "watch.log"
        self.args = args
        self.proc: subprocess.Popen | None = None

    def start(self) -> Watch:
        env = {**os.environ, "SHOPWINDOW_TODAY": "2026-11-21", "COLUMNS": "300"}
        self.offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [BIN / "shopwindow", "--settings", str(self.build.conf), "watch", *self.args],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.build.root,
                env=env,
            )
        self.wait_for("watching")
        return self

    def text(self) -> str:
        return self.log.read_text(errors="replace")[self.offset :]

    def wait_for(self, pattern: str, timeout: float = 40, count: int = 1) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.text()
            if len(re.findall(pattern, text)) >= count:
                return text
            assert self.proc.poll() is None or pattern == "stopped", f"the watcher died:\n{text}"
            time.sleep(0.1)
        raise AssertionError(f"no {pattern!r} in the watcher's log:\n{self.text()}")

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=15)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=15)


@pytest.fixture
def live_site(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21")
    cameras = {"booth-1": str(tmp_path / "cam1"), "booth-2": str(tmp_path / "cam2")}
    for folder in cameras.values():
        os.makedirs(folder)
    build = build_site(
        tmp_path, {"jobs/L-1/job.md": JOB}, {"cameras": cameras, "live_poll_seconds": 1}
    )
    return build


def sealed_images(view: str) -> int:
    return view.count('class="sealed"')


@pytest.mark.browser
def test_a_photo_dropped_in_the_folder_appears_without_a_reload(live_site, browser):
    watch = Watch(live_site).start()
    try:
        job = open_job(live_site, "L-1")
        page = browser.new_page()
        with Server(live_site.output) as server:
            page.goto(f"{server.url}/j/{job.slug}/#{job.code}")
            expect(page.locator("#view")).to_be_visible()
            page.evaluate("() => { window.notReloaded = true; }")
            assert page.locator("#view img.sealed").count() == 0
            (live_site.root / "content/jobs/L-1/IMG_0001.jpg").write_bytes(jpeg((200, 30, 30)))
            expect(page.locator("#view img.sealed")).to_have_count(1, timeout=15000)
            expect(page.locator("#view img.sealed.is-open")).to_have_count(1)
            expect(page.locator("#live-status")).to_have_text("Updated just now.")
            assert page.evaluate("() => window.notReloaded === true"), (
                "swapped in place, not reloaded"
            )
        page.close()
    finally:
        assert watch.stop() == 0


def test_a_frame_uploaded_in_slow_chunks_is_published_once_whole(live_site):
    watch = Watch(live_site).start()
    try:
        frame = jpeg((20, 220, 20), (1280, 720))
        path = live_site.root / "cam1" / "booth-1_20261121_100000.jpg"
        with path.open("wb") as handle:
            for start in range(0, len(frame) - 1000, len(frame) // 4):
                handle.write(frame[start : start + len(frame) // 4])
                handle.flush()
                time.sleep(0.8)
                assert sealed_images(open_job(live_site, "L-1").view) == 0, (
                    "half a frame is never taken"
                )
            handle.write(frame[start + len(frame) // 4 :])
        watch.wait_for("job page re-sealed")
        job = open_job(live_site, "L-1")
        assert sealed_images(job.view) == 1 and "Live from booth-1, 10:00" in job.view
        image = Image.open(io.BytesIO(max(job.photos.values(), key=len)))
        image.load()
        assert image.getpixel((20, 20))[1] > 200, "the whole frame, decodable"
        # A frame of booth 2 belongs to no job: nothing changes.
        (live_site.root / "cam2" / "booth-2_20261121_100500.jpg").write_bytes(jpeg((0, 0, 250)))
        time.sleep(2)
        assert open_job(live_site, "L-1").photos == job.photos
        assert len(re.findall("job page re-sealed", watch.text())) == 1
    finally:
        assert watch.stop() == 0


def all_sealed_files_open(build, job_id: str) -> int:
    job = open_job(build, job_id)
    folder = next(p for p in (build.output / "j").iterdir() if p.name == job.slug)
    from pelican.plugins.shopwindow.access.secret import load_secret
    from pelican.plugins.shopwindow.jobs.model import read_job_header
    from pelican.settings import read_settings

    settings = read_settings(str(build.conf))
    keys = fmt.derive(
        load_secret(settings, create=False), job_id, read_job_header(settings, job_id).code_version
    )
    count = 0
    for path in folder.rglob("*"):
        if path.is_file() and path.name != "index.html":
            fmt.open_sealed(
                keys.content_key, keys.slug, str(path.relative_to(folder)), path.read_bytes()
            )
            count += 1
    return count


def test_killed_twenty_times_every_file_decrypts_and_every_input_is_there_once(live_site):
    random.seed(5)
    watch = Watch(live_site)
    dropped = []
    for round_ in range(20):
        watch.start()
        name = f"IMG_{round_:04d}.jpg"
        (live_site.root / "content/jobs/L-1" / name).write_bytes(
            jpeg((round_ * 12, 100, 255 - round_ * 12))
        )
        dropped.append(name)
        time.sleep(random.uniform(0.0, 1.2))
        watch.kill()
        leftovers = [
            p for p in live_site.output.rglob("*") if p.is_file() and p.name.startswith(".tmp-")
        ]
        assert all(p.name.startswith(".tmp-") for p in leftovers)
    watch.start()
    time.sleep(2)
    assert watch.stop() == 0
    assert not list(live_site.output.rglob(".tmp-*")), (
        "no half-written file left after a clean start"
    )
    assert all_sealed_files_open(live_site, "L-1") > 20
    view = open_job(live_site, "L-1").view
    assert sealed_images(view) == len(dropped), "each dropped photo exactly once"


def test_publish_failures_are_retried_and_bad_files_skipped(live_site):
    marker = live_site.root / "published"
    script = live_site.root / "publish.sh"
    script.write_text(
        f'#!/bin/sh\nif [ ! -e "{marker}.tried" ]; then touch "{marker}.tried"; echo boom >&2; exit 3; fi\n'
        f'echo ok >> "{marker}"\n'
    )
    script.chmod(0o755)
    watch = Watch(live_site, "--publish", f"{script} {{folder}}").start()
    try:
        watch.wait_for(r"publish command failed \(exit 3\): boom; retrying in 2 s", timeout=30)
        watch.wait_for("published: ", timeout=30)
        assert marker.read_text() == "ok\n"
        (live_site.root / "content/jobs/L-1/broken.jpg").write_bytes(b"not a jpeg at all")
        watch.wait_for(
            r'content/jobs/L-1/job.md: image "broken.jpg" is not an image this site reads'
        )
        (live_site.root / "content/jobs/L-1/good.jpg").write_bytes(jpeg((1, 2, 3)))
        watch.wait_for("job page re-sealed", count=2)
        assert sealed_images(open_job(live_site, "L-1").view) == 1
    finally:
        started = time.monotonic()
        assert watch.stop() == 0 and time.monotonic() - started < 10, "SIGTERM stops it cleanly"
    assert Path(watch.log).read_text().rstrip().endswith("stopped")


def test_public_changes_rebuild_the_site_and_sigint_stops_it(live_site):
    watch = Watch(live_site).start()
    page = live_site.root / "content" / "pages" / "hours.md"
    page.parent.mkdir(exist_ok=True)
    page.write_text("Title: Opening hours\nSlug: hours\n\nOpen MARKERhours1 every day.\n")
    watch.wait_for("site rebuilt", count=2)
    assert "MARKERhours1" in (live_site.output / "hours" / "index.html").read_text()
    watch.proc.send_signal(signal.SIGINT)
    assert watch.proc.wait(timeout=15) == 0
    assert watch.text().rstrip().endswith("stopped")


def test_a_change_of_the_settings_is_followed_without_a_restart(live_site):
    """Watching with a publish settings file that imports the site's own (as publishconf.py imports
    pelicanconf.py): an edit of the imported file rebuilds with it, down to the watcher's own camera
    folders; a typo is reported by file and the last good settings go on until it is corrected."""
    root = live_site.root
    publish = root / "publishtest.py"
    publish.write_text(
        "import os, sys\nsys.path.append(os.path.dirname(os.path.abspath(__file__)))\n"
        "from testconf import *  # noqa: F403\n"
    )
    watch = Watch(live_site)
    watch.build = dataclasses.replace(live_site, conf=publish)
    watch.start()
    try:
        imported = live_site.conf
        good = imported.read_text()
        (root / "cam3").mkdir()
        imported.write_text(
            good
            + "SITENAME = 'MARKERname2 Garage'\n"
            + f"SHOPWINDOW['cameras'] = {{'booth-1': {str(root / 'cam3')!r}}}\n"
        )
        watch.wait_for("settings changed")
        watch.wait_for("site rebuilt", count=2)
        assert "MARKERname2 Garage" in (live_site.output / "index.html").read_text()
        # The new folder of booth 1 is the one watched now: its frame reaches the job in the bay.
        (root / "cam3" / "booth-1_20261121_100000.jpg").write_bytes(jpeg((20, 220, 20)))
        watch.wait_for("job page re-sealed")
        assert sealed_images(open_job(live_site, "L-1").view) == 1

        imported.write_text(good + "SITENAME = 'MARKERname3\n")  # the closing quote forgotten
        text = watch.wait_for("the settings cannot be read")
        assert f"{imported}" in text and "SyntaxError" in text, text
        assert watch.proc.poll() is None
        imported.write_text(good + "SITENAME = 'MARKERname3'\n")
        watch.wait_for("site rebuilt", count=3)
        assert "MARKERname3" in (live_site.output / "index.html").read_text()
    finally:
        assert watch.stop() == 0


def test_the_staff_page_follows_a_change_of_the_settings(live_site):
    """``watch --staff`` serves the staff page with the settings the watcher reads again: the shop
    switches its site to Romanian, adds a bay and lowers the upload limit, and a paired phone's next
    page is in Romanian, offers the new bay and refuses a send over the new limit."""
    import httpx

    port = free_port()
    root = live_site.root
    watch = Watch(live_site, "--staff", f"127.0.0.1:{port}").start()
    try:
        paired = subprocess.run(
            [BIN / "shopwindow", "--settings", str(live_site.conf), "staff", "pair", "--name",
             "Ion, lift 2", "--json"], capture_output=True, text=True, check=True,
        )  # fmt: skip
        url = json.loads(paired.stdout)["url"]
        origin = {"origin": f"http://127.0.0.1:{port}"}
        phone = httpx.Client(base_url=origin["origin"], headers=origin)
        token = re.search(r'name="token" value="([^"]+)"', phone.get(url).text).group(1)
        assert phone.post("/pair", data={"token": token}).status_code == 303
        assert "Jobs in work" in phone.get("/").text
        assert "booth-3" not in phone.get("/jobs/L-1").text

        (root / "cam3").mkdir()
        cameras = {"booth-1": str(root / "cam1"), "booth-3": str(root / "cam3")}
        with live_site.conf.open("a") as conf:
            conf.write(
                "DEFAULT_LANG = 'ro'\n"
                f"SHOPWINDOW['cameras'] = {cameras!r}\n"
                "SHOPWINDOW['staff_max_upload_mb'] = 1\n"
            )
        watch.wait_for("settings changed")
        watch.wait_for("site rebuilt", count=2)
        assert "Lucrări în curs" in phone.get("/").text
        job = phone.get("/jobs/L-1").text
        assert "booth-3" in job and '<html lang="ro">' in job
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', job).group(1)
        big = phone.post(
            "/jobs/L-1/update",
            data={"csrf": csrf, "stage": "repair"},
            files=[("files", ("IMG_9.jpg", b"\xff" * (2 * 1024 * 1024), "image/jpeg"))],
        )
        assert big.status_code == 413 and "1 MB" in big.text, big.text
        assert "IMG_9" not in (live_site.root / "content/jobs/L-1/job.md").read_text()
    finally:
        assert watch.stop() == 0


def test_a_reseal_of_an_unchanged_job_writes_the_builds_bytes_with_the_themes_override(
    tmp_path, monkeypatch
):
    """One way to render: the watcher re-seals a job with the build's environment (the site's
    THEME_TEMPLATES_OVERRIDES too) and context, so an unchanged job gets the very bytes the build
    wrote. Its sealed files are deleted first, so the watcher writes every one again. The build is
    on the watcher's day (the view says how the promise stands today)."""
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21")
    package_job = Path(fmt.__file__).parents[1] / "templates" / "shopwindow" / "job.html"
    override = tmp_path / "overrides" / "shopwindow" / "job.html"
    override.parent.mkdir(parents=True)
    override.write_text(
        package_job.read_text().replace(
            '<article class="job">', '<article class="job"><p class="marker">MARKERoverride</p>', 1
        )
    )
    assert override.read_text() != package_job.read_text()
    files = {
        "jobs/L-2/job.md": JOB + "![The booth](IMG_0001.jpg)\n",
        "jobs/L-2/IMG_0001.jpg": jpeg((90, 120, 200)),
        "pages/estimate.md": "Title: Estimate\nAccess: L-2\n\nThe estimate.\n",
    }
    build = build_site(
        tmp_path, files, {"THEME_TEMPLATES_OVERRIDES": [str(tmp_path / "overrides")]}
    )
    job = open_job(build, "L-2")
    assert "MARKERoverride" in job.view and len(job.photos) >= 1
    folder = build.output / "j" / job.slug
    # The job's own sealed files: its view and its photos' renditions (its private page is sealed
    # apart, in a folder of its own).
    built = {p: p.read_bytes() for p in [folder / "view.bin", *folder.glob("p/*.bin")]}
    assert len(built) >= 3

    watch = Watch(build).start()
    try:
        for path in built:
            path.unlink()
        job_md = build.root / "content" / "jobs" / "L-2" / "job.md"
        os.utime(job_md)  # touched, not changed
        text = watch.wait_for(r"job page re-sealed \(\d+ file\(s\) changed\)")
    finally:
        assert watch.stop() == 0
    changed = int(re.search(r"re-sealed \((\d+) file", text).group(1))
    assert changed == len(built)
    assert {p: p.read_bytes() for p in built} == built


def test_a_frame_dropped_into_a_bay_of_ten_thousand_frames_reaches_the_job(tmp_path, monkeypatch):
    """A bay folder holding 10,000 frames (one every 5 s since the evening before): a new frame
    dropped in while the watcher runs is the job's latest in its sealed view."""
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21")
    camera = tmp_path / "cam1"
    camera.mkdir()
    small = jpeg((90, 90, 90), (64, 48))
    first = dt.datetime(2026, 11, 20, 20, 0, 0)
    for n in range(10_000):
        when = first + dt.timedelta(seconds=5 * n)
        (camera / f"booth-1_{when:%Y%m%d_%H%M%S}.jpg").write_bytes(small)
    build = build_site(
        tmp_path,
        {"jobs/L-1/job.md": JOB},
        {"cameras": {"booth-1": str(camera)}, "live_poll_seconds": 1},
    )
    before = open_job(build, "L-1")
    assert "Live from booth-1, 09:53" in before.view  # the last of the 10,000
    watch = Watch(build).start()
    try:
        (camera / "booth-1_20261121_103000.jpg").write_bytes(jpeg((20, 220, 20), (640, 480)))
        watch.wait_for("job page re-sealed")
    finally:
        assert watch.stop() == 0
    after = open_job(build, "L-1")
    assert "Live from booth-1, 10:30" in after.view
    newest = Image.open(io.BytesIO(max(after.photos.values(), key=len)))
    assert newest.getpixel((20, 20))[1] > 200, "the dropped frame itself, decrypted"


def test_a_content_folder_of_ten_thousand_folders_is_watched_without_losing_a_change(tmp_path):
    """Watching ten thousand folders (a big shop's job folders, an archive) asks the system for
    changes only, never for every folder listed or file read: inotify's queue does not overflow as
    the watcher starts, and a photo dropped into a job is re-sealed at once."""
    build = build_site(tmp_path, {"jobs/L-1/job.md": JOB})
    for n in range(10_000):
        (build.root / "content" / "archive" / f"{n:05d}").mkdir(parents=True)
    before = open_job(build, "L-1")
    watch = Watch(build).start()
    try:
        (build.root / "content" / "jobs" / "L-1" / "IMG_0001.jpg").write_bytes(jpeg((200, 30, 30)))
        watch.wait_for("job page re-sealed")
    finally:
        assert watch.stop() == 0
    assert "overflow" not in watch.text().lower(), watch.text()
    assert len(open_job(build, "L-1").photos) > len(before.photos)  # the photo, sealed


def test_a_job_moved_into_an_occupied_bay_takes_it_over_live(tmp_path, monkeypatch):
    """While the watcher runs, staff log job L-2 into booth 1, where L-1 stands (nobody logs that
    L-1 left): the watcher says so in one line, re-seals L-1 as well, and from then on booth 1's
    frames reach L-2 alone."""
    from .test_cameras import frame_times

    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21")
    cameras = {"booth-1": str(tmp_path / "cam1"), "booth-2": str(tmp_path / "cam2")}
    for folder in cameras.values():
        os.makedirs(folder)
    (tmp_path / "cam1" / "booth-1_20261121_093000.jpg").write_bytes(jpeg((230, 20, 20)))
    other = JOB.replace("Live job", "Other job").replace(
        "08:00 · received · booth-1", "09:00 · received · booth-2"
    )
    build = build_site(
        tmp_path,
        {"jobs/L-1/job.md": JOB, "jobs/L-2/job.md": other},
        {"cameras": cameras, "live_poll_seconds": 1},
    )
    assert "Live from booth-1, 09:30" in open_job(build, "L-1").view
    watch = Watch(build).start()
    try:
        log = build.root / "content" / "jobs" / "L-2" / "job.md"
        log.write_text(
            log.read_text() + "\n## 2026-11-21 10:00 · repair · booth-1\nInto booth 1.\n"
        )
        text = watch.wait_for(r"L-1/job.md: job page re-sealed")
        (tmp_path / "cam1" / "booth-1_20261121_103000.jpg").write_bytes(jpeg((20, 20, 230)))
        text = watch.wait_for(r"L-2/job.md: job page re-sealed", count=2)
    finally:
        assert watch.stop() == 0
    moved = [line for line in text.splitlines() if "out of booth-1" in line]
    assert (
        len(moved) == 1
        and "L-1/job.md: out of booth-1 from 2026-11-21 10:00, when job L-2" in moved[0]
    )
    first, second = open_job(build, "L-1"), open_job(build, "L-2")
    assert "Live from" not in first.view
    assert max(frame_times(first.view)) < dt.datetime(2026, 11, 21, 10, 0)
    assert "Live from booth-1, 10:30" in second.view
    assert min(frame_times(second.view)) >= dt.datetime(2026, 11, 21, 10, 0)


def test_the_publish_command_ships_a_checked_snapshot_never_the_output_being_written(live_site):
    """While the publish command runs, the builder writes the output (here: a GPS-tagged phone photo
    lands in it, as a static file would). The shipped copy never holds it: the command was handed a
    snapshot taken between writes and checked; the next snapshot holds it, fails the check, and is
    not shipped."""
    from .images import camera_jpeg

    root = live_site.root
    (root / "lot.jpg").write_bytes(camera_jpeg())  # with its GPS position
    shipped = root / "shipped"
    script = root / "ship.py"
    script.write_text(
        "import shutil, sys\n"
        f"shutil.copy({str(root / 'lot.jpg')!r}, {str(live_site.output / 'lot.jpg')!r})\n"
        f"shutil.rmtree({str(shipped)!r}, ignore_errors=True)\n"
        f"shutil.copytree(sys.argv[1], {str(shipped)!r}, symlinks=True)\n"
    )
    watch = Watch(live_site, "--publish", f"{BIN / 'python'} {script} {{folder}}").start()
    try:
        watch.wait_for("published: ", timeout=60)
        assert (shipped / "index.html").is_file() and (shipped / "j").is_dir()
        assert (live_site.output / "lot.jpg").is_file(), "the photo landed in the output"
        assert not (shipped / "lot.jpg").exists(), "it was never in what was checked and shipped"
        log = root / "content" / "jobs" / "L-1" / "job.md"
        log.write_text(log.read_text() + "\n## 2026-11-21 09:00 · repair\nOn the lift.\n")
        text = watch.wait_for("not published: shopwindow check found", timeout=60)
        assert "lot.jpg: carries an EXIF block" in text.split("not published: shopwindow check")[1]
    finally:
        assert watch.stop() == 0
    assert not (shipped / "lot.jpg").exists()
    assert len(re.findall(r"^\S+ published: ", text, re.M)) == 1, "shipped once, before it landed"


def test_a_publish_command_that_names_no_folder_is_refused_before_anything_runs(live_site):
    result = subprocess.run(
        [BIN / "shopwindow", "--settings", str(live_site.conf), "watch", "--publish",
         "rsync -a --delete output/ shop@host:/var/www/site/"],
        capture_output=True, text=True, cwd=live_site.root, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "shopwindow: --publish: 'rsync -a --delete output/ shop@host:/var/www/site/' does not name"
        " the folder to publish as {folder}: the watcher publishes a checked snapshot of the output,"
        ' never the output while it is being written. For example: --publish "rsync -a --delete'
        ' {folder}/ shop@host:/var/www/site/"'
    )


def test_a_snapshot_never_changes_once_taken_and_shares_what_did_not_change(tmp_path):
    """Pelican rewrites its files in place: a snapshot holds copies, so a rewrite of the output after
    it never reaches it; the next snapshot links what did not change and copies what did."""
    from pelican.plugins.shopwindow.live.snapshots import Snapshots

    output = tmp_path / "output"
    (output / "j").mkdir(parents=True)
    (output / "index.html").write_text("<p>first</p>")
    (output / "j" / "view.bin").write_bytes(b"SW1 sealed")
    os.symlink("/etc", output / "etc")
    snapshots = Snapshots(tmp_path / ".shopwindow" / "publish")
    first = snapshots.take(output)
    with (output / "index.html").open("r+") as page:  # in place, as Pelican writes
        page.write("<p>later</p>")
    second = snapshots.take(output)
    assert (first / "index.html").read_text() == "<p>first</p>"
    assert (second / "index.html").read_text() == "<p>later</p>"
    assert (first / "j" / "view.bin").stat().st_ino == (second / "j" / "view.bin").stat().st_ino
    assert (second / "etc").is_symlink() and os.readlink(second / "etc") == "/etc", (
        "a link stays a link (never followed into the snapshot), for the check to refuse"
    )
    snapshots.use(second)
    snapshots.done(second)
    assert not first.exists() and second.exists(), "only the newest is kept"
