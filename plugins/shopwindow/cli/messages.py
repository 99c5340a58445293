"""``shopwindow messages``: what was sent to customers, when, by which channel, and what failed."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from .options import console, json_option, load_settings, print_json, tr


@click.command(help="what was sent to customers, when, by which channel, what failed and what waits; "
                    "ID shows one job's messages")  # fmt: skip
@click.argument("job_id", metavar="[ID]", required=False)
@json_option("them")
@click.option("--record-folder", is_flag=True,
              help="print the folder of the record of messages sent (in the jobs folder), and nothing else")  # fmt: skip
def messages(job_id, as_json, record_folder) -> int:
    from ..messages.record import SentRecord
    from ..messages.record import record_folder as folder_of

    settings = load_settings()
    if record_folder:  # where the record lives (the publishing workflow commits it)
        folder = folder_of(settings).resolve()
        here = Path.cwd().resolve()
        print(folder.relative_to(here) if folder.is_relative_to(here) else folder)
        return 0
    record = SentRecord(folder_of(settings))
    rows = [
        {"job": one, **entry}
        for one in ([job_id] if job_id else record.job_ids())
        for entry in record.entries(one)
    ]
    rows.sort(key=lambda row: row["at"])
    if as_json:
        print_json(rows)
        return 0
    if not rows:
        console.print(tr("No message sent yet for %(job)s.", job=job_id) if job_id
                      else tr("No message sent yet."))  # fmt: skip
        return 0
    table = Table(title=tr("Messages to customers"))
    for column in (tr("when"), tr("job"), tr("message"), tr("channel"), tr("result")):
        table.add_column(column)
    for row in rows:
        result = _result(row)
        table.add_row(row["at"].replace("T", " "), row["job"], row.get("subject") or row["key"],
                      row["channel"], result)  # fmt: skip
    console.print(table)
    return 0


def _result(row: dict) -> str:
    if row["state"] == "sent":
        return "sent"
    if row["state"] == "held":
        until = f" until {row['until'].replace('T', ' ')[:16]}" if row.get("until") else ""
        return f"[yellow]held[/yellow]{until}: {row.get('why', '')}"
    return f"[red]failed[/red]: {row.get('error', '')}"
