"""The watcher's settings, read so that a change of them can be followed: the settings file and the
Python files of the site it imports (``publishconf.py`` imports ``pelicanconf.py``) are known, and each
read sees those files afresh (Python keeps an imported module, so a second read would see the first
``pelicanconf.py`` again)."""

from __future__ import annotations

import sys
import sysconfig
import traceback
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ReadSettings:
    settings: dict
    files: frozenset[Path]  # the settings file and the site's own files it imported


def _installed() -> tuple[Path, ...]:
    """Where Python's own and installed modules live: none of them is a site's settings."""
    paths = sysconfig.get_paths()
    return tuple(
        {Path(paths[key]).resolve() for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    )


def _own_files(names) -> dict[str, Path]:
    """Of these modules, the site's own settings-like files: top-level modules of one Python file
    (not a package) outside Python's and the installed packages' folders."""
    installed = _installed()
    own = {}
    for name in names:
        module = sys.modules.get(name)
        file = getattr(module, "__file__", None)
        if "." in name or name == "__main__" or hasattr(module, "__path__"):
            continue
        if not (file and file.endswith(".py")):
            continue
        path = Path(file).resolve()
        if not any(folder in path.parents for folder in installed):
            own[name] = path
    return own


def read(settings_path: str) -> ReadSettings:
    """Pelican's settings from ``settings_path``; raises what reading them raises (a typo in the file).
    The site's own modules loaded before (``pelicanconf`` read by the command first, or by the last
    read) are dropped first, so this read imports each file afresh and knows it."""
    from pelican.settings import read_settings

    for name in _own_files(list(sys.modules)):
        sys.modules.pop(name, None)
    try:
        settings = read_settings(settings_path)
    finally:
        own = _own_files(list(sys.modules))
        for name in own:
            sys.modules.pop(name, None)  # never kept: the next read imports them afresh too
    files = frozenset({Path(settings_path).resolve(), *own.values()})
    return ReadSettings(settings, files)


def where(error: BaseException, settings_path: str) -> str:
    """The file and line of the settings at fault ("publishconf.py" when none is known): for a typo,
    the file Python could not read; else the last line of the site's own files that ran."""
    if isinstance(error, SyntaxError) and error.filename:
        return f"{error.filename}, line {error.lineno}"
    installed = _installed()
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = Path(frame.filename).resolve()
        ours = "shopwindow" in path.parts or any(folder in path.parents for folder in installed)
        if path.suffix == ".py" and not ours:
            return f"{path}, line {frame.lineno}"
    return settings_path
