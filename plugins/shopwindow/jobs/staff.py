"""What staff do to a job from the command line: open it, log an update, close it, change its code.
Files only, and the one place that writes ``job.md``; the site is rebuilt by Pelican (or ``shopwindow
watch``) as for any other edit.

Each change checks everything first (job ID, stage, every photo) and only then writes: photos under a
temporary name and renamed, job.md written whole and renamed. A refused command leaves nothing behind.
Each change of a job holds the job's lock (``.locks/ID.lock`` in the jobs folder; the filelock package) from reading
job.md to writing it, so two phones on the staff page, the command and the counter updating one job at
once each land whole and once, in the order they took the lock; "now" is read under the lock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import shutil
import tempfile
from pathlib import Path

from filelock import FileLock

from ..access.format import (
    ANSWER_FORMAT,
    REFERRAL_CHARACTERS,
    answer_code,
    answer_key,
    normalise_code,
    referral_code,
)
from ..access.secret import load_secret
from ..atomic import private_folder, write_atomically
from ..clock import latest, now
from ..errors import ShopwindowError
from ..photos import (
    VIDEO_SUFFIXES,
    PhotoError,
    PhotoSettings,
    VideoError,
    VideoSettings,
    check_clip,
    check_photo,
)
from ..settings import LANGUAGES, shopwindow_settings
from ..sources import ContentError
from .log import device_mark
from .model import (
    JOB_FILE,
    Job,
    channel_names,
    job_folder,
    job_ids,
    load_job,
    match_stage,
    read_job_header,
    site_stages,
)
from .quotes import (
    Answer,
    Quote,
    answer_token,
    digest_of,
    find_token,
    item_line,
    parse_item,
)

CONTACT_FIELDS = ("Email", "Phone", "Language", "Notify", "Referred-By")
MAX_ENUMERATED_ITEMS = 16  # a changed answer is told apart from a made-up one up to this many items


class StaffError(ShopwindowError):
    """A command that cannot be carried out; nothing was written."""


# The jobs' locks: one file a job in this folder of the jobs folder (a dot folder, which the build,
# the check and the watcher pass over, as ``.messages``), so that a job's own folder holds only what
# staff put there.
LOCKS_FOLDER = ".locks"


def one_writer(function):
    """``function(settings, job_id, ...)`` run holding the job's lock (when its folder exists; a job
    ID that names none is reported by ``function`` as ever)."""

    @functools.wraps(function)
    def locked(settings: dict, job_id: str, *args, **kwargs):
        try:
            folder = job_folder(settings, job_id)
        except ShopwindowError:
            folder = None
        if folder is None or not folder.is_dir():
            return function(settings, job_id, *args, **kwargs)
        locks = private_folder(folder.parent / LOCKS_FOLDER)
        with FileLock(locks / f"{job_id}.lock", mode=0o600):
            return function(settings, job_id, *args, **kwargs)

    return locked


def _now() -> dt.datetime:
    return now().replace(second=0)  # this minute, on the pinned day when SHOPWINDOW_TODAY says so


# How far ahead of this machine's clock another clock (a phone's, the counter's) may be.
CLOCK_SLACK = dt.timedelta(minutes=5)


def _when(at: dt.datetime | None, force: bool = False) -> dt.datetime:
    """The time of what is being logged: ``at``, else now. A time still to come is a mistyped day
    or hour (the log is of what happened): refused, unless ``force``."""
    if at is None:
        return _now()
    if not force and at > latest(CLOCK_SLACK):
        raise StaffError(
            f'--at "{_minute(at)}" is in the future (it is {_minute(_now())} now): the log is of '
            "what has happened; nothing was written (--force if this machine's clock is wrong)"
        )
    return at


def _minute(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M")


def _section(
    when: dt.datetime,
    stage: str,
    bay: str | None,
    lines: list[str],
    flag: str | None = None,
    device: str = "",
) -> str:
    """A log section; ``device``: the staff page's paired phone that made it, marked for staff."""
    heading = f"## {_minute(when)} · {stage}" + (f" · {bay}" if bay else "")
    heading += f" [{flag}]" if flag else ""
    text = "\n".join([heading, *lines]).rstrip()
    return text + (f"\n{device_mark(device)}" if device else "") + "\n"


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
    force: bool = False,
    device: str = "",
) -> Path:
    """Open a job. ``contact``: the customer's Email, Phone, Language and Notify (channels or no).
    ``force``: take an ``at`` in the future, or a promise before the hand-over day."""
    folder = job_folder(settings, job_id)
    if folder.exists():
        raise StaffError(f"{folder}: job {job_id} exists already")
    when = _when(at, force)
    if not force and promised < when.date():
        raise StaffError(
            f"--promised {promised.isoformat()} is before the hand-over ({when:%Y-%m-%d}): a "
            "promise is of a day to come; nothing was written (--force to record one that has "
            "passed)"
        )
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
    if contact.get("Referred-By"):
        contact["Referred-By"] = referrer_code(settings, contact["Referred-By"])
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
    text = (
        "\n".join(header)
        + "\n\n"
        + _section(when, first, bay, [note] if note else [], None, device)
    )
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir()  # two counters opening one job ID at once: one of them makes it
    except FileExistsError:
        raise StaffError(f"{folder}: job {job_id} exists already") from None
    replace_file(folder / JOB_FILE, text)
    return folder / JOB_FILE


