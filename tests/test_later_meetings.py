"""The reports after StC38: StC39 to StC44 (2011-2015) and a programme with another partner.

The data is in tests/fixtures/ (written by tests/fixtures/build_fixtures.py, see its docstring
for the sources): the bundled inputs plus the Standing Committee meetings of 2011-2015, the
events of 2012-2015 that advanced the Joint Work Programme 2012-2014, its successor presented
at StC44, and a made-up CMS-Ramsar plan. Each meeting is validated and reported on as a
Secretariat officer would check it: the header names the right meeting, and the statuses
agree with the log as of the meeting's status date. One report goes through the real
command (Dagster); the others through the pipeline functions, to keep the file quick.
"""
from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from cli.main import main
from pipeline.assemble import build_report
from pipeline.excel.workbook import write_xlsx
from pipeline.inputs.load import read_inputs
from pipeline.word.document import write_docx
from pipeline.word.templates import narrative_for, report_template
from tests.conftest import PROJECT
from tests.test_outputs_unchanged import docx_lines

FIXTURES = Path(__file__).parent / "fixtures"
LATER = FIXTURES / "later-meetings"
OTHER = FIXTURES / "other-partner"
GENERATED_AT = datetime(2015, 9, 2, 9, 0)

# What a reader checks on the first page and in the workbook's Summary, meeting by meeting.
HEADERS = {
    "StC39": ("UNEP/CMS/StC39/Doc.3", "14 October 2011", "39TH MEETING OF THE STANDING COMMITTEE",
              "Bergen, 25 November 2011", date(2011, 9, 30)),
    "StC40": ("UNEP/CMS/StC40/Doc.10", "26 September 2012", "40TH MEETING OF THE STANDING COMMITTEE",
              "Bonn, 7-8 November 2012", date(2012, 8, 31)),
    "StC41": ("UNEP/CMS/StC41/Doc.12", "4 November 2013", "41ST MEETING OF THE STANDING COMMITTEE",
              "Bonn, 27-28 November 2013", date(2013, 10, 31)),
    "StC42": ("UNEP/CMS/StC42/Doc.9", "22 September 2014", "42ND MEETING OF THE STANDING COMMITTEE",
              "Quito, 3 November 2014", date(2014, 8, 31)),
    "StC43": ("UNEP/CMS/StC43/Doc.4", "16 October 2014", "43RD MEETING OF THE STANDING COMMITTEE",
              "Quito, 9 November 2014", date(2014, 10, 15)),
    "StC44": ("UNEP/CMS/StC44/Doc.15.2", "2 September 2015", "44TH MEETING OF THE STANDING COMMITTEE",
              "Bonn, 14-15 October 2015", date(2015, 8, 31)),
}


def templates_for(fixture: Path, folder: Path) -> Path:
    """The repository's templates/ (report template, default narratives) with the fixture's
    own narratives laid over it: what STC_TEMPLATES_DIR points a run at."""
    shutil.copytree(PROJECT / "templates", folder)
    own = fixture / "templates"
    if own.is_dir():
        shutil.copytree(own, folder, dirs_exist_ok=True)
    return folder


def statuses_in(xlsx: Path) -> dict[tuple[str, str], dict[str, object]]:
    """The workbook's Activities sheet: (programme, code) -> the row, by header."""
    sheet = openpyxl.load_workbook(xlsx, read_only=True)["Activities"]
    rows = sheet.iter_rows(values_only=True)
    headers = next(rows)
    return {(r[0], r[1]): dict(zip(headers, r)) for r in rows if r[0]}


def summary_cells(xlsx: Path) -> dict[str, object]:
    sheet = openpyxl.load_workbook(xlsx, read_only=True)["Summary"]
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=2, max_row=5, max_col=2, values_only=True)}


def make_report(fixture: Path, inputs, code: str, folder: Path, as_of: date | None = None) -> dict:
    templates = folder / "templates"
    if not templates.exists():
        templates_for(fixture, templates)
    report = build_report(inputs, code, as_of=as_of, generated_at=GENERATED_AT,
                          snapshots_dir=folder / "no-snapshots")
    name = f"{code}-{(as_of or report.as_of).isoformat()}"
    docx = write_docx(report, folder / f"{name}.docx", report_template(templates), narrative_for(templates, code))
    xlsx = write_xlsx(report, folder / f"{name}.xlsx")
    return {"report": report, "lines": docx_lines(docx), "text": "\n".join(docx_lines(docx)),
            "statuses": statuses_in(xlsx), "summary": summary_cells(xlsx), "docx": docx, "xlsx": xlsx}


@pytest.fixture(scope="module")
def later_inputs():
    return read_inputs(LATER / "inputs")


@pytest.fixture(scope="module")
def reports(later_inputs, tmp_path_factory) -> dict[str, dict]:
    """Each meeting's report, as of its own status date (one folder, one templates copy)."""
    folder = tmp_path_factory.mktemp("later")
    return {code: make_report(LATER, later_inputs, code, folder) for code in HEADERS}


