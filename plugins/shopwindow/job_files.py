"""Which folders of the jobs folder are jobs: those with a ``job.md``, not hidden (``.messages``, the
record of messages, is not a job). Light on purpose: a site without Shopwindow's content asks it at
every build, before anything else of Shopwindow's is imported."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

JOB_FILE = "job.md"


def job_folders(root: Path) -> Iterator[Path]:
    """The job folders of ``root``, in the order the file system gives them (none if no folder)."""
    if not root.is_dir():
        return iter(())
    return (p for p in root.iterdir() if (p / JOB_FILE).is_file() and not p.name.startswith("."))
