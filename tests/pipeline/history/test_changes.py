"""What changed between two dates: a small made-up history with each kind of change,
then the same comparison on the reference data."""
from datetime import date

import pytest

from pipeline.history.changes import PREVIOUS_MONTH, ChangeKind, compare
from pipeline.wording.change_sentences import basis, changes_table, paragraph, report_change_paragraphs, sentences
from pipeline.wording.sentences import number_words
from pipeline.inputs.load import read_inputs
from pipeline.assemble import ReportRequestError, build_report
from pipeline.history.snapshots import EvidenceRef, SnapshotRow
from pipeline.status.vocabulary import Status
from tests.conftest import BUNDLED_INPUTS

BEFORE, AFTER = date(2011, 7, 31), date(2011, 8, 31)
P = "JA 2008-2011"


def ev(entry: str, day: date = date(2011, 3, 1)) -> EvidenceRef:
    return EvidenceRef(entry, day, "progress", f"Meeting {entry}")


def row(code: str, status: Status, *evidence: EvidenceRef, programme: str = P, description: str = "") -> SnapshotRow:
    return SnapshotRow(programme, code, code[0], description or f"Activity {code} does something useful.",
                       status, tuple(evidence))


@pytest.fixture(scope="module")
def history():
    before = [
        row("A1", Status.IN_PROGRESS, ev("L1")),
        row("A2", Status.NOT_STARTED),
        row("A3", Status.NOT_STARTED),
        row("B1", Status.ONGOING, ev("L3")),
        row("B2", Status.IN_PROGRESS, ev("L4")),
        row("B3", Status.IN_PROGRESS, ev("L6")),
        row("C1", Status.NOT_YET_DUE),
        row("C2", Status.NOT_STARTED),  # removed from the programme
        row("d1 ", Status.IN_PROGRESS, ev("L7")),  # codes match whatever their case and spaces
    ]
    after = [
        row("A1", Status.COMPLETED, ev("L1"), ev("L2", AFTER)),
        row("A2", Status.OVERDUE),
        row("A3", Status.AT_RISK),
        row("B1", Status.STALLED, ev("L3")),
        row("B2", Status.IN_PROGRESS, ev("L4"), ev("L5", AFTER)),
        row("B3", Status.IN_PROGRESS, ev("L6")),  # nothing moved
        row("C1", Status.IN_PROGRESS, ev("L8", AFTER)),
        row("C3", Status.NOT_YET_DUE),  # added
        row("D1", Status.IN_PROGRESS, ev("L7")),
    ]
    return compare(before, after, BEFORE, AFTER, PREVIOUS_MONTH)


def kinds(changes):
    return {c.code.strip(): c.kind for c in changes.changes}


def test_each_kind_of_change_is_found(history):
    assert kinds(history) == {
        "A1": ChangeKind.COMPLETED,
        "A2": ChangeKind.OVERDUE_OR_AT_RISK,
        "A3": ChangeKind.OVERDUE_OR_AT_RISK,
        "B1": ChangeKind.STALLED,
        "B2": ChangeKind.NEW_EVIDENCE,
        "C1": ChangeKind.OTHER,
        "C3": ChangeKind.ADDED,
        "C2": ChangeKind.REMOVED,
    }
    assert history.compared == 8  # B3 and D1 unchanged; C2 and C3 on one side only
    assert history.counts()[ChangeKind.OVERDUE_OR_AT_RISK] == 2


def test_changes_carry_statuses_before_and_after_and_the_new_evidence(history):
    by_code = {c.code: c for c in history.changes}
    assert (by_code["A1"].before, by_code["A1"].after) == (Status.IN_PROGRESS, Status.COMPLETED)
    assert [e.entry for e in by_code["A1"].evidence_added] == ["L2"]
    assert [e.entry for e in by_code["B2"].evidence_added] == ["L5"]
    assert (by_code["C3"].before, by_code["C3"].after) == (None, Status.NOT_YET_DUE)
    assert (by_code["C2"].before, by_code["C2"].after) == (Status.NOT_STARTED, None)
    assert by_code["A1"].evidence_added[0].label == "L2 Meeting L2 (31 August 2011)"


