"""The typed run configuration of the two jobs, and the one way to build a meeting run's config.

Dagster's `Config` takes str, int, float, bool, lists, dicts, enums and nested Config, not
`datetime.date`; the dates are therefore ISO strings ("2011-08-31"), read by `dates()`,
which stops the step with a plain message for a date that is not one. Python callers
(the command line) never write the strings themselves: `meeting_run_config` takes dates.
"""
from __future__ import annotations

from datetime import date

import dagster as dg

from pipeline.dates import parse_iso_date

STATUS_STEP = "activity_status"


class StatusConfig(dg.Config):
    """Which meeting to report on (empty: the latest meeting in meetings.xlsx), as of when (a date
    such as 2011-08-31; empty: the meeting's 'Status as of' date), and since when to show changes
    (a date; empty: the previous meeting's date)."""

    meeting: str = ""
    as_of: str = ""
    since: str = ""

    def dates(self) -> tuple[date | None, date | None]:
        """(as_of, since), each None when left empty; dg.Failure in plain words for a non-date."""
        return _date(self.as_of, "as_of"), _date(self.since, "since")


class SnapshotConfig(dg.Config):
    """Set replace to true to overwrite a month's stored snapshot on purpose."""

    replace: bool = False


def _date(text: str, name: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return parse_iso_date(text)
    except ValueError as error:
        raise dg.Failure(description=f"{name} {error}", allow_retries=False) from None


def meeting_run_config(meeting: str = "", as_of: date | None = None, since: date | None = None) -> dg.RunConfig:
    """The meeting_report job's configuration for one request."""
    return dg.RunConfig(ops={STATUS_STEP: StatusConfig(
        meeting=meeting, as_of=as_of.isoformat() if as_of else "", since=since.isoformat() if since else "")})
