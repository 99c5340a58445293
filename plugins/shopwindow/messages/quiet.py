"""Quiet hours: no SMS or messenger (and, by ``quiet_hours_email``, no email) reaches a customer at
night. A message due then waits for the end of the quiet hours, in the site's time zone (Pelican's
``TIMEZONE``).

The clock (``clock.now()``) gives the machine's local time, or the moment ``SHOPWINDOW_TODAY`` pins,
which is taken as the site's own time; the answer is a moment of the same clock.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .. import clock
from ..settings import ShopwindowSettings


def quiet_until(moment: dt.datetime, sw: ShopwindowSettings, email: bool) -> dt.datetime | None:
    """When the quiet hours around ``moment`` end, or None when a message may go now (no quiet hours,
    outside them, or an email while ``quiet_hours_email`` is off)."""
    if sw.quiet_hours is None or (email and not sw.quiet_hours_email):
        return None
    start, end = sw.quiet_hours
    there = site_time(moment, sw.timezone)
    time = there.time()
    quiet = start <= time < end if start < end else time >= start or time < end
    if not quiet:
        return None
    ends = dt.datetime.combine(there.date(), end)
    if ends <= there:
        ends += dt.timedelta(days=1)
    return moment + (ends - there)


def site_time(moment: dt.datetime, zone: str) -> dt.datetime:
    """``moment`` of the clock as the site's wall clock shows it."""
    if clock.pinned_moment():
        return moment
    try:
        site = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return moment
    return moment.astimezone().astimezone(site).replace(tzinfo=None)
