"""The ``shopwindow`` command: a convenience on top of Pelican, never a second build system.

Every command reads the site's settings (``--settings``, default ``pelicanconf.py``) and the same content
files the Pelican plugins read; pages are only ever rendered by the theme's templates.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from pathlib import Path

from pelican.settings import read_settings
from rich.console import Console
from rich.table import Table

from .settings import LANGUAGES, STAGE_SETS, SettingsError, shopwindow_settings
from .urls import site_url

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


def _settings(path: str) -> dict:
    if not Path(path).is_file():
        raise SystemExit(
            f"shopwindow: no settings file {path}; run it in the site's folder or give --settings"
        )
    settings = read_settings(path)
    shopwindow_settings(settings)  # checked once, with a message naming the key
    return settings


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a date like 2026-11-27') from None


def _minute(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text).replace(second=0, microsecond=0)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'"{text}" is not a time like "2026-11-21 10:30"'
        ) from None


# ---------------------------------------------------------------------- check
def cmd_check(args) -> int:
    from .check import run_check

    settings = _settings(args.settings)
    output = Path(args.output or settings["OUTPUT_PATH"])
    notes: list[str] = []
    problems = run_check(settings, output, notes)
    for note in notes:
        console.print(f"[yellow]note:[/yellow] {note} (not Shopwindow's image; harmless text)")
    for problem in problems:
        errors.print(f"[red]✗[/red] {problem}", soft_wrap=True)
    if problems:
        errors.print(f"shopwindow check: {len(problems)} problem(s)")
        return 1
    files = sum(1 for p in output.rglob("*") if p.is_file())
    console.print(f"shopwindow check: content rules and privacy scan passed ({files} output files)")
    return 0


# ---------------------------------------------------------------------- jobs
def job_link(settings: dict, job_id: str) -> dict:
    from .access.format import derive
    from .access.secret import load_secret
    from .jobs.model import read_job_header
    from .private.pages import job_pages

    header = read_job_header(settings, job_id)
    secret = load_secret(settings)
    keys = derive(secret, header.id, header.code_version)
    site = site_url(settings)
    root = shopwindow_settings(settings)["private_root"]
    # "url" opens the page without typing; it stays in the history of the device that opens it. On a
    # shared device the customer opens "address" and types the code.
    return {
        "job": header.id,
        "url": f"{site}/{root}/{keys.slug}/#{keys.code}",
        "address": f"{site}/{root}/{keys.slug}/",
        "code": keys.code_shown,
        "slug": keys.slug,
        "pages": [
            {"title": p["title"], "url": f"{site}/{p['url']}#{keys.code}"}
            for p in job_pages(settings, secret, header.id)
        ],
    }


def _print_link(link: dict, qr: bool, svg: str | None = None) -> None:
    import segno

    console.print(f"[bold]Job[/bold]   {link['job']}")
    console.print(f"[bold]Link[/bold]  {link['url']}", soft_wrap=True)
    console.print(f"[bold]Code[/bold]  {link['code']}")
    console.print(
        f"[bold]On a shared device[/bold]  {link['address']} and type the code "
        "(a link with the code stays in the history of the device that opens it)",
        soft_wrap=True,
    )
    for page in link["pages"]:
        console.print(f"[bold]Page[/bold]  {page['title']}: {page['url']}", soft_wrap=True)
    code = segno.make(link["url"], error="m")
    if svg:
        code.save(svg, kind="svg", scale=8, border=2)
        console.print(f"QR code written to {svg}")
    if qr:
        code.terminal(compact=True)


def cmd_job_link(args) -> int:
    from .jobs.staff import rotate_code

    settings = _settings(args.settings)
    if args.rotate:
        version = rotate_code(settings, args.id)
        errors.print(
            f"{args.id}: Code-Version is now {version}; the old code no longer opens the job"
        )
    link = job_link(settings, args.id)
    if args.json:
        if args.svg:
            import segno

            segno.make(link["url"], error="m").save(args.svg, kind="svg", scale=8, border=2)
        print(json.dumps(link, ensure_ascii=False))
        return 0
    _print_link(link, qr=not args.no_qr, svg=args.svg)
    return 0


def cmd_job_new(args) -> int:
    from .clock import today
    from .jobs.staff import new_job

    settings = _settings(args.settings)
    promised = args.promised or (today() + dt.timedelta(days=args.promise_days))
    path = new_job(
        settings,
        args.id,
        args.title,
        args.customer,
        promised,
        bay=args.bay,
        item=args.item,
        note=args.note or "",
        at=args.at,
        contact={
            "Email": args.email,
            "Phone": args.phone,
            "Language": args.language,
            "Notify": args.notify,
            "Referred-By": args.referred_by,
        },
    )
    link = job_link(settings, args.id)
    if args.json:
        print(json.dumps(link, ensure_ascii=False))
        return 0
    console.print(f"Wrote {path}")
    _print_link(link, qr=not args.no_qr)
    return 0


def cmd_job_update(args) -> int:
    from .jobs.staff import add_update

    settings = _settings(args.settings)
    section = add_update(
        settings,
        args.id,
        args.stage,
        note=args.note or "",
        bay=args.bay,
        tracking=args.tracking,
        carrier=args.carrier,
        estimate=args.estimate,
        photos=[Path(p) for p in args.photos],
        at=args.at,
        notify=args.notify,
    )
    if args.json:
        print(json.dumps({"job": args.id, "section": section}, ensure_ascii=False))
    else:
        console.print(section.rstrip(), soft_wrap=True, markup=False)
    return 0


def cmd_job_quote(args) -> int:
    from .jobs.staff import add_quote

    settings = _settings(args.settings)
    version, section = add_quote(settings, args.id, args.items, at=args.at)
    if args.json:
        print(
            json.dumps({"job": args.id, "version": version, "section": section}, ensure_ascii=False)
        )
    else:
        console.print(section.rstrip(), soft_wrap=True, markup=False)
        console.print(f"Quote version {version}: the job page asks the customer to answer it.")
    return 0


def cmd_job_answer(args) -> int:
    from .i18n import money
    from .jobs.staff import approved_and_declined, record_answer

    settings = _settings(args.settings)
    message = sys.stdin.read() if args.message in (None, "-") else args.message
    quote, answer, section = record_answer(settings, args.id, message, at=args.at)
    approved, declined = approved_and_declined(quote, answer.choices)
    total = quote.total(answer.choices)
    if args.json:
        print(json.dumps({
            "job": args.id, "quote_version": quote.version, "choices": answer.choices,
            "approved": approved, "declined": declined, "total": str(total),
            "recorded": section is not None,
        }, ensure_ascii=False))  # fmt: skip
        return 0
    if section is None:
        console.print(f"{args.id}: this answer to quote {quote.version} was recorded before; "
                      "nothing written")  # fmt: skip
        return 0
    console.print(section.rstrip(), soft_wrap=True, markup=False)
    console.print(f"Recorded: approved {len(approved)} of {len(quote.items)} items, total "
                  f"{money(total, '', 'en')}.")  # fmt: skip
    return 0


def cmd_job_done(args) -> int:
    from .jobs.staff import mark_done

    settings = _settings(args.settings)
    when = mark_done(settings, args.id, at=args.at)
    console.print(f"{args.id}: done at {when:%Y-%m-%d %H:%M}; the job page now asks for a review")
    return 0


def cmd_job_list(args) -> int:
    from .jobs.model import job_ids, load_job

    settings = _settings(args.settings)
    links = []
    for job_id in job_ids(settings):
        job = load_job(settings, job_id)
        if args.all or job.status == "active":
            links.append({**job_link(settings, job_id), "title": job.title, "status": job.status})
    if args.json:
        print(json.dumps(links, ensure_ascii=False))
        return 0
    for link in links:
        console.print(
            f"[bold]{link['job']}[/bold]  {link['title']} ({link['status']})  code {link['code']}"
        )
        console.print(f"    {link['url']}", soft_wrap=True)
    if not links:
        console.print("No active jobs.")
    return 0


def cmd_job_ticket(args) -> int:
    import segno

    from .atomic import private_folder, write_atomically
    from .jobs.model import load_job
    from .rendering import standalone
    from .site_folder import shopwindow_folder

    settings = _settings(args.settings)
    job = load_job(settings, args.id)
    link = job_link(settings, args.id)
    output = Path(args.output or shopwindow_folder(settings) / "tickets" / f"{job.id}.html")
    svg = segno.make(link["url"], error="m").svg_inline(scale=4, border=2)
    html = (
        standalone(settings)
        .get_template("shopwindow/ticket")
        .render(job=job, url=link["url"], address=link["address"], code=link["code"], qr_svg=svg)
    )
    if not args.output:
        private_folder(output.parent)  # the ticket holds the code: owner only
    write_atomically(output, html.encode("utf-8"), mode=0o600)
    console.print(f"Ticket written to {output} (A6; keep it private: it holds the code)")
    return 0


# ---------------------------------------------------------------------- messages and calls
def _all_jobs(settings: dict) -> list:
    from .jobs.model import load_jobs

    jobs, problems = load_jobs(settings)
    for problem in problems:
        errors.print(f"[yellow]![/yellow] {problem}", soft_wrap=True)
    return jobs


def cmd_followups(args) -> int:
    from .atomic import write_atomically
    from .clock import today
    from .messages.followups import calendar, open_calls

    settings = _settings(args.settings)
    sw = shopwindow_settings(settings)
    day = today()
    calls = open_calls(_all_jobs(settings), sw, day)
    due = [call for call in calls if call.due <= day]
    if args.ics:
        write_atomically(args.ics, calendar(calls, sw["business"]["name"], day), mode=0o600)
    if args.json:
        print(json.dumps([call.as_dict(day) for call in due], ensure_ascii=False))
        return 0
    if not due:
        console.print(f"No follow-up calls due on {day.isoformat()}.")
    else:
        table = Table(title=f"Follow-up calls due on {day.isoformat()} (staff only)")
        for column in ("due", "call", "customer", "phone", "job", "ask"):
            table.add_column(column)
        for call in due:
            late = (day - call.due).days
            when = call.due.isoformat() + (f" ({late} d overdue)" if late else "")
            table.add_row(
                when, call.id, call.customer, call.phone or "-", call.title, call.question
            )
        console.print(table)
        console.print('When a call is made: shopwindow followup done ID --note "what they said"')
    if args.ics:
        console.print(f"Calendar written to {args.ics} ({len(calls)} call(s), upcoming ones too)")
    return 0


def cmd_followup_done(args) -> int:
    from .clock import today
    from .jobs.model import load_job
    from .jobs.staff import StaffError, add_staff_note
    from .messages.followups import call_subject, open_calls

    settings = _settings(args.settings)
    job_id, _, key = args.id.partition("/")
    job = load_job(settings, job_id)
    calls = open_calls([job], shopwindow_settings(settings), today())
    if key:
        calls = [call for call in calls if call.key == key]
    if not calls:
        raise StaffError(
            f"{job.path}: no open follow-up call {args.id}"
            + ("" if key else " (the job is not handed back yet, or every call is made)")
        )
    call = calls[0]
    section = add_staff_note(settings, job_id, call_subject(call.key), args.note, at=args.at)
    if args.json:
        print(json.dumps({"job": job_id, "call": call.id, "section": section}, ensure_ascii=False))
    else:
        console.print(f"{call.id}: recorded in {job.path} (staff only, on no page)")
    return 0


def cmd_messages(args) -> int:
    from .messages.record import SentRecord, record_folder

    settings = _settings(args.settings)
    if args.record_folder:  # where the record lives (the publishing workflow commits it)
        folder = record_folder(settings).resolve()
        here = Path.cwd().resolve()
        print(folder.relative_to(here) if folder.is_relative_to(here) else folder)
        return 0
    record = SentRecord(record_folder(settings))
    rows = [
        {"job": job_id, **entry}
        for job_id in ([args.id] if args.id else record.job_ids())
        for entry in record.entries(job_id)
    ]
    rows.sort(key=lambda row: row["at"])
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not rows:
        console.print("No message sent yet" + (f" for {args.id}." if args.id else "."))
        return 0
    table = Table(title="Messages to customers")
    for column in ("when", "job", "message", "channel", "result"):
        table.add_column(column)
    for row in rows:
        result = "sent" if row["state"] == "sent" else f"[red]failed[/red]: {row.get('error', '')}"
        table.add_row(row["at"].replace("T", " "), row["job"], row.get("subject") or row["key"],
                      row["channel"], result)  # fmt: skip
    console.print(table)
    return 0


# ---------------------------------------------------------------------- watch
def cmd_watch(args) -> int:
    from .live.publish_command import check_command
    from .live.watcher import watch

    if args.publish:
        check_command(args.publish)  # before anything is built
    logging.getLogger("pelican.plugins.shopwindow").setLevel(logging.INFO)
    _settings(args.settings)
    return watch(args.settings, publish=args.publish, serve_at=args.serve)


# ---------------------------------------------------------------------- stats
def cmd_stats(args) -> int:
    from .stats import site_stats

    stats = site_stats(_settings(args.settings))
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=1))
        return 0
    table = Table(title="Testimonials")
    table.add_column("status")
    table.add_column("count", justify="right")
    for status, count in stats["testimonials"]["by_status"].items():
        table.add_row(status, str(count))
    console.print(table)
    ratings = stats["testimonials"]["ratings"]
    console.print(
        f"Ratings of public testimonials: {ratings['count']}, average {ratings['average']}"
    )
    promises = stats["promises"]
    console.print(
        f"Jobs done with a promised date: {promises['jobs']}; on or before the promise: "
        f"{promises['kept']} ({promises['kept_share']}); median days early(-)/late(+): {promises['median_days']}"
    )
    referrals = stats["referrals"]
    table = Table(title="New jobs and recommendations")
    for column in ("month", "new jobs", "recommended", "share"):
        table.add_column(column, justify="left" if column == "month" else "right")
    for row in referrals["months"]:
        table.add_row(row["month"], str(row["jobs"]), str(row["referred"]), row["referred_share"])
    table.add_row("all", str(referrals["jobs"]), str(referrals["referred"]),
                  referrals["referred_share"], style="bold")  # fmt: skip
    console.print(table)
    quotes = stats["quotes"]
    table = Table(title=f"Found work: {quotes['quotes']} quotes, {quotes['answered']} answered")
    for column in ("urgency", "items answered", "approved", "approval rate"):
        table.add_column(column, justify="left" if column == "urgency" else "right")
    for urgency, row in quotes["by_urgency"].items():
        table.add_row(urgency, str(row["items"]), str(row["approved"]), row["approval_rate"])
    table.add_row("all", str(quotes["items"]), str(quotes["approved"]), quotes["approval_rate"],
                  style="bold")  # fmt: skip
    console.print(table)
    return 0


# ---------------------------------------------------------------------- init
def cmd_init(args) -> int:
    from .scaffold import Answers, ask, init_site, parse_services

    given = {
        "name": args.name,
        "lang": args.lang,
        "stages": args.stages,
        "services": args.services,
    }
    if args.name and args.lang:
        answers = Answers(
            args.name, args.lang, args.stages or "workshop", parse_services(args.services or "")
        )
    elif sys.stdin.isatty():
        answers = ask(Path(args.dir).absolute(), given)
    else:
        raise SystemExit(
            "shopwindow init: give --name and --lang (or run it in a terminal to be asked)"
        )
    for line in init_site(Path(args.dir), answers):
        console.print(line, soft_wrap=True)
    return 0


# ---------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shopwindow", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--settings",
        default="pelicanconf.py",
        help="Pelican settings file (default: pelicanconf.py)",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser(
        "check", help="content rules and the privacy scan of the output; exits 1 on any problem"
    )
    check.add_argument(
        "output", nargs="?", help="output folder (default: the settings' OUTPUT_PATH)"
    )
    check.set_defaults(run=cmd_check)

    watcher = commands.add_parser(
        "watch", help="keep the site current: re-seal changed jobs, rebuild the rest"
    )
    watcher.add_argument(
        "--publish",
        metavar="CMD",
        help="a command to run after changes on a checked snapshot of the output, named {folder}"
        ' (e.g. "rsync -a --delete {folder}/ shop@host:/var/www/site/")',
    )
    watcher.add_argument(
        "--serve", metavar="HOST:PORT", help="also serve the output folder, e.g. 127.0.0.1:8000"
    )
    watcher.set_defaults(run=cmd_watch)

    stats = commands.add_parser("stats", help="testimonials by status, ratings, promises kept")
    stats.add_argument("--json", action="store_true", help="print the figures as JSON")
    stats.set_defaults(run=cmd_stats)

    init = commands.add_parser(
        "init", help="write a new shop's site into a new or empty folder (asks, in a terminal)"
    )
    init.add_argument("dir", help="the folder of the new site")
    init.add_argument("--name", help='the shop\'s name ("Bright Garage")')
    init.add_argument("--lang", choices=LANGUAGES, help="the site's and its customers' language")
    init.add_argument(
        "--stages", choices=list(STAGE_SETS), help="a job's stages (default: workshop)"
    )
    init.add_argument("--services", help='your services, separated by commas ("Brakes, Paint")')
    init.set_defaults(run=cmd_init)

    followups = commands.add_parser(
        "followups", help="the follow-up calls due today and overdue, with names and phones"
    )
    followups.add_argument(
        "--ics", metavar="FILE", help="also write the calls as an iCalendar file"
    )
    followups.add_argument("--json", action="store_true", help="print the due calls as JSON")
    followups.set_defaults(run=cmd_followups)

    followup = commands.add_parser("followup", help="record a follow-up call")
    followup_commands = followup.add_subparsers(dest="followup_command", required=True)
    followup_done = followup_commands.add_parser(
        "done", help="record a call in the job's log, as a staff-only note"
    )
    followup_done.add_argument(
        "id", help="the call (A-1042/day-1) or the job ID (its first open call)"
    )
    followup_done.add_argument("--note", required=True, help="what the customer said")
    followup_done.add_argument(
        "--at", type=_minute, help='time of the call (default: now), "2026-11-24 10:30"'
    )
    followup_done.add_argument("--json", action="store_true", help="print what was written as JSON")
    followup_done.set_defaults(run=cmd_followup_done)

    messages = commands.add_parser(
        "messages", help="what was sent to customers, when, by which channel, and what failed"
    )
    messages.add_argument("id", nargs="?", help="one job's messages")
    messages.add_argument("--json", action="store_true", help="print them as JSON")
    messages.add_argument(
        "--record-folder",
        action="store_true",
        help="print the folder of the record of messages sent (in the jobs folder), and nothing else",
    )
    messages.set_defaults(run=cmd_messages)

    job = commands.add_parser("job", help="open, update and close jobs; links, codes and tickets")
    jobs = job.add_subparsers(dest="job_command", required=True)

    new = jobs.add_parser(
        "new", help="open a job: writes JOBS_PATH/ID/job.md and prints its link and code"
    )
    new.add_argument("id", help="the job ID: letters, digits and dashes, no spaces or slashes")
    new.add_argument(
        "--title", required=True, help='what the job is, as the customer sees it ("Rear brakes")'
    )
    new.add_argument(
        "--customer", required=True, help="the customer's name (private, never published)"
    )
    when = new.add_mutually_exclusive_group(required=True)
    when.add_argument("--promised", type=_date, help="the promised date, 2026-11-27")
    when.add_argument("--promise-days", type=int, help="promised in N days from today")
    new.add_argument("--bay", help="the bay the job stands in from now on")
    new.add_argument(
        "--item", default="", help='the item handed over ("Dacia Logan 2017, CH AB 123")'
    )
    new.add_argument("--note", help="a note for the first log entry")
    new.add_argument("--email", help="the customer's email (private; for messages)")
    new.add_argument("--phone", help="the customer's phone (private; for messages and calls)")
    new.add_argument(
        "--language", help="the customer's language: their page and messages (en, ru, ro)"
    )
    new.add_argument(
        "--notify",
        metavar="CHANNELS",
        help='the channels the customer agreed to, "email, sms" (names in SHOPWINDOW_NOTIFY), or no',
    )
    new.add_argument(
        "--referred-by",
        metavar="CODE",
        help="the referral code the customer brought (from another customer's Recommend us link)",
    )
    new.add_argument(
        "--at", type=_minute, help='time of hand-over (default: now), "2026-11-21 10:30"'
    )
    new.add_argument(
        "--json",
        action="store_true",
        help='print {"job", "url", "address", "code", "slug", "pages"} as JSON',
    )
    new.add_argument("--no-qr", action="store_true", help="do not draw the QR code in the terminal")
    new.set_defaults(run=cmd_job_new)

    update = jobs.add_parser("update", help="append an update to the job's log, with photos")
    update.add_argument("id", help="the job ID")
    update.add_argument(
        "photos", nargs="*", metavar="PHOTO", help="photos and clips to add (each is checked first)"
    )
    update.add_argument("--stage", required=True, help="the stage now (key or label, e.g. paint)")
    update.add_argument("--note", help="what happened, for the customer")
    update.add_argument("--bay", help="the bay the job stands in from now on")
    update.add_argument("--tracking", help="a tracking number (linked through CARRIERS)")
    update.add_argument("--carrier", help="the carrier of the tracking number (a key of CARRIERS)")
    update.add_argument(
        "--estimate", type=_date, help="today's estimate of the ready date, 2026-11-26"
    )
    update.add_argument(
        "--at", type=_minute, help='time of the update (default: now), "2026-11-21 10:30"'
    )
    loudness = update.add_mutually_exclusive_group()
    loudness.add_argument(
        "--notify",
        dest="notify",
        action="store_const",
        const=True,
        help="send the customer a message for this update, whatever its stage",
    )
    loudness.add_argument(
        "--silent",
        dest="notify",
        action="store_const",
        const=False,
        help="send no message for this update, whatever its stage",
    )
    update.add_argument("--json", action="store_true", help='print {"job", "section"} as JSON')
    update.set_defaults(run=cmd_job_update)

    quote = jobs.add_parser(
        "quote", help="found work for the customer to approve or decline on the job page"
    )
    quote.add_argument("id", help="the job ID")
    quote.add_argument(
        "--item",
        dest="items",
        action="append",
        required=True,
        metavar='"NAME | PRICE | URGENCY | PHOTO | NOTE"',
        help="one item (urgency: urgent, advisable or info; photo and note may be left out); "
        "repeat for each; a new quote replaces the last",
    )
    quote.add_argument(
        "--at", type=_minute, help='time of the quote (default: now), "2026-11-21 10:30"'
    )
    quote.add_argument("--json", action="store_true", help='print {"job", "version", "section"}')
    quote.set_defaults(run=cmd_job_quote)

    answer = jobs.add_parser(
        "answer",
        help="check the customer's answer to a quote (the message they sent) and record it",
    )
    answer.add_argument("id", help="the job ID")
    answer.add_argument(
        "message", nargs="?", help="the message as received (default: read from standard input)"
    )
    answer.add_argument(
        "--at", type=_minute, help='time it was received (default: now), "2026-11-21 10:30"'
    )
    answer.add_argument("--json", action="store_true", help="print what was recorded as JSON")
    answer.set_defaults(run=cmd_job_answer)

    done = jobs.add_parser(
        "done", help="close the job: its page thanks the customer and asks for a review"
    )
    done.add_argument("id", help="the job ID")
    done.add_argument(
        "--at", type=_minute, help='time it was done (default: now), "2026-11-21 10:30"'
    )
    done.set_defaults(run=cmd_job_done)

    link = jobs.add_parser(
        "link", help="the job's link with its code, the code as XXXXX-XXXXX and a QR code"
    )
    link.add_argument("id", help="the job ID")
    link.add_argument(
        "--rotate", action="store_true", help="raise Code-Version: the old code stops working"
    )
    link.add_argument(
        "--json",
        action="store_true",
        help='print {"job", "url", "address", "code", "slug", "pages"} as JSON',
    )
    link.add_argument("--svg", metavar="FILE", help="also write the QR code as an SVG file")
    link.add_argument(
        "--no-qr", action="store_true", help="do not draw the QR code in the terminal"
    )
    link.set_defaults(run=cmd_job_link)

    listing = jobs.add_parser("list", help="links and codes of the active jobs")
    listing.add_argument("--all", action="store_true", help="done and cancelled jobs too")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    listing.set_defaults(run=cmd_job_list)

    ticket = jobs.add_parser("ticket", help="a printable A6 hand-over ticket with the QR code")
    ticket.add_argument("id", help="the job ID")
    ticket.add_argument(
        "--output", help="the HTML file to write (default: .shopwindow/tickets/ID.html)"
    )
    ticket.set_defaults(run=cmd_job_ticket)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    # Pelican's readers warn that docutils has no Russian or Romanian on every command; the command
    # reads Markdown headers, so that is noise here (a build still says it).
    logging.getLogger("pelican.readers").setLevel(logging.ERROR)
    parser = build_parser()
    # Photos may follow the options (job update ID --stage S PHOTO ...): argparse leaves them over.
    args, extra = parser.parse_known_args(argv)
    if (
        extra
        and getattr(args, "photos", None) is not None
        and not any(e.startswith("-") for e in extra)
    ):
        args.photos = [*args.photos, *extra]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    from .access.secret import SecretError
    from .clock import ClockError
    from .extras import MissingExtraError
    from .jobs.model import JobIdError
    from .jobs.staff import StaffError
    from .live.publish_command import PublishCommandError
    from .scaffold import InitError
    from .sources import ContentError

    try:
        return args.run(args)
    except (
        SettingsError,
        ContentError,
        JobIdError,
        SecretError,
        StaffError,
        InitError,
        ClockError,
        MissingExtraError,
        PublishCommandError,
    ) as error:
        errors.print(f"shopwindow: {error}", soft_wrap=True)
        return 2


if __name__ == "__main__":
    sys.exit(main())
