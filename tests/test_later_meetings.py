"""The reports after StC38: StC39 to StC44 (2011-2015) and a programme with another partner.

The data is in tests/fixtures/ (written by tests/fixtures/build_fixtures.py, see its docstring
for the sources): the bundled inputs plus the Standing Committee meetings of 2011-2015, the
events of 2012-2015 that advanced the Joint Work Programme 2012-2014, its successor presented
at StC44, and a made-up CMS-Ramsar plan. Each meeting is validated and reported on as a
Secretariat officer would check it (issue 16, "Done when"): the header names the right
meeting; Annex 1 shows the programme in its own shape; no event after the status date is
printed; the statuses are those docs/status-rules.md gives for the log as of the meeting's
status date, also after JWP 2012-2014 ended; the titles are those valid at the date; the
planned events, the outcomes per activity and the carry-over are reported; the other
partner's report never says CITES. Each report is made once per module; one goes through
the real command (Dagster), the others through the pipeline functions, to keep the file quick.
"""
from __future__ import annotations

import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from cli.main import main
from pipeline.assemble import build_report
from pipeline.excel.workbook import write_xlsx
from pipeline.inputs.load import read_inputs
from pipeline.word.document import write_docx
from pipeline.word.templates import narrative_for, report_template
from tests.conftest import PROJECT
from tests.pipeline.word.test_annex1_table import JWP_CODES, annex1_tables, rows_by_code
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


JWP12, JWP15 = "JWP 2012-2014", "JWP 2015-2020"
OWN_NARRATIVE = ("StC40", "StC41", "StC44")  # tests/fixtures/later-meetings/templates/narrative/
DEFAULT_NARRATIVE = ("StC39", "StC42", "StC43")
# A closed window leaves only these (docs/status-rules.md, "Over a programme's whole life").
AFTER_THE_WINDOW = {"Completed", "Overdue", "Postponed", "Cancelled"}


def templates_for(fixture: Path, folder: Path) -> Path:
    """The repository's templates/ (report template, default narratives) with the fixture's
    own narratives laid over it: what STC_TEMPLATES_DIR points a run at."""
    shutil.copytree(PROJECT / "templates", folder)
    own = fixture / "templates"
    if own.is_dir():
        shutil.copytree(own, folder, dirs_exist_ok=True)
    return folder


def sheet_rows(xlsx: Path, sheet: str) -> list[dict[str, object]]:
    """A workbook sheet's rows, by header."""
    rows = openpyxl.load_workbook(xlsx, read_only=True)[sheet].iter_rows(values_only=True)
    headers = next(rows)
    return [dict(zip(headers, r)) for r in rows if any(v is not None for v in r)]


def statuses_in(xlsx: Path) -> dict[tuple[str, str], dict[str, object]]:
    """The workbook's Activities sheet: (programme, code) -> the row, by header."""
    return {(r["Programme"], r["Code"]): r for r in sheet_rows(xlsx, "Activities")}


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
    lines = docx_lines(docx)
    return {"report": report, "lines": lines, "text": "\n".join(lines), "document": Document(str(docx)),
            "statuses": statuses_in(xlsx), "summary": summary_cells(xlsx), "docx": docx, "xlsx": xlsx}


@pytest.fixture(scope="module")
def later_inputs():
    return read_inputs(LATER / "inputs")


@pytest.fixture(scope="module")
def reports(later_inputs, tmp_path_factory) -> dict[str, dict]:
    """Each meeting's report, as of its own status date (one folder, one templates copy); StC38 too,
    remade from the same inputs."""
    folder = tmp_path_factory.mktemp("later")
    return {code: make_report(LATER, later_inputs, code, folder) for code in ("StC38", *HEADERS)}


@pytest.fixture(scope="module")
def end_of_2015(later_inputs, tmp_path_factory) -> dict:
    """StC44's report re-made as of 31 December 2015: after the Saiga MOU's third meeting and AC28."""
    return make_report(LATER, later_inputs, "StC44", tmp_path_factory.mktemp("end-2015"), as_of=date(2015, 12, 31))


