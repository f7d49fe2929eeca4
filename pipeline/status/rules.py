"""The status rules of docs/status-rules.md: one activity, its timeframe and its log rows, as of a date.

Every status carries the log rows it rests on and why (a Reason: the rule's kind and its
values, said in English in ActivityStatus.reason and in the report's language by
pipeline/wording/reason_sentences.py), so a Secretariat officer can trace any cell of the report
to the meeting behind it.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from pipeline.model import Activity, LogEntry
from pipeline.settings import StatusSettings
from pipeline.status.carry_over import activities_by_key, carried_rows, names_rows
from pipeline.status.vocabulary import ActivityStatus, Status, Timeframe
from pipeline.status import reasons as why
from pipeline.status.reasons import Months, Names, Reason, Window, Years
from pipeline.status.timeframes import format_period

PROGRESS_OUTCOMES = ("progress", "decision taken")


class _Verdict(NamedTuple):
    status: Status
    reason: Reason
    since: date | None = None
    next_due: date | None = None


# ---------------------------------------------------------------- evidence and wording


def _outcome(entry: LogEntry) -> str:
    return (entry.outcome or "").strip().lower()


def counted_evidence(entries: Sequence[LogEntry], as_of: date) -> tuple[LogEntry, ...]:
    """The rows that can have happened by as_of, oldest first.

    A row counts from the last day it can have happened on: its end, its start, or, for a
    row without a date of its own, its 'Happened by'. A row with none of these never counts.
    """
    dated = [e for e in entries if e.latest is not None and e.latest <= as_of]
    return tuple(sorted(dated, key=lambda e: (e.latest, e.earliest or e.latest, e.source.row)))


# ---------------------------------------------------------------- rules 1-4


def _halted(evidence: Sequence[LogEntry]) -> _Verdict | None:
    """Rule 1: the latest row postponing or cancelling the activity overrides everything."""
    if not evidence:
        return None
    last = evidence[-1]
    for outcome, status, kind in (("postponed", Status.POSTPONED, why.HALTED_POSTPONED),
                                  ("cancelled", Status.CANCELLED, why.HALTED_CANCELLED)):
        if _outcome(last) == outcome:
            return _Verdict(status, Reason.of(kind, entry=last), last.latest)
    return None


def months_late(end: date, done: date) -> int:
    """Calendar months from a window's last month to the completion's: March 2014 after 2012 is 15."""
    return (done.year - end.year) * 12 + done.month - end.month


def _completed(timeframe: Timeframe, evidence: Sequence[LogEntry]) -> _Verdict | None:
    """Rule 2: the first row marking it completed, on or before as_of; after a fixed window's end,
    it is still Completed, and the reason says how late."""
    done = next((e for e in evidence if _outcome(e) == "completed"), None)
    if done is None:
        return None
    reason = Reason.of(why.COMPLETED, entry=done)
    if timeframe.kind == "fixed" and timeframe.end and done.latest > timeframe.end:
        late = Months(max(months_late(timeframe.end, done.latest), 1))
        reason = Reason.of(why.COMPLETED_LATE, entry=done, late=late, timeframe=timeframe.as_written.strip()
                           or format_period(timeframe.start.year, timeframe.end.year), end=timeframe.end)
    return _Verdict(Status.COMPLETED, reason, done.latest)


def _pending(
    timeframe: Timeframe, evidence: Sequence[LogEntry], as_of: date, settings: StatusSettings
) -> _Verdict:
    """Rule 4: waits for a decision; once one is logged, it runs as a continuous activity."""
    body = timeframe.decision or None  # None: 'the body it depends on'
    decision = next((e for e in evidence if _outcome(e) == "decision taken"), None)
    if decision is None:
        return _Verdict(Status.PENDING_DECISION, Reason.of(why.PENDING, body=body, as_of=as_of))
    opening = Reason.of(why.CONTINUOUS_SINCE, body=body, entry=decision)
    return _continuous(decision.latest, timeframe.end, opening, evidence, as_of, settings)


# ---------------------------------------------------------------- rule 5: continuous


def _run_start(evidence: Sequence[LogEntry], recency: relativedelta) -> date:
    """The first row of the latest unbroken run of evidence: when Ongoing began."""
    start = evidence[0].latest
    for prev, cur in zip(evidence, evidence[1:]):
        if prev.latest + recency < cur.latest:
            start = cur.latest
    return start


def _continuous_closed(
    end: date, opening: Reason, evidence: Sequence[LogEntry], settings: StatusSettings
) -> _Verdict:
    """Rule 5, once the period has closed: judged at its end, on the rows dated in it. Kept up to
    the end (its last row within the recency of the end): Completed; otherwise Overdue."""
    closed = end + timedelta(days=1)
    within = [e for e in evidence if e.latest <= end]
    if not within:
        return _Verdict(Status.OVERDUE, Reason.of(why.CONTINUOUS_CLOSED_NOTHING, opening=opening, end=end), closed)
    last, span = within[-1], Months(settings.ongoing_recency_months)
    if last.latest + relativedelta(months=settings.ongoing_recency_months) >= end:
        reason = Reason.of(why.CONTINUOUS_CLOSED_KEPT_UP, opening=opening, entry=last, span=span, end=end)
        return _Verdict(Status.COMPLETED, reason, closed)
    reason = Reason.of(why.CONTINUOUS_CLOSED_LAPSED, opening=opening, end=end, entry=last, span=span)
    return _Verdict(Status.OVERDUE, reason, closed)


def _continuous(
    start: date, end: date | None, opening: Reason, evidence: Sequence[LogEntry], as_of: date,
    settings: StatusSettings
) -> _Verdict:
    """Rule 5: continuous work is Ongoing while its last evidence is recent enough; after its
    period (`end`), it is judged as it stood at the end."""
    if end is not None and as_of > end:
        return _continuous_closed(end, opening, evidence, settings)
    if not evidence:
        if as_of < start:
            reason = Reason.of(why.CONTINUOUS_NOT_YET_DUE, opening=opening, start=start)
            return _Verdict(Status.NOT_YET_DUE, reason)
        return _Verdict(Status.NOT_STARTED, Reason.of(why.CONTINUOUS_NOT_STARTED, opening=opening, as_of=as_of),
                        start)
    recency = relativedelta(months=settings.ongoing_recency_months)
    last = evidence[-1]
    span = Months(settings.ongoing_recency_months)
    if last.latest + recency >= as_of:
        reason = Reason.of(why.CONTINUOUS_ONGOING, opening=opening, entry=last, span=span, as_of=as_of)
        return _Verdict(Status.ONGOING, reason, _run_start(evidence, recency), last.latest + recency)
    reason = Reason.of(why.CONTINUOUS_STALLED, opening=opening, entry=last, span=span, as_of=as_of)
    return _Verdict(Status.STALLED, reason, last.latest + recency + timedelta(days=1))


# ---------------------------------------------------------------- rule 6: annual


def _entry_years(entry: LogEntry) -> set[int]:
    first = (entry.earliest or entry.latest).year
    return set(range(first, entry.latest.year + 1))


def missed_years(timeframe: Timeframe, evidence: Sequence[LogEntry], as_of: date) -> list[int]:
    """Finished calendar years of the window with no row dated in them."""
    covered = set().union(*(_entry_years(e) for e in evidence)) if evidence else set()
    last_finished = min(as_of.year - 1, timeframe.end.year)
    return [y for y in range(timeframe.start.year, last_finished + 1) if y not in covered]


def _annual_closed(timeframe: Timeframe, evidence: Sequence[LogEntry], period: str) -> _Verdict:
    """Rule 6, once the period has closed: every year of it had a row (Completed), or the missed
    years are named (Overdue)."""
    end, closed = timeframe.end, timeframe.end + timedelta(days=1)
    within = [e for e in evidence if e.latest <= end]
    missed = missed_years(timeframe, within, end + timedelta(days=1))
    if not within:
        reason = Reason.of(why.ANNUAL_CLOSED_NOTHING, period=period, end=end, years=Years(tuple(missed)))
        return _Verdict(Status.OVERDUE, reason, closed)
    if missed:
        reason = Reason.of(why.ANNUAL_CLOSED_MISSED, period=period, end=end, years=Years(tuple(missed)),
                           entry=within[-1])
        return _Verdict(Status.OVERDUE, reason, closed)
    reason = Reason.of(why.ANNUAL_CLOSED_EVERY_YEAR, period=period, entry=within[-1], end=end)
    return _Verdict(Status.COMPLETED, reason, closed)


def _annual(timeframe: Timeframe, evidence: Sequence[LogEntry], as_of: date) -> _Verdict:
    """Rule 6: an annual activity needs a log row in every year of its period, judged year by year:
    a finished year without one is a missed year (Stalled while the period runs, Overdue after)."""
    period = format_period(timeframe.start.year, timeframe.end.year)
    if as_of > timeframe.end:
        return _annual_closed(timeframe, evidence, period)
    due_year = max(as_of.year, timeframe.start.year)
    next_due = date(due_year, 12, 31) if due_year <= timeframe.end.year else None
    missed = missed_years(timeframe, evidence, as_of)
    if not evidence and as_of < timeframe.start:
        reason = Reason.of(why.ANNUAL_NOT_YET_DUE, period=period, start=timeframe.start)
        return _Verdict(Status.NOT_YET_DUE, reason, None, next_due)
    if not evidence and missed:
        reason = Reason.of(why.ANNUAL_MISSED_NOTHING, period=period, years=Years(tuple(missed)), as_of=as_of)
        return _Verdict(Status.STALLED, reason, date(missed[0] + 1, 1, 1), next_due)
    if not evidence:
        reason = Reason.of(why.ANNUAL_NOT_STARTED, period=period, as_of=as_of)
        return _Verdict(Status.NOT_STARTED, reason, timeframe.start, next_due)
    last = evidence[-1]
    if missed:
        reason = Reason.of(why.ANNUAL_STALLED, period=period, years=Years(tuple(missed)), entry=last)
        return _Verdict(Status.STALLED, reason, date(missed[0] + 1, 1, 1))
    reason = Reason.of(why.ANNUAL_ONGOING, period=period, entry=last)
    return _Verdict(Status.ONGOING, reason, evidence[0].latest, next_due)


# ---------------------------------------------------------------- rule 7: fixed window


def _at_risk_from(timeframe: Timeframe, horizon: relativedelta) -> date:
    """The first day on which the window's end falls within the warning horizon."""
    day = timeframe.end - horizon
    while day + horizon < timeframe.end:
        day += timedelta(days=1)
    return max(day, timeframe.start)


