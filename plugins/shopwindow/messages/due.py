"""Which messages a job owes its customer, from the job alone: the same answer whichever way the site
is run (a build, CI, the watcher), so the record of what went out is the only other thing that decides.

- an update at a noisy stage (``noisy_stages``; ``[notify]`` or ``[silent]`` in its heading wins);
- the promise moved: an ``Estimate`` other than the promised date (once per estimated date);
- both of those within ``message_window_minutes`` of each other are one message, the latest update's
  (with the new estimate in it), due once the window after the last of them has passed quietly: three
  quick updates send one message;
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
from dataclasses import dataclass, replace

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
    ready: dt.datetime | None = None  # not before (the window after the last update it stands for)
    estimate: bool = False  # an update's message that tells the new estimate too

    @property
    def not_before(self) -> dt.datetime:
        return self.ready or self.since


def owed_messages(job: Job, sw: ShopwindowSettings) -> list[DueMessage]:
    """Every message the job calls for, whatever its time."""
    if not job.notify or job.status == "cancelled":
        return []
    noisy = set(sw.noisy_stages)
    news = []
    for update in job.updates:
        loud = update.notify if update.notify is not None else update.stage.key in noisy
        if loud:
            key = f"update/{update.time:%Y-%m-%dT%H:%M}/{update.stage.key}"
            news.append(DueMessage(key, "update", update.time, update))
    if job.estimate and job.promised and job.estimate != job.promised and job.updates:
        # The estimate is a header field: it moved no later than the last update staff wrote.
        news.append(
            DueMessage(f"estimate/{job.estimate.isoformat()}", "estimate", job.updates[-1].time)
        )
    owed = joined(news, dt.timedelta(minutes=sw.message_window_minutes))
    if job.status == "done" and job.done_at:
        when = job.done_at + dt.timedelta(days=sw.review_delay_days)
        owed.append(DueMessage("review", "review", when))
    if job.status == "active":
        owed += [DueMessage(f"quote/{q.version}", "quote", q.time, quote=q) for q in job.quotes]
    return owed


def joined(news: list[DueMessage], window: dt.timedelta) -> list[DueMessage]:
    """The updates' and the estimate's messages, those within ``window`` of the one before made one:
    the latest update's (telling the estimate when it moved among them), ready once ``window`` has
    passed since the last of them."""
    if not window:
        return news
    runs: list[list[DueMessage]] = []
    for message in sorted(news, key=lambda m: m.since):  # stable: the estimate after its update
        if runs and message.since - runs[-1][-1].since <= window:
            runs[-1].append(message)
        else:
            runs.append([message])
    owed = []
    for run in runs:
        updates = [m for m in run if m.kind == "update"]
        estimate = any(m.kind == "estimate" for m in run)
        chosen = updates[-1] if updates else run[-1]
        owed.append(
            replace(chosen, ready=run[-1].since + window, estimate=estimate and bool(updates))
        )
    return owed


def due_messages(job: Job, sw: ShopwindowSettings, now: dt.datetime) -> list[DueMessage]:
    """The messages owed by ``now`` and not too late to send."""
    if expired(job, sw.job_retention_days, now.date()):
        return []
    latest = dt.timedelta(hours=sw.message_max_delay_hours)
    return [m for m in owed_messages(job, sw) if m.since <= now and now - m.since <= latest]
    # (a message whose window has not passed is returned: the sender holds it until ``not_before``)


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
