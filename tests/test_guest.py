"""Shopwindow in someone else's site, as Pelican runs it: any number of Pelican instances in one process,
``pelican --autoreload`` across a settings change, a file Pelican cannot parse, and the site's secret
found from any current folder (and kept out of git)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from .sitebuild import BIN, md_testimonial

TESTIMONIAL = md_testimonial(
    "Anna K.", "approved", "Ready by five, as promised.", Consent="2026-10-02", Rating="5"
)
JOB = (
    "Title: Rear brakes\nCustomer: Ion\nReceived: 2026-11-20 09:10\nPromised: 2026-11-24\n\n"
    "## 2026-11-20 09:10 · received\nCar received.\n"
)


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "SHOPWINDOW_SECRET")}
    return {**env, "COLUMNS": "300", **extra}


def a_site(root: Path, files: dict[str, str], settings: str = "") -> Path:
    """A site as its owner keeps it: pelicanconf.py with relative paths, content/ beside it."""
    for name, text in files.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "pelicanconf.py").write_text(
        'SITENAME = "Guest Garage"\nPATH = "content"\nTIMEZONE = "UTC"\n'
        'PLUGINS = ["shopwindow"]\n' + settings
    )
    return root


def files_below(folder: Path, leave_out: tuple[str, ...] = ()) -> set[str]:
    return {
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and not str(p.relative_to(folder)).startswith(leave_out)
    }


def test_two_pelican_instances_in_one_process_build_the_same_site(tmp_path):
    """``register()`` runs for each ``Pelican()``; the second build must neither fail
    (FileOverwriteFailedError) nor differ from the first."""
    site = a_site(
        tmp_path / "site",
        {"testimonials/anna.md": TESTIMONIAL, "post.md": "Title: P\nDate: 2026-11-01\n\nP.\n"},
    )
    script = textwrap.dedent(
        f"""
        import hashlib, pathlib, sys
        from pelican import Pelican
        from pelican.settings import read_settings
        digests = []
        for output in ("one", "two"):
            settings = read_settings({str(site / "pelicanconf.py")!r},
                                     override={{"OUTPUT_PATH": {str(tmp_path)!r} + "/" + output}})
            Pelican(settings).run()
            folder = pathlib.Path({str(tmp_path)!r}) / output
            digests.append(sorted((str(p.relative_to(folder)), hashlib.sha256(p.read_bytes()).hexdigest())
                                  for p in folder.rglob("*") if p.is_file()))
        assert digests[0] == digests[1], "the second build differs"
        print(len(digests[0]), "files, twice")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=site, env=clean_env()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FileOverwriteFailedError" not in result.stderr
    assert int(result.stdout.splitlines()[-1].split()[0]) > 10


@pytest.mark.command
def test_autoreload_rebuilds_with_a_changed_setting_and_no_error(tmp_path):
    site = a_site(
        tmp_path / "site",
        {"testimonials/anna.md": TESTIMONIAL},
        'SHOPWINDOW = {"business": {"name": "MARKERbefore"}}\n',
    )
    log = (tmp_path / "autoreload.log").open("w")
    proc = subprocess.Popen(
        [BIN / "pelican", "--autoreload", "content", "-s", "pelicanconf.py", "-o", "output"],
        cwd=site, stdout=log, stderr=subprocess.STDOUT, env=clean_env(),
    )  # fmt: skip
    wall = site / "output" / "testimonials" / "index.html"

    def wait_for(marker: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if wall.is_file() and marker in wall.read_text():
                return
            assert proc.poll() is None, (tmp_path / "autoreload.log").read_text()
            time.sleep(0.2)
        raise AssertionError(f"{marker} never came:\n{(tmp_path / 'autoreload.log').read_text()}")

    try:
        wait_for("MARKERbefore")
        time.sleep(1.1)  # a new mtime for the settings file
        conf = site / "pelicanconf.py"
        conf.write_text(conf.read_text().replace("MARKERbefore", "MARKERafter"))
        wait_for("MARKERafter")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    text = (tmp_path / "autoreload.log").read_text()
    assert "ERROR" not in text and "CRITICAL" not in text and "Traceback" not in text, text
    assert "MARKERbefore" not in wall.read_text()


@pytest.mark.command
def test_a_file_pelican_cannot_parse_goes_through_pelicans_own_error(tmp_path):
    """A reStructuredText file docutils cannot read: Pelican logs it and builds the rest; Shopwindow
    never reads it again, nor crashes."""
    site = a_site(
        tmp_path / "site",
        {
            "broken.rst": "Broken\n######\n\n:date: not a date at all\n\n.. no-such-directive::\n",
            "testimonials/anna.md": TESTIMONIAL,
            "pages/a.md": "Title: A\n\nA.\n",
        },
    )
    result = subprocess.run(
        [BIN / "pelican", "content", "-s", "pelicanconf.py", "-o", "output"],
        cwd=site, capture_output=True, text=True, env=clean_env(),
    )  # fmt: skip
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "Could not process ./broken.rst" in log
    assert "shopwindow" not in log.lower(), log
    assert (site / "output" / "testimonials" / "index.html").is_file()
    assert (site / "output" / "pages" / "a.html").is_file()


@pytest.mark.command
def test_one_secret_and_one_address_from_any_current_folder_and_none_in_git(tmp_path):
    """The site built and its job linked from the site's folder, its parent and an unrelated folder:
    one secret (in the site's .shopwindow/, which git never lists), one address, nothing written
    outside the site."""
    site = a_site(tmp_path / "shop" / "site", {"jobs/J-1/job.md": JOB})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    conf = site / "pelicanconf.py"
    links = []
    for folder in (site, site.parent, elsewhere):
        built = subprocess.run(
            [BIN / "pelican", str(site / "content"), "-s", str(conf), "-o", str(site / "output"),
             "--fatal", "errors"],
            cwd=folder, capture_output=True, text=True, env=clean_env(),
        )  # fmt: skip
        assert built.returncode == 0, built.stdout + built.stderr
        linked = subprocess.run(
            [BIN / "shopwindow", "--settings", str(conf), "job", "link", "J-1", "--json", "--local"],
            cwd=folder, capture_output=True, text=True, env=clean_env(),
        )  # fmt: skip
        assert linked.returncode == 0, linked.stderr
        links.append(json.loads(linked.stdout))
    assert len({link["url"] for link in links}) == 1 and len({link["code"] for link in links}) == 1
    slug = links[0]["slug"]
    assert (site / "output" / "j" / slug / "index.html").is_file()
    secrets = [p for p in tmp_path.rglob("secret") if p.is_file()]
    assert secrets == [site / ".shopwindow" / "secret"]
    assert files_below(elsewhere) == set()
    assert files_below(site.parent, ("site",)) == set()
    assert (site / ".shopwindow" / ".gitignore").read_text().splitlines()[-1] == "*"
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=site, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert ".shopwindow" not in status and "secret" not in status
    assert "pelicanconf.py" in status and "content/jobs/J-1/job.md" in status
    shutil.rmtree(site / "output")
