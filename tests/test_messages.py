"""Keeping the customer informed: a real SMTP server on 127.0.0.1 (aiosmtpd), Apprise's mail channel
pointed at it, the site built as CI and the watcher build it; the follow-up calls and their calendar."""

from __future__ import annotations

import datetime as dt
import email
import io
import json
import subprocess
from email import policy

import pytest
from aiosmtpd.controller import Controller
from PIL import Image

from .images import camera_jpeg
from .sitebuild import BIN, build_site, free_port, job_keys, open_job


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


@pytest.fixture
def shop(tmp_path, smtp, monkeypatch):
    """An English site of a maker, messages going to the SMTP server above."""
    monkeypatch.setenv("SHOPWINDOW_NOTIFY", smtp.url)
    monkeypatch.delenv("SHOPWINDOW_TODAY", raising=False)
    settings = {"job_stages": "maker", "DEFAULT_LANG": "en", "SITENAME": "Bright Garage"}
    build = build_site(tmp_path, {"pages/about.md": "Title: About\n\nHi.\n"}, settings)

    def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [BIN / "shopwindow", "--settings", str(build.conf), *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    def rebuild():
        return build_site(tmp_path, settings=settings)

    return tmp_path, build, run, rebuild


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
    step("--stage", "follow-up", sends=None)
    step("--stage", "follow-up", "--note", "Спасибо!", "--notify", sends="Звонок после доставки")

    keys = job_keys(build, "M-7")
    for message, words in zip(smtp.received, expected, strict=True):
        assert words in message["Subject"], (words, message["Subject"])
        assert message["X-Envelope-To"] == "olga@example.ru"
        text, html = text_of(message), html_of(message)
        link = f"/j/{keys.slug}/"
        assert link in text and link in html, "each message carries the job's link"
        assert keys.code not in text + html, "without the code, by default"
        assert "Your" not in text and "stage" not in text, "Russian throughout"
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
    assert len(set(ids)) == len(ids) and all("@127.0.0.1>" in i for i in ids)

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
    entry["at"] = (dt.datetime.fromisoformat(entry["at"]) - dt.timedelta(minutes=1)).isoformat()
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
    assert refused.returncode == 2
    assert "--notify needs the customer's --email or --phone to send to" in refused.stderr
