"""Keeping the customer informed: a real SMTP server on 127.0.0.1 (aiosmtpd), Apprise's mail channel
pointed at it, the site built as CI and the watcher build it; the follow-up calls and their calendar."""

from __future__ import annotations

import datetime as dt
import email
import io
import json
import random
import re
import time
from email import policy

import pytest
from aiosmtpd.controller import Controller
from PIL import Image

from .images import camera_jpeg
from .sitebuild import CI_SECRET, build_site, free_port, job_keys, open_job, shopwindow_command
from .test_i18n import visible_text


class Mailbox:
    """Every message the SMTP server accepted, parsed."""

    def __init__(self):
        self.received: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.received.append(message)
        return "250 OK"


@pytest.fixture
def smtp():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    mailbox.port = controller.port
    mailbox.url = (
        f"email=mailto://127.0.0.1:{controller.port}?from=shop@bright-garage.example"
        "&to={email}&mode=insecure"
    )
    yield mailbox
    controller.stop()


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


def attachments(message) -> list[bytes]:
    return [part.get_content() for part in message.iter_attachments()]


PUBLIC = "https://bright-garage.example"
# Each message at once, at any hour: the tests below that are about the window and the quiet hours
# set their own (the suite runs at any time of day).
AT_ONCE = {"message_window_minutes": 0, "quiet_hours": ""}


@pytest.fixture
def shop(tmp_path, smtp, monkeypatch):
    """An English site of a maker, messages going to the SMTP server above."""
    monkeypatch.setenv("SHOPWINDOW_NOTIFY", smtp.url)
    monkeypatch.delenv("SHOPWINDOW_TODAY", raising=False)
    settings = {"job_stages": "maker", "DEFAULT_LANG": "en", "SITENAME": "Bright Garage",
                "public_url": PUBLIC, **AT_ONCE}  # fmt: skip
    build = build_site(tmp_path, {"pages/about.md": "Title: About\n\nHi.\n"}, settings)

    run = shopwindow_command(build)

    def rebuild():
        return build_site(tmp_path, settings=settings)

    return tmp_path, build, run, rebuild


