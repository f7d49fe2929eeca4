"""The Excel workbook: read back with openpyxl, it holds the report's figures,
safely, in a form people can read, filter and print."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell

from pipeline.history.changes import PREVIOUS_MEETING, PREVIOUS_MONTH, compare
from pipeline.model import (
    Activity, DataIssue, FuzzyDate, LogEntry, Meeting, Programme, Source, Species, Theme)
from pipeline.report_model import ProgrammeReport, ReportData
from pipeline.history.snapshots import EvidenceRef, SnapshotRow
from pipeline.status.vocabulary import STATUS_ORDER, ActivityStatus, Rollup, Status, Timeframe
from pipeline.history.trend import COMPUTED, STORED, TrendRow
from pipeline.excel.cells import DATE_FORMAT, MONTH_FORMAT, put_text
from pipeline.excel.workbook import SHEETS, write_xlsx

HOSTILE = ('=HYPERLINK("http://evil","x")', "+cmd|calc", "@SUM(A1:A2)", "-2+3")
AS_OF = date(2011, 8, 31)
SRC = Source("programmes.xlsx", "Activities", 2)


# --- a small report, built by hand -------------------------------------------------------

def _fuzzy(d: date, precision: str = "day", written: str = "") -> FuzzyDate:
    return FuzzyDate(d, d, precision, written or d.isoformat())


def _entry(id_: str, programme: str, start: FuzzyDate, outcome: str, activities: tuple[str, ...],
           summary: str = "A meeting took place.") -> LogEntry:
    return LogEntry(
        id=id_, start=start, end=None, kind="meeting", title=f"Meeting {id_}", venue="Geneva",
        country="Switzerland", organisers="CITES", participants="CMS", programme_id=programme,
        activities=activities, species=("Saiga antelope",), outcome=outcome, group="",
        summary=summary, reference="UNEP/CMS/StC34/3", source=Source("log.xlsx", "Log", 2))


def _activity(programme: str, code: str, theme: str, description: str,
              species: tuple[str, ...] = ()) -> Activity:
    return Activity(programme, code, theme, "", "Sharks", description, "2012-13", "Joint",
                    species, code.endswith("2"), "", SRC)


def _status(activity: Activity, status: Status, evidence: tuple[LogEntry, ...] = (),
            since: date | None = None, next_due: date | None = None) -> ActivityStatus:
    timeframe = Timeframe("2012-13", "fixed", date(2012, 1, 1), date(2013, 12, 31),
                          read_as="1 January 2012 to 31 December 2013")
    return ActivityStatus(activity, timeframe, AS_OF, status, f"Because {status.value}.",
                          evidence, since, next_due)


def _rollup(programme: str, dimension: str, key: str, label: str,
            statuses: list[ActivityStatus]) -> Rollup:
    counts = tuple((s, sum(1 for a in statuses if a.status is s)) for s in STATUS_ORDER)
    return Rollup(programme, dimension, key, label, counts)


def _programme_report(pid: str, title: str, specs: list[tuple[str, str, str, Status]],
                      log: tuple[LogEntry, ...]) -> ProgrammeReport:
    """specs: (code, theme, description, status); the first log entry is evidence of the first."""
    programme = Programme(pid, title, 2008, 2011, "", SRC)
    themes = (Theme(pid, "A", "Harmonization of taxonomy and nomenclature", "", "", SRC),
              Theme(pid, "B", "Joint actions for shared species", "", "", SRC))
    statuses = tuple(
        _status(_activity(pid, code, theme, text, ("Saiga antelope",) if i == 0 else ()), st,
                evidence=log[:1] if i == 0 else (), since=date(2010, 6, 1) if i == 0 else None,
                next_due=date(2013, 12, 31))
        for i, (code, theme, text, st) in enumerate(specs))
    rollups = (_rollup(pid, "programme", pid, title, list(statuses)),
               *(_rollup(pid, "theme", t.code, t.title,
                         [s for s in statuses if s.activity.theme_code == t.code]) for t in themes),
               _rollup(pid, "species", "Saiga antelope", "Saiga antelope", list(statuses[:1])))
    return ProgrammeReport(programme, themes, statuses, log, rollups)


@pytest.fixture(scope="module")
def report() -> ReportData:
    log1 = (_entry("L1", "JA 2008-2011", _fuzzy(date(2010, 6, 1), "month", "June 2010"),
                   "completed", ("A1",)),
            _entry("L2", "JA 2008-2011", _fuzzy(date(2011, 3, 14)), "progress", ("B1",),
                   summary="-- looks like a formula"))
    reported = _programme_report("JA 2008-2011", "CITES/CMS list of joint activities 2008-2011", [
        ("A1", "A", "Concordance list", Status.COMPLETED),
        ("A2", "A", HOSTILE[0], Status.OVERDUE),
        ("B1", "B", HOSTILE[1], Status.AT_RISK),
    ], log1)
    log2 = (_entry("L3", "JWP 2012-2014", _fuzzy(date(2011, 8, 1)), "progress", ("A1",)),)
    planned = _programme_report("JWP 2012-2014", "Draft CMS CITES Joint Work Programme 2012-2014", [
        ("A1", "A", "Review nomenclature", Status.IN_PROGRESS),
        ("B1", "B", HOSTILE[2], Status.NOT_YET_DUE),
        ("B2", "B", HOSTILE[3], Status.NOT_YET_DUE),
    ], log2)
    meeting = Meeting("StC38", 38, "Bergen", "Norway", date(2011, 11, 19), None, "5(a)",
                      "UNEP/CMS/StC38/Doc.3", date(2011, 9, 27), "English",
                      "Cooperation between CMS and CITES", AS_OF, "JA 2008-2011", "JWP 2012-2014", SRC)
    species = (Species("Saiga antelope", "Saiga spp.", "Mammals", "II", "II", SRC),)
    issue = DataIssue("programmes.xlsx", "Activities", 14, "Timeframe", "sometime soon",
                      "a year, a range of years (2012-2014), On-going, or Annual and as-required")
    previous = Meeting("StC37", 37, "Bergen", "Norway", date(2010, 11, 23), None, "5(a)", "UNEP/CMS/StC37/Doc.3",
                       date(2010, 9, 27), "English", "Cooperation", date(2010, 8, 31), "JA 2008-2011", "", SRC)
    return ReportData(meeting, AS_OF, reported, planned, species, (issue,), datetime(2011, 9, 1, 9, 30),
                      changes_since_meeting=_since_meeting(reported), changes_since_month=_since_month(reported),
                      previous_meeting=previous, since_meeting=date(2010, 11, 23), since_month=date(2011, 7, 31),
                      trend=_trend())


def _since_meeting(reported: ProgrammeReport):
    """A1 completed, A2 overdue, B1 at risk (hostile descriptions), B9 removed with a hostile description."""
    pid = reported.programme.id
    before = [SnapshotRow(pid, "A1", "A", "Concordance list", Status.IN_PROGRESS,
                          (EvidenceRef("L0", date(2010, 1, 31), "progress", "Earlier meeting"),)),
              SnapshotRow(pid, "A2", "A", HOSTILE[0], Status.NOT_STARTED),
              SnapshotRow(pid, "B1", "B", HOSTILE[1], Status.NOT_STARTED),
              SnapshotRow(pid, "B9", "B", "@SUM(A1:A9) was dropped", Status.NOT_STARTED)]
    return compare(before, reported.statuses, date(2010, 11, 23), AS_OF, PREVIOUS_MEETING, meeting_number=37)


def _since_month(reported: ProgrammeReport):
    return compare(reported.statuses, reported.statuses, date(2011, 7, 31), AS_OF,
                   PREVIOUS_MONTH, before_source=STORED)


TREND_MONTHS = (date(2011, 6, 30), date(2011, 7, 31), date(2011, 8, 31))


def _trend() -> tuple[TrendRow, ...]:
    """Per month: the total and themes A and B of the reported programme."""
    def counts(**n):
        return tuple((s, n.get(s.name, 0)) for s in STATUS_ORDER)
    rows = []
    for theme, per_month in (("", [counts(NOT_STARTED=3), counts(IN_PROGRESS=1, NOT_STARTED=2),
                                   counts(COMPLETED=1, OVERDUE=1, AT_RISK=1)]),
                             ("A", [counts(NOT_STARTED=2), counts(IN_PROGRESS=1, NOT_STARTED=1),
                                    counts(COMPLETED=1, OVERDUE=1)]),
                             ("B", [counts(NOT_STARTED=1), counts(NOT_STARTED=1), counts(AT_RISK=1)])):
        for month_end, c in zip(TREND_MONTHS, per_month):
            rows.append(TrendRow(f"{month_end:%Y-%m}", month_end, "JA 2008-2011", theme, c,
                                 STORED if month_end.month == 7 else COMPUTED))
    return tuple(rows)


@pytest.fixture(scope="module")
def path(report: ReportData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_xlsx(report, tmp_path_factory.mktemp("xlsx") / "out" / "StC38.xlsx")


@pytest.fixture(scope="module")
def book(path: Path):
    return load_workbook(path)


def _rows(ws) -> list[dict[str, Cell]]:
    """Data rows of a table sheet as {header: cell}."""
    headers = [c.value for c in ws[1]]
    return [dict(zip(headers, row)) for row in ws.iter_rows(min_row=2)]


def _fill(cell: Cell) -> str:
    return cell.fill.start_color.rgb[-6:]


# --- tests -----------------------------------------------------------------------------------

def test_sheets_in_order(book) -> None:
    assert book.sheetnames == list(SHEETS) == [
        "Summary", "Attention", "Activities", "Species", "Evidence", "Changes", "Trend", "Data issues", "Legend"]


def test_headers_bold_frozen_filtered_and_printable(book) -> None:
    assert book["Summary"].freeze_panes == "A6"
    for name in SHEETS[1:]:
        ws = book[name]
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), name
        assert all(c.font.b for c in ws[1] if c.value), name
        assert ws.print_title_rows == "$1:$1", name
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.page_setup.fitToWidth >= 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_long_text_wraps_and_widths_are_capped(book) -> None:
    ws = book["Activities"]
    headers = [c.value for c in ws[1]]
    description = ws.cell(row=2, column=headers.index("Description") + 1)
    assert description.alignment.wrap_text
    assert all((d.width or 0) <= 60 for d in ws.column_dimensions.values())


def test_activity_dates_are_real_dates(book) -> None:
    row = _rows(book["Activities"])[0]
    for header, expected in (("Timeframe starts", date(2012, 1, 1)), ("Timeframe ends", date(2013, 12, 31)),
                             ("Since", date(2010, 6, 1)), ("Last evidence", date(2010, 6, 1)),
                             ("Next due", date(2013, 12, 31))):
        cell = row[header]
        assert cell.is_date and cell.value.date() == expected, header
        assert cell.number_format == DATE_FORMAT


def test_activities_rows(book, report: ReportData) -> None:
    rows = _rows(book["Activities"])
    assert len(rows) == 6
    assert [r["Programme"].value for r in rows] == ["JA 2008-2011"] * 3 + ["JWP 2012-2014"] * 3
    first = rows[0]
    assert first["Timeframe"].value == "2012-13"
    assert first["Timeframe read as"].value == "1 January 2012 to 31 December 2013"
    assert first["Species"].value == "Saiga antelope"
    assert first["Evidence rows"].value == 1
    assert [r["External funding"].value for r in rows[:2]] == ["no", "yes"]


def test_status_cells_are_filled_with_their_colour(book) -> None:
    for row in _rows(book["Activities"]):
        status = Status(row["Status"].value)
        assert _fill(row["Status"]) == status.fill
    assert {Status(r["Status"].value) for r in _rows(book["Activities"])} >= {
        Status.COMPLETED, Status.OVERDUE, Status.AT_RISK}


def test_hostile_descriptions_stay_text(book) -> None:
    cells = [r["Description"] for r in _rows(book["Activities"])]
    by_value = {c.value: c for c in cells}
    for text in HOSTILE:
        cell = by_value[text]
        assert cell.data_type == "s", text
        assert cell.value == text
    changes = {r["Description"].value: r["Description"] for r in _rows(book["Changes"])}
    for text in (HOSTILE[0], HOSTILE[1], "@SUM(A1:A9) was dropped"):
        assert changes[text].data_type == "s" and changes[text].quotePrefix, text
    assert not any(c.data_type == "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)


def test_put_text_never_writes_a_formula() -> None:
    from openpyxl import Workbook
    ws = Workbook().active
    cell = put_text(ws["A1"], "=1+1\x07")
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_summary_figures_equal_rollups(book, report: ReportData) -> None:
    ws = book["Summary"]
    header_rows = [c.row for c in ws["A"] if c.value == "Theme"]
    assert len(header_rows) == 2
    for header_row, programme in zip(header_rows, (report.reported, report.planned)):
        headers = [c.value for c in ws[header_row]]
        themes = [r for r in programme.rollups if r.dimension == "theme"]
        for offset, rollup in enumerate([*themes, programme.total], start=1):
            values = dict(zip(headers, (c.value for c in ws[header_row + offset])))
            label = "Total" if rollup.dimension == "programme" else f"({rollup.key}) {rollup.label}"
            assert values["Theme"] == label
            assert values["Activities"] == rollup.total
            for status in STATUS_ORDER:
                assert values[status.value] == rollup.count(status)
            assert values["% completed"] == pytest.approx(rollup.share_completed)
            assert values["% on schedule"] == pytest.approx(rollup.share_on_schedule)
        pct = ws.cell(row=header_row + 1, column=headers.index("% completed") + 1)
        assert "%" in pct.number_format
        status_header = ws.cell(row=header_row, column=headers.index("Overdue") + 1)
        assert _fill(status_header) == Status.OVERDUE.fill


def test_summary_title_block(book) -> None:
    ws = book["Summary"]
    assert ws["A1"].value == "UNEP/CMS/StC38/Doc.3 – status of joint activities"
    assert ws["B3"].value == "38th meeting of the Standing Committee, Bergen, 19 November 2011"
    assert ws["B4"].is_date and ws["B4"].value.date() == AS_OF
    assert ws["B5"].is_date


def test_summary_has_a_stacked_bar_chart_per_programme(path: Path) -> None:
    charts = load_workbook(path)["Summary"]._charts  # openpyxl reads charts back here
    assert len(charts) == 2
    for chart in charts:
        assert chart.tagname == "barChart" and chart.grouping == "stacked"
        titles = [s.tx.strRef.f for s in chart.series]
        assert titles and all(t.startswith("'Summary'!") for t in titles)
    assert len(charts[0].series) == 3  # only the statuses that occur: completed, at risk, overdue


def test_species_sheet(book) -> None:
    rows = _rows(book["Species"])
    assert [(r["Programme"].value, r["Species"].value, r["Scientific name"].value,
             r["Activities"].value, r["Completed"].value) for r in rows] == [
        ("JA 2008-2011", "Saiga antelope", "Saiga spp.", 1, 1),
        ("JWP 2012-2014", "Saiga antelope", "Saiga spp.", 1, 0)]


def test_evidence_sheet(book) -> None:
    rows = {r["Entry"].value: r for r in _rows(book["Evidence"])}
    assert list(rows) == ["L1", "L2", "L3"]
    # known only to the month: a real date (the column sorts), shown as the month, its precision beside it
    assert rows["L1"]["Start"].is_date and rows["L1"]["Start"].value.date() == date(2010, 6, 1)
    assert rows["L1"]["Start"].number_format == MONTH_FORMAT
    assert rows["L1"]["Date precision"].value == "month"
    assert rows["L2"]["Start"].is_date and rows["L2"]["Start"].number_format == DATE_FORMAT
    assert [rows[k]["Counted as evidence"].value for k in rows] == ["yes", "no", "yes"]
    assert rows["L2"]["Summary"].value == "-- looks like a formula"
    assert rows["L2"]["Summary"].data_type == "s"


def test_data_issues_sheet(book) -> None:
    rows = _rows(book["Data issues"])
    assert len(rows) == 1
    row = rows[0]
    assert row["New or known"].value == "new"  # no previous report to compare with
    assert (row["Severity"].value, row["File"].value, row["Sheet"].value, row["Row"].value,
            row["Column"].value, row["Value found"].value) == (
        "warning", "programmes.xlsx", "Activities", 14, "Timeframe", "sometime soon")
    assert row["Expected"].value.startswith("a year")


def test_no_data_issues_says_so(report: ReportData, tmp_path: Path) -> None:
    from dataclasses import replace
    ws = load_workbook(write_xlsx(replace(report, issues=(), planned=None), tmp_path / "x.xlsx"))
    assert ws["Data issues"]["A2"].value == "No data issues"
    assert {c.value for c in ws["Activities"]["A"][1:]} == {"JA 2008-2011"}


def test_legend(book) -> None:
    rows = _rows(book["Legend"])
    assert [r["Status"].value for r in rows] == [s.value for s in STATUS_ORDER]
    for row, status in zip(rows, STATUS_ORDER):
        assert _fill(row["Colour"]) == status.fill
        assert row["Colour"].value == status.colour
        assert row["Rule"].value.endswith(".")


def test_workbook_properties(book) -> None:
    props = book.properties
    assert props.title == "UNEP/CMS/StC38/Doc.3 – status of joint activities"
    assert props.subject == "38th meeting of the Standing Committee, Bergen, 19 November 2011"
    assert "2011-08-31" in props.keywords
    assert props.creator == "CMS Secretariat"


def _to_pdf(source: Path, folder: Path) -> Path | None:
    """Convert with LibreOffice; None when it could not load the file."""
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        capture_output=True, text=True, timeout=180, check=False)
    pdf = folder / f"{source.stem}.pdf"
    return pdf if pdf.exists() and pdf.stat().st_size > 0 else None


@pytest.mark.integration
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_workbook(path: Path, tmp_path: Path) -> None:
    pdf = _to_pdf(path, tmp_path)
    if pdf is None:
        from openpyxl import Workbook
        probe = Workbook()
        probe.active["A1"] = "probe"
        probe.save(tmp_path / "probe.xlsx")
        if _to_pdf(tmp_path / "probe.xlsx", tmp_path) is None:
            pytest.skip("LibreOffice cannot open .xlsx here (Calc not installed)")
    assert pdf is not None, "LibreOffice could not open the generated workbook"
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000


def test_meeting_line_writes_dates_as_the_documents_do(report: ReportData) -> None:
    from dataclasses import replace
    from pipeline.excel.summary import meeting_line
    m = report.meeting
    assert meeting_line(replace(m, number=41, end_date=date(2011, 11, 21))) == (
        "41st meeting of the Standing Committee, Bergen, 19-21 November 2011")
    assert meeting_line(replace(m, number=12, start_date=date(2011, 11, 30),
                                end_date=date(2011, 12, 2))).startswith(
        "12th meeting of the Standing Committee, Bergen, 30 November-2 December 2011")


def test_time_zone_aware_generation_time_is_written(report: ReportData, tmp_path: Path) -> None:
    from dataclasses import replace
    from datetime import timedelta, timezone
    moment = datetime(2011, 9, 1, 11, 30, tzinfo=timezone(timedelta(hours=2)))
    book = load_workbook(write_xlsx(replace(report, generated_at=moment), tmp_path / "tz.xlsx"))
    assert book["Summary"]["B5"].value == datetime(2011, 9, 1, 11, 30)  # wall-clock time as run
    assert book.properties.created == datetime(2011, 9, 1, 9, 30)  # properties in UTC


# --- the history sheets: Changes and Trend ---------------------------------------------------

def test_changes_sheet_one_row_per_change(book) -> None:
    rows = _rows(book["Changes"])
    found = [(r["Compared"].value, r["Change"].value, r["Code"].value, r["Status before"].value,
              r["Status after"].value) for r in rows]
    assert found == [
        ("Since the previous meeting", "Newly completed", "A1", "In progress", "Completed"),
        ("Since the previous meeting", "Newly overdue or at risk", "A2", "Not started", "Overdue"),
        ("Since the previous meeting", "Newly overdue or at risk", "B1", "Not started", "At risk"),
        ("Since the previous meeting", "Removed from the programme", "B9", "Not started", None),
        ("Since the previous month", "No change", None, None, None),
    ]
    first = rows[0]
    assert first["From"].is_date and first["From"].value.date() == date(2010, 11, 23)
    assert first["To"].value.date() == AS_OF and first["From"].number_format == DATE_FORMAT
    assert first["Evidence added"].value == "L1 Meeting L1 (1 June 2010)"
    assert first["Earlier status from"].value == "recomputed from the inputs"
    assert rows[-1]["Description"].value.startswith("Between the end of the previous month (31 July 2011)")
    assert rows[-1]["Earlier status from"].value == "stored monthly snapshot"
    for row in rows[:4]:
        for header in ("Status before", "Status after"):
            if row[header].value:
                assert _fill(row[header]) == Status(row[header].value).fill


def test_changes_sheet_says_when_there_is_no_previous_meeting(report: ReportData, tmp_path: Path) -> None:
    from dataclasses import replace
    book = load_workbook(write_xlsx(replace(report, changes_since_meeting=None, previous_meeting=None,
                                            changes_since_month=None, trend=()), tmp_path / "none.xlsx"))
    rows = _rows(book["Changes"])
    assert [(r["Compared"].value, r["Change"].value) for r in rows] == [("Since the previous meeting", "No previous meeting")]
    assert "No Standing Committee meeting before StC38" in rows[0]["Description"].value
    assert book["Trend"]["A2"].value == "No months to show"
    assert not book["Trend"]._charts


def test_trend_sheet_month_rows_by_status_columns(book, report: ReportData) -> None:
    rows = _rows(book["Trend"])
    assert len(rows) == len(report.trend) == 9
    assert [r["Theme"].value for r in rows[:3]] == ["All themes"] * 3
    assert rows[3]["Theme"].value == "(A) Harmonization of taxonomy and nomenclature"
    for row, trend_row in zip(rows, report.trend):
        assert row["Month"].is_date and row["Month"].value.date() == trend_row.as_of
        assert row["Month"].number_format == MONTH_FORMAT
        assert row["Activities"].value == trend_row.total
        for status in STATUS_ORDER:
            assert row[status.value].value == trend_row.count(status)
        assert row["Source"].value == trend_row.source
    assert rows[2]["% completed"].value == pytest.approx(1 / 3)
    ws = book["Trend"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")


def test_trend_sheet_has_a_stacked_chart_of_the_totals(path: Path) -> None:
    charts = load_workbook(path)["Trend"]._charts
    assert len(charts) == 1
    chart = charts[0]
    assert chart.tagname == "barChart" and chart.grouping == "stacked"
    values = [s.val.numRef.f for s in chart.series]
    # the three total rows (2-4), months in order; one column per status that occurs
    assert values == [f"'Trend'!${c}$2:${c}$4" for c in "GHKLO"]
    assert chart.series[0].cat.numRef.f == "'Trend'!$C$2:$C$4"
    titles = [s.tx.v for s in chart.series]
    assert titles == ["Completed", "In progress", "Not started", "At risk", "Overdue"]  # only those that occur


# --- the Attention sheet, known data issues, paper ------------------------------------------

def test_attention_sheet_lists_what_needs_acting_on_overdue_first(book) -> None:
    ws = book["Attention"]
    assert [c.value for c in ws[1]] == ["Programme", "Code", "Description", "Status", "Reason", "Lead", "Next due",
                                        "Last evidence"]
    rows = _rows(ws)
    assert [(r["Programme"].value, r["Code"].value, r["Status"].value) for r in rows] == [
        ("JA 2008-2011", "A2", "Overdue"), ("JA 2008-2011", "B1", "At risk")]
    overdue = rows[0]
    assert overdue["Description"].value == HOSTILE[0] and overdue["Description"].data_type == "s"
    assert overdue["Reason"].value == "Because Overdue." and overdue["Lead"].value == "Joint"
    assert overdue["Next due"].is_date and overdue["Next due"].value.date() == date(2013, 12, 31)
    assert _fill(overdue["Status"]) == Status.OVERDUE.fill[-6:]
    assert overdue["Description"].alignment.wrap_text and overdue["Reason"].alignment.wrap_text


def test_attention_sheet_says_when_nothing_needs_attention(report: ReportData, tmp_path: Path) -> None:
    from dataclasses import replace
    calm = replace(report, reported=replace(report.reported, statuses=report.reported.statuses[:1]))
    ws = load_workbook(write_xlsx(calm, tmp_path / "calm.xlsx"))["Attention"]
    assert ws["A2"].value == "No activity is overdue, at risk, stalled or pending a decision"
    assert ws.max_row == 2


def test_data_issues_of_the_previous_report_are_marked_known_and_new_ones_come_first(
        report: ReportData, tmp_path: Path) -> None:
    from dataclasses import replace
    from pipeline.history.known_issues import issue_key
    old = report.issues[0]
    new = DataIssue("meeting_log.xlsx", "Log", 7, "Start", "2099", "a date not after today")
    ws = load_workbook(write_xlsx(replace(report, issues=(old, new)), tmp_path / "k.xlsx",
                                  known_issues={issue_key(old)}))["Data issues"]
    rows = _rows(ws)
    assert [(r["New or known"].value, r["Row"].value) for r in rows] == [
        ("new", 7), ("known (in the report sent)", 14)]
    assert rows[0]["New or known"].font.b and not rows[1]["New or known"].font.b
    # the same issue text at another place is new
    moved = replace(old, row=15)
    ws = load_workbook(write_xlsx(replace(report, issues=(moved,)), tmp_path / "m.xlsx",
                                  known_issues={issue_key(old)}))["Data issues"]
    assert ws["A2"].value == "new"


def test_wide_sheets_print_across_pages_repeating_the_first_columns(book) -> None:
    from pipeline.excel.cells import PAGE_CHARS, printed_width
    for ws in book.worksheets:
        wide = ws.page_setup.fitToWidth
        if ws.title == "Summary":
            assert wide == 1 and not ws.print_options.gridLines  # one page wide, with its charts
            continue
        if ws.title == "Activities":
            assert wide == 1 and ws.print_options.gridLines  # one page wide: its narrow, wrapped columns
            continue
        assert wide == max(1, -(-printed_width(ws) // PAGE_CHARS)), ws.title
        assert ws.print_options.gridLines, ws.title
        if wide > 1:
            assert ws.print_title_cols == "$A:$B" and ws.page_setup.pageOrder == "overThenDown", ws.title
        else:
            assert ws.print_title_cols is None, ws.title
    assert book["Activities"].page_setup.fitToWidth == 1  # 43 rows on five pages, not 15 (issue 21)
    assert book["Attention"].page_setup.fitToWidth == 1
    for ws in book.worksheets:
        assert ws.page_margins.left == ws.page_margins.right == 0.4


def test_summary_keeps_each_programme_and_its_chart_on_a_page_with_whole_number_axes(
        book, report: ReportData) -> None:
    from openpyxl import Workbook
    from pipeline.excel.summary import write_summary

    ws = book["Summary"]
    headings = [c.row for c in ws["A"] if c.value and str(c.value).startswith("Draft CMS CITES")]
    assert [b.id for b in ws.row_breaks.brk] == [headings[0] - 1]  # the second programme starts a page
    assert ws.column_dimensions["A"].width <= 40
    sheet = Workbook().active  # openpyxl does not read charts back: look at them as written
    write_summary(sheet, report)
    assert len(sheet._charts) == 2
    for chart, programme in zip(sheet._charts, (report.reported, report.planned)):
        assert chart.y_axis.scaling.min == 0 and chart.y_axis.majorUnit == 1  # at most 2 activities a theme
        assert chart.y_axis.number_format.formatCode == "0"
        occurring = [s for s in STATUS_ORDER if programme.total.count(s)]
        assert len(chart.series) == len(occurring)  # a status no activity has is left out


def test_whole_number_axis_steps() -> None:
    from openpyxl.chart import BarChart
    from pipeline.excel.cells import whole_number_axis
    for largest, step in ((1, 1), (8, 1), (9, 2), (43, 6), (430, 54)):
        chart = BarChart()
        whole_number_axis(chart.y_axis, largest)
        assert chart.y_axis.majorUnit == step



def test_every_sheet_prints_like_a_document(book) -> None:
    """The symbol and the sheet's name in the header, 'Page X of Y' in the footer, on every sheet;
    dates in the document's style ('31 August 2011')."""
    for ws in book.worksheets:
        assert ws.oddHeader.left.text == "UNEP/CMS/StC38/Doc.3", ws.title
        assert ws.oddHeader.right.text == "&A", ws.title
        assert ws.oddFooter.center.text == "Page &P of &N", ws.title
    assert DATE_FORMAT == "d mmmm yyyy" and MONTH_FORMAT == "mmmm yyyy"
