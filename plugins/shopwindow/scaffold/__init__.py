"""``shopwindow init``: a new shop's site, complete, in an empty folder.

The files come from ``site/``: ``common/`` for every shop, ``<lang>/`` for what is written in the shop's
language (its README, the about page, the draft testimonial, the example job), each named for the file
it becomes plus ``.jinja``. They are Jinja templates with ``[[ ]]`` and ``[% %]`` for delimiters, so the Makefile's ``$(...)`` and the workflow's ``${{ }}``
pass through as they are.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import jinja2

from .. import clock
from ..access.secret import MAKE_ONE, make_secret_file
from ..errors import ShopwindowError
from ..i18n import N_, speak, tr
from ..settings import LANGUAGES, STAGE_SETS, is_public_address

TEMPLATES = Path(__file__).parent / "site"
DISTRIBUTION = "shopwindow"

# Template -> the file it becomes; "{job}" is the example job's ID.
COMMON_FILES = {
    "pelicanconf.py": "pelicanconf.py",
    "publishconf.py": "publishconf.py",
    "Makefile": "Makefile",
    "requirements.txt": "requirements.txt",
    "gitignore": ".gitignore",
    "publish.yml": ".github/workflows/publish.yml",
}
LANGUAGE_FILES = {
    "README.md": "README.md",
    "about.md": "content/pages/about.md",
    "testimonial.md": "content/testimonials/first-customer.md",
    "job.md": "content/jobs/{job}/job.md",
}


class InitError(ShopwindowError):
    """Why ``shopwindow init`` cannot write the site; nothing has been written."""


@dataclass(frozen=True)
class Answers:
    name: str
    lang: str
    stages: str = "workshop"
    services: tuple[str, ...] = ()
    url: str = ""  # the public address, "" until the shop has one
    phone: str = ""
    email: str = ""
    address: str = ""
    currency: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InitError('--name: give the shop\'s name, e.g. --name "Bright Garage"')
        if self.lang not in LANGUAGES:
            raise InitError(f"--lang: {self.lang!r} is not one of {', '.join(LANGUAGES)}")
        if self.stages not in STAGE_SETS:
            raise InitError(f"--stages: {self.stages!r} is not one of {', '.join(STAGE_SETS)}")
        for key, _question in CONTACT_QUESTIONS:
            problem = contact_problem(key, getattr(self, key))
            if problem:
                raise InitError(f"--{key}: {problem}")


def contact_problem(key: str, value: str) -> str | None:
    """What is wrong with an answer to one of the contact questions, or None ("" is no answer)."""
    if not value:
        return None
    if key == "url" and not is_public_address(value):
        return f"{value!r} is not the address customers open (https://bright-garage.md)"
    if key == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        return f"{value!r} is not an email address"
    if key == "currency" and not re.fullmatch(r"[A-Za-z]{3}", value):
        return f'{value!r} is not a 3-letter code such as "MDL"'
    return None


def parse_services(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s.strip() for s in text.split(",") if s.strip()))


def ask(folder: Path, given: dict) -> Answers:
    """The questions ``shopwindow init`` asks in a terminal, for what was not given as a flag."""
    from rich.console import Console
    from rich.markup import escape
    from rich.prompt import Prompt

    # The language first, asked in all three: every later question is asked in it.
    lang = given.get("lang") or Prompt.ask(
        "Language of the site and of your customers / Язык сайта и клиентов / Limba site-ului și a "
        "clienților",
        choices=list(LANGUAGES),
        default="en",
    )
    speak(lang)
    name = given.get("name") or Prompt.ask(
        tr("The shop's name"), default=folder.name.replace("-", " ").title()
    )
    stages = given.get("stages") or Prompt.ask(
        tr("Stages of a job: a workshop (received, diagnosis, repair ...) or a maker (in "
           "production, packed, shipped ...)"),
        choices=list(STAGE_SETS),
        default="workshop",
    )  # fmt: skip
    services = given.get("services")
    if services is None:
        services = Prompt.ask(tr("Your services, separated by commas (Enter to skip)"), default="")
    asked = {}
    for key, question in CONTACT_QUESTIONS:
        value = given.get(key)
        while value is None:  # asked again until the answer is one (or none: Enter)
            value = Prompt.ask(tr(question), default="").strip()
            problem = contact_problem(key, value)
            if problem:
                Console(stderr=True).print(f"[red]{escape(problem)}[/red]")
                value = None
        asked[key] = value.strip()
    return Answers(name.strip(), lang, stages, parse_services(services), **asked)


# What a customer needs to reach the shop, and where its links point: asked after the name.
CONTACT_QUESTIONS = (
    ("url", N_("The site's public address, https://... (Enter if it has none yet)")),
    ("phone", N_("The shop's phone, as customers dial it (Enter to skip)")),
    ("email", N_("The shop's email (Enter to skip)")),
    ("address", N_("The shop's street address (Enter to skip)")),
    ("currency", N_("The currency of your prices, e.g. MDL, EUR (Enter to skip)")),
)


SHOP_EXTRAS = ("video", "messages")


# The staff page runs on the shop's computer only: its README installs it there, CI never needs it.
STAFF_EXTRAS = (*SHOP_EXTRAS, "staff")


def requirement(extras: tuple[str, ...] = SHOP_EXTRAS) -> tuple[str, str | None]:
    """How this site's requirements.txt names Shopwindow (with the extras a shop uses: clips and
    messages, or the ``extras`` given): the way it was installed here (PEP 610's direct_url.json), and a warning when that
    place is on this machine only, so CI cannot reach it."""
    distribution = metadata.distribution(DISTRIBUTION)
    named = f"{DISTRIBUTION}[{','.join(extras)}]"
    text = distribution.read_text("direct_url.json")
    if not text:  # from a package index
        return f"{named}=={distribution.version}", None
    origin = json.loads(text)
    url = origin["url"]
    if "vcs_info" in origin:
        vcs = origin["vcs_info"]
        return f"{named} @ {vcs['vcs']}+{url}@{vcs['commit_id']}", None
    line = f"{named} @ {url}"
    if url.startswith("file:"):
        return line, (
            f"requirements.txt installs Shopwindow from {url}, on this machine only; before CI "
            "publishes the site, point it at an address CI can reach (a package index or a git URL)"
        )
    return line, None


def local_timezone() -> str:
    """This machine's IANA time zone name (for Pelican's TIMEZONE), else UTC."""
    zone = os.environ.get("TZ", "").lstrip(":")
    if "/" in zone:
        return zone
    try:
        return Path("/etc/timezone").read_text().strip() or "UTC"
    except OSError:
        pass
    target = os.path.realpath("/etc/localtime")
    return target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else "UTC"


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        variable_start_string="[[",
        variable_end_string="]]",
        block_start_string="[%",
        block_end_string="%]",
        comment_start_string="[#",
        comment_end_string="#]",
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    # A Python string literal that reads as the shop wrote it (ensure_ascii would write "\\u021b").
    environment.filters["py"] = lambda value: json.dumps(value, ensure_ascii=False)
    return environment


def site_files(answers: Answers, today: dt.date) -> dict[str, str]:
    """Every file of the new site: path below the folder -> text."""
    stages = STAGE_SETS[answers.stages]
    line, _ = requirement()
    job = f"{today.year}-0001"
    context = {
        "name": answers.name,
        "lang": answers.lang,
        "url": answers.url.rstrip("/"),
        "phone": answers.phone,
        "email": answers.email,
        "address": answers.address,
        "currency": answers.currency.upper(),
        "stages": answers.stages,
        "stage_keys": [key for key, _ in stages],
        "services": list(answers.services),
        "service": answers.services[0] if answers.services else "",
        "timezone": local_timezone(),
        "requirement": line,
        "staff_requirement": requirement(STAFF_EXTRAS)[0],
        "make_secret": MAKE_ONE,
        "job": job,
        "today": today,
        # The example job's first two steps: (time, stage), on the day the site was made.
        "steps": [
            (f"{today} 09:00", stages[0][0]),
            (f"{today} 11:00", stages[1][0]),
        ],
        "promised": today + dt.timedelta(days=3),
    }
    environment = _environment()
    files = {}
    for template, target in COMMON_FILES.items():
        files[target] = environment.get_template(f"common/{template}.jinja").render(context)
    for template, target in LANGUAGE_FILES.items():
        text = environment.get_template(f"{answers.lang}/{template}.jinja").render(context)
        files[target.format(job=job)] = text
    return files


def init_site(folder: Path, answers: Answers, today: dt.date | None = None) -> list[str]:
    """Write the new site into ``folder`` (new or empty) and make its secret. Returns the lines to
    print: what was written and what to do next."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InitError(
            f"{folder}: not an empty folder; shopwindow init writes a new site into a new or empty "
            "folder and never overwrites a file"
        )
    files = site_files(answers, today or clock.today())
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    # The site's secret, 0600 and ignored by git; CI gets the same one (the README says how).
    make_secret_file(folder / ".shopwindow" / "secret")
    _, warning = requirement()
    speak(answers.lang)  # what init says next, in the new site's language
    lines = [tr("Wrote %(count)s files into %(folder)s:", count=len(files), folder=folder),
             *(f"  {p}" for p in sorted(files))]  # fmt: skip
    if warning:
        lines.append(tr("Note: %(warning)s", warning=warning))
    lines.append(tr("Next: cd %(folder)s && make serve   (then read README.md)", folder=folder))
    return lines
