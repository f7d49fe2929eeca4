"""Compute one meeting's report from validated inputs: statuses, roll-ups, issues.

This is the "compute" stage between reading and rendering; the Dagster assets
call these functions, and tests call them directly.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pipeline.history.changes import DATE, PREVIOUS_MEETING, PREVIOUS_MONTH, Changes, compare
from pipeline.model import Activity, DataIssue, Inputs, LogEntry, Meeting
from pipeline.report_model import ProgrammeReport, ReportData
from pipeline.status.rollups import compute_rollups
from pipeline.settings import StatusSettings
from pipeline.dates import month_ends, previous_month_end
from pipeline.history.snapshots import (
    Snapshot, StoredStatuses, make_snapshot, month_key, parse_month_key, read_month, read_statuses, snapshot_path,
    stored_months)
from pipeline.status.as_of_check import as_of_problems
from pipeline.status.carry_over import activities_by_key, carried_rows, key_of
from pipeline.status.planned_events import planned_event_statuses
from pipeline.status.rules import compute_status, status_alone
from pipeline.status.vocabulary import ActivityStatus, Timeframe
from pipeline.status.timeframes import parse_timeframe, timeframe_issues
from pipeline.history.trend import COMPUTED, STORED, Counted, TrendPoint, TrendRow, trend_of_points


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
    settings: StatusSettings = StatusSettings()  # the thresholds used, to recompute other dates alike
    since: date | None = None  # a chosen date to show changes since, instead of the previous meeting


def latest_meeting(inputs: Inputs) -> Meeting:
    """The Standing Committee meeting with the latest date: what a monthly refresh follows."""
    if not inputs.meetings:
        raise ReportRequestError("meetings.xlsx, sheet 'Meetings' lists no meeting.")
    return max(inputs.meetings, key=lambda m: m.start_date)


@dataclass(frozen=True)
class ProgrammeLog:
    """One programme's activities, each with its timeframe and the log rows naming it, found once.

    Looking the rows up per activity in an index, instead of scanning the whole log for each
    activity, keeps a status date linear in activities plus log rows; the trend reuses one
    ProgrammeLog for every month.
    """

    activities: tuple[Activity, ...]
    timeframes: dict[str, Timeframe]
    entries: tuple[tuple[LogEntry, ...], ...]  # per activity, the log rows naming it, in log order
    carried: tuple[tuple[LogEntry, ...], ...] = ()  # per activity, the rows of the earlier ones it continues

    def _carried(self) -> tuple[tuple[LogEntry, ...], ...]:
        return self.carried or tuple(() for _ in self.activities)

    def statuses(self, as_of: date, settings: StatusSettings) -> tuple[ActivityStatus, ...]:
        """Every activity's status as of a date, as compute_statuses gives it.

        compute_statuses finds each activity's rows by scanning the programme's whole log;
        here they come from the index, which holds exactly the rows that scan keeps.
        """
        timeframes = self.timeframes
        return tuple(compute_status(activity, timeframes[activity.code], entries, as_of, settings, carried)
                     for activity, entries, carried in zip(self.activities, self.entries, self._carried()))

    def counted(self, as_of: date, settings: StatusSettings) -> list[Counted]:
        """Every activity's status as of a date as the trend counts it (trend.counted of statuses()),
        without wording the reasons the trend never shows."""
        timeframes = self.timeframes
        return [Counted(activity.programme_id, activity.theme_code,
                        status_alone(timeframes[activity.code], entries, as_of, settings, carried))
                for activity, entries, carried in zip(self.activities, self.entries, self._carried())]


def programme_log(inputs: Inputs, programme_id: str) -> ProgrammeLog:
    programme = inputs.programme(programme_id)
    activities = inputs.activities_of(programme_id)
    timeframes = {
        a.code: parse_timeframe(a.timeframe, programme.start_year, programme.end_year) for a in activities
    }
    naming: dict[str, list[LogEntry]] = {}
    for entry in inputs.log_of(programme_id):
        for code in dict.fromkeys(c.strip().upper() for c in entry.activities):
            naming.setdefault(code, []).append(entry.for_activity(code))  # its outcome for that activity
    # The rows compute_statuses keeps for an activity: of its programme, naming its code (case and
    # spaces aside), in log order.
    entries = tuple(tuple(naming.get(a.code.strip().upper(), ())) for a in activities)
    return ProgrammeLog(activities, timeframes, entries, carried_over(inputs, activities))


def carried_over(inputs: Inputs, activities: tuple[Activity, ...]) -> tuple[tuple[LogEntry, ...], ...]:
    """Per activity, the log rows of the earlier activities it continues ('Continues'), as
    compute_statuses finds them; () when none of them continues another (the index is then not built)."""
    if not any(a.continues for a in activities):
        return ()
    by_key = activities_by_key(inputs.activities)
    naming: dict[tuple[str, str], list[LogEntry]] = {}
    for entry in inputs.log:
        for code in dict.fromkeys(c.strip().upper() for c in entry.activities):
            naming.setdefault(key_of(entry.programme_id, code), []).append(entry)
    return tuple(carried_rows(a, by_key, lambda p, c: naming.get(key_of(p, c), ())) for a in activities)


def programme_statuses(
    inputs: Inputs, programme_id: str, as_of: date, settings: StatusSettings
) -> tuple[ActivityStatus, ...]:
    return programme_log(inputs, programme_id).statuses(as_of, settings)


def meeting_programmes(meeting: Meeting) -> list[str]:
    """The programmes a meeting's report covers: the reported one, then the planned one."""
    return [p for p in (meeting.reported_programme, meeting.planned_programme) if p]


