"""The Summary sheet: what the document is, then per programme the status
counts by theme with a stacked bar chart, the figures a Committee member reads first."""
from __future__ import annotations

from openpyxl.chart import BarChart, Reference, Series
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.model import Meeting
from pipeline.wording.sentences import ordinal
from pipeline.report_model import ProgrammeReport, ReportData, still_english
from pipeline.status.vocabulary import STATUS_ORDER, Rollup
from pipeline.excel.cells import (
    NUMBER, WRAP_TEXT, Col, fit_header_height, fit_row_heights, fit_widths, put_date, put_text, set_print,
    solid_fill, whole_number_axis, write_header, write_rows)
from pipeline.excel.sheets import COUNT_COLUMNS, count_values, programmes
from pipeline.wording import workbook_words as words
from pipeline.wording.language import ENGLISH, Language, language

SUMMARY_COLUMNS = (Col("Theme", WRAP_TEXT), Col("Activities", NUMBER)) + COUNT_COLUMNS
THEME_WIDTH = 40  # the theme column on paper: long titles wrap, so the sheet prints one page wide
TITLE_ROWS = 5  # title, document, meeting, status as of, generated at (and, in French or Spanish, what is
# still in English: one more row, see title_rows)
FIRST_STATUS_COLUMN = 3
CHART_ROWS = 20  # rows left free below each table for its chart
TOTAL_LABEL = "Total"


def document_title(report: ReportData) -> str:
    """The workbook's title, also its first line: '<symbol> – status of joint activities'."""
    return words.document_title(report.meeting.symbol, language(report.language))


def meeting_line(m: Meeting, lang: Language = ENGLISH) -> str:
    """'38th meeting of the Standing Committee, Bergen, 19 November 2011'."""
    return words.meeting_line(ordinal(m.number, lang), m.venue, lang.date_range(m.start_date, m.end_date), lang)


def write_summary(ws: Worksheet, report: ReportData) -> None:
    """Title block, then one table and one chart per programme."""
    lang = language(report.language)
    _write_title_block(ws, report, lang)
    top = title_rows(report)
    row, header_rows = top + 2, []
    for n, programme in enumerate(programmes(report)):
        if n:  # each programme's table and chart on a page of its own, the chart never split
            ws.row_breaks.append(Break(id=row - 1))
        header_rows.append(row + 1)
        row = _write_programme(ws, programme, row, lang) + 2
    ws.freeze_panes = f"A{top + 1}"
    headings = {r - 1 for r in header_rows}  # long programme titles may spill into the empty cells on their right
    fit_widths(ws, SUMMARY_COLUMNS, first_row=top + 1, skip_rows=headings, lang=lang)
    ws.column_dimensions["A"].width = min(ws.column_dimensions["A"].width, THEME_WIDTH)
    fit_row_heights(ws, SUMMARY_COLUMNS, first_row=top + 1, skip_rows=headings)
    for r in header_rows:
        fit_header_height(ws, r, SUMMARY_COLUMNS, lang)
    set_print(ws, f"1:{top}", one_page_wide=True, grid=False)


def title_rows(report: ReportData) -> int:
    """The rows of the title block: one more in French or Spanish, saying what is still in English."""
    return TITLE_ROWS + (report.language != "en")


def _write_title_block(ws: Worksheet, report: ReportData, lang: Language = ENGLISH) -> None:
    put_text(ws.cell(row=1, column=1), document_title(report)).font = Font(bold=True, size=14)
    labels = ("Document", "Meeting", "Status as of", "Generated at")
    for r, label in enumerate(labels, start=2):
        put_text(ws.cell(row=r, column=1), words.workbook_text(label, lang)).font = Font(bold=True)
    put_text(ws.cell(row=2, column=2), report.meeting.symbol)
    put_text(ws.cell(row=3, column=2), meeting_line(report.meeting, lang))
    put_date(ws.cell(row=4, column=2), report.as_of)
    put_date(ws.cell(row=5, column=2), report.generated_at)
    if report.language != "en":  # what the edition still prints in English, counted as its Data issues sheet is
        still = len(still_english(report))
        put_text(ws.cell(row=TITLE_ROWS + 1, column=1),
                 words.still_english_line(still, len(report.issues), lang)).font = Font(bold=bool(still))
        ws.cell(row=TITLE_ROWS + 1, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[TITLE_ROWS + 1].height = 30
        ws.merge_cells(start_row=TITLE_ROWS + 1, start_column=1, end_row=TITLE_ROWS + 1,
                       end_column=len(SUMMARY_COLUMNS))
    for r in range(2, TITLE_ROWS + 1):  # the narrow count columns would show dates as ###
        ws.cell(row=r, column=2).alignment = Alignment(horizontal="left")
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=len(SUMMARY_COLUMNS))


def _write_programme(ws: Worksheet, p: ProgrammeReport, row: int, lang: Language = ENGLISH) -> int:
    """The programme's heading, table and chart from `row`; return the last row used."""
    heading = f"{p.programme.title} ({p.programme.id})"
    put_text(ws.cell(row=row, column=1), heading).font = Font(bold=True, size=12)
    header_row = row + 1
    write_header(ws, header_row, SUMMARY_COLUMNS, lang)
    _colour_status_headers(ws, header_row)
    themes = [r for r in p.rollups if r.dimension == "theme"]
    last_theme = write_rows(ws, header_row + 1, SUMMARY_COLUMNS, [_theme_row(r) for r in themes], lang)
    total_row = last_theme + 1
    write_rows(ws, total_row, SUMMARY_COLUMNS,
               [(words.workbook_text(TOTAL_LABEL, lang), p.total.total) + count_values(p.total)], lang)
    for c in range(1, len(SUMMARY_COLUMNS) + 1):
        ws.cell(row=total_row, column=c).font = Font(bold=True)
    if themes and p.total.total:
        _add_chart(ws, p, header_row, last_theme, total_row + 2, lang)
        return total_row + 1 + CHART_ROWS
    return total_row


def _theme_row(r: Rollup) -> tuple[object, ...]:
    return (f"({r.key}) {r.label}", r.total) + count_values(r)


def _colour_status_headers(ws: Worksheet, header_row: int) -> None:
    for c, status in enumerate(STATUS_ORDER, start=FIRST_STATUS_COLUMN):
        ws.cell(row=header_row, column=c).fill = solid_fill(status.fill)


def _add_chart(ws: Worksheet, p: ProgrammeReport, header_row: int, last_row: int, at_row: int,
               lang: Language = ENGLISH) -> None:
    """A native stacked bar chart of status by theme; only statuses that occur, in their colours."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = words.chart_title("theme", p.programme.id, lang)
    chart.y_axis.title = words.axis_title(lang)
    chart.x_axis.scaling.orientation = "maxMin"  # themes top to bottom, A first
    chart.x_axis.delete = False  # openpyxl 3.1 hides axes unless told otherwise
    chart.y_axis.delete = False
    chart.width, chart.height = 24, 9
    whole_number_axis(chart.y_axis, max((r.total for r in p.rollups if r.dimension == "theme"), default=1))
    for c, status in enumerate(STATUS_ORDER, start=FIRST_STATUS_COLUMN):
        if p.total.count(status) == 0:
            continue
        data = Reference(ws, min_col=c, min_row=header_row, max_row=last_row)
        series = Series(data, title_from_data=True)
        series.graphicalProperties.solidFill = status.fill
        series.graphicalProperties.line.solidFill = "808080"
        chart.series.append(series)
    chart.set_categories(Reference(ws, min_col=1, min_row=header_row + 1, max_row=last_row))
    ws.add_chart(chart, f"A{at_row}")
