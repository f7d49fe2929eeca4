"""Read the input workbooks' sheets into tables, fast, with Excel row numbers kept.

python-calamine reads .xlsx without building a cell object per cell; each sheet
becomes a DataFrame of raw values whose index is the row number as Excel shows it,
and whose columns are the schema's keys. Missing files, sheets and required
columns are reported here, all of them, as fatal issues; so are files that are not
workbooks, password-protected workbooks and damaged ones, each with what to do; a
workbook that would unpack past archive_bounds' limits is refused before calamine opens it.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from pipeline.model import DataIssue
from pipeline.inputs.archive_bounds import unpacked_problem
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


OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # an Office 97-2003 file, or an encrypted one
ZIP_MAGIC = b"PK"
SAVE_AS_XLSX = "open it in Excel and save it as .xlsx (File › Save As › Excel Workbook)"
PASSWORD = ("is protected by a password, so it cannot be read; open it in Excel, remove the password "
            "(File › Info › Protect Workbook › Encrypt with Password: clear it) and save it")
DAMAGED = ("is damaged and cannot be read{detail}; open it in Excel and save it again as .xlsx "
           "(if Excel cannot open it either, use a backup copy)")


def _problem(file: str, sheet: str, text: str) -> DataIssue:
    return DataIssue(file, sheet, None, None, "", text, True)


def _detail(error: Exception) -> str:
    """calamine's own words, for whoever repairs the file (e.g. 'unrecognized entity `x`')."""
    text = str(error).strip()
    text = text if len(text) <= 100 else text[:97] + "..."
    return f" (technical detail: {text})" if text else ""


def _open_problem(path: Path, file: str, error: Exception) -> str:
    """Why a workbook cannot be opened, and what to do, in plain words."""
    if isinstance(error, PasswordError):
        return f"{path} {PASSWORD}"
    if isinstance(error, PermissionError):
        return f"{path} cannot be opened: permission denied; check that you may read it and that no other program locks it"
    if isinstance(error, OSError):
        return f"{path} cannot be opened ({error.strerror or error}); check the file and try again"
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        head = b""
    if not head:
        return f"{path} is empty, not an Excel workbook; {SAVE_AS_XLSX}"
    if head.startswith(OLE_MAGIC):
        return (f"{path} is not an Excel workbook (.xlsx) but an older Office file (such as Excel 97-2003 .xls); "
                f"{SAVE_AS_XLSX}")
    if not head.startswith(ZIP_MAGIC):
        return f"{path} is not an Excel workbook; {SAVE_AS_XLSX}"
    if _zip_without_workbook(path):
        return f"{path} is not an Excel workbook (it may be another kind of document renamed .xlsx); {SAVE_AS_XLSX}"
    return f"{path} " + DAMAGED.format(detail=_detail(error))


def _zip_without_workbook(path: Path) -> bool:
    """A whole zip file (a Word document, an OpenDocument file...) that holds no Excel workbook."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" not in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_workbook(folder: Path, workbook: Workbook) -> tuple[dict[str, pd.DataFrame], list[DataIssue]]:
    """Every sheet of one workbook as a DataFrame, and the fatal problems found."""
    path = folder / workbook.file
    if path.is_dir():
        return {}, [_problem(workbook.file, "", f"{path} is a folder, not an Excel workbook; "
                                              f"put the workbook {workbook.file} there instead")]
    if not path.is_file():
        return {}, [_problem(workbook.file, "", f"{workbook.file} is missing from {folder}; put the workbook there "
                                              f"(`stc-report template FOLDER` writes a blank one to start from)")]
    too_large = unpacked_problem(path, kind="Excel workbook")  # before anything unpacks it (a zip bomb)
    if too_large:
        return {}, [_problem(workbook.file, "", too_large)]
    try:
        book = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        return {}, [_problem(workbook.file, "", _open_problem(path, workbook.file, exc))]
    tables: dict[str, pd.DataFrame] = {}
    issues: list[DataIssue] = []
    for sheet in workbook.sheets:
        try:
            table, problems = _read_sheet(book, workbook.file, sheet)
        except (CalamineError, ValueError) as exc:  # the sheet's own XML is damaged
            table, problems = None, [_problem(workbook.file, sheet.name, "the sheet " + DAMAGED.format(detail=_detail(exc)))]
        issues.extend(problems)
        if table is not None:
            tables[sheet.name] = table
    return tables, issues


def _read_sheet(book: CalamineWorkbook, file: str, sheet: Sheet) -> tuple[pd.DataFrame | None, list[DataIssue]]:
    names = {_header_key(n): n for n in book.sheet_names}
    actual = names.get(_header_key(sheet.name))
    if actual is None and sheet.optional:
        return _empty(sheet), []
    if actual is None:
        found = ", ".join(book.sheet_names)
        return None, [DataIssue(file, sheet.name, None, None, found,
                                f"there is no sheet named '{sheet.name}' (the workbook has: {found or 'no sheets'}); "
                                f"rename the sheet that holds it to '{sheet.name}', or add it", True)]
    rows = book.get_sheet_by_name(actual).to_python(skip_empty_area=False)
    header = [_header_key(h) for h in rows[0]] if rows else []
    missing = [c for c in sheet.required if _header_key(c.header) not in header]
    if missing:
        return None, [
            DataIssue(file, sheet.name, 1, c.header, "",
                      f"there is no column headed '{c.header}' in row 1 (the headers); add it: {c.help}", True)
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


def _empty(sheet: Sheet) -> pd.DataFrame:
    """An optional sheet the workbook does not have: no rows."""
    return pd.DataFrame(columns=[c.key for c in sheet.columns], index=pd.Index([], name="row")).astype(object)
