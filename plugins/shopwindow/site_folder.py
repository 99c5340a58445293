"""The site's own folder, and Shopwindow's folder in it: the one place its files outside the output live.

Pelican makes the paths of a settings file absolute from that file's folder (``PATH``, ``OUTPUT_PATH``,
``CACHE_PATH``...), whatever the current folder; Shopwindow's own files follow the same rule. The site
secret and the caches live in ``.shopwindow/`` in the settings file's folder, never in the folder a
command happens to run from, so ``pelican /site/content -s /site/pelicanconf.py`` run from elsewhere and
``shopwindow --settings site/pelicanconf.py`` find the same secret. That folder ignores itself for git
(a ``.gitignore`` of ``*`` in it, as Python's venvs do), so ``git add -A`` never takes the secret.

Pelican keeps no note of the file it read the settings from, but it loads that file as a module
(``pelican.settings.load_source``) and copies its upper-case names into the settings: the module whose
names hold the very objects of the settings is the settings file. Settings made without a file
(``read_settings(override=...)``) take relative paths from the current folder, as Pelican does.
"""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

from .atomic import SELF_IGNORING

# The settings objects seen, with what was found for each: (settings, settings file or None), by id.
_FOUND: dict[int, tuple[dict, Path | None]] = {}


def settings_file(settings: dict) -> Path | None:
    """The settings file Pelican read ``settings`` from, or None (settings made in code)."""
    entry = _FOUND.get(id(settings))
    if entry is None or entry[0] is not settings:
        entry = (settings, _loaded_settings_file(settings))
        _FOUND[id(settings)] = entry
    return entry[1]


def _loaded_settings_file(settings: dict) -> Path | None:
    best, best_shared = None, 1  # two shared objects at least: one may be chance
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if not path or not path.endswith(".py") or getattr(module, "__package__", None):
            continue
        names = [name for name in vars(module) if name.isupper() and not name.startswith("_")]
        shared = sum(1 for name in names if settings.get(name, _MISSING) is vars(module)[name])
        if shared > best_shared and shared * 2 >= len(names):
            best, best_shared = Path(path).resolve(), shared
    return best


_MISSING = object()


def site_folder(settings: dict) -> Path:
    """The folder of the site's settings file (else the current folder)."""
    found = settings_file(settings)
    return found.parent if found else Path.cwd()


def site_path(settings: dict, path: str | os.PathLike) -> Path:
    """``path`` as Pelican would take it from the settings file: absolute from the site's folder."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else site_folder(settings) / path


def shopwindow_folder(settings: dict) -> Path:
    """``.shopwindow/`` in the site's folder (made, with its ``.gitignore``, by ``atomic.make_folders``
    when something is first written there)."""
    return site_folder(settings) / SELF_IGNORING


def publishconf_siteurl(path: Path) -> str:
    """The SITEURL a ``publishconf.py`` sets, read without running it: its last top-level assignment,
    when that is a string, ``os.environ.get("SITEURL", "...")`` (or ``os.getenv``), or such terms
    joined by ``or`` (``os.environ.get("SITEURL") or "https://..."``, which an empty variable in CI
    does not blank), read as the file would read them. Anything else gives ""."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    except (OSError, SyntaxError, ValueError):
        return ""
    value = None
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "SITEURL" for t in targets):
                value = node.value
    return _literal(value) or ""


_ENVIRONMENT_READS = ("os.environ.get", "os.getenv", "environ.get", "getenv")


def _literal(node) -> str | None:
    """A string, a read of the environment with string arguments, or an ``or`` of them; else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
        for term in node.values:
            found = _literal(term)
            if found is None:
                return None
            if found:
                return found
        return ""
    if (
        isinstance(node, ast.Call)
        and ast.unparse(node.func) in _ENVIRONMENT_READS
        and 1 <= len(node.args) <= 2
        and not node.keywords
        and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args)
    ):
        name, *default = (a.value for a in node.args)
        return os.environ.get(name, default[0] if default else "")
    return None
