"""Shopwindow as a user installs it: the wheel ``python -m build`` makes from the sources, and the
commands that install and run it in fresh venvs, in an environment without CI's variables."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .sitebuild import PROJECT

# What a checkout holds besides the sources: never part of what is built.
NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "output", ".shopwindow", "build", "dist", "*.egg-info",
    "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", "test-artifacts", "corpus",
)  # fmt: skip


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("CI", "SHOPWINDOW_SECRET", "VIRTUAL_ENV")
    }
    return {**env, **extra}


def run(*command, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, env=clean_env(), **kwargs
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def build_wheel(folder: Path) -> Path:
    """The wheel of a copy of the sources (never of the checkout itself: no build/ left in it)."""
    source = folder / "source" / "shopwindow"
    shutil.copytree(PROJECT, source, ignore=NOT_SOURCES)
    dist = folder / "dist"
    run(sys.executable, "-m", "build", "--wheel", "--outdir", dist, source)
    [built] = dist.glob("shopwindow-*.whl")
    return built
