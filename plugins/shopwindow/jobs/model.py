"""Jobs: ``<JOBS_PATH>/<JOB-ID>/job.md`` and the photos beside it. Everything in a job folder is private.

The body of job.md is the job's log, oldest first, one section per update::

    ## 2026-11-21 10:30 · paint · booth-1
    Primer is on; it dries overnight.
    ![Primer coat](IMG_2041.jpg)

The heading is ``time · stage · bay``; the bay is optional and, once given, the job stands in that bay
from that time on. Photos in the folder that no section names join the update nearest in time (by EXIF
time, else the file's time). This module holds the model and reads it (the log: ``log.py``); writing
``job.md`` is the staff commands' (``staff.py``). It knows nothing of pages or output files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path

from pelican.readers import Readers
from pelican.utils import get_date

from ..build_state import per_build
from ..derived_cache import DerivedCache, code_fingerprint
from ..errors import ShopwindowError
from ..job_files import JOB_FILE, job_folders
from ..links import local_path, resolve_links
from ..photos import PHOTO_SUFFIXES, VIDEO_SUFFIXES
from ..photos.exif import exif_time, file_time
from ..sanitise import staff_text
from ..settings import (
    FORMER_FOLLOW_UP_STAGE,
    LANGUAGES,
    MAKER_STAGES,
    WORKSHOP_STAGES,
    shopwindow_settings,
)
from ..sources import (
    ContentError,
    Source,
    choice_field,
    date_field,
    int_field,
    list_field,
    read_markdown,
    shown_path,
    text_field,
)
from .log import render, sections
from .quotes import Answer, Quote, parse_answer, parse_items, quote_version

STATUSES = ("active", "done", "cancelled")
# Header fields that say how the job runs, not who it is for; every other field is the customer's
# (title, name, item, contact, tracking...) and is private.
RUNNING_FIELDS = (
    "status", "stages", "code-version", "received", "promised", "estimate", "done", "service",
    "case", "carrier", "bay", "language", "notify",
)  # fmt: skip
# Referred-By (the referral code of the customer who recommended the shop) is the customer's too.
SEPARATORS = re.compile(r"\s+[·|]\s+")
# A heading may end in one flag: ``[notify]`` or ``[silent]`` overrides whether its stage sends the
# customer a message; ``[staff]`` makes the section a staff-only note (a follow-up call), which no page
# of the customer's shows.
# ``[quote]`` is found work for the customer to approve or decline, ``[answer]`` their answer
# (``quotes.py``); neither is an update.
FLAG = re.compile(r"\s*\[(notify|silent|staff|quote|answer)\]\s*$", re.IGNORECASE)
NOT_UPDATES = ("staff", "quote", "answer")
NO_CHANNELS = ("no", "none", "-")
CHANNEL_NAME = re.compile(r"[a-z][a-z0-9_-]*")  # a channel of SHOPWINDOW_NOTIFY, named in Notify


class JobIdError(ShopwindowError):
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


def jobs_root(settings: dict) -> Path:
    return Path(shopwindow_settings(settings).jobs_root)


def job_folder(settings: dict, job_id: str) -> Path:
    return jobs_root(settings) / check_job_id(job_id)


# ---------------------------------------------------------------------- stages
@dataclass(frozen=True)
class Stage:
    key: str
    labels: dict

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels["en"]


def site_stages(settings: dict) -> tuple[Stage, ...]:
    return tuple(
        Stage(key, dict(labels)) for key, labels in shopwindow_settings(settings).job_stages
    )


def _stage_key(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().casefold())


def match_stage(text: str, stages: tuple[Stage, ...]) -> Stage | None:
    """The stage named by its key or by its label in any language, ignoring case."""
    wanted = _stage_key(text)
    for stage in stages:
        if wanted == _stage_key(stage.key) or any(
            wanted == _stage_key(lbl) for lbl in stage.labels.values()
        ):
            return stage
    return None


# ---------------------------------------------------------------------- the model
@dataclass(frozen=True)
class JobPhoto:
    path: Path
    alt: str
    time: dt.datetime | None


@dataclass(frozen=True)
class Update:
    time: dt.datetime
    stage: Stage
    bay: str | None
    note_html: str
    photos: tuple[JobPhoto, ...] = ()
    notify: bool | None = None  # [notify] or [silent] in its heading; None: as its stage says
    clips: tuple[
        JobPhoto, ...
    ] = ()  # videos (a clip per finding), named like photos or beside job.md


@dataclass(frozen=True)
class StaffNote:
    """A ``[staff]`` section: for the shop's eyes only (a follow-up call), never on a page."""

    time: dt.datetime
    subject: str
    text: str


