"""The ``shopwindow`` command: a convenience on top of Pelican, never a second build system."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from pelican.settings import read_settings
from rich.console import Console

from .config import SettingsError

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


def _settings(path: str) -> dict:
    if not Path(path).is_file():
        raise SystemExit(
            f"shopwindow: no settings file {path}; run it in the site's folder or give --settings"
        )
    return read_settings(path)


def cmd_check(args) -> int:
    from .check import run_check

    settings = _settings(args.settings)
    output = Path(args.output or settings["OUTPUT_PATH"])
    problems = run_check(settings, output)
    for problem in problems:
        errors.print(f"[red]✗[/red] {problem}", soft_wrap=True)
    if problems:
        errors.print(f"shopwindow check: {len(problems)} problem(s)")
        return 1
    files = sum(1 for p in output.rglob("*") if p.is_file())
    console.print(f"shopwindow check: content rules and privacy scan passed ({files} output files)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shopwindow", description=__doc__)
    parser.add_argument(
        "--settings",
        default="pelicanconf.py",
        help="Pelican settings file (default: pelicanconf.py)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check",
        help="content rules and the privacy scan of the output; non-zero exit on any problem",
    )
    check.add_argument(
        "output", nargs="?", help="output folder (default: the settings' OUTPUT_PATH)"
    )
    check.set_defaults(run=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except SettingsError as error:
        errors.print(f"shopwindow: {error}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
