"""Shopwindow's clock: SHOPWINDOW_TODAY pins the day, or the moment, that every rule about "now" reads."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from pelican.plugins.shopwindow import clock

from .sitebuild import build_site, shopwindow_command


def test_a_pinned_day_keeps_the_machines_time_of_day(monkeypatch):
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2031-02-28")
    assert clock.today() == dt.date(2031, 2, 28)
    before = dt.datetime.now().replace(microsecond=0)
    moment = clock.now()
    after = dt.datetime.now()
    assert moment.date() == dt.date(2031, 2, 28)
    assert before.time() <= moment.time() <= after.time() or before.date() != after.date()


def test_a_pinned_moment_starts_there_and_runs_on(monkeypatch):
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2030-06-01T23:59:58")
    first = clock.now()
    assert first == dt.datetime(2030, 6, 1, 23, 59, 58) or first.second == 59
    assert clock.today() == dt.date(2030, 6, 1)
    time.sleep(2.1)
    assert clock.now() >= dt.datetime(2030, 6, 2, 0, 0, 0)
    assert clock.today() == dt.date(
        2030, 6, 2
    )  # the day turns when the pinned clock passes midnight


def test_a_typo_in_the_variable_says_what_it_takes(monkeypatch):
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-13-01")
    with pytest.raises(clock.ClockError) as error:
        clock.today()
    assert str(error.value) == (
        "SHOPWINDOW_TODAY='2026-13-01' is not a date (2026-11-22) or a moment (2026-11-22T10:30)"
    )


def test_promise_days_count_from_the_pinned_day(tmp_path, monkeypatch):
    build = build_site(tmp_path, {"pages/about.md": "Title: About\n\nHi.\n"})
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2027-03-30")
    shopwindow_command(build)(
        "job", "new", "P-1", "--title", "Hinge", "--customer", "Ana", "--promise-days", "3"
    )
    header = (tmp_path / "content" / "jobs" / "P-1" / "job.md").read_text()
    assert "Promised: 2027-04-02\n" in header
