"""`make test` on a machine without Chromium, Java or npm: it installs them where it can (Debian as
root or with sudo) and otherwise stops with one line naming what is missing and how to install it.
Run here with a PATH that holds only what each case needs."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .sitebuild import PROJECT

SCRIPT = PROJECT / "scripts" / "prerequisites.sh"


def machine(tmp_path: Path, *, uid: int, commands: dict[str, str]) -> dict[str, str]:
    """A PATH with the shell's basics, a fake ``id`` answering ``uid`` and the given fake commands
    (name -> shell body)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("sh", "echo", "true", "cat"):
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    scripts = {"id": f"echo {uid}", **commands}
    for name, body in scripts.items():
        path = bin_dir / name
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)
    return {"PATH": str(bin_dir), "HOME": str(tmp_path)}


def run(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["/bin/sh", str(SCRIPT)], env=env, capture_output=True, text=True)


def test_without_root_or_sudo_it_stops_with_one_line_naming_the_command(tmp_path):
    env = machine(tmp_path, uid=1000, commands={"apt-get": "exit 99"})
    result = run(env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    if not Path("/usr/bin/chromium").exists():
        assert "/usr/bin/chromium" in lines[0]
    assert "java" in lines[0] and "npm" in lines[0]
    assert "sudo apt-get install -y" in lines[0] and "default-jre-headless" in lines[0]


def test_as_root_on_debian_it_installs_what_is_missing(tmp_path):
    log = tmp_path / "apt.log"
    env = machine(tmp_path, uid=0, commands={"apt-get": f'printf "%s\\n" "$*" >> {log}'})
    result = run(env)
    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines()
    assert calls[0] == "update -qq"
    assert calls[1].startswith("install -y -qq --no-install-recommends")
    assert "default-jre-headless" in calls[1] and "npm" in calls[1]
    assert {"firefox-esr", "xvfb"} <= set(calls[1].split())  # looked for on PATH: missing here
    for package, path in (  # looked for by path: missing where this machine lacks them
        ("webkit2gtk-driver", "/usr/bin/WebKitWebDriver"),
        ("gstreamer1.0-libav", "/usr/lib/*/gstreamer-1.0/libgstlibav.so"),
        ("gstreamer1.0-plugins-bad", "/usr/lib/*/gstreamer-1.0/libgstvideoparsersbad.so"),
    ):
        assert (package in calls[1].split()) == (not glob.glob(path)), package


def test_with_passwordless_sudo_it_installs_through_sudo(tmp_path):
    log = tmp_path / "sudo.log"
    env = machine(
        tmp_path, uid=1000, commands={"apt-get": "exit 99", "sudo": f'printf "%s\\n" "$*" >> {log}'}
    )
    result = run(env)
    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines()
    assert calls[0] == "-n true"
    assert calls[1] == "apt-get update -qq"
    assert calls[2].startswith("apt-get install")


def test_elsewhere_it_names_what_is_missing_in_one_line(tmp_path):
    env = machine(tmp_path, uid=1000, commands={})
    result = run(env)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "java" in result.stderr and "package manager" in result.stderr


def test_with_everything_present_it_does_nothing(tmp_path):
    # What the script looks for by path, not on PATH: the fake PATH cannot stand in for these.
    by_path = ["/usr/bin/chromium", "/usr/bin/WebKitWebDriver",
               "/usr/lib/*/gstreamer-1.0/libgstlibav.so",
               "/usr/lib/*/gstreamer-1.0/libgstvideoparsersbad.so"]  # fmt: skip
    lacking = [path for path in by_path if not glob.glob(path)]
    if lacking:
        pytest.skip(
            f"this machine has no {', '.join(lacking)}, so the case of nothing missing cannot occur"
        )
    env = machine(tmp_path, uid=1000, commands={
        "java": "true", "npm": "true", "firefox-esr": "true", "Xvfb": "true", "apt-get": "exit 99",
    })  # fmt: skip
    result = run(env)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert os.access(SCRIPT, os.X_OK)