def _unique_name(folder: Path, name: str, taken: set[str]) -> str:
    stem, suffix = Path(name).stem, Path(name).suffix.lower()
    candidate, n = f"{stem}{suffix}", 2
    while (folder / candidate).exists() or candidate in taken:
        candidate, n = f"{stem}-{n}{suffix}", n + 1
    return candidate


@one_writer
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
    force: bool = False,
    device: str = "",
) -> str:
    """Append one log section (and copy its photos in); return the section as written. ``notify``
    True or False marks it ``[notify]`` or ``[silent]``: whether it sends the customer a message,
    whatever its stage's setting. ``force``: take an ``at`` in the future."""
    when = _when(at, force)
    job = _loaded(settings, job_id)
    matched = match_stage(stage, job.stages)
    if matched is None:
        raise StaffError(f'stage "{stage}" is not one of {", ".join(s.key for s in job.stages)}')
    sw = shopwindow_settings(settings)
    if carrier and carrier.lower() not in sw.carriers:
        raise StaffError(
            f'carrier "{carrier}" is not one of {", ".join(sw.carriers)} (setting CARRIERS)'
        )
    _check_photos(settings, photos)
    names = _copy_photos(job.folder, photos)
    # Only what staff wrote goes into the log: the page and the messages write the rest in the
    # customer's language (a photo without words is "Photo of <stage>"; the tracking number is the
    # header's, shown as "Tracking number: ...").
    lines = [note] if note else []
    lines += [f"![]({name})" for name in names]
    flag = {True: "notify", False: "silent"}.get(notify)
    section = _section(when, matched.key, bay, lines, flag, device)
    path = _append(job, section)
    if tracking:
        set_header_field(path, "Tracking", tracking)
    if carrier:
        set_header_field(path, "Carrier", carrier.lower())
    if estimate:
        set_header_field(path, "Estimate", estimate.isoformat())
    return section


def _check_photos(settings: dict, photos) -> None:
    """Each photo opens under the pipeline's rules, and each clip (by its suffix) as a clip."""
    sw = shopwindow_settings(settings)
    photo_settings = PhotoSettings.from_settings(sw)
    video_settings = VideoSettings.from_settings(sw)
    for photo in photos:
        try:
            if Path(photo).suffix.lower() in VIDEO_SUFFIXES:
                check_clip(Path(photo), video_settings)
            else:
                check_photo(photo, photo_settings)
        except (PhotoError, VideoError) as error:
            raise StaffError(f"{photo}: {error}; nothing was written") from None


def _copy_photos(folder: Path, photos) -> list[str]:
    """Copy checked photos into the job folder under temporary names, then rename them; their names."""
    taken: set[str] = set()
    names = []
    for photo in photos:
        name = _unique_name(folder, Path(photo).name, taken)
        taken.add(name)
        names.append(name)
    temporaries = []
    try:
        for photo in photos:
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".incoming-")
            with open(handle, "wb") as out, open(photo, "rb") as source:
                shutil.copyfileobj(source, out)
            temporaries.append(Path(temporary))
    except OSError:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, name in zip(temporaries, names, strict=True):
        temporary.replace(folder / name)
    return names


