"""Shopwindow's clock: the one place that reads the date and the time.

``SHOPWINDOW_TODAY`` pins it, for tests, demos and rebuilding history: ``2026-11-22`` pins the day (the
time of day is the machine's), ``2026-11-22T10:30`` pins the moment the process first asks, and the
clock runs on from there, so a test that needs a time of day gets the same one on every machine.
"""

from __future__ import annotations

import datetime as dt
import os
import time

from .errors import ShopwindowError

VARIABLE = "SHOPWINDOW_TODAY"
# The pinned moment and the monotonic clock when it was first read, per value of the variable.
_started: dict[str, tuple[dt.datetime, float]] = {}


class ClockError(ShopwindowError):
    """SHOPWINDOW_TODAY is set but is no date."""


def _pinned() -> tuple[dt.date, dt.datetime | None] | None:
    value = os.environ.get(VARIABLE, "").strip()
    if not value:
        return None
    try:
        if "T" not in value and " " not in value:
            return dt.date.fromisoformat(value), None
        moment = dt.datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        raise ClockError(
            f"{VARIABLE}={value!r} is not a date (2026-11-22) or a moment (2026-11-22T10:30)"
        ) from None
    start, at = _started.setdefault(value, (moment, time.monotonic()))
    return moment.date(), start + dt.timedelta(seconds=time.monotonic() - at)


def pinned_moment() -> bool:
    """Whether ``SHOPWINDOW_TODAY`` pins a moment (not only a day): its times are the site's own."""
    pinned = _pinned()
    return pinned is not None and pinned[1] is not None


def today() -> dt.date:
    """The build's today."""
    pinned = _pinned()
    if pinned is None:
        return dt.date.today()
    day, moment = pinned
    return moment.date() if moment else day


def now() -> dt.datetime:
    """This second, on the build's ``today()``."""
    pinned = _pinned()
    if pinned is not None and pinned[1] is not None:
        return pinned[1].replace(microsecond=0)
    current = dt.datetime.now().replace(microsecond=0)
    return dt.datetime.combine(today(), current.time())


def latest(slack: dt.timedelta) -> dt.datetime:
    """The latest moment that may still be now: ``now()`` and ``slack`` (a clock a little ahead of
    this one). With only the day pinned, its end: the time of day is then the machine's, which a
    test or a demo of that day does not know."""
    pinned = _pinned()
    if pinned is not None and pinned[1] is None:
        return dt.datetime.combine(pinned[0], dt.time(23, 59, 59))
    return now() + slack
