"""``shopwindow job``: open, update and close jobs; found work and the customer's answer; links, codes
and tickets. Each command is a thin layer over ``jobs.staff``, which writes ``job.md`` under its lock."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.markup import escape

from ..handover import job_link
from ..settings import LANGUAGES, shopwindow_settings
from ..urls import NoPublicAddress, customer_url
from .options import (
    DAY,
    at_option,
    console,
    errors,
    force_option,
    job_id_argument,
    json_option,
    load_settings,
    print_json,
    tr,
)  # fmt: skip

LINK_JSON = '{"job", "url", "address", "code", "slug", "pages", "public"}'


@click.group(help="open, update and close jobs; links, codes and tickets")
def job() -> None:
    pass


def _no_link(job_id: str, problem: NoPublicAddress) -> dict:
    """What ``job new`` gives without a public address: the job, and nothing to hand a customer."""
    errors.print(
        "shopwindow: "
        + tr("%(job)s: no link or code printed: %(why)s", job=job_id, why=escape(str(problem))),
        soft_wrap=True,
    )
    return {"job": job_id, "url": None, "address": None, "code": None, "slug": None, "pages": [],
            "public": False}  # fmt: skip


def _qr(url: str):
    import segno

    return segno.make(url, error="m")


def _print_link(link: dict, qr: bool, svg: str | None = None) -> None:
    labels = {"job": tr("Job"), "link": tr("Link"), "code": tr("Code"), "page": tr("Page"),
              "shared": tr("On a shared device")}  # fmt: skip
    console.print(f"[bold]{labels['job']}[/bold]   {link['job']}")
    console.print(f"[bold]{labels['link']}[/bold]  {link['url']}", soft_wrap=True)
    console.print(f"[bold]{labels['code']}[/bold]  {link['code']}")
    shared = tr(
        "%(address)s and type the code (a link with the code stays in the history of the device "
        "that opens it)",
        address=link["address"],
    )
    console.print(f"[bold]{labels['shared']}[/bold]  {shared}", soft_wrap=True)
    for page in link["pages"]:
        console.print(
            f"[bold]{labels['page']}[/bold]  {escape(page['title'])}: {page['url']}", soft_wrap=True
        )
    code = _qr(link["url"])
    if svg:
        code.save(svg, kind="svg", scale=8, border=2)
        console.print(tr("QR code written to %(file)s", file=escape(svg)))
    if qr:
        code.terminal(compact=True)


no_qr_option = click.option("--no-qr", is_flag=True, help="do not draw the QR code in the terminal")
local_option = click.option(
    "--local", is_flag=True,
    help="this machine's link (http://127.0.0.1:PORT), for a test: never hand it to a customer",
)  # fmt: skip


@job.command(help="open a job: writes jobs_path/ID/job.md and prints its link and code")
@click.argument("job_id", metavar="ID")
@click.option(
    "--title", required=True, help='what the job is, as the customer sees it ("Rear brakes")'
)
@click.option("--customer", required=True, help="the customer's name (private, never published)")
@click.option("--promised", type=DAY, help="the promised date, 2026-11-27")
@click.option("--promise-days", type=int, help="promised in N days from today")
@click.option("--bay", help="the bay the job stands in from now on")
@click.option("--item", default="", help='the item handed over ("Dacia Logan 2017, CH AB 123")')
@click.option("--note", default="", help="a note for the first log entry")
@click.option("--email", help="the customer's email (private; for messages)")
@click.option("--phone", help="the customer's phone (private; for messages and calls)")
@click.option(
    "--language", help=f"the customer's language: their page and messages ({', '.join(LANGUAGES)})"
)
@click.option(
    "--notify",
    metavar="CHANNELS",
    help='the channels the customer agreed to, "email, sms" (names in SHOPWINDOW_NOTIFY), or no',
)
@click.option(
    "--referred-by",
    metavar="CODE",
    help="the referral code the customer brought (from another customer's Recommend us link)",
)
@at_option("hand-over")
@click.option(
    "--force", is_flag=True,
    help="accept an --at in the future or a --promised before the hand-over (a job opened late)",
)  # fmt: skip
@json_option(LINK_JSON)
@no_qr_option
@local_option
def new(job_id, title, customer, promised, promise_days, bay, item, note, email, phone, language,
        notify, referred_by, at, force, as_json, no_qr, local) -> int:  # fmt: skip
    from ..clock import today
    from ..jobs.staff import new_job

    if (promised is None) == (promise_days is None):
        raise click.UsageError("give one of --promised and --promise-days")
    settings = load_settings()
    promised = promised or (today() + dt.timedelta(days=promise_days))
    contact = {"Email": email, "Phone": phone, "Language": language, "Notify": notify,
               "Referred-By": referred_by}  # fmt: skip
    path = new_job(settings, job_id, title, customer, promised, bay=bay, item=item, note=note,
                   at=at, contact=contact, force=force)  # fmt: skip
    try:
        link = job_link(settings, job_id, local)
    except NoPublicAddress as problem:
        if not as_json:
            console.print(tr("Wrote %(file)s", file=escape(str(path))))
        link = _no_link(job_id, problem)
        if as_json:
            print_json(link)
        return 0
    if as_json:
        print_json(link)
        return 0
    console.print(tr("Wrote %(file)s", file=escape(str(path))))
    _print_link(link, qr=not no_qr)
    return 0


@job.command(help="append an update to the job's log, with photos")
@job_id_argument()
@click.argument("photos", nargs=-1, metavar="[PHOTO]...", type=click.Path(path_type=Path))
@click.option("--stage", required=True, help="the stage now (key or label, e.g. paint)")
@click.option("--note", default="", help="what happened, for the customer")
@click.option("--bay", help="the bay the job stands in from now on")
@click.option("--tracking", help="a tracking number (linked through the carriers setting)")
@click.option("--carrier", help="the carrier of the tracking number (a key of carriers)")
@click.option("--estimate", type=DAY, help="today's estimate of the ready date, 2026-11-26")
@at_option("the update")
@force_option()
@click.option(
    "--notify/--silent",
    default=None,
    help="send the customer a message for this update, or none, whatever its stage",
)
@json_option('{"job", "section"}')
def update(
    job_id, photos, stage, note, bay, tracking, carrier, estimate, at, force, notify, as_json
) -> int:
    from ..jobs.staff import add_update

    section = add_update(load_settings(), job_id, stage, note=note, bay=bay, tracking=tracking,
                         carrier=carrier, estimate=estimate, photos=list(photos), at=at,
                         notify=notify, force=force)  # fmt: skip
    if as_json:
        print_json({"job": job_id, "section": section})
    else:
        console.print(section.rstrip(), soft_wrap=True, markup=False)
    return 0


@job.command(help="found work for the customer to approve or decline on the job page")
@job_id_argument()
@click.option("--item", "items", multiple=True, required=True,
              metavar='"NAME | PRICE | URGENCY | PHOTO | NOTE"',
              help="one item (urgency: urgent, advisable or info; photo and note may be left out); "
                   "repeat for each; a new quote replaces the last")  # fmt: skip
@at_option("the quote")
@force_option()
@json_option('{"job", "version", "section"}')
def quote(job_id, items, at, force, as_json) -> int:
    from ..jobs.staff import add_quote

    version, section = add_quote(load_settings(), job_id, list(items), at=at, force=force)
    if as_json:
        print_json({"job": job_id, "version": version, "section": section})
    else:
        console.print(section.rstrip(), soft_wrap=True, markup=False)
        console.print(
            tr("Quote version %(version)s: the job page asks the customer to answer it.",
               version=version)
        )  # fmt: skip
    return 0


@job.command(
    help="check the customer's answer to a quote and record it; MESSAGE is the message as received "
    "(default: read from standard input)"
)
@job_id_argument()
@click.argument("message", required=False)
@at_option("its receipt")
@force_option()
@json_option("what was recorded")
def answer(job_id, message, at, force, as_json) -> int:
    from ..i18n import money
    from ..jobs.staff import approved_and_declined, record_answer

    message = sys.stdin.read() if message in (None, "-") else message
    settings = load_settings()
    quote, answer, section = record_answer(settings, job_id, message, at=at, force=force)
    approved, declined = approved_and_declined(quote, answer.choices)
    total = quote.total(answer.choices)
    if as_json:
        print_json({
            "job": job_id, "quote_version": quote.version, "choices": answer.choices,
            "approved": approved, "declined": declined, "total": str(total),
            "recorded": section is not None,
        })  # fmt: skip
    elif section is None:
        console.print(tr("%(job)s: this answer to quote %(version)s was recorded before; "
                         "nothing written", job=job_id, version=quote.version))  # fmt: skip
    else:
        console.print(section.rstrip(), soft_wrap=True, markup=False)
        console.print(tr("Recorded: approved %(approved)s of %(items)s items, total %(total)s.",
                         approved=len(approved), items=len(quote.items),
                         total=money(total, "", shopwindow_settings(settings).lang)))  # fmt: skip
    return 0


@job.command(help="close the job: its page thanks the customer and asks for a review")
@job_id_argument()
@at_option("completion")
@force_option()
def done(job_id, at, force) -> int:
    from ..jobs.staff import mark_done

    when = mark_done(load_settings(), job_id, at=at, force=force)
    console.print(
        tr("%(job)s: done at %(when)s; the job page now asks for a review", job=job_id,
           when=when.strftime("%Y-%m-%d %H:%M"))
    )  # fmt: skip
    return 0


@job.command(
    help="the job's link with its code, the code as the customer types it (two groups of five, "
    "e.g. 85M6S-QC8KB) and a QR code"
)
@job_id_argument()
@click.option("--rotate", is_flag=True, help="raise Code-Version: the old code stops working")
@json_option(LINK_JSON)
@click.option("--svg", metavar="FILE", help="also write the QR code as an SVG file")
@no_qr_option
@local_option
def link(job_id, rotate, as_json, svg, no_qr, local) -> int:
    from ..jobs.staff import rotate_code

    settings = load_settings()
    customer_url(settings, local)  # no public address: refused before a code is rotated
    if rotate:
        version = rotate_code(settings, job_id)
        errors.print(
            tr("%(job)s: Code-Version is now %(version)s; the old code no longer opens the job",
               job=job_id, version=version)
        )  # fmt: skip
    found = job_link(settings, job_id, local)
    if as_json:
        if svg:
            _qr(found["url"]).save(svg, kind="svg", scale=8, border=2)
        print_json(found)
        return 0
    _print_link(found, qr=not no_qr, svg=svg)
    return 0


@job.command("list", help="links and codes of the active jobs")
@click.option("--all", "everything", is_flag=True, help="done and cancelled jobs too")
@json_option("a list")
@local_option
def list_jobs(everything, as_json, local) -> int:
    from ..jobs.model import job_ids, load_job

    settings = load_settings()
    customer_url(settings, local, "the jobs' links")
    links = []
    for job_id in job_ids(settings):
        found = load_job(settings, job_id)
        if everything or found.status == "active":
            links.append(
                {**job_link(settings, job_id, local), "title": found.title, "status": found.status}
            )
    if as_json:
        print_json(links)
        return 0
    statuses = {"active": tr("active"), "done": tr("done"), "cancelled": tr("cancelled")}
    code = tr("code")
    for row in links:
        title, status = escape(row["title"]), statuses.get(row["status"], row["status"])
        console.print(f"[bold]{row['job']}[/bold]  {title} ({status})  {code} {row['code']}")
        console.print(f"    {row['url']}", soft_wrap=True)
    if not links:
        console.print(tr("No active jobs."))
    return 0


@job.command(help="a printable A6 hand-over ticket with the QR code")
@job_id_argument()
@click.option("--output", help="the HTML file to write (default: .shopwindow/tickets/ID.html)")
@local_option
def ticket(job_id, output, local) -> int:
    from ..atomic import private_folder, write_atomically
    from ..jobs.model import load_job
    from ..rendering import standalone
    from ..site_folder import shopwindow_folder

    settings = load_settings()
    customer_url(settings, local, "the ticket's QR code")
    found = load_job(settings, job_id)
    link = job_link(settings, job_id, local)
    path = Path(output or shopwindow_folder(settings) / "tickets" / f"{found.id}.html")
    svg = _qr(link["url"]).svg_inline(scale=4, border=2)
    html = (
        standalone(settings)
        .get_template("shopwindow/ticket")
        .render(
            job=found,
            url=link["url"],
            address=link["address"],
            code=link["code"],
            qr_svg=svg,
            local=local,
        )
    )
    if not output:
        private_folder(path.parent)  # the ticket holds the code: owner only
    write_atomically(path, html.encode("utf-8"), mode=0o600)
    console.print(
        tr("Ticket written to %(file)s (A6; keep it private: it holds the code)",
           file=escape(str(path)))
    )  # fmt: skip
    return 0
