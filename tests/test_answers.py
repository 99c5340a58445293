"""The customer answers: found work approved and declined on the job page and recorded by the shop; a
recommendation from a done job counted and thanked. In Chromium, with the shopwindow command and a real
SMTP server (the fixture of test_messages)."""

from __future__ import annotations

import json
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from .images import camera_jpeg
from .sitebuild import (
    BIN,
    Server,
    build_site,
    free_port,
    job_in_browser,
    open_job,
    shopwindow_command,
)
from .test_messages import smtp, text_of  # noqa: F401  (smtp is a fixture)

SETTINGS = {"DEFAULT_LANG": "en", "SITENAME": "Bright Garage", "live_poll_seconds": 1,
            "currency": "MDL"}  # fmt: skip
DONE_JOBS = {  # four done jobs besides the one that recommends: below the track record's sample
    f"jobs/D-{n}/job.md": (
        f"Title: Service {n}\nCustomer: C{n}\nReceived: 2026-10-0{n} 09:00\nPromised: 2026-10-1{n}\n"
        f"Status: done\nDone: 2026-10-1{n} 12:00\n\n## 2026-10-0{n} 09:00 · received\n"
    )
    for n in range(1, 4)
}


def item_args(*items: str) -> list[str]:
    return [arg for item in items for arg in ("--item", item)]


@pytest.fixture
def quoted(tmp_path):
    """A site with job Q-1 in work: a three-item quote, one item with a photo; and job Q-2 with a
    one-item quote (another job's answer)."""
    port = free_port()
    settings = {**SETTINGS, "SITEURL": f"http://127.0.0.1:{port}"}
    build = build_site(tmp_path, {"pages/about.md": "Title: About\n\nHi.\n"}, settings)
    run = shopwindow_command(build)
    (tmp_path / "disc.jpg").write_bytes(camera_jpeg((1200, 900)))
    for job in ("Q-1", "Q-2"):
        run("job", "new", job, "--title", f"Brakes {job}", "--customer", "Ion P.",
            "--promise-days", "3", "--json")  # fmt: skip
    run("job", "quote", "Q-1", *item_args(
        f"Rear discs (pair) | 1150 | urgent | {tmp_path / 'disc.jpg'} | Below the minimum thickness.",
        "Wiper blades | 240 | advisable",
        "Cabin filter | 300 | info",
    ))  # fmt: skip
    run("job", "quote", "Q-2", *item_args("Bulb | 40 | advisable"))
    build = build_site(tmp_path, settings=settings)
    return tmp_path, build, run, port, settings


def job_md(root, job: str) -> str:
    return (root / "content" / "jobs" / job / "job.md").read_text()


def answer(root, run, job: str, message: str, ok: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [BIN / "shopwindow", "--settings", str(root / "testconf.py"), "job", "answer", job],
        input=message, capture_output=True, text=True, cwd=root,
    )  # fmt: skip
    if ok:
        assert result.returncode == 0, result.stderr
    return result


