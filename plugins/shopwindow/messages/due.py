"""Which messages a job owes its customer, from the job alone: the same answer whichever way the site
is run (a build, CI, the watcher), so the record of what went out is the only other thing that decides.

- an update at a noisy stage (``noisy_stages``; ``[notify]`` or ``[silent]`` in its heading wins);
- the promise moved: an ``Estimate`` other than the promised date (once per estimated date);
- the review request, ``review_delay_days`` after the job is done: the same for every customer;
- found work: each new quote version asks the customer for their answer (while the job is active);
- a thank-you to the customer whose referral code a job carries, once that job is done (``thanks``:
  sent to the referrer, by the referrer's channels, whatever the age of the referrer's own job).

Nothing for a job whose customer agreed to no channel, a cancelled job or one past retention. A message
not sent within ``message_max_delay_hours`` of its time is not sent at all (turning messages on for a
site with a history sends nothing from that history).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..jobs.model import Job, Update
from ..jobs.quotes import Quote
from ..jobs.view import expired
from ..settings import ShopwindowSettings


@dataclass(frozen=True)
class DueMessage:
    key: str  # stable: "update/2026-11-21T10:30/ready", "estimate/2026-11-28", "review", "quote/2",
    # "thanks/<the referred job>"
    kind: str  # "update", "estimate", "review", "quote" or "thanks": the template that writes it
    since: dt.datetime  # when it became due
    update: Update | None = None
    quote: Quote | None = None


def owed_messages(job: Job, sw: ShopwindowSettings) -> list[DueMessage]:
    """Every message the job calls for, whatever its time."""
    if not job.notify or job.status == "cancelled":
        return []
    noisy = set(sw.noisy_stages)
    owed = []
    for update in job.updates:
        loud = update.notify if update.notify is not None else update.stage.key in noisy
        if loud:
            key = f"update/{update.time:%Y-%m-%dT%H:%M}/{update.stage.key}"
            owed.append(DueMessage(key, "update", update.time, update))
    if job.estimate and job.promised and job.estimate != job.promised and job.updates:
        # The estimate is a header field: it moved no later than the last update staff wrote.
        owed.append(
            DueMessage(f"estimate/{job.estimate.isoformat()}", "estimate", job.updates[-1].time)
        )
    if job.status == "done" and job.done_at:
        when = job.done_at + dt.timedelta(days=sw.review_delay_days)
        owed.append(DueMessage("review", "review", when))
    if job.status == "active":
        owed += [DueMessage(f"quote/{q.version}", "quote", q.time, quote=q) for q in job.quotes]
    return owed


def due_messages(job: Job, sw: ShopwindowSettings, now: dt.datetime) -> list[DueMessage]:
    """The messages owed by ``now`` and not too late to send."""
    if expired(job, sw.job_retention_days, now.date()):
        return []
    latest = dt.timedelta(hours=sw.message_max_delay_hours)
    return [m for m in owed_messages(job, sw) if m.since <= now and now - m.since <= latest]


def thanks_due(referred: Job, sw: ShopwindowSettings, now: dt.datetime) -> DueMessage | None:
    """The thank-you a job that came by a referral code owes its referrer, once it is done and not too
    late (checked before the referrer's job is read: most builds read none)."""
    if referred.status != "done" or not referred.done_at or not referred.referred_by:
        return None
    since = referred.done_at
    if since > now or now - since > dt.timedelta(hours=sw.message_max_delay_hours):
        return None
    return DueMessage(f"thanks/{referred.id}", "thanks", since)


def thanks_go_to(referrer: Job, referred: Job) -> bool:
    """Whether the referrer hears of it: they agreed to a channel and their job was not cancelled."""
    return bool(referrer.notify) and referrer.status != "cancelled" and referrer.id != referred.id
