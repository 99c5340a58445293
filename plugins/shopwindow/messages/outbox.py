"""Sending what is due, once: the one function every way of running the site calls (the end of a Pelican
build, ``shopwindow watch`` after each change and on its retry timer).

For each job: the messages it owes now (``due.py``), by each channel its customer agreed to, less what
the record (``record.py``) says went out; and for a done job that came by a referral code, the thank-you
its referrer is owed (recorded under the referrer's job). A channel that fails is recorded, reported as a warning and
tried again after a back-off, until the message is too late to send; it never stops the build or the
watcher. Without ``SHOPWINDOW_NOTIFY`` nothing is sent and nothing recorded (a developer's build).

A message waits, recorded as held with the reason, while the site has no public address (its link would
point at this machine: it goes with the first build that has one), while the window of a job's quick
updates is open (one message, the latest) and through the quiet hours (``quiet.py``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..access.format import normalise_code
from ..access.private_cache import parsed_jobs
from ..clock import now
from ..jobs.model import Job, load_job, load_jobs
from ..jobs.staff import referral_codes
from ..settings import shopwindow_settings
from ..sources import ContentError
from ..urls import NoPublicAddress
from .channels import ChannelError, DeliveryError, Outgoing, configured_channels, deliver
from .compose import Composer, scratch_folder
from .due import DueMessage, due_messages, thanks_due, thanks_go_to
from .quiet import quiet_until
from .record import Delivery, SentRecord, record_folder

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0
    retry_at: dt.datetime | None = None  # the earliest back-off that ends
    retry_jobs: set[str] = field(default_factory=set)
    held: int = 0  # messages that wait, newly recorded as held
    no_address: int = 0  # ...of them, for want of a public address


def send_due(
    settings: dict, jobs: Iterable[Job] | None = None, at: dt.datetime | None = None
) -> Outcome:
    """Send every message due now (of ``jobs``; None: every job of the site)."""
    outcome = Outcome()
    try:
        channels = configured_channels()
    except ChannelError as error:
        logger.warning("shopwindow: %s; no message sent", error)
        return outcome
    if not channels:
        return outcome
    sw = shopwindow_settings(settings)
    moment = at or now()
    if jobs is None:
        jobs = load_jobs(settings, cache=parsed_jobs(settings))[0]
    record = SentRecord(record_folder(settings))
    sender = _Sender(settings, channels, record, outcome, moment)
    referrers = _Referrers(settings)
    with record.locked():
        for job in jobs:
            sender.send(job, due_messages(job, sw, moment), job.id)
            thanks = thanks_due(job, sw, moment)
            referrer = referrers.of(job) if thanks else None
            if referrer and thanks_go_to(referrer, job):
                sender.send(referrer, [thanks], job.id)
    if outcome.no_address:
        logger.warning("shopwindow: %d message(s) held, none sent: %s; a build with the address "
                       "sends them", outcome.no_address, NoPublicAddress("each message's link"))  # fmt: skip
    return outcome


class _Referrers:
    """The job whose referral code a job carries (``Referred-By``), read when first asked."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.codes: dict[str, str] | None = None

    def of(self, job: Job) -> Job | None:
        if self.codes is None:
            self.codes = referral_codes(self.settings)
        referrer = self.codes.get(normalise_code(job.referred_by))
        if referrer is None:
            logger.warning("shopwindow: %s: Referred-By %s is no job's referral code; no thanks sent",
                           job.path, job.referred_by)  # fmt: skip
            return None
        try:
            return load_job(self.settings, referrer)
        except ContentError as error:
            logger.warning("shopwindow: %s; no thanks sent", error)
            return None


