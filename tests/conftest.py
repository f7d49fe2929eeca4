"""Shared fixtures: a private copy of the bundled inputs that a test may break."""
from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

PROJECT = Path(__file__).resolve().parent.parent
BUNDLED_INPUTS = PROJECT / "inputs"


@pytest.fixture
def inputs_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    shutil.copytree(BUNDLED_INPUTS, folder)
    return folder


def edit_sheet(folder: Path, file: str, sheet: str, edit) -> None:
    """Open one sheet of a workbook in the folder, let `edit(ws)` change it, save."""
    path = folder / file
    book = openpyxl.load_workbook(path)
    edit(book[sheet])
    book.save(path)


def header_column(ws, header: str) -> int:
    for cell in ws[1]:
        if cell.value == header:
            return cell.column
    raise KeyError(header)


def set_cell(folder: Path, file: str, sheet: str, row: int, header: str, value) -> None:
    def edit(ws):
        ws.cell(row, header_column(ws, header)).value = value

    edit_sheet(folder, file, sheet, edit)


def find_row(folder: Path, file: str, sheet: str, header: str, value) -> int:
    ws = openpyxl.load_workbook(folder / file, read_only=True)[sheet]
    col = None
    for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if number == 1:
            col = list(row).index(header)
            continue
        if row[col] == value:
            return number
    raise KeyError(value)
