"""Publishing from CI: the workflow validates, and its build step is the command this test runs."""

from __future__ import annotations

import gzip
import os
import subprocess

import brotli
import pytest
import yaml

from .gates import NODE_MODULES
from .sitebuild import CI_SECRET, PROJECT

pytestmark = pytest.mark.install

WORKFLOW = PROJECT / ".github" / "workflows" / "publish.yml"
VALIDATOR = NODE_MODULES / ".bin" / "action-validator"


def validate(path) -> subprocess.CompletedProcess:
    return subprocess.run([str(VALIDATOR), str(path)], capture_output=True, text=True)


def test_the_workflow_validates_and_a_broken_one_does_not(tmp_path):
    assert validate(WORKFLOW).returncode == 0
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on:", "runs-onn:"))
    result = validate(broken)
    assert result.returncode != 0 and "runs-onn" in result.stdout + result.stderr


def test_the_workflow_also_runs_every_day_so_expired_jobs_leave_on_time():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow.get("on") or workflow[True]  # YAML 1.1 reads the key "on" as true
    assert "push" in triggers
    crons = [entry["cron"] for entry in triggers["schedule"]]
    assert crons and all(cron.split()[2:] == ["*", "*", "*"] for cron in crons), crons


def test_the_workflow_gives_each_job_only_what_it_needs_and_keeps_the_record_of_messages():
    """The job that installs packages and builds reads the repository and no more (its checkout
    keeps no credentials); the record of messages sent is handed on even when a step failed or the
    run was cancelled, found where the site's jobs_path puts it, and committed by a job that installs
    nothing; only the deploy job may write to Pages."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    jobs = workflow["jobs"]
    assert workflow["permissions"] == {}, "nothing by default"
    assert jobs["build"]["permissions"] == {"contents": "read"}
    checkout = next(
        s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/checkout@")
    )
    assert checkout["with"]["persist-credentials"] is False
    found = next(s for s in jobs["build"]["steps"] if s.get("id") == "record")
    assert found["if"] == "always()" and "messages --record-folder" in found["run"]
    upload = next(
        s
        for s in jobs["build"]["steps"]
        if s.get("uses", "").startswith("actions/upload-artifact@")
    )
    assert upload["if"].startswith("always()") and upload["with"]["include-hidden-files"] is True
    assert upload["with"]["path"] == "${{ steps.record.outputs.folder }}"
    record = jobs["record"]
    assert record["permissions"] == {"contents": "write"} and record["if"].startswith("always()")
    steps = record["steps"]
    assert not any(
        "make" in s.get("run", "") or "setup-python" in s.get("uses", "") for s in steps
    ), "the job that may push installs nothing"
    assert (
        "git push" in steps[-1]["run"]
        and steps[-1]["env"]["RECORD"] == "${{ needs.build.outputs.record }}"
    )
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["needs"] == "build"


def test_the_record_folder_follows_the_jobs_path(tmp_path):
    from .sitebuild import BIN, build_site

    build = build_site(tmp_path, {"pages/a.md": "Title: A\n\nA.\n"}, {"jobs_path": "work/jobs"})
    result = subprocess.run(
        [BIN / "shopwindow", "--settings", str(build.conf), "messages", "--record-folder"],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "content/work/jobs/.messages\n"


def test_the_workflow_builds_with_make_publish_and_that_build_passes(tmp_path):
    workflow = yaml.safe_load(WORKFLOW.read_text())
    build = workflow["jobs"]["build"]
    runs = [step["run"] for step in build["steps"] if "run" in step]
    assert runs[0] == "make publish", "CI's build is exactly the README's publish command"
    secret_step = next(step for step in build["steps"] if step.get("run") == "make publish")
    assert secret_step["env"]["SHOPWINDOW_SECRET"] == "${{ secrets.SHOPWINDOW_SECRET }}"
    assert any(
        step.get("uses", "").startswith("actions/cache@")
        and step["with"]["path"] == ".shopwindow/cache"
        for step in build["steps"]
    ), "the photo and key caches are kept between runs"
    assert any(
        step.get("uses", "").startswith("actions/deploy-pages@")
        for step in workflow["jobs"]["deploy"]["steps"]
    )

    output = tmp_path / "public"
    env = {**os.environ, "SHOPWINDOW_SECRET": CI_SECRET, "SITEURL": "https://shop.example"}
    env.pop("SHOPWINDOW_ALLOW_WEAK_KDF", None)
    result = subprocess.run(
        ["make", "publish", f"OUTPUT={output}"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "content rules and privacy scan passed" in result.stdout
    wall = output / "testimonials" / "index.html"
    assert (
        gzip.decompress((output / "testimonials" / "index.html.gz").read_bytes())
        == wall.read_bytes()
    )
    assert "https://shop.example/testimonials/" in wall.read_text()

    assert (
        brotli.decompress((output / "testimonials" / "index.html.br").read_bytes())
        == wall.read_bytes()
    )

    # The privacy scan reads what the .gz and .br copies decompress to: a draft's words planted in
    # one copy at a time are found there.
    leak = b"<p>Notes from a phone call, to be written up and sent to Tom</p>"
    about = output / "about" / "index.html"
    for copy, compress in (("gz", gzip.compress), ("br", brotli.compress)):
        planted = about.with_name(f"index.html.{copy}")
        original = planted.read_bytes()
        planted.write_bytes(compress(leak))
        check = subprocess.run(
            [PROJECT / ".venv" / "bin" / "shopwindow", "--settings", "publishconf.py", "check", output],
            cwd=PROJECT, env={**env, "COLUMNS": "400"}, capture_output=True, text=True,
        )  # fmt: skip
        planted.write_bytes(original)
        assert check.returncode == 1
        assert check.stderr.splitlines()[0] == (
            f"✗ about/index.html.{copy} (decompressed): contains text of "
            "content/testimonials/tom-draft.md, which is not public"
        )


def test_make_publish_refuses_without_the_secret(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SHOPWINDOW_SECRET"}
    env["COLUMNS"] = "400"  # Pelican's log on one line per message
    result = subprocess.run(
        ["make", "publish", f"OUTPUT={tmp_path / 'out'}"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert (
        "SHOPWINDOW_SECRET is not set, and this is a publish build "
        "(SITEURL is https://bright-garage.example): it never uses a developer's secret file"
    ) in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()