@dataclass(frozen=True)
class Job:
    id: str
    path: str  # job.md as shown to people
    folder: Path
    title: str
    customer: str
    item: str
    received: dt.datetime | None
    promised: dt.date | None
    estimate: dt.date | None
    stages: tuple[Stage, ...]
    status: str
    code_version: int
    case: str
    tracking: str
    carrier: str
    done_at: dt.datetime | None
    updates: tuple[Update, ...] = ()
    problems: tuple[str, ...] = field(default=(), compare=False)  # sections left out, one line each
    services: tuple[str, ...] = ()
    # The customer's fields as written (every header field but RUNNING_FIELDS): never published.
    personal: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    # The customer's language (their page and messages speak it), addresses and the channels they
    # agreed to at hand-over (none: no message is ever sent).
    language: str = "en"
    email: str = ""
    phone: str = ""
    notify: tuple[str, ...] = ()
    staff_notes: tuple[StaffNote, ...] = ()
    # Found work (``[quote]`` sections, by version) and the customer's checked answers to it, oldest
    # first; the referral code of whoever recommended the shop (as written in ``Referred-By``).
    quotes: tuple[Quote, ...] = ()
    answers: tuple[Answer, ...] = ()
    referred_by: str = ""

    @property
    def quote(self) -> Quote | None:
        """The current quote: the latest version."""
        return self.quotes[-1] if self.quotes else None

    @property
    def answer(self) -> Answer | None:
        """The customer's latest answer to the current quote."""
        current = self.quote
        answers = [a for a in self.answers if current and a.quote_version == current.version]
        return answers[-1] if answers else None

    @property
    def current_stage(self) -> Stage | None:
        return self.updates[-1].stage if self.updates else None

    @property
    def photos(self) -> list[JobPhoto]:
        return [photo for update in self.updates for photo in update.photos]

    def bay_at(self, when: dt.datetime) -> str | None:
        """The bay the job stood in at ``when``, by its log; None before it arrived or once done."""
        bay = None
        for update in self.updates:
            if update.time > when:
                break
            if update.bay:
                bay = update.bay
        if self.done_at and when >= self.done_at:
            return None
        return bay

    @property
    def bay(self) -> str | None:
        return next((u.bay for u in reversed(self.updates) if u.bay), None)


@dataclass(frozen=True)
class JobHeader:
    id: str
    path: str
    title: str
    code_version: int


def read_job_header(settings: dict, job_id: str, readers: Readers | None = None) -> JobHeader:
    """The header fields access needs, without reading photos; ContentError when there is no job.md."""
    source, _ = _job_source(settings, job_id)
    return JobHeader(
        id=job_id,
        path=source.shown_path,
        title=text_field(source, "Title"),
        code_version=int_field(source, "Code-Version", 1, 1_000_000, default=1),
    )


def _job_source(settings: dict, job_id: str) -> tuple[Source, str]:
    """job.md's header fields and its log's Markdown, read once."""
    path = job_folder(settings, job_id) / JOB_FILE
    if not path.is_file():
        raise ContentError(shown_path(str(path)), None, f"does not exist: no job {job_id!r}")
    return read_markdown(path)


@dataclass(frozen=True)
class JobSummary:
    """What a job's header and log headings say without rendering its log: enough to know whether it
    will have a page (and so a lock) long before its page is made."""

    id: str
    code_version: int
    status: str
    ended: dt.datetime | None  # for a done or cancelled job: its Done time, else its last update's