def test_changes_are_listed_in_the_order_a_reader_wants(history):
    order = [c.kind for c in history.changes]
    assert order == sorted(order, key=list(ChangeKind).index)
    assert [c.code for c in history.of_kind(ChangeKind.OVERDUE_OR_AT_RISK)] == ["A2", "A3"]


def test_sentences_name_each_kind_in_plain_words(history):
    headline, *details = sentences(history)
    assert headline == (
        "Between the end of the previous month (31 July 2011) and 31 August 2011, 5 of the 8 activities "
        "compared changed status, one more activity has new evidence in the log, one activity was added "
        "to the programme and one activity was removed from the programme.")
    assert details == [
        "One activity has been completed: A1 (Activity A1 does something useful).",
        "One activity has become overdue: A2 (Activity A2 does something useful).",
        "One activity is now at risk: A3 (Activity A3 does something useful).",
        "One activity has stalled: B1 (Activity B1 does something useful).",
        "One activity has new evidence in the log and no change of status: B2 (Activity B2 does something useful).",
        "One activity has been added to the programme: C3 (Activity C3 does something useful).",
        "One activity has been removed from the programme: C2 (Activity C2 does something useful).",
        "One other activity changed status: C1 (Activity C1 does something useful) from Not yet due to In progress.",
    ]


def test_plurals_and_nothing_changed():
    before = [row("A1", Status.IN_PROGRESS), row("A2", Status.IN_PROGRESS), row("A3", Status.NOT_STARTED)]
    after = [row("A1", Status.COMPLETED), row("A2", Status.COMPLETED), row("A3", Status.NOT_STARTED)]
    changes = compare(before, after, BEFORE, AFTER)
    assert sentences(changes)[1] == ("Two activities have been completed: A1 (Activity A1 does something useful) "
                                      "and A2 (Activity A2 does something useful).")
    assert sentences(changes)[0].startswith("Between 31 July 2011 and 31 August 2011, 2 of the 3 activities")
    same = compare(after, after, BEFORE, AFTER)
    assert same.changes == ()
    assert sentences(same) == ("Between 31 July 2011 and 31 August 2011, no activity changed status "
                                "and the log records no new evidence.",)
    assert (number_words(1), number_words(10), number_words(12)) == ("one", "ten", "12")


def test_several_programmes_are_named():
    before = [row("A1", Status.NOT_STARTED), row("A1", Status.NOT_STARTED, programme="JWP 2012-2014")]
    after = [row("A1", Status.OVERDUE), row("A1", Status.OVERDUE, programme="JWP 2012-2014")]
    sentence = sentences(compare(before, after, BEFORE, AFTER))[1]
    assert sentence.startswith("Two activities have become overdue: A1 of JA 2008-2011 (")
    assert "A1 of JWP 2012-2014 (" in sentence


def test_only_the_programmes_asked_for_are_compared():
    before = [row("A1", Status.NOT_STARTED)]
    after = [row("A1", Status.NOT_STARTED), row("B1", Status.NOT_YET_DUE, programme="JWP 2012-2014")]
    assert compare(before, after, BEFORE, AFTER, programmes=[P]).changes == ()
    assert kinds(compare(before, after, BEFORE, AFTER)) == {"B1": ChangeKind.ADDED}


def test_markdown_table_for_the_dagster_ui(history):
    text = changes_table(history)
    assert "| Change | Programme | Activity | Before | After | Evidence added |" in text
    assert "| Newly completed | JA 2008-2011 | A1: Activity A1 does something useful | In progress | Completed |" in text


# ---------------------------------------------------------------- on the reference data


@pytest.fixture(scope="module")
def inputs():
    return read_inputs(BUNDLED_INPUTS)


