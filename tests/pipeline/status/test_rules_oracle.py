"""The status rules against an independent statement of the table in docs/status-rules.md.

`table_says` below is written from the table's words alone (it shares no code with
pipeline/status/rules.py), for every kind of timeframe over a programme's whole life: before
its period, while it runs, and years after it closed. The rules must give the same status on
every month's end from before the period to well after it, for many patterns of log rows.
"""
from __future__ import annotations

from datetime import date, timedelta
from itertools import product

import pytest
from dateutil.relativedelta import relativedelta

from pipeline.dates import month_ends
from pipeline.status.rules import compute_status
from pipeline.settings import StatusSettings
from pipeline.status.timeframes import parse_timeframe
from pipeline.status.vocabulary import Status
from tests.pipeline.status.test_rules import activity, day, entry

PERIOD = (2012, 2014)
START, END = date(2012, 1, 1), date(2014, 12, 31)
RECENCY, HORIZON = relativedelta(months=12), relativedelta(months=3)
AS_OF_DATES = list(month_ends(date(2011, 6, 1), date(2016, 6, 30)))

# Patterns of log rows: (date, outcome) each.
PATTERNS = {
    "nothing": (),
    "one early row": ((date(2012, 3, 15), "progress"),),
    "every year": ((date(2012, 5, 1), "progress"), (date(2013, 5, 1), "progress"), (date(2014, 5, 1), "progress")),
    "missed 2013": ((date(2012, 5, 1), "progress"), (date(2014, 5, 1), "progress")),
    "last year only": ((date(2014, 10, 1), "progress"),),
    "before the period": ((date(2011, 9, 1), "progress"),),
    "after the period": ((date(2015, 4, 1), "progress"),),
    "completed in the period": ((date(2012, 5, 1), "progress"), (date(2013, 2, 1), "completed")),
    "completed late": ((date(2015, 3, 1), "completed"),),
    "postponed, then progress": ((date(2012, 5, 1), "postponed"), (date(2013, 6, 1), "progress")),
    "cancelled": ((date(2012, 5, 1), "progress"), (date(2013, 6, 1), "cancelled")),
    "decision, then quiet": ((date(2012, 7, 1), "decision taken"),),
    "decision, kept up": ((date(2012, 7, 1), "decision taken"), (date(2013, 9, 1), "progress"),
                          (date(2014, 8, 1), "progress")),
}
TIMEFRAMES = {"fixed 2013": "2013", "fixed 2012-13": "2012-13", "continuous": "On-going",
              "annual": "Annual and as-required", "pending": "Will depend on decisions adopted at CMS CoP11"}


def table_says(timeframe: str, rows: tuple[tuple[date, str], ...], as_of: date) -> Status:
    """The table, read line by line, for one activity of a programme running 2012-2014."""
    counted = sorted((d, o) for d, o in rows if d <= as_of)
    if counted and counted[-1][1] in ("postponed", "cancelled"):  # the latest row says so
        return Status.POSTPONED if counted[-1][1] == "postponed" else Status.CANCELLED
    if any(o == "completed" for _, o in counted):  # a row marks it completed
        return Status.COMPLETED
    if timeframe.startswith("Will depend"):
        decisions = [d for d, o in counted if o == "decision taken"]
        if not decisions:
            return Status.PENDING_DECISION
        return continuous(decisions[0], counted, as_of)  # from the decision on, it runs as continuous
    if timeframe == "On-going":
        return continuous(START, counted, as_of)
    if timeframe.startswith("Annual"):
        return annual(counted, as_of)
    first, last = {"2013": (2013, 2013), "2012-13": (2012, 2013)}[timeframe]
    return fixed(date(first, 1, 1), date(last, 12, 31), counted, as_of)