@pytest.fixture(scope="module")
def end_of_2016(later_inputs, tmp_path_factory) -> dict:
    """StC44's report re-made as of 31 December 2016: inside the windows of JWP 2015-2020, once adopted."""
    return make_report(LATER, later_inputs, "StC44", tmp_path_factory.mktemp("end-2016"), as_of=date(2016, 12, 31))


@pytest.fixture(scope="module")
def stc45(tmp_path_factory) -> dict:
    return make_report(OTHER, read_inputs(OTHER / "inputs"), "StC45", tmp_path_factory.mktemp("other"))


@pytest.fixture(scope="module")
def fixture_templates(tmp_path_factory) -> Path:
    return templates_for(LATER, tmp_path_factory.mktemp("templates") / "templates")


def status(reports, code: str, activity: str, programme: str = JWP12) -> str:
    return reports[code]["statuses"][(programme, activity)]["Status"]


def reason(made: dict, activity: str, programme: str = JWP12) -> str:
    return made["statuses"][(programme, activity)]["Reason"]


def activity_status(made: dict, activity: str, programme: str = JWP12):
    """The report's ActivityStatus of an activity (its evidence, for the outcome per activity)."""
    report = made["report"]
    programme_report = next(p for p in (report.reported, report.planned) if p and p.programme.id == programme)
    return next(s for s in programme_report.statuses if s.activity.code == activity)


def annex1_rows(made: dict) -> dict[str, list[str]]:
    """Annex 1 as an implementation table: each activity's cells (Code, Activity, Timeframe, Status,
    Activities undertaken), by code."""
    return rows_by_code(annex1_tables(made["document"]))


def annex2_row(made: dict, code: str) -> list[str]:
    """Annex 2's row of an activity ("B3. Support ..." | Timeframe | Status | Evidence)."""
    return next([c.text for c in row.cells] for t in made["document"].tables for row in t.rows
                if row.cells[0].text.startswith(f"{code}. "))


# ---------------------------------------------------------------- every meeting validates


