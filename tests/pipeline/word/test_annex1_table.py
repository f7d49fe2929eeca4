"""Annex 1 in the shape of the programme it reviews (issue 16, item 1): a meeting reviewing the Joint
Work Programme 2012-2014 gets an implementation table (codes, group headings, timeframes, statuses,
each event beside the activity it advanced); the list 2008-2011 keeps its four columns."""
from __future__ import annotations

import shutil
from dataclasses import replace as copy
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from pipeline.assemble import build_report
from pipeline.inputs.load import check_inputs, read_inputs
from pipeline.model import IMPLEMENTATION_TABLE, LIST_OF_TASKS
from pipeline.report_model import in_language
from pipeline.word.annex1_table import event_label, events_of
from pipeline.word.document import write_docx
from pipeline.word.templates import narrative_for, report_template
from tests.conftest import BUNDLED_INPUTS, PROJECT, find_row, set_cell
from tests.pipeline.word.test_document import day, entry, month
from tests.stc41 import AFTER_THE_STATUS_DATE, add_stc41

TEMPLATES = PROJECT / "templates"
JWP_CODES = ([f"A{i}" for i in range(1, 7)] + [f"B{i}" for i in range(1, 19)] + [f"C{i}" for i in range(1, 4)]
             + [f"D{i}" for i in range(1, 5)])


def write(report, path: Path) -> Document:
    write_docx(report, path, report_template(TEMPLATES), narrative_for(TEMPLATES, report.meeting.code))
    return Document(str(path))


def annex1_tables(document: Document, first_header: str = "Code", columns: int = 5) -> list:
    """Annex 1's tables: their header starts with `first_header` and has `columns` columns (the body's table
    of activities needing attention, which also starts with "Code", has four)."""
    return [t for t in document.tables if t.rows[0].cells[0].text == first_header and len(t.columns) == columns]


def rows_by_code(tables) -> dict[str, list[str]]:
    """Each activity row's cell texts, by the code in its first cell."""
    return {row.cells[0].text: [c.text for c in row.cells] for t in tables for row in t.rows[1:]
            if len({id(c._tc) for c in row.cells}) > 1}


@pytest.fixture(scope="module")
def stc41(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stc41")
    inputs = read_inputs(add_stc41(_copy(folder)))
    report = build_report(inputs, "StC41", snapshots_dir=folder / "none")
    return report, write(report, folder / "StC41.docx")


def _copy(folder: Path) -> Path:
    target = folder / "inputs"
    shutil.copytree(BUNDLED_INPUTS, target)
    return target


def test_the_layout_follows_the_programme_s_data():
    inputs = read_inputs(BUNDLED_INPUTS)
    report = build_report(inputs, "StC38")
    assert report.reported.annex1_layout == LIST_OF_TASKS  # JA 2008-2011: numbered common tasks
    assert report.planned.annex1_layout == IMPLEMENTATION_TABLE  # JWP 2012-2014: codes, no task numbers


def test_staff_can_choose_the_layout_in_the_programmes_sheet(inputs_copy):
    row = find_row(inputs_copy, "programmes.xlsx", "Programmes", "Programme", "JWP 2012-2014")
    set_cell(inputs_copy, "programmes.xlsx", "Programmes", row, "Annex 1 layout", "List of tasks")
    report = build_report(read_inputs(add_stc41(inputs_copy)), "StC41")
    assert report.reported.annex1_layout == LIST_OF_TASKS


def test_a_wrong_layout_is_named_with_its_cell(inputs_copy):
    row = find_row(inputs_copy, "programmes.xlsx", "Programmes", "Programme", "JWP 2012-2014")
    set_cell(inputs_copy, "programmes.xlsx", "Programmes", row, "Annex 1 layout", "grid")
    _inputs, issues = check_inputs(inputs_copy)
    issue = next(i for i in issues if i.column == "Annex 1 layout")
    assert issue.fatal and issue.row == row and "implementation table" in issue.expected


def test_every_code_once_with_its_timeframe_as_written(stc41):
    report, document = stc41
    tables = annex1_tables(document)
    assert len(tables) == 4  # one per theme
    rows = rows_by_code(tables)
    assert list(rows) == JWP_CODES
    assert rows["A1"][2] == "2012" and rows["B2"][2] == "On-going" and rows["B7"][2] == "2012-2013"
    assert rows["C1"][2] == "Annual and as-required" and rows["B18"][2] == "2012 \u2013 14"
    assert rows["A1"][1].startswith("On-going update of the concordance list")


def test_theme_headings_and_group_headings_inside_the_tables(stc41):
    report, document = stc41
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert "(B) Joint actions for the conservation and sustainable use of shared species" in headings
    merged = [row.cells[0].text for t in annex1_tables(document) for row in t.rows[1:]
              if len({id(c._tc) for c in row.cells}) == 1]
    for group in ("Concordance List of Species and Common Database", "African elephant", "Sharks",
                  "Saiga antelope", "Snow leopard", "Gorillas", "Secretariat coordination meetings"):
        assert group in merged
    assert merged.index("African elephant") < merged.index("Sharks") < merged.index("Saiga antelope")


def test_each_event_beside_the_activity_it_advanced_with_its_date(stc41):
    report, document = stc41
    rows = rows_by_code(annex1_tables(document))
    assert "24-27 September 2012: CITES took part in the first Meeting of the Signatories" in rows["B7"][4]
    assert "Completed" in rows["B7"][3]
    assert "Bishkek" in rows["B14"][4] and "Bishkek" in rows["B15"][4]
    assert "CITES CoP16" in rows["D2"][4] and rows["D2"][4].startswith("3-14 March 2013: ")
    assert "Saker Falcon Task Force" in rows["B18"][4]
    for code in ("A1", "B1", "B6", "B9", "C1"):
        assert rows[code][4] == "\u2014", code  # nothing recorded: a dash, not another activity's event


def test_no_event_after_the_status_date_anywhere(stc41):
    report, document = stc41
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for row in t.rows for c in row.cells])
    for later in AFTER_THE_STATUS_DATE:
        assert later not in text
    assert all(e.latest <= report.as_of for e in report.reported.log)


