"""Testimonials the customers write: the message a done job's page prepares, checked and added.

The page (its card "Tell others about your experience") writes the message out in the customer's
language and ends it with the code's line::

    Name to show: Ion P.
    Service: Brakes
    My words:
    They found the fault in an hour and kept the price they quoted.
    I agree: I agree that my words, my rating and the name above may be published ...
    Testimonial code: 2026-0042/T1/en/C1/R5/N7K2QW/WD3F9A/XXXXX-XXXXX

The labels are the catalog's, in the language the code's line names (``en``), so the shop reads them
whatever the customer's language. The code's line is ``job/T<format>/<language>/C<consent version>/
R<rating>/N<name tag>/W<words tag>/<code>``; the code (the access format says how it is made) binds
the job, the language, the consent statement's version, the rating, the name and the words, so an
altered one is refused, and the tags tell which. Lines a mail program quoted (``> ``) or rewrapped
read the same. A withdrawal ends with ``Withdrawal code: 2026-0042/W1/XXXXX-XXXXX``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..access.format import (
    TESTIMONIAL_FORMAT,
    folded,
    normalise_code,
    testimonial_tag,
    withdrawal_code,
)
from ..access.secret import load_secret
from ..atomic import write_atomically
from ..errors import ShopwindowError
from ..i18n import N_, translations
from ..jobs.model import Job, JobIdError, job_ids, load_job, read_job_header
from ..photos import PHOTO_SUFFIXES, PhotoError, PhotoSettings, check_photo
from ..photos.video import VIDEO_SUFFIXES, VideoError, VideoSettings, check_clip
from ..settings import LANGUAGES, shopwindow_settings
from ..sources import ContentError
from .files import existing, header_field, write_new
from .proof import CODE, TOKEN, JobKeys

# The message's labels (the page writes them in the customer's language; read in the code's).
LABELS = {
    "name": N_("Name to show:"),
    "service": N_("Service:"),
    "words": N_("My words:"),
    "consent": N_("I agree:"),
    "code": N_("Testimonial code:"),
    "withdrawal": N_("Withdrawal code:"),
}
WITHDRAWAL = re.compile(r"(?P<job>[^\s/]+)/W(?P<format>\d+)/" + CODE + r"\b")
EXAMPLE = "Testimonial code: JOB/T1/en/C1/R5/NXXXXX/WXXXXX/XXXXX-XXXXX"


class TestimonialError(ShopwindowError):
    """A customer's message that cannot be added (or withdrawn); nothing was written."""


@dataclass(frozen=True)
class Written:
    """A testimonial as the customer's message gives it."""

    job: str
    lang: str
    consent_version: str
    rating: int
    name: str
    words: str  # as written, its lines kept
    service: str
    code: str  # normalised
    name_tag: str
    words_tag: str

    @property
    def line(self) -> str:
        code = f"{self.code[:5]}-{self.code[5:]}"
        return (f"{self.job}/T{TESTIMONIAL_FORMAT}/{self.lang}/C{self.consent_version}/"
                f"R{self.rating}/N{self.name_tag}/W{self.words_tag}/{code}")  # fmt: skip


def _lines(message: str) -> list[str]:
    """The message's lines without a mail program's quoting (``> ``), ends stripped."""
    text = message.replace("\r\n", "\n").replace("\r", "\n")
    return [re.sub(r"^\s*(?:>\s?)+", "", line).rstrip() for line in text.split("\n")]


def _labels(lang: str) -> dict[str, str]:
    speak = translations("", lang).gettext
    return {key: speak(label) for key, label in LABELS.items()}


def _starting(line: str, label: str) -> str | None:
    """What follows ``label`` at the start of ``line`` (case and spacing aside), or None."""
    if folded(line).casefold().startswith(folded(label).casefold()):
        return folded(line)[len(folded(label)) :].strip()
    return None