def job_summary(settings: dict, job_id: str) -> JobSummary:
    """``JobSummary`` of one job; ContentError when its header cannot be read."""
    source, log = _job_source(settings, job_id)
    ended = date_field(source, "Done")
    status = choice_field(source, "Status", STATUSES, default="active")
    if ended is None:
        times = []
        for section in sections(log):
            if heading_flag(section.heading)[1] in NOT_UPDATES:
                continue  # a staff note, a quote or an answer is no update
            try:
                times.append(parse_heading(section.heading)[0])
            except ValueError:
                continue
        ended = max(times, default=None)
    return JobSummary(
        job_id, int_field(source, "Code-Version", 1, 1_000_000, default=1), status, ended
    )


def _date_only(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def load_job(settings: dict, job_id: str, readers: Readers | None = None) -> Job:
    """Read and check one job. Header problems raise ContentError; a bad log section is left out and
    listed in ``Job.problems``."""
    source, log = _job_source(settings, job_id)
    site = site_stages(settings)
    stages = site
    listed = list_field(source, "Stages")
    if listed:
        # A job's own stages may come from the maker's or the workshop's set too, with their labels.
        known = site + tuple(
            Stage(key, dict(labels)) for key, labels in WORKSHOP_STAGES + MAKER_STAGES
        )
        stages = tuple(
            match_stage(name, known) or Stage(_stage_key(name), {"en": name}) for name in listed
        )
    problems: list[str] = []
    extra = _Extra()
    updates = _parse_log(source, log, stages, problems, settings, extra)
    folder = Path(source.path).parent
    quoted = {item.photo.path for quote in extra.quotes for item in quote.items if item.photo}
    updates = _attach_loose_photos(folder, updates, problems, source.shown_path, quoted)
    extra.answers = _answers_to_quotes(extra, problems, source.shown_path)

    def kept(read, *args, default=None):
        """A field the page can do without: a bad one is reported and left out, and the page builds
        without it (the customer's link keeps working)."""
        try:
            return read(*args)
        except ContentError as error:
            problems.append(f"{error}; left out")
            return default

    try:  # what the page cannot do without: its title, and the version its code is made with
        title = text_field(source, "Title", required=True)
        code_version = int_field(source, "Code-Version", 1, 1_000_000, default=1)
    except ContentError as error:
        raise JobError(error, problems) from None
    status = kept(choice_field, source, "Status", STATUSES, "active", default="active")
    lang = shopwindow_settings(settings).lang
    language = kept(choice_field, source, "Language", LANGUAGES, lang, default=lang)
    notify = kept(notify_channels, source, default=())
    dates = {name: kept(date_field, source, name) for name in ("Received", "Promised", "Estimate")}
    done_at = kept(date_field, source, "Done")
    if status == "done" and done_at is None and updates:
        done_at = updates[-1].time  # done by hand without a Done time: when it was last updated
    return Job(
        id=job_id,
        path=source.shown_path,
        folder=folder,
        title=title,
        customer=text_field(source, "Customer"),
        item=text_field(source, "Item"),
        received=dates["Received"],
        promised=_date_only(dates["Promised"]),
        estimate=_date_only(dates["Estimate"]),
        stages=stages,
        status=status,
        code_version=code_version,
        case=text_field(source, "Case"),
        tracking=text_field(source, "Tracking"),
        carrier=text_field(source, "Carrier").lower(),
        done_at=done_at,
        updates=tuple(updates),
        problems=tuple(problems),  # (every field above is read by now)
        services=list_field(source, "Service"),
        personal=tuple(
            (key, str(value)) for key, value in source.fields.items() if key not in RUNNING_FIELDS
        ),
        language=language,
        email=text_field(source, "Email"),
        phone=text_field(source, "Phone"),
        notify=notify,
        staff_notes=tuple(sorted(extra.staff_notes, key=lambda note: note.time)),
        quotes=tuple(sorted(extra.quotes, key=lambda quote: quote.version)),
        answers=tuple(sorted(extra.answers, key=lambda answer: answer.time)),
        referred_by=text_field(source, "Referred-By"),
    )


class JobError(ContentError):
    """A job that cannot be built (its title or code version is bad), with the other problems of
    its file (``also``), reported in the same build so that one edit fixes them all."""

    def __init__(self, error: ContentError, also: list[str]):
        super().__init__(error.path, error.field, error.problem)
        self.also = tuple(also)


@dataclass
class _Extra:
    """What a log holds besides updates: staff notes, quotes, answers."""

    staff_notes: list[StaffNote] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)


