"""Writing files whole: to a temporary name in the same folder, then renamed into place, so a reader
(a visitor, a sync to a host, another process) never sees half a file.

Every folder Shopwindow makes is made here: a ``.shopwindow`` folder (the site secret, the caches) gets
a ``.gitignore`` of ``*`` the moment it is made, so ``git add -A`` in any site never takes it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

SELF_IGNORING = ".shopwindow"
IGNORE_ALL = b"# Made by Shopwindow: the site secret and caches, never to be committed.\n*\n"


def make_folders(folder: Path | str, mode: int = 0o777) -> Path:
    """``folder`` and every parent it lacks (``mode`` for those it makes, whatever the umask when it
    is 0700)."""
    folder = Path(folder)
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for made in reversed(missing):
        made.mkdir(mode=mode, exist_ok=True)
        if mode == 0o700:
            os.chmod(made, mode)
        if made.name == SELF_IGNORING:
            ignore_itself(made)
    return folder


def ignore_itself(folder: Path) -> None:
    """A ``.gitignore`` of ``*`` in ``folder``, unless it has one."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        write_atomically(ignore, IGNORE_ALL)


def write_atomically(
    path: Path | str, data: bytes, skip_unchanged: bool = False, mode: int = 0o644
) -> bool:
    """Write ``data`` to ``path``; with ``skip_unchanged``, leave a file that holds exactly that alone.
    Return whether it wrote."""
    path = Path(path)
    if skip_unchanged:
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                return False
        except FileNotFoundError:
            pass
    make_folders(path.parent)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def private_folder(path: Path | str) -> Path:
    """``path`` as a folder only its owner may open (0700), with every parent it had to make."""
    return make_folders(path, mode=0o700)
