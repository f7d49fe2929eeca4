"""The status rules of docs/status-rules.md, at every edge, on made-up activities and log rows."""
from calendar import monthrange
from datetime import date

import pytest

from pipeline.model import Activity, FuzzyDate, LogEntry, Source
from pipeline.settings import StatusSettings
from pipeline.status.rules import compute_status, compute_statuses
from pipeline.status.vocabulary import Status
from pipeline.status.timeframes import parse_timeframe

DEFAULT = StatusSettings()


def day(y, m, d):
    return FuzzyDate(date(y, m, d), date(y, m, d), "day", f"{d}/{m}/{y}")


def month(y, m):
    return FuzzyDate(date(y, m, 1), date(y, m, monthrange(y, m)[1]), "month", f"{m}/{y}")


def year(y):
    return FuzzyDate(date(y, 1, 1), date(y, 12, 31), "year", str(y))


def activity(code="A1", timeframe="2012", programme_id="P"):
    return Activity(programme_id, code, "A", "", "", "desc", timeframe, "Joint", (), False, "",
                    Source("activities.xlsx", "Activities", 2))


_rows = iter(range(2, 10_000))


def entry(start, outcome="progress", end=None, activities=("A1",), programme_id="P", title="Meeting",
          happened_by=None):
    row = next(_rows)
    return LogEntry(f"L{row}", start, end, "meeting", title, "Bonn", "Germany", "CMS", "CITES",
                    programme_id, activities, (), outcome, "", "summary", "", Source("log.xlsx", "Log", row),
                    happened_by=happened_by)


def status(timeframe, entries=(), as_of=date(2012, 6, 30), settings=DEFAULT, period=(2012, 2014)):
    tf = parse_timeframe(timeframe, *period)
    return compute_status(activity(timeframe=timeframe), tf, list(entries), as_of, settings)


# ------------------------------------------------------------------ fixed windows

def test_not_yet_due_before_window_opens():
    s = status("2013", as_of=date(2012, 6, 30))
    assert s.status is Status.NOT_YET_DUE
    assert (s.since, s.next_due, s.evidence) == (None, date(2013, 12, 31), ())


def test_early_evidence_before_window_is_in_progress():
    e = entry(day(2012, 3, 1))
    s = status("2013", [e], as_of=date(2012, 6, 30))
    assert s.status is Status.IN_PROGRESS
    assert s.since == date(2012, 3, 1) and s.evidence == (e,)
    assert "has not begun yet" in s.reason


def test_open_window_with_progress_is_in_progress():
    s = status("2012", [entry(day(2012, 2, 10)), entry(day(2012, 5, 1), "decision taken")])
    assert s.status is Status.IN_PROGRESS
    assert s.next_due == date(2012, 12, 31) and s.since == date(2012, 2, 10)


def test_open_window_without_progress_far_from_end_is_not_started():
    s = status("2012", as_of=date(2012, 6, 30))
    assert s.status is Status.NOT_STARTED
    assert s.since == date(2012, 1, 1) and s.next_due == date(2012, 12, 31)
    assert "1 January 2012 to 31 December 2012" in s.reason


def test_closing_within_horizon_is_at_risk():
    s = status("2012", as_of=date(2012, 10, 1))
    assert s.status is Status.AT_RISK
    assert s.since == date(2012, 10, 1)
    assert "within 3 months" in s.reason


def test_closing_just_outside_horizon_is_not_started():
    assert status("2012", as_of=date(2012, 9, 29)).status is Status.NOT_STARTED


def test_at_risk_on_last_day_of_window():
    assert status("2012", as_of=date(2012, 12, 31)).status is Status.AT_RISK


def test_horizon_setting_turns_not_started_into_at_risk():
    as_of = date(2012, 7, 15)
    assert status("2012", as_of=as_of).status is Status.NOT_STARTED
    wide = StatusSettings(warning_horizon_months=6)
    assert status("2012", as_of=as_of, settings=wide).status is Status.AT_RISK


