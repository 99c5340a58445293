"""What ``shopwindow watch --publish`` ships: a snapshot of the output, taken while nothing writes it,
checked, and only then handed to the publish command. The output itself is never published: the
builder keeps writing there (a photo landing, a full build emptying it with ``DELETE_OUTPUT_DIRECTORY``),
and a command reading it meanwhile would ship what no check has seen.

A snapshot is a folder of copies, never written again once taken: a file unchanged since the snapshot
before (same size and modification time) is a hard link to that snapshot's copy, so a snapshot costs a
listing of the output and a copy of what changed. Links to the output's own files would not do: Pelican
rewrites its files in place, which would change a snapshot under the publish command. A symbolic link in
the output is copied as a link, so that the check sees it (and refuses it).

Snapshots live in ``.shopwindow/publish/``; all but the newest and the one being published are removed.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

from ..atomic import make_folders

PARTIAL = ".partial"


class Snapshots:
    def __init__(self, folder: Path):
        self.folder = folder
        self.lock = threading.Lock()
        self.in_use: set[Path] = set()

    def _taken(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.iterdir() if p.is_dir() and p.name.isdigit())

    def take(self, output: Path) -> Path:
        """A snapshot of ``output`` as it is now (the caller makes sure nothing writes it)."""
        with self.lock:
            taken = self._taken()
            previous = taken[-1] if taken else None
            number = int(previous.name) + 1 if previous else 1
            made_from = _read_manifest(previous)
        make_folders(self.folder)
        target = self.folder / f"{number:08d}{PARTIAL}"
        shutil.rmtree(target, ignore_errors=True)
        manifest: dict[str, list[int]] = {}
        for folder, subfolders, names in os.walk(output):
            relative = Path(folder).relative_to(output)
            (target / relative).mkdir(parents=True, exist_ok=True)
            for name in names + [d for d in subfolders if os.path.islink(os.path.join(folder, d))]:
                source = Path(folder, name)
                copy = target / relative / name
                stat = os.lstat(source)
                if os.path.islink(source):
                    os.symlink(os.readlink(source), copy)
                    continue
                key = (relative / name).as_posix()
                manifest[key] = [stat.st_size, stat.st_mtime_ns]
                if previous is not None and made_from.get(key) == manifest[key]:
                    try:
                        os.link(previous / key, copy)
                        continue
                    except OSError:
                        pass  # gone, or another file system: copied
                shutil.copy2(source, copy, follow_symlinks=False)
            subfolders[:] = [d for d in subfolders if not os.path.islink(os.path.join(folder, d))]
        (self.folder / f"{number:08d}.json").write_text(json.dumps(manifest))
        final = self.folder / f"{number:08d}"
        os.rename(target, final)
        return final

    def use(self, snapshot: Path) -> None:
        with self.lock:
            self.in_use.add(snapshot)

    def done(self, snapshot: Path) -> None:
        """The publish command is done with ``snapshot``: every older one that is not in use goes."""
        with self.lock:
            self.in_use.discard(snapshot)
            taken = self._taken()
            for old in taken[:-1]:
                if old not in self.in_use and old.name < taken[-1].name:
                    shutil.rmtree(old, ignore_errors=True)
                    (self.folder / f"{old.name}.json").unlink(missing_ok=True)
            for partial in self.folder.glob(f"*{PARTIAL}"):
                shutil.rmtree(partial, ignore_errors=True)


def _read_manifest(snapshot: Path | None) -> dict[str, list[int]]:
    if snapshot is None:
        return {}
    try:
        return json.loads((snapshot.parent / f"{snapshot.name}.json").read_text())
    except (OSError, ValueError):
        return {}
