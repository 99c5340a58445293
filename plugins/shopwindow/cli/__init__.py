"""The ``shopwindow`` command: a convenience on top of Pelican, never a second build system.

Every command reads the site's settings (``--settings``, default ``pelicanconf.py``) and the same content
files the Pelican plugins read; pages are only ever rendered by the theme's templates. One module per
group of commands: ``job`` (job.py), ``followup`` (followup.py), ``messages`` (messages.py), ``staff``
(staff.py) and the
site's own ``check``, ``stats``, ``watch`` and ``init`` (site.py); what they share is in options.py.

Exit codes: 0 done, 1 a problem the user can fix (every ``ShopwindowError``, with its message, and a
failed check), 2 a mistake in the command line itself (click's usage errors).
"""

from __future__ import annotations

import logging

import click
from rich.markup import escape

from ..errors import ShopwindowError
from . import followup, job, messages, site, staff, testimonial
from .options import errors


@click.group(
    help="Shopwindow's command: jobs, follow-up calls, messages, testimonials customers write, and "
    "the site's check, stats, live "
    "mode and a new shop's site. Each command reads the site's Pelican settings.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--settings", default="pelicanconf.py", show_default=True, help="Pelican settings file"
)
def shopwindow(settings: str) -> None:
    pass


for command in (site.check, site.watch, site.stats, site.init, followup.followup, followup.followups,
                messages.messages, job.job, testimonial.testimonial, staff.staff):  # fmt: skip
    shopwindow.add_command(command)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    # Pelican's readers warn that docutils has no Russian or Romanian on every command; the command
    # reads Markdown headers, so that is noise here (a build still says it).
    logging.getLogger("pelican.readers").setLevel(logging.ERROR)
    try:
        result = shopwindow.main(argv, prog_name="shopwindow", standalone_mode=False)
    except click.exceptions.Exit as done:  # --help
        return done.exit_code
    except click.UsageError as error:
        error.show()
        return 2
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.Abort:
        errors.print("shopwindow: stopped")
        return 1
    except ShopwindowError as error:  # the user's to fix: the message says what and where
        errors.print(f"shopwindow: {escape(str(error))}", soft_wrap=True)
        return 1
    return result if isinstance(result, int) else 0