@pytest.mark.slow
def test_a_russian_job_through_every_stage_gets_exactly_its_noisy_stages(shop, smtp):
    root, build, run, rebuild = shop
    run("job", "new", "M-7", "--title", "Дубовый стол", "--customer", "Ольга С.",
        "--promise-days", "10", "--email", "olga@example.ru", "--phone", "+373 69 123 456",
        "--language", "ru", "--notify", "email")  # fmt: skip
    rebuild()
    assert smtp.received == [], "received is silent"
    expected = []  # (stage words in the subject, what the text must hold)

    def step(*args: str, sends: str | None):
        run("job", "update", "M-7", *args)
        rebuild()
        if sends:
            expected.append(sends)
        assert len(smtp.received) == len(expected), (args, [m["Subject"] for m in smtp.received])

    step("--stage", "in-production", "--note", "Начали работу.", sends="В производстве")
    step("--stage", "in-production", "--note", "Покрыли маслом.", "--silent", sends=None)
    step("--stage", "nearly-done", sends="Почти готово")
    step("--stage", "nearly-done", "--estimate", "2099-01-01", "--silent", sends="новый срок")
    photo = root / "IMG_0042.jpg"
    photo.write_bytes(camera_jpeg())
    step("--stage", "packed", str(photo), sends="Упакован")
    step("--stage", "shipped", "--tracking", "RR123456789MD", "--carrier", "posta-moldovei",
         sends="Отправлен")  # fmt: skip
    step("--stage", "delivered", sends=None)
    step("--stage", "delivered", "--note", "Спасибо!", "--notify", sends="Доставлен")

    keys = job_keys(build, "M-7")
    for message, words in zip(smtp.received, expected, strict=True):
        assert words in message["Subject"], (words, message["Subject"])
        assert message["X-Envelope-To"] == "olga@example.ru"
        text, html = text_of(message), html_of(message)
        link = f"{PUBLIC}/j/{keys.slug}/"
        assert link in text and link in html, "each message carries the job's public link"
        assert "127.0.0.1" not in text + html
        assert keys.code not in text + html, "without the code, by default"
        left = english_left(text) + english_left(visible_text(html))
        assert left == [], f"English of ours in a Russian message: {left}"
    into_work, _, _, packed, shipped, _ = smtp.received
    assert "ваш заказ «Дубовый стол» теперь на этапе «В производстве»" in text_of(into_work)
    assert "Начали работу." in text_of(into_work)
    [attached] = attachments(packed)
    image = Image.open(io.BytesIO(attached))
    assert image.format == "JPEG" and not image.getexif() and "exif" not in image.info
    assert attachments(into_work) == []
    assert "https://www.posta.md/ro/tracking?id=RR123456789MD" in text_of(shipped)
    moved = smtp.received[2]
    assert "займёт больше времени" in text_of(moved) and "1 января 2099" in text_of(moved)
    ids = [m["Message-ID"] for m in smtp.received]
    assert len(set(ids)) == len(ids) and all("@bright-garage.example>" in i for i in ids)

    # The staff's view of what went out, and nothing of it on any page.
    listed = json.loads(run("messages", "M-7", "--json").stdout)
    assert [row["state"] for row in listed] == ["sent"] * len(expected)
    assert {row["channel"] for row in listed} == {"email"}
    final = rebuild()
    assert len(smtp.received) == len(expected)
    everything = b"".join(data for _, data in final.all_bytes())
    for private in ("olga@example.ru", "+373 69 123 456", "Ольга"):
        assert private.encode() not in everything
    view = open_job(final, "M-7").view
    assert "olga@example.ru" not in view and "123 456" not in view
    # The page the links open: every stage, the tracking line and the photo's text in Russian.
    shown = visible_text(view)
    assert english_left(shown) == [], english_left(shown)
    assert "Упакован" in shown and "RR123456789MD" in shown


def english_left(text: str) -> list[str]:
    """Our English in ``text``: every string of the plugin's templates (the catalog's msgids) and
    every stage's English label; each found is a string a Russian customer should not read."""
    from pelican.plugins.shopwindow.settings import STAGE_SETS

    from .test_i18n import CATALOGS, as_pattern, ui_strings

    ours = ui_strings(CATALOGS["plugin"]) | {
        labels["en"] for stages in STAGE_SETS.values() for _key, labels in stages
    }
    return sorted(m for m in ours if as_pattern(m).search(text))


def test_the_same_unchanged_site_built_twice_sends_nothing_the_second_time(shop, smtp):
    root, _build, run, rebuild = shop
    run("job", "new", "M-8", "--title", "Oak shelf", "--customer", "Dan P.", "--promise-days",
        "5", "--email", "dan@example.com", "--notify", "email")  # fmt: skip
    run("job", "update", "M-8", "--stage", "in-production")
    first = rebuild()
    assert len(smtp.received) == 1
    assert smtp.received[0]["Subject"] == "Oak shelf: In production"
    assert "your job Oak shelf is now at the stage “In production”" in text_of(smtp.received[0])
    record = root / "content" / "jobs" / ".messages" / "M-8.jsonl"
    assert record.is_file() and oct(record.stat().st_mode & 0o777) == "0o600"
    second = rebuild()
    assert len(smtp.received) == 1, "an unchanged site built again sends nothing"
    assert [p for p, _ in first.all_bytes()] == [p for p, _ in second.all_bytes()]


