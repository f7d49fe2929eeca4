"""Read the input workbooks' sheets into tables, fast, with Excel row numbers kept.

python-calamine reads .xlsx without building a cell object per cell; each sheet
becomes a DataFrame of raw values whose index is the row number as Excel shows it,
and whose columns are the schema's keys. Missing files, sheets and required
columns are reported here, all of them, as fatal issues.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook

from pipeline.model import DataIssue
from pipeline.inputs.schema import Sheet, Workbook


def _header_key(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _clean(value: object) -> object:
    """Empty cells become None; text is stripped of surrounding blanks."""
    if _blank(value):
        return None
    if isinstance(value, str):
        return value.strip()
    return value


def read_workbook(folder: Path, workbook: Workbook) -> tuple[dict[str, pd.DataFrame], list[DataIssue]]:
    """Every sheet of one workbook as a DataFrame, and the fatal problems found."""
    path = folder / workbook.file
    if not path.is_file():
        return {}, [DataIssue(workbook.file, "", None, None, "", f"the workbook is missing from {folder}", True)]
    try:
        book = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        expected = f"an Excel workbook (.xlsx) that opens ({exc.__class__.__name__})"
        return {}, [DataIssue(workbook.file, "", None, None, "", expected, True)]
    tables: dict[str, pd.DataFrame] = {}
    issues: list[DataIssue] = []
    for sheet in workbook.sheets:
        table, problems = _read_sheet(book, workbook.file, sheet)
        issues.extend(problems)
        if table is not None:
            tables[sheet.name] = table
    return tables, issues


def _read_sheet(book: CalamineWorkbook, file: str, sheet: Sheet) -> tuple[pd.DataFrame | None, list[DataIssue]]:
    names = {_header_key(n): n for n in book.sheet_names}
    actual = names.get(_header_key(sheet.name))
    if actual is None:
        found = ", ".join(book.sheet_names)
        return None, [DataIssue(file, sheet.name, None, None, found, f"a sheet named '{sheet.name}'", True)]
    rows = book.get_sheet_by_name(actual).to_python(skip_empty_area=False)
    header = [_header_key(h) for h in rows[0]] if rows else []
    missing = [c for c in sheet.required if _header_key(c.header) not in header]
    if missing:
        return None, [
            DataIssue(file, sheet.name, 1, c.header, "", f"a column headed '{c.header}' in row 1 ({c.help})", True)
            for c in missing
        ]
    positions = {c.key: header.index(_header_key(c.header)) for c in sheet.columns if _header_key(c.header) in header}
    records, index = [], []
    for number, row in enumerate(rows[1:], start=2):
        values = {key: _clean(row[pos]) if pos < len(row) else None for key, pos in positions.items()}
        if all(v is None for v in values.values()):
            continue
        records.append(values)
        index.append(number)
    columns = [c.key for c in sheet.columns]
    return pd.DataFrame.from_records(records, index=pd.Index(index, name="row"), columns=columns).astype(object), []
