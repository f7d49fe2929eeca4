"""The Excel workbook of a report: the same figures as the Word document, as
tables staff can sort, filter and chart. Renders ReportData only; it reads no
inputs and computes no status."""
from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from openpyxl import Workbook

from pipeline.model import LANGUAGE_TABLE, language_info as info
from pipeline.report_model import ReportData
from pipeline.excel.attention import write_attention
from pipeline.excel.history import write_changes, write_trend
from pipeline.excel.input_changes_sheet import write_input_changes
from pipeline.excel.sheets import (
    has_planned_events, write_activities, write_evidence, write_issues, write_legend, write_planned_events,
    write_species)
from pipeline.excel.streamed import StreamedSheet, save_workbook
from pipeline.excel.summary import document_title, meeting_line, write_summary
from pipeline.wording.language import language
from pipeline.wording.workbook_words import description_line, page_x_of_y, sheet_name

SHEETS = ("Summary", "Attention", "Activities", "Species", "Evidence", "Changes", "Trend", "Data issues", "Legend")
INPUT_CHANGES = "Input changes"  # a sheet only when the inputs changed since the report sent (write_xlsx)
CREATOR = "CMS Secretariat"
# The sheets that are one table and nothing written into its cells afterwards: their rows become cells only
# while the file is written (pipeline/excel/streamed.py), so that 43,000 activities fit in memory. The Summary
# (merged cells, several tables), Data issues (new ones in bold) and the Legend (colours) are written as cells.
STREAMED = frozenset(("Attention", "Activities", "Species", "Evidence", "Planned events", "Changes", "Trend",
                      INPUT_CHANGES))


def write_xlsx(report: ReportData, path: Path, known_issues=None,
               progress: Callable[[int, int], None] | None = None, input_changes=None) -> Path:
    """Write the report workbook to `path` (its folder is created) and return the path.

    `known_issues`: the (place, text) of the data issues of the report marked as sent
    (pipeline/publish/report_choices.known_issues); those are marked known, the others
    new and listed first. None: there is no previous report to compare with.
    `progress(done, total)`, when given, is called after each sheet (in sheets), for a long
    run to say how far it is.
    `input_changes`: the input rows added, changed and removed since the inputs of the meeting's report
    marked as sent (pipeline/publish/input_changes.changes_since_sent); a sheet "Input changes" lists
    them, before the Legend, only when some rows changed.
    """
    lang = language(report.language)
    keys = list(SHEETS)
    book = Workbook()
    book.remove(book.active)
    writers = (
        lambda ws: write_summary(ws, report), lambda ws: write_attention(ws, report),
        lambda ws: write_activities(ws, report), lambda ws: write_species(ws, report),
        lambda ws: write_evidence(ws, report), lambda ws: write_changes(ws, report),
        lambda ws: write_trend(ws, report), lambda ws: write_issues(ws, report.issues, known_issues, lang),
        lambda ws: write_legend(ws, lang),
    )
    if has_planned_events(report):  # only a programme with dated items (D4's events) has this sheet
        keys.insert(SHEETS.index("Evidence") + 1, "Planned events")
        writers = writers[:SHEETS.index("Evidence") + 1] + (lambda ws: write_planned_events(ws, report),) \
            + writers[SHEETS.index("Evidence") + 1:]
    if input_changes is not None and input_changes.sheets:
        keys.insert(len(keys) - 1, INPUT_CHANGES)
        writers = writers[:-1] + (lambda ws: write_input_changes(ws, input_changes, lang),) + writers[-1:]
    for done, (key, write) in enumerate(zip(keys, writers, strict=True), start=1):
        if key in STREAMED:
            ws = StreamedSheet(book, sheet_name(key, lang))
            book._add_sheet(ws)
        else:
            ws = book.create_sheet(sheet_name(key, lang))
        write(ws)
        print_header_footer(ws, report.meeting.symbol, lang)
        if progress is not None:
            progress(done, len(keys))
    if lang.code != "en":
        _dates_in(book, DATE_LOCALES[lang.code])
    _set_properties(book, report)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()       # the zip is made in memory and written in one go: a full disk then fails the
    save_workbook(book, buffer)  # write, not a half-made zip that complains again when it is thrown away
    path.write_bytes(buffer.getbuffer())
    return path


def print_header_footer(ws, symbol: str, lang) -> None:
    """Every printed page as a meeting document's: the symbol on the left of the header and the
    sheet's name on the right; 'Page 3 of 7' in the footer (Excel's &A, &P and &N fields)."""
    ws.oddHeader.left.text = symbol.replace("&", "&&")  # '&' starts a field in Excel's header
    ws.oddHeader.right.text = "&A"
    ws.oddFooter.center.text = page_x_of_y(lang)


# Excel's locale code before a date format: month names in the report's language whatever the reader's Excel.
DATE_LOCALES = {row.code: row.excel_locale for row in LANGUAGE_TABLE if row.excel_locale}


def _dates_in(book: Workbook, locale: str) -> None:
    """Every date cell shows its month in the report's language ('31 août 2011', '31 ago 2011')."""
    for ws in book.worksheets:
        if isinstance(ws, StreamedSheet):  # its header is text; its rows' dates are localised as they are written
            ws.date_locale = locale
            for fmt in ws.date_formats:  # the formats added to the workbook in the order the cells would add them
                if not fmt.startswith("[$"):
                    book._number_formats.add(locale + fmt)
            continue
        for row in ws.iter_rows():
            for cell in row:
                if getattr(cell, "is_date", False) and not cell.number_format.startswith("[$"):
                    cell.number_format = locale + cell.number_format


def _set_properties(book: Workbook, report: ReportData) -> None:
    """Document properties, so the file says what it is in Explorer, Finder and search."""
    props = book.properties
    props.title = document_title(report)
    props.subject = meeting_line(report.meeting, language(report.language))
    if report.language != "en":
        props.language = info(report.language).word_tag
    props.creator = CREATOR
    props.lastModifiedBy = CREATOR
    props.keywords = "; ".join((report.meeting.code, report.meeting.symbol,
                                f"status as of {report.as_of.isoformat()}", "CMS", *report.partners))
    props.description = description_line("/".join(report.partners), report.as_of.isoformat(),
                                         f"{report.generated_at:%Y-%m-%d %H:%M}", language(report.language))
    props.created = _utc_naive(report.generated_at)
    props.modified = props.created


def _utc_naive(moment: datetime) -> datetime:
    """Document properties are stored in UTC without a zone; naive times are taken as UTC."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)
