"""A report as of a date shows only what had happened by that date (issue 16, item 2).

Annex 1, Annex 2's evidence and the workbook's Evidence sheet all read the report's log, which
pipeline/assemble.py filters once: a row is in a report from the day it counts from; an undated
row is in none; 'Reported from' prints a row staff reported ahead of its date.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from pipeline.assemble import build_report
from pipeline.excel.workbook import write_xlsx
from pipeline.inputs.load import read_inputs
from pipeline.word.document import write_docx
from pipeline.word.templates import narrative_for, report_template
from tests.conftest import BUNDLED_INPUTS, PROJECT, find_row, set_cell

TEMPLATES = PROJECT / "templates"
AUGUST_2009 = date(2009, 8, 31)
# Summaries of StC38's log rows, as Annex 1 prints them
ACCRA_2009 = "Accra"  # L06, 1 April 2009
NAGOYA_2010 = "CBD CoP10 (Nagoya"  # L32, October 2010
GORILLAS_2011 = "Technical Committee of the Agreement on the Conservation of Gorillas"  # L16, March 2011
COP10_SUPPORT = "CITES provided technical support"  # L22, November 2011, reported from August 2011
BLG_RETREATS = "high-level retreats"  # L31, September 2011, reported from August 2011


def annex1_text(path: Path) -> str:
    """The text of the Annex 1 table (its header starts 'Activities'), cell by cell."""
    document = Document(str(path))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Activities")
    return "\n".join(cell.text for row in table.rows for cell in row.cells)


def evidence_entries(path: Path) -> set[str]:
    ws = openpyxl.load_workbook(path)["Evidence"]
    headers = [c.value for c in ws[1]]
    return {row[headers.index("Entry")] for row in ws.iter_rows(min_row=2, values_only=True)}


@pytest.fixture(scope="module")
def stc38_in_2009(tmp_path_factory):
    """StC38's report re-made as of 31 August 2009: (report, Annex 1 text, Evidence sheet entries)."""
    folder = tmp_path_factory.mktemp("as-of-2009")
    report = build_report(read_inputs(BUNDLED_INPUTS), "StC38", AUGUST_2009, generated_at=datetime(2009, 9, 1),
                          snapshots_dir=folder / "none")
    docx = write_docx(report, folder / "doc.docx", report_template(TEMPLATES), narrative_for(TEMPLATES, "StC38"))
    xlsx = write_xlsx(report, folder / "doc.xlsx")
    return report, annex1_text(docx), evidence_entries(xlsx)


def test_a_report_as_of_august_2009_prints_no_event_of_2010_or_2011(stc38_in_2009):
    report, annex1, evidence = stc38_in_2009
    assert "STATE OF IMPLEMENTATION" not in annex1  # the table itself, not the headings
    assert ACCRA_2009 in annex1
    for later in (NAGOYA_2010, GORILLAS_2011, COP10_SUPPORT, BLG_RETREATS):
        assert later not in annex1, later
    assert all(e.latest is not None and e.latest <= AUGUST_2009 for e in report.reported.log)
    assert evidence == {e.id for e in report.reported.log}
    assert {"L02", "L06", "L25"} <= evidence and not {"L07", "L16", "L22", "L31"} & evidence


def test_a_row_happened_by_after_the_status_date_is_not_in_the_report(stc38_in_2009):
    """B.4's row has no Start and 'Happened by: August 2011': not in a report as of August 2009."""
    report, annex1, evidence = stc38_in_2009
    assert "L17" not in evidence and "L17" not in {e.id for e in report.reported.log}
    b4 = next(s for s in report.reported.statuses if s.activity.code == "B.4")
    assert b4.evidence == ()


def test_the_default_report_holds_the_rows_reported_ahead_without_counting_them():
    """StC38 as of 31 August 2011 prints its September and November 2011 rows ('Reported from: August
    2011'), as the Secretariat did, and no status counts them before their date."""
    report = build_report(read_inputs(BUNDLED_INPUTS), "StC38")
    ids = {e.id for e in report.reported.log}
    assert {"L17", "L22", "L31"} <= ids and len(ids) == 35
    counted = {e.id for s in report.reported.statuses for e in s.evidence}
    assert not {"L22", "L31"} & counted and "L17" in counted


def test_an_undated_row_is_in_no_report(inputs_copy):
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Entry", "L17")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Happened by", None)
    report = build_report(read_inputs(inputs_copy), "StC38")
    assert "L17" not in {e.id for e in report.reported.log}


def test_reported_from_never_prints_a_row_before_its_own_date_is_reached_nor_after_is_needed(inputs_copy):
    """'Reported from' later than the row's own date changes nothing: the row's own date prints it."""
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Entry", "L06")  # 1 April 2009
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Reported from", "2011")
    report = build_report(read_inputs(inputs_copy), "StC38", AUGUST_2009)
    assert "L06" in {e.id for e in report.reported.log}