def meeting_statuses(
    inputs: Inputs,
    meeting_code: str = "",
    as_of: date | None = None,
    settings: StatusSettings | None = None,
    since: date | None = None,
) -> MeetingStatuses:
    """Statuses of the meeting's reported and planned programmes; no code: the latest meeting.

    `since`, when given, is the date the report shows changes since, instead of the
    previous meeting's date; it must be before the as-of date.
    """
    settings = settings or StatusSettings()
    meeting = find_meeting(inputs, meeting_code) if meeting_code else latest_meeting(inputs)
    as_of = as_of or default_as_of(meeting)
    if since is not None and since >= as_of:
        raise ReportRequestError(
            f"The date to show changes since ({since.isoformat()}) must be before the status date "
            f"({as_of.isoformat()}).")
    ids = meeting_programmes(meeting)
    statuses = {p: programme_statuses(inputs, p, as_of, settings) for p in ids}
    activities = [a for a in inputs.activities if a.programme_id in ids]
    issues = inputs.issues + tuple(timeframe_issues(activities, inputs.programmes))
    return MeetingStatuses(meeting, as_of, statuses, issues, settings, since)


def log_as_of(inputs: Inputs, programme_id: str, as_of: date) -> tuple[LogEntry, ...]:
    """The programme's log rows a report as of a date holds: those that had happened by then (or that
    staff reported from an earlier date, 'Reported from'), in log order. An undated row is in none.

    Every writer reads the report's log from here: Annex 1, Annex 2's evidence (a status counts
    only rows of this log) and the workbook's Evidence sheet show nothing dated after the date.
    """
    return tuple(e for e in inputs.log_of(programme_id) if e.in_report_as_of(as_of))


def programme_report(inputs: Inputs, programme_id: str, statuses: tuple[ActivityStatus, ...],
                     as_of: date) -> ProgrammeReport:
    """The programme as of the status date: named by the title valid then (Programme.as_of: a draft's
    title before its 'Adopted on', its adopted title from then on), resolved here once for every writer,
    with the log rows that had happened by then (log_as_of)."""
    programme = inputs.programme(programme_id)
    if as_of is not None:
        programme = programme.as_of(as_of)
    themes = inputs.themes_of(programme_id)
    rollups = compute_rollups(programme, themes, statuses, inputs.species)
    log = log_as_of(inputs, programme_id, as_of)
    events = tuple(p for p in inputs.planned_events if p.programme_id == programme_id)
    planned = planned_event_statuses(events, log, as_of) if events else ()
    return ProgrammeReport(programme, themes, statuses, log, rollups, planned)


