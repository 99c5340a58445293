"""What staff do to a job from the command line: open it, log an update, close it, change its code.
Files only, and the one place that writes ``job.md``; the site is rebuilt by Pelican (or ``shopwindow
watch``) as for any other edit.

Each change checks everything first (job ID, stage, every photo) and only then writes: photos under a
temporary name and renamed, job.md written whole and renamed. A refused command leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

from ..atomic import write_atomically
from ..photos import PhotoError, PhotoSettings, check_photo
from ..settings import LANGUAGES, shopwindow_settings
from ..sources import ContentError
from .model import (
    JOB_FILE,
    channel_names,
    job_folder,
    load_job,
    match_stage,
    now,
    read_job_header,
    site_stages,
)

CONTACT_FIELDS = ("Email", "Phone", "Language", "Notify")


class StaffError(ValueError):
    """A command that cannot be carried out; nothing was written."""


def _now() -> dt.datetime:
    return now().replace(second=0)  # this minute, on the pinned day when SHOPWINDOW_TODAY says so


def _minute(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M")


def _section(
    when: dt.datetime, stage: str, bay: str | None, lines: list[str], flag: str | None = None
) -> str:
    heading = f"## {_minute(when)} · {stage}" + (f" · {bay}" if bay else "")
    heading += f" [{flag}]" if flag else ""
    return "\n".join([heading, *lines]).rstrip() + "\n"


def new_job(
    settings: dict,
    job_id: str,
    title: str,
    customer: str,
    promised: dt.date,
    bay: str | None = None,
    item: str = "",
    note: str = "",
    at: dt.datetime | None = None,
    contact: dict[str, str] | None = None,
) -> Path:
    """Open a job. ``contact``: the customer's Email, Phone, Language and Notify (channels or no)."""
    folder = job_folder(settings, job_id)
    if folder.exists():
        raise StaffError(f"{folder}: job {job_id} exists already")
    contact = {name: value.strip() for name, value in (contact or {}).items() if value}
    for name, value in contact.items():
        if "\n" in value or "\r" in value:
            raise StaffError(f"--{name.lower()}: one line, please")
    language = contact.get("Language", "").lower()
    if language and language not in LANGUAGES:
        raise StaffError(f'--language "{language}" is not one of {", ".join(LANGUAGES)}')
    try:
        wants = channel_names(contact.get("Notify", "").split(","))
    except ValueError as error:
        raise StaffError(f"--notify: {error}") from None
    if wants and not (contact.get("Email") or contact.get("Phone")):
        raise StaffError("--notify needs the customer's --email or --phone to send to")
    when = at or _now()
    first = site_stages(settings)[0].key
    header = [f"Title: {title}", f"Customer: {customer}"]
    if item:
        header.append(f"Item: {item}")
    header += [f"{name}: {contact[name]}" for name in CONTACT_FIELDS if contact.get(name)]
    header += [
        f"Received: {_minute(when)}",
        f"Promised: {promised.isoformat()}",
        "Status: active",
        "Code-Version: 1",
    ]
    text = "\n".join(header) + "\n\n" + _section(when, first, bay, [note] if note else [])
    folder.mkdir(parents=True)
    replace_file(folder / JOB_FILE, text)
    return folder / JOB_FILE


def _unique_name(folder: Path, name: str, taken: set[str]) -> str:
    stem, suffix = Path(name).stem, Path(name).suffix.lower()
    candidate, n = f"{stem}{suffix}", 2
    while (folder / candidate).exists() or candidate in taken:
        candidate, n = f"{stem}-{n}{suffix}", n + 1
    return candidate


