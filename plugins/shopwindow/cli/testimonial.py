"""``shopwindow testimonial``: a testimonial a customer wrote on their done job's page, added as it
came (``add``), and their request to take it down (``withdraw``); each checked by its code first
(``testimonials.collect``), nothing written when it fails."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape

from .options import DAY, console, errors, json_option, load_settings, print_json, tr

MESSAGE_HELP = "the message as received (default: read from standard input)"


@click.group(
    help="testimonials customers write on their job's page (add one, or take it down), "
    "and the reviews the shop already has (import)"
)
def testimonial() -> None:
    pass


def _message(message: str | None) -> str:
    return sys.stdin.read() if message in (None, "-") else message


@testimonial.command(help="check the customer's message and write it as a pending testimonial "
                          "(the marketer approves it); MESSAGE: " + MESSAGE_HELP)  # fmt: skip
@click.argument("message", required=False)
@click.option("--on", "day", type=DAY, help="the day it was received (default: today)")
@click.option("--photo", type=click.Path(dir_okay=False, path_type=Path),
              help="a photo the customer attached, copied beside the testimonial")  # fmt: skip
@click.option("--video", type=click.Path(dir_okay=False, path_type=Path),
              help="a clip the customer attached (published upright, 720p at most, without "
                   "metadata), copied beside the testimonial")  # fmt: skip
@json_option("what was written")
def add(message, day, photo, video, as_json) -> int:
    from ..clock import today
    from ..sources import shown_path
    from ..testimonials.collect import add_written

    path, written, wrote = add_written(
        load_settings(), _message(message), day or today(), photo, video
    )
    if as_json:
        print_json({"file": str(path), "job": written.job, "author": written.name,
                    "rating": written.rating, "language": written.lang, "written": wrote})  # fmt: skip
    elif wrote:
        console.print(tr("%(file)s: written as pending, from job %(job)s (%(rating)s of 5); "
                         "set Status: approved once it may be published",
                         file=escape(shown_path(str(path))), job=written.job, rating=written.rating))  # fmt: skip
    else:
        console.print(tr("%(file)s: this testimonial was added before; nothing written",
                         file=escape(shown_path(str(path)))))  # fmt: skip
    return 0


@testimonial.command(help="check the customer's request to take their testimonial down and set it "
                          "to withdrawn (the next build removes its files); MESSAGE: "
                          + MESSAGE_HELP)  # fmt: skip
@click.argument("message", required=False)
def withdraw(message) -> int:
    from ..sources import shown_path
    from ..testimonials.collect import withdraw as take_down

    now, before = take_down(load_settings(), _message(message))
    for path in now:
        console.print(tr("%(file)s: withdrawn; the next build removes every file of it",
                         file=escape(shown_path(str(path)))))  # fmt: skip
    for path in before:
        console.print(
            tr("%(file)s: withdrawn before; nothing written", file=escape(shown_path(str(path))))
        )
    return 0


@testimonial.command(name="import", help="write one pending testimonial per row of a CSV file of "
                     "reviews the shop already has (columns author, rating, date, text; optional "
                     "service, source, language, title), each without Consent: none is published "
                     "until the customer's consent is recorded; rows imported before are skipped")  # fmt: skip
@click.argument("csv_file", metavar="FILE.csv", type=click.Path(dir_okay=False, path_type=Path))
@json_option("what was written, skipped and refused")
def import_csv(csv_file, as_json) -> int:
    from ..clock import today
    from ..sources import shown_path
    from ..testimonials.imported import import_reviews

    done = import_reviews(load_settings(), csv_file, today())
    if as_json:
        print_json({"written": [{"row": row, "file": str(path)} for row, path in done.written],
                    "skipped": done.skipped, "refused": done.problems,
                    "unread_columns": done.unread})  # fmt: skip
        return 1 if done.problems else 0
    for row, path in done.written:
        console.print(tr("row %(row)s: %(file)s written as pending, without Consent", row=row,
                         file=escape(shown_path(str(path)))), soft_wrap=True)  # fmt: skip
    for problem in done.problems:
        errors.print(escape(problem), soft_wrap=True)
    if done.unread:
        console.print(tr("columns not read: %(columns)s", columns=escape(", ".join(done.unread))))
    console.print(tr("%(written)s written, %(skipped)s imported before, %(refused)s refused; record "
                     "each customer's Consent before approving", written=len(done.written),
                     skipped=len(done.skipped), refused=len(done.problems)), soft_wrap=True)  # fmt: skip
    return 1 if done.problems else 0