@pytest.mark.browser
def test_the_customer_approves_two_declines_one_and_the_page_shows_the_recorded_answer(
    quoted, browser
):
    root, build, run, port, _ = quoted
    with job_in_browser(
        browser, build, "Q-1", port, viewport={"width": 390, "height": 844}
    ) as page:
        quote = page.locator("#view .found-work")
        expect(quote).to_be_visible()
        # Grouped by urgency, each group in words (not colour alone), the photo decrypted.
        assert [" ".join(t.split()) for t in quote.locator("h3.urgency").all_inner_texts()] == [
            "! Urgent: needed for safety or to avoid damage",
            "• Advisable: soon, not today",
            "i For your information",
        ]
        expect(quote.locator("img.sealed.is-open")).to_have_count(1)
        assert quote.locator("a[data-channel]").evaluate_all("l => l.map(a => a.href)") == [
            "",
            "",
            "",
        ]
        quote.get_by_label("Approve").nth(0).check()
        quote.get_by_label("Approve").nth(1).check()
        expect(quote.locator(".quote-total-value")).to_have_text("MDL 1,390.00")
        assert quote.locator("a[data-channel][href]").count() == 0, "no answer before every choice"
        quote.get_by_label("Decline").nth(2).check()
        expect(quote.locator("a[data-channel=email][href]")).to_have_count(1)
        expect(quote.locator(".quote-send-hint")).to_contain_text("Your answer is ready")
        hrefs = {
            a.get_attribute("data-channel"): a.get_attribute("href")
            for a in quote.locator("a[data-channel]").all()
        }
        # The message, read from the link the page built (no mail client is opened).
        mail = urlsplit(hrefs["email"])
        assert mail.scheme == "mailto" and mail.path == "hello@bright-garage.example"
        fields = parse_qs(mail.query)
        assert fields["subject"] == ["My answer to the work you found: Brakes Q-1"]
        body = fields["body"][0].replace(
            "\xa0", " "
        )  # Intl writes "MDL 1,150.00" with a no-break space
        assert "Approved:\n- Rear discs (pair): MDL 1,150.00\n- Wiper blades: MDL 240.00" in body
        assert "Declined:\n- Cabin filter: MDL 300.00" in body
        assert "Approved in all: MDL 1,390.00" in body
        assert parse_qs(urlsplit(hrefs["sms"]).query)["body"] == fields["body"]
        assert hrefs["sms"].startswith("sms:+37322000000?")
        assert parse_qs(urlsplit(hrefs["whatsapp"]).query)["text"] == fields["body"]
        assert hrefs["whatsapp"].startswith("https://wa.me/37322000000?")

        recorded = answer(root, run, "Q-1", fields["body"][0])
        assert "Recorded: approved 2 of 3 items, total 1,390." in recorded.stdout
        log = job_md(root, "Q-1")
        assert "· answer · quote 1 [answer]" in log
        assert "Approved: Rear discs (pair), Wiper blades.\nDeclined: Cabin filter." in log
        assert answer(root, run, "Q-1", fields["body"][0]).stdout.startswith("Q-1: this answer to quote 1 was "
                                                               "recorded before")  # fmt: skip

        build_site(root, settings=quoted[4])  # the re-seal: the open page swaps in the new view
        answered = page.locator("#view .quote-answered")
        expect(answered).to_be_visible(timeout=15000)
        expect(answered).to_contain_text("you approved 2 of 3 items, MDL1,390.00 in all")
        checked = page.locator("#view .found-work input:checked").evaluate_all(
            "inputs => inputs.map(i => i.name + '=' + i.value)"
        )
        assert checked == ["item-0=A", "item-1=A", "item-2=D"]


def test_on_a_slow_line_the_quote_works_when_its_script_arrives_after_the_page_opened(
    quoted, browser
):
    """The page opens from its link while respond.js (the cards' script) is still on its way, as on a
    slow phone line: once it arrives, the customer's choices make the answer all the same."""
    _, build, run, port, _ = quoted
    link = json.loads(run("job", "link", "Q-1", "--json", "--local").stdout)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    held = []
    page.route("**/respond*.js", lambda route: held.append(route))  # the line is slow: it waits
    with Server(build.output, port):
        page.goto(link["url"], wait_until="commit")
        quote = page.locator("#view .found-work")
        expect(quote).to_be_visible()
        assert len(held) == 1, "the page opened before its script arrived"
        held[0].continue_()
        quote.get_by_label("Approve").nth(0).check()
        quote.get_by_label("Approve").nth(1).check()
        quote.get_by_label("Decline").nth(2).check()
        expect(quote.locator("a[data-channel=email][href]")).to_have_count(1)
        expect(quote.locator(".quote-send-hint")).to_contain_text("Your answer is ready")
    context.close()


