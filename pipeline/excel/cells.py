"""Cell and table helpers for the Excel workbook of a report.

Every value from the inputs goes through `put_value`, so text is always stored
as text (never a formula), dates are real Excel dates, and each table sheet gets
the same reader-friendly finish: bold frozen header, filter, widths, print setup.
"""
from __future__ import annotations

import math
import weakref
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Callable, Collection, Iterable, Sequence

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.excel.streamed import StreamedSheet
from pipeline.model import FuzzyDate
from pipeline.status.vocabulary import Status
from pipeline.wording.language import ENGLISH, Language
from pipeline.wording.sentences import status_name
from pipeline.wording.workbook_words import workbook_text

# One date style across workbook and document: '31 August 2011', 'November 2008'.
DATE_FORMAT = "d mmmm yyyy"
DATETIME_FORMAT = "d mmmm yyyy hh:mm"
MONTH_FORMAT = "mmmm yyyy"
YEAR_FORMAT = "yyyy"
PERCENT_FORMAT = "0%"
FORMULA_STARTS = ("=", "+", "-", "@")
MAX_WIDTH = 50
WRAP_WIDTH = 60
MIN_WIDTH = 8
DATE_WIDTH = 18  # '30 September 2011'
LINE_HEIGHT = 15  # points per line of 11 pt text
TOP = Alignment(vertical="top")
WRAP = Alignment(wrap_text=True, vertical="top")

# Column kinds: how a value is written and how wide its column is.
TEXT, WRAP_TEXT, DATE, NUMBER, PERCENT, YES_NO, STATUS, FUZZY, MONTH = (
    "text", "wrap", "date", "number", "percent", "yesno", "status", "fuzzy", "month")


@dataclass(frozen=True)
class Col:
    """One column of a table: its header and the kind of value it holds."""

    header: str
    kind: str = TEXT
    width: int = 0  # the widest the column may be, in characters (longer text wraps); 0: the kind's cap


def put_text(cell: Cell, text: object) -> Cell:
    """Store text as a string cell, never a formula, even if it starts like one.

    Characters Excel cannot hold (control characters) are dropped rather than
    making the whole workbook fail to save.
    """
    if text is None or text == "":
        return cell
    if isinstance(text, Enum):
        text = text.value
    value = ILLEGAL_CHARACTERS_RE.sub("", str(text))
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True  # keeps it text even when a reader edits the cell
    return cell


def put_date(cell: Cell, value: date | datetime | None) -> Cell:
    """Write a real Excel date (or date-time) with the report's date format."""
    if value is None:
        return cell
    if isinstance(value, datetime):
        cell.value = value.replace(tzinfo=None)  # Excel has no time zones
        cell.number_format = DATETIME_FORMAT
    else:
        cell.value = value
        cell.number_format = DATE_FORMAT
    return cell


def put_fuzzy(cell: Cell, value: FuzzyDate | None) -> Cell:
    """A real date, so that the column sorts: its first day, shown at its precision ('2 April
    2009', 'November 2008', '2009'); the precision itself is in a column of its own."""
    if value is None:
        return cell
    put_date(cell, value.earliest)
    if value.precision == "month":
        cell.number_format = MONTH_FORMAT
    elif value.precision != "day":
        cell.number_format = YEAR_FORMAT
    return cell


def put_status(cell: Cell, status: Status | None, lang: Language = ENGLISH) -> Cell:
    """Write the status name (in the report's language) on its colour, as the Word report shows it."""
    if status is None:
        return cell
    put_text(cell, status_name(status, lang))
    _set_style(cell, "_fills", "fillId", ("solid", status.fill), lambda: solid_fill(status.fill))
    return cell


# Per workbook: (collection, token) -> the index of a style in the workbook's collection.
_STYLE_INDEXES: "weakref.WeakKeyDictionary[object, dict[tuple, int]]" = weakref.WeakKeyDictionary()
_LAST_BOOK: list = [None, None]  # (a weak reference to the workbook written last, its indexes)


