"""The staff page on a phone, in Chromium, as staff use it: the phone pairs by the QR code's link, opens a
job at the counter, then in the bay sends two photos and a clip from the camera's file input with a
stage tapped; the customer's page, open on another phone, shows the update and its photos decrypted,
without a reload."""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

from .clips import clip_bytes
from .engines import PHONE
from .gates import axe_violations
from .images import camera_jpeg
from .sitebuild import Server, build_site, free_port, shopwindow_command
from .test_watch import Watch

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_a_paired_phone_opens_a_job_and_sends_photos_and_a_clip_the_customer_sees_live(
    tmp_path, browser, monkeypatch
):
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-21")  # the day the watcher runs on (Watch)
    build = build_site(
        tmp_path,
        {"pages/about.md": "Title: About\n\nHi.\n"},
        {"public_url": "https://bright-garage.example", "live_poll_seconds": 1},
    )
    run = shopwindow_command(build)
    staff_port = free_port()
    watch = Watch(build, "--staff", f"127.0.0.1:{staff_port}").start()
    # (bypass_csp: axe-core is added to the staff's pages to check them; the page itself adds nothing)
    staff = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, bypass_csp=True)
    customer = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        pairing = json.loads(run("staff", "pair", "--name", "Ion, lift 2", "--json").stdout)
        assert pairing["url"].startswith(f"http://127.0.0.1:{staff_port}/pair?t=")
        phone = staff.new_page()
        phone.goto(pairing["url"])  # the QR code's link, as the phone's camera opens it
        phone.get_by_role("button", name="Pair this phone").tap()
        expect(phone.get_by_role("heading", name="Jobs in work")).to_be_visible()
        violations = {"jobs": axe_violations(phone)}

        # At the counter.
        phone.get_by_role("link", name="New job").tap()
        expect(phone.get_by_role("heading", name="New job")).to_be_visible()
        violations["new job"] = axe_violations(phone)
        for label, value in (("Job ID", "P-1"), ("Title", "Brake pads"),
                             ("Item", "Dacia Logan, CH AB 123"), ("Customer's name", "Ion Popescu"),
                             ("Phone", "+373 69 000 045"), ("or in days", "3")):  # fmt: skip
            phone.get_by_label(label, exact=True).press_sequentially(value)
        phone.get_by_role("button", name="Open the job").tap()
        expect(phone.get_by_role("heading", name="Ticket · P-1")).to_be_visible()
        assert phone.locator("figure.qr svg").count() == 1
        violations["ticket"] = axe_violations(phone)

        # The customer opens their page (here, on this machine's copy of the site).
        link = json.loads(run("job", "link", "P-1", "--json", "--local").stdout)
        view = build.output / "j" / link["slug"] / "view.bin"
        deadline = time.monotonic() + 30
        while not view.exists():  # the watcher seals the new job's page
            assert time.monotonic() < deadline, watch.text()
            time.sleep(0.1)
        with Server(build.output, int(link["url"].split(":")[2].split("/")[0])):
            page = customer.new_page()
            page.goto(link["url"])
            expect(page.locator("#view")).to_be_visible()
            page.evaluate("() => { window.notReloaded = true; }")
            assert page.locator("#view img.sealed").count() == 0

            # In the bay.
            phone.get_by_role("link", name="To the job").tap()
            expect(phone.get_by_role("heading", name="P-1 · Brake pads")).to_be_visible()
            violations["job"] = axe_violations(phone)
            phone.set_input_files("#files", files=[
                {"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": camera_jpeg()},
                {"name": "IMG_0002.jpg", "mimeType": "image/jpeg",
                 "buffer": camera_jpeg((640, 480))},
                {"name": "VID_0003.mp4", "mimeType": "video/mp4", "buffer": clip_bytes()},
            ])  # fmt: skip
            phone.get_by_label("Repair", exact=True).tap()
            phone.get_by_label("Note for the customer").press_sequentially("Pads are worn out.")
            phone.get_by_role("button", name="Send").tap()
            expect(phone.get_by_role("status")).to_have_text(
                "Sent. The customer's page shows it in a moment."
            )

            violations["sent"] = axe_violations(phone)
            assert {name: found for name, found in violations.items() if found} == {}
            expect(page.locator("#view img.sealed.is-open")).to_have_count(2, timeout=30000)
            expect(page.locator("#view video")).to_have_count(1)
            expect(page.locator("#view")).to_contain_text("Pads are worn out.")
            assert page.evaluate("() => window.notReloaded === true"), "swapped in, not reloaded"
            assert "Ion, lift 2" not in page.locator("#view").inner_html()
        log = (build.root / "content/jobs/P-1/job.md").read_text()
        assert "<!-- device: Ion, lift 2 -->" in log
        assert "![](IMG_0001.jpg)\n![](IMG_0002.jpg)\n![](VID_0003.mp4)\n" in log
    finally:
        staff.close()
        customer.close()
        assert watch.stop() == 0