def add_update(
    settings: dict,
    job_id: str,
    stage: str,
    note: str = "",
    bay: str | None = None,
    tracking: str | None = None,
    carrier: str | None = None,
    estimate: dt.date | None = None,
    photos: list[Path] = (),
    at: dt.datetime | None = None,
    notify: bool | None = None,
) -> str:
    """Append one log section (and copy its photos in); return the section as written. ``notify``
    True or False marks it ``[notify]`` or ``[silent]``: whether it sends the customer a message,
    whatever its stage's setting."""
    try:
        job = load_job(settings, job_id)
    except ContentError as error:
        raise StaffError(str(error)) from None
    matched = match_stage(stage, job.stages)
    if matched is None:
        raise StaffError(f'stage "{stage}" is not one of {", ".join(s.key for s in job.stages)}')
    sw = shopwindow_settings(settings)
    if carrier and carrier.lower() not in sw["carriers"]:
        raise StaffError(
            f'carrier "{carrier}" is not one of {", ".join(sw["carriers"])} (setting CARRIERS)'
        )
    photo_settings = PhotoSettings.from_settings(sw)
    for photo in photos:
        try:
            check_photo(photo, photo_settings)
        except PhotoError as error:
            raise StaffError(f"{photo}: {error}; nothing was written") from None
    # Everything is checked: copy the photos in under temporary names, then rename them.
    taken: set[str] = set()
    names = []
    for photo in photos:
        name = _unique_name(job.folder, Path(photo).name, taken)
        taken.add(name)
        names.append(name)
    temporaries = []
    try:
        for photo in photos:
            handle, temporary = tempfile.mkstemp(dir=job.folder, prefix=".incoming-")
            with open(handle, "wb") as out, open(photo, "rb") as source:
                shutil.copyfileobj(source, out)
            temporaries.append(Path(temporary))
    except OSError:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, name in zip(temporaries, names, strict=True):
        temporary.replace(job.folder / name)
    lines = [note] if note else []
    if tracking:
        lines.append(f"Tracking number {tracking}.")
    lines += [f"![{matched.label('en')}]({name})" for name in names]
    flag = {True: "notify", False: "silent"}.get(notify)
    section = _section(at or _now(), matched.key, bay, lines, flag)
    path = job.folder / JOB_FILE
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + section
    replace_file(path, text)
    if tracking:
        set_header_field(path, "Tracking", tracking)
    if carrier:
        set_header_field(path, "Carrier", carrier.lower())
    if estimate:
        set_header_field(path, "Estimate", estimate.isoformat())
    return section


def mark_done(settings: dict, job_id: str, at: dt.datetime | None = None) -> dt.datetime:
    try:
        job = load_job(settings, job_id)
    except ContentError as error:
        raise StaffError(str(error)) from None
    if job.status == "done":
        raise StaffError(f"{job.path}: job {job_id} is done already")
    when = at or _now()
    path = job.folder / JOB_FILE
    last = job.stages[-1].key
    if job.current_stage is None or job.current_stage.key != last:
        replace_file(
            path,
            path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + _section(when, last, None, []),
        )
    set_header_field(path, "Status", "done")
    set_header_field(path, "Done", _minute(when))
    return when


def add_staff_note(
    settings: dict, job_id: str, subject: str, note: str, at: dt.datetime | None = None
) -> str:
    """Append a ``[staff]`` section (a follow-up call): in the log, on no page of the customer's."""
    try:
        job = load_job(settings, job_id)
    except ContentError as error:
        raise StaffError(str(error)) from None
    lines = note.strip().splitlines()
    if any(line.startswith("#") for line in lines):
        raise StaffError("--note: a line may not start with #: it would begin a new log section")
    section = _section(at or _now(), subject, None, lines, "staff")
    path = job.folder / JOB_FILE
    replace_file(path, path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + section)
    return section


def rotate_code(settings: dict, job_id: str) -> int:
    """Raise Code-Version in job.md by one (adding the field if absent); return the new version."""
    current = read_job_header(settings, job_id).code_version
    set_header_field(job_folder(settings, job_id) / JOB_FILE, "Code-Version", str(current + 1))
    return current + 1


def set_header_field(path: Path, name: str, value: str) -> None:
    """Set one header field of a Markdown file in place (added if absent), written whole then renamed."""
    text = path.read_text(encoding="utf-8")
    header, separator, body = text.partition("\n\n")
    pattern = re.compile(rf"^({re.escape(name)}\s*:\s*).*$", re.IGNORECASE | re.MULTILINE)
    if pattern.search(header):
        header = pattern.sub(lambda m: f"{m.group(1)}{value}", header, count=1)
    else:
        header = header.rstrip("\n") + f"\n{name}: {value}"
    replace_file(path, header + (separator or "\n\n") + body)


def replace_file(path: Path, text: str) -> None:
    write_atomically(path, text.encode("utf-8"))
