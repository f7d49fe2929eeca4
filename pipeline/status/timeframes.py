"""Reading timeframes as staff write them ("2012 – 14", "On-going", "by December 2014").

A timeframe the product cannot read is not fatal: it becomes an "unrecognised"
Timeframe and a non-fatal DataIssue, so one odd cell never stops a report. So does
one whose years cannot be meant (2012-9999, 1066, a span of a century): years from
FIRST_YEAR to LAST_YEAR, spans of at most MAX_SPAN_YEARS.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from pipeline.dates import MONTHS, format_date, last_day_of_month
from pipeline.model import Activity, DataIssue, Programme
from pipeline.status.vocabulary import Timeframe


_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

EXPECTED = (
    "a year (2012), a range (2012-13, 2012 – 14), On-going, Annual and as-required, "
    "by December 2014, Q2 2013, or 'Will depend on decisions adopted at ...'; "
    "the activity is reported as 'timeframe not recognised'"
)

FIRST_YEAR, LAST_YEAR = 1970, 2100  # the years a joint activity can plausibly be planned for
MAX_SPAN_YEARS = 30


class _Implausible(ValueError):
    """Years no joint activity can mean; the message says what is expected instead."""


def _plausible(first: int, last: int) -> None:
    for year in (first, last):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise _Implausible(f"years from {FIRST_YEAR} to {LAST_YEAR}; {year} cannot be meant")
    if last - first > MAX_SPAN_YEARS:
        raise _Implausible(f"a period of at most {MAX_SPAN_YEARS} years; {first} to {last} cannot be meant")


_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4})\s*[-/]\s*(\d{4}|\d{2})$")
_ONGOING = re.compile(r"^on\s*-?\s*going$")
_ANNUAL = re.compile(r"^annual(?:ly)?(?:\s+and\s+as\s*-?\s*required)?$")
_BY = re.compile(
    rf"^by\s+(?:the\s+)?(?:end\s+(?:of\s+)?)?(?:({_MONTH_RE})\.?\s+)?(\d{{4}})$"
)
_QUARTER = re.compile(r"^q([1-4])\s*-?\s*(\d{4})$")
_MONTH = re.compile(rf"^({_MONTH_RE})\.?\s+(\d{{4}})$")
_DECIDER = re.compile(r"\b(?:at|by)\s+(.+?)\s*\.?$", re.IGNORECASE)


def format_period(start_year: int, end_year: int) -> str:
    """'2012–2014' (en dash), or '2012' for a single year."""
    return str(start_year) if start_year == end_year else f"{start_year}–{end_year}"


def _normalise(text: str) -> str:
    """Lower case, one space, plain hyphens, no '(subject to external funding)' remarks."""
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text or "")
    text = re.sub(r"\([^)]*\)", " ", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _fixed(text: str, start: date, end: date, read_as: str = "") -> Timeframe:
    read_as = read_as or f"{format_date(start)} to {format_date(end)}"
    return Timeframe(text, "fixed", start, end, read_as=read_as)


def _range_end_year(start_year: int, end_text: str) -> int:
    """'13' after 2012 is 2013: two-digit end years share the start's century."""
    if len(end_text) == 4:
        return int(end_text)
    return start_year // 100 * 100 + int(end_text)


def _parse_years(text: str, norm: str) -> Timeframe | None:
    """A year or a range of years, from 1 January of the first to 31 December of the last."""
    if m := _YEAR.match(norm):
        year = int(m.group(1))
        _plausible(year, year)
        return _fixed(text, date(year, 1, 1), date(year, 12, 31))
    if m := _RANGE.match(norm):
        first = int(m.group(1))
        last = _range_end_year(first, m.group(2))
        if last >= first:
            _plausible(first, last)
            return _fixed(text, date(first, 1, 1), date(last, 12, 31))
    return None