def _fixed(
    timeframe: Timeframe, evidence: Sequence[LogEntry], as_of: date, settings: StatusSettings
) -> _Verdict:
    """Rule 7: a window [start, end] is judged by whether it is open and shows progress."""
    window, start, end = Window(timeframe.start, timeframe.end), timeframe.start, timeframe.end
    progress = [e for e in evidence if _outcome(e) in PROGRESS_OUTCOMES]
    if as_of > timeframe.end:
        reason = (Reason.of(why.WINDOW_OVERDUE_WITH_PROGRESS, window=window, end=end, entry=progress[-1]) if progress
                  else Reason.of(why.WINDOW_OVERDUE, window=window, end=end))
        return _Verdict(Status.OVERDUE, reason, timeframe.end + timedelta(days=1))
    if progress:
        kind = why.WINDOW_PROGRESS_EARLY if as_of < timeframe.start else why.WINDOW_PROGRESS
        reason = Reason.of(kind, window=window, entry=progress[-1])
        return _Verdict(Status.IN_PROGRESS, reason, progress[0].latest, timeframe.end)
    if as_of < timeframe.start:
        reason = Reason.of(why.WINDOW_NOT_YET_DUE, window=window, start=start)
        return _Verdict(Status.NOT_YET_DUE, reason, None, timeframe.end)
    horizon = relativedelta(months=settings.warning_horizon_months)
    if as_of + horizon >= timeframe.end:
        span = Months(settings.warning_horizon_months)
        reason = Reason.of(why.WINDOW_AT_RISK, window=window, end=end, span=span, as_of=as_of)
        return _Verdict(Status.AT_RISK, reason, _at_risk_from(timeframe, horizon), timeframe.end)
    reason = Reason.of(why.WINDOW_NOT_STARTED, window=window, as_of=as_of)
    return _Verdict(Status.NOT_STARTED, reason, timeframe.start, timeframe.end)


