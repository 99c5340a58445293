"""`shopwindow testimonial add` and `withdraw`: a testimonial a customer wrote on their done job's page,
checked by its code and added pending; every way the message can be wrong refused with its own message
and nothing written; the customer's withdrawal takes it down.

The messages are written here as the job page writes them (the answer key is what the sealed view of a
done job gives its customer); the page's card comes with the browser test of issue 27's first point."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from pelican.plugins.shopwindow.access import format as fmt
from pelican.plugins.shopwindow.settings import CONSENT
from playwright.sync_api import expect

from .sitebuild import build_site, free_port, job_in_browser, shopwindow_command, site_secret

DAY = {"SHOPWINDOW_TODAY": "2026-11-25"}
JOBS = {
    f"jobs/{job}/job.md": (
        f"Title: Brakes {job}\nCustomer: Ion Popescu\nService: Brakes\nReceived: 2026-11-20 09:00\n"
        "Promised: 2026-11-24\nStatus: done\nDone: 2026-11-23 17:00\n\n"
        "## 2026-11-20 09:00 · received\nIn the bay.\n"
    )
    for job in ("D-1", "D-2")
}
WORDS = "They found the fault in an hour\nand kept the price they quoted. *Thank you!*"


LABELS = {
    "en": ("Name to show:", "Service:", "My words:", "I agree:", "Testimonial code:"),
    "ru": ("Имя для публикации:", "Услуга:", "Мой отзыв:", "Я согласен(на):", "Код отзыва:"),
}


def message(build, job="D-1", rating=5, name="Ion P.", words=WORDS, lang="en", consent=None,
            code_job=None, code_rating=None, code_name=None, code_words=None) -> str:  # fmt: skip
    """The message the page of ``job`` writes; ``code_*``: what the code was made for, if not that."""
    key = fmt.answer_key(site_secret(build), code_job or job, 1)
    made_for = (lang, "1", code_rating or rating, code_name or name, code_words or words)
    code = fmt.testimonial_code(key, code_job or job, *made_for)
    name_tag = fmt.testimonial_tag(key, code_job or job, "name", code_name or name)
    words_tag = fmt.testimonial_tag(key, code_job or job, "words", code_words or words)
    name_label, service, words_label, agree, code_label = LABELS[lang]
    lines = [
        "Hello, here is what I would tell others about you:",
        f"{'★' * rating} ({rating}/5)",
        f"{name_label} {name}",
        f"{service} Brakes",
        words_label,
        words,
    ]
    if consent is not False:
        lines.append(f"{agree} {consent or CONSENT[lang]}")
    lines.append(f"{code_label} {job}/T1/{lang}/C1/R{rating}/N{name_tag}/W{words_tag}/"
                 f"{code[:5]}-{code[5:]}")  # fmt: skip
    return "\n".join(lines) + "\n"


@pytest.fixture
def shop(tmp_path):
    build = build_site(tmp_path, JOBS, env=DAY)
    return tmp_path, build, shopwindow_command(build)


def written_files(root) -> dict[str, str]:
    folder = root / "content" / "testimonials"
    return {p.name: p.read_text() for p in sorted(folder.glob("*.md"))} if folder.is_dir() else {}


def test_a_customers_testimonial_is_added_pending_then_approved_onto_the_wall(shop):
    root, build, run = shop
    added = run("testimonial", "add", message(build), "--on", "2026-11-25")
    assert "ion-p-d-1.md: written as pending, from job D-1 (5 of 5)" in added.stdout
    [(name, text)] = written_files(root).items()
    header, body = text.split("\n\n", 1)
    assert header.splitlines() == [
        "Author: Ion P.", "Status: pending", "Consent: 2026-11-25", "Consent-Text: 1", "Rating: 5",
        "Date: 2026-11-25", "Job: D-1", "Service: Brakes", "Source: job page", "Language: en",
        header.splitlines()[-1],
    ]  # fmt: skip
    assert header.splitlines()[-1].startswith("Testimonial-Code: D-1/T1/en/C1/R5/N")
    assert body.startswith("They found the fault in an hour\nand kept the price they quoted.")
    # Pending: on no page.
    build = build_site(root, env=DAY)
    assert not (build.output / "testimonials").exists()
    again = run("testimonial", "add", message(build))
    assert "this testimonial was added before; nothing written" in again.stdout
    assert len(written_files(root)) == 1

    path = root / "content" / "testimonials" / name
    path.write_text(text.replace("Status: pending", "Status: approved", 1))
    build = build_site(root, env=DAY)
    wall = build.read("testimonials/index.html")
    assert "They found the fault in an hour" in wall and "Ion P." in wall
    assert "*Thank you!*" in wall and "<em>" not in wall, "the words as typed, no Markdown"
    # Its job's ID and code stay in the file: the published site passes the privacy scan.
    checked = build.check()
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_message_a_mail_program_quoted_and_rewrapped_reads_the_same(shop):
    root, build, run = shop
    quoted = "\n".join(
        "> " + line for line in message(build).replace("an hour\nand", "an hour and").splitlines()
    )
    quoted = quoted.replace("in an hour and kept", "in an hour\n> and kept")
    run("testimonial", "add", "On Tue, Ion wrote:\n" + quoted)
    assert len(written_files(root)) == 1


def test_a_russian_customers_message_is_read_with_the_russian_labels(shop):
    root, build, run = shop
    words = "Нашли неисправность за час и не изменили цену.\nСпасибо!"
    run("testimonial", "add", message(build, name="Ион П.", words=words, lang="ru", rating=4))
    [text] = written_files(root).values()
    assert "Author: Ион П.\n" in text and "Language: ru\n" in text and "Rating: 4\n" in text
    assert text.endswith("\n\nНашли неисправность за час и не изменили цену.\nСпасибо\\!\n")


@pytest.mark.parametrize(
    "change, refused",
    [
        ("words", "the words were changed after the page made the code: only the customer's own "
                  "words are published; ask them to send it again"),
        ("rating", "the rating was changed after the page made the code: the customer gave 3 of 5, "
                   "the message says 5"),
        ("name", 'the name was changed after the page made the code: "Ion the Great" is not the '
                 "name the customer chose; ask them to send it again"),
        ("job", "the code was made on the page of job D-2, the message names D-1: run it for D-2, "
                "or ask the customer"),
        ("no consent", 'the message has no consent line ("I agree: ..."): without the customer\'s '
                       "consent nothing is written"),
        ("consent", "the consent statement in the message is not the one the page shows (it was "
                    "changed): nothing is written without the customer's consent as they agreed to "
                    "it"),
        ("random", "no page made this code: it was typed or changed by hand, or comes from another "
                   "site"),
        ("no code", 'no testimonial code in the message: it ends with a line like "Testimonial '
                    'code: JOB/T1/en/C1/R5/NXXXXX/WXXXXX/XXXXX-XXXXX"'),
        ("unknown job", "the message names job X-9, which is not on this site"),
    ],
)  # fmt: skip
def test_each_change_to_the_message_is_refused_with_its_own_message(shop, change, refused):
    root, build, run = shop
    sent = {
        "words": lambda: message(build, words="Slow and expensive.", code_words=WORDS),
        "rating": lambda: message(build, rating=5, code_rating=3),
        "name": lambda: message(build, name="Ion the Great", code_name="Ion P."),
        "job": lambda: message(build, job="D-1", code_job="D-2"),
        "no consent": lambda: message(build, consent=False),
        "consent": lambda: message(build, consent="I agree to nothing at all."),
        "random": lambda: message(build).rsplit("/", 1)[0] + "/7K2Q9-XW3M4\n",
        "no code": lambda: message(build).rsplit("Testimonial code", 1)[0],
        "unknown job": lambda: message(build).replace("code: D-1/", "code: X-9/"),
    }[change]()
    result = run("testimonial", "add", sent, ok=False)
    assert result.returncode == 1
    assert " ".join(result.stderr.split()) == f"shopwindow: {refused}"
    assert written_files(root) == {}


def test_the_customers_withdrawal_takes_it_down_and_the_next_build_removes_it(shop):
    root, build, run = shop
    run("testimonial", "add", message(build))
    [name] = written_files(root)
    path = root / "content" / "testimonials" / name
    path.write_text(path.read_text().replace("Status: pending", "Status: approved", 1))
    build = build_site(root, env=DAY)
    assert (build.output / "testimonials" / "index.html").exists()

    key = fmt.answer_key(site_secret(build), "D-1", 1)
    code = fmt.withdrawal_code(key, "D-1")
    forged = run("testimonial", "withdraw", "Withdrawal code: D-1/W1/7K2Q9-XW3M4", ok=False)
    assert "no page of job D-1 made this withdrawal code" in forged.stderr
    assert "Status: approved" in path.read_text()
    taken = run("testimonial", "withdraw", f"Please take it down.\nWithdrawal code: D-1/W1/{code}")
    assert f"{name}: withdrawn; the next build removes every file of it" in taken.stdout
    assert "Status: withdrawn" in path.read_text()
    build = build_site(root, env=DAY)
    assert not (build.output / "testimonials").exists()
    assert b"They found the fault" not in b"".join(data for _, data in build.all_bytes())
    again = run("testimonial", "withdraw", f"Withdrawal code: D-1/W1/{code}")
    assert "withdrawn before; nothing written" in again.stdout


@pytest.mark.browser
def test_a_done_jobs_customer_writes_it_on_a_phone_and_the_wall_shows_it(tmp_path, browser):
    """At 390 px: the customer taps five stars, types their words, keeps the suggested name, ticks
    consent; the message read from the email link the page built goes to `testimonial add`; the
    marketer approves it; the wall shows it with its rating."""
    port = free_port()
    build = build_site(tmp_path, JOBS, {"SITEURL": f"http://127.0.0.1:{port}"}, env=DAY)
    run = shopwindow_command(build)
    with job_in_browser(
        browser, build, "D-1", port, viewport={"width": 390, "height": 844}
    ) as page:
        card = page.locator("#view .testimonial-card")
        card.scroll_into_view_if_needed()
        expect(card).to_be_visible()
        expect(card.locator("a[data-channel][href]")).to_have_count(0)
        card.get_by_label("5 stars").check()
        card.get_by_label("Your words").press_sequentially(
            "Found the fault in an hour.\nKept the price."
        )
        expect(card.locator(".testimonial-count")).to_have_text("43 of 1000 characters")
        expect(card.get_by_label("The name to show")).to_have_value("Ion P.")
        assert card.locator("a[data-channel][href]").count() == 0, "no message before consent"
        card.get_by_label("I agree to the statement above").check()
        expect(card.locator("a[data-channel=email][href]")).to_have_count(1)
        expect(card.locator(".testimonial-hint")).to_contain_text("Your testimonial is ready")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        mail = urlsplit(card.locator("a[data-channel=email]").get_attribute("href"))
        # "Take my testimonial down", opened as a person opens it: its link carries the code.
        card.get_by_text("Take my testimonial down").click()
        taking_down = card.locator("a[data-withdraw=email]")
        expect(taking_down).to_be_visible()
        withdrawal = parse_qs(urlsplit(taking_down.get_attribute("href")).query)["body"][0]
    body = parse_qs(mail.query)["body"][0]
    assert CONSENT["en"] in body and "Name to show: Ion P." in body
    added = run("testimonial", "add", body)
    assert "written as pending, from job D-1 (5 of 5)" in added.stdout
    [path] = (tmp_path / "content" / "testimonials").glob("*.md")
    path.write_text(path.read_text().replace("Status: pending", "Status: approved", 1))
    wall = build_site(tmp_path, settings={"SITEURL": f"http://127.0.0.1:{port}"}, env=DAY)
    html = wall.read("testimonials/index.html")
    assert "Found the fault in an hour." in html and "Ion P." in html
    assert 'aria-label="Rated 5 out of 5"' in html and ">Verified job</span>" in html
    taken = run("testimonial", "withdraw", withdrawal)
    assert f"{path.name}: withdrawn; the next build removes every file of it" in taken.stdout
    after = build_site(tmp_path, settings={"SITEURL": f"http://127.0.0.1:{port}"}, env=DAY)
    assert not (after.output / "testimonials").exists()
