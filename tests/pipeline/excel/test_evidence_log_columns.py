"""The Evidence sheet shows the log's Annex 1 and date columns, so staff can see why a row counts."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from pipeline.assemble import build_report
from pipeline.excel.workbook import write_xlsx
from pipeline.inputs.load import read_inputs
from tests.conftest import BUNDLED_INPUTS


@pytest.fixture(scope="module")
def evidence(tmp_path_factory):
    folder = tmp_path_factory.mktemp("evidence")
    report = build_report(read_inputs(BUNDLED_INPUTS), "StC38", generated_at=datetime(2011, 9, 27, 9, 30),
                          snapshots_dir=folder / "no-snapshots")
    ws = load_workbook(write_xlsx(report, folder / "doc.xlsx"))["Evidence"]
    headers = [c.value for c in ws[1]]
    return {row[headers.index("Entry")].value: dict(zip(headers, row)) for row in ws.iter_rows(min_row=2)}


def test_an_undated_row_shows_when_it_counts_from_and_why(evidence):
    b4 = evidence["L17"]
    assert b4["Start"].value is None and b4["Happened by"].value.date() == date(2011, 8, 1)
    assert b4["Happened by"].number_format == "mmmm yyyy"  # shown 'August 2011', sorted as a date
    assert b4["Counts from"].value.date() == date(2011, 8, 31)
    assert "August 2011" in b4["Date source"].value
    assert b4["Counted as evidence"].value == "yes"


def test_a_row_kept_as_evidence_only_shows_it(evidence):
    assert evidence["L12"]["Printed in Annex 1"].value == "no"
    assert evidence["L12"]["Counted as evidence"].value == "yes"
    assert evidence["L11"]["Printed in Annex 1"].value == "yes"
    assert "March 2010" in evidence["L11"]["Date source"].value


def test_a_row_after_the_as_of_date_counts_from_its_date_but_is_not_counted(evidence):
    cop10 = next(r for r in evidence.values() if "technical support" in (r["Summary"].value or ""))
    assert cop10["Counts from"].value.date() == date(2011, 11, 30)
    assert cop10["Counted as evidence"].value == "no"