def test_closed_window_is_overdue():
    s = status("2012", as_of=date(2013, 1, 1))
    assert s.status is Status.OVERDUE
    assert s.since == date(2013, 1, 1) and s.next_due is None
    assert s.reason == ("Its timeframe, 1 January 2012 to 31 December 2012, has ended "
                        "and the activity is not marked completed.")


def test_closed_window_with_progress_is_still_overdue():
    s = status("2012", [entry(day(2012, 4, 1))], as_of=date(2013, 3, 1))
    assert s.status is Status.OVERDUE
    assert "although the log shows progress" in s.reason


def test_empty_timeframe_is_the_programme_period():
    s = status("", as_of=date(2013, 1, 1))
    assert s.status is Status.NOT_STARTED and s.next_due == date(2014, 12, 31)


# ------------------------------------------------------------------ completed, postponed, cancelled

def test_completed_before_as_of():
    done = entry(day(2012, 5, 1), "completed")
    s = status("2012", [entry(day(2012, 2, 1)), done], as_of=date(2013, 6, 1))
    assert s.status is Status.COMPLETED and s.since == date(2012, 5, 1)


def test_completion_after_as_of_does_not_count():
    later = entry(day(2012, 7, 1), "completed")
    s = status("2012", [entry(day(2012, 2, 1)), later], as_of=date(2012, 6, 30))
    assert s.status is Status.IN_PROGRESS
    assert later not in s.evidence


@pytest.mark.parametrize("outcome, expected", [("postponed", Status.POSTPONED), ("cancelled", Status.CANCELLED)])
def test_latest_entry_postponed_or_cancelled(outcome, expected):
    last = entry(day(2012, 5, 1), outcome)
    s = status("2012", [entry(day(2012, 2, 1)), last])
    assert s.status is expected and s.since == date(2012, 5, 1)
    assert outcome in s.reason


def test_postponement_followed_by_progress_is_not_postponed():
    s = status("2012", [entry(day(2012, 2, 1), "postponed"), entry(day(2012, 5, 1))])
    assert s.status is Status.IN_PROGRESS


def test_postponement_after_as_of_does_not_count():
    s = status("2012", [entry(day(2012, 2, 1)), entry(day(2012, 7, 1), "postponed")])
    assert s.status is Status.IN_PROGRESS


# ------------------------------------------------------------------ continuous

def test_continuous_recent_evidence_is_ongoing():
    s = status("On-going", [entry(day(2012, 3, 1))], as_of=date(2013, 2, 1))
    assert s.status is Status.ONGOING
    assert s.next_due == date(2013, 3, 1) and s.since == date(2012, 3, 1)


def test_continuous_stale_evidence_is_stalled():
    s = status("On-going", [entry(day(2012, 3, 1))], as_of=date(2013, 3, 2))
    assert s.status is Status.STALLED
    assert s.since == date(2013, 3, 2) and s.next_due is None
    assert "more than 12 months" in s.reason


def test_continuous_recency_setting():
    e = [entry(day(2012, 3, 1))]
    assert status("On-going", e, as_of=date(2012, 9, 1), settings=StatusSettings(ongoing_recency_months=3)).status is Status.STALLED


def test_continuous_without_evidence_is_not_started():
    s = status("Ongoing", as_of=date(2012, 6, 30))
    assert s.status is Status.NOT_STARTED and s.since == date(2012, 1, 1)


def test_continuous_before_period_is_not_yet_due():
    assert status("Ongoing", as_of=date(2011, 6, 30)).status is Status.NOT_YET_DUE


# ------------------------------------------------------------------ annual

def test_annual_every_finished_year_is_ongoing():
    log = [entry(month(2012, 2)), entry(year(2013))]
    s = status("Annual and as-required", log, as_of=date(2014, 3, 1))
    assert s.status is Status.ONGOING and s.next_due == date(2014, 12, 31)