def _append(job: Job, section: str) -> Path:
    """``section`` written at the end of the job's log (job.md written whole, then renamed); its path."""
    path = job.folder / JOB_FILE
    replace_file(path, path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + section)
    return path


def _loaded(settings: dict, job_id: str) -> Job:
    try:
        return load_job(settings, job_id)
    except ContentError as error:
        raise StaffError(str(error)) from None


# ---------------------------------------------------------------------- found work
@one_writer
def add_quote(
    settings: dict,
    job_id: str,
    items: list[str],
    at: dt.datetime | None = None,
    force: bool = False,
    device: str = "",
) -> tuple[int, str]:
    """Append a ``[quote]`` section, the next version, from ``name | price | urgency | photo | note``
    items (a photo is a file anywhere, copied into the job folder); (version, section)."""
    when = _when(at, force)
    job = _loaded(settings, job_id)
    if job.status != "active":
        raise StaffError(f"{job.path}: job {job_id} is {job.status}: a quote is for an active job")
    if not items:
        raise StaffError('give at least one --item "name | price | urgency | photo"')
    parsed = []
    for text in items:
        if "\n" in text or "\r" in text:
            raise StaffError("--item: one line, please")
        try:
            parsed.append(parse_item(text))
        except ValueError as error:
            raise StaffError(f"--item {error}; nothing was written") from None
    photos = [Path(item.photo_name) for item in parsed if item.photo_name]
    for photo in photos:
        if not photo.is_file():
            raise StaffError(f"--item photo {photo}: no such file; nothing was written")
    _check_photos(settings, photos)
    # A photo already in the job folder is named as it is; any other is copied in.
    inside = {p for p in photos if p.resolve().parent == job.folder.resolve()}
    copied = iter(_copy_photos(job.folder, [p for p in photos if p not in inside]))
    parsed = [
        dataclasses.replace(i, photo_name=_photo_name(Path(i.photo_name), inside, copied))
        if i.photo_name
        else i
        for i in parsed
    ]
    version = max((quote.version for quote in job.quotes), default=0) + 1
    section = _section(
        when, f"quote {version}", None, [item_line(i) for i in parsed], "quote", device
    )
    _append(job, section)
    return version, section


def _photo_name(photo: Path, inside: set[Path], copied) -> str:
    return photo.name if photo in inside else next(copied)


def approved_and_declined(quote: Quote, choices: str) -> tuple[list[str], list[str]]:
    approved = [item.name for item, c in zip(quote.items, choices, strict=True) if c == "A"]
    declined = [item.name for item, c in zip(quote.items, choices, strict=True) if c == "D"]
    return approved, declined


def check_answer(settings: dict, job: Job, message: str, when: dt.datetime) -> tuple[Quote, Answer]:
    """The answer in a pasted message, checked against the job's answer key: the quote it answers and
    the answer (received ``when``). StaffError saying what is wrong: no code, another job, a changed
    choice, a changed job, a changed or replaced quote version, an access code since changed, or a
    code nobody made."""
    token = find_token(message)
    if token is None:
        raise StaffError("no answer code in the message: it ends with a line like "
                         f'"Answer code: {job.id}/Q1/AAD/XXXXX-XXXXX"')  # fmt: skip
    if not job.quotes:
        raise StaffError(f"job {job.id} has no quote to answer")
    if token.job != job.id:
        raise StaffError(f"the message answers job {token.job}, not {job.id}: "
                         f"run shopwindow job answer {token.job}")  # fmt: skip
    if token.answer_format not in (1, ANSWER_FORMAT):
        raise StaffError(f"the answer code is of format {token.answer_format}, which this version "
                         "of Shopwindow does not know: the message was changed, or update Shopwindow")  # fmt: skip
    if bad := set(token.choices) - {"A", "D"}:
        raise StaffError(f"the choices {token.choices} hold {''.join(sorted(bad))}: only A (approved) "
                         "and D (declined) are made by the page; the message was changed")  # fmt: skip
    check = _AnswerCheck(settings, job, token)
    quote = check.genuine()
    if quote is None:
        raise check.what_was_changed()
    if quote is not job.quote:
        raise StaffError(f"the answer is to quote version {quote.version}, which version "
                         f"{job.quote.version} replaced on {job.quote.time:%Y-%m-%d %H:%M}: the "
                         "customer should answer the new quote from the page")  # fmt: skip
    return quote, Answer(quote.version, when, token.choices, token.code, token.answer_format)