def test_a_failing_channel_never_fails_the_build_and_is_tried_again_after_its_back_off(
    shop, smtp, monkeypatch
):
    root, _build, run, rebuild = shop
    closed = free_port()
    monkeypatch.setenv("SHOPWINDOW_NOTIFY", smtp.url.replace(f":{smtp.port}?", f":{closed}?"))
    run("job", "new", "M-9", "--title", "Bench", "--customer", "Ana", "--promise-days", "5",
        "--email", "ana@example.com", "--notify", "email")  # fmt: skip
    run("job", "update", "M-9", "--stage", "nearly-done")
    failed = rebuild()  # --fatal errors: a failing channel is a warning
    assert "message update/" in failed.log and "by email failed (attempt 1" in failed.log
    rebuild()  # within the back-off: not tried again
    rows = json.loads(run("messages", "M-9", "--json").stdout)
    assert [row["state"] for row in rows] == ["failed"]
    shown = run("messages").stdout
    assert "failed" in shown and "Bench" in shown
    monkeypatch.setenv("SHOPWINDOW_NOTIFY", smtp.url)
    # A minute passes: the back-off after one failure is one minute.
    record = root / "content" / "jobs" / ".messages" / "M-9.jsonl"
    entry = json.loads(record.read_text())
    entry["at"] = (dt.datetime.fromisoformat(entry["at"]) - dt.timedelta(seconds=61)).isoformat()
    record.write_text(json.dumps(entry) + "\n")
    rebuild()
    assert len(smtp.received) == 1
    rows = json.loads(run("messages", "M-9", "--json").stdout)
    assert [row["state"] for row in rows] == ["failed", "sent"]
    assert rows[0]["message_id"] == rows[1]["message_id"] == smtp.received[0]["Message-ID"]


def test_bad_channel_settings_are_refused_with_the_entry_named_and_no_password(shop, monkeypatch):
    _root, _build, run, rebuild = shop
    monkeypatch.setenv("SHOPWINDOW_NOTIFY", "email=mailto://shop:s3cret@smtp.example.com")
    run("job", "new", "M-10", "--title", "Chair", "--customer", "Ana", "--promise-days", "5",
        "--email", "ana@example.com", "--notify", "email")  # fmt: skip
    run("job", "update", "M-10", "--stage", "nearly-done")
    built = rebuild()
    assert (
        "SHOPWINDOW_NOTIFY: channel email (mailto://) has no {email} or {phone} for the "
        "customer's address; no message sent" in built.log
    )
    assert "s3cret" not in built.log
    refused = run("job", "new", "M-11", "--title", "T", "--customer", "C", "--promise-days", "1",
                  "--notify", "email", ok=False)  # fmt: skip
    assert refused.returncode == 1
    assert "--notify needs the customer's --email or --phone to send to" in refused.stderr


@pytest.mark.live
def test_the_watcher_killed_twenty_times_while_updates_land_delivers_each_once(
    shop, smtp, monkeypatch
):
    from .test_watch import Watch

    root, build, run, rebuild = shop
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21")  # as Watch runs it
    run("job", "new", "M-20", "--title", "Wardrobe", "--customer", "Ion", "--promise-days", "9",
        "--email", "ion@example.md", "--notify", "email", "--at", "2026-11-20 09:00")  # fmt: skip
    rebuild()
    job_md = root / "content" / "jobs" / "M-20" / "job.md"
    # Twenty updates, a minute apart, all before "now" on the pinned day.
    start = dt.datetime.combine(dt.date(2026, 11, 21), dt.datetime.now().time()).replace(
        second=0, microsecond=0
    ) - dt.timedelta(minutes=30)
    random.seed(13)
    watch = Watch(build)
    for step in range(20):
        watch.start()
        when = start + dt.timedelta(minutes=step)
        with job_md.open("a", encoding="utf-8") as log:  # by hand, as an editor saves it
            log.write(f"\n## {when:%Y-%m-%d %H:%M} · nearly-done\nStep {step} done.\n")
        time.sleep(random.uniform(0.0, 1.5))
        watch.kill()
    watch.start()
    deadline = time.monotonic() + 90
    steps = {}
    while time.monotonic() < deadline:
        steps = {}
        for message in smtp.received:
            found = re.search(r"Step (\d+) done", text_of(message))
            steps.setdefault(int(found.group(1)), []).append(message["Message-ID"])
        if len(steps) == 20:
            break
        time.sleep(0.5)
    assert watch.stop() == 0
    assert sorted(steps) == list(range(20)), "every update was delivered"
    for step, ids in steps.items():
        assert len(set(ids)) == 1, f"step {step}: a repeat carries the first one's Message-ID"
    repeats = sum(len(ids) - 1 for ids in steps.values())
    sent = json.loads(run("messages", "M-20", "--json").stdout)
    assert len([row for row in sent if row["state"] == "sent"]) == 20
    print(f"20 updates, 20 kills: {len(smtp.received)} emails, {repeats} repeat(s)")