def test_annual_missed_year_is_stalled():
    s = status("Annual and as-required", [entry(day(2012, 2, 1)), entry(day(2014, 2, 1))], as_of=date(2014, 3, 1))
    assert s.status is Status.STALLED
    assert "2013" in s.reason and s.since == date(2014, 1, 1)


def test_annual_first_year_with_evidence_is_ongoing():
    assert status("Annual", [entry(day(2012, 2, 1))], as_of=date(2012, 6, 1)).status is Status.ONGOING


def test_annual_without_evidence():
    assert status("Annual", as_of=date(2012, 6, 1)).status is Status.NOT_STARTED
    assert status("Annual", as_of=date(2013, 6, 1)).status is Status.STALLED  # 2012 missed
    assert status("Annual", as_of=date(2011, 6, 1)).status is Status.NOT_YET_DUE


# ------------------------------------------------------------------ pending

PENDING = "Will depend on decisions adopted at CMS CoP10"


def test_pending_without_decision():
    s = status(PENDING, [entry(day(2012, 2, 1))], as_of=date(2012, 6, 1))
    assert s.status is Status.PENDING_DECISION and "CMS CoP10" in s.reason


def test_pending_with_decision_runs_as_continuous():
    s = status(PENDING, [entry(day(2012, 2, 1), "decision taken")], as_of=date(2012, 6, 1))
    assert s.status is Status.ONGOING and "CMS CoP10 decided" in s.reason
    stale = status(PENDING, [entry(day(2012, 2, 1), "decision taken")], as_of=date(2013, 6, 1))
    assert stale.status is Status.STALLED


def test_decision_after_as_of_leaves_it_pending():
    s = status(PENDING, [entry(day(2012, 8, 1), "decision taken")], as_of=date(2012, 6, 1))
    assert s.status is Status.PENDING_DECISION


# ------------------------------------------------------------------ unrecognised, dates, evidence

def test_unrecognised_timeframe():
    s = status("when funds allow")
    assert s.status is Status.UNRECOGNISED and "when funds allow" in s.reason


def test_completed_beats_unrecognised():
    assert status("whenever", [entry(day(2012, 2, 1), "completed")]).status is Status.COMPLETED


def test_month_only_evidence_counts_from_the_end_of_the_month():
    e = entry(month(2008, 6))
    assert status("2008", [e], as_of=date(2008, 6, 30), period=(2008, 2011)).evidence == (e,)
    s = status("2008", [e], as_of=date(2008, 6, 15), period=(2008, 2011))
    assert s.evidence == () and s.status is Status.NOT_STARTED


def test_undated_evidence_never_counts():
    s = status("2012", [entry(None)], as_of=date(2012, 6, 1))
    assert s.evidence == () and s.status is Status.NOT_STARTED


def test_undated_row_happened_by_a_month_counts_from_its_last_day():
    e = entry(None, happened_by=month(2012, 5))
    assert e.latest == date(2012, 5, 31) and e.earliest is None
    before = status("2012", [e], as_of=date(2012, 5, 30))
    assert before.evidence == () and before.status is Status.NOT_STARTED
    after = status("2012", [e], as_of=date(2012, 5, 31))
    assert after.evidence == (e,) and after.status is Status.IN_PROGRESS
    assert after.since == date(2012, 5, 31)
    assert after.reason.endswith("most recently Meeting, Bonn (undated, by May 2012).")


def test_happened_by_a_year_counts_from_31_december():
    e = entry(None, happened_by=year(2012), outcome="completed")
    assert status("2012", [e], as_of=date(2012, 12, 30)).status is Status.AT_RISK
    assert status("2012", [e], as_of=date(2012, 12, 31)).status is Status.COMPLETED


def test_a_start_date_wins_over_happened_by():
    e = entry(day(2012, 3, 1), happened_by=year(2013))
    assert e.latest == date(2012, 3, 1)
    assert status("2012", [e], as_of=date(2012, 6, 1)).evidence == (e,)


