"""A work programme read from Word, written as rows of programmes.xlsx, marked for review.

`import_programme` is the one entry point (the command line's `import-programme` and the
staff page call it): it reads the .docx (pipeline/inputs/word_programme.py), works out the
programme's years, and either writes a new workbook in programmes.xlsx's format
(Programmes, Themes, Activities, an empty Species sheet, Instructions, and a first sheet
"Imported" saying where the rows come from and that they must be checked), or adds the
rows to the programmes.xlsx of an inputs folder, or both. It never overwrites a file, never
touches an existing programme's rows and refuses a programme id already there. Every
refusal is an ImportRefused (a WordProgrammeError) whose message names the file and what
to do; `summary_lines` words what was read, for the person who must check it.
"""
from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook as XlWorkbook
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font

from pipeline.inputs import schema
from pipeline.inputs.archive_bounds import unpacked_problem
from pipeline.inputs.blank_workbooks import (
    INSTRUCTIONS,
    LONG_TEXT_KEYS,
    Rows,
    _set_value,
    _write_instructions,
    _write_sheet,
)
from pipeline.inputs.word_programme import ImportedProgramme, WordProgrammeError, partner_in, read_word_programme

PROGRAMMES_FILE = "programmes.xlsx"
REVIEW_SHEET = "Imported"
FUNDING_PHRASE = "subject to external funding"
FIRST_YEAR, LAST_YEAR = 1970, 2100
YEAR_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*(?:[-–—/]|to)\s*((?:19|20)?\d\d)\b")
YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


class ImportRefused(WordProgrammeError):
    """The rows cannot be written where asked (a file there, a programme already there)."""


@dataclass
class ImportResult:
    programme: ImportedProgramme
    programme_id: str
    title: str
    first_year: int
    last_year: int
    years_from: str  # where the years were found: "--years", "the programme id", "the title", "the timeframes"
    rows: Rows
    written: Path | None = None  # the new workbook
    added_to: Path | None = None  # the programmes.xlsx the rows were added to


# ------------------------------------------------------------------ years

def years_in(text: str) -> list[int]:
    """The plausible years a text names: '2012-14' gives 2012 and 2014; '2012 – 2013', 2012 and 2013."""
    found: list[int] = []
    for m in YEAR_SPAN.finditer(text or ""):
        first, last = int(m.group(1)), m.group(2)
        found += [first, int(last) if len(last) == 4 else first // 100 * 100 + int(last)]
    found += [int(y) for y in YEAR.findall(text or "")]
    return [y for y in found if FIRST_YEAR <= y <= LAST_YEAR]


def parse_years(text: str) -> tuple[int, int]:
    """'2015-2017' (or '2015-17', '2015') as (first, last); ValueError with a plain reason."""
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–/]\s*(\d{2}|\d{4}))?\s*", text or "")
    if not m:
        raise ValueError(f"'{text}' is not a period of years; expected e.g. 2015-2017")
    first = int(m.group(1))
    last = m.group(2) or m.group(1)
    last_year = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
    if not (FIRST_YEAR <= first <= last_year <= LAST_YEAR):
        raise ValueError(f"'{text}' is not a period of years from {FIRST_YEAR} to {LAST_YEAR}, first year first")
    return first, last_year


def programme_years(programme_id: str, title: str, timeframes: list[str]) -> tuple[int, int, str] | None:
    """The programme's first and last year from its id, else its title, else the span of its timeframes."""
    for text, source in ((programme_id, "the programme id"), (title, "the title")):
        spans = [m for m in YEAR_SPAN.finditer(text or "")]
        years = years_in(spans[0].group(0)) if spans else years_in(text)
        if years:
            return min(years), max(years), source
    years = [y for t in timeframes for y in years_in(t)]
    if years:
        return min(years), max(years), "the timeframes"
    return None


# ------------------------------------------------------------------ rows

def programme_rows(programme: ImportedProgramme, programme_id: str, title: str, first_year: int, last_year: int,
                   imported_on: date) -> Rows:
    """The programme's rows for the Programmes, Themes and Activities sheets, each activity marked for review."""
    activities = []
    for a in programme.activities:
        says_funding = FUNDING_PHRASE in a.description.casefold()
        funding = True if says_funding else a.external_funding
        mark = (f"Imported from {programme.file} (table {a.table}, row {a.row}) on {imported_on.isoformat()}: "
                f"check it against the document, then clear this note.")
        activities.append({
            "programme_id": programme_id, "code": a.code, "theme_code": a.theme, "number": a.number,
            "group": a.group, "description": a.description, "timeframe": a.timeframe, "lead": a.lead,
            "external_funding": funding, "comments": f"{mark}\n{a.comments}" if a.comments else mark,
        })
    return {
        "Programmes": [{"id": programme_id, "title": title, "start_year": first_year, "end_year": last_year,
                        "introduction": programme.introduction, "partner": programme.partner}],
        "Themes": [{"programme_id": programme_id, "code": t.code, "title": t.title, "introduction": t.introduction}
                   for t in programme.themes],
        "Activities": activities,
        "Species": [],
    }