def status(reports, code: str, activity: str, programme: str = "JWP 2012-2014") -> str:
    return reports[code]["statuses"][(programme, activity)]["Status"]


# ---------------------------------------------------------------- every meeting validates


@pytest.mark.parametrize("fixture", [LATER, OTHER], ids=["later-meetings", "other-partner"])
def test_the_fixture_inputs_are_usable(fixture, tmp_path, capsys):
    assert main(["validate", "--inputs", str(fixture / "inputs"), "--outputs", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "Nothing must be fixed" in out


@pytest.mark.parametrize("code", list(HEADERS))
def test_each_meeting_validates(code, tmp_path, capsys):
    assert main(["validate", "--inputs", str(LATER / "inputs"), "--meeting", code,
                 "--outputs", str(tmp_path / "out")]) == 0
    assert "Nothing must be fixed" in capsys.readouterr().out


def test_the_fixture_warnings_are_only_dates_known_to_the_month(later_inputs):
    """Every warning of the later-meetings data is a row known only to the month or by 'Happened by'
    (the bundled StC38 rows, and the 2012-2015 rows whose day is not in the public record)."""
    assert later_inputs.issues
    assert {(i.file, i.sheet, i.column) for i in later_inputs.issues} == {("meeting_log.xlsx", "Log", "Start")}


# ---------------------------------------------------------------- each report names its meeting


@pytest.mark.parametrize("code", list(HEADERS))
def test_the_header_and_summary_name_the_meeting(code, reports):
    symbol, doc_date, meeting_name, venue_date, as_of = HEADERS[code]
    made = reports[code]
    first_page = "\n".join(made["lines"][:6])
    for text in (symbol, doc_date, meeting_name, venue_date, "COOPERATION BETWEEN CMS AND CITES"):
        assert text in first_page, (code, text, first_page)
    assert made["summary"]["Document"] == symbol
    assert made["summary"]["Meeting"].startswith(f"{code[3:]}th meeting of the Standing Committee".replace(
        "41th", "41st").replace("42th", "42nd").replace("43th", "43rd"))
    assert venue_date.split(",")[0] in made["summary"]["Meeting"]
    assert made["summary"]["Status as of"].date() == as_of


def test_a_meeting_with_its_own_narrative_prints_it_and_one_without_gets_the_default(reports):
    assert "Global Snow Leopard and Ecosystem Protection Forum" in reports["StC41"]["text"]
    assert "adopt the CMS-CITES Joint Work Programme 2015-2020 in Annex 2." in reports["StC44"]["text"]
    default = "reports on the implementation of the joint activities of the CMS and CITES Secretariats as of"
    assert f"{default} 31 August 2014." in reports["StC42"]["text"]
    assert default not in reports["StC41"]["text"]


def test_annex_2_presents_the_programme_each_meeting_plans(reports):
    assert "Draft CMS CITES Joint Work Programme 2012-2014" in reports["StC39"]["text"]
    assert "CMS-CITES Joint Work Programme 2015-2020" in reports["StC44"]["text"]
    assert reports["StC41"]["report"].planned is None
    successor = [k for k in reports["StC44"]["statuses"] if k[0] == "JWP 2015-2020"]
    assert len(successor) == 23


# ---------------------------------------------------------------- statuses agree with the log


def test_stc39_reports_the_2008_2011_activities_as_stc38_did(reports):
    assert reports["StC39"]["report"].reported.programme.id == "JA 2008-2011"
    assert {s for (p, _), s in ((k, v["Status"]) for k, v in reports["StC39"]["statuses"].items())
            if p == "JA 2008-2011"} == {"In progress"}
    assert status(reports, "StC39", "B5") == "Pending decision"  # COP10 decided on 25 November 2011


def test_stc40_counts_nothing_after_31_august_2012(reports):
    # The first meeting of the Sharks MOU signatories (24-27 September 2012) came after the status date.
    assert status(reports, "StC40", "B7") == "Not started"
    assert status(reports, "StC40", "B6") == "Not started"
    assert status(reports, "StC40", "B5") != "Pending decision"  # CMS COP10 decided in November 2011
    assert status(reports, "StC40", "C1") == "Ongoing"  # SC62 approved the programme in July 2012
    for statuses in reports["StC40"]["report"].reported.statuses:
        assert all(e.latest <= date(2012, 8, 31) for e in statuses.evidence), statuses.activity.code


def test_stc41_sees_the_sharks_mou_and_the_bishkek_forum(reports):
    assert status(reports, "StC41", "B7") == "Completed"  # MOS1, Bonn, September 2012
    assert status(reports, "StC41", "B6") == "Completed"
    assert status(reports, "StC41", "B15") == "Completed"  # Bishkek, 22-23 October 2013
    assert status(reports, "StC41", "B9") == "Overdue"  # 2012, only progress at MOS1 and CoP16
    assert status(reports, "StC41", "B10") == "Not yet due"  # 2014
    assert status(reports, "StC41", "A4") == "At risk"  # 2012-13, nothing logged, two months left
    assert status(reports, "StC41", "C1") == "Ongoing"  # 2013 not over yet
    reason = reports["StC41"]["statuses"][("JWP 2012-2014", "B7")]["Reason"]
    assert "MOS1" in reason


def test_stc42_and_stc43_differ_by_one_month_on_the_saiga_meeting(reports):
    # B10 (the third Saiga MOU meeting, due in 2014): four months left on 31 August, under three on 15 October.
    assert status(reports, "StC42", "B10") == "Not started"
    assert status(reports, "StC43", "B10") == "At risk"
    assert status(reports, "StC42", "B18") == "In progress"  # Saker Falcon Task Force, SakerGAP workshop


def test_stc44_after_the_programme_ended(reports):
    assert status(reports, "StC44", "B10") == "Overdue"  # MOS3 was held on 26-29 October 2015, after 31 August
    assert status(reports, "StC44", "B15") == "Completed"
    assert status(reports, "StC44", "C1") == "Stalled"
    assert "2013" in reports["StC44"]["statuses"][("JWP 2012-2014", "C1")]["Reason"]  # the missed year
    assert status(reports, "StC44", "A1", "JWP 2015-2020") != "Completed"  # AC28 ended on 3 September 2015


def test_a_report_remade_after_the_saiga_meeting_counts_it(later_inputs, tmp_path):
    made = make_report(LATER, later_inputs, "StC44", tmp_path, as_of=date(2015, 12, 31))
    assert made["statuses"][("JWP 2012-2014", "B10")]["Status"] == "Completed"
    assert made["statuses"][("JWP 2015-2020", "A1")]["Status"] != "Not started"  # AC28, September 2015


# ---------------------------------------------------------------- one real run, through Dagster


def test_the_command_reports_stc41_from_the_fixture(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    monkeypatch.setenv("STC_TEMPLATES_DIR", str(templates_for(LATER, tmp_path / "templates")))
    outputs = tmp_path / "out"
    assert main(["run", "--meeting", "StC41", "--no-pdf", "--inputs", str(LATER / "inputs"),
                 "--outputs", str(outputs)]) == 0
    docx = next(outputs.rglob("UNEP-CMS-StC41-Doc12.docx"))
    assert "as-of-2013-10-31" in str(docx.parent)
    text = "\n".join(docx_lines(docx))
    assert "UNEP/CMS/StC41/Doc.12" in text and "Bonn, 27-28 November 2013" in text
    assert statuses_in(docx.with_suffix(".xlsx"))[("JWP 2012-2014", "B7")]["Status"] == "Completed"


# ---------------------------------------------------------------- another partner


def test_a_programme_with_another_partner_is_reported(tmp_path):
    made = make_report(OTHER, read_inputs(OTHER / "inputs"), "StC45", tmp_path)
    first_page = "\n".join(made["lines"][:6])
    assert "UNEP/CMS/StC45/Doc.11" in first_page and "45TH MEETING OF THE STANDING COMMITTEE" in first_page
    assert "COOPERATION BETWEEN CMS AND THE RAMSAR CONVENTION (MADE UP FOR TESTING)" in first_page
    statuses = {code: row["Status"] for (_, code), row in made["statuses"].items()}
    assert statuses["A1"] == statuses["A3"] == "Completed"  # Ramsar COP12, June 2015
    assert statuses["B2"] == "Overdue"  # due in 2015, information exchanged only in 2016
    assert statuses["C1"] == "Stalled"  # annual from 2014; nothing logged in 2014
    assert "CMS-Ramsar Joint Work Plan 2014-2016 (made up for testing)" in made["text"]


# ---------------------------------------------------------------- the committed files are the script's


def _cells(path: Path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def test_the_committed_fixtures_are_what_build_fixtures_writes(tmp_path):
    """Change the data in tests/fixtures/build_fixtures.py and run it; never edit the .xlsx by hand."""
    from docx import Document

    from tests.fixtures.build_fixtures import build_later_meetings, build_other_partner

    build_later_meetings(tmp_path / "later-meetings")
    build_other_partner(tmp_path / "other-partner")
    for fixture in (LATER, OTHER):
        for workbook in sorted((fixture / "inputs").glob("*.xlsx")):
            fresh = tmp_path / fixture.name / "inputs" / workbook.name
            assert _cells(workbook) == _cells(fresh), f"{workbook} differs from what build_fixtures.py writes"
    for narrative in sorted((LATER / "templates" / "narrative").glob("*.docx")):
        fresh = tmp_path / LATER.name / "templates" / "narrative" / narrative.name
        assert [p.text for p in Document(narrative).paragraphs] == [p.text for p in Document(fresh).paragraphs]