def test_happened_by_covers_its_year_for_annual_activities():
    rows = [entry(day(2012, 5, 1)), entry(None, happened_by=year(2013))]
    s = status("Annual and as-required", rows, as_of=date(2014, 3, 1))
    assert s.status is Status.ONGOING


def test_end_date_is_what_counts():
    e = entry(day(2012, 5, 30), end=day(2012, 6, 2))
    assert status("2012", [e], as_of=date(2012, 6, 1)).evidence == ()
    assert status("2012", [e], as_of=date(2012, 6, 2)).evidence == (e,)


def test_evidence_oldest_first():
    a, b, c = entry(day(2012, 5, 1)), entry(day(2012, 1, 1)), entry(month(2012, 3))
    s = status("2012", [a, b, c])
    assert s.evidence == (b, c, a)
    assert s.last_evidence == date(2012, 5, 1)


def test_reason_names_the_entry_as_precisely_as_known():
    s = status("2012", [entry(month(2012, 3), title="Joint meeting")], as_of=date(2013, 2, 1))
    assert "Joint meeting, Bonn (March 2012)" in s.reason


# ------------------------------------------------------------------ compute_statuses

def test_compute_statuses_matches_code_and_programme():
    acts = [activity("A1", "2012"), activity("A2", "2012")]
    tfs = {a.code: parse_timeframe(a.timeframe, 2012, 2014) for a in acts}
    log = [
        entry(day(2012, 2, 1), activities=("A1", "B1")),
        entry(day(2012, 3, 1), activities=("A2",), programme_id="OTHER"),
        entry(day(2012, 4, 1), "completed", activities=("A9",)),
    ]
    result = compute_statuses(acts, tfs, log, date(2012, 6, 1), DEFAULT)
    assert [r.activity.code for r in result] == ["A1", "A2"]
    assert [r.status for r in result] == [Status.IN_PROGRESS, Status.NOT_STARTED]
    assert result[0].evidence == (log[0],) and result[1].evidence == ()


def test_compute_statuses_missing_timeframe_is_unrecognised():
    result = compute_statuses([activity("A1")], {}, [], date(2012, 6, 1), DEFAULT)
    assert result[0].status is Status.UNRECOGNISED


# ------------------------------------------------------------------ after the period closes (continuous, annual)

def test_continuous_without_evidence_after_its_period_is_overdue():
    s = status("On-going", as_of=date(2015, 12, 31))
    assert s.status is Status.OVERDUE
    assert s.since == date(2015, 1, 1) and s.next_due is None
    assert s.reason == ("Continuous over 2012–2014, but the period closed on 31 December 2014 and the log "
                        "records no activity in it.")


def test_continuous_without_evidence_on_the_last_day_of_its_period_is_still_not_started():
    assert status("On-going", as_of=date(2014, 12, 31)).status is Status.NOT_STARTED
    assert status("On-going", as_of=date(2015, 1, 1)).status is Status.OVERDUE


def test_continuous_kept_up_to_the_end_of_its_period_is_completed():
    last = entry(day(2014, 3, 1), title="Third meeting")
    s = status("On-going", [entry(day(2012, 5, 1)), last], as_of=date(2015, 12, 31))
    assert s.status is Status.COMPLETED and s.since == date(2015, 1, 1)
    assert "kept up to the end" in s.reason and "Third meeting, Bonn (1 March 2014)" in s.reason
    assert "within 12 months of 31 December 2014" in s.reason


def test_continuous_that_lapsed_before_the_end_of_its_period_is_overdue():
    s = status("On-going", [entry(day(2012, 5, 1))], as_of=date(2015, 6, 30))
    assert s.status is Status.OVERDUE and s.since == date(2015, 1, 1)
    assert "more than 12 months before that" in s.reason