def notify_channels(source: Source) -> tuple[str, ...]:
    """The channels named in ``Notify`` (``email, sms``), or none for ``no`` or no field."""
    try:
        return channel_names(list_field(source, "Notify"))
    except ValueError as error:
        raise ContentError(source.shown_path, "Notify", str(error)) from None


def channel_names(names) -> tuple[str, ...]:
    """Channel names as ``Notify`` lists them; () for none or ``no``; ValueError for one that is no name."""
    names = tuple(name.strip().lower() for name in names if name.strip())
    if not names or names[0] in NO_CHANNELS:
        return ()
    for name in names:
        if not CHANNEL_NAME.fullmatch(name):
            raise ValueError(f'"{name}" is not a channel name (e.g. email, sms) or no')
    return names


def heading_flag(text: str) -> tuple[str, str]:
    """A heading without its flag, and the flag (``notify``, ``silent``, ``staff`` or "")."""
    found = FLAG.search(text)
    if not found:
        return text, ""
    return text[: found.start()], found.group(1).lower()


def parse_heading(text: str) -> tuple[dt.datetime, str, str | None]:
    """``2026-11-21 10:30 · paint · booth-1`` -> (time, stage text, bay or None). ValueError if not.
    A flag at the end (``[silent]``) is not part of it."""
    parts = SEPARATORS.split(heading_flag(text)[0].strip())
    if len(parts) not in (2, 3) or not all(p.strip() for p in parts):
        raise ValueError("is not \u201ctime · stage\u201d or \u201ctime · stage · bay\u201d")
    when = get_date(parts[0].strip())
    bay = parts[2].strip() if len(parts) == 3 else None
    return when.replace(tzinfo=None), parts[1].strip(), bay


def _parse_log(
    source: Source,
    log: str,
    stages: tuple[Stage, ...],
    problems: list[str],
    settings: dict,
    extra: _Extra,
) -> list[Update]:
    """The log's sections (``log.py``), checked: a heading that does not parse or names an unknown
    stage, or a photo that is not in the job folder, is one line in ``problems`` and left out. A
    ``[staff]`` section goes to ``extra.staff_notes``, as written, a ``[quote]`` or ``[answer]`` to
    ``extra.quotes`` or ``extra.answers`` (a bad one is left out whole); none is an update."""
    folder = Path(source.path).parent

    def report(problem: str) -> None:
        problems.append(f"{source.shown_path}: {problem}")

    updates = []
    for section in sections(log):
        heading = section.heading
        try:
            when, stage_text, bay = parse_heading(heading)
        except ValueError as error:
            report(f'log heading "{heading}" {error}; section left out')
            continue
        flag = heading_flag(heading)[1]
        if flag == "staff":
            subject = " · ".join(part for part in (stage_text, bay) if part)
            extra.staff_notes.append(StaffNote(when, subject, section.markdown.strip()))
            continue
        if flag in ("quote", "answer"):
            try:
                if flag == "quote":
                    quote = _quote(when, stage_text, section.markdown, folder, extra, report)
                    extra.quotes.append(quote)
                else:
                    extra.answers.append(parse_answer(section.markdown, when))
            except ValueError as error:
                report(f'{flag} "{heading}" {error}; section left out')
            continue
        stage = match_stage(stage_text, stages)
        if stage is None and _stage_key(stage_text) == FORMER_FOLLOW_UP_STAGE:
            extra.staff_notes.append(StaffNote(when, stage_text, section.markdown.strip()))
            continue
        if stage is None:
            valid = ", ".join(s.key for s in stages)
            report(
                f'log heading "{heading}": stage "{stage_text}" is not one of {valid}; section left out'
            )
            continue
        rendered = render(section, settings.get("MARKDOWN", {}))
        photos, clips = _section_media(rendered.images, heading, folder, settings, report)
        note = staff_text(resolve_links(rendered.html, folder, settings, report))
        note = re.sub(r"<p>\s*</p>", "", note).strip()
        notify = {"notify": True, "silent": False}.get(flag)
        updates.append(Update(when, stage, bay, note, tuple(photos), notify, tuple(clips)))
    updates.sort(key=lambda u: u.time)
    return updates