class _Sender:
    """Sends one job's due messages by each of its customer's channels, less what the record says
    went out; records each attempt."""

    def __init__(self, settings, channels, record: SentRecord, outcome: Outcome, moment):
        self.settings, self.channels, self.record = settings, channels, record
        self.outcome, self.moment = outcome, moment
        self.composer: Composer | None = None
        self.sw = shopwindow_settings(settings)

    def send(self, job: Job, owed: list[DueMessage], origin: str) -> None:
        """``origin``: the job whose change makes these due (the watcher retries by it)."""
        if not owed:
            return
        outcome, moment, record = self.outcome, self.moment, self.record
        deliveries = record.deliveries(job.id)
        for message in owed:
            written = None
            for name in job.notify:
                delivery = deliveries.get((message.key, name))
                if delivery and delivery.sent_at:
                    continue
                if self._held(job, message, name, delivery, origin):
                    continue
                retry = delivery.retry_at() if delivery else None
                if retry and retry > moment:
                    _later(outcome, origin, retry)
                    continue
                composer = self.composer = self.composer or Composer(self.settings)
                written = written or composer.write(job, message)
                entry = {
                    "key": message.key,
                    "kind": message.kind,
                    "channel": name,
                    "subject": written.subject,
                    "message_id": composer.message_id(job, message, name),
                }
                try:
                    _send(composer, self.channels, job, name, written, entry["message_id"])
                except DeliveryError as error:
                    failures = (delivery.failures if delivery else 0) + 1
                    record.add(job.id, {**entry, "state": "failed", "error": str(error),
                                        "at": _stamp()})  # fmt: skip
                    outcome.failed += 1
                    logger.warning(
                        "shopwindow: %s: message %s by %s failed (attempt %d; tried again "
                        "with back-off): %s",
                        job.path, message.key, name, failures, error,
                    )  # fmt: skip
                    failed = Delivery(failures=failures, last_attempt=moment)
                    _later(outcome, origin, failed.retry_at())
                    continue
                record.add(job.id, {**entry, "state": "sent", "at": _stamp()})
                outcome.sent += 1
                logger.info("shopwindow: %s: message %s sent by %s", job.path, message.key, name)

    def _held(self, job: Job, message: DueMessage, name: str, delivery, origin: str) -> bool:
        """Whether the message waits by this channel now; recorded as held, once per reason."""
        moment = self.moment
        if message.not_before > moment:
            why, until = (
                f"updates within {self.sw.message_window_minutes} minutes send one",
                (message.not_before),
            )
        elif not self.sw.public_url:
            why, until = "no public address", None
        elif until := quiet_until(moment, self.sw, _is_email(self.channels.get(name))):
            why = "quiet hours"
        else:
            return False
        if until is not None:
            _later(self.outcome, origin, until)
        else:
            self.outcome.no_address += 1
        if delivery is None or delivery.held != (why, until):
            self.record.add(job.id, {"key": message.key, "kind": message.kind, "channel": name,
                                     "state": "held", "why": why, "at": _stamp(),
                                     "until": until.isoformat() if until else None})  # fmt: skip
            self.outcome.held += 1
            logger.info("shopwindow: %s: message %s by %s held: %s%s", job.path, message.key, name,
                        why, f" (until {until:%Y-%m-%d %H:%M})" if until else "")  # fmt: skip
        return True


def _is_email(channel) -> bool:
    """An email channel: its URL takes the customer's email address, not their phone."""
    return channel is not None and "{email}" in channel.url and "{phone}" not in channel.url


def _send(composer: Composer, channels: dict, job: Job, name: str, written, message_id: str):
    channel = channels.get(name)
    if channel is None:
        raise DeliveryError(f"channel {name} is not in SHOPWINDOW_NOTIFY")
    url = channel.url_for(job.email, job.phone)
    with scratch_folder() as folder:
        attachments = ()
        if written.photo is not None:
            try:
                attachments = (composer.attachment(written.photo, Path(folder)),)
            except Exception as error:  # a photo that no longer opens: the message goes without it
                logger.warning("shopwindow: %s: photo not attached: %s", job.path, error)
        outgoing = Outgoing(written.subject, written.text, written.html, message_id, attachments)
        try:
            deliver(url, outgoing)
        except DeliveryError:
            raise
        except Exception as error:  # whatever a channel raises, the build and the watcher go on
            raise DeliveryError(f"{type(error).__name__}: {error}") from None


def _later(outcome: Outcome, job_id: str, when: dt.datetime) -> None:
    outcome.retry_jobs.add(job_id)
    if outcome.retry_at is None or when < outcome.retry_at:
        outcome.retry_at = when


def _stamp() -> str:
    """The time of an attempt, to the second, on the build's day (``today()``), as back-off reads it."""
    return now().isoformat()
