"""The command's shape, tested in this process with click's CliRunner: every command has help, help
texts name only settings that exist, and the exit codes (1: the user's problem, 2: the command line)."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner
from pelican.plugins.shopwindow.cli import main, shopwindow
from pelican.plugins.shopwindow.settings import KEYS
from pelican.settings import DEFAULT_CONFIG

# Environment variables a help text may name (README's table).
VARIABLES = {"SHOPWINDOW_NOTIFY", "SHOPWINDOW_SECRET", "SHOPWINDOW_TODAY", "SITEURL"}


def commands(group: click.Group = shopwindow, path: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


def help_texts(command: click.Command) -> list[str]:
    return [command.help or ""] + [getattr(p, "help", None) or "" for p in command.params]


def unknown_setting_names(text: str) -> list[str]:
    """Words that look like a setting but are none: ``jobs_path`` not a key of SHOPWINDOW,
    ``JOBS_PATH`` no Pelican setting or variable of ours, ``CARRIERS`` a key in Pelican's case."""
    snake = [w for w in re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", text) if w not in KEYS]
    upper = [w for w in re.findall(r"\b[A-Z][A-Z_]{2,}\b", text)
             if w.lower() in KEYS or ("_" in w and w not in DEFAULT_CONFIG and w not in VARIABLES)]  # fmt: skip
    return snake + upper


ALL = list(commands())


@pytest.mark.parametrize("path", [(), *[path for path, _ in ALL]], ids=" ".join)
def test_every_command_and_group_has_help(path):
    result = CliRunner().invoke(shopwindow, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: shopwindow {' '.join(path)}".rstrip())


def test_help_texts_name_only_settings_that_exist():
    named = {
        " ".join(path): unknown_setting_names(" ".join(help_texts(command)))
        for path, command in ALL
    }
    assert {path: names for path, names in named.items() if names} == {}
    assert "jobs_path" in " ".join(help_texts(dict(ALL)[("job", "new")]))  # it does name some


def test_the_help_check_catches_a_setting_that_is_gone():
    assert unknown_setting_names("writes JOBS_PATH/ID/job.md (linked through CARRIERS)") == [
        "JOBS_PATH",
        "CARRIERS",
    ]
    assert unknown_setting_names("a key of carriers, or of job_carriers") == ["job_carriers"]


def test_a_mistake_in_the_command_line_exits_2(capsys):
    assert main(["job", "new", "J-1", "--title", "T"]) == 2
    assert "Missing option '--customer'" in capsys.readouterr().err
    assert main(["job", "frobnicate"]) == 2
    assert "No such command 'frobnicate'" in capsys.readouterr().err


def test_a_setting_the_user_can_fix_exits_1_with_its_message(tmp_path, capsys):
    conf = tmp_path / "pelicanconf.py"
    conf.write_text("SHOPWINDOW = {'photo_quality': 200}\n", encoding="utf-8")
    assert main(["--settings", str(conf), "stats"]) == 1
    assert capsys.readouterr().err.strip() == (
        "shopwindow: SHOPWINDOW['photo_quality']: 200 is not a whole number from 1 to 95"
    )


def test_job_new_takes_exactly_one_promise(tmp_path, capsys):
    conf = tmp_path / "pelicanconf.py"
    conf.write_text("", encoding="utf-8")
    base = ["--settings", str(conf), "job", "new", "J-1", "--title", "T", "--customer", "C"]
    assert main(base) == 2
    assert "give one of --promised and --promise-days" in capsys.readouterr().err
    assert main([*base, "--promised", "2026-11-30", "--promise-days", "2"]) == 2
