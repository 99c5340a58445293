"""The follow-up calls: ``followup_days`` after a job is handed back (its first update at one of the
``followup_stages``, collected or delivered; else the time it was done), a call to the customer: "did
everything arrive in order?", then "is all still well?". A call is done once the job's log has a staff
note ``call <key>`` (``shopwindow followup done`` writes it). For staff only: nothing here is published.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..extras import need
from ..i18n import N_
from ..jobs.model import Job
from ..jobs.view import expired
from ..settings import ShopwindowSettings

QUESTIONS = (N_("Did everything arrive in order?"), N_("Is all still well?"))  # tr() speaks them


@dataclass(frozen=True)
class Call:
    job_id: str
    key: str  # "day-1", "day-7"
    due: dt.date
    customer: str
    phone: str
    title: str
    question: str
    handed_back: dt.date

    @property
    def id(self) -> str:
        return f"{self.job_id}/{self.key}"

    def as_dict(self, today: dt.date) -> dict:
        return {
            "id": self.id,
            "job": self.job_id,
            "call": self.key,
            "due": self.due.isoformat(),
            "overdue_days": max(0, (today - self.due).days),
            "customer": self.customer,
            "phone": self.phone,
            "title": self.title,
            "question": self.question,
            "handed_back": self.handed_back.isoformat(),
        }


def call_subject(key: str) -> str:
    """The subject of the staff note that records a call."""
    return f"call {key}"


def handed_back(job: Job, sw: ShopwindowSettings) -> dt.datetime | None:
    stages = set(sw.followup_stages)
    for update in job.updates:
        if update.stage.key in stages:
            return update.time
    return job.done_at if job.status == "done" else None


def job_calls(job: Job, sw: ShopwindowSettings) -> list[Call]:
    """Every follow-up call of a job, done or not."""
    back = handed_back(job, sw)
    if back is None or job.status == "cancelled":
        return []
    return [
        Call(
            job.id,
            f"day-{days}",
            back.date() + dt.timedelta(days=days),
            job.customer,
            job.phone,
            job.title,
            QUESTIONS[min(i, len(QUESTIONS) - 1)],
            back.date(),
        )
        for i, days in enumerate(sw.followup_days)
    ]


def open_calls(jobs: list[Job], sw: ShopwindowSettings, today: dt.date) -> list[Call]:
    """The calls not yet made, of jobs still on the site, the earliest first."""
    found = []
    for job in jobs:
        if expired(job, sw.job_retention_days, today):
            continue
        made = {note.subject.casefold() for note in job.staff_notes}
        found += [c for c in job_calls(job, sw) if call_subject(c.key).casefold() not in made]
    return sorted(found, key=lambda call: (call.due, call.job_id, call.key))


def calendar(calls: list[Call], business: str, today: dt.date) -> bytes:
    """An iCalendar file of ``calls``: each an all-day event on its day (an overdue one on today)."""
    icalendar = need("icalendar")
    Calendar, Event = icalendar.Calendar, icalendar.Event

    cal = Calendar()
    cal.add("prodid", "-//Shopwindow//follow-up calls//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{business}: follow-up calls")
    for call in calls:
        event = Event()
        event.add("uid", f"{call.job_id}-{call.key}@shopwindow")
        event.add("dtstamp", dt.datetime.now(dt.UTC))
        day = max(call.due, today)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        late = f" (due {call.due.isoformat()})" if call.due < today else ""
        event.add("summary", f"Call {call.customer} ({call.job_id}): {call.question}{late}")
        event.add(
            "description",
            f"{call.title}\nPhone: {call.phone or 'none on the job'}\n"
            f"Handed back {call.handed_back.isoformat()}. When done: "
            f'shopwindow followup done {call.id} --note "..."',
        )
        cal.add_component(event)
    return cal.to_ical()
