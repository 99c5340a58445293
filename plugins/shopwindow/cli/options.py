"""What every command shares: the consoles, the site's settings, the language the command speaks, the
date and time arguments, and the options several commands take (``--json``, ``--at``), each defined
once."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click
from pelican.settings import read_settings
from rich.console import Console

from ..i18n import speak, tr
from ..settings import shopwindow_settings

__all__ = ["tr"]  # the command's own lines in the site's language (i18n.tr), for every command

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


def load_settings() -> dict:
    """Pelican's settings from the file ``--settings`` names, with Shopwindow's checked once."""
    path = click.get_current_context().find_root().params["settings"]
    if not Path(path).is_file():
        raise SystemExit(
            f"shopwindow: no settings file {path}; run it in the site's folder or give --settings"
        )
    settings = read_settings(path)
    speak(shopwindow_settings(settings).lang)  # checked once, with a message naming the key
    return settings


def print_json(value: Any, indent: int | None = None) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=indent))


class Moment(click.ParamType):
    """A date or a time to the minute, in ISO form; a message with an example otherwise."""

    def __init__(self, name: str, parse, example: str) -> None:
        self.name, self.parse, self.example = name, parse, example

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return self.parse(value)
        except ValueError:
            self.fail(f'"{value}" is not a {self.name.lower()} like {self.example}', param, ctx)


DAY = Moment("DATE", dt.date.fromisoformat, "2026-11-27")
MINUTE = Moment(
    "TIME",
    lambda text: dt.datetime.fromisoformat(text).replace(second=0, microsecond=0),
    '"2026-11-21 10:30"',
)


def json_option(what: str):
    """``--json``: print ``what`` as JSON instead of the table or text."""
    return click.option("--json", "as_json", is_flag=True, help=f"print {what} as JSON")


def at_option(what: str):
    """``--at``: when it happened, to the minute (default: now)."""
    return click.option(
        "--at", type=MINUTE, help=f'time of {what} (default: now), "2026-11-21 10:30"'
    )


def force_option(what: str = "an --at in the future"):
    """``--force``: take what would be refused as a mistake (a day mistyped), for the rare real case."""
    return click.option("--force", is_flag=True, help=f"accept {what} (a clock that is wrong)")


def job_id_argument():
    return click.argument("job_id", metavar="ID")