def made_answer(root, job: str, quote: int, choices: str, answer_format: int = 2) -> str:
    """An answer code as the job's page makes it (the browser test shows they agree): of format 2,
    bound to the quote as it is in the job's log now; of format 1, as pages before 0.3 made it."""
    from pelican.plugins.shopwindow.access import format as fmt
    from pelican.plugins.shopwindow.jobs.model import load_job
    from pelican.settings import read_settings

    secret = (root / "secret").read_text().strip()
    key = fmt.answer_key(bytes.fromhex(secret), job, 1)
    if answer_format == 1:
        code = fmt.answer_code(key, job, quote, choices)
        return f"Answer code: {job}/Q{quote}/{choices}/{code[:5]}-{code[5:]}\n"
    settings = read_settings(str(root / "testconf.py"))
    (found,) = [q for q in load_job(settings, job).quotes if q.version == quote]
    items = [(fmt.canonical_name(i.name), fmt.canonical_price(i.price)) for i in found.items]
    code = fmt.answer_code(key, job, quote, choices, fmt.quote_digest(items, "MDL"))
    return f"Hello, here is my answer.\nAnswer code: {job}/Q{quote}/{choices}/V2/{code[:5]}-{code[5:]}\n"


@pytest.mark.slow
def test_a_changed_choice_job_or_quote_version_and_a_random_code_are_each_refused(
    quoted, monkeypatch
):
    root, _, run, _, _ = quoted
    before = {job: job_md(root, job) for job in ("Q-1", "Q-2")}
    genuine = made_answer(root, "Q-1", 1, "AAD")
    refusals = {
        "a changed choice": ("Q-1", genuine.replace("/AAD/", "/AAA/")),
        "a changed job": ("Q-2", made_answer(root, "Q-1", 1, "A").replace("Q-1/", "Q-2/")),
        "another job's answer": ("Q-2", genuine),
        "a random code": ("Q-1", "Answer code: Q-1/Q1/AAD/7K3M9-QX2PA"),
        "no code at all": ("Q-1", "Yes please, do the discs."),
    }
    said = {}
    for case, (job, message) in refusals.items():
        result = answer(root, run, job, message, ok=False)
        assert result.returncode == 1, case
        said[case] = result.stderr.strip().replace("\n", " ")
    assert said == {
        "a changed choice": "shopwindow: the choices were changed after the page made the code: "
        "the code is for approved Rear discs (pair), Wiper blades; declined Cabin filter (AAD), the "
        "message says AAA; ask the customer to send the answer again",
        "a changed job": "shopwindow: the job in the message was changed: its answer code was made "
        "on the page of job Q-1, not Q-2",
        "another job's answer": "shopwindow: the message answers job Q-1, not Q-2: run shopwindow "
        "job answer Q-1",
        "a random code": "shopwindow: the answer code 7K3M9-QX2PA was not made by job Q-1's page: "
        "mistyped or made up; nothing was recorded",
        "no code at all": "shopwindow: no answer code in the message: it ends with a line like "
        '"Answer code: Q-1/Q1/AAD/XXXXX-XXXXX"',
    }
    assert {job: job_md(root, job) for job in before} == before, "a refused answer writes nothing"

    # A new quote version supersedes the last: an answer to the old one is refused for that reason.
    monkeypatch.setenv(
        "SHOPWINDOW_TODAY", "2026-11-23"
    )  # the day of the new version: it has happened
    run("job", "quote", "Q-1", *item_args("Rear discs (pair) | 1100 | urgent", "Wipers | 240 | info"),
        "--at", "2026-11-23 12:00")  # fmt: skip
    old = answer(root, run, "Q-1", genuine, ok=False)
    assert old.stderr.strip().replace("\n", " ") == (
        "shopwindow: the answer is to quote version 1, which version 2 replaced on 2026-11-23 "
        "12:00: the customer should answer the new quote from the page"
    )
    assert "[answer]" not in job_md(root, "Q-1")
    assert answer(root, run, "Q-1", made_answer(root, "Q-1", 2, "AD")).returncode == 0
    stats = json.loads(run("stats", "--json").stdout)["quotes"]
    assert (stats["quotes"], stats["answered"], stats["items"], stats["approved"]) == (3, 1, 2, 1)
    assert stats["by_urgency"]["urgent"] == {"items": 1, "approved": 1, "approval_rate": "100%"}


