"""The staff page, in-process (Starlette's TestClient): pairing, what an unpaired or revoked phone gets,
CSRF and cross-origin refusals, uploads (too big, not a photo, a name that climbs out), and an update
from a phone landing in job.md as `job update` writes it."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import os
import re

import pytest
from pelican.settings import read_settings
from starlette.testclient import TestClient

from .images import camera_jpeg
from .sitebuild import build_site, shopwindow_command

JOB = (
    "Title: Brakes\nCustomer: Ion Popescu\nItem: Dacia Logan, CH AB 123\nPhone: +373 69 000 045\n"
    "Received: 2026-11-20 09:00\nPromised: 2026-11-25\nStatus: active\n\n"
    "## 2026-11-20 09:00 · received · lift-1\nIn.\n"
)
ORIGIN = {"origin": "http://testserver"}
DAY = "2026-11-21 10:00"


@pytest.fixture
def shop(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOPWINDOW_TODAY", DAY)
    build = build_site(
        tmp_path,
        {"jobs/S-1/job.md": JOB},
        {"public_url": "https://bright-garage.example", "staff_max_upload_mb": 2},
    )
    settings = read_settings(str(build.conf))
    from pelican.plugins.shopwindow.staffpage.app import make_app

    client = TestClient(make_app(settings))
    return build, settings, client


def paired_client(settings, client, name="Ion, lift 2"):
    from pelican.plugins.shopwindow.staffpage.devices import DeviceStore

    pairing = DeviceStore(settings).start_pairing(name)
    opened = client.get(f"/pair?t={pairing.token}")
    token = re.search(r'name="token" value="([^"]+)"', opened.text).group(1)
    paired = client.post("/pair", data={"token": token}, headers=ORIGIN, follow_redirects=False)
    assert paired.status_code == 303
    cookie = paired.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    return pairing


def csrf_of(client, path="/jobs/S-1"):
    return re.search(r'name="csrf" value="([0-9a-f]+)"', client.get(path).text).group(1)


def job_md(build) -> str:
    return (build.root / "content/jobs/S-1/job.md").read_text()


ROUTES = [
    ("get", "/"), ("get", "/jobs/S-1"), ("get", "/jobs/S-1/ticket"), ("get", "/jobs/new"),
    ("get", "/calls"), ("post", "/jobs/S-1/update"), ("post", "/jobs/S-1/done"),
    ("post", "/jobs/S-1/answer"), ("post", "/jobs/new"), ("post", "/calls/done"),
]  # fmt: skip


def test_no_route_reads_or_writes_anything_without_a_paired_device(shop):
    build, _settings, client = shop
    before = job_md(build)
    for method, path in ROUTES:
        answer = getattr(client, method)(path, headers=ORIGIN, **(
            {"data": {"stage": "repair", "note": "X", "job_id": "S-9", "title": "T",
                      "customer": "C", "days": "1"}} if method == "post" else {}))  # fmt: skip
        assert answer.status_code == 401, (method, path)
        assert "This phone is not paired with the staff page." in answer.text
        for private in ("Ion Popescu", "Brakes", "CH AB 123", "69 000 045", "S-1"):
            assert private not in answer.text, (path, private)
    assert job_md(build) == before
    assert not (build.root / "content/jobs/S-9").exists()


def test_a_pairing_works_once_and_expires_after_ten_minutes(shop, monkeypatch):
    from pelican.plugins.shopwindow.staffpage.devices import DeviceStore

    _build, settings, client = shop
    pairing = paired_client(settings, client)
    assert "Ion Popescu" in client.get("/").text, "paired: the jobs are listed"
    again = TestClient(client.app).post("/pair", data={"token": pairing.token}, headers=ORIGIN)
    assert again.status_code == 403
    assert "This pairing code is not known or has expired" in again.text
    late = DeviceStore(settings).start_pairing("Ana, counter")
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21 10:11")
    expired = TestClient(client.app).post("/pair", data={"code": late.short_code}, headers=ORIGIN)
    assert expired.status_code == 403
    store = json.loads(DeviceStore(settings).path.read_text())
    assert [d["name"] for d in store["devices"]] == ["Ion, lift 2"]
    assert oct(DeviceStore(settings).path.stat().st_mode & 0o777) == "0o600"
    assert all(key not in DeviceStore(settings).path.read_text()
               for key in client.cookies.values()), "only the key's hash is stored"  # fmt: skip


def test_pairing_attempts_are_rate_limited(shop):
    _build, settings, client = shop
    for _ in range(5):
        assert client.post("/pair", data={"code": "AAAA-AAAA"}, headers=ORIGIN).status_code == 403
    from pelican.plugins.shopwindow.staffpage.devices import DeviceStore

    good = DeviceStore(settings).start_pairing("Ana, counter")
    limited = client.post("/pair", data={"code": good.short_code}, headers=ORIGIN)
    assert limited.status_code == 429 and "Too many pairing attempts" in limited.text


def test_a_post_without_the_csrf_token_or_from_another_origin_is_refused(shop):
    build, settings, client = shop
    paired_client(settings, client)
    before = job_md(build)
    stale = client.post("/jobs/S-1/update", data={"stage": "repair", "csrf": "0" * 64},
                        headers=ORIGIN)  # fmt: skip
    assert stale.status_code == 403 and "the form is out of date" in stale.text
    token = csrf_of(client)
    for origin in ({"origin": "http://evil.example"}, {}):
        other = client.post("/jobs/S-1/update", data={"stage": "repair", "csrf": token},
                            headers=origin)  # fmt: skip
        assert other.status_code == 403, origin
        assert "not sent from the staff page itself" in other.text
    assert job_md(build) == before


def test_a_revoked_device_is_refused_at_once(shop):
    build, settings, client = shop
    paired_client(settings, client)
    token = csrf_of(client)
    run = shopwindow_command(build)
    assert "Ion, lift 2" in run("staff", "devices").stdout
    run("staff", "revoke", "Ion, lift 2")
    refused = client.post("/jobs/S-1/update", data={"stage": "repair", "csrf": token},
                          headers=ORIGIN)  # fmt: skip
    assert refused.status_code == 401
    assert client.get("/jobs/S-1").status_code == 401


def test_an_update_from_the_phone_lands_in_the_log_with_its_photos_and_the_device(shop):
    build, settings, client = shop
    paired_client(settings, client)
    files = [
        ("files", ("IMG_1.jpg", camera_jpeg(), "image/jpeg")),
        ("files", ("../../../escape.jpg", camera_jpeg((640, 480)), "image/jpeg")),
    ]
    sent = client.post("/jobs/S-1/update", headers=ORIGIN, files=files, follow_redirects=False,
                       data={"stage": "repair", "note": "Pads replaced.", "csrf": csrf_of(client),
                             "notify": "silent", "bay": "lift-2"})  # fmt: skip
    assert sent.status_code == 303, sent.text
    log = job_md(build)
    assert log.endswith(
        "· repair · lift-2 [silent]\nPads replaced.\n![](IMG_1.jpg)\n![](escape.jpg)\n"
        "<!-- device: Ion, lift 2 -->\n"
    )
    folder = build.root / "content/jobs/S-1"
    assert sorted(p.name for p in folder.iterdir()) == ["IMG_1.jpg", "escape.jpg", "job.md"]
    assert (
        not (build.root / "escape.jpg").exists()
        and not (build.root / "content/escape.jpg").exists()
    )
    page = client.get("/jobs/S-1?sent=1").text
    assert "Sent. The customer&#39;s page shows it in a moment." in page


def test_a_symlink_in_the_job_folder_is_not_written_through(shop, tmp_path):
    build, settings, client = shop
    paired_client(settings, client)
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(b"not yours")
    os.symlink(outside, build.root / "content/jobs/S-1/IMG_1.jpg")
    sent = client.post("/jobs/S-1/update", headers=ORIGIN, follow_redirects=False,
                       files=[("files", ("IMG_1.jpg", camera_jpeg(), "image/jpeg"))],
                       data={"stage": "repair", "csrf": csrf_of(client)})  # fmt: skip
    assert sent.status_code == 303
    assert outside.read_bytes() == b"not yours"


def test_bad_sends_get_a_message_and_write_nothing(shop):
    build, settings, client = shop
    paired_client(settings, client)
    folder = build.root / "content/jobs/S-1"
    before = job_md(build)
    token = csrf_of(client)

    def send(data, files=(), job="S-1"):
        return client.post(f"/jobs/{job}/update", headers=ORIGIN, files=list(files),
                           data={"csrf": token, "stage": "repair", **data})  # fmt: skip

    def said(answer) -> str:
        return html.unescape(answer.text)

    big = send(
        {}, [("files", ("IMG_9.jpg", io.BytesIO(b"\xff" * (3 * 1024 * 1024)), "image/jpeg"))]
    )
    assert big.status_code == 413
    assert "over 2 MB (setting staff_max_upload_mb)" in said(big)
    junk = send({}, [("files", ("IMG_8.jpg", b"not a photo at all", "image/jpeg"))])
    assert (
        junk.status_code == 400
        and "IMG_8.jpg: " in said(junk)
        and "nothing was written" in said(junk)
    )
    stage = send({"stage": "flying"})
    assert stage.status_code == 400 and 'stage "flying" is not one of received' in said(stage)
    future = send({"at": "2026-11-22T10:00"})
    assert future.status_code == 400
    assert "2026-11-22 10:00 is still to come: the log is of what has happened" in said(future)
    missing = send({}, job="S-404")
    assert missing.status_code == 404
    assert "There is no job S-404 (removed since?); nothing was changed." in said(missing)
    assert "Nothing was changed: " in said(junk) and "Nothing was changed: " in said(stage)
    assert job_md(build) == before
    assert sorted(p.name for p in folder.iterdir()) == ["job.md"]


def test_at_the_counter_a_job_is_opened_and_its_ticket_shown(shop):
    build, settings, client = shop
    paired_client(settings, client, "Ana, counter")
    opened = client.post("/jobs/new", headers=ORIGIN, follow_redirects=False, data={
        "csrf": csrf_of(client, "/jobs/new"), "job_id": "S-2", "title": "Clutch",
        "item": "VW Golf, CH XY 777", "customer": "Maria Rusu", "phone": "+373 69 111 222",
        "email": "maria@example.md", "language": "ro", "consent": "yes", "days": "3",
        "bay": "lift-1"})  # fmt: skip
    assert opened.status_code == 303 and opened.headers["location"] == "/jobs/S-2/ticket"
    ticket = client.get("/jobs/S-2/ticket").text
    style = client.get("/staff.css")  # the page's own stylesheet, allowed by its policy ('self')
    assert style.status_code == 200 and style.headers["content-type"].startswith("text/css")
    assert "default-src 'self'" in client.get("/jobs/S-2/ticket").headers["content-security-policy"]
    assert "<svg" in ticket and "https://bright-garage.example/j/" in ticket
    link = json.loads(shopwindow_command(build)("job", "link", "S-2", "--json").stdout)
    assert f'class="code">{link["code"]}</strong>' in ticket and link["address"] in ticket
    log = (build.root / "content/jobs/S-2/job.md").read_text()
    assert "Customer: Maria Rusu\nItem: VW Golf, CH XY 777\nEmail: maria@example.md\n" in log
    assert "Language: ro\n" in log and "Promised: 2026-11-24\n" in log
    assert log.endswith("· received · lift-1\n<!-- device: Ana, counter -->\n")


def test_the_page_speaks_the_sites_language(tmp_path, monkeypatch):
    from pelican.plugins.shopwindow.staffpage.app import make_app

    monkeypatch.setenv("SHOPWINDOW_TODAY", DAY)
    build = build_site(tmp_path, {"jobs/S-1/job.md": JOB}, {"DEFAULT_LANG": "ru"})
    settings = read_settings(str(build.conf))
    client = TestClient(make_app(settings))
    refused = client.get("/")
    assert refused.status_code == 401
    assert '<html lang="ru">' in refused.text
    assert "Этот телефон не подключён к странице сотрудников." in refused.text
    paired_client(settings, client)
    assert "Заказы в работе" in client.get("/").text
    token = csrf_of(client)
    late = client.post("/jobs/S-1/update", headers=ORIGIN,
                       data={"csrf": token, "stage": "repair", "at": "2026-11-22T10:00"})  # fmt: skip
    assert "2026-11-22 10:00 ещё не наступило" in html.unescape(late.text)
    junk = client.post("/jobs/S-1/update", headers=ORIGIN, data={"csrf": token, "stage": "repair"},
                       files=[("files", ("IMG_8.jpg", b"not a photo", "image/jpeg"))])  # fmt: skip
    assert "Ничего не изменено: IMG_8.jpg: " in html.unescape(junk.text)


def test_a_listen_address_that_is_not_host_and_port_is_refused_before_anything_starts(shop):
    build, _settings, _client = shop
    run = shopwindow_command(build)
    for args in (("staff", "serve", "--listen", "shop-pc"), ("watch", "--staff", "shop-pc")):
        refused = run(*args, ok=False)
        assert refused.returncode == 2, args
        assert '"shop-pc" is not HOST:PORT, e.g. 192.168.1.20:8765' in refused.stderr, args


def test_found_work_from_the_bay_with_a_photo_is_the_jobs_next_quote(shop):
    build, settings, client = shop
    paired_client(settings, client)
    token = csrf_of(client)
    refused = client.post("/jobs/S-1/quote", headers=ORIGIN, data={
        "csrf": token, "item-0": "Discs | pads", "price-0": "100", "urgency-0": "urgent"})  # fmt: skip
    assert refused.status_code == 400
    assert "cannot be part of an item" in html.unescape(refused.text)
    sent = client.post("/jobs/S-1/quote", headers=ORIGIN, follow_redirects=False, data={
        "csrf": token, "item-0": "Rear discs", "price-0": "1150", "urgency-0": "urgent",
        "item-note-0": "Below the minimum thickness.", "item-1": "Wiper blades", "price-1": "240",
        "urgency-1": "advisable"},
        files=[("photo-0", ("image.jpg", camera_jpeg(), "image/jpeg"))])  # fmt: skip
    assert sent.status_code == 303, sent.text
    log = job_md(build)
    assert log.endswith(
        "· quote 1 [quote]\n- Rear discs | 1150 | urgent | image.jpg\n"
        "  Below the minimum thickness.\n- Wiper blades | 240 | advisable\n"
        "<!-- device: Ion, lift 2 -->\n"
    )
    assert (build.root / "content/jobs/S-1/image.jpg").is_file()
    build_site(build.root)  # the quote reads (--fatal errors)


def test_the_customers_pasted_answer_is_recorded_from_the_page(shop):
    from pelican.plugins.shopwindow.access import format as fmt
    from pelican.plugins.shopwindow.jobs.model import load_job
    from pelican.plugins.shopwindow.jobs.staff import add_quote
    from pelican.plugins.shopwindow.settings import shopwindow_settings

    build, settings, client = shop
    add_quote(settings, "S-1", ["Rear discs | 1150 | urgent", "Wiper blades | 240 | advisable"])
    paired_client(settings, client)
    (quote,) = load_job(settings, "S-1").quotes
    key = fmt.answer_key(bytes.fromhex((build.root / "secret").read_text().strip()), "S-1", 1)
    items = [(fmt.canonical_name(i.name), fmt.canonical_price(i.price)) for i in quote.items]
    currency = shopwindow_settings(settings).currency  # as the page binds it into the code
    code = fmt.answer_code(key, "S-1", 1, "AD", fmt.quote_digest(items, currency))
    message = f"Hello, my answer.\nAnswer code: S-1/Q1/AD/V2/{code[:5]}-{code[5:]}\n"
    token = csrf_of(client)
    changed = client.post("/jobs/S-1/answer", headers=ORIGIN,
                          data={"csrf": token, "message": message.replace("/AD/", "/AA/")})  # fmt: skip
    assert changed.status_code == 400 and "Nothing was changed: " in html.unescape(changed.text)
    sent = client.post("/jobs/S-1/answer", headers=ORIGIN, follow_redirects=False,
                       data={"csrf": token, "message": message})  # fmt: skip
    assert sent.status_code == 303, sent.text
    log = job_md(build)
    assert "· answer · quote 1 [answer]\nApproved: Rear discs.\nDeclined: Wiper blades.\n" in log
    assert log.endswith("<!-- device: Ion, lift 2 -->\n")


def test_todays_calls_are_listed_with_a_tap_to_call_and_a_done_call_stays_staff_only(shop):
    from pelican.plugins.shopwindow.jobs.staff import add_update

    build, settings, client = shop
    add_update(settings, "S-1", "collected", at=dt.datetime(2026, 11, 20, 15, 0))
    paired_client(settings, client)
    calls = client.get("/calls").text
    assert 'href="tel:+37369000045"' in calls and "Ion Popescu" in calls
    call = re.search(r'name="call" value="([^"]+)"', calls).group(1)
    assert call == "S-1/day-1"
    done = client.post("/calls/done", headers=ORIGIN, follow_redirects=False,
                       data={"csrf": csrf_of(client, "/calls"), "call": call,
                             "note": "All fine, will come back in spring."})  # fmt: skip
    assert done.status_code == 303, done.text
    log = job_md(build)
    assert "[staff]\nAll fine, will come back in spring.\n<!-- device: Ion, lift 2 -->\n" in log
    assert "No call due today." in client.get("/calls").text
    build = build_site(build.root)
    from .sitebuild import open_job

    assert "come back in spring" not in open_job(build, "S-1").view
