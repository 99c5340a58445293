"""`shopwindow testimonial add` and `withdraw`: a testimonial a customer wrote on their done job's page,
checked by its code and added pending; every way the message can be wrong refused with its own message
and nothing written; the customer's withdrawal takes it down.

The messages are written here as the job page writes them (the answer key is what the sealed view of a
done job gives its customer); the page's card comes with the browser test of issue 27's first point."""

from __future__ import annotations

import json
import re
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
    assert text.endswith("\n\nНашли неисправность за час и не изменили цену.\nСпасибо!\n")


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
    marketer approves it; the wall shows it with its badge, its rating and, on this Romanian site
    where the customer's page (and so their words) is in English, its lang."""
    port = free_port()
    site = {"SITEURL": f"http://127.0.0.1:{port}", "DEFAULT_LANG": "ro"}
    jobs = {
        name: text.replace("Service:", "Language: en\nService:", 1) for name, text in JOBS.items()
    }
    build = build_site(tmp_path, jobs, site, env=DAY)
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
    added = run("testimonial", "add", body)  # the staff's command speaks the site's language
    assert "ion-p-d-1.md: scrisă în așteptare, din lucrarea D-1 (5 din 5)" in added.stdout
    [path] = (tmp_path / "content" / "testimonials").glob("*.md")
    path.write_text(path.read_text().replace("Status: pending", "Status: approved", 1))
    wall = build_site(tmp_path, settings=site, env=DAY)
    html = wall.read("testimonials/index.html")
    assert '<html lang="ro">' in html
    assert '<blockquote class="quote" lang="en"><p>Found the fault in an hour.' in html
    assert "Ion P." in html and 'aria-label="Notă: 5 din 5"' in html
    assert ">Scrisă pe pagina lucrării</span>" in html and "Language: en\n" in path.read_text()
    taken = run("testimonial", "withdraw", withdrawal)
    assert f"{path.name}: " in taken.stdout
    after = build_site(tmp_path, settings=site, env=DAY)
    assert not (after.output / "testimonials").exists()


def badges(html: str) -> list[str]:
    return re.findall(r'<span class="badge[^"]*"[^>]*>([^<]+)</span>', html.split("<main", 1)[-1])


def approve(path) -> None:
    path.write_text(path.read_text().replace("Status: pending", "Status: approved", 1))


def test_the_badge_says_what_was_verified_and_no_more(shop):
    """ "Written on the job's page" while the code matches what the file says; a word changed since
    (even a typo fixed), and it is "Verified job" with a line saying why; a Job that is no job of the
    site shows no badge. The wall links the note that explains them."""
    root, build, run = shop
    words = "Paragraph one: *bold* <b>tags</b> [a](link)\n\n1. Not a list\n- nor this & that."
    run("testimonial", "add", message(build, words=words))
    [path] = (root / "content" / "testimonials").glob("*.md")
    approve(path)
    built = build_site(root, env=DAY)
    wall = built.read("testimonials/index.html")
    assert badges(wall) == ["Written on the job's page"]
    assert "<p>1. Not a list\n- nor this &amp; that.</p>" in wall, "shown as typed"
    assert badges(built.read(f"testimonials/{path.stem}/index.html")) == [
        "Written on the job's page"
    ]
    note = built.read("testimonials/how-we-verify/index.html")
    assert 'href="/testimonials/how-we-verify/">How we verify testimonials</a>' in wall
    assert "only that page can make; we checked it" in note
    data = json.loads(built.read("testimonials/testimonials.json"))["testimonials"]
    assert [(t["verified"], t["verified_job"]) for t in data] == [("job page", True)]

    path.write_text(path.read_text().replace("Paragraph one", "Paragraph 1"))
    changed = build_site(root, env=DAY)
    assert badges(changed.read("testimonials/index.html")) == ["Verified job"]
    assert (
        f"content/testimonials/{path.name}: Testimonial-Code does not match its words, rating, "
        'name or language (changed since the customer sent it?): shown as "Verified job", not '
        '"Written on the job\'s page"' in changed.log
    )

    path.write_text(path.read_text().replace("Job: D-1", "Job: D-404"))
    unknown = build_site(root, env=DAY)
    assert badges(unknown.read("testimonials/index.html")) == []
    assert (
        f'content/testimonials/{path.name}: Job "D-404" is not a job of this site: shown without '
        '"Verified job"' in unknown.log
    )


def test_a_testimonial_claiming_the_job_page_by_hand_gets_no_more_than_verified_job(shop):
    root, _, _ = shop
    (root / "content" / "testimonials").mkdir()
    (root / "content" / "testimonials" / "typed.md").write_text(
        "Author: Ion P.\nStatus: approved\nConsent: 2026-11-25\nRating: 5\nJob: D-2\n"
        "Source: job page\nLanguage: en\nTestimonial-Code: D-2/T1/en/C1/R5/N7K2QW/WD3F9A/85M6S-QC8KB\n"
        "\nBest garage in town.\n"
    )
    built = build_site(root, env=DAY)
    assert badges(built.read("testimonials/index.html")) == ["Verified job"]
    assert "content/testimonials/typed.md: Testimonial-Code does not match" in built.log


def test_stats_count_what_was_received_per_month_from_how_many_done_jobs_and_by_source(shop):
    root, build, run = shop
    run("testimonial", "add", message(build), "--on", "2026-11-25")
    (root / "reviews.csv").write_text(
        "author,rating,date,text,source\nAna,5,2025-03-05,Bine,google\nOleg,4,2025-04-01,Хорошо,google\n"
    )
    run("testimonial", "import", "reviews.csv")
    (root / "content" / "testimonials" / "typed.md").write_text(
        "Author: Tom\nStatus: draft\n\nSaid at the counter.\n"
    )
    figures = json.loads(run("stats", "--json").stdout)["testimonials"]["received"]
    assert figures == {
        "received": 4,
        "done_jobs": 2,
        "done_jobs_with_testimonial": 1,
        "share": "50%",
        "months": [
            {
                "month": "2025-03",
                "received": 1,
                "done_jobs": 0,
                "with_testimonial": 0,
                "share": "n/a",
            },
            {
                "month": "2025-04",
                "received": 1,
                "done_jobs": 0,
                "with_testimonial": 0,
                "share": "n/a",
            },
            {
                "month": "2026-11",
                "received": 1,
                "done_jobs": 2,
                "with_testimonial": 1,
                "share": "50%",
            },
        ],
        "by_source": {"google": 2, "job page": 1, "not given": 1},
    }
    table = run("stats").stdout
    rows = [line.split() for line in table.splitlines() if line.startswith("│")]
    assert ["│", "2026-11", "│", "1", "│", "2", "│", "1", "│", "50%", "│"] in rows
    assert ["│", "all", "│", "4", "│", "2", "│", "1", "│", "50%", "│"] in rows
    assert ["│", "job", "page", "│", "1", "│"] in rows