def assemble_report(
    inputs: Inputs,
    computed: MeetingStatuses,
    generated_at: datetime | None = None,
    snapshots_dir: Path | None = None,
) -> ReportData:
    """Add the roll-ups, the changes and the trend to the statuses: everything the writers need.

    With `snapshots_dir`, stored monthly snapshots are used where they exist (for the
    previous month and the trend); otherwise every earlier date is recomputed from the inputs.
    """
    meeting = computed.meeting
    planned = meeting.planned_programme
    since_meeting, previous = meeting_changes(inputs, computed)
    since_month = month_changes(inputs, computed, snapshots_dir)
    generated_at = generated_at or datetime.now().replace(microsecond=0)
    return ReportData(
        meeting=meeting,
        as_of=computed.as_of,
        reported=programme_report(inputs, meeting.reported_programme, computed.statuses[meeting.reported_programme],
                                  computed.as_of),
        planned=programme_report(inputs, planned, computed.statuses[planned], computed.as_of) if planned else None,
        species=inputs.species,
        issues=computed.issues,
        generated_at=generated_at,
        changes_since_meeting=since_meeting,
        changes_since_month=since_month,
        previous_meeting=previous,
        since_meeting=since_meeting.since if since_meeting else None,
        since_month=since_month.since,
        trend=report_trend(inputs, computed, snapshots_dir),
        # a date that may mislead can only reach a report on purpose (refused otherwise): it is marked
        date_chosen_on_purpose=bool(as_of_problems(meeting, computed.as_of, inputs, generated_at.date())),
    )


def build_report(
    inputs: Inputs,
    meeting_code: str,
    as_of: date | None = None,
    settings: StatusSettings | None = None,
    generated_at: datetime | None = None,
    since: date | None = None,
    snapshots_dir: Path | None = None,
) -> ReportData:
    computed = meeting_statuses(inputs, meeting_code, as_of, settings, since)
    return assemble_report(inputs, computed, generated_at, snapshots_dir)


# ---------------------------------------------------------------- what changed, and the trend


def previous_meeting(inputs: Inputs, meeting: Meeting) -> Meeting | None:
    """The Standing Committee meeting with the latest start date before this one's, if any."""
    earlier = [m for m in inputs.meetings if m.start_date < meeting.start_date]
    return max(earlier, key=lambda m: m.start_date) if earlier else None


def statuses_as_of(
    inputs: Inputs, programme_ids: list[str], as_of: date, settings: StatusSettings
) -> tuple[ActivityStatus, ...]:
    """The statuses of the programmes recomputed as of another date, with the same thresholds."""
    return tuple(s for p in programme_ids for s in programme_statuses(inputs, p, as_of, settings))


def _current(computed: MeetingStatuses) -> tuple[ActivityStatus, ...]:
    return tuple(s for statuses in computed.statuses.values() for s in statuses)


def meeting_changes(inputs: Inputs, computed: MeetingStatuses) -> tuple[Changes | None, Meeting | None]:
    """What changed since the chosen date, or else since the previous meeting's date.

    Returns the changes (None when there is no earlier date before the as-of date to
    compare with) and the previous meeting they start from (None for a chosen date).
    """
    previous = None if computed.since else previous_meeting(inputs, computed.meeting)
    if computed.since:
        since, basis, number = computed.since, DATE, None
    elif previous is not None:
        since, basis, number = previous.start_date, PREVIOUS_MEETING, previous.number
    else:
        return None, None
    if since >= computed.as_of:
        return None, previous
    ids = list(computed.statuses)
    before = statuses_as_of(inputs, ids, since, computed.settings)
    return compare(before, _current(computed), since, computed.as_of, basis, meeting_number=number), previous