def test_the_status_cell_is_shaded_and_says_why(stc41):
    report, document = stc41
    b7 = next(row for t in annex1_tables(document) for row in t.rows if row.cells[0].text == "B7")
    fill = b7.cells[3]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
    status = next(s for s in report.reported.statuses if s.activity.code == "B7")
    assert fill == status.status.fill and status.reason and status.reason.split()[0] in b7.cells[3].text


def test_header_repeats_on_every_page_and_headings_stay_with_their_row(stc41):
    report, document = stc41
    for table in annex1_tables(document):
        assert table.style.name == "Implementation Table"
        header = table.rows[0]._tr.trPr
        assert header.find(qn("w:tblHeader")) is not None and header.find(qn("w:cantSplit")) is not None
        for row in table.rows[1:]:
            if len({id(c._tc) for c in row.cells}) == 1:  # a group heading: whole, kept with the next row
                assert row._tr.trPr.find(qn("w:cantSplit")) is not None
                assert row.cells[0].paragraphs[0].paragraph_format.keep_with_next


def test_the_stc38_list_of_tasks_keeps_its_four_columns(tmp_path):
    document = write(build_report(read_inputs(BUNDLED_INPUTS), "StC38"), tmp_path / "StC38.docx")
    assert annex1_tables(document) == []
    (table,) = annex1_tables(document, "Activities", columns=4)
    assert [c.text for c in table.rows[0].cells][1] == "Indicative list of common tasks"


def test_the_table_in_french_and_spanish(stc41, tmp_path):
    report, _ = stc41
    for code, words in (("fr", ("Activité", "Calendrier", "Activités menées")),
                        ("es", ("Actividad", "Actividades realizadas"))):
        document = write(in_language(report, code), tmp_path / f"{code}.docx")
        header = [c.text for c in annex1_tables(document, "Code" if code == "fr" else "Código")[0].rows[0].cells]
        for word in words:
            assert any(word == h for h in header), (code, word, header)


def test_an_activity_s_events_in_date_order_each_once_whatever_the_log_order():
    later = entry("P2", day(2013, 3, 3), "CoP16.", ["D2"], end=day(2013, 3, 14), programme="P")
    earlier = entry("P1", month(2012, 6), "Rio+20.", ["d2 "], programme="P")
    kept_out = copy(entry("P3", month(2012, 1), "Told inside another summary.", ["D2"], programme="P"),
                    in_annex=False)
    other = entry("P4", month(2012, 1), "Sharks.", ["B7"], programme="P")
    report = build_report(read_inputs(BUNDLED_INPUTS), "StC38").planned
    report = copy(report, log=(later, kept_out, other, earlier))
    assert [e.id for e in events_of(report, "D2")] == ["P1", "P2"]
    assert event_label(later) == "3-14 March 2013"
    assert event_label(copy(later, annex_label="March 2013")) == "March 2013"