def review_lines(result: ImportResult, imported_on: date) -> list[str]:
    """The 'Imported' sheet: where the rows come from, that they must be checked, and what was not placed."""
    p = result.programme
    lines = [
        f"Programme '{result.programme_id}' was imported from the Word document {p.file} on "
        f"{imported_on.isoformat()} by `stc-report import-programme`.",
        "Check every row against the document before a report uses it: themes and their introductions, "
        "groups, codes, descriptions (one line per paragraph; list items as lines of their own) and timeframes.",
        f"The years {result.first_year}-{result.last_year} were taken from {result.years_from}.",
        f"The partner convention is {p.partner} ({_partner_from(p)}); an activity's Lead is read as CMS, "
        f"{p.partner} or Joint.",
        "Lead, Species and External funding are filled in only where the document's table has such a column "
        "(External funding also where a description says 'subject to external funding'): complete them.",
        "Each activity's Comments cell says where it was read; clear it once the row is checked.",
    ]
    if p.unplaced:
        lines.append(f"{len(p.unplaced)} piece(s) of text could not be placed; add them by hand where they belong:")
        lines += [f"{u.place}: {u.text} ({u.reason})" for u in p.unplaced]
    else:
        lines.append("Every row of the tables was placed.")
    lines += [f"Note: {n}" for n in p.notes]
    return lines


# ------------------------------------------------------------------ writing