def continuous(start: date, counted, as_of: date) -> Status:
    if as_of > END:  # the period has closed: as it stood at its end
        in_period = [d for d, _ in counted if d <= END]
        kept_up = in_period and in_period[-1] >= END - RECENCY
        return Status.COMPLETED if kept_up else Status.OVERDUE
    if not counted:
        return Status.NOT_YET_DUE if as_of < start else Status.NOT_STARTED
    return Status.ONGOING if counted[-1][0] >= as_of - RECENCY else Status.STALLED


def annual(counted, as_of: date) -> Status:
    years_with_rows = {d.year for d, _ in counted}
    if as_of > END:
        missed = [y for y in range(PERIOD[0], PERIOD[1] + 1) if y not in years_with_rows]
        return Status.OVERDUE if missed else Status.COMPLETED
    if not counted and as_of < START:
        return Status.NOT_YET_DUE
    finished = range(PERIOD[0], min(as_of.year - 1, PERIOD[1]) + 1)
    if any(y not in years_with_rows for y in finished):  # a missed year
        return Status.STALLED
    return Status.ONGOING if counted else Status.NOT_STARTED


def fixed(start: date, end: date, counted, as_of: date) -> Status:
    if as_of > end:
        return Status.OVERDUE
    if any(o in ("progress", "decision taken") for _, o in counted):
        return Status.IN_PROGRESS
    if as_of < start:
        return Status.NOT_YET_DUE
    return Status.AT_RISK if as_of + HORIZON >= end else Status.NOT_STARTED


def rules_say(timeframe: str, rows, as_of: date):
    log = [entry(day(d.year, d.month, d.day), outcome) for d, outcome in rows]
    return compute_status(activity(timeframe=timeframe), parse_timeframe(timeframe, *PERIOD), log, as_of,
                          StatusSettings())


@pytest.mark.parametrize("tf_name, pattern", list(product(TIMEFRAMES, PATTERNS)))
def test_the_rules_give_what_the_table_says_over_the_programme_life(tf_name, pattern):
    timeframe, rows = TIMEFRAMES[tf_name], PATTERNS[pattern]
    wrong = [(as_of.isoformat(), got.status.value, expected.value)
             for as_of in AS_OF_DATES
             if (got := rules_say(timeframe, rows, as_of)).status is not (expected := table_says(timeframe, rows, as_of))]
    assert wrong == []


CLOSED_WINDOW_NEVER = {Status.NOT_STARTED, Status.NOT_YET_DUE, Status.AT_RISK, Status.IN_PROGRESS, Status.ONGOING,
                       Status.STALLED}


@pytest.mark.parametrize("tf_name", ["continuous", "annual", "fixed 2012-13"])
def test_once_the_window_has_closed_nothing_reads_as_if_it_were_still_open(tf_name):
    """The issue's first complaint: 'Not started' (or any open-window status) after the window closed."""
    timeframe = TIMEFRAMES[tf_name]
    end = parse_timeframe(timeframe, *PERIOD).end
    for pattern, rows in PATTERNS.items():
        for as_of in (end + timedelta(days=1), date(2015, 12, 31), date(2016, 6, 30)):
            s = rules_say(timeframe, rows, as_of)
            assert s.status not in CLOSED_WINDOW_NEVER, (pattern, as_of, s.status, s.reason)


def test_an_annual_activity_names_each_missed_year_in_its_reason():
    for as_of, missed in ((date(2013, 10, 31), "2012"), (date(2014, 10, 31), "2012 and 2013"),
                          (date(2015, 12, 31), "2012, 2013 and 2014")):
        s = rules_say("Annual and as-required", (), as_of)
        assert f"no activity recorded in {missed}" in s.reason
    s = rules_say("Annual and as-required", PATTERNS["missed 2013"], date(2015, 12, 31))
    assert s.status is Status.OVERDUE and "no activity recorded in 2013;" in s.reason


def test_a_late_completion_says_how_late_and_stays_completed():
    s = rules_say("2013", PATTERNS["completed late"], date(2015, 12, 31))
    assert s.status is Status.COMPLETED
    assert "15 months after its timeframe (2013) closed on 31 December 2013" in s.reason
