"""``shopwindow followup``: the follow-up calls due (``list``, with a calendar file) and recording one
(``done``). ``shopwindow followups`` is the old name of ``followup list`` and still works."""

from __future__ import annotations

import click
from rich.markup import escape
from rich.table import Table

from ..settings import shopwindow_settings
from .options import (
    at_option,
    console,
    errors,
    force_option,
    json_option,
    load_settings,
    print_json,
    tr,
)


@click.group(help="the follow-up calls after a job: the ones due, and recording one")
def followup() -> None:
    pass


def all_jobs(settings: dict) -> list:
    """Every job that reads; a job that does not is named on stderr and left out."""
    from ..jobs.model import load_jobs

    jobs, problems = load_jobs(settings)
    for problem in problems:
        errors.print(f"[yellow]![/yellow] {escape(problem)}", soft_wrap=True)
    return jobs


@click.option("--ics", metavar="FILE", help="also write the calls as an iCalendar file")
@json_option("the due calls")
def due_calls(ics, as_json) -> int:
    from ..atomic import write_atomically
    from ..clock import today
    from ..messages.followups import calendar, open_calls

    settings = load_settings()
    sw = shopwindow_settings(settings)
    day = today()
    calls = open_calls(all_jobs(settings), sw, day)
    due = [call for call in calls if call.due <= day]
    if ics:
        write_atomically(ics, calendar(calls, sw.business.name, day), mode=0o600)
    if as_json:
        print_json([call.as_dict(day) for call in due])
        return 0
    if not due:
        console.print(tr("No follow-up calls due on %(day)s.", day=day.isoformat()))
    else:
        table = Table(title=tr("Follow-up calls due on %(day)s (staff only)", day=day.isoformat()))
        for column in (tr("due"), tr("call"), tr("customer"), tr("phone"), tr("job"), tr("ask")):
            table.add_column(column)
        for call in due:
            late = (day - call.due).days
            when = call.due.isoformat() + (
                " " + tr("(%(days)s d overdue)", days=late) if late else ""
            )
            table.add_row(when, call.id, *map(escape, (call.customer, call.phone or "-",
                                                       call.title, tr(call.question))))  # fmt: skip
        console.print(table)
        console.print(
            tr('When a call is made: shopwindow followup done ID --note "what they said"')
        )
    if ics:
        console.print(tr("Calendar written to %(file)s (%(calls)s call(s), upcoming ones too)",
                         file=escape(str(ics)), calls=len(calls)))  # fmt: skip
    return 0


DUE_HELP = "the follow-up calls due today and overdue, with names and phones"
due_list = followup.command("list", help=DUE_HELP)(due_calls)
# The name before `followup list` (existing shops' scripts and READMEs use it): the same command.
followups = click.Command(
    "followups", callback=due_list.callback, params=due_list.params, help=DUE_HELP, hidden=True
)


@followup.command(help="record a call in the job's log, as a staff-only note; ID is the call "
                       "(A-1042/day-1) or the job (its first open call)")  # fmt: skip
@click.argument("call_id", metavar="ID")
@click.option("--note", required=True, help="what the customer said")
@at_option("the call")
@force_option()
@json_option("what was written")
def done(call_id, note, at, force, as_json) -> int:
    from ..clock import today
    from ..jobs.model import load_job
    from ..jobs.staff import StaffError, add_staff_note
    from ..messages.followups import call_subject, open_calls

    settings = load_settings()
    job_id, _, key = call_id.partition("/")
    job = load_job(settings, job_id)
    calls = open_calls([job], shopwindow_settings(settings), today())
    if key:
        calls = [call for call in calls if call.key == key]
    if not calls:
        raise StaffError(
            f"{job.path}: no open follow-up call {call_id}"
            + ("" if key else " (the job is not handed back yet, or every call is made)")
        )
    call = calls[0]
    section = add_staff_note(settings, job_id, call_subject(call.key), note, at=at, force=force)
    if as_json:
        print_json({"job": job_id, "call": call.id, "section": section})
    else:
        console.print(tr("%(call)s: recorded in %(file)s (staff only, on no page)", call=call.id,
                         file=escape(str(job.path))))  # fmt: skip
    return 0