def write_programme_workbook(path: Path, rows: Rows, review: list[str]) -> Path:
    """A new workbook in programmes.xlsx's format holding `rows`, with the review sheet first; never overwrites."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ImportRefused(f"Nothing written: {path} must be an .xlsx file name (e.g. JWP-2015-2017.xlsx).")
    if path.exists():
        raise ImportRefused(f"Nothing written: {path} already exists and is never overwritten; "
                            f"choose another file name with --output, or move the existing file away.")
    workbook = schema.workbook(PROGRAMMES_FILE)
    book = XlWorkbook()
    book.remove(book.active)
    _write_review(book.create_sheet(REVIEW_SHEET), review)
    for sheet in workbook.sheets:
        _write_sheet(book.create_sheet(sheet.name), sheet, rows.get(sheet.name, []))
    _write_instructions(book.create_sheet(INSTRUCTIONS), workbook)
    buffer = io.BytesIO()
    book.save(buffer)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as handle:  # exclusive: a file that appeared meanwhile is not overwritten
            try:
                handle.write(buffer.getvalue())
            except OSError:
                handle.close()
                path.unlink(missing_ok=True)
                raise
    except FileExistsError:
        raise ImportRefused(f"Nothing written: {path} already exists and is never overwritten; "
                            f"choose another file name with --output.") from None
    except OSError as error:
        raise ImportRefused(f"Nothing written: {path} cannot be written ({error.strerror or error}); "
                            f"choose another place with --output.") from None
    return path


def _write_review(ws, review: list[str]) -> None:
    ws.cell(row=1, column=1, value="Imported for review: check before use").font = Font(bold=True)
    for number, line in enumerate(review, start=2):
        cell = ws.cell(row=number, column=1)
        _set_value(cell, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 120


def _key(text: object) -> str:
    return " ".join(str(text or "").split()).casefold()


def add_to_programmes(folder: Path, rows: Rows, review: list[str]) -> Path:
    """Add the rows to FOLDER/programmes.xlsx, after its last rows; refuse a programme id already there."""
    folder = Path(folder)
    path = folder / PROGRAMMES_FILE
    if not folder.is_dir():
        raise ImportRefused(f"Nothing added: the inputs folder {folder} does not exist; give the folder that holds "
                            f"{PROGRAMMES_FILE} with --into.")
    if not path.is_file():
        raise ImportRefused(f"Nothing added: {PROGRAMMES_FILE} is missing from {folder}; give the inputs folder "
                            f"that holds it with --into (or leave --into out to write a workbook of its own).")
    before = path.stat().st_mtime_ns
    too_large = unpacked_problem(path, kind="Excel workbook")  # before openpyxl unpacks it (a zip bomb)
    if too_large:
        raise ImportRefused(f"Nothing added: {too_large}")
    try:
        book = load_workbook(path)
    except Exception as error:  # openpyxl raises many kinds on a file it cannot read; all mean the same here
        raise ImportRefused(f"Nothing added: {path} cannot be read ({' '.join(str(error).split())[:100]}); "
                            f"run `stc-report validate --inputs {folder}` and fix it first.") from None
    programme_id = rows["Programmes"][0]["id"]
    sheets = {}
    for sheet in (schema.PROGRAMMES, schema.THEMES, schema.ACTIVITIES):
        ws = next((w for w in book.worksheets if _key(w.title) == _key(sheet.name)), None)
        if ws is None:
            raise ImportRefused(f"Nothing added: {path} has no sheet '{sheet.name}'; run "
                                f"`stc-report validate --inputs {folder}` and fix it first.")
        headers = {_key(c.value): c.column for c in ws[1] if c.value is not None}
        missing = [c.header for c in sheet.required if _key(c.header) not in headers]
        if missing:
            raise ImportRefused(f"Nothing added: {path}, sheet '{sheet.name}' has no column headed "
                                f"'{missing[0]}'; run `stc-report validate --inputs {folder}` and fix it first.")
        id_column = headers[_key("Programme")]
        for row in range(2, ws.max_row + 1):
            if _key(ws.cell(row=row, column=id_column).value) == _key(programme_id):
                raise ImportRefused(
                    f"Nothing added: programme '{programme_id}' is already in {path} (sheet '{sheet.name}', "
                    f"row {row}); its rows are never replaced. Give the new programme another id with "
                    f"--programme, or remove the old rows by hand first.")
        sheets[sheet.name] = (ws, sheet, headers)
    for name, (ws, sheet, headers) in sheets.items():
        row = _last_filled_row(ws) + 1
        for values in rows[name]:
            for column in sheet.columns:
                index = headers.get(_key(column.header))
                if index is None or values.get(column.key) in (None, ""):
                    continue
                cell = ws.cell(row=row, column=index)
                _set_value(cell, values.get(column.key))
                if column.key in LONG_TEXT_KEYS:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
    review_ws = next((w for w in book.worksheets if _key(w.title) == _key(REVIEW_SHEET)), None)
    if review_ws is None:
        review_ws = book.create_sheet(REVIEW_SHEET)
        _write_review(review_ws, review)
    else:
        start = _last_filled_row(review_ws) + 2
        for number, line in enumerate(review, start=start):
            _set_value(review_ws.cell(row=number, column=1), line)
    handle, temporary = tempfile.mkstemp(prefix=".import-", suffix=".xlsx", dir=folder)
    os.close(handle)
    try:
        book.save(temporary)
        if path.stat().st_mtime_ns != before:
            raise ImportRefused(f"Nothing added: {path} was changed by someone else while the programme was being "
                                f"imported; run the import again.")
        os.replace(temporary, path)
    except OSError as error:
        raise ImportRefused(f"Nothing added: {path} cannot be written ({error.strerror or error}).") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path


def read_programme_workbook(path: Path) -> tuple[Rows, list[str]]:
    """The rows and review notes of a workbook write_programme_workbook wrote (an import kept for review),
    to add them to programmes.xlsx later; ImportRefused when it is not such a workbook."""
    too_large = unpacked_problem(path, kind="Excel workbook")  # before openpyxl unpacks it (a zip bomb)
    if too_large:
        raise ImportRefused(f"Nothing added: {too_large}")
    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # openpyxl raises many kinds on a file it cannot read; all mean the same here
        raise ImportRefused(f"Nothing added: {Path(path).name} cannot be read as an imported programme.") from None
    rows: Rows = {}
    for sheet in (schema.PROGRAMMES, schema.THEMES, schema.ACTIVITIES):
        if sheet.name not in book.sheetnames:
            raise ImportRefused(f"Nothing added: {Path(path).name} has no sheet '{sheet.name}'.")
        keys = {_key(c.header): c.key for c in sheet.columns}
        values = list(book[sheet.name].iter_rows(values_only=True))
        header = [keys.get(_key(h)) for h in (values[0] if values else ())]
        rows[sheet.name] = [{k: v for k, v in zip(header, row) if k and v not in (None, "")}
                            for row in values[1:] if any(v not in (None, "") for v in row)]
    review = ([str(r[0]) for r in list(book[REVIEW_SHEET].iter_rows(values_only=True))[1:] if r and r[0]]
              if REVIEW_SHEET in book.sheetnames else [])
    book.close()
    if not rows[schema.PROGRAMMES.name]:
        raise ImportRefused(f"Nothing added: {Path(path).name} holds no programme.")
    return rows, review


def _last_filled_row(ws) -> int:
    for row in range(ws.max_row, 1, -1):
        if any(c.value not in (None, "") for c in ws[row]):
            return row
    return 1


# ------------------------------------------------------------------ the whole import

def default_output(docx: Path) -> Path:
    """Where the workbook goes without --output: beside the document, 'FILE-programme.xlsx'."""
    docx = Path(docx)
    return docx.with_name(f"{docx.stem}-programme.xlsx")


def import_programme(docx: Path, programme_id: str, *, title: str | None = None,
                     years: tuple[int, int] | None = None, output: Path | None = None,
                     into: Path | None = None, today: date | None = None,
                     shown_as: str | None = None, partner: str | None = None) -> ImportResult:
    """Read `docx` and write its programme as `programme_id`: into `output` (a new workbook), into the
    programmes.xlsx of the folder `into`, or both. Nothing is written when a refusal is raised.

    `shown_as` names the document in messages and in the review notes (an upload's own file name,
    rather than the temporary path it was saved to). `partner`: the partner convention (None: the one
    the title names beside CMS, else CITES)."""
    imported_on = today or date.today()
    programme_id = " ".join((programme_id or "").split())
    if not programme_id:
        raise ImportRefused("Nothing written: the programme needs an id, e.g. --programme \"JWP 2015-2017\".")
    if output is not None and Path(output).suffix.lower() != ".xlsx":
        raise ImportRefused(f"Nothing written: {output} must be an .xlsx file name (e.g. JWP-2015-2017.xlsx).")
    if output is not None and Path(output).exists():
        raise ImportRefused(f"Nothing written: {output} already exists and is never overwritten; "
                            f"choose another file name with --output, or move the existing file away.")
    programme = read_word_programme(Path(docx), shown_as, partner or (partner_in(title) if title else None))
    title = " ".join((title or programme.title or programme_id).split())
    if years is not None:
        first, last, source = years[0], years[1], "--years"
    else:
        found = programme_years(programme_id, title, [a.timeframe for a in programme.activities])
        if found is None:
            raise ImportRefused(f"Nothing written: the years of the programme cannot be found in its id "
                                f"('{programme_id}'), its title ('{title}') or its timeframes; give them with "
                                f"--years, e.g. --years 2015-2017.")
        first, last, source = found
    rows = programme_rows(programme, programme_id, title, first, last, imported_on)
    result = ImportResult(programme, programme_id, title, first, last, source, rows)
    review = review_lines(result, imported_on)
    if into is not None:
        result.added_to = add_to_programmes(Path(into), rows, review)
    if output is not None:
        result.written = write_programme_workbook(Path(output), rows, review)
    return result


def summary_lines(result: ImportResult) -> list[str]:
    """What was read, theme by theme, and everything that could not be placed, for the person checking it."""
    p = result.programme
    skipped = ", ".join(f"table {n} ('{_shown(text)}')" for n, text in p.tables_skipped)
    lines = [f"Read {p.file}: activities from table(s) {', '.join(str(n) for n in p.tables_read)}"
             + (f"; skipped (no description column): {skipped}." if skipped else "."),
             f"Programme '{result.programme_id}': {result.title}, {result.first_year}-{result.last_year} "
             f"(years from {result.years_from}).",
             f"Partner: {p.partner} ({_partner_from(p)})."]
    for theme in p.themes:
        activities = p.activities_of(theme.code)
        groups = p.groups_of(theme.code)
        lines.append(f"  ({theme.code}) {theme.title}: {_count(len(activities), 'activity', 'activities')} "
                     f"({', '.join(a.code for a in activities)})")
        for group in groups:
            codes = [a.code for a in activities if a.group == group]
            lines.append(f"      group '{group}': {', '.join(codes)}")
    lines.append(f"{_count(len(p.activities), 'activity', 'activities')} in "
                 f"{_count(len(p.themes), 'theme', 'themes')}.")
    if p.unplaced:
        lines.append(f"Could not place {_count(len(p.unplaced), 'piece', 'pieces')} of text (add them by hand):")
        lines += [f"  {u.place}: '{_shown(u.text)}': {u.reason}" for u in p.unplaced]
    else:
        lines.append("Every row of the tables was placed.")
    lines += [f"Note: {n}" for n in p.notes]
    if result.written is not None:
        lines.append(f"Written for review: {result.written} (its first sheet, '{REVIEW_SHEET}', says what to check).")
    if result.added_to is not None:
        lines.append(f"Added to {result.added_to}, marked for review in each activity's Comments and the "
                     f"'{REVIEW_SHEET}' sheet.")
    return lines


def _partner_from(p: ImportedProgramme) -> str:
    return {"given": "as given", "the title": "named in the title beside CMS"}.get(
        p.partner_from, "none given or named in the title; give it with --partner")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _shown(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
