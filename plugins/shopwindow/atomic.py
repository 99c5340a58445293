"""Writing files whole: to a temporary name in the same folder, then renamed into place, so a reader
(a visitor, a sync to a host, another process) never sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
    path.parent.mkdir(parents=True, exist_ok=True)
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
    path = Path(path)
    missing = []
    folder = path
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)  # whatever the umask
    return path