def month_changes(inputs: Inputs, computed: MeetingStatuses, snapshots_dir: Path | None = None) -> Changes:
    """What changed since the end of the month before the as-of date.

    The previous month's stored snapshot is used when there is one; otherwise the
    statuses are recomputed as of that day.
    """
    since = previous_month_end(computed.as_of)
    basis = PREVIOUS_MONTH
    ids = list(computed.statuses)
    stored = read_month(snapshots_dir, month_key(since)) if snapshots_dir else None
    if stored is not None and stored.as_of == since:
        common = [p for p in ids if p in stored.programmes] if stored.programmes else ids
        return compare(stored.rows, _current(computed), since, computed.as_of, basis,
                       programmes=common, before_source=STORED)
    before = statuses_as_of(inputs, ids, since, computed.settings)
    return compare(before, _current(computed), since, computed.as_of, basis)


def report_trend(
    inputs: Inputs, computed: MeetingStatuses, snapshots_dir: Path | None = None
) -> tuple[TrendRow, ...]:
    """Status counts at each month's end of each programme's period up to the as-of date.

    A month's stored snapshot is used where one exists for that date and programme;
    other months are computed from the inputs, from one ProgrammeLog per programme.
    """
    available = set(stored_months(snapshots_dir)) if snapshots_dir else set()
    stored: dict[str, StoredStatuses] = {}
    rows: list[TrendRow] = []
    for programme_id in computed.statuses:
        programme = inputs.programme(programme_id)
        work: ProgrammeLog | None = None
        points: list[TrendPoint] = []
        for point in month_ends(date(programme.start_year, 1, 1), computed.as_of):
            month = month_key(point)
            if month in available and month not in stored:  # only the months the trend shows, each read once
                stored[month] = read_statuses(snapshot_path(snapshots_dir, month))
            snap = stored.get(month)
            if snap is not None and snap.as_of == point and programme_id in snap.programmes:
                counts = [Counted(p, theme, status) for p, theme, status in snap.rows if p == programme_id]
                points.append(TrendPoint(point, counts, (programme_id,), STORED))
            else:
                work = work or programme_log(inputs, programme_id)
                counts = work.counted(point, computed.settings)
                points.append(TrendPoint(point, counts, (programme_id,), COMPUTED))
        rows += trend_of_points(points)
    return tuple(rows)


# ---------------------------------------------------------------- the monthly refresh


def month_snapshot(
    inputs: Inputs,
    month: str,
    settings: StatusSettings | None = None,
    generated_at: datetime | None = None,
    run_id: str = "",
) -> Snapshot:
    """The status of the latest meeting's programmes as of the end of `month` ('2011-08')."""
    settings = settings or StatusSettings()
    computed = meeting_statuses(inputs, "", parse_month_key(month), settings)
    return make_snapshot(computed.as_of, computed.statuses, computed.meeting.code, settings, generated_at, run_id)


def changes_from_previous_month(
    inputs: Inputs, snapshot: Snapshot, snapshots_dir: Path | None, settings: StatusSettings | None = None
) -> Changes:
    """What changed between the previous month's snapshot and this one.

    The previous month's stored snapshot is used when there is one (only the programmes
    both follow are compared); otherwise its statuses are recomputed from the inputs.
    """
    settings = settings or StatusSettings()
    since = previous_month_end(snapshot.as_of)
    basis = PREVIOUS_MONTH
    stored = read_month(snapshots_dir, month_key(since)) if snapshots_dir else None
    if stored is not None:
        common = [p for p in snapshot.programmes if p in stored.programmes]
        return compare(stored.rows, snapshot.rows, since, snapshot.as_of, basis,
                       programmes=common, before_source=STORED)
    before = statuses_as_of(inputs, list(snapshot.programmes), since, settings)
    return compare(before, snapshot.rows, since, snapshot.as_of, basis)
