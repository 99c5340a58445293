"""The site's own commands: ``check`` (content rules and the privacy scan of the output), ``stats``,
``watch`` (live mode) and ``init`` (a new shop's site)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from ..settings import LANGUAGES, STAGE_SETS
from .options import console, errors, json_option, load_settings, print_json, tr


@click.command(help="content rules and the privacy scan of the output; exits 1 on any problem; "
                    "OUTPUT is the output folder (default: the settings' OUTPUT_PATH)")  # fmt: skip
@click.argument("output", required=False)
def check(output) -> int:
    from ..check import run_check

    settings = load_settings()
    folder = Path(output or settings["OUTPUT_PATH"])
    notes: list[str] = []
    problems = run_check(settings, folder, notes)
    for note in notes:
        console.print(
            "[yellow]"
            + tr("note:")
            + f"[/yellow] {escape(note)} "
            + tr("(not Shopwindow's image; harmless text)")
        )
    for problem in problems:
        errors.print(f"[red]✗[/red] {escape(problem)}", soft_wrap=True)
    if problems:
        errors.print("shopwindow check: " + tr("%(count)s problem(s)", count=len(problems)))
        return 1
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    console.print(
        "shopwindow check: "
        + tr("content rules and privacy scan passed (%(files)s output files)", files=files)
    )
    return 0


@click.command(help="keep the site current: re-seal changed jobs, rebuild the rest")
@click.option("--publish", metavar="CMD",
              help="a command to run after changes on a checked snapshot of the output, named {folder}"
                   ' (e.g. "rsync -a --delete {folder}/ shop@host:/var/www/site/")')  # fmt: skip
@click.option(
    "--serve", metavar="HOST:PORT", help="also serve the output folder, e.g. 127.0.0.1:8000"
)
@click.option(
    "--staff", metavar="HOST:PORT",
    help="also serve the staff page (see `shopwindow staff serve`), e.g. 192.168.1.20:8765",
)  # fmt: skip
@click.option("--staff-cert", type=click.Path(exists=True, dir_okay=False),
              help="the staff page's TLS certificate (PEM)")  # fmt: skip
@click.option("--staff-key", type=click.Path(exists=True, dir_okay=False),
              help="its private key (PEM)")  # fmt: skip
def watch(publish, serve, staff, staff_cert, staff_key) -> int:
    from ..live.publish_command import check_command
    from ..live.watcher import watch as watch_site
    from .staff import checked_address

    if publish:
        check_command(publish)  # before anything is built
    if bool(staff_cert) != bool(staff_key) or (staff_cert and not staff):
        raise click.UsageError("give --staff-cert and --staff-key together, with --staff")
    if staff:
        checked_address(staff, "--staff", staff_cert)
    logging.getLogger("pelican.plugins.shopwindow").setLevel(logging.INFO)
    load_settings()
    path = click.get_current_context().find_root().params["settings"]
    return watch_site(path, publish=publish, serve_at=serve, staff_at=staff,
                      staff_tls=(staff_cert, staff_key))  # fmt: skip


def _table(title: str, columns: tuple[str, ...], rows: list[tuple], total: tuple) -> Table:
    table = Table(title=title)
    for number, column in enumerate(columns):
        table.add_column(column, justify="left" if number == 0 else "right")
    for row in rows:
        table.add_row(*map(str, row))
    table.add_row(*map(str, total), style="bold")
    return table


@click.command(
    help="testimonials by status and as received (per month, share of done jobs, by "
    "source), ratings, promises kept, referrals and found work"
)
@json_option("the figures")
def stats(as_json) -> int:
    from ..stats import site_stats

    figures = site_stats(load_settings())
    if as_json:
        print_json(figures, indent=1)
        return 0
    words = {  # the statuses and urgencies as the tables show them
        "draft": tr("draft"), "pending": tr("pending"), "approved": tr("approved"),
        "rejected": tr("rejected"), "withdrawn": tr("withdrawn"), "with errors": tr("with errors"),
        "urgent": tr("urgent"), "advisable": tr("advisable"), "info": tr("info"),
        "not given": tr("not given"),
    }  # fmt: skip
    table = Table(title=tr("Testimonials"))
    table.add_column(tr("status"))
    table.add_column(tr("count"), justify="right")
    for status, count in figures["testimonials"]["by_status"].items():
        table.add_row(words.get(status, status), str(count))
    console.print(table)
    got = figures["testimonials"]["received"]
    everything = tr("all")
    console.print(_table(
        tr("Testimonials received"),
        (tr("month"), tr("received"), tr("jobs done"), tr("with a testimonial"), tr("share")),
        [(m["month"], m["received"], m["done_jobs"], m["with_testimonial"], m["share"])
         for m in got["months"]],
        (everything, got["received"], got["done_jobs"], got["done_jobs_with_testimonial"],
         got["share"]),
    ))  # fmt: skip
    console.print(_table(
        tr("Testimonials by source"), (tr("source"), tr("count")),
        [(words.get(source, source), count) for source, count in got["by_source"].items()],
        (everything, got["received"]),
    ))  # fmt: skip
    ratings = figures["testimonials"]["ratings"]
    console.print(
        tr("Ratings of public testimonials: %(count)s, average %(average)s",
           count=ratings["count"], average=ratings["average"])
        if ratings["count"]
        else tr("Ratings of public testimonials: none yet")
    )  # fmt: skip
    promises = figures["promises"]
    console.print(
        tr("Jobs done with a promised date: %(jobs)s; on or before the promise: %(kept)s "
           "(%(share)s); median days early(-)/late(+): %(median)s", jobs=promises["jobs"],
           kept=promises["kept"], share=promises["kept_share"], median=promises["median_days"])
        if promises["jobs"]
        else tr("Jobs done with a promised date: none yet")
    )  # fmt: skip
    referrals = figures["referrals"]
    console.print(_table(
        tr("New jobs and recommendations"),
        (tr("month"), tr("new jobs"), tr("recommended"), tr("share")),
        [(r["month"], r["jobs"], r["referred"], r["referred_share"]) for r in referrals["months"]],
        (everything, referrals["jobs"], referrals["referred"], referrals["referred_share"]),
    ))  # fmt: skip
    quotes = figures["quotes"]
    console.print(_table(
        tr("Found work: %(quotes)s quotes, %(answered)s answered", quotes=quotes["quotes"],
           answered=quotes["answered"]),
        (tr("urgency"), tr("items answered"), tr("approved"), tr("approval rate")),
        [(words.get(u, u), r["items"], r["approved"], r["approval_rate"])
         for u, r in quotes["by_urgency"].items()],
        (everything, quotes["items"], quotes["approved"], quotes["approval_rate"]),
    ))  # fmt: skip
    return 0


@click.command(help="write a new shop's site into a new or empty folder DIR (asks, in a terminal)")
@click.argument("folder", metavar="DIR")
@click.option("--name", help='the shop\'s name ("Bright Garage")')
@click.option("--lang", type=click.Choice(LANGUAGES), help="the site's and its customers' language")
@click.option(
    "--stages", type=click.Choice(list(STAGE_SETS)), help="a job's stages (default: workshop)"
)
@click.option("--services", help='your services, separated by commas ("Brakes, Paint")')
@click.option("--url", help="the site's public address, where customers open it (https://...)")
@click.option("--phone", help="the shop's phone, as customers dial it")
@click.option("--email", help="the shop's email")
@click.option("--address", help="the shop's street address")
@click.option("--currency", help='the currency of quoted prices, an ISO code ("MDL")')
def init(folder, name, lang, stages, services, url, phone, email, address, currency) -> int:
    from ..scaffold import Answers, ask, init_site, parse_services

    contact = {"url": url, "phone": phone, "email": email, "address": address,
               "currency": currency}  # fmt: skip
    if name and lang:
        given = {key: value or "" for key, value in contact.items()}
        answers = Answers(name, lang, stages or "workshop", parse_services(services or ""), **given)
    elif sys.stdin.isatty():
        given = {"name": name, "lang": lang, "stages": stages, "services": services, **contact}
        answers = ask(Path(folder).absolute(), given)
    else:
        raise SystemExit(
            "shopwindow init: give --name and --lang (or run it in a terminal to be asked)"
        )
    for line in init_site(Path(folder), answers):
        console.print(line, soft_wrap=True)
    return 0
