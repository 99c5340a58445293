"""The plugin's shape, as a newcomer should find it: layers from the models up, no import going up a
layer, no cycle between sibling packages or modules. The rules are import-linter's contracts in
pyproject.toml; these tests run them, on the plugin and on a copy with one import planted."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from .sitebuild import PROJECT

PACKAGE = PROJECT / "plugins" / "shopwindow"
NAME = "pelican.plugins.shopwindow"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CONFIG = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]


def lint_imports(config: Path, path: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(path)} if path else None
    return subprocess.run(
        [LINT_IMPORTS, "--config", str(config), "--no-cache"],
        capture_output=True, text=True, env=env, cwd=config.parent,
    )  # fmt: skip


def layer_names() -> list[str]:
    (layers,) = [c["layers"] for c in CONFIG["contracts"] if c["type"] == "layers"]
    return [name.strip() for layer in layers for name in layer.split(":")]


def test_the_import_contracts_hold():
    result = lint_imports(PROJECT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_every_module_is_in_a_layer():
    """A module outside every layer would be held by no rule: a new one goes into the contract. (The
    ``__init__`` of a package split across layers, such as ``jobs``, imports nothing.)"""
    names = layer_names()
    unlayered = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
            if parts and "import " not in path.read_text(encoding="utf-8"):
                continue
        module = ".".join(parts)
        if module and not any(module == n or module.startswith(n + ".") for n in names):
            unlayered.append(module)
    assert unlayered == []


def test_the_contracts_break_on_a_model_that_imports_the_command(tmp_path):
    """The contracts can fail: in a copy of the plugin, one line in a model importing the command is
    an upward import and, since the command imports the models, a cycle."""
    copy = tmp_path / "shopwindow"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    with (copy / "jobs" / "promise.py").open("a", encoding="utf-8") as source:
        source.write("\nfrom ..cli import main\n")
    config = tmp_path / "contracts.toml"
    config.write_text(
        (PROJECT / "pyproject.toml").read_text(encoding="utf-8").replace(NAME, "shopwindow"),
        encoding="utf-8",
    )
    result = lint_imports(config, tmp_path)
    assert result.returncode == 1
    assert "Contracts: 0 kept, 2 broken." in result.stdout
    assert "shopwindow.jobs.promise -> shopwindow.cli" in result.stdout