@pytest.mark.slow
def test_a_price_edited_by_hand_in_the_same_quote_voids_the_answer_given_to_the_old_one(quoted):
    """Staff change a price in job.md without a new quote version. The answer the customer made for
    the old price no longer verifies, and says why; an answer from a page of before 0.3 (format 1,
    which binds no price) still verifies, as it was made."""
    root, _, run, _, _ = quoted
    genuine = made_answer(root, "Q-1", 1, "AAD")
    log = root / "content" / "jobs" / "Q-1" / "job.md"
    text = log.read_text()
    assert "Rear discs (pair) | 1150 |" in text
    log.write_text(text.replace("Rear discs (pair) | 1150 |", "Rear discs (pair) | 1450 |"))
    refused = answer(root, run, "Q-1", genuine, ok=False)
    assert refused.returncode == 1
    assert refused.stderr.strip().replace("\n", " ") == (
        "shopwindow: the answer code does not match quote version 1 as it is now: its items, "
        "prices or currency were changed after the customer answered (or the message was); ask "
        "the customer to answer again from the page"
    )
    assert "[answer]" not in log.read_text()
    assert answer(root, run, "Q-1", made_answer(root, "Q-1", 1, "AAD")).returncode == 0, (
        "made for the new price: recorded"
    )
    older = answer(root, run, "Q-2", made_answer(root, "Q-2", 1, "A", answer_format=1))
    assert older.returncode == 0
    assert "Answer code: Q-2/Q1/A/" in job_md(root, "Q-2") and "/V2/" not in job_md(root, "Q-2")


def test_a_bad_quote_item_is_refused_and_writes_nothing(quoted):
    root, _, run, _, _ = quoted
    before = job_md(root, "Q-1")
    said = [
        run("job", "quote", "Q-1", "--item", item, ok=False).stderr.strip().replace("\n", " ")
        for item in ("Discs | lots | urgent", "Discs | 100 | soon", "Discs | 100")
    ]
    assert said == [
        'shopwindow: --item price "lots" is not a number (e.g. 1150 or 1150.50); nothing was written',
        'shopwindow: --item urgency "soon" is not one of urgent, advisable, info; nothing was '
        "written",
        'shopwindow: --item "Discs | 100" is not "name | price | urgency | photo | note" (the photo '
        "and the note may be left out); nothing was written",
    ]
    assert job_md(root, "Q-1") == before