def read_written(message: str) -> tuple[Written, str]:
    """The testimonial in a customer's message, as it says, and the consent statement it quotes;
    TestimonialError naming what is missing."""
    lines = _lines(message)
    found = [(i, match) for i, line in enumerate(lines) for match in TOKEN.finditer(line)]
    if not found:
        raise TestimonialError(
            f'no testimonial code in the message: it ends with a line like "{EXAMPLE}"'
        )
    at, token = found[-1]
    if int(token["format"]) != TESTIMONIAL_FORMAT:
        raise TestimonialError(
            f"the testimonial code is of format {token['format']}, which this version of Shopwindow "
            "does not know: the message was changed, or update Shopwindow"
        )
    lang = token["lang"]
    if lang not in LANGUAGES:
        raise TestimonialError(f"the code's language {lang!r} is not one of {', '.join(LANGUAGES)}")
    labels, fields, words, consent = _labels(lang), {}, None, None
    for line in lines[:at]:
        if consent is not None:
            consent.append(line)
        elif (rest := _starting(line, labels["consent"])) is not None:
            consent = [rest]
        elif words is not None:
            words.append(line)
        elif (rest := _starting(line, labels["words"])) is not None:
            words = [rest] if rest else []
        else:
            for key in ("name", "service"):
                if key not in fields and (rest := _starting(line, labels[key])) is not None:
                    fields[key] = rest
    if not fields.get("name"):
        raise TestimonialError(f'the message has no name to show (a line "{labels["name"]} ...")')
    text = "\n".join(words or []).strip("\n")
    if not folded(text):
        raise TestimonialError(f'the message has no words (below a line "{labels["words"]}")')
    if consent is None:
        raise TestimonialError(
            f'the message has no consent line ("{labels["consent"]} ..."): without the customer\'s '
            "consent nothing is written"
        )
    written = Written(
        job=token["job"], lang=lang, consent_version=token["consent"], rating=int(token["rating"]),
        name=fields["name"], words=text, service=fields.get("service", ""),
        code=normalise_code(token["code"]), name_tag=normalise_code(token["name_tag"]),
        words_tag=normalise_code(token["words_tag"]),
    )  # fmt: skip
    return written, " ".join(consent)


class _Keys(JobKeys):
    """A job's keys (``proof.JobKeys``), asked of a customer's message."""

    def made(self, job: str, written: Written, rating: int | None = None) -> bool:
        rating = written.rating if rating is None else rating
        fields = (written.lang, written.consent_version, rating, written.name, written.words)
        return self.code_of(job, *fields, code=written.code)

    def tag(self, job: str, part: str, text: str, tag: str) -> bool:
        return any(testimonial_tag(key, job, part, text) == tag for key in self.keys)


def check_written(settings: dict, message: str) -> tuple[Job, Written]:
    """The customer's testimonial, checked: its job, its consent statement (this site's, verbatim, in
    its language), and its code. Each way a message can be wrong has its own message."""
    written, statement = read_written(message)
    job = _job(settings, written.job)
    consent = shopwindow_settings(settings).testimonial_consent
    if written.consent_version != consent["version"]:
        raise TestimonialError(
            f"the consent statement is version {written.consent_version}, this site's is version "
            f"{consent['version']}: ask the customer to send it again from the page"
        )
    if folded(statement) != folded(consent[written.lang]):
        raise TestimonialError(
            "the consent statement in the message is not the one the page shows (it was changed): "
            "nothing is written without the customer's consent as they agreed to it"
        )
    if not 1 <= written.rating <= 5:
        raise TestimonialError(
            f"the rating R{written.rating} is not from 1 to 5: the message was changed"
        )
    secret = load_secret(settings, create=False)
    keys = _Keys(secret, job.id, job.code_version)
    if keys.made(job.id, written):
        return job, written
    raise _what_was_changed(settings, secret, job, written, keys)


def _job(settings: dict, job_id: str) -> Job:
    try:
        return load_job(settings, job_id)
    except (JobIdError, ContentError):
        raise TestimonialError(
            f"the message names job {job_id}, which is not on this site"
        ) from None


def _what_was_changed(
    settings: dict, secret: bytes, job: Job, written: Written, keys: _Keys
) -> TestimonialError:
    for stars in range(1, 6):
        if stars != written.rating and keys.made(job.id, written, stars):
            return TestimonialError(
                f"the rating was changed after the page made the code: the customer gave {stars} "
                f"of 5, the message says {written.rating}"
            )
    name = keys.tag(job.id, "name", written.name, written.name_tag)
    words = keys.tag(job.id, "words", written.words, written.words_tag)
    if name and not words:
        return TestimonialError(
            "the words were changed after the page made the code: only the customer's own words "
            "are published; ask them to send it again"
        )
    if words and not name:
        return TestimonialError(
            f'the name was changed after the page made the code: "{written.name}" is not the name '
            "the customer chose; ask them to send it again"
        )
    for other in job_ids(settings):
        if other == job.id:
            continue
        try:
            version = read_job_header(settings, other).code_version
        except ContentError:
            continue
        if _Keys(secret, other, version).made(other, written):
            return TestimonialError(
                f"the code was made on the page of job {other}, the message names {job.id}: "
                f"run it for {other}, or ask the customer"
            )
    return TestimonialError(
        "no page made this code: it was typed or changed by hand, or comes from another site"
    )


