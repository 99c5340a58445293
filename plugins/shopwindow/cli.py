"""The ``shopwindow`` command: a convenience on top of Pelican, never a second build system."""

from __future__ import annotations

import argparse
import json
import logging
import os
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


def _site_url(settings: dict) -> str:
    """Where customers open the site: SITEURL, or the local server of ``make serve``."""
    return settings.get("SITEURL") or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"


def job_link(settings: dict, job_id: str) -> dict:
    from .access.format import derive
    from .access.pages import private_pages
    from .access.secret import load_secret
    from .jobs.model import read_job_header

    header = read_job_header(settings, job_id)
    secret = load_secret(settings)
    keys = derive(secret, header.id, header.code_version)
    site = _site_url(settings)
    return {
        "job": header.id,
        "url": f"{site}/j/{keys.slug}/#{keys.code}",
        "code": keys.code_shown,
        "slug": keys.slug,
        "pages": [
            {"title": p["title"], "url": f"{site}/{p['path']}#{keys.code}"}
            for p in private_pages(settings, secret, header.id)
        ],
    }


def cmd_job_link(args) -> int:
    import segno

    from .jobs.model import rotate_code

    settings = _settings(args.settings)
    if args.rotate:
        version = rotate_code(settings, args.id)
        errors.print(
            f"{args.id}: Code-Version is now {version}; the old code no longer opens the job"
        )
    link = job_link(settings, args.id)
    qr = segno.make(link["url"], error="m")
    if args.svg:
        qr.save(args.svg, kind="svg", scale=8, border=2)
    if args.json:
        print(json.dumps(link, ensure_ascii=False))
        return 0
    console.print(f"[bold]Job[/bold]   {link['job']}")
    console.print(f"[bold]Link[/bold]  {link['url']}", soft_wrap=True)
    console.print(f"[bold]Code[/bold]  {link['code']}")
    for page in link["pages"]:
        console.print(f"[bold]Page[/bold]  {page['title']}: {page['url']}", soft_wrap=True)
    if not args.no_qr:
        qr.terminal(compact=True)
    if args.svg:
        console.print(f"QR code written to {args.svg}")
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

    job = commands.add_parser("job", help="jobs: links and access codes")
    job_commands = job.add_subparsers(dest="job_command", required=True)
    link = job_commands.add_parser(
        "link", help="print the job's link with its code, the code as XXXXX-XXXXX and a QR code"
    )
    link.add_argument("id", help="the job ID (the folder name in JOBS_PATH)")
    link.add_argument(
        "--rotate", action="store_true", help="raise Code-Version: the old code stops working"
    )
    link.add_argument(
        "--json", action="store_true", help='print {"job", "url", "code", "slug", "pages"} as JSON'
    )
    link.add_argument("--svg", metavar="FILE", help="also write the QR code as an SVG file")
    link.add_argument(
        "--no-qr", action="store_true", help="do not draw the QR code in the terminal"
    )
    link.set_defaults(run=cmd_job_link)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    args = build_parser().parse_args(argv)
    from .access.secret import SecretError
    from .content import ContentError
    from .jobs.model import JobIdError

    try:
        return args.run(args)
    except (SettingsError, ContentError, JobIdError, SecretError) as error:
        errors.print(f"shopwindow: {error}", soft_wrap=True)
        return 2


if __name__ == "__main__":
    sys.exit(main())