# ---------------------------------------------------------------- public


def _by_kind(
    timeframe: Timeframe, evidence: Sequence[LogEntry], as_of: date, settings: StatusSettings
) -> _Verdict:
    """Rules 3-7, chosen by the kind of timeframe."""
    if timeframe.kind == "pending":
        return _pending(timeframe, evidence, as_of, settings)
    if timeframe.kind == "continuous":
        opening = Reason.of(why.CONTINUOUS_OVER, period=format_period(timeframe.start.year, timeframe.end.year))
        return _continuous(timeframe.start, timeframe.end, opening, evidence, as_of, settings)
    if timeframe.kind == "annual":
        return _annual(timeframe, evidence, as_of)
    if timeframe.kind == "fixed" and timeframe.start and timeframe.end:
        return _fixed(timeframe, evidence, as_of, settings)
    return _Verdict(Status.UNRECOGNISED, Reason.of(why.UNRECOGNISED, timeframe=timeframe.as_written))


def _verdict(timeframe: Timeframe, evidence: tuple[LogEntry, ...], as_of: date, settings: StatusSettings,
             carried: frozenset[str] = frozenset()) -> _Verdict:
    """Rules 1-7. Rows carried over from an earlier activity (their ids in `carried`; _merged made them
    progress) neither halt nor complete it: their completion, postponement or decision was the earlier
    activity's."""
    own = tuple(e for e in evidence if e.id not in carried) if carried else evidence
    return _halted(own) or _completed(timeframe, own) or _by_kind(timeframe, evidence, as_of, settings)