def _set_style(cell: Cell, collection: str, key: str, token: tuple, make: Callable[[], object]) -> None:
    """`cell.fill = …` / `cell.alignment = …` as openpyxl's StyleDescriptor does it (the style's index
    in the workbook's collection, on the cell's style array), with that index found once per workbook:
    openpyxl hashes the whole style object on every assignment, hundreds of thousands of times."""
    book = cell.parent.parent
    indexes = _LAST_BOOK[1] if _LAST_BOOK[0] is not None and _LAST_BOOK[0]() is book else None
    if indexes is None:
        indexes = _STYLE_INDEXES.setdefault(book, {})
        _LAST_BOOK[:] = [weakref.ref(book), indexes]
    index = indexes.get((collection, token))
    if index is None:
        index = indexes[(collection, token)] = getattr(book, collection).add(make())
    if not cell._style:
        cell._style = StyleArray()
    setattr(cell._style, key, index)


def put_value(cell: Cell, value: object, kind: str = TEXT, lang: Language = ENGLISH) -> Cell:
    """Write `value` as its column kind says; the single entry point for table cells."""
    if kind == DATE:
        put_date(cell, value)  # type: ignore[arg-type]
    elif kind == MONTH:
        if put_date(cell, value).value is not None:  # type: ignore[arg-type]
            cell.number_format = MONTH_FORMAT
    elif kind == FUZZY:
        put_fuzzy(cell, value)  # type: ignore[arg-type]
    elif kind == STATUS:
        put_status(cell, value, lang)  # type: ignore[arg-type]
    elif kind in (NUMBER, PERCENT):
        if value is not None:
            cell.value = value
            if kind == PERCENT:
                cell.number_format = PERCENT_FORMAT
    elif kind == YES_NO:
        put_text(cell, workbook_text("yes" if value else "no", lang))
    else:
        put_text(cell, value)
    if kind == WRAP_TEXT:  # cell.alignment = WRAP
        _set_style(cell, "_alignments", "alignmentId", ("wrap",), lambda: WRAP)
    else:  # cell.alignment = TOP
        _set_style(cell, "_alignments", "alignmentId", ("top",), lambda: TOP)
    return cell