@pytest.mark.slow
def test_a_referral_from_a_done_job_is_counted_and_thanked_when_that_job_is_done(
    tmp_path,
    smtp,  # noqa: F811  (the fixture imported above)
    monkeypatch,
):
    monkeypatch.setenv("SHOPWINDOW_NOTIFY", smtp.url)
    # "This month" of the referral figures is the month after the done jobs of October 2026.
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-25")
    settings = {**SETTINGS, "public_url": "https://bright-garage.example"}
    build = build_site(tmp_path, dict(DONE_JOBS), settings)
    run = shopwindow_command(build)
    run("job", "new", "R-1", "--title", "Gearbox", "--customer", "Ana R.", "--promise-days", "2",
        "--email", "ana@example.test", "--notify", "email", "--json")  # fmt: skip
    run("job", "quote", "R-1", "--item", "Clutch cable | 400 | advisable")
    build_site(tmp_path, settings=settings)
    (asked,) = [m for m in smtp.received if m["Subject"] == "Your answer, please: Gearbox"]
    assert "we found more that needs attention (1 item)" in text_of(asked)
    run("job", "done", "R-1")
    build_site(tmp_path, settings=settings)
    assert "figure-recommended" not in build.read("track-record/index.html")
    view = open_job(build, "R-1").view
    assert "Recommend us" in view
    url = view.split('class="referral-link" type="url" readonly value="', 1)[1].split('"', 1)[0]
    code = parse_qs(urlsplit(url).query)["ref"][0]
    assert len(code) == 8 and url.startswith("https://bright-garage.example/?ref="), (
        "the public address, to share"
    )
    assert "R-1" not in url and "Gearbox" not in url

    refused = run("job", "new", "N-1", "--title", "Clutch", "--customer", "Dan N.",
                  "--promise-days", "2", "--referred-by", "ZZZZZZZZ", ok=False)  # fmt: skip
    assert refused.stderr.strip().replace("\n", " ") == (
        'shopwindow: --referred-by "ZZZZZZZZ" is no customer\'s referral code (8 letters and '
        'digits, from the "Recommend us" link of a done job)'
    )
    # Typed by hand: lower case, O for 0, a dash.
    typed = code.lower().replace("0", "o")
    typed = f"{typed[:4]}-{typed[4:]}"
    run("job", "new", "N-1", "--title", "Clutch", "--customer", "Dan N.", "--promise-days", "2",
        "--referred-by", typed, "--json")  # fmt: skip
    assert f"Referred-By: {code}\n" in job_md(tmp_path, "N-1")
    referrals = json.loads(run("stats", "--json").stdout)["referrals"]
    month = referrals["months"][-1]
    assert (referrals["jobs"], referrals["referred"]) == (5, 1)
    assert (month["jobs"], month["referred"]) == (2, 1)  # R-1 and N-1 this month

    before = len(smtp.received)
    build_site(tmp_path, settings=settings)
    assert not any("recommending" in str(m["Subject"]) for m in smtp.received[before:])
    run("job", "done", "N-1")
    for _ in range(2):  # built twice: thanked once
        build = build_site(tmp_path, settings=settings)
    thanks = [m for m in smtp.received if m["Subject"] == "Thank you for recommending us"]
    assert len(thanks) == 1
    assert thanks[0]["X-Envelope-To"] == "ana@example.test"
    text = text_of(thanks[0])
    assert "someone you recommended us to brought us their job" in text
    assert "Dan" not in text and "Clutch" not in text and "N-1" not in text
    # Five done jobs now: the track record shows the share that came by recommendation.
    record = build.read("track-record/index.html")
    assert '<dd id="figure-recommended">1 of 5 customers</dd>' in record
    assert code not in "".join(data.decode("latin-1") for _, data in build.all_bytes())


@pytest.mark.browser
def test_recommend_us_copies_the_link_and_the_public_contact_links_carry_the_code(
    tmp_path, browser
):
    port = free_port()
    settings = {**SETTINGS, "SITEURL": f"http://127.0.0.1:{port}", "DEFAULT_LANG": "ro"}
    build = build_site(tmp_path, {"pages/contact.md": (
        "Title: Contact\n\n[Email](mailto:hello@bright-garage.example?subject=Hello) · "
        "[SMS](sms:+37322000000) · [WhatsApp](https://wa.me/37322000000)\n"
    )}, settings)  # fmt: skip
    run = shopwindow_command(build)
    run(
        "job", "new", "R-2", "--title", "Masă", "--customer", "Ana", "--promise-days", "1", "--json"
    )
    run("job", "done", "R-2")
    build_site(tmp_path, settings=settings)
    link = json.loads(run("job", "link", "R-2", "--json", "--local").stdout)
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    with Server(build.output, port):
        page.goto(link["url"])
        card = page.locator("#view .recommend")
        expect(card.locator("h2")).to_have_text("Recomandați-ne")
        button = card.locator(".recommend-share")
        has_share = page.evaluate("typeof navigator.share === 'function'")
        expect(button).to_have_text("Distribuiți linkul" if has_share else "Copiați linkul")
        personal = card.locator(".referral-link").input_value()
        if not has_share:
            button.click()
            expect(card.locator(".recommend-status")).to_have_text(
                "Linkul a fost copiat: lipiți-l într-un mesaj către un prieten."
            )
            assert page.evaluate("navigator.clipboard.readText()") == personal
        code = parse_qs(urlsplit(personal).query)["ref"][0]

        # A friend opens the link, then the contact page: every contact link carries the code.
        friend = context.new_page()
        friend.goto(personal)
        assert "ref=" not in friend.url, "the code leaves the address bar"
        friend.goto(f"http://127.0.0.1:{port}/contact/")
        line = f"Un client de-al dumneavoastră mi v-a recomandat (cod de recomandare {code})."
        hrefs = friend.locator(
            "main a[href^='mailto:'], main a[href^='sms:'], main a[href^='https://wa.me/']"
        )
        found = {}
        for href in hrefs.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
            parts = urlsplit(href)
            found[parts.scheme] = parse_qs(parts.query)
        assert found["mailto"] == {"subject": ["Hello"], "body": [line]}
        assert found["sms"] == {"body": [line]}
        assert found["https"] == {"text": [line]}
        footer = friend.locator("footer a[href^='mailto:']").get_attribute("href")
        assert code in footer
    context.close()


