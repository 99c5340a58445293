"""Jobs: ``<JOBS_PATH>/<JOB-ID>/job.md`` and the photos beside it. Everything in a job folder is private."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pelican.readers import Readers

from ..config import shopwindow_settings
from ..content import ContentError, int_field, read_source, shown_path, text_field

JOB_FILE = "job.md"


class JobIdError(ValueError):
    pass


def check_job_id(job_id: str) -> str:
    """A job ID names a folder: no path separators, no "..", no white space, not hidden."""
    if not job_id or len(job_id) > 64:
        raise JobIdError(f"job ID {job_id!r} must be 1 to 64 characters")
    if re.search(r"[\s/\\\x00-\x1f]", job_id) or ".." in job_id or job_id.startswith("."):
        raise JobIdError(
            f"job ID {job_id!r} may not contain spaces, slashes, '..' or start with a dot"
        )
    return job_id


def job_folder(settings: dict, job_id: str) -> Path:
    return Path(shopwindow_settings(settings)["JOBS_ROOT"]) / check_job_id(job_id)


@dataclass(frozen=True)
class JobHeader:
    id: str
    path: str  # job.md as shown to people
    title: str
    code_version: int


def read_job_header(settings: dict, job_id: str, readers: Readers | None = None) -> JobHeader:
    """The header fields of one job that access needs; ContentError when the job has no job.md."""
    path = job_folder(settings, job_id) / JOB_FILE
    if not path.is_file():
        raise ContentError(shown_path(str(path)), None, f"does not exist: no job {job_id!r}")
    source = read_source(readers or Readers(settings), str(path.parent), str(path))
    return JobHeader(
        id=job_id,
        path=source.shown_path,
        title=text_field(source, "Title"),
        code_version=int_field(source, "Code-Version", 1, 1_000_000, default=1),
    )


def rotate_code(settings: dict, job_id: str) -> int:
    """Raise Code-Version in job.md by one (adding the field if absent); return the new version."""
    path = job_folder(settings, job_id) / JOB_FILE
    current = read_job_header(settings, job_id).code_version
    text = path.read_text(encoding="utf-8")
    header, separator, body = text.partition("\n\n")
    pattern = re.compile(r"^(code-version\s*:\s*)\d+\s*$", re.IGNORECASE | re.MULTILINE)
    if pattern.search(header):
        header = pattern.sub(lambda m: f"{m.group(1)}{current + 1}", header, count=1)
    else:
        header = header.rstrip("\n") + f"\nCode-Version: {current + 1}"
    _replace_file(path, header + separator + body)
    return current + 1


def _replace_file(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
