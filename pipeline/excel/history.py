"""The history sheets of the report workbook: Changes (since the previous meeting
and since the previous month, one row per activity that moved) and Trend (status
counts per month's end, per programme in total and per theme, with a chart)."""
from __future__ import annotations

from collections.abc import Iterator

from openpyxl.chart import BarChart, Reference, Series
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.wording.markup import plain_text
from pipeline.history.changes import Changes
from pipeline.wording.change_sentences import headline, no_previous_meeting_sentence
from pipeline.report_model import ReportData
from pipeline.status.vocabulary import STATUS_ORDER
from pipeline.history.trend import TrendRow
from pipeline.excel.cells import (
    DATE, MONTH, NUMBER, PERCENT, STATUS, WRAP_TEXT, Col, whole_number_axis, write_table_sheet)
from pipeline.excel.sheets import programmes
from pipeline.wording.language import ENGLISH, Language, language
from pipeline.wording.workbook_words import axis_title, chart_title, workbook_text

CHANGE_COLUMNS = (
    Col("Compared"), Col("From", DATE), Col("To", DATE), Col("Change"), Col("Programme"), Col("Code"),
    Col("Theme"), Col("Description", WRAP_TEXT), Col("Status before", STATUS), Col("Status after", STATUS),
    Col("Evidence added", WRAP_TEXT), Col("Earlier status from"),
)
SINCE_MEETING, SINCE_DATE, SINCE_MONTH = "Since the previous meeting", "Since a chosen date", "Since the previous month"
NO_CHANGE = "No change"
NO_PREVIOUS_MEETING = "No previous meeting"
EARLIER_FROM = {"computed": "recomputed from the inputs", "stored snapshot": "stored monthly snapshot"}

ALL_THEMES = "All themes"
TREND_COLUMNS = (
    Col("Programme"), Col("Theme"), Col("Month", MONTH), Col("Status as of", DATE), Col("Source"),
    Col("Activities", NUMBER),
) + tuple(Col(s.value, NUMBER) for s in STATUS_ORDER) + (Col("% completed", PERCENT), Col("% on schedule", PERCENT))
FIRST_TREND_STATUS_COLUMN = 7
NO_TREND = "No months to show"
CHART_HEIGHT_ROWS = 22


# ---------------------------------------------------------------- Changes


def write_changes(ws: Worksheet, report: ReportData) -> None:
    """One row per activity that moved, for each comparison; a plain row when nothing moved."""
    lang = language(report.language)
    write_table_sheet(ws, CHANGE_COLUMNS, _change_rows(report, lang), lang)


def _change_rows(report: ReportData, lang: Language = ENGLISH) -> Iterator[tuple[object, ...]]:
    words = lambda text: workbook_text(text, lang)  # noqa: E731
    since_meeting = report.changes_since_meeting
    if since_meeting is None:
        yield (words(SINCE_MEETING), None, report.as_of, words(NO_PREVIOUS_MEETING), "", "", "",
               no_previous_meeting_sentence(report.meeting.code, lang))
    else:
        yield from _rows_of(words(SINCE_MEETING if report.previous_meeting else SINCE_DATE), since_meeting, lang)
    if report.changes_since_month is not None:
        yield from _rows_of(words(SINCE_MONTH), report.changes_since_month, lang)


def _rows_of(compared: str, changes: Changes, lang: Language = ENGLISH) -> Iterator[tuple[object, ...]]:
    source = workbook_text(EARLIER_FROM.get(changes.before_source, changes.before_source), lang)
    if not changes.changes:
        yield (compared, changes.since, changes.as_of, workbook_text(NO_CHANGE, lang), "", "", "",
               headline(changes, lang), None, None, "", source)
        return
    for c in changes.changes:
        evidence = "\n".join(e.label for e in c.evidence_added)
        yield (compared, changes.since, changes.as_of, workbook_text(c.kind.value, lang), c.programme_id, c.code,
               c.theme, plain_text(c.description), c.before, c.after, evidence, source)


# ---------------------------------------------------------------- Trend


def write_trend(ws: Worksheet, report: ReportData) -> None:
    """Month rows by status columns, per programme in total and per theme, and a chart per programme."""
    lang = language(report.language)
    titles = {(p.programme.id, t.code): t.title for p in programmes(report) for t in p.themes}
    rows = [_trend_row(r, titles, lang) for r in report.trend]
    last = write_table_sheet(ws, TREND_COLUMNS, rows or [(workbook_text(NO_TREND, lang),)], lang)
    ws.print_area = f"A1:{get_column_letter(len(TREND_COLUMNS))}{last}"  # the charts are for the screen
    at_row = 1
    for programme_id in dict.fromkeys(r.programme_id for r in report.trend):
        totals = [i for i, r in enumerate(report.trend, start=2) if r.programme_id == programme_id and r.is_total]
        if totals and totals == list(range(totals[0], totals[-1] + 1)):
            _add_trend_chart(ws, report.trend, programme_id, totals[0], totals[-1], at_row, lang)
            at_row += CHART_HEIGHT_ROWS


def _trend_row(r: TrendRow, titles: dict[tuple[str, str], str], lang: Language = ENGLISH) -> tuple[object, ...]:
    if r.is_total:
        theme = workbook_text(ALL_THEMES, lang)
    else:
        title = titles.get((r.programme_id, r.theme), "")
        theme = f"({r.theme}) {title}" if title else r.theme
    counts = tuple(r.count(s) for s in STATUS_ORDER)
    return (r.programme_id, theme, r.as_of, r.as_of, workbook_text(r.source, lang), r.total) + counts + (
        r.share_completed, r.share_on_schedule)


def _add_trend_chart(ws: Worksheet, trend: tuple[TrendRow, ...], programme_id: str,
                     first: int, last: int, at_row: int, lang: Language = ENGLISH) -> None:
    """A native stacked column chart of the programme's totals, month by month, in the status colours."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 30
    chart.title = chart_title("month", programme_id, lang)
    chart.y_axis.title = axis_title(lang)
    chart.x_axis.number_format = "mmm yyyy"
    chart.x_axis.delete = False  # openpyxl 3.1 hides axes unless told otherwise
    chart.y_axis.delete = False
    chart.width, chart.height = 26, 10
    rows = [r for r in trend if r.programme_id == programme_id and r.is_total]
    whole_number_axis(chart.y_axis, max((r.total for r in rows), default=1))
    for c, status in enumerate(STATUS_ORDER, start=FIRST_TREND_STATUS_COLUMN):
        if not any(r.count(status) for r in rows):
            continue
        series = Series(Reference(ws, min_col=c, min_row=first, max_row=last),
                        title=workbook_text(status.value, lang))
        series.graphicalProperties.solidFill = status.fill
        series.graphicalProperties.line.solidFill = "808080"
        chart.series.append(series)
    chart.set_categories(Reference(ws, min_col=3, min_row=first, max_row=last))
    ws.add_chart(chart, f"{get_column_letter(len(TREND_COLUMNS) + 2)}{at_row + 1}")