def test_a_russian_customer_reads_the_quote_and_their_answer_in_russian(tmp_path):
    build = build_site(tmp_path, {"pages/about.md": "Title: About\n\nHi.\n"}, SETTINGS)
    run = shopwindow_command(build)
    run("job", "new", "R-7", "--title", "Тормоза", "--customer", "Ольга", "--promise-days", "2",
        "--language", "ru", "--json")  # fmt: skip
    run("job", "quote", "R-7", *item_args("Диски | 1150 | urgent", "Щётки | 240 | info"))
    run("job", "answer", "R-7", made_answer(tmp_path, "R-7", 1, "AD"))
    build = build_site(tmp_path, settings=SETTINGS)
    view = open_job(build, "R-7").view
    for russian in ("Найденные работы", "Срочно: нужно для безопасности", "К сведению",
                    "вы одобрили 1 из 2 позиций", "Согласен", "Отказываюсь"):  # fmt: skip
        assert russian in view, russian
    for english in ("Work we found", "Urgent", "For your information", "Approve", "Decline",
                    "Send my answer", "you approved"):  # fmt: skip
        assert english not in view, english


DAY = {"SHOPWINDOW_TODAY": "2026-11-21"}


def test_a_quote_no_customer_can_send_an_answer_to_warns_in_the_build_and_fails_the_check(
    tmp_path,
):
    """A business with no email and no phone: the page would show the quote and no button to send the
    answer. The build says so (a warning: the page is still published) and the check fails; with a
    phone, the SMS and WhatsApp buttons come and both are quiet."""
    job = (
        "Title: Brakes\nCustomer: Ion P.\nReceived: 2026-11-20 09:00\nPromised: 2099-11-24\n\n"
        "## 2026-11-20 09:00 · received\nIn the bay.\n\n"
        "## 2026-11-20 16:10 · quote 1 [quote]\n- Rear discs (pair) | 1150 | urgent\n"
    )
    line = (
        'content/jobs/Q-9/job.md: [quote]: the customer has no way to send an answer: SHOPWINDOW["business"] '
        'has no address for answer_channels (email needs "email", sms needs "phone", whatsapp needs '
        '"whatsapp or phone"); set the business\'s email or phone'
    )
    build = build_site(
        tmp_path, {"jobs/Q-9/job.md": job}, {**SETTINGS, "business": {"name": "Bright Garage"}},
        command=True, env=DAY,
    )  # fmt: skip
    assert line in " ".join(build.log.split()), build.log
    opened = open_job(build, "Q-9")
    assert "Rear discs (pair)" in opened.view and "data-channel" not in opened.view
    check = build.check()
    assert check.returncode == 1 and line in check.stdout + check.stderr

    phone = {"name": "Bright Garage", "phone": "+373 22 000 000"}
    build = build_site(tmp_path, settings={**SETTINGS, "business": phone}, command=True, env=DAY)
    assert "no way to send an answer" not in build.log
    opened = open_job(build, "Q-9")
    assert 'data-channel="sms"' in opened.view and 'data-channel="whatsapp"' in opened.view
    assert build.check().returncode == 0
