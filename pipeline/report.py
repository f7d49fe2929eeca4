"""Compute one meeting's report from validated inputs: statuses, roll-ups, issues.

This is the "compute" stage between reading and rendering; the Dagster assets
call these functions, and tests call them directly.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pipeline.model import DataIssue, Inputs, Meeting
from pipeline.report_data import ProgrammeReport, ReportData
from pipeline.rollups import compute_rollups
from pipeline.settings import StatusSettings
from pipeline.status import compute_statuses
from pipeline.statuses import ActivityStatus
from pipeline.timeframes import parse_timeframe, timeframe_issues


class ReportRequestError(ValueError):
    """The meeting or date asked for cannot be reported on."""


def find_meeting(inputs: Inputs, code: str) -> Meeting:
    meeting = inputs.meeting(code)
    if meeting is None:
        known = ", ".join(m.code for m in inputs.meetings) or "none"
        raise ReportRequestError(
            f"Meeting '{code}' is not in meetings.xlsx, sheet 'Meetings' (meetings there: {known})."
        )
    return meeting


def default_as_of(meeting: Meeting) -> date:
    """The meeting's 'Status as of' date, or the document's date when it has none."""
    return meeting.as_of or meeting.document_date


@dataclass(frozen=True)
class MeetingStatuses:
    """The status of every activity of a meeting's programmes, as of one date."""

    meeting: Meeting
    as_of: date
    statuses: dict[str, tuple[ActivityStatus, ...]]  # by programme id
    issues: tuple[DataIssue, ...]  # the inputs' data issues plus unrecognised timeframes


def latest_meeting(inputs: Inputs) -> Meeting:
    """The Standing Committee meeting with the latest date: what a monthly refresh follows."""
    if not inputs.meetings:
        raise ReportRequestError("meetings.xlsx, sheet 'Meetings' lists no meeting.")
    return max(inputs.meetings, key=lambda m: m.start_date)


def programme_statuses(
    inputs: Inputs, programme_id: str, as_of: date, settings: StatusSettings
) -> tuple[ActivityStatus, ...]:
    programme = inputs.programme(programme_id)
    activities = inputs.activities_of(programme_id)
    timeframes = {
        a.code: parse_timeframe(a.timeframe, programme.start_year, programme.end_year) for a in activities
    }
    return compute_statuses(activities, timeframes, inputs.log_of(programme_id), as_of, settings)


def meeting_statuses(
    inputs: Inputs, meeting_code: str = "", as_of: date | None = None, settings: StatusSettings | None = None
) -> MeetingStatuses:
    """Statuses of the meeting's reported and planned programmes; no code: the latest meeting."""
    settings = settings or StatusSettings()
    meeting = find_meeting(inputs, meeting_code) if meeting_code else latest_meeting(inputs)
    as_of = as_of or default_as_of(meeting)
    ids = [p for p in (meeting.reported_programme, meeting.planned_programme) if p]
    statuses = {p: programme_statuses(inputs, p, as_of, settings) for p in ids}
    activities = [a for a in inputs.activities if a.programme_id in ids]
    issues = inputs.issues + tuple(timeframe_issues(activities, inputs.programmes))
    return MeetingStatuses(meeting, as_of, statuses, issues)


def programme_report(inputs: Inputs, programme_id: str, statuses: tuple[ActivityStatus, ...]) -> ProgrammeReport:
    programme = inputs.programme(programme_id)
    themes = inputs.themes_of(programme_id)
    rollups = compute_rollups(programme, themes, statuses, inputs.species)
    return ProgrammeReport(programme, themes, statuses, inputs.log_of(programme_id), rollups)


def assemble_report(inputs: Inputs, computed: MeetingStatuses, generated_at: datetime | None = None) -> ReportData:
    """Add the roll-ups to the statuses: everything the writers need."""
    meeting = computed.meeting
    planned = meeting.planned_programme
    return ReportData(
        meeting=meeting,
        as_of=computed.as_of,
        reported=programme_report(inputs, meeting.reported_programme, computed.statuses[meeting.reported_programme]),
        planned=programme_report(inputs, planned, computed.statuses[planned]) if planned else None,
        species=inputs.species,
        issues=computed.issues,
        generated_at=generated_at or datetime.now().replace(microsecond=0),
    )


def build_report(
    inputs: Inputs,
    meeting_code: str,
    as_of: date | None = None,
    settings: StatusSettings | None = None,
    generated_at: datetime | None = None,
) -> ReportData:
    return assemble_report(inputs, meeting_statuses(inputs, meeting_code, as_of, settings), generated_at)