@pytest.mark.parametrize("fixture", [LATER, OTHER], ids=["later-meetings", "other-partner"])
def test_the_fixture_inputs_are_usable(fixture, tmp_path, capsys):
    assert main(["validate", "--inputs", str(fixture / "inputs"), "--outputs", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "Nothing must be fixed" in out


@pytest.mark.parametrize("code", list(HEADERS))
def test_each_meeting_validates_and_says_whether_its_narrative_is_its_own(code, fixture_templates, tmp_path,
                                                                          monkeypatch, capsys):
    monkeypatch.setenv("STC_TEMPLATES_DIR", str(fixture_templates))
    assert main(["validate", "--inputs", str(LATER / "inputs"), "--meeting", code,
                 "--outputs", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "Nothing must be fixed" in out
    default = f"Narrative: {code} has no narrative of its own"
    if code in DEFAULT_NARRATIVE:
        model = {"StC39": "StC38", "StC42": "StC41", "StC43": "StC41"}[code]  # the latest earlier one of its own
        assert default in out and "uses the default narrative default.docx" in out
        assert f"copy {model}.docx to {code}.docx" in out
    else:
        assert code in OWN_NARRATIVE and default not in out


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
    first_page = "\n".join(made["lines"][:7])
    meeting_name = meeting_name.replace(" OF THE ", " OF THE\n")  # on two lines, as the source prints it
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
    for code in DEFAULT_NARRATIVE:
        assert f"{default} {reports[code]['report'].as_of.day}" in reports[code]["text"], code
    assert f"{default} 31 August 2014." in reports["StC42"]["text"]
    for code in OWN_NARRATIVE:
        assert default not in reports[code]["text"], code


def test_annex_2_presents_the_programme_each_meeting_plans(reports):
    assert reports["StC41"]["report"].planned is None
    successor = [k for k in reports["StC44"]["statuses"] if k[0] == JWP15]
    assert len(successor) == 23


# ---------------------------------------------------------------- Annex 1 in the programme's shape


def test_stc41_annex_1_is_the_programme_s_implementation_table(reports):
    """Codes A1..D4 in the programme's order, its group headings, its timeframes as written, and each
    event beside the activity it advanced."""
    made = reports["StC41"]
    tables = annex1_tables(made["document"])
    rows = rows_by_code(tables)
    assert list(rows) == JWP_CODES
    groups = [row.cells[0].text for t in tables for row in t.rows[1:] if len({id(c._tc) for c in row.cells}) == 1]
    for group in ("African elephant", "Sharks", "Saiga antelope", "Snow leopard"):
        assert group in groups
    assert rows["B7"][2] == "2012-2013" and rows["B10"][2] == "2014" and rows["C1"][2] == "Annual and as-required"
    assert rows["D4"][2] == "2012\u20132014"  # no timeframe written: the programme's whole period, said so
    assert "Planned events (7 of 12 held by 31 October 2013):" in rows["D4"][4]
    assert "March 2012: 26th meeting of the CITES Animals Committee \u2014 held (15-24 March 2012)" in rows["D4"][4]
    assert rows["B7"][1].startswith("CITES will participate in the first meeting of the signatories")
    assert rows["B7"][3].startswith("Completed")
    mos1 = "24-27 September 2012: First meeting of the signatories to the CMS Sharks MOU"
    assert rows["B7"][4].startswith(mos1)
    assert rows["B8"][4] == "\u2014"  # the sharks event stands beside B7, not at the top of the theme
    assert "Bishkek" in rows["B15"][4] and rows["A1"][4].startswith("15-24 March 2012: ")
    assert "CMS CITES JOINT WORK PROGRAMME 2012-2014" in made["lines"]
    assert "STATE OF IMPLEMENTATION (OCTOBER 2013)" in made["lines"]


def test_stc39_annex_1_keeps_the_four_columns_of_the_list_2008_2011(reports):
    made = reports["StC39"]
    headers = [[c.text for c in t.rows[0].cells] for t in made["document"].tables]
    assert ["Activities", "Indicative list of common tasks", "Comments",
            "Summary of activities undertaken"] in headers
    assert not annex1_tables(made["document"])


# ---------------------------------------------------------------- nothing after the status date


def test_stc41_prints_no_event_after_31_october_2013(reports):
    text = reports["StC41"]["text"]
    assert "Bishkek" in text  # 22-23 October 2013
    for later in ("Gaborone", "Antalya", "Veracruz", "Quito", "Tashkent"):  # December 2013 to October 2015
        assert later not in text, later


def test_stc40_prints_no_event_after_31_august_2012(reports):
    made = reports["StC40"]
    for later in ("24-27 September 2012", "Conservation Plan annexed", "Jeju", "Hyderabad"):
        assert later not in made["text"], later  # MOS1, the IUCN Congress, CBD COP11
    rows = annex1_rows(made)
    assert rows["B7"][4] == "\u2014" and rows["B7"][3].startswith("Not started")  # 'MOS1' only in the description


def test_stc44_prints_neither_tashkent_nor_ac28(reports):
    text = reports["StC44"]["text"]
    for later in ("Tashkent", "AC28", "28th meeting of the CITES Animals Committee", "Tel Aviv", "SC66"):
        assert later not in text, later
    assert "MOS3" not in annex1_rows(reports["StC44"])["B10"][4]


@pytest.mark.parametrize("code", ["StC40", "StC41", "StC44"])
def test_nothing_after_the_status_date_in_the_workbook_either(code, reports):
    made = reports[code]
    as_of = made["report"].as_of
    evidence = sheet_rows(made["xlsx"], "Evidence")
    assert evidence and all(r["Counts from"].date() <= as_of for r in evidence)
    for statuses in (made["report"].reported.statuses + (made["report"].planned.statuses
                                                         if made["report"].planned else ())):
        assert all(e.latest <= as_of for e in statuses.evidence), statuses.activity.code


# ---------------------------------------------------------------- statuses agree with the log and the rules


def test_stc39_reports_the_2008_2011_activities_as_stc38_did(reports):
    assert reports["StC39"]["report"].reported.programme.id == "JA 2008-2011"
    assert {s for (p, _), s in ((k, v["Status"]) for k, v in reports["StC39"]["statuses"].items())
            if p == "JA 2008-2011"} == {"In progress"}
    assert status(reports, "StC39", "B5") == "Pending decision"  # COP10 decided on 25 November 2011


def test_stc40_counts_nothing_after_31_august_2012(reports):
    # The first meeting of the Sharks MOU signatories (24-27 September 2012) came after the status date.
    assert status(reports, "StC40", "B7") == "Not started"  # 2012-2013, window open
    assert status(reports, "StC40", "B6") == "Not started"  # 2012: four months left, more than the horizon
    assert status(reports, "StC40", "B5") == "Ongoing"  # continuous since CMS COP10 decided, November 2011
    assert status(reports, "StC40", "C1") == "Ongoing"  # annual, first year: SC62 in July 2012


def test_stc41_sees_the_sharks_mou_and_the_bishkek_forum(reports):
    assert status(reports, "StC41", "B7") == "Completed"  # MOS1, Bonn, September 2012
    assert status(reports, "StC41", "B6") == "Completed"
    assert status(reports, "StC41", "B15") == "Completed"  # Bishkek, 22-23 October 2013
    assert status(reports, "StC41", "B9") == "Overdue"  # 2012, only progress at MOS1 and CoP16
    assert status(reports, "StC41", "B10") == "Not yet due"  # 2014
    assert status(reports, "StC41", "A4") == "At risk"  # 2012-13, nothing logged, two months left
    assert status(reports, "StC41", "C1") == "Ongoing"  # 2012 had its meetings; 2013 not over yet
    assert "MOS1" in reason(reports["StC41"], "B7")


def test_stc42_and_stc43_differ_by_one_month_on_the_saiga_meeting(reports):
    # B10 (the third Saiga MOU meeting, due in 2014): four months left on 31 August, under three on 15 October.
    assert status(reports, "StC42", "B10") == "Not started"
    assert status(reports, "StC43", "B10") == "At risk"
    assert status(reports, "StC42", "B18") == "In progress"  # Saker Falcon Task Force, SakerGAP workshop


def test_an_annual_activity_with_a_missed_year_is_stalled_while_its_period_runs(reports):
    """C1, the annual coordination meeting: SC62 and StC40 in 2012, nothing in 2013."""
    assert status(reports, "StC42", "C1") == "Stalled"
    assert "the log records nothing in 2013;" in reason(reports["StC42"], "C1")


def test_after_jwp_2012_2014_ended_no_activity_reads_not_started(reports):
    """StC44 (31 August 2015): every window of JWP 2012-2014 has closed, so each activity is completed,
    overdue, postponed or cancelled, in the workbook and in Annex 1."""
    made = reports["StC44"]
    in_workbook = {code: row["Status"] for (p, code), row in made["statuses"].items() if p == JWP12}
    assert len(in_workbook) == 31 and set(in_workbook.values()) <= AFTER_THE_WINDOW, in_workbook
    in_annex = {code: cells[3].split("\n")[0] for code, cells in annex1_rows(made).items()}
    assert in_annex == in_workbook
    for word in ("Not started", "Not yet due", "Ongoing", "In progress", "At risk", "Stalled"):
        assert not [code for code, s in in_annex.items() if s.startswith(word)], word


def test_stc44_judges_each_activity_at_its_period_s_end(reports):
    made = reports["StC44"]
    assert status(reports, "StC44", "B10") == "Overdue"  # MOS3 was held on 26-29 October 2015, after 31 August
    assert status(reports, "StC44", "B15") == "Completed"
    # Continuous, kept up to the end: SC65 (July 2014) within 12 months of 31 December 2014.
    assert status(reports, "StC44", "B11") == "Completed"
    assert "kept up to the end" in reason(made, "B11")
    # Continuous, lapsed: the African Elephant Summit (December 2013) was its last row in the period.
    assert status(reports, "StC44", "B3") == "Overdue" and "Gaborone" in reason(made, "B3")
    # Continuous, nothing at all: overdue, not 'Not started'.
    assert status(reports, "StC44", "C3") == "Overdue" and "no activity in it" in reason(made, "C3")


def test_c1_missed_year_is_named_in_the_workbook(reports):
    """Annual over 2012-2014 with nothing logged in 2013: Overdue once the period closed, the missed year
    named in the Reason of the Activities and Attention sheets."""
    made = reports["StC44"]
    assert status(reports, "StC44", "C1") == "Overdue"
    assert "no activity recorded in 2013;" in reason(made, "C1")
    attention = {(r["Programme"], r["Code"]): r for r in sheet_rows(made["xlsx"], "Attention")}
    assert "no activity recorded in 2013" in attention[(JWP12, "C1")]["Reason"]
    assert "2013" in annex1_rows(made)["C1"][3]


def test_completed_late_says_how_late(reports, end_of_2015):
    """B15 (2012) completed at the Bishkek forum, October 2013; B10 (2014) at the Saiga MOU's MOS3,
    October 2015: both ten months after their timeframe closed."""
    for made in (reports["StC41"], reports["StC44"]):
        assert reason(made, "B15").endswith("10 months after its timeframe (2012) closed on 31 December 2012.")
    assert end_of_2015["statuses"][(JWP12, "B10")]["Status"] == "Completed"
    b10 = reason(end_of_2015, "B10")
    assert "MOS3" in b10 and b10.endswith("10 months after its timeframe (2014) closed on 31 December 2014.")
    assert "Tashkent" in annex1_rows(end_of_2015)["B10"][4]


def test_a_row_dated_after_a_continuous_period_does_not_revive_it(end_of_2015):
    """L63 (May 2015) names JWP 2012-2014 C1; the period closed in December 2014 with 2013 missed."""
    assert end_of_2015["statuses"][(JWP12, "C1")]["Status"] == "Overdue"
    assert "no activity recorded in 2013" in reason(end_of_2015, "C1")


# ---------------------------------------------------------------- carry-over into JWP 2015-2020


def test_the_successor_is_judged_on_its_own_rows_until_its_window_opens(reports):
    """StC44 (31 August 2015): B3 (2016-2020, continues JWP 2012-2014 B11) has not opened, so it is not yet
    due whatever B11 did; the continuous ones, open since January 2015, carry the earlier rows."""
    assert status(reports, "StC44", "B3", JWP15) == "Not yet due"
    assert status(reports, "StC44", "D2", JWP15) == "Ongoing"  # JWP 2012-2014 D2: IPBES-3, January 2015
    assert "IPBES-3" in reason(reports["StC44"], "D2", JWP15)
    # A1 continues A1, last at AC27 (May 2014), more than 12 months before; AC28 (3 September 2015) is later.
    assert status(reports, "StC44", "A1", JWP15) == "Stalled"
    assert "It continues JWP 2012-2014 A1" in reason(reports["StC44"], "A1", JWP15)


def test_a_report_made_after_ac28_counts_it(end_of_2015):
    assert end_of_2015["statuses"][(JWP15, "A1")]["Status"] == "Ongoing"  # AC28, 30 August-3 September 2015
    assert "AC28" in reason(end_of_2015, "A1", JWP15)


def test_carry_over_shows_the_earlier_evidence(end_of_2016):
    """As of 31 December 2016, B3 (the saiga work programme 2016-2020) continues JWP 2012-2014 B11: the
    earlier rows (SC62, CoP16, SC65, MOS3) count towards it, as progress, with its own (MOS3, October 2015)."""
    b3 = activity_status(end_of_2016, "B3", JWP15)
    assert {"L41", "L49", "L57", "L64", "L68"} <= {e.id for e in b3.evidence}
    assert b3.status == "In progress"  # not completed by MOS3 (L64), which completed JWP 2012-2014 B10
    assert reason(end_of_2016, "B3", JWP15).endswith(
        "It continues JWP 2012-2014 B11, whose log entries count towards it.")
    evidence_cell = annex2_row(end_of_2016, "B3")[-1]
    assert "62nd meeting of the CITES Standing Committee" in evidence_cell and "Tashkent" in evidence_cell
    # The earlier activity keeps its own status, on its own rows.
    assert end_of_2016["statuses"][(JWP12, "B11")]["Status"] == "Completed"


# ---------------------------------------------------------------- titles over time


def test_each_programme_s_title_is_the_one_valid_at_the_status_date(reports, end_of_2016):
    draft12, adopted12 = "draft cms cites joint work programme 2012-2014", "cms cites joint work programme 2012-2014"
    for code in ("StC38", "StC39"):  # before its adoption (8 November 2012)
        assert draft12 in reports[code]["text"].lower(), code
    for code in ("StC41", "StC44"):
        assert adopted12 in reports[code]["text"].lower() and draft12 not in reports[code]["text"].lower(), code
    assert "DRAFT CMS-CITES JOINT WORK PROGRAMME 2015-2020" in reports["StC44"]["lines"]  # Annex 2's title
    assert "draft CMS-CITES Joint Work Programme 2015-2020" in reports["StC44"]["text"]  # mid-sentence
    # Adopted by CITES SC66 in January 2016: a report as of December 2016 drops 'Draft'.
    assert "CMS-CITES JOINT WORK PROGRAMME 2015-2020" in end_of_2016["lines"]
    assert "draft cms-cites joint work programme 2015-2020" not in end_of_2016["text"].lower()


# ---------------------------------------------------------------- planned events, outcomes per activity


def test_the_workbook_lists_d4_s_planned_events_and_which_happened(reports):
    held_by_october_2013 = {"D4.1": "L37", "D4.2": "L39", "D4.3": "L40", "D4.5": "L41", "D4.6": "L42",
                            "D4.8": "L47", "D4.9": "L49"}
    rows = sheet_rows(reports["StC41"]["xlsx"], "Planned events")
    assert [r["Item"] for r in rows] == [f"D4.{i}" for i in range(1, 13)]
    assert {r["Activity"] for r in rows} == {"D4"} and rows[0]["Planned for"] == "March 2012"
    assert rows[0]["Event"] == "26th meeting of the CITES Animals Committee"
    assert {r["Item"]: r["Log entry"] for r in rows if r["Happened"] == "yes"} == held_by_october_2013
    assert {r["Item"] for r in rows if r["Happened"] == "no"} == {"D4.4", "D4.7", "D4.10", "D4.11", "D4.12"}
    assert reason(reports["StC41"], "D4").endswith("Planned events that happened by 31 October 2013: 7 of 12.")
    # AC27 (April 2014) and SC65 (July 2014) by StC44; Ramsar COP11, the Aichi Targets Task Force and the
    # World Congress on Species have no row in the log.
    later = {r["Item"]: r["Happened"] for r in sheet_rows(reports["StC44"]["xlsx"], "Planned events")}
    assert later["D4.10"] == later["D4.11"] == "yes" and later["D4.4"] == later["D4.12"] == "no"
    assert reason(reports["StC44"], "D4").endswith("Planned events that happened by 31 August 2015: 9 of 12.")
    # StC39 (30 September 2011) presents the programme: its items are listed, none held yet.
    assert {r["Happened"] for r in sheet_rows(reports["StC39"]["xlsx"], "Planned events")} == {"no"}


def test_one_log_row_gives_each_activity_its_own_outcome(later_inputs, reports, end_of_2015):
    """MOS1 (L43) completed B6 and B7 and advanced B9; the Bishkek forum (L51) completed B15 and advanced
    B14; the Saiga MOU's MOS3 (L64) completed B10 and advanced B11: one row each."""
    ids = {e.id for e in later_inputs.log}
    assert {"L43", "L51", "L64"} <= ids and not {"L44", "L52", "L65"} & ids
    stc41 = reports["StC41"]
    outcomes = {code: {e.id: e.outcome for e in activity_status(stc41, code).evidence}
                for code in ("B7", "B9", "B14", "B15")}
    assert outcomes["B7"] == {"L43": "completed"} and outcomes["B9"]["L43"] == "progress"
    assert outcomes["B15"] == {"L51": "completed"} and outcomes["B14"] == {"L51": "progress"}
    assert status(reports, "StC41", "B7") == "Completed" and status(reports, "StC41", "B9") == "Overdue"
    assert {e.id: e.outcome for e in activity_status(end_of_2015, "B11").evidence}["L64"] == "progress"
    assert {e.id: e.outcome for e in activity_status(end_of_2015, "B10").evidence} == {"L64": "completed"}
    # The one row is printed beside each activity it names.
    rows = annex1_rows(stc41)
    assert all(rows[code][4].startswith("24-27 September 2012: ") for code in ("B6", "B7", "B9"))


# ---------------------------------------------------------------- one real run, through Dagster


def test_the_command_reports_stc41_from_the_fixture(fixture_templates, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    monkeypatch.setenv("STC_TEMPLATES_DIR", str(fixture_templates))
    outputs = tmp_path / "out"
    assert main(["run", "--meeting", "StC41", "--no-pdf", "--inputs", str(LATER / "inputs"),
                 "--outputs", str(outputs)]) == 0
    assert "StC41 has no narrative of its own" not in capsys.readouterr().out  # it has one
    docx = next(outputs.rglob("UNEP-CMS-StC41-Doc12.docx"))
    assert "as-of-2013-10-31" in str(docx.parent)
    text = "\n".join(docx_lines(docx))
    assert "UNEP/CMS/StC41/Doc.12" in text and "Bonn, 27-28 November 2013" in text
    assert "Global Snow Leopard and Ecosystem Protection Forum" in text  # its own narrative
    assert statuses_in(docx.with_suffix(".xlsx"))[(JWP12, "B7")]["Status"] == "Completed"


# ---------------------------------------------------------------- another partner


def test_a_programme_with_another_partner_is_reported(stc45):
    made = stc45
    first_page = "\n".join(made["lines"][:7])
    assert "UNEP/CMS/StC45/Doc.11" in first_page and "45TH MEETING OF THE\nSTANDING COMMITTEE" in first_page
    assert "COOPERATION BETWEEN CMS AND THE RAMSAR CONVENTION (MADE UP FOR TESTING)" in first_page
    statuses = {code: row["Status"] for (_, code), row in made["statuses"].items()}
    assert statuses["A1"] == statuses["A3"] == "Completed"  # Ramsar COP12, June 2015
    assert statuses["B2"] == "Overdue"  # due in 2015; the exchange is known only as '2016', after 31 August 2016
    assert statuses["C1"] == "Stalled"  # annual from 2014; nothing logged in 2014
    assert "the log records nothing in 2014;" in reason(made, "C1", "CMS-Ramsar JWP 2014-2016")  # the missed year
    assert "CMS-Ramsar Joint Work Plan 2014-2016 (made up for testing)" in made["text"]


def test_the_other_partner_s_report_names_ramsar_and_never_cites(stc45):
    """Everywhere the partner's name could leak: the header block, the body, the annexes, headers and
    footers, the document's properties; the workbook's cells, sheet names, headers and properties."""
    for path in (stc45["docx"], stc45["xlsx"]):
        with zipfile.ZipFile(path) as package:
            for part in package.namelist():
                content = package.read(part).decode("utf-8", errors="ignore")
                assert "CITES" not in content, (path.name, part)
    text = stc45["text"]
    assert "the joint activities of the CMS and Ramsar Secretariats" in text  # the default narrative
    book = openpyxl.load_workbook(stc45["xlsx"])
    assert "CMS/Ramsar" in book.properties.description and "Ramsar" in book.properties.keywords
    leads = {code: row["Lead"] for (_, code), row in stc45["statuses"].items()}
    assert leads["A1"] == leads["A3"] == "Ramsar" and leads["B2"] == "CMS" and leads["C1"] == "Joint"


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
