"""Statuses over a programme's whole life, from the bundled inputs as staff would use them: JWP
2012-2014 reported on after it closed, an annual activity's missed years in the workbook, and a
JWP activity that continues one of JA 2008-2011 ('Continues')."""
from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from pipeline.assemble import build_report, meeting_statuses, programme_statuses
from pipeline.excel.workbook import write_xlsx
from pipeline.inputs.load import read_inputs
from pipeline.status.rules import compute_statuses
from pipeline.settings import StatusSettings
from pipeline.status.timeframes import parse_timeframe
from pipeline.status.vocabulary import Status
from tests.conftest import BUNDLED_INPUTS, find_row, set_cell

JWP = "JWP 2012-2014"


@pytest.fixture(scope="module")
def bundled():
    return read_inputs(BUNDLED_INPUTS)


def by_code(statuses):
    return {s.activity.code: s for s in statuses}


def test_after_the_programme_closed_no_activity_reads_not_started(bundled):
    statuses = by_code(programme_statuses(bundled, JWP, date(2015, 12, 31), StatusSettings()))
    assert not [c for c, s in statuses.items() if s.status in (Status.NOT_STARTED, Status.NOT_YET_DUE)]
    assert statuses["B2"].status is Status.OVERDUE  # On-going, nothing in the log
    assert "the period closed on 31 December 2014 and the log records no activity in it" in statuses["B2"].reason
    assert statuses["C1"].status is Status.OVERDUE  # Annual
    assert "no activity recorded in 2012, 2013 and 2014" in statuses["C1"].reason


def test_the_workbook_shows_an_annual_activity_missed_years(bundled, tmp_path):
    report = build_report(bundled, "StC38", as_of=date(2013, 10, 31), generated_at=datetime(2013, 11, 1),
                          snapshots_dir=tmp_path / "none")
    book = openpyxl.load_workbook(write_xlsx(report, tmp_path / "r.xlsx"))
    said = "Annual over 2012–2014: no activity recorded in 2012, and none yet by 31 October 2013."
    for sheet in ("Activities", "Attention"):
        rows = [[c.value for c in row] for row in book[sheet].iter_rows()]
        c1 = next(r for r in rows if r[1] == "C1")
        assert "Stalled" in c1 and said in c1, sheet


def _continues(inputs_copy, code: str, value: str):
    set_cell(inputs_copy, "programmes.xlsx", "Activities", find_row(inputs_copy, "programmes.xlsx", "Activities",
                                                                    "Code", code), "Continues", value)
    return read_inputs(inputs_copy)


def test_an_activity_continuing_an_earlier_one_counts_its_log_rows(inputs_copy):
    inputs = _continues(inputs_copy, "C2", "JA 2008-2011 C.2")
    c2 = by_code(programme_statuses(inputs, JWP, date(2012, 6, 30), StatusSettings()))["C2"]
    assert c2.status is Status.ONGOING  # the November 2011 exchange (L22) carries over
    assert [e.id for e in c2.evidence] == ["L23", "L22"]
    assert c2.reason.endswith("It continues JA 2008-2011 C.2, whose log entries count towards it.")
    without = by_code(programme_statuses(read_inputs(BUNDLED_INPUTS), JWP, date(2012, 6, 30), StatusSettings()))
    assert without["C2"].status is Status.NOT_STARTED


def test_a_planned_programme_is_not_changed_by_what_it_will_carry_over(inputs_copy):
    """StC38 (as of 31 August 2011) plans JWP 2012-2014: its activities stay Not yet due."""
    inputs = _continues(inputs_copy, "C2", "JA 2008-2011 C.2")
    c2 = by_code(meeting_statuses(inputs, "StC38").statuses[JWP])["C2"]
    assert c2.status is Status.NOT_YET_DUE and c2.evidence == ()


def test_carried_over_statuses_through_the_index_are_those_of_the_whole_log(inputs_copy):
    inputs = _continues(inputs_copy, "C1", "JA 2008-2011 C.1; JA 2008-2011 C.2")
    programme = inputs.programme(JWP)
    activities = inputs.activities_of(JWP)
    timeframes = {a.code: parse_timeframe(a.timeframe, programme.start_year, programme.end_year) for a in activities}
    for as_of in (date(2011, 8, 31), date(2012, 6, 30), date(2013, 6, 30), date(2015, 12, 31)):
        plain = compute_statuses(activities, timeframes, inputs.log, as_of, StatusSettings(), inputs.activities)
        assert programme_statuses(inputs, JWP, as_of, StatusSettings()) == plain
