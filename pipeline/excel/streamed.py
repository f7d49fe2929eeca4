"""Table sheets whose rows become cells only while the file is written.

openpyxl's normal mode holds every cell of a workbook until it is saved: at 1000 times the
bundled inputs (43,000 activities, 35,000 log rows) that is about 1.5 million styled cells and
several hundred megabytes, the largest memory of a run. Its write-only mode streams rows but
cannot do what the report's sheets need after their rows (column widths from the content, row
heights, merged cells, a later font or fill on a cell), and a workbook is either all write-only
or not at all.

A `StreamedSheet` is a normal worksheet whose table rows (`stream_table`) are kept as the row
values only. Writing them is done twice, each time one cell at a time with the same helper
(`cells.put_value`): once when the sheet is made, to size the columns and to register every
style in the workbook in the order the normal mode does, and once while the file is written
(`save_workbook`), where each cell is made, written and dropped. The file is the same, byte for
byte, as the one the normal mode writes (tests/excel/test_streamed_sheets.py).
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Sequence
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter


class StreamedSheet(Worksheet):
    """A worksheet whose rows below its header are values until the workbook is saved."""

    def __init__(self, parent, title=None):
        super().__init__(parent, title)
        self._table = None  # (first row, columns, rows, language, put_value) once stream_table is called
        self._last_row = 0
        self.date_locale = ""  # Excel's locale code put before every date format (cells' own, see workbook._dates_in)
        self.date_formats: list[str] = []  # the date cells' formats, first seen first
        self.row_lines = None  # (points per line, [(column, width)] of the wrapped columns, lines(text, width))

    def stream_table(self, first_row: int, columns: Sequence, rows: Iterable[Sequence[object]], lang,
                     put_value) -> tuple[int, dict[int, list[object]]]:
        """Keep `rows` (from `first_row` down) and make each cell once with `put_value(cell, value, kind,
        lang)`, as writing them into the sheet would, so that the workbook's styles are added in the same
        order; return the last row (first_row - 1 if none) and each column's values as stored (for widths)."""
        kept = [tuple(values) for values in rows]
        self._table = (first_row, tuple(columns), kept, lang, put_value)
        values: dict[int, list[object]] = {c: [] for c in range(1, len(columns) + 1)}
        seen: dict[str, None] = {}
        for values_of_row in kept:
            for c, (col, value) in enumerate(zip(columns, values_of_row), start=1):
                cell = put_value(Cell(self), value, col.kind, lang)
                values[c].append(cell._value)
                if cell.is_date:
                    seen.setdefault(cell.number_format)
        self.date_formats = list(seen)
        self._last_row = first_row + len(kept) - 1
        return self._last_row, values

    def stream_rows(self) -> Iterator[tuple[int, list[Cell], float | None]]:
        """The table's rows as cells, each row made when asked for, with its height (None: the default)."""
        if self._table is None:
            return
        first_row, columns, kept, lang, put_value = self._table
        line_height, wrapped, lines_of = self.row_lines or (0, (), None)
        for r, values_of_row in enumerate(kept, start=first_row):
            cells = []
            for c, (col, value) in enumerate(zip(columns, values_of_row), start=1):
                cell = put_value(Cell(self, row=r, column=c), value, col.kind, lang)
                if self.date_locale and cell.is_date and not cell.number_format.startswith("[$"):
                    cell.number_format = self.date_locale + cell.number_format
                cells.append(cell)
            height = None
            if wrapped:
                lines = max(lines_of(str(cells[c - 1]._value or "") if c <= len(cells) else "", width)
                            for c, width in wrapped)
                if lines > 1:
                    height = line_height * lines + 2
            yield r, cells, height

    @property
    def max_row(self) -> int:
        return max(super().max_row, self._last_row)

    def calculate_dimension(self) -> str:
        if not self._cells and not self._last_row:
            return super().calculate_dimension()
        return f"{get_column_letter(self.min_column)}{self.min_row}:{get_column_letter(self.max_column)}{self.max_row}"


class _StreamedSheetWriter(WorksheetWriter):
    """openpyxl's sheet writer, with a StreamedSheet's table rows made one at a time after its own cells."""

    def write_rows(self):
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            for row_idx, row in self.rows():  # the header (and any cell written in the normal way)
                self.write_row(xf, row, row_idx)
            dims = self.ws.row_dimensions
            for row_idx, cells, height in self.ws.stream_rows():
                if height is not None:
                    dims[row_idx].height = height
                self.write_row(xf, cells, row_idx)
                if height is not None:
                    del dims[row_idx]
        self.xf.send(None)


class _Writer(ExcelWriter):
    def write_worksheet(self, ws):
        if not isinstance(ws, StreamedSheet):
            return super().write_worksheet(ws)
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _StreamedSheetWriter(ws)
        writer.write()
        ws._rels = writer._rels
        self._archive.write(writer.out, ws.path[1:])
        self.manifest.append(ws)
        writer.cleanup()


from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing  # noqa: E402  (as openpyxl's writer has it)


def save_workbook(book, target) -> None:
    """openpyxl's `Workbook.save(target)`, writing StreamedSheets' rows as they are made."""
    archive = ZipFile(target, "w", ZIP_DEFLATED, allowZip64=True)
    book.properties.modified = _dt.datetime.now(tz=_dt.timezone.utc).replace(tzinfo=None)
    _Writer(book, archive).save()
