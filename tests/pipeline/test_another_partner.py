"""A second joint programme with another partner runs without code changes.

The inputs are made up (a 'CMS-Ramsar Joint Work Plan 2014-2016', partner Ramsar), built in a
temporary folder: the document's header, the generated wording, the workbook and the import
from Word name Ramsar, never CITES.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from pipeline.assemble import build_report
from pipeline.excel.workbook import write_xlsx
from pipeline.inputs import schema
from pipeline.inputs.blank_workbooks import write_workbook
from pipeline.inputs.load import read_inputs
from pipeline.inputs.programme_workbook import import_programme
from pipeline.status.vocabulary import Status
from pipeline.word.document import write_docx
from pipeline.word.templates import narrative_for, report_template
from tests.conftest import PROJECT
from tests.test_outputs_unchanged import docx_lines, xlsx_lines

PROGRAMME = "CMS-Ramsar JWP 2014-2016"
TITLE = "CMS-Ramsar Joint Work Plan 2014-2016"


def ramsar_inputs(folder: Path) -> Path:
    """Made-up inputs of a CMS-Ramsar programme and the meeting that reviews it."""
    rows = {
        "Programmes": [{"id": PROGRAMME, "title": TITLE, "start_year": 2014, "end_year": 2016, "partner": "Ramsar",
                        "introduction": "Background: a made-up joint work plan, for tests."}],
        "Themes": [{"programme_id": PROGRAMME, "code": "A", "title": "Wetlands for migratory waterbirds"}],
        "Activities": [
            {"programme_id": PROGRAMME, "code": "A1", "theme_code": "A", "timeframe": "2014-2016", "lead": "ramsar",
             "description": "Review jointly the wetland sites of the flyway."},
            {"programme_id": PROGRAMME, "code": "A2", "theme_code": "A", "timeframe": "2014-2016", "lead": "Joint",
             "description": "Harmonize national reporting on wetlands and waterbirds."},
            {"programme_id": PROGRAMME, "code": "A3", "theme_code": "A", "timeframe": "On-going", "lead": "CMS",
             "description": "Possibilities for joint events so far include the following:"},
        ],
        "Species": [{"common_name": "Baer's pochard", "scientific_name": "Aythya baeri", "cms_appendix": "I",
                     "partner_listings": "Ramsar: not listed; IWC: -"}],
        "Planned events": [
            {"programme_id": PROGRAMME, "activity": "A3", "item": "A3.1", "when": "June 2015",
             "event": "12th meeting of the Conference of the Parties to the Ramsar Convention"},
            {"programme_id": PROGRAMME, "activity": "A3", "item": "A3.2", "when": "2016",
             "event": "A joint flyway workshop"},
        ],
        "Log": [
            {"id": "R1", "start": date(2014, 5, 20), "kind": "meeting", "title": "Joint flyway meeting",
             "venue": "Gland", "programme_id": PROGRAMME, "activities": "A1; A2", "outcome": "progress",
             "outcomes": "A1: completed", "summary": "The secretariats reviewed the flyway's sites together."},
            {"id": "R2", "start": date(2015, 6, 1), "end": date(2015, 6, 9), "kind": "conference",
             "title": "Ramsar COP12", "venue": "Punta del Este", "programme_id": PROGRAMME, "activities": "A3",
             "outcome": "progress", "planned_events": "A3.1", "summary": "CMS attended Ramsar COP12."},
        ],
        "Meetings": [{"code": "StC44", "number": 44, "venue": "Bonn", "country": "Germany",
                      "start_date": date(2015, 10, 14), "agenda_item": "7", "symbol": "UNEP/CMS/StC44/Doc.7",
                      "document_date": date(2015, 9, 15), "language": "English",
                      "title": "Cooperation between CMS and Ramsar", "as_of": date(2015, 8, 31),
                      "reported_programme": PROGRAMME}],
    }
    for workbook in schema.WORKBOOKS:
        write_workbook(folder / workbook.file, workbook, rows)
    return folder


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict:
    folder = ramsar_inputs(tmp_path_factory.mktemp("ramsar-inputs"))
    out = tmp_path_factory.mktemp("ramsar-report")
    report = build_report(read_inputs(folder), "StC44", generated_at=datetime(2015, 9, 15, 9, 0),
                          snapshots_dir=out / "none")
    templates = PROJECT / "templates"
    docx = write_docx(report, out / "doc.docx", report_template(templates), narrative_for(templates, "StC44"))
    xlsx = write_xlsx(report, out / "doc.xlsx")
    return {"report": report, "docx": docx_lines(docx), "xlsx": xlsx_lines(xlsx), "book": openpyxl.load_workbook(xlsx)}


def test_the_header_and_the_wording_name_the_partner_and_never_cites(made):
    lines = made["docx"]
    assert "COOPERATION BETWEEN CMS AND RAMSAR" in lines
    assert any("the joint activities of the CMS and Ramsar Secretariats" in line for line in lines)
    assert any(f"of the {TITLE}" in line for line in lines)  # the generated status summary
    assert not [line for line in lines if "CITES" in line]


def test_the_workbook_names_the_partner_and_never_cites(made):
    assert not [line for line in made["xlsx"] if "CITES" in line]
    book = made["book"]
    assert "CMS/Ramsar" in book.properties.description and "Ramsar" in book.properties.keywords
    ws = book["Activities"]
    header = [c.value for c in ws[1]]
    leads = {row[header.index("Code")]: row[header.index("Lead")] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert leads == {"A1": "Ramsar", "A2": "Joint", "A3": "CMS"}  # 'ramsar' spelt as the programme spells it


def test_an_outcome_per_activity_of_one_log_row(made):
    statuses = {s.activity.code: s for s in made["report"].reported.statuses}
    assert statuses["A1"].status == Status.COMPLETED  # R1's Outcomes: A1 completed
    assert statuses["A2"].status == Status.IN_PROGRESS  # R1's own Outcome: progress
    assert [e.outcome for e in statuses["A1"].evidence] == ["completed"]


def test_planned_events_say_which_happened(made):
    ws = made["book"]["Planned events"]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    happened = {r[header.index("Item")]: (r[header.index("Happened")], r[header.index("Log entry")]) for r in rows[1:]}
    assert happened == {"A3.1": ("yes", "R2"), "A3.2": ("no", None)}
    activities = made["book"]["Activities"]
    header = [c.value for c in activities[1]]
    reasons = {r[header.index("Code")]: r[header.index("Reason")] for r in activities.iter_rows(min_row=2, values_only=True)}
    assert reasons["A3"].endswith("Planned events that happened by 31 August 2015: 1 of 2.")


def test_the_import_from_word_reads_the_partner_from_the_title(tmp_path):
    path = tmp_path / "ramsar.docx"
    document = Document()
    document.add_paragraph(TITLE)
    document.add_heading("(A) Wetlands for migratory waterbirds", level=2)
    table = document.add_table(rows=3, cols=3)
    cells = ("Description of envisaged joint activities", "Timeframe", "Lead",
             "A1. Review jointly the wetland sites of the flyway.", "2014", "Ramsar",
             "A2. Harmonize national reporting.", "2015", "Ramsar/CMS")
    for cell, text in zip([c for row in table.rows for c in row.cells], cells):
        cell.text = text
    document.save(path)
    result = import_programme(path, "New plan", output=tmp_path / "out.xlsx")
    assert result.rows["Programmes"][0]["partner"] == "Ramsar"
    assert [a["lead"] for a in result.rows["Activities"]] == ["Ramsar", "Joint"]
    given = import_programme(path, "Other plan", output=tmp_path / "other.xlsx", partner="CBD")
    assert given.rows["Programmes"][0]["partner"] == "CBD"
    assert [a["lead"] for a in given.rows["Activities"]] == ["", ""]  # 'Ramsar' is not CMS, CBD or Joint
    assert given.rows["Activities"][0]["comments"].splitlines()[1] == "Lead as written: Ramsar"


def test_annex1_lists_an_activitys_planned_events_with_what_became_of_each(made):
    """Annex 1 (an implementation table: the plan has no numbered tasks) lists A3's dated items in its row."""
    (row,) = [line for line in made["docx"] if line.startswith("A3 | ")]
    cells = row.split(" | ")
    assert cells[-1].split("\u23ce")[1:] == [
        "Planned events (1 of 2 held by 31 August 2015):",
        "June 2015: 12th meeting of the Conference of the Parties to the Ramsar Convention \u2014 held (1-9 June 2015)",
        "2016: A joint flyway workshop \u2014 still to come"]
