"""Staff's texts that have (or lack) a translation, cell by cell, as the translator's loop sees them.

Every column of the schema with translation columns beside it ('Description' and 'Description (fr)')
gives one unit per row and language: where the English is, what it says, which row and code it
belongs to, and the translation the workbook holds. The units are read straight from the workbooks
(openpyxl) so that an import can write the translation back into the very cell.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.inputs import schema
from pipeline.model import TRANSLATED_LANGUAGES

# The columns naming a row, per sheet: the unit's id and the code a translator sees.
ROW_KEYS = {
    "Programmes": ("Programme",),
    "Themes": ("Programme", "Theme"),
    "Activities": ("Programme", "Code"),
    "Log": ("Entry",),
    "Meetings": ("Meeting",),
    "Planned events": ("Programme", "Item"),
}


@dataclass(frozen=True)
class TextUnit:
    """One staff text in one language: its English, its place and its translation ('' when missing)."""

    file: str
    sheet: str
    row: int  # as Excel numbers it
    code: str  # what names the row: 'JWP 2012-2014 B5', 'L05', 'StC38'
    column: str  # the English column: 'Description'
    language: str  # 'fr'
    source: str  # the English text
    target: str  # the translation in the workbook, or ''

    @property
    def id(self) -> str:
        """Stable across row moves: the workbook, sheet, the row's code and the column."""
        return f"{self.file}/{self.sheet}/{self.code}/{self.column}"

    @property
    def target_column(self) -> str:
        return translated_header(self.column, self.language)

    @property
    def place(self) -> str:
        return f"{self.file}, sheet '{self.sheet}', row {self.row} ({self.code}), column '{self.column}'"


def translated_header(header: str, language: str) -> str:
    return f"{header} ({language})"


def translated_columns(sheet: schema.Sheet) -> tuple[str, ...]:
    """The English headers of a sheet that have translation columns ('Description', 'Group' ...)."""
    suffix = f" ({TRANSLATED_LANGUAGES[0]})"
    return tuple(c.header.removesuffix(suffix) for c in sheet.columns if c.header.endswith(suffix))


def _key(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def header_positions(worksheet) -> dict[str, int]:
    """{header as matched (casefolded, blanks collapsed): its 1-based column}."""
    return {_key(c.value): c.column for c in worksheet[1] if c.value is not None and str(c.value).strip()}


def workbook_units(path: Path, workbook: schema.Workbook, languages=TRANSLATED_LANGUAGES) -> list[TextUnit]:
    """Every non-empty English text of the workbook's translated columns, one unit per language."""
    import openpyxl  # here: reading the inputs for a report never needs it (the Dagster code location loads fast)

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [unit for sheet in workbook.sheets if sheet.name in ROW_KEYS
                for unit in _sheet_units(book, workbook.file, sheet, languages)]
    finally:
        book.close()


def _sheet_units(book, file: str, sheet: schema.Sheet, languages) -> list[TextUnit]:
    names = {_key(n): n for n in book.sheetnames}
    if _key(sheet.name) not in names:
        return []
    rows = list(book[names[_key(sheet.name)]].iter_rows(values_only=True))
    if not rows:
        return []
    header = {_key(h): i for i, h in enumerate(rows[0]) if h is not None}
    units = []
    for number, values in enumerate(rows[1:], start=2):
        def cell(name: str) -> str:
            position = header.get(_key(name))
            return _cell_text(values[position]) if position is not None and position < len(values) else ""

        code = " ".join(cell(k) for k in ROW_KEYS[sheet.name] if cell(k))
        if not code:
            continue
        for column in translated_columns(sheet):
            english = cell(column)
            if any(character.isalpha() for character in english):  # '2012-13' reads the same in every language
                units += [TextUnit(file, sheet.name, number, code, column, language, english,
                                   cell(translated_header(column, language))) for language in languages]
    return units


def input_units(folder: Path, languages=TRANSLATED_LANGUAGES) -> list[TextUnit]:
    """The units of every input workbook in the folder (a missing workbook gives none)."""
    return [unit for workbook in schema.WORKBOOKS if (Path(folder) / workbook.file).is_file()
            for unit in workbook_units(Path(folder) / workbook.file, workbook, languages)]
