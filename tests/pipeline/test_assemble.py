"""The status rules on the reference document's real data."""
from datetime import date

import pytest

from pipeline.inputs.load import read_inputs
from pipeline.assemble import ReportRequestError, build_report
from pipeline.settings import StatusSettings
from pipeline.status.vocabulary import Status
from tests.conftest import BUNDLED_INPUTS


@pytest.fixture(scope="module")
def inputs():
    return read_inputs(BUNDLED_INPUTS)


def statuses(report, programme="reported"):
    return {s.activity.code: s for s in getattr(report, programme).statuses}


def test_stc38_defaults_to_the_state_of_implementation_in_august_2011(inputs):
    report = build_report(inputs, "StC38")
    assert report.as_of == date(2011, 8, 31)
    assert report.reported.programme.id == "JA 2008-2011"
    assert report.planned.programme.id == "JWP 2012-2014"


def test_joint_activities_2008_2011_as_of_31_august_2011(inputs):
    found = statuses(build_report(inputs, "StC38", date(2011, 8, 31)))
    in_progress = {"A.1", "A.2", "A.3", "A.4", "B.1", "B.2", "B.3", "B.4", "C.1", "C.2", "C.3", "D.1"}
    assert {c for c, s in found.items() if s.status is Status.IN_PROGRESS} == in_progress


def test_b4_done_without_a_date_counts_from_happened_by(inputs):
    """Annex 1 prints "4. Relevant decisions ... were identified and considered in work planning."
    beside B.4: its log row has no date, but 'Happened by: August 2011' makes it count."""
    found = statuses(build_report(inputs, "StC38", date(2011, 8, 31)))
    [row] = found["B.4"].evidence
    assert row.start is None and row.latest == date(2011, 8, 31)
    assert row.summary.startswith("Relevant decisions proposed or taken")
    assert found["B.4"].status is Status.IN_PROGRESS
    assert "undated, by August 2011" in found["B.4"].reason
    assert statuses(build_report(inputs, "StC38", date(2011, 7, 31)))["B.4"].status is Status.NOT_STARTED


def test_every_undated_or_borrowed_date_says_where_it_comes_from(inputs):
    """A date the summary does not give is explained in 'Date source'."""
    log = {e.id: e for e in inputs.log}
    for entry_id in ("L01", "L04", "L11", "L17", "L23"):
        assert log[entry_id].date_source, entry_id
    assert "March 2010" in log["L11"].date_source and "2009" in log["L23"].date_source
    assert all(e.happened_by is not None for e in inputs.log if e.start is None)


def test_one_log_row_per_event(inputs):
    """The signatories' meetings and the MIKE steering committees are separate events."""
    log = {e.id: e for e in inputs.log}
    assert (log["L26"].start.as_written, log["L26"].end) == ("March 2009", None)
    assert log["L27"].earliest == date(2009, 4, 2) and not log["L27"].in_annex
    assert (log["L34"].start.as_written, log["L34"].end) == ("June 2011", None)
    assert log["L35"].earliest == date(2011, 6, 24) and not log["L35"].in_annex
    for signatories, mike in (("L26", "L27"), ("L34", "L35")):
        assert (log[signatories].participants, log[mike].participants) == ("CITES", "CMS")
        assert "steering committee" in log[mike].title.lower()


def test_evidence_is_the_dated_log_rows_up_to_the_as_of_date(inputs):
    found = statuses(build_report(inputs, "StC38", date(2011, 8, 31)))
    secretariat_meetings = [e.start.as_written for e in found["C.1"].evidence]
    assert secretariat_meetings == ["February 2009", "August 2009", "March 2011", "August 2011"]
    venues = [e.venue for e in found["B.1"].evidence]
    assert venues.index("Mombasa") < venues.index("Accra") < venues.index("Niamey")
    # CoP10 support (November 2011) and the September 2011 retreat came after the as-of date.
    assert all(e.latest <= date(2011, 8, 31) for s in found.values() for e in s.evidence)
    assert not any("CoP10" in e.summary and e.start and e.start.as_written == "November 2011"
                   for e in found["C.2"].evidence)


def test_earlier_as_of_date_counts_less_evidence(inputs):
    found = statuses(build_report(inputs, "StC38", date(2008, 6, 15)))
    assert [e.title for e in found["A.1"].evidence] and all(
        e.latest <= date(2008, 6, 15) for e in found["A.1"].evidence)
    assert found["C.1"].status is Status.NOT_STARTED
    assert found["B.1"].status is Status.NOT_STARTED  # Mombasa, "June 2008", may be after 15 June


def test_work_programme_2012_2014_as_of_august_2011(inputs):
    found = statuses(build_report(inputs, "StC38", date(2011, 8, 31)), "planned")
    assert len(found) == 31
    assert found["B5"].status is Status.PENDING_DECISION
    assert found["B5"].timeframe.decision == "CMS CoP10"
    assert {s.status for c, s in found.items() if c != "B5"} == {Status.NOT_YET_DUE}


@pytest.mark.parametrize(
    "as_of, a1, b2",
    [
        (date(2012, 6, 30), Status.NOT_STARTED, Status.NOT_STARTED),
        (date(2012, 10, 15), Status.AT_RISK, Status.NOT_STARTED),
        (date(2013, 1, 15), Status.OVERDUE, Status.NOT_STARTED),
    ],
)
def test_work_programme_moves_through_its_windows(inputs, as_of, a1, b2):
    found = statuses(build_report(inputs, "StC38", as_of), "planned")
    assert (found["A1"].status, found["B2"].status) == (a1, b2)


def test_warning_horizon_is_a_setting(inputs):
    report = build_report(inputs, "StC38", date(2012, 6, 30), StatusSettings(warning_horizon_months=7))
    assert statuses(report, "planned")["A1"].status is Status.AT_RISK


def test_rollups_per_theme_and_species(inputs):
    report = build_report(inputs, "StC38", date(2011, 8, 31))
    total = report.reported.total
    assert total.total == 12 and total.count(Status.IN_PROGRESS) == 12
    theme_b = report.reported.rollup("theme", "B")
    assert (theme_b.count(Status.IN_PROGRESS), theme_b.count(Status.NOT_STARTED)) == (4, 0)
    elephant = report.planned.rollup("species", "African elephant")
    assert elephant.total == 5 and elephant.count(Status.PENDING_DECISION) == 1


def test_unknown_meeting_is_refused_with_the_known_ones(inputs):
    with pytest.raises(ReportRequestError, match="StC38"):
        build_report(inputs, "StC99")