SOURCE = "job page"  # the Source of a testimonial written on its job's page


def attachments(settings: dict, photo: Path | None, video: Path | None) -> dict[str, Path]:
    """The photo and the clip the customer attached to their email, each checked as the build will
    (a photo that opens, a clip that opens, has a picture and is not too long); TestimonialError
    naming the file, before anything is written."""
    sw = shopwindow_settings(settings)
    found = {}
    if photo is not None:
        if photo.suffix.lower() not in PHOTO_SUFFIXES:
            raise TestimonialError(f"{photo}: is not a photo ({', '.join(sorted(PHOTO_SUFFIXES))})")
        try:
            check_photo(photo, PhotoSettings.from_settings(sw))
        except PhotoError as error:
            raise TestimonialError(f"{photo}: {error}") from None
        found["Photo"] = photo
    if video is not None:
        if video.suffix.lower() not in VIDEO_SUFFIXES:
            raise TestimonialError(f"{video}: is not a clip ({', '.join(VIDEO_SUFFIXES)})")
        try:
            check_clip(video, VideoSettings.from_settings(sw))
        except (VideoError, OSError) as error:
            raise TestimonialError(f"{video}: {error}") from None
        found["Video"] = video
    return found


def add_written(
    settings: dict,
    message: str,
    day: dt.date,
    photo: Path | None = None,
    video: Path | None = None,
) -> tuple[Path, Written, bool]:
    """Check the customer's message (and what they attached) and write it as a pending testimonial
    (received ``day``): the path, the testimonial, and whether it was written (False: this message
    was added before)."""
    job, written = check_written(settings, message)
    attached = attachments(settings, photo, video)
    for path, text in existing(settings):
        if header_field(text, "Testimonial-Code") == written.line:
            return path, written, False
    service = written.service or (job.services[0] if job.services else "")
    header = {
        "Author": written.name, "Status": "pending", "Consent": day.isoformat(),
        "Consent-Text": written.consent_version, "Rating": str(written.rating),
        "Date": day.isoformat(), "Job": job.id, "Service": service, "Source": SOURCE,
        "Language": written.lang, "Testimonial-Code": written.line,
    }  # fmt: skip
    path = write_new(settings, f"{written.name} {job.id}", header, written.words, attached)
    return path, written, True


def withdraw(settings: dict, message: str) -> tuple[list[Path], list[Path]]:
    """Check the customer's request to take their testimonial down and set every testimonial written on
    their job's page to withdrawn: (the ones set now, the ones withdrawn before)."""
    found = [m for line in _lines(message) for m in WITHDRAWAL.finditer(line)]
    if not found:
        raise TestimonialError(
            "no withdrawal code in the message: it ends with a line like "
            '"Withdrawal code: JOB/W1/XXXXX-XXXXX"'
        )
    token = found[-1]
    if int(token["format"]) != TESTIMONIAL_FORMAT:
        raise TestimonialError(f"the withdrawal code is of format {token['format']}, which this "
                               "version of Shopwindow does not know")  # fmt: skip
    job = _job(settings, token["job"])
    code = normalise_code(token["code"])
    keys = JobKeys(load_secret(settings, create=False), job.id, job.code_version).keys
    if not any(withdrawal_code(key, job.id) == code for key in keys):
        raise TestimonialError(f"no page of job {job.id} made this withdrawal code: it was typed or "
                               "changed by hand; nothing was taken down")  # fmt: skip
    now, before = [], []
    for path, text in existing(settings):
        if header_field(text, "Job") != job.id or header_field(text, "Source") != SOURCE:
            continue
        if header_field(text, "Status").lower() == "withdrawn":
            before.append(path)
            continue
        head, _, body = text.partition("\n\n")
        head = re.sub(r"(?im)^(Status\s*:\s*).*$", r"\g<1>withdrawn", head, count=1)
        write_atomically(path, (head + "\n\n" + body).encode("utf-8"))
        now.append(path)
    if not now and not before:
        raise TestimonialError(f"job {job.id} has no testimonial written on its page to take down")
    return now, before