class _AnswerCheck:
    """One answer code against the codes the job page could have made: the genuine one, else the
    first change that explains it (choices, quote version, an old access code, another job)."""

    def __init__(self, settings: dict, job: Job, token) -> None:
        self.settings, self.job, self.token = settings, job, token
        self.secret = load_secret(settings, create=False)
        self.versions = {quote.version: quote for quote in job.quotes}
        self.currency = shopwindow_settings(settings).currency
        self.quote = self.versions.get(token.quote_version)
        self.keys: dict[tuple[str, int], bytes] = {}

    def made(self, job_id: str, code_version: int, quote: int, choices: str, digest=None) -> bool:
        """Whether the page made this code; format 2 binds the quote as it is now (``digest``, by
        default that of this job's quote ``quote``), format 1 only its version."""
        if self.token.answer_format == 1:
            digest = None
        elif digest is None:
            digest = (
                digest_of(self.versions[quote], self.currency) if quote in self.versions else ""
            )
        if (job_id, code_version) not in self.keys:
            self.keys[job_id, code_version] = answer_key(self.secret, job_id, code_version)
        key = self.keys[job_id, code_version]
        return answer_code(key, job_id, quote, choices, digest) == self.token.code

    def genuine(self) -> Quote | None:
        """The quote this code answers as the message says, or None."""
        quote, token, job = self.quote, self.token, self.job
        fits = quote is not None and len(token.choices) == len(quote.items)
        if fits and self.made(job.id, job.code_version, quote.version, token.choices):
            return quote
        return None

    def what_was_changed(self) -> StaffError:
        for finding in (self._changed_choices, self._changed_version, self._old_code,
                        self._other_job):  # fmt: skip
            if (error := finding()) is not None:
                return error
        return self._not_made()

    def _changed_choices(self) -> StaffError | None:
        quote, token, job = self.quote, self.token, self.job
        if not quote or len(quote.items) > MAX_ENUMERATED_ITEMS:
            return None
        for n in range(2 ** len(quote.items)):
            choices = "".join("D" if n >> i & 1 else "A" for i in range(len(quote.items)))
            if choices != token.choices and self.made(
                job.id, job.code_version, quote.version, choices
            ):
                approved, declined = approved_and_declined(quote, choices)
                return StaffError(
                    f"the choices were changed after the page made the code: the code is for "
                    f"approved {', '.join(approved) or 'nothing'}; declined "
                    f"{', '.join(declined) or 'nothing'} ({choices}), the message says "
                    f"{token.choices}; ask the customer to send the answer again"
                )
        return None

    def _changed_version(self) -> StaffError | None:
        token, job = self.token, self.job
        for other in self.versions.values():
            if (
                other.version != token.quote_version
                and len(other.items) == len(token.choices)
                and self.made(job.id, job.code_version, other.version, token.choices)
            ):
                return StaffError(f"the quote version was changed: the code is for quote version "
                                  f"{other.version}, the message says {token.quote_version}")  # fmt: skip
        return None

    def _old_code(self) -> StaffError | None:
        token, job = self.token, self.job
        for version in range(job.code_version - 1, 0, -1):
            if self.made(job.id, version, token.quote_version, token.choices):
                return StaffError(f"the answer was made with an access code that has since been "
                                  f"changed (Code-Version {version}, now {job.code_version}): the "
                                  "customer should answer again from the page with the new code")  # fmt: skip
        return None

    def _other_job(self) -> StaffError | None:
        token = self.token
        for other_id in job_ids(self.settings):
            if other_id == self.job.id:
                continue
            try:
                version = read_job_header(self.settings, other_id).code_version
            except ContentError:
                continue
            digest = _other_digest(self.settings, other_id, token.quote_version, self.currency)
            if self.made(other_id, version, token.quote_version, token.choices, digest=digest):
                return StaffError(f"the job in the message was changed: its answer code was made on "
                                  f"the page of job {other_id}, not {self.job.id}")  # fmt: skip
        return None

    def _not_made(self) -> StaffError:
        quote, token, job = self.quote, self.token, self.job
        if quote is None:
            return StaffError(f"job {job.id} has no quote version {token.quote_version} (versions: "
                              f"{', '.join(str(v) for v in sorted(self.versions))})")  # fmt: skip
        if len(token.choices) != len(quote.items):
            return StaffError(f"quote version {quote.version} has {len(quote.items)} items, the "
                              f"answer has {len(token.choices)} choices: the message was changed")  # fmt: skip
        if token.answer_format > 1:
            return StaffError(f"the answer code does not match quote version {quote.version} as it "
                              "is now: its items, prices or currency were changed after the customer "
                              "answered (or the message was); ask the customer to answer again from "
                              "the page")  # fmt: skip
        return StaffError(f"the answer code {token.code[:5]}-{token.code[5:]} was not made by job "
                          f"{job.id}'s page: mistyped or made up; nothing was recorded")  # fmt: skip