def test_computed_statuses_compare_like_snapshot_rows(inputs):
    report = build_report(inputs, "StC38", date(2013, 1, 15), since=date(2012, 6, 30))
    changes = report.changes_since_meeting
    assert (changes.since, changes.as_of, basis(changes)) == (date(2012, 6, 30), date(2013, 1, 15), "30 June 2012")
    jwp = {c.code: c for c in changes.changes if c.programme_id == "JWP 2012-2014"}
    assert (jwp["A1"].kind, jwp["A1"].before, jwp["A1"].after) == (
        ChangeKind.OVERDUE_OR_AT_RISK, Status.NOT_STARTED, Status.OVERDUE)
    assert "B2" not in jwp  # Not started on both dates, no new evidence


def test_stc38_shows_changes_since_a_chosen_date_and_since_last_month(inputs):
    report = build_report(inputs, "StC38", since=date(2010, 8, 31))
    assert report.previous_meeting is None and report.since_meeting == date(2010, 8, 31)
    since_meeting = report.changes_since_meeting
    assert {c.code for c in since_meeting.of_kind(ChangeKind.NEW_EVIDENCE)} == {
        "A.1", "A.2", "A.3", "A.4", "B.1", "B.2", "B.3", "C.1", "D.1"}
    # B.4's evidence is known to have happened by August 2011 (the log's "Happened by")
    assert [(c.code, c.before, c.after) for c in since_meeting.of_kind(ChangeKind.OTHER)] == [
        ("B.4", Status.NOT_STARTED, Status.IN_PROGRESS)]
    month = report.changes_since_month
    assert (month.since, report.since_month) == (date(2011, 7, 31), date(2011, 7, 31))
    assert [(c.code, c.kind, [e.entry for e in c.evidence_added]) for c in month.changes] == [
        ("B.4", ChangeKind.OTHER, ["L17"]),
        *[(code, ChangeKind.NEW_EVIDENCE, ["L01", "L04"]) for code in ("A.1", "A.2", "A.3", "A.4")],
        ("C.1", ChangeKind.NEW_EVIDENCE, ["L21"])]
    [printed] = report_change_paragraphs(report)
    assert printed.startswith("Between 31 August 2010 and 31 August 2011, 1 of the 43 activities compared changed "
                              "status and nine more activities have new evidence in the log. Nine activities have new "
                              "evidence in the log and no change of status: under theme A, A.1, A.2, A.3 and A.4; "
                              "under theme B, B.1, B.2 and B.3; under theme C, C.1; under theme D, D.1. One other "
                              "activity changed status: B.4 (Identify relevant decisions")
    assert paragraph(month).startswith("Between the end of the previous month (31 July 2011) and 31 August 2011")


def test_stc38_without_a_chosen_date_prints_no_changes_paragraph(inputs):
    report = build_report(inputs, "StC38")
    assert report.changes_since_meeting is None and report.previous_meeting is None
    assert report_change_paragraphs(report) == []


def test_previous_meeting_in_the_meetings_sheet_is_the_starting_point(inputs):
    from dataclasses import replace
    stc38 = inputs.meeting("StC38")
    stc37 = replace(stc38, code="StC37", number=37, start_date=date(2010, 11, 23), as_of=date(2010, 9, 30))
    later = replace(stc38, code="StC39", number=39, start_date=date(2012, 7, 1))
    report = build_report(replace(inputs, meetings=(stc37, stc38, later)), "StC38")
    assert report.previous_meeting.code == "StC37"
    changes = report.changes_since_meeting
    assert changes.since == date(2010, 11, 23)
    assert basis(changes) == "the 37th meeting of the Standing Committee (23 November 2010)"
    assert report_change_paragraphs(report)[0].startswith(
        "Between the 37th meeting of the Standing Committee (23 November 2010) and 31 August 2011, ")


def test_a_chosen_date_must_be_before_the_status_date(inputs):
    with pytest.raises(ReportRequestError, match="must be before the status date"):
        build_report(inputs, "StC38", since=date(2011, 8, 31))
