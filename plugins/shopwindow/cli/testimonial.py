"""``shopwindow testimonial``: a testimonial a customer wrote on their done job's page, added as it
came (``add``), and their request to take it down (``withdraw``); each checked by its code first
(``testimonials.collect``), nothing written when it fails."""

from __future__ import annotations

import sys

import click
from rich.markup import escape

from .options import DAY, console, json_option, load_settings, print_json, tr

MESSAGE_HELP = "the message as received (default: read from standard input)"


@click.group(help="testimonials customers write on their job's page: add one, or take it down")
def testimonial() -> None:
    pass


def _message(message: str | None) -> str:
    return sys.stdin.read() if message in (None, "-") else message


@testimonial.command(help="check the customer's message and write it as a pending testimonial "
                          "(the marketer approves it); MESSAGE: " + MESSAGE_HELP)  # fmt: skip
@click.argument("message", required=False)
@click.option("--on", "day", type=DAY, help="the day it was received (default: today)")
@json_option("what was written")
def add(message, day, as_json) -> int:
    from ..clock import today
    from ..testimonials.collect import add_written

    path, written, wrote = add_written(load_settings(), _message(message), day or today())
    if as_json:
        print_json({"file": str(path), "job": written.job, "author": written.name,
                    "rating": written.rating, "language": written.lang, "written": wrote})  # fmt: skip
    elif wrote:
        console.print(tr("%(file)s: written as pending, from job %(job)s (%(rating)s of 5); "
                         "set Status: approved once it may be published",
                         file=escape(str(path)), job=written.job, rating=written.rating))  # fmt: skip
    else:
        console.print(tr("%(file)s: this testimonial was added before; nothing written",
                         file=escape(str(path))))  # fmt: skip
    return 0


@testimonial.command(help="check the customer's request to take their testimonial down and set it "
                          "to withdrawn (the next build removes its files); MESSAGE: "
                          + MESSAGE_HELP)  # fmt: skip
@click.argument("message", required=False)
def withdraw(message) -> int:
    from ..testimonials.collect import withdraw as take_down

    now, before = take_down(load_settings(), _message(message))
    for path in now:
        console.print(tr("%(file)s: withdrawn; the next build removes every file of it",
                         file=escape(str(path))))  # fmt: skip
    for path in before:
        console.print(tr("%(file)s: withdrawn before; nothing written", file=escape(str(path))))
    return 0