@one_writer
def record_answer(
    settings: dict,
    job_id: str,
    message: str,
    at: dt.datetime | None = None,
    force: bool = False,
    device: str = "",
) -> tuple[Quote, Answer, str | None]:
    """Check the answer in ``message`` (``check_answer``) and append it to the log as an ``[answer]``
    section; (quote, answer, the section written, or None when this answer was recorded before)."""
    when = _when(at, force)
    job = _loaded(settings, job_id)
    quote, answer = check_answer(settings, job, message, when)
    if any(a.code == answer.code and a.quote_version == answer.quote_version for a in job.answers):
        return quote, answer, None
    approved, declined = approved_and_declined(quote, answer.choices)
    lines = [
        f"Approved: {', '.join(approved) or 'nothing'}.",
        f"Declined: {', '.join(declined) or 'nothing'}.",
        "Answer code: "
        + answer_token(job.id, quote.version, answer.choices, answer.code, answer.answer_format),
    ]
    section = _section(answer.time, "answer", f"quote {quote.version}", lines, "answer", device)
    _append(job, section)
    return quote, answer, section


def _other_digest(settings: dict, job_id: str, quote_version: int, currency: str) -> str | None:
    """The digest of another job's quote version (to tell an answer moved between jobs); only a job
    whose log holds a quote is read whole."""
    try:
        if "[quote]" not in (job_folder(settings, job_id) / JOB_FILE).read_text(encoding="utf-8"):
            return ""
        other = load_job(settings, job_id)
    except (OSError, ContentError, ValueError):  # a bad job ID too
        return None
    quotes = {quote.version: quote for quote in other.quotes}
    return digest_of(quotes[quote_version], currency) if quote_version in quotes else ""


# ---------------------------------------------------------------------- recommendations
def referral_codes(settings: dict) -> dict[str, str]:
    """Every job's referral code -> its job ID."""
    secret = load_secret(settings, create=False)
    return {referral_code(secret, job_id): job_id for job_id in job_ids(settings)}


def referrer_code(settings: dict, text: str) -> str:
    """A referral code as typed, checked to be a job's; the code as the job file keeps it."""
    code = normalise_code(text)
    if len(code) != REFERRAL_CHARACTERS or code not in referral_codes(settings):
        raise StaffError(f'--referred-by "{text}" is no customer\'s referral code (8 letters and '
                         'digits, from the "Recommend us" link of a done job)')  # fmt: skip
    return code


@one_writer
def mark_done(
    settings: dict,
    job_id: str,
    at: dt.datetime | None = None,
    force: bool = False,
    device: str = "",
) -> dt.datetime:
    when = _when(at, force)
    job = _loaded(settings, job_id)
    if job.status == "done":
        raise StaffError(f"{job.path}: job {job_id} is done already")
    path = job.folder / JOB_FILE
    last = job.stages[-1].key
    if job.current_stage is None or job.current_stage.key != last:
        _append(job, _section(when, last, None, [], None, device))
    set_header_field(path, "Status", "done")
    set_header_field(path, "Done", _minute(when))
    return when


@one_writer
def add_staff_note(
    settings: dict,
    job_id: str,
    subject: str,
    note: str,
    at: dt.datetime | None = None,
    force: bool = False,
    device: str = "",
) -> str:
    """Append a ``[staff]`` section (a follow-up call): in the log, on no page of the customer's."""
    when = _when(at, force)
    job = _loaded(settings, job_id)
    lines = note.strip().splitlines()
    if any(line.startswith("#") for line in lines):
        raise StaffError("--note: a line may not start with #: it would begin a new log section")
    section = _section(when, subject, None, lines, "staff", device)
    _append(job, section)
    return section


@one_writer
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