def solid_fill(rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


def write_header(ws: Worksheet, row: int, columns: Sequence[Col], lang: Language = ENGLISH) -> None:
    """A bold, wrapped header row (in the report's language)."""
    for c, col in enumerate(columns, start=1):
        cell = put_text(ws.cell(row=row, column=c), workbook_text(col.header, lang))
        cell.font = Font(bold=True)
        cell.alignment = WRAP


def write_rows(ws: Worksheet, first_row: int, columns: Sequence[Col],
               rows: Iterable[Sequence[object]], lang: Language = ENGLISH) -> int:
    """Write `rows` from `first_row` down; return the last row written (first_row - 1 if none)."""
    r = first_row - 1
    for r, values in enumerate(rows, start=first_row):
        for c, (col, value) in enumerate(zip(columns, values), start=1):
            put_value(ws.cell(row=r, column=c), value, col.kind, lang)
    return r


def write_table_sheet(ws: Worksheet, columns: Sequence[Col],
                      rows: Iterable[Sequence[object]], lang: Language = ENGLISH) -> int:
    """A whole sheet holding one table: header on row 1, rows, and the common finish.

    On a StreamedSheet (pipeline/excel/streamed.py) the rows are kept as values and become cells
    only while the workbook is written; the sheet written is the same."""
    write_header(ws, 1, columns, lang)
    if isinstance(ws, StreamedSheet):
        last, values = ws.stream_table(2, columns, rows, lang, put_value)
        last = max(last, 1)
    else:
        last = max(write_rows(ws, 2, columns, rows, lang), 1)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    if isinstance(ws, StreamedSheet):
        header_row = [ws.cell(row=1, column=c).value for c in range(1, len(columns) + 1)]
        _set_widths(ws, columns, [[h, *values[c]] for c, h in enumerate(header_row, start=1)], lang)
        fit_header_height(ws, 1, columns, lang)
        ws.row_lines = (LINE_HEIGHT, _wrapped_widths(ws, columns), _lines)
    else:
        fit_widths(ws, columns, first_row=1, lang=lang)
        fit_header_height(ws, 1, columns, lang)
        fit_row_heights(ws, columns, first_row=2)
    set_print(ws, "1:1")
    return last


def fit_widths(ws: Worksheet, columns: Sequence[Col], first_row: int = 1,
               skip_rows: Collection[int] = (), lang: Language = ENGLISH) -> None:
    """Size columns to their content from `first_row` down, capped (long text then wraps).

    Header cells do not widen a column: a header wraps onto a second line instead.
    """
    _set_widths(ws, columns, [[ws.cell(row=r, column=c).value
                               for r in range(first_row, ws.max_row + 1) if r not in skip_rows]
                              for c in range(1, len(columns) + 1)], lang)


def _set_widths(ws: Worksheet, columns: Sequence[Col], column_values: Sequence[Iterable[object]],
                lang: Language = ENGLISH) -> None:
    """Each column as wide as its longest value (`column_values`: the values of each column, in order)."""
    for c, (col, values) in enumerate(zip(columns, column_values), start=1):
        cap = col.width or (WRAP_WIDTH if col.kind == WRAP_TEXT else MAX_WIDTH)
        header = workbook_text(col.header, lang)
        longest = max((_shown_length(v) for v in values if v != header), default=0)
        word = max((len(w) for w in header.split()), default=0)
        width = min(cap, max(MIN_WIDTH, longest + 2, word + 3))
        ws.column_dimensions[get_column_letter(c)].width = width


def fit_header_height(ws: Worksheet, row: int, columns: Sequence[Col], lang: Language = ENGLISH) -> None:
    """Give a wrapped header row room for its longest header (viewers do not all grow it)."""
    lines = max(_lines(workbook_text(col.header, lang), ws.column_dimensions[get_column_letter(c)].width or MIN_WIDTH)
                for c, col in enumerate(columns, start=1))
    ws.row_dimensions[row].height = LINE_HEIGHT * lines + 2


def fit_row_heights(ws: Worksheet, columns: Sequence[Col], first_row: int, skip_rows: Collection[int] = ()) -> None:
    """Give rows with wrapped long text their height: not every viewer computes it on opening."""
    wrapped = _wrapped_widths(ws, columns)
    if not wrapped:
        return
    for r in range(first_row, ws.max_row + 1):
        if r in skip_rows:
            continue
        lines = max(_lines(str(ws.cell(row=r, column=c).value or ""), width) for c, width in wrapped)
        if lines > 1:
            ws.row_dimensions[r].height = LINE_HEIGHT * lines + 2


def _wrapped_widths(ws: Worksheet, columns: Sequence[Col]) -> list[tuple[int, float]]:
    """(column, width) of the columns whose text wraps."""
    return [(c, ws.column_dimensions[get_column_letter(c)].width or WRAP_WIDTH)
            for c, col in enumerate(columns, start=1) if col.kind == WRAP_TEXT]


def _lines(text: str, width: float) -> int:
    """How many lines `text` takes wrapped by words at `width` characters (an estimate)."""
    return sum(_paragraph_lines(p, width) for p in text.split("\n")) or 1


def _paragraph_lines(text: str, width: float) -> int:
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > width - 1:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines


def _shown_length(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, (date, datetime)):
        return DATE_WIDTH
    if isinstance(value, float):
        return 6
    return len(str(value))


def whole_number_axis(axis, largest: int) -> None:
    """A value axis counting whole activities: from 0, in whole steps (never 0.5 of an activity)."""
    axis.scaling.min = 0
    axis.majorUnit = max(1, math.ceil(largest / 8))
    axis.number_format = "0"  # sourceLinked false: the axis' own format, not the cells'


PAGE_CHARS = 190  # column widths (in characters) one A4 landscape page holds at about 70 % scale, still legible
TITLE_COLUMNS = 2  # columns repeated on each page of a sheet printed more than one page wide


def printed_width(ws: Worksheet) -> float:
    """The sheet's used columns' widths added up, in Excel's character units."""
    return sum(ws.column_dimensions[get_column_letter(c)].width or MIN_WIDTH for c in range(1, ws.max_column + 1))


def pages_wide(ws: Worksheet) -> int:
    """How many A4 landscape pages the sheet is printed across: one, unless that would shrink it unreadably."""
    return max(1, math.ceil(printed_width(ws) / PAGE_CHARS))


def set_print(ws: Worksheet, title_rows: str | None, one_page_wide: bool = False, grid: bool = True) -> None:
    """A4 landscape, the header repeated on every printed page, narrow margins, fit to one page wide
    when it stays legible; a wider sheet is printed across as many pages as it needs, each page
    repeating the first columns (the record's identity) and a row's pages following each other."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    wide = 1 if one_page_wide else pages_wide(ws)
    ws.page_setup.fitToWidth = wide
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if wide > 1:
        ws.page_setup.pageOrder = "overThenDown"
        ws.print_title_cols = f"A:{get_column_letter(TITLE_COLUMNS)}"
    ws.print_options.gridLines = grid  # a table's rows stay easy to follow on paper
    if title_rows:
        ws.print_title_rows = title_rows