def _parse_deadline(text: str, norm: str, period_start: int) -> Timeframe | None:
    """'by December 2014': the window opens with the programme and closes at the deadline."""
    m = _BY.match(norm)
    if not m:
        return None
    year = int(m.group(2))
    _plausible(min(period_start, year), max(period_start, year))
    month = MONTHS[m.group(1)] if m.group(1) else 12
    end = last_day_of_month(year, month)
    start = date(min(period_start, year), 1, 1)
    return _fixed(text, start, end, f"by {format_date(end)} (from {format_date(start)})")


def _parse_quarter_or_month(text: str, norm: str) -> Timeframe | None:
    """'Q2 2013' or 'June 2013': a window of three months or one."""
    if m := _QUARTER.match(norm):
        quarter, year = int(m.group(1)), int(m.group(2))
        _plausible(year, year)
        first_month = 3 * quarter - 2
        return _fixed(text, date(year, first_month, 1), last_day_of_month(year, first_month + 2))
    if m := _MONTH.match(norm):
        month, year = MONTHS[m.group(1)], int(m.group(2))
        _plausible(year, year)
        return _fixed(text, date(year, month, 1), last_day_of_month(year, month))
    return None


def _parse_recurring(text: str, norm: str, start: date, end: date, period: str) -> Timeframe | None:
    """On-going and annual activities run over the programme's whole period."""
    if _ONGOING.match(norm):
        return Timeframe(text, "continuous", start, end, read_as=f"continuous over {period}")
    if _ANNUAL.match(norm):
        return Timeframe(text, "annual", start, end, read_as=f"every year of {period}")
    return None


def _parse_pending(text: str, norm: str, start: date, end: date) -> Timeframe | None:
    """'Will depend on decisions adopted at CMS CoP10': waits for a named body's decision."""
    if "depend" not in norm or "decision" not in norm:
        return None
    m = _DECIDER.search(re.sub(r"\s+", " ", text).strip())
    decision = m.group(1).strip() if m else ""
    read_as = f"when {decision} decides" if decision else "when the decision it depends on is taken"
    return Timeframe(text, "pending", start, end, decision=decision, read_as=read_as)


def parse_timeframe(text: str, period_start: int, period_end: int) -> Timeframe:
    """Read a timeframe cell against its programme's period (first and last year)."""
    text = text if isinstance(text, str) else ""
    norm = _normalise(text)
    start, end = date(period_start, 1, 1), date(period_end, 12, 31)
    period = format_period(period_start, period_end)
    if not norm:
        return _fixed(text, start, end, f"the programme's period ({period}; no timeframe given)")
    try:
        found = (
            _parse_years(text, norm)
            or _parse_recurring(text, norm, start, end, period)
            or _parse_deadline(text, norm, period_start)
            or _parse_quarter_or_month(text, norm)
            or _parse_pending(text, norm, start, end)
        )
    except _Implausible:
        found = None
    return found or Timeframe(text, "unrecognised", None, None, read_as="timeframe not recognised")


def implausible_years(text: str, period_start: int) -> str:
    """What is wrong with a timeframe's years ('years from 1970 to 2100; 9999 cannot be meant'), or ''."""
    text = text if isinstance(text, str) else ""
    norm = _normalise(text)
    try:
        _parse_years(text, norm) or _parse_deadline(text, norm, period_start) or _parse_quarter_or_month(text, norm)
    except _Implausible as problem:
        return str(problem)
    return ""


def timeframe_issues(
    activities: Sequence[Activity], programmes: Sequence[Programme]
) -> list[DataIssue]:
    """One warning per unreadable timeframe, pointing at its cell, so staff can fix it."""
    periods = {p.id: (p.start_year, p.end_year) for p in programmes}
    issues = []
    for activity in activities:
        first, last = periods.get(activity.programme_id, (2000, 2000))
        if parse_timeframe(activity.timeframe, first, last).kind != "unrecognised":
            continue
        src = activity.source
        problem = implausible_years(activity.timeframe, first)
        expected = f"{problem}; the activity is reported as 'timeframe not recognised'" if problem else EXPECTED
        issues.append(
            DataIssue(src.file, src.sheet, src.row, "Timeframe", activity.timeframe, expected)
        )
    return issues
