"""The report workbook's "Input changes" sheet: the rows of the input workbooks added, changed and
removed since the inputs of the meeting's report marked as sent, one row each.

Renders only: the comparison is made before (pipeline/publish/input_changes.changes_since_sent, called
by the Dagster step) and passed in; each sheet's changes have .workbook, .sheet, .added, .changed and
.removed (the rows' keys as staff know them: 'JA 2008-2011 A1', 'L36')."""
from __future__ import annotations

from collections.abc import Iterator

from openpyxl.worksheet.worksheet import Worksheet

from pipeline.excel.cells import Col, write_table_sheet
from pipeline.wording.language import Language
from pipeline.wording.workbook_words import workbook_text

INPUT_CHANGE_COLUMNS = (Col("File"), Col("Sheet"), Col("Change"), Col("Row"), Col("Compared with the report sent"))
ADDED, CHANGED, REMOVED = "row added", "row changed", "row removed"


def write_input_changes(ws: Worksheet, changes, lang: Language) -> None:
    """One row per input row added, changed or removed; `changes` has .report (the sent report's folder)
    and .sheets."""
    write_table_sheet(ws, INPUT_CHANGE_COLUMNS, _rows(changes, lang), lang)


def _rows(changes, lang: Language) -> Iterator[tuple[object, ...]]:
    for sheet in changes.sheets:
        for what, keys in ((ADDED, sheet.added), (CHANGED, sheet.changed), (REMOVED, sheet.removed)):
            for key in keys:
                yield sheet.workbook, sheet.sheet, workbook_text(what, lang), key.rstrip("'"), changes.report
