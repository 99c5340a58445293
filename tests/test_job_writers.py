"""Who writes a job: one writer at a time under the job's lock, and the staff page's device marked for
staff only."""

from __future__ import annotations

import multiprocessing
import re

from pelican.settings import read_settings

from .sitebuild import build_site, open_job, shopwindow_command

JOB = (
    "Title: Brakes\nCustomer: Ion Popescu\nReceived: 2026-11-20 09:00\nPromised: 2026-11-25\n"
    "Status: active\n\n## 2026-11-20 09:00 · received\nIn.\n"
)


def _updates(conf: str, phone: str, start, count: int) -> None:
    from pelican.plugins.shopwindow.jobs.staff import add_update

    settings = read_settings(conf)
    start.wait()
    for n in range(count):
        add_update(settings, "W-1", "repair", note=f"{phone} update {n}.")


def test_two_phones_updating_one_job_at_once_twenty_times_each_land_once_in_time_order(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21")
    build = build_site(tmp_path, {"jobs/W-1/job.md": JOB})
    context = multiprocessing.get_context("fork")
    start = context.Barrier(2)
    phones = [
        context.Process(target=_updates, args=(str(build.conf), phone, start, 20))
        for phone in ("Ion", "Ana")
    ]
    for phone in phones:
        phone.start()
    for phone in phones:
        phone.join(timeout=120)
        assert phone.exitcode == 0
    log = (tmp_path / "content/jobs/W-1/job.md").read_text()
    notes = re.findall(r"^(Ion|Ana) update (\d+)\.$", log, re.MULTILINE)
    for phone in ("Ion", "Ana"):
        assert [int(n) for who, n in notes if who == phone] == list(range(20)), phone
    times = re.findall(r"^## (\S+ \S+) · repair$", log, re.MULTILINE)
    assert len(times) == 40 and times == sorted(times), "each once, in time order"
    assert "In." in log, "the first section is still there"


def test_the_device_that_made_an_update_is_in_the_log_for_staff_and_on_no_page(
    tmp_path, monkeypatch
):
    from pelican.plugins.shopwindow.jobs.staff import add_update

    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21")
    build = build_site(tmp_path, {"jobs/W-1/job.md": JOB})
    settings = read_settings(str(build.conf))
    add_update(settings, "W-1", "repair", note="Pads replaced.", device="Ion, lift 2")
    add_update(settings, "W-1", "repair", device="Ana -- counter")  # a blank one, marked too
    log = (tmp_path / "content/jobs/W-1/job.md").read_text()
    assert "Pads replaced.\n<!-- device: Ion, lift 2 -->\n" in log
    assert log.endswith("· repair\n<!-- device: Ana - - counter -->\n"), "no comment ends early"
    build = build_site(tmp_path)  # --fatal errors: the marks are no error
    view = open_job(build, "W-1").view
    assert "Pads replaced." in view
    assert "lift 2" not in view and "device" not in view and "counter" not in view
    run = shopwindow_command(build)
    assert run("check").returncode == 0
    # The device's name is staff's: found in the output, the check names it.
    planted = build.output / "about.html"
    planted.write_text("<p>Sent from Ion, lift 2</p>\n")
    refused = run("check", ok=False)
    assert refused.returncode == 1
    assert "✗ about.html: contains text of content/jobs/W-1/job.md, which is not public\n" in (
        refused.stderr
    )