def _section_media(
    images: list, heading: str, folder: Path, settings: dict, report
) -> tuple[list[JobPhoto], list[JobPhoto]]:
    """(photos, clips) a section's Markdown shows: files in the job folder only, each other one a line
    in the report and left out."""
    photos, clips = [], []
    for src, alt in images:
        path = local_path(src, folder, settings)
        if path is None or not path.is_file():
            report(f'photo "{src}" in "{heading}" does not exist in the job folder')
            continue
        if folder.resolve() not in path.resolve().parents:
            report(
                f'photo "{src}" in "{heading}" is a link to a file outside the job folder; left out'
            )
            continue
        media = clips if path.suffix.lower() in VIDEO_SUFFIXES else photos
        media.append(JobPhoto(path.resolve(), alt, photo_time(path)))
    return photos, clips


def _answers_to_quotes(extra: _Extra, problems: list[str], shown_path: str) -> list[Answer]:
    """The answers that answer a quote of the log item by item. One to a version the log does not
    hold, or with another number of choices than its quote has items (an item added to the quote
    after the customer answered it), is one line in ``problems`` and left out: the page shows the
    quote unanswered, and staff record the customer's new answer."""
    quotes = {quote.version: quote for quote in extra.quotes}
    kept = []
    for answer in extra.answers:
        quote = quotes.get(answer.quote_version)
        if quote is None:
            problems.append(
                f"{shown_path}: the answer of {answer.time:%Y-%m-%d %H:%M} is to quote "
                f"{answer.quote_version}, which the log does not hold; answer left out"
            )
        elif len(answer.choices) != len(quote.items):
            problems.append(
                f"{shown_path}: the answer of {answer.time:%Y-%m-%d %H:%M} holds "
                f"{len(answer.choices)} choices ({answer.choices}) for the {len(quote.items)} items "
                f"of quote {quote.version} (was an item added after it was answered? make the "
                "change a new quote version); answer left out"
            )
        else:
            kept.append(answer)
    return kept


def _quote(when, stage_text: str, body: str, folder: Path, extra: _Extra, report) -> Quote:
    """One ``[quote]`` section, its item photos found in the job folder (a missing one is reported
    and the item kept without it: the items, and so the answers, stay as the customer saw them)."""
    version = quote_version(stage_text)
    if any(quote.version == version for quote in extra.quotes):
        raise ValueError(f"repeats version {version}")
    items = []
    for item in parse_items(body):
        if item.photo_name:
            path = (folder / item.photo_name).resolve()
            if not path.is_file() or folder.resolve() not in path.parents:
                report(
                    f'photo "{item.photo_name}" of "{item.name}" is not a file in the job folder'
                )
            else:
                item = dataclasses.replace(item, photo=JobPhoto(path, item.name, photo_time(path)))
        items.append(item)
    return Quote(version, when, tuple(items))


def photo_time(path: Path) -> dt.datetime | None:
    """When a photo was taken: its EXIF time, else the file's time (a clip's: the file's time)."""
    if path.suffix.lower() in VIDEO_SUFFIXES:
        return file_time(path)
    return exif_time(path) or file_time(path)