def test_job_done_on_a_makers_stages_puts_no_follow_up_call_on_the_customers_page(
    shop, monkeypatch
):
    """The call after delivery is staff's, on their list: it was the maker's last stage, so `job
    done` logged a "Follow-up call" update on the customer's page. A log written so before is read
    as a staff note."""
    root, build, run, rebuild = shop
    monkeypatch.delenv("SHOPWINDOW_NOTIFY")
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-11")
    run("job", "new", "F-9", "--title", "Table", "--customer", "Ana", "--promised", "2026-11-20",
        "--phone", "+373 69 999 999", "--at", "2026-11-01 09:00")  # fmt: skip
    run("job", "update", "F-9", "--stage", "delivered", "--at", "2026-11-10 15:00")
    run("job", "done", "F-9", "--at", "2026-11-10 16:00")
    log = (root / "content/jobs/F-9/job.md").read_text()
    assert "follow-up" not in log
    old = root / "content/jobs/F-8"
    old.mkdir()
    (old / "job.md").write_text(
        "Title: Chair\nCustomer: Dan\nPromised: 2026-11-05\nStatus: done\nDone: 2026-11-06 10:00\n\n"
        "## 2026-11-01 09:00 · received\nOrder taken.\n\n## 2026-11-05 12:00 · delivered\nAt the door.\n\n"
        "## 2026-11-06 10:00 · follow-up\nCalled: MARKERcall, all fine.\n"
    )
    build = rebuild()  # fatal: the old log's follow-up section is no error
    for job_id in ("F-9", "F-8"):
        view = open_job(build, job_id).view
        labels = re.findall(r'class="stage-label">([^<]*)<', view)
        assert labels == ["Order received", "In production", "Nearly done", "Packed", "Shipped",
                          "Delivered"], job_id  # fmt: skip
        assert "Follow-up" not in view and "MARKERcall" not in view
    due = [row["id"] for row in json.loads(run("followup", "list", "--json").stdout)]
    assert "F-9/day-1" in due, "the call is on the staff's list"