def test_continuous_after_its_period_is_judged_on_the_rows_dated_in_it():
    late = entry(day(2015, 3, 1))
    s = status("On-going", [entry(day(2012, 5, 1)), late], as_of=date(2015, 6, 30))
    assert s.status is Status.OVERDUE and late in s.evidence  # listed, but it does not revive the closed period
    assert status("On-going", [late], as_of=date(2015, 6, 30)).status is Status.OVERDUE


def test_continuous_after_a_decision_is_judged_at_the_programme_end():
    s = status(PENDING, [entry(day(2012, 2, 1), "decision taken"), entry(day(2014, 6, 1))], as_of=date(2015, 6, 1))
    assert s.status is Status.COMPLETED and "CMS CoP10 decided" in s.reason


def test_annual_missed_years_are_named_while_the_period_runs():
    s = status("Annual and as-required", as_of=date(2014, 3, 1))
    assert s.status is Status.STALLED and s.since == date(2013, 1, 1)
    assert s.reason == ("Annual over 2012–2014: no activity recorded in 2012 and 2013, "
                        "and none yet by 1 March 2014.")


def test_annual_every_year_of_a_closed_period_is_completed():
    log = [entry(day(2012, 5, 1)), entry(day(2013, 5, 1)), entry(day(2014, 5, 1))]
    s = status("Annual", log, as_of=date(2015, 12, 31))
    assert s.status is Status.COMPLETED and s.since == date(2015, 1, 1) and s.next_due is None
    assert "every year of it" in s.reason


def test_annual_closed_period_with_missed_years_is_overdue_and_names_them():
    s = status("Annual", [entry(day(2014, 5, 1), title="Coordination meeting")], as_of=date(2015, 12, 31))
    assert s.status is Status.OVERDUE and s.since == date(2015, 1, 1)
    assert s.reason == ("Annual over 2012–2014, which closed on 31 December 2014: no activity recorded in "
                        "2012 and 2013; its last entry is Coordination meeting, Bonn (1 May 2014).")


def test_annual_closed_period_without_any_evidence_names_every_year():
    s = status("Annual", as_of=date(2015, 12, 31))
    assert s.status is Status.OVERDUE
    assert s.reason.endswith("no activity recorded in 2012, 2013 and 2014.")


# ------------------------------------------------------------------ completed late

def test_completed_after_its_window_says_how_late():
    done = entry(month(2014, 3), "completed", title="Workshop")
    s = status("2012", [done], as_of=date(2015, 1, 1))
    assert s.status is Status.COMPLETED and s.since == date(2014, 3, 31)
    assert s.reason == ("Marked completed by Workshop, Bonn (March 2014), 15 months after its timeframe (2012) "
                        "closed on 31 December 2012.")


def test_completed_the_month_after_its_window_is_one_month_late():
    s = status("2012", [entry(day(2013, 1, 2), "completed")], as_of=date(2013, 6, 1))
    assert s.status is Status.COMPLETED and ", 1 month after its timeframe (2012)" in s.reason


def test_completed_within_its_window_says_nothing_of_lateness():
    s = status("2012", [entry(day(2012, 12, 31), "completed")], as_of=date(2013, 6, 1))
    assert s.reason.startswith("Marked completed by") and "after its timeframe" not in s.reason


def test_empty_timeframe_completed_late_names_the_programme_period():
    s = status("", [entry(day(2015, 2, 1), "completed")], as_of=date(2015, 6, 1))
    assert "after its timeframe (2012–2014) closed on 31 December 2014" in s.reason


# ------------------------------------------------------------------ carry-over

def successor(code="X1", timeframe="On-going", continues=("P B1",)):
    a = activity(code, timeframe, programme_id="Q")
    return Activity(**{**a.__dict__, "continues": continues})


def carried_status(timeframe, own=(), carried=(), as_of=date(2015, 6, 30), continues=("P B1",)):
    tf = parse_timeframe(timeframe, 2015, 2017)
    return compute_status(successor(timeframe=timeframe, continues=continues), tf, list(own), as_of, DEFAULT,
                          list(carried))


