"""What the writers receive: one meeting's report, computed, ready to render.

The Word and Excel writers read only this; they never read inputs or compute status.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pipeline.history.changes import Changes
from pipeline.model import DataIssue, LogEntry, Meeting, Programme, Species, Theme
from pipeline.status.vocabulary import ActivityStatus, Rollup
from pipeline.history.trend import TrendRow


@dataclass(frozen=True)
class ProgrammeReport:
    programme: Programme
    themes: tuple[Theme, ...]  # document order
    statuses: tuple[ActivityStatus, ...]  # one per activity, document order
    log: tuple[LogEntry, ...]  # every log row of the programme, as in the log sheet
    rollups: tuple[Rollup, ...]  # the programme total first, then per theme, then per species

    def statuses_of_theme(self, theme_code: str) -> tuple[ActivityStatus, ...]:
        return tuple(s for s in self.statuses if s.activity.theme_code == theme_code)

    def rollup(self, dimension: str, key: str) -> Rollup | None:
        return next((r for r in self.rollups if r.dimension == dimension and r.key == key), None)

    @property
    def total(self) -> Rollup:
        return next(r for r in self.rollups if r.dimension == "programme")


@dataclass(frozen=True)
class ReportData:
    meeting: Meeting
    as_of: date
    reported: ProgrammeReport  # Annex 1: the programme whose implementation is reported
    planned: ProgrammeReport | None  # Annex 2: the programme presented, with its status
    species: tuple[Species, ...]
    issues: tuple[DataIssue, ...]  # the non-fatal data issues
    generated_at: datetime
    # What changed since the previous Standing Committee meeting (or a chosen date), and
    # since the end of the previous month; None when there is nothing to compare with.
    # Each Changes holds the date it compares against (.since) and says what it is (.basis).
    changes_since_meeting: Changes | None = None
    changes_since_month: Changes | None = None
    previous_meeting: Meeting | None = None  # the meeting changes_since_meeting starts from, if any
    since_meeting: date | None = None  # the date changes_since_meeting compares against
    since_month: date | None = None  # the previous month's end changes_since_month compares against
    # Status counts per month's end, per programme in total and per theme (see trend.py).
    trend: tuple[TrendRow, ...] = ()