def test_followups_list_the_calls_due_on_their_days_and_done_calls_stay_staff_only(
    shop, monkeypatch
):
    from icalendar import Calendar

    root, _build, run, rebuild = shop
    monkeypatch.delenv("SHOPWINDOW_NOTIFY")
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-16")

    def job(job_id, customer, phone, handed_back=None, done=None):
        run("job", "new", job_id, "--title", f"Table {job_id}", "--customer", customer,
            "--promised", "2026-11-20", "--phone", phone, "--at", "2026-11-01 09:00")  # fmt: skip
        if handed_back:
            run("job", "update", job_id, "--stage", "delivered", "--at", handed_back)
        if done:
            run("job", "done", job_id, "--at", done)

    job("F-1", "Ana Lungu", "+373 69 111 111", handed_back="2026-11-10 15:00")
    job("F-2", "Petru Rusu", "+373 69 222 222", handed_back="2026-11-16 12:00")
    job("F-3", "Vera Cebotari", "+373 69 333 333")  # still in work: no call
    job("F-4", "Dan Moraru", "+373 69 444 444", done="2026-11-16 18:00")  # done, never "delivered"

    def due(day: str) -> list[tuple[str, int, str]]:
        monkeypatch.setenv("SHOPWINDOW_TODAY", day)
        rows = json.loads(run("followup", "list", "--json").stdout)
        assert all(row["phone"] and row["customer"] for row in rows)
        return [(row["id"], row["overdue_days"], row["question"]) for row in rows]

    assert due("2026-11-10") == []
    assert due("2026-11-16") == [("F-1/day-1", 5, "Did everything arrive in order?")]
    assert due("2026-11-17") == [
        ("F-1/day-1", 6, "Did everything arrive in order?"),
        ("F-1/day-7", 0, "Is all still well?"),
        ("F-2/day-1", 0, "Did everything arrive in order?"),
        ("F-4/day-1", 0, "Did everything arrive in order?"),
    ]
    monkeypatch.setenv("COLUMNS", "200")
    table = run("followup", "list").stdout
    assert "Ana Lungu" in table and "+373 69 111 111" in table and "6 d overdue" in table

    note = "Ana says the drawer sticks a little; we will plane it on Friday."
    done = json.loads(run("followup", "done", "F-1", "--note", note, "--json").stdout)
    assert done["call"] == "F-1/day-1"
    assert [row[0] for row in due("2026-11-17")] == ["F-1/day-7", "F-2/day-1", "F-4/day-1"]
    refused = run("followup", "done", "F-3", "--note", "x", ok=False)
    assert refused.returncode == 1 and "no open follow-up call F-3" in refused.stderr

    ics = root / "calls.ics"
    run("followups", "--ics", str(ics))
    calendar = Calendar.from_ical(ics.read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    # The due calls on today, and the upcoming ones on their day.
    assert set(events) == {
        "F-1-day-7@shopwindow", "F-2-day-1@shopwindow", "F-4-day-1@shopwindow",
        "F-2-day-7@shopwindow", "F-4-day-7@shopwindow",
    }  # fmt: skip
    assert events["F-2-day-7@shopwindow"].decoded("dtstart") == dt.date(2026, 11, 23)
    assert events["F-1-day-7@shopwindow"].decoded("dtstart") == dt.date(2026, 11, 17)
    assert "Petru Rusu" in str(events["F-2-day-1@shopwindow"]["summary"])
    assert "+373 69 222 222" in str(events["F-2-day-1@shopwindow"]["description"])
    assert oct(ics.stat().st_mode & 0o777) == "0o600"

    # The call is in the job's log for staff, and on no page of the customer's.
    assert note in (root / "content/jobs/F-1/job.md").read_text()
    built = rebuild()
    opened = open_job(built, "F-1")
    assert "drawer" not in opened.view and "call day-1" not in opened.view
    assert "Delivered" in opened.view
    everything = b"".join(data for _, data in built.all_bytes())
    assert b"drawer sticks" not in everything
    assert built.check().returncode == 0


@pytest.mark.live
def test_a_failing_channel_never_stops_the_watcher(shop, smtp, monkeypatch):
    from .test_watch import Watch

    _root, build, run, rebuild = shop
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21")
    run("job", "new", "M-30", "--title", "Door", "--customer", "Ion", "--promise-days", "9",
        "--email", "ion@example.md", "--notify", "email", "--at", "2026-11-21 00:00")  # fmt: skip
    rebuild()
    monkeypatch.setenv("SHOPWINDOW_NOTIFY", smtp.url.replace(f":{smtp.port}?", f":{free_port()}?"))
    watch = Watch(build).start()
    try:
        run("job", "update", "M-30", "--stage", "nearly-done", "--note", "Hinges on.")
        watch.wait_for("by email failed \\(attempt 1")
        run("job", "update", "M-30", "--stage", "delivered", "--note", "At your door.")
        watch.wait_for("job page re-sealed", count=2)
        assert watch.proc.poll() is None
    finally:
        assert watch.stop() == 0
    assert "At your door." in open_job(build, "M-30").view
    assert smtp.received == []
    rows = json.loads(run("messages", "M-30", "--json").stdout)
    assert rows and {row["state"] for row in rows} == {"failed"}


def test_the_review_request_goes_to_every_customer_once_review_delay_days_after_done(
    shop, smtp, monkeypatch
):
    _root, _build, run, rebuild = shop
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-10")
    run("job", "new", "M-40", "--title", "Cabinet", "--customer", "Ana", "--promise-days", "5",
        "--email", "ana@example.com", "--notify", "email", "--at", "2026-11-05 09:00")  # fmt: skip
    run("job", "done", "M-40", "--at", "2026-11-10 00:01")
    for day, expected in (("2026-11-12", 0), ("2026-11-13", 1), ("2026-11-14", 1)):
        monkeypatch.setenv("SHOPWINDOW_TODAY", day)
        rebuild()
        assert len(smtp.received) == expected, day
    [review] = smtp.received
    assert review["Subject"] == "How did we do? Cabinet"
    assert "How did we do? Whatever you think, a few words help us" in text_of(review)
    # The job's page, where the card writes the testimonial, is in it whatever review_url says.
    keys = job_keys(_build, "M-40")
    assert (
        f"write it for others on your job's page, where it takes a minute: {PUBLIC}/j/{keys.slug}/"
        in (" ".join(text_of(review).split()))
    )


def test_a_build_without_a_public_address_holds_each_message_and_one_with_it_sends_it_once(
    tmp_path, smtp, monkeypatch
):
    """A development build (SITEURL "", no public address anywhere) with channels set sends nothing:
    the link would point at this machine. It records the message as held; the publish build (a
    public SITEURL, the same secret) sends it with the public link, once."""
    monkeypatch.setenv("SHOPWINDOW_NOTIFY", smtp.url)
    monkeypatch.setenv("SHOPWINDOW_SECRET", CI_SECRET)  # the one secret of both builds
    monkeypatch.delenv("SHOPWINDOW_TODAY", raising=False)
    settings = {"job_stages": "maker", "DEFAULT_LANG": "en", **AT_ONCE}
    build = build_site(tmp_path, {"pages/about.md": "Title: About\n\nHi.\n"}, settings)
    run = shopwindow_command(build)
    run("job", "new", "H-1", "--title", "Oak table", "--customer", "Ana", "--promise-days", "5",
        "--email", "ana@example.com", "--notify", "email")  # fmt: skip
    run("job", "update", "H-1", "--stage", "in-production")
    development = build_site(tmp_path, settings=settings)
    assert smtp.received == []
    assert (
        "shopwindow: 1 message(s) held, none sent: this site has no public address, so each "
        "message's link would point at this machine" in " ".join(development.log.split())
    )
    build_site(tmp_path, settings=settings)
    assert smtp.received == []
    rows = json.loads(run("messages", "H-1", "--json").stdout)
    assert [(r["state"], r["why"], r["until"]) for r in rows] == [
        ("held", "no public address", None)
    ], "held once, however many builds"
    assert "held: no public address" in run("messages").stdout
    publish = {**settings, "SITEURL": PUBLIC}
    build_site(tmp_path, settings=publish)
    [sent] = smtp.received
    keys = job_keys(build, "H-1")
    assert f"{PUBLIC}/j/{keys.slug}/" in text_of(sent) and "127.0.0.1" not in text_of(sent)
    build_site(tmp_path, settings=publish)
    build_site(tmp_path, settings=settings)
    assert len(smtp.received) == 1, "nothing sent twice"
    states = [row["state"] for row in json.loads(run("messages", "H-1", "--json").stdout)]
    assert states == ["held", "sent"]


def test_three_quick_updates_send_one_message_the_latest_with_the_estimate_that_moved(
    shop, smtp, monkeypatch
):
    """Staff log three noisy updates within minutes, the last with a new estimate: the customer gets
    one message, once the window (15 minutes) after the last has passed, the latest with the date."""
    root, _build, run, _ = shop
    settings = {"job_stages": "maker", "DEFAULT_LANG": "en", "SITENAME": "Bright Garage",
                "public_url": PUBLIC, "quiet_hours": ""}  # fmt: skip
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21T10:09")
    run("job", "new", "W-1", "--title", "Oak table", "--customer", "Ana", "--promised",
        "2026-11-25", "--email", "ana@example.com", "--notify", "email", "--at",
        "2026-11-20 09:00")  # fmt: skip
    run("job", "update", "W-1", "--stage", "in-production", "--note", "Legs cut.", "--at",
        "2026-11-21 10:00")  # fmt: skip
    run("job", "update", "W-1", "--stage", "in-production", "--note", "Top glued.", "--notify",
        "--at", "2026-11-21 10:04")  # fmt: skip
    run("job", "update", "W-1", "--stage", "nearly-done", "--note", "Oiled.", "--estimate",
        "2026-11-27", "--at", "2026-11-21 10:08")  # fmt: skip
    build_site(root, settings=settings)
    assert smtp.received == [], "the window after the last update is still open"
    [held] = json.loads(run("messages", "W-1", "--json").stdout)
    assert (held["key"], held["state"], held["until"]) == (
        "update/2026-11-21T10:08/nearly-done",
        "held",
        "2026-11-21T10:23:00",
    )
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21T10:23")
    build_site(root, settings=settings)
    [message] = smtp.received
    assert message["Subject"] == "Oak table: Nearly done"
    text = text_of(message)
    assert "Oiled." in text and "Legs cut." not in text and "Top glued." not in text
    moved = (
        "we are sorry, your job Oak table will take longer. We now expect it on November 27, 2026"
    )
    assert moved in " ".join(text.split()) and moved in " ".join(html_of(message).split())
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21T12:00")
    build_site(root, settings=settings)
    assert len(smtp.received) == 1, "the estimate went with the update, not on its own"


def test_an_update_at_23_00_reaches_the_phone_at_08_00_and_the_mailbox_at_once(
    tmp_path, smtp, monkeypatch
):
    """Quiet hours (21:00-08:00 in the site's time zone): an SMS waits for the morning; an email goes
    at once unless quiet_hours_email says otherwise. The SMS channel here is an email-to-SMS gateway
    (addressed by the customer's phone), served by the same SMTP server."""
    gateway = smtp.url.replace("email=", "sms=").replace("to={email}", "to={phone}@sms.example")
    monkeypatch.setenv("SHOPWINDOW_NOTIFY", f"{smtp.url} {gateway}")
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21T23:01")
    settings = {"job_stages": "maker", "DEFAULT_LANG": "en", "public_url": PUBLIC,
                "message_window_minutes": 0, "TIMEZONE": "Europe/Chisinau"}  # fmt: skip
    build = build_site(tmp_path, {"pages/about.md": "Title: About\n\nHi.\n"}, settings)
    run = shopwindow_command(build)
    run("job", "new", "Q-1", "--title", "Oak table", "--customer", "Ana", "--promise-days", "5",
        "--email", "ana@example.com", "--phone", "069 123 456", "--notify", "email, sms",
        "--at", "2026-11-20 09:00")  # fmt: skip
    run("job", "update", "Q-1", "--stage", "nearly-done", "--at", "2026-11-21 23:00")
    build_site(tmp_path, settings=settings)
    assert [m["X-Envelope-To"] for m in smtp.received] == ["ana@example.com"]
    assert "held until 2026-11-22 08:00: quiet hours" in run("messages", "Q-1").stdout
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-22T07:59")
    build_site(tmp_path, settings=settings)
    assert len(smtp.received) == 1
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-22T08:00")
    build_site(tmp_path, settings=settings)
    assert [m["X-Envelope-To"] for m in smtp.received] == [
        "ana@example.com",
        "069123456@sms.example",
    ]
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-22T22:31")
    run("job", "update", "Q-1", "--stage", "packed", "--at", "2026-11-22 22:30")
    build_site(tmp_path, settings={**settings, "quiet_hours_email": True})
    assert len(smtp.received) == 2, "with quiet_hours_email, the email waits too"