def test_rows_of_the_continued_activity_count_as_evidence():
    earlier = entry(day(2014, 11, 1), activities=("B1",), title="Task force")
    s = carried_status("On-going", carried=[earlier])
    assert s.status is Status.ONGOING and s.evidence == (earlier,)
    assert s.reason.endswith("It continues P B1, whose log entries count towards it.")
    assert "Task force, Bonn (1 November 2014)" in s.reason


def test_carried_rows_count_as_progress_never_as_completion_or_halt():
    done = entry(day(2015, 2, 1), "completed", activities=("B1",))
    carried = carried_status("2015", carried=[done])
    assert carried.status is Status.IN_PROGRESS
    assert [e.outcome for e in carried.evidence] == ["progress"]  # what a report lists as its evidence, too
    halted = entry(day(2015, 2, 1), "cancelled", activities=("B1",))
    assert carried_status("2015", carried=[halted]).status is Status.IN_PROGRESS
    decided = entry(day(2015, 2, 1), "decision taken", activities=("B1",))
    assert carried_status(PENDING, carried=[decided]).status is Status.PENDING_DECISION


def test_own_rows_still_decide_completion_of_a_successor():
    own = entry(day(2015, 5, 1), "completed", activities=("X1",), programme_id="Q")
    s = carried_status("2015", own=[own], carried=[entry(day(2014, 5, 1), activities=("B1",))])
    assert s.status is Status.COMPLETED and len(s.evidence) == 2


def test_a_row_naming_both_activities_counts_once_as_its_own():
    both = entry(day(2015, 2, 1), "completed", activities=("X1",), programme_id="Q")
    s = carried_status("2015", own=[both], carried=[both])
    assert s.status is Status.COMPLETED and s.evidence == (both,)


def test_compute_statuses_follows_a_chain_of_continued_activities():
    first = activity("A1", "2008", programme_id="P0")
    middle = Activity(**{**activity("B1", "On-going", programme_id="P").__dict__, "continues": ("P0 a1",)})
    last = successor(continues=("P B1",))
    log = [entry(day(2013, 6, 1), activities=("A1",), programme_id="P0"),
           entry(day(2014, 12, 1), activities=("b1",), programme_id="P"),
           entry(day(2014, 12, 2), activities=("A1",), programme_id="OTHER")]
    tfs = {"X1": parse_timeframe("On-going", 2015, 2017)}
    result = compute_statuses([last], tfs, log, date(2015, 6, 30), DEFAULT, [first, middle])
    assert result[0].status is Status.ONGOING and result[0].evidence == (log[0], log[1])
    assert compute_statuses([last], tfs, log, date(2015, 6, 30), DEFAULT)[0].evidence == (log[1],)


def test_a_loop_of_continued_activities_ends():
    a = Activity(**{**activity("A1", programme_id="P").__dict__, "continues": ("Q X1",)})
    b = successor(continues=("P A1",))
    log = [entry(day(2015, 1, 5), activities=("A1",))]
    tfs = {"X1": parse_timeframe("On-going", 2015, 2017)}
    assert compute_statuses([b], tfs, log, date(2015, 6, 30), DEFAULT, [a])[0].evidence == (log[0],)


def test_carried_rows_count_only_once_the_successor_window_opens():
    earlier = entry(day(2013, 5, 1), activities=("B1",))
    before = carried_status("On-going", carried=[earlier], as_of=date(2014, 8, 31))
    assert before.status is Status.NOT_YET_DUE and before.evidence == ()
    assert before.reason.endswith("It continues P B1, whose log entries will count towards it once its timeframe "
                                  "opens.")
    opened = carried_status("On-going", carried=[earlier], as_of=date(2015, 1, 1))
    assert opened.status is Status.STALLED and opened.evidence == (earlier,)
