"""`shopwindow init`: a new shop's site in one command, in each language, that builds as it is.

Each test runs the real command and Pelican in subprocesses, as a shop would."""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from .sitebuild import BIN, PROJECT

pytestmark = pytest.mark.command

DRAFT_WORDS = {"en": "A draft is never published", "ru": "Черновик никогда", "ro": "O ciornă nu"}
MENU = {
    "en": ["Testimonials", "Results", "Our track record"],
    "ru": ["Отзывы", "Результаты", "Наши показатели"],
    "ro": ["Recenzii", "Rezultate", "Bilanțul nostru"],
}
EXPECTED_FILES = [
    ".github/workflows/publish.yml",
    ".gitignore",
    "Makefile",
    "README.md",
    "content/jobs/2026-0001/job.md",
    "content/pages/about.md",
    "content/testimonials/first-customer.md",
    "pelicanconf.py",
    "publishconf.py",
    "requirements.txt",
]


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("CI", "SHOPWINDOW_SECRET", "TZ")}


def init(folder: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BIN / "shopwindow", "init", str(folder), *args],
        capture_output=True,
        text=True,
        env=clean_env(),
        stdin=subprocess.DEVNULL,
        **kwargs,
    )


def pelican(site: Path, settings: str = "pelicanconf.py") -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            BIN / "pelican",
            "content",
            "-s",
            settings,
            "-o",
            "output",
            "--fatal",
            "errors",
            "--log-handler",
            "plain",
        ],
        cwd=site,
        capture_output=True,
        text=True,
        env=clean_env(),
    )


def shopwindow(site: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BIN / "shopwindow", *args], cwd=site, capture_output=True, text=True, env=clean_env()
    )