def _attach_loose_photos(
    folder: Path, updates: list[Update], problems: list[str], shown: str, quoted: set = frozenset()
) -> list[Update]:
    """Photos in the folder that no section names (an update or a quote's item: ``quoted``) join the
    update nearest in time."""
    if not updates:
        return updates
    for link in folder.iterdir():
        if link.is_symlink() and folder.resolve() not in link.resolve().parents:
            problems.append(
                f'{shown}: photo "{link.name}" is a link to a file outside the job folder; left out'
            )
    named = {p.path for u in updates for p in (*u.photos, *u.clips)} | set(quoted)
    loose = sorted(
        p.resolve()
        for p in folder.iterdir()
        if p.is_file()
        and folder.resolve() in p.resolve().parents
        and p.suffix.lower() in (*PHOTO_SUFFIXES, *VIDEO_SUFFIXES)
        and p.resolve() not in named
        and not p.name.startswith(".")
    )
    extra: dict[tuple[int, bool], list[JobPhoto]] = {}
    for path in loose:
        when = photo_time(path) or updates[-1].time
        nearest = min(
            range(len(updates)), key=lambda i: abs((updates[i].time - when).total_seconds())
        )
        clip = path.suffix.lower() in VIDEO_SUFFIXES
        extra.setdefault((nearest, clip), []).append(JobPhoto(path, "", when))

    def joined(i: int, update: Update, clip: bool) -> tuple[JobPhoto, ...]:
        found = sorted(extra.get((i, clip), []), key=lambda p: p.time or update.time)
        return (update.clips if clip else update.photos) + tuple(found)

    return [
        dataclasses.replace(u, photos=joined(i, u, False), clips=joined(i, u, True))
        for i, u in enumerate(updates)
    ]


def any_job(settings: dict) -> bool:
    """Whether the site has a job (a folder with a job.md), found without listing them all."""
    return next(job_folders(jobs_root(settings)), None) is not None


def job_ids(settings: dict) -> list[str]:
    return sorted(p.name for p in job_folders(jobs_root(settings)))


def load_jobs(
    settings: dict, readers: Readers | None = None, cache: DerivedCache | None = None
) -> tuple[list[Job], list[ContentError]]:
    """Every job. With ``cache`` (a sealed store: jobs are private), a job whose ``job.md`` and files
    are unchanged is not parsed again."""
    readers = readers or Readers(settings)
    jobs, problems = [], []
    for job_id in job_ids(settings):
        try:
            check_job_id(job_id)
            if cache is None:
                jobs.append(load_job(settings, job_id, readers))
            else:
                jobs.append(_load_cached(settings, job_id, readers, cache))
        except JobIdError as error:
            problems.append(
                ContentError(shown_path(str(jobs_root(settings) / job_id)), None, str(error))
            )
        except ContentError as error:
            problems += [error, *getattr(error, "also", ())]
    return jobs, problems


# Pelican's intrasite links ({filename}, {static}...): a job whose log has one depends on other files
# of the site, so it is parsed every time.
INTRASITE_LINK = re.compile(rb"[{|]\w+[|}]")


def _load_cached(settings: dict, job_id: str, readers: Readers, cache: DerivedCache) -> Job:
    """``load_job``, from the cache when nothing that shapes the parsed job changed: the bytes of
    ``job.md``, the name, size and time of every file in the folder (photos join updates by name and
    by time), the settings the parse reads, and Shopwindow's code."""
    folder = job_folder(settings, job_id)
    try:
        text = (folder / JOB_FILE).read_bytes()
    except OSError:
        return load_job(settings, job_id, readers)  # raises the ContentError that says why
    if INTRASITE_LINK.search(text):
        return load_job(settings, job_id, readers)
    files = []
    for place, _, names in os.walk(folder):
        for name in names:
            stat = os.stat(os.path.join(place, name))
            files.append((os.path.relpath(os.path.join(place, name), folder), stat.st_size,
                          stat.st_mtime_ns))  # fmt: skip
    sw = shopwindow_settings(settings)
    key = cache.key(
        "job", job_id, hashlib.sha256(text).hexdigest(), sorted(files), str(folder),
        repr(settings.get("MARKDOWN")), settings["PATH"], repr(sw.job_stages), sw.lang,
        code_fingerprint(),
    )  # fmt: skip
    data = cache.get(key)
    if data is not None:
        try:
            return pickle.loads(data)  # sealed under the site secret: only this site wrote it
        except Exception:  # an entry from another version of a library: parse again
            pass
    job = load_job(settings, job_id, readers)
    cache.put(key, pickle.dumps(job))
    return job


def build_jobs(context: dict, settings: dict, readers: Readers, cache: DerivedCache | None = None):
    """``load_jobs``, once per build, whichever part asks first."""
    return per_build(context, "jobs", lambda: load_jobs(settings, readers, cache))
