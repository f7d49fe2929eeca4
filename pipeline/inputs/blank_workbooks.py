"""Write the input workbooks from their declaration in pipeline/inputs/schema.py.

Staff are not programmers: they fill spreadsheets. This module gives them
workbooks that already carry the right sheets and headers, drop-down lists for
the columns with fixed values and an "Instructions" sheet that says what each
column holds, so that the inputs are right the first time. The same writer,
given rows, produces the bundled inputs transcribed from the reference document.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook as XlWorkbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.inputs import schema

INSTRUCTIONS = "Instructions"
DATE_FORMAT = "d mmmm yyyy"
LAST_VALIDATED_ROW = 1000
FORMULA_STARTS = ("=", "+", "-", "@")
LONG_TEXT_KEYS = frozenset({"introduction", "comments", "description", "summary"})
WIDTHS = {"int": 12, "date": 16, "fuzzydate": 16, "bool": 14, "choice": 16, "list": 28, "text": 28, "outcomes": 28,
          "listings": 28}
LONG_TEXT_WIDTH = 70
INSTRUCTION_HEADERS = ("Sheet", "Column", "Required", "What it holds", "Allowed values", "Example")
INSTRUCTION_WIDTHS = (14, 20, 10, 60, 40, 40)
ALLOWED = {
    "text": "text",
    "int": "a whole number",
    "date": "an Excel date",
    "fuzzydate": "an Excel date, or as known: a month ('June 2008') or a year ('2009')",
    "list": "values separated by ';'",
    "outcomes": "'code: outcome' pairs separated by ';'",
    "listings": "'partner: listing' pairs separated by ';'",
}

Rows = dict[str, list[dict[str, object]]]


def write_workbook(path: Path, workbook: schema.Workbook, rows: Rows | None = None) -> Path:
    """Write `workbook` to `path`: its sheets in order (with `rows`, keyed by sheet name), then Instructions."""
    rows = rows or {}
    book = XlWorkbook()
    book.remove(book.active)
    for sheet in workbook.sheets:
        _write_sheet(book.create_sheet(sheet.name), sheet, rows.get(sheet.name, []))
    _write_instructions(book.create_sheet(INSTRUCTIONS), workbook)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_blank_inputs(folder: Path) -> list[Path]:
    """Write every declared workbook, headers only, into `folder`; never overwrite a file."""
    folder = Path(folder)
    targets = [(folder / w.file, w) for w in schema.WORKBOOKS]
    existing = [str(p) for p, _ in targets if p.exists()]
    if existing:
        raise FileExistsError(f"Will not overwrite existing input workbook(s): {', '.join(existing)}")
    folder.mkdir(parents=True, exist_ok=True)
    return [write_workbook(path, w) for path, w in targets]


def _write_sheet(ws: Worksheet, sheet: schema.Sheet, rows: list[dict[str, object]]) -> None:
    _write_header(ws, [c.header for c in sheet.columns])
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(sheet.columns, start=1):
            _set_value(ws.cell(row=r, column=c), row.get(column.key))
            if column.key in LONG_TEXT_KEYS:
                ws.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")
    for c, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = _width(column)
        _add_drop_down(ws, column, c)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{len(rows) + 1}"


def _write_header(ws: Worksheet, headers: list[str]) -> None:
    for c, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=c, value=header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"


def _width(column: schema.Column) -> float:
    base = LONG_TEXT_WIDTH if column.key in LONG_TEXT_KEYS else WIDTHS.get(column.kind, 20)
    return max(base, len(column.header) + 4)


def _choices(column: schema.Column) -> tuple[str, ...]:
    if column.kind == "bool":
        return schema.YES_NO
    return column.choices if column.kind == "choice" else ()


def _add_drop_down(ws: Worksheet, column: schema.Column, index: int) -> None:
    choices = _choices(column)
    if not choices:
        return
    allowed = ", ".join(choices)
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(choices) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Value not allowed",  # Excel allows at most 32 characters
        error=f"Column '{column.header}' accepts only: {allowed}. Pick one from the list.",
        showInputMessage=True,
        promptTitle=column.header[:32],
        prompt=f"One of: {allowed}",
    )
    letter = get_column_letter(index)
    validation.add(f"{letter}2:{letter}{LAST_VALIDATED_ROW}")
    ws.add_data_validation(validation)


def _set_value(cell: Cell, value: object) -> None:
    """Write one value: dates as Excel dates, booleans as yes/no, lists joined, text always as text."""
    if value is None or value == "":
        return
    if isinstance(value, bool):
        value = "yes" if value else "no"
    elif isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, (date, datetime)):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, (int, float)):
        cell.value = value
    else:
        _set_text(cell, str(value))


def _set_text(cell: Cell, text: str) -> None:
    """Store text as a string cell, never a formula, even when it starts like one."""
    cell.value = text
    if text.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def _write_instructions(ws: Worksheet, workbook: schema.Workbook) -> None:
    _write_header(ws, list(INSTRUCTION_HEADERS))
    row = 2
    for sheet in workbook.sheets:
        for column in sheet.columns:
            values = (sheet.name, column.header, "yes" if column.required else "no",
                      column.described, _allowed(column), column.example)
            for c, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=c)
                if value:
                    _set_text(cell, value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
    for c, width in enumerate(INSTRUCTION_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.auto_filter.ref = f"A1:{get_column_letter(len(INSTRUCTION_HEADERS))}{row - 1}"


def _allowed(column: schema.Column) -> str:
    choices = _choices(column)
    if choices:
        return ", ".join(choices)
    return ALLOWED.get(column.kind, column.kind)