@pytest.mark.parametrize("lang", ["en", "ru", "ro"])
def test_init_writes_a_site_that_builds_with_fatal_errors(tmp_path, lang):
    site = tmp_path / "shop"
    result = init(site, "--name", "Atelier Nord", "--lang", lang, "--services", "Brakes, Paint")
    assert result.returncode == 0, result.stderr
    written = sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())
    assert [p for p in written if not p.startswith(".shopwindow/")] == sorted(
        p.replace("2026-0001", f"{dt.date.today().year}-0001") for p in EXPECTED_FILES
    )
    secret = site / ".shopwindow" / "secret"
    assert secret.stat().st_mode & 0o777 == 0o600
    assert ".shopwindow/" in (site / ".gitignore").read_text().splitlines()

    # The settings files are Python that passes the project's own linter.
    lint = subprocess.run(
        [BIN / "ruff", "check", "--no-cache", "--isolated", "--line-length", "100",
         "--select", "E,W,F,I", "--ignore", "F403,F405,E402", "pelicanconf.py", "publishconf.py"],
        cwd=site, capture_output=True, text=True,
    )  # fmt: skip
    assert lint.returncode == 0, lint.stdout

    build = pelican(site)
    assert build.returncode == 0, build.stdout + build.stderr
    output = site / "output"
    # A new shop has no public testimonial, report or done job yet: no wall, no track record, and
    # the menu names none of them.
    assert not (output / "testimonials").exists() and not (output / "track-record").exists()
    index = (output / "index.html").read_text()
    assert [label for label in MENU[lang] if label in index] == []
    # Its first testimonial approved, with the customer's consent: the wall, and the menu's link to it.
    first = site / "content" / "testimonials" / "first-customer.md"
    first.write_text(
        first.read_text().replace("Status: draft", "Status: approved\nConsent: 2026-11-20", 1)
    )
    build = pelican(site)
    assert build.returncode == 0, build.stdout + build.stderr
    wall = (output / "testimonials" / "index.html").read_text()
    assert f'<html lang="{lang}"' in wall
    index = (output / "index.html").read_text()
    assert [label for label in MENU[lang] if label in index] == MENU[lang][:1]
    assert '/testimonials/">' + MENU[lang][0] in index
    first.write_text(first.read_text().replace("Status: approved", "Status: draft", 1))
    build = pelican(site)
    assert build.returncode == 0, build.stdout + build.stderr
    assert not (output / "testimonials").exists()
    about = (output / "pages" / "about.html").read_text()
    assert "Brakes" in about and "Paint" in about and "Atelier Nord" in about

    # The draft testimonial is nowhere; the example job is sealed, and opens with its code.
    for path in output.rglob("*"):
        if path.is_file():
            assert DRAFT_WORDS[lang].encode() not in path.read_bytes(), path
    listing = shopwindow(site, "job", "list", "--json", "--local")
    assert listing.returncode == 0, listing.stderr
    [job] = json.loads(listing.stdout)
    assert (output / job["url"].split("/", 3)[3].split("#")[0] / "index.html").is_file()
    check = shopwindow(site, "check", "output")
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_maker_gets_the_maker_stages_and_a_publish_build_needs_the_secret(tmp_path):
    site = tmp_path / "maker"
    made = init(
        site, "--name", "Oak & Iron", "--lang", "en", "--stages", "maker",
        "--url", "https://oak-iron.example",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    job = next(site.glob("content/jobs/*/job.md")).read_text()
    assert "· received\n" in job and "· in-production\n" in job
    assert '"job_stages": "maker"' in (site / "pelicanconf.py").read_text()
    assert pelican(site).returncode == 0

    refused = pelican(site, "publishconf.py")
    assert refused.returncode != 0
    assert (
        "SHOPWINDOW_SECRET is not set, and this is a publish build"
        in refused.stdout + refused.stderr
    )


def test_a_site_made_with_its_address_hands_out_links_and_tickets_a_phone_opens(tmp_path):
    """`init --url`: publishconf.py carries the address, and every link, ticket and the job list
    use it, with no --local and no build: what staff hand over the first day, in Russian."""
    site = tmp_path / "lena"
    made = init(
        site, "--name", "Пекарня Лена", "--lang", "ru", "--stages", "maker",
        "--url", "https://pekarnya-lena.example/", "--phone", "+373 69 123 456",
        "--email", "lena@pekarnya-lena.example", "--currency", "mdl",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert 'os.environ.get("SITEURL") or "https://pekarnya-lena.example"' in (
        (site / "publishconf.py").read_text()
    )
    settings = (site / "pelicanconf.py").read_text()
    assert '"+373 69 123 456"' in settings and '"currency": "MDL"' in settings

    [job_id] = [p.parent.name for p in site.glob("content/jobs/*/job.md")]
    link = shopwindow(site, "job", "link", job_id, "--json")
    assert link.returncode == 0, link.stderr
    handed = json.loads(link.stdout)
    assert handed["address"].startswith("https://pekarnya-lena.example/j/"), handed
    assert handed["public"] is True and handed["code"]
    ticket = site / "ticket.html"
    printed = shopwindow(site, "job", "ticket", job_id, "--output", str(ticket))
    assert printed.returncode == 0, printed.stderr
    html = ticket.read_text()
    assert '<html lang="ru"' in html and "Пекарня Лена" in html
    assert handed["address"] in html and handed["code"] in html
    assert "127.0.0.1" not in html and "localhost" not in html and 'class="test-only"' not in html
    [listed] = json.loads(shopwindow(site, "job", "list", "--json").stdout)
    assert listed["url"] == handed["url"]

    # The published site is built at that address, and its page is the one the link opens.
    build = subprocess.run(
        [BIN / "pelican", "content", "-s", "publishconf.py", "-o", "output", "--fatal", "errors"],
        cwd=site, capture_output=True, text=True,
        env={**clean_env(), "SHOPWINDOW_SECRET": (site / ".shopwindow" / "secret").read_text()},
    )  # fmt: skip
    assert build.returncode == 0, build.stdout + build.stderr
    page = handed["address"].removeprefix("https://pekarnya-lena.example/")
    assert (site / "output" / page / "index.html").is_file()


def test_the_staff_command_speaks_the_sites_language(tmp_path):
    """A Russian shop's staff read the command in Russian: init's report, the job list, the ticket,
    stats, follow-up calls, messages and the check, through the catalogs its pages use. What it says
    about bad input stays English (one text to search for)."""
    from .test_i18n import as_pattern, staff_strings

    site = tmp_path / "lena"
    made = init(site, "--name", "Пекарня Лена", "--lang", "ru", "--url", "https://lena.example")
    assert made.returncode == 0, made.stderr
    said = [made.stdout]
    assert "Записано файлов: 10, в" in made.stdout and "Дальше: cd" in made.stdout
    [job_id] = [p.parent.name for p in site.glob("content/jobs/*/job.md")]
    for command, russian in (
        (("job", "list"), "(в работе)  код"),
        (("job", "link", job_id, "--no-qr"), "На чужом устройстве"),
        (("job", "ticket", job_id), "Квитанция записана в"),
        (("stats",), "Оценки опубликованных отзывов: пока нет"),
        (("followup", "list"), "Звонков клиентам на"),
        (("messages",), "Сообщений ещё не отправлено."),
    ):
        result = shopwindow(site, *command)
        assert result.returncode == 0, result.stderr
        assert russian in result.stdout, (command, result.stdout)
        said.append(result.stdout)
    assert pelican(site).returncode == 0
    checked = shopwindow(site, "check", "output")
    assert "правила содержания и проверка приватности пройдены" in checked.stdout
    said.append(checked.stdout)
    # No sentence of ours left in English (single words could be part of a path: content/jobs/).
    sentences = [m for m in staff_strings() if " " in m.strip()]
    left = sorted(m for m in sentences if any(as_pattern(m).search(text) for text in said))
    assert left == [], left
    refused = shopwindow(site, "job", "done", "NO-SUCH")
    assert refused.returncode == 1 and "NO-SUCH" in refused.stderr


def test_gitignore_keeps_out_what_must_never_be_committed_and_only_that(tmp_path):
    """Git itself reads the .gitignore init writes: the secret, the build, the lock of the record of
    messages (beside the jobs, content/jobs/.messages/.lock) are ignored; the record and jobs are not."""
    site = tmp_path / "shop"
    assert init(site, "--name", "Shop", "--lang", "en").returncode == 0
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    paths = {
        ".shopwindow/secret": True,
        "output/index.html": True,
        "content/jobs/.messages/.lock": True,
        "__pycache__/pelicanconf.cpython-311.pyc": True,
        "content/jobs/.messages/2026-0001.jsonl": False,
        "content/jobs/2026-0001/job.md": False,
        "pelicanconf.py": False,
    }
    checked = subprocess.run(
        ["git", "check-ignore", "--no-index", "--stdin"],
        cwd=site, input="\n".join(paths), capture_output=True, text=True,
    )  # fmt: skip
    assert set(checked.stdout.split()) == {path for path, ignored in paths.items() if ignored}


def test_the_workflow_is_the_one_this_repository_publishes_with(tmp_path):
    """One workflow: the one test_publish validates and runs is the one a new site gets."""
    site = tmp_path / "shop"
    assert init(site, "--name", "Shop", "--lang", "en").returncode == 0
    ours = (PROJECT / ".github" / "workflows" / "publish.yml").read_bytes()
    assert (site / ".github" / "workflows" / "publish.yml").read_bytes() == ours


def test_requirements_name_shopwindow_as_it_was_installed(tmp_path):
    site = tmp_path / "shop"
    result = init(site, "--name", "Shop", "--lang", "en")
    [line] = [
        line
        for line in (site / "requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    # This project's .venv installs it from the checkout: a file CI elsewhere cannot reach, said so.
    assert line == f"shopwindow[video,messages] @ {PROJECT.as_uri()}"
    assert "on this machine only" in result.stdout


@pytest.mark.parametrize("lang", ["en", "ru", "ro"])
def test_the_readme_tells_the_shops_computer_how_to_add_the_staff_page(tmp_path, lang):
    """The staff page is not in requirements.txt (CI never serves it): the new site's README installs
    it from the same place as requirements.txt, with its extra, and its commands run as written."""
    from packaging.requirements import Requirement

    site = tmp_path / "shop"
    assert init(site, "--name", "Shop", "--lang", lang).returncode == 0
    [installed] = [
        Requirement(line)
        for line in (site / "requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert "staff" not in installed.extras
    readme = (site / "README.md").read_text()
    [install] = re.findall(r"^ *\.venv/bin/pip install '([^']+)'$", readme, re.M)
    staff = Requirement(install)
    assert (staff.name, staff.url) == (installed.name, installed.url)
    assert staff.extras == installed.extras | {"staff"}
    [watch] = re.findall(r"^ *\.venv/bin/shopwindow watch (.+)$", readme, re.M)
    helped = shopwindow(site, "watch", "--help").stdout
    assert [option for option in re.findall(r"--[a-z-]+", watch) if option not in helped] == []
    [pair] = re.findall(r"^ *\.venv/bin/shopwindow (staff pair .+?) +#", readme, re.M)
    paired = shopwindow(site, *shlex.split(pair))
    assert paired.returncode == 0, paired.stderr
    assert re.search(r"https?://\S+/pair\b", paired.stdout), paired.stdout
    assert (site / ".shopwindow" / "staff-devices.json").is_file()


def test_init_never_writes_into_a_folder_that_has_files(tmp_path):
    site = tmp_path / "existing"
    site.mkdir()
    (site / "notes.txt").write_text("mine")
    result = init(site, "--name", "Shop", "--lang", "en")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"shopwindow: {site}: not an empty folder; shopwindow init writes a new site into a new or "
        "empty folder and never overwrites a file"
    )
    assert [p.name for p in site.iterdir()] == ["notes.txt"]


def test_without_flags_and_without_a_terminal_it_says_what_to_give(tmp_path):
    result = init(tmp_path / "shop", "--lang", "en")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "shopwindow init: give --name and --lang (or run it in a terminal to be asked)"
    )
    assert not (tmp_path / "shop").exists()


def test_in_a_terminal_without_flags_it_asks(tmp_path):
    site = tmp_path / "asked"
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [BIN / "shopwindow", "init", str(site)],
        stdin=terminal, stdout=terminal, stderr=terminal, env=clean_env(), close_fds=True,
    )  # fmt: skip
    os.close(terminal)
    answers = "ru\nPekarnya Lena\nmaker\nХлеб, Торты\nhttp://localhost:8000\nhttps://lena.example\n"
    os.write(controller, (answers + "\n\nstr. Florilor 3\nMDL\n").encode())
    transcript = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closes when the command ends
            break
        if not chunk:
            break
        transcript += chunk
    assert process.wait(timeout=60) == 0, transcript.decode(errors="replace")
    os.close(controller)
    text = re.sub(r"\x1b\[[0-9;]*m", "", transcript.decode(errors="replace"))
    # The language is asked first, in all three; every later question in the language chosen.
    assert "Язык сайта" in text and "Название мастерской" in text and "Ваши услуги" in text
    assert "The shop's name" not in text and "Your services" not in text
    # A local address is refused and asked again; Enter skips the phone and the email.
    assert "'http://localhost:8000' is not the address customers open" in text
    assert 'or "https://lena.example"' in (site / "publishconf.py").read_text()
    settings = (site / "pelicanconf.py").read_text()
    assert 'SITENAME = "Pekarnya Lena"' in settings
    assert 'DEFAULT_LANG = "ru"' in settings and '"job_stages": "maker"' in settings
    assert "- Хлеб\n- Торты" in (site / "content" / "pages" / "about.md").read_text()
    assert '"str. Florilor 3"' in settings and '"currency": "MDL"' in settings