def _carried_ids(entries: Sequence[LogEntry], carried: Sequence[LogEntry]) -> frozenset[str]:
    own = {e.id for e in entries}
    return frozenset(e.id for e in carried if e.id not in own)


def _carried_now(timeframe: Timeframe, carried: Sequence[LogEntry], as_of: date) -> Sequence[LogEntry]:
    """Carried-over rows count once the successor's window has opened (all of them, those dated
    before it too); before that it is not yet due, whatever the earlier activity did."""
    return carried if timeframe.start is None or as_of >= timeframe.start else ()


def _merged(entries: Sequence[LogEntry], carried: Sequence[LogEntry]) -> list[LogEntry]:
    """The activity's own rows, then the carried ones as progress: what they completed, postponed or
    cancelled belonged to the earlier activity (the evidence a report lists says so too)."""
    own = {e.id for e in entries}
    return [*entries, *(e if e.outcome == "progress" and not e.outcomes else replace(e, outcome="progress", outcomes=())
                        for e in carried if e.id not in own)]


def status_alone(timeframe: Timeframe, entries: Sequence[LogEntry], as_of: date, settings: StatusSettings,
                 carried: Sequence[LogEntry] = ()) -> Status:
    """The status compute_status gives, without the sentence of its reason: for the Trend, which
    counts the statuses of every month and shows no reason (wording a reason costs more than
    deciding the status; the reason stays data in compute_status, worded only there)."""
    carried = _carried_now(timeframe, carried, as_of)
    evidence = counted_evidence(_merged(entries, carried), as_of)
    return _verdict(timeframe, evidence, as_of, settings, _carried_ids(entries, carried)).status


def compute_status(
    activity: Activity,
    timeframe: Timeframe,
    entries: Sequence[LogEntry],
    as_of: date,
    settings: StatusSettings,
    carried: Sequence[LogEntry] = (),
) -> ActivityStatus:
    """The status of one activity as of a date, from the log rows that name it and, for an activity
    that continues one of an earlier programme, the rows carried over from that one (`carried`).

    Each row counts with its outcome for this activity (LogEntry.outcome_for: its 'Outcomes' cell
    may give one activity another outcome than the row's)."""
    entries = [e.for_activity(activity.code) for e in entries]
    carried = _carried_now(timeframe, carried, as_of)
    evidence = counted_evidence(_merged(entries, carried), as_of)
    verdict = _verdict(timeframe, evidence, as_of, settings, _carried_ids(entries, carried))
    reason = verdict.reason
    if activity.continues:
        kind = why.CONTINUES if carried or timeframe.start is None or as_of >= timeframe.start else why.CONTINUES_LATER
        reason = Reason.of(kind, reason=reason, earlier=Names(tuple(c.strip() for c in activity.continues)))
    return ActivityStatus(
        activity=activity,
        timeframe=timeframe,
        as_of=as_of,
        status=verdict.status,
        stated_reason="",
        why=reason,
        evidence=evidence,
        since=verdict.since,
        next_due=verdict.next_due,
    )


def compute_statuses(
    activities: Sequence[Activity],
    timeframes: Mapping[str, Timeframe],
    log: Sequence[LogEntry],
    as_of: date,
    settings: StatusSettings,
    earlier: Sequence[Activity] = (),
) -> tuple[ActivityStatus, ...]:
    """Every activity's status, in activity order; each sees only its programme's log rows, and
    those of the earlier activities it continues (found among `earlier`, in `log`)."""
    by_key = activities_by_key([*activities, *earlier])
    results = []
    for activity in activities:
        timeframe = timeframes.get(activity.code) or Timeframe(
            activity.timeframe, "unrecognised", None, None, read_as="timeframe not recognised"
        )
        entries = [e for e in log if names_rows(e, activity.programme_id, activity.code)]
        carried = carried_rows(activity, by_key, lambda p, c: [e for e in log if names_rows(e, p, c)])
        results.append(compute_status(activity, timeframe, entries, as_of, settings, carried))
    return tuple(results)
