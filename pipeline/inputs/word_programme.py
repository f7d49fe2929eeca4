"""Read an adopted work programme from the tables of a Word document (.docx).

A new joint work programme reaches the Secretariat as a Word document whose annex is a
table of activities per theme, as Annex 2 of a report prints it:

    (A) Harmonization of taxonomy and nomenclature          <- the theme's heading
    Joint activities in this area relate to ...            <- its introduction (paragraphs)
    | Description of envisaged joint activities | Timeframe |   <- the header row
    | Concordance List of Species (a row spanning the table, or an underlined paragraph) | |
    | A1. On-going update of ...  A2. Work with ...   | 2012  2012 |

What is read:

- the tables whose header row names a description ("Description of envisaged joint
  activities", or "Activities"/"Tasks" beside a "Timeframe" column); other tables (a cover
  block, a report's Annex 1) are skipped and listed;
- a theme from the last heading "(A) Title" (or "A. Title") before a table, its
  introduction from the paragraphs between that heading and the table; a table with no
  heading before it continues the theme of the table before it (a table split by a page
  break), and its first row, when it starts without a code, continues the last activity;
- the programme's title and introduction from the paragraphs before the first theme
  (after an "Annex N" label, where there is one);
- groups from rows that span the table, and from paragraphs inside a cell that are wholly
  underlined (or bold) and carry no code;
- activity codes from a leading "A1." / "B12." / "B.1."; in a document without codes, from a
  leading task number "1." (the code is then the theme and number, A1, and the number is
  kept), or else one activity per row, numbered A1, A2 ... per theme;
- descriptions one line per paragraph, a list item (a Word list or a typed bullet) as a
  line starting '• ', as the Activities sheet holds them; introductions one line per
  paragraph, list items as plain lines (the report works their bullets out); italic and
  bold as *italic* and **bold**;
- timeframes as written, one per activity of the row, in order, when a cell holds several;
- lead and external funding from columns so headed, where the table has them (a lead is CMS,
  the programme's partner convention, e.g. Ramsar, or Joint).

Everything that cannot be placed (a row with text but no activity, an extra timeframe)
is kept in `unplaced` with its table and row number, so that nothing is silently lost.
Bad input raises WordProgrammeError with a message naming the file (and table, row).
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.inputs.archive_bounds import unpacked_problem
from pipeline.model import DEFAULT_PARTNER

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # Word 97-2003 .doc, or an encrypted Office file
SAVE_AS_DOCX = "open it in Word and save it as Word Document (.docx)"

LETTER_CODE = re.compile(r"^(?P<code>[A-Z]{1,2}\.?\d{1,3}[a-z]?)(?:[.)]\s*|\s+)(?P<rest>\S.*)$", re.S)
TASK_NUMBER = re.compile(r"^(?P<number>\d{1,2})[.)]\s+(?P<rest>\S.*)$", re.S)
THEME_HEADING = re.compile(
    r"^(?:\(\s*(?P<a>[A-Z])\s*\)|(?P<b>[A-Z])[.)]|(?:Theme|Area)\s+(?P<c>[A-Z])\s*[:.\-–])\s*(?P<title>\S.*)$", re.S)
ANNEX_LABEL = re.compile(r"^annex\s+[0-9ivxlc]+[a-z]?\.?$", re.I)
BULLET_MARK = re.compile(r"^[•◦▪▫‣●○■□➢►✓\-–—·*]\s+")
BULLET = "•"  # a description's list item is a line starting '• ' (introductions hold items as plain lines)
SENTENCE_END = (".", ";", ":", "!", "?", ")", "»", '"', "”")

DESCRIPTION_HEADER = re.compile(r"descri", re.I)
ACTIVITY_HEADER = re.compile(r"\b(activit|task|action)", re.I)
TIMEFRAME_HEADER = re.compile(
    r"\btime\s*-?\s*frames?\b|\btiming\b|\btimelines?\b|\bdeadlines?\b|\bwhen\b|\bschedule\b|\bperiod\b|\bdates?\b",
    re.I)
LONGEST_HEADER = 120  # characters: a longer cell is not a header
LEAD_HEADER = re.compile(r"\blead|responsib", re.I)
FUNDING_HEADER = re.compile(r"fund", re.I)
COMMENTS_HEADER = re.compile(r"comment|remark|note", re.I)
YES = {"yes", "y", "x", "✓", "✔", "external", "required", "subject to external funding"}
NO = {"no", "n", "-", "–", "none", "not required"}
PARTNER_BESIDE_CMS = re.compile(
    r"\bCMS\s*(?:[-/–]|\s+and\s+|\s)\s*(?P<after>[A-Z][A-Za-z]+)\b|\b(?P<before>[A-Z][A-Za-z]+)\s*(?:[-/–]|\s+and\s+)\s*CMS\b")
NOT_A_PARTNER = {"joint", "work", "programme", "program", "plan", "list", "secretariat", "secretariats",
                 "activities", "action", "the", "draft", "standing", "committee", "and"}


def leads_for(partner: str) -> dict[str, str]:
    """How a 'Lead' cell may write CMS, the partner or both ('Ramsar/CMS'), lower-cased, as the Lead it means."""
    p = " ".join(partner.split()).lower()
    joint = ("joint", "both", f"cms/{p}", f"{p}/cms", f"cms and {p}", f"{p} and cms", f"cms, {p}", f"{p}, cms",
             f"cms-{p}", f"{p}-cms")
    return {"cms": "CMS", p: " ".join(partner.split()), **{j: "Joint" for j in joint}}


def partner_in(title: str) -> str:
    """The partner a title names beside CMS ('CMS-Ramsar Joint Work Plan' -> 'Ramsar'), or ''."""
    for m in PARTNER_BESIDE_CMS.finditer(title or ""):
        name = m.group("after") or m.group("before")
        if name.casefold() not in NOT_A_PARTNER:
            return name
    return ""
LONGEST_GROUP = 150  # characters: a longer underlined paragraph is text, not a group heading


class WordProgrammeError(Exception):
    """The document cannot be imported; the message says which file, table or row, and what to do."""


@dataclass
class Line:
    """One paragraph (or line of a paragraph split by a line break) of the document."""

    text: str  # with *italic* and **bold** marked
    plain: str  # without marks
    underlined: bool = False  # every letter underlined
    bold: bool = False  # every letter bold
    bullet: bool = False  # a list item
    heading: bool = False  # in a Heading / Title style


@dataclass
class ImportedTheme:
    code: str
    title: str
    introduction: str = ""
    table: int = 0  # the first table of the theme (1-based)


@dataclass
class ImportedActivity:
    code: str
    theme: str
    group: str
    lines: list[str]
    timeframe: str = ""
    number: str = ""
    lead: str = ""
    lead_written: str = ""  # the Lead cell as the document writes it
    external_funding: bool | None = None
    comments: str = ""
    table: int = 0
    row: int = 0  # as Word numbers the table's rows, the header being row 1

    @property
    def description(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Unplaced:
    """Text the reader could not place, where it is in the document, and why."""

    table: int | None
    row: int | None
    text: str
    reason: str

    @property
    def place(self) -> str:
        if self.table is None:
            return "outside the tables"
        return f"table {self.table}, row {self.row}" if self.row else f"before table {self.table}"


@dataclass
class ImportedProgramme:
    file: str
    title: str
    introduction: str
    themes: list[ImportedTheme]
    activities: list[ImportedActivity]
    unplaced: list[Unplaced] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was done that a reviewer should know
    tables_read: list[int] = field(default_factory=list)
    tables_skipped: list[tuple[int, str]] = field(default_factory=list)  # (table, its first row)
    partner: str = DEFAULT_PARTNER  # the partner convention, as given or read from the title
    partner_from: str = "the default"  # "given", "the title" or "the default"

    def activities_of(self, theme: str) -> list[ImportedActivity]:
        return [a for a in self.activities if a.theme == theme]

    def groups_of(self, theme: str) -> list[str]:
        groups: list[str] = []
        for a in self.activities_of(theme):
            if a.group and a.group not in groups:
                groups.append(a.group)
        return groups


# ------------------------------------------------------------------ opening the file

def open_document(path: Path, shown_as: str | None = None):
    """The python-docx Document, or WordProgrammeError saying why the file is not a usable .docx.

    Messages name the file as `shown_as` where given (an upload's own name rather than its temporary path).
    """
    from docx import Document

    path = Path(path)
    name = shown_as or str(path)
    if path.is_dir():
        raise WordProgrammeError(f"{name} is a folder, not a Word document; give the .docx file of the work programme.")
    if not path.is_file():
        raise WordProgrammeError(f"{name} does not exist; give the .docx file of the work programme.")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise WordProgrammeError(f"{name} cannot be opened ({error.strerror or error}); check that you may read it.") from None
    if not head:
        raise WordProgrammeError(f"{name} is empty, not a Word document; {SAVE_AS_DOCX}.")
    if head.startswith(OLE_MAGIC):
        raise WordProgrammeError(
            f"{name} is not a Word document (.docx) but an older Word file (.doc) or a password-protected "
            f"document; {SAVE_AS_DOCX}, without a password.")
    if not head.startswith(b"PK"):
        raise WordProgrammeError(f"{name} is not a Word document (.docx); {SAVE_AS_DOCX}.")
    too_large = unpacked_problem(path, name, "Word document")  # before anything unpacks it (a zip bomb)
    if too_large:
        raise WordProgrammeError(too_large)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            broken = archive.testzip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise WordProgrammeError(_damaged(name, error)) from None
    if broken:
        raise WordProgrammeError(_damaged(name, f"the part {broken} is corrupt"))
    if "word/document.xml" not in names:
        kind = " (it is an Excel workbook renamed .docx)" if "xl/workbook.xml" in names else \
            " (it may be another kind of file renamed .docx)"
        raise WordProgrammeError(f"{name} is not a Word document{kind}; {SAVE_AS_DOCX}.")
    try:
        return Document(str(path))
    except Exception as error:  # python-docx and lxml raise many kinds on a broken part; all mean the same here
        raise WordProgrammeError(_damaged(name, error)) from None


def _damaged(name: str, error: object) -> str:
    detail = " ".join(str(error).split())
    detail = detail if len(detail) <= 100 else detail[:97] + "..."
    detail = f" (technical detail: {detail})" if detail else ""
    return (f"{name} is damaged and cannot be read{detail}; open it in Word and save it again as .docx "
            f"(if Word cannot open it either, use a backup copy).")


# ------------------------------------------------------------------ paragraphs as lines

def _on(props, tag: str) -> bool | None:
    """Whether a run property (w:b, w:i, w:u) is set in `props` (None: not said)."""
    if props is None:
        return None
    element = props.find(W + tag)
    if element is None:
        return None
    value = element.get(W + "val")
    if tag == "u":
        return value != "none"
    return value not in ("0", "false", "off")


class _Styles:
    """Paragraph and character styles of the document: names, and what they make bold, italic, underlined."""

    def __init__(self, document):
        self.names: dict[str, str] = {}
        self.props: dict[str, dict[str, bool]] = {}
        self.numbered: set[str] = set()
        element = document.styles.element
        based: dict[str, str] = {}
        own: dict[str, dict[str, bool]] = {}
        for style in element.iter(W + "style"):
            style_id = style.get(W + "styleId") or ""
            name = style.find(W + "name")
            self.names[style_id] = (name.get(W + "val") if name is not None else style_id) or style_id
            parent = style.find(W + "basedOn")
            if parent is not None:
                based[style_id] = parent.get(W + "val") or ""
            r_pr = style.find(W + "rPr")
            own[style_id] = {t: v for t in ("b", "i", "u") if (v := _on(r_pr, t)) is not None}
            p_pr = style.find(W + "pPr")
            if p_pr is not None and p_pr.find(W + "numPr") is not None:
                self.numbered.add(style_id)
        for style_id in own:
            merged: dict[str, bool] = {}
            chain, seen = style_id, set()
            while chain and chain not in seen:
                seen.add(chain)
                for key, value in own.get(chain, {}).items():
                    merged.setdefault(key, value)
                chain = based.get(chain, "")
            self.props[style_id] = merged


def _paragraph_lines(p, styles: _Styles) -> list[Line]:
    """A paragraph as lines (a line break starts a new one), with its emphasis and list marks."""
    p_pr = p.find(W + "pPr")
    style_id = ""
    numbered = False
    if p_pr is not None:
        p_style = p_pr.find(W + "pStyle")
        style_id = p_style.get(W + "val") if p_style is not None else ""
        numbered = p_pr.find(W + "numPr") is not None
    style_name = styles.names.get(style_id, style_id).lower()
    numbered = numbered or style_id in styles.numbered or "bullet" in style_name or "list" in style_name
    heading = style_name.startswith(("heading", "title", "subtitle")) or style_name.startswith("annex sub")
    base = styles.props.get(style_id, {})
    pieces: list[list[tuple[str, dict[str, bool]]]] = [[]]
    for run in p.iter(W + "r"):
        if _deleted(run, p):
            continue
        r_pr = run.find(W + "rPr")
        flags = dict(base)
        if r_pr is not None:
            r_style = r_pr.find(W + "rStyle")
            if r_style is not None:
                flags.update(styles.props.get(r_style.get(W + "val") or "", {}))
            for tag in ("b", "i", "u"):
                value = _on(r_pr, tag)
                if value is not None:
                    flags[tag] = value
        for child in run:
            tag = child.tag
            if tag == W + "t":
                pieces[-1].append((child.text or "", flags))
            elif tag in (W + "tab", W + "ptab"):
                pieces[-1].append((" ", flags))
            elif tag == W + "noBreakHyphen":
                pieces[-1].append(("-", flags))
            elif tag in (W + "br", W + "cr"):
                if child.get(W + "type") not in ("page", "column"):
                    pieces.append([])
    return [line for piece in pieces if (line := _line(piece, numbered, heading)) is not None]


def _deleted(run, p) -> bool:
    node = run.getparent()
    while node is not None and node is not p:
        if node.tag in (W + "del", W + "moveFrom"):
            return True
        node = node.getparent()
    return False


def _line(piece: list[tuple[str, dict[str, bool]]], numbered: bool, heading: bool) -> Line | None:
    plain = " ".join("".join(t for t, _ in piece).split())
    if not plain:
        return None
    letters = [(t, f) for t, f in piece if t.strip()]
    underlined = all(f.get("u") for _, f in letters)
    bold = all(f.get("b") for _, f in letters)
    marked = "".join(_marked(t, f, bold) for t, f in _merge(piece))
    text = " ".join(marked.split())
    bullet = numbered
    mark = BULLET_MARK.match(plain)
    if mark and not re.match(r"^[-–]\s*\d", plain):
        bullet = True
        plain = plain[mark.end():]
        text = BULLET_MARK.sub("", text, count=1)
    return Line(text, plain, underlined, bold, bullet, heading)


def _merge(piece: list[tuple[str, dict[str, bool]]]) -> list[tuple[str, dict[str, bool]]]:
    """Neighbouring runs with the same bold and italic as one, so that marks are not split."""
    merged: list[tuple[str, dict[str, bool]]] = []
    for text, flags in piece:
        key = {"b": bool(flags.get("b")), "i": bool(flags.get("i"))}
        if merged and merged[-1][1] == key:
            merged[-1] = (merged[-1][0] + text, key)
        else:
            merged.append((text, key))
    return merged


def _marked(text: str, flags: dict[str, bool], all_bold: bool) -> str:
    """*italic* and **bold** around the letters of a run (a wholly bold paragraph is not marked)."""
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    if flags.get("i"):
        core = f"*{core}*"
    if flags.get("b") and not all_bold:
        core = f"**{core}**"
    return lead + core + trail


# ------------------------------------------------------------------ the body: paragraphs and tables

@dataclass
class _Cell:
    start: int  # first grid column
    span: int
    lines: list[Line]
    continued: bool = False  # a vertically merged cell continuing the one above
    above: list[Line] = field(default_factory=list)  # where continued: the lines of the merged cell's first row


@dataclass
class _Table:
    number: int  # 1-based, in document order
    rows: list[list[_Cell]]
    grid: int


def _blocks(document, styles: _Styles):
    """The body's paragraphs (as lists of lines) and tables, in order; content controls opened."""
    def walk(parent):
        for child in parent:
            if child.tag == W + "p":
                yield "p", _paragraph_lines(child, styles)
            elif child.tag == W + "tbl":
                yield "tbl", child
            elif child.tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    yield from walk(content)
    yield from walk(document.element.body)


def _table(tbl, number: int, styles: _Styles) -> _Table:
    rows: list[list[_Cell]] = []
    grid = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
    merged_from: dict[int, list[Line]] = {}  # grid column -> lines of the vertically merged cell begun above
    for tr in tbl.iter(W + "tr"):
        if tr.getparent() is not tbl and tr.getparent().getparent() is not tbl:  # a nested table's row
            continue
        cells: list[_Cell] = []
        column = 0
        skipped = tr.find(f"{W}trPr/{W}gridBefore")
        if skipped is not None:
            column = _whole(skipped.get(W + "val"), 0)
        for tc in _row_cells(tr):
            tc_pr = tc.find(W + "tcPr")
            span, continued = 1, False
            if tc_pr is not None:
                grid_span = tc_pr.find(W + "gridSpan")
                if grid_span is not None:
                    span = max(1, _whole(grid_span.get(W + "val"), 1))
                v_merge = tc_pr.find(W + "vMerge")
                continued = v_merge is not None and v_merge.get(W + "val") in (None, "continue")
            lines: list[Line] = []
            if not continued:
                for p in tc.iter(W + "p"):
                    lines += _paragraph_lines(p, styles)
                merged_from[column] = lines
            cells.append(_Cell(column, span, lines, continued, merged_from.get(column, []) if continued else []))
            column += span
        rows.append(cells)
        grid = max(grid, column)
    return _Table(number, rows, grid)


def _whole(value: str | None, default: int) -> int:
    """A count Word wrote ('2'); what another program wrote wrongly ('2.0', '') counts as `default`."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _row_cells(tr):
    for child in tr:
        if child.tag == W + "tc":
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _row_cells(content)


# ------------------------------------------------------------------ columns

@dataclass
class _Columns:
    header_row: int  # 0-based index of the header row
    description: int  # grid column
    timeframe: int | None = None
    lead: int | None = None
    funding: int | None = None
    comments: int | None = None
    headers: list[str] = field(default_factory=list)


def _columns(table: _Table) -> _Columns | None:
    """The header row and the grid column of each known column, or None: not an activity table."""
    for index, row in enumerate(table.rows[:3]):
        headers = {c.start: " ".join(line.plain for line in c.lines) for c in row}
        if any(len(h) > LONGEST_HEADER for h in headers.values()):
            continue
        description = next((s for s, h in headers.items() if DESCRIPTION_HEADER.search(h)), None)
        timeframe = next((s for s, h in headers.items() if TIMEFRAME_HEADER.search(h) and s != description), None)
        if description is None and timeframe is not None:
            description = next((s for s, h in headers.items() if ACTIVITY_HEADER.search(h)), None)
        if description is None:
            continue
        others = {s: h for s, h in headers.items() if s not in (description, timeframe)}
        return _Columns(
            index, description, timeframe,
            lead=next((s for s, h in others.items() if LEAD_HEADER.search(h)), None),
            funding=next((s for s, h in others.items() if FUNDING_HEADER.search(h)), None),
            comments=next((s for s, h in others.items() if COMMENTS_HEADER.search(h)), None),
            headers=[h for h in headers.values()],
        )
    return None


def _cell_at(row: list[_Cell], column: int | None) -> _Cell | None:
    if column is None:
        return None
    return next((c for c in row if c.start <= column < c.start + c.span), None)


def _first_row_text(table: _Table) -> str:
    for row in table.rows:
        texts = [" ".join(line.plain for line in c.lines) for c in row]
        if any(texts):
            return " | ".join(t for t in texts)
    return ""


# ------------------------------------------------------------------ reading

class _Reader:
    def __init__(self, file: str, mode: str):
        self.file = file
        self.mode = mode  # "codes", "numbers" or "rows"
        self.themes: list[ImportedTheme] = []
        self.activities: list[ImportedActivity] = []
        self.unplaced: list[Unplaced] = []
        self.notes: list[str] = []
        self.group = ""
        self.codes: set[str] = set()
        self.joined: tuple[int, int] | None = None  # (table, row) whose text continued an earlier activity

    @property
    def theme(self) -> ImportedTheme:
        return self.themes[-1]

    def new_theme(self, code: str, title: str, introduction: str, table: int) -> None:
        if any(t.code == code for t in self.themes):
            new = next(c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if all(t.code != c for t in self.themes))
            self.notes.append(f"Table {table}: a second theme '{code}' ('{title}') was named '{new}'.")
            code = new
        self.themes.append(ImportedTheme(code, title, introduction, table))
        self.group = ""

    def start(self, code: str, number: str, first: Line, table: int, row: int) -> ImportedActivity:
        theme = self.theme.code
        if self.mode == "rows":
            code = f"{theme}{len([a for a in self.activities if a.theme == theme]) + 1}"
        elif self.mode == "numbers":
            code = f"{theme}{number}"
        if code in self.codes:
            k = 2
            while f"{code}-{k}" in self.codes:
                k += 1
            self.notes.append(f"Table {table}, row {row}: the code {code} is used a second time; "
                              f"this activity was named {code}-{k}.")
            code = f"{code}-{k}"
        self.codes.add(code)
        letters = re.match(r"[A-Z]*", code).group(0)
        if self.mode == "codes" and letters and letters != theme:
            self.notes.append(f"Table {table}, row {row}: the code {code} is in theme {theme} "
                              f"('{self.theme.title}'); check it.")
        activity = ImportedActivity(code, theme, self.group, [first.text] if first.text else [],
                                    number=number, table=table, row=row)
        self.activities.append(activity)
        return activity

    def read_row(self, table: _Table, index: int, cols: _Columns, continues: bool) -> None:
        row = table.rows[index]
        number = index + 1
        if not any(c.lines for c in row):
            return
        description = _cell_at(row, cols.description)
        timeframe = _cell_at(row, cols.timeframe)
        filled = [c for c in row if c.lines]
        if description is not None and description.span > 1 and filled == [description] and (
                description is timeframe or description.span >= table.grid - 1):
            self._spanning_row(description, table.number, number, continues)
            return
        if description is None or not description.lines:
            texts = [" ".join(line.plain for line in c.lines) for c in filled]
            self.unplaced.append(Unplaced(table.number, number, " | ".join(texts), "the description cell is empty"))
            return
        started: list[ImportedActivity] = []
        for line in description.lines:
            self._description_line(line, started, table.number, number, continues)
        self._timeframes(timeframe, started, table.number, number)
        for activity in started:
            self._extras(activity, row, cols)

    def _spanning_row(self, cell: _Cell, table: int, row: int, continues: bool) -> None:
        """A row across the table: a group heading, or (where it holds codes) a heading and its activities."""
        if not any(self._code_of(line) is not None for line in cell.lines):
            self.group = " ".join(line.plain for line in cell.lines)
            return
        started: list[ImportedActivity] = []
        for index, line in enumerate(cell.lines):
            if index == 0 and self._code_of(line) is None and not line.bullet:
                self.group = line.plain  # the heading, then the activities, all in the merged cell
                continue
            self._description_line(line, started, table, row, continues)

    def _code_of(self, line: Line) -> tuple[str, str, Line] | None:
        """(code, task number, the line without them) where the line starts an activity."""
        if line.bullet:
            return None
        if self.mode == "codes":
            m = LETTER_CODE.match(line.plain)
            if m and self._code_fits(m.group("code")):
                return m.group("code").replace(" ", ""), "", _strip_start(line, m.start("rest"))
        if self.mode == "numbers":
            m = TASK_NUMBER.match(line.plain)
            if m:
                return "", m.group("number"), _strip_start(line, m.start("rest"))
        return None

    def _code_fits(self, code: str) -> bool:
        letters = re.match(r"[A-Z]+", code).group(0)
        return not self.themes or letters == self.theme.code or len(letters) == 1

    def _description_line(self, line: Line, started: list[ImportedActivity], table: int, row: int,
                          continues: bool) -> None:
        found = self._code_of(line)
        previous = self.activities[-1] if self.activities else None
        if found is not None:
            code, number, rest = found
            if continues and not started and previous is not None and code and code == previous.code:
                _join(previous, rest)  # the document repeats the code where the activity goes on
                self.joined = (table, row)
                self.notes.append(f"Table {table}, row {row}: {code} continues from table {previous.table}; joined.")
                return
            started.append(self.start(code, number, rest, table, row))
            return
        if _is_group(line):
            self.group = line.plain
            return
        if started:
            started[-1].lines.append(_described(line))
            return
        if self.mode == "rows" and not (continues and previous is not None and _runs_on(previous, line)):
            started.append(self.start("", "", line, table, row))
            return
        if continues and previous is not None:
            _join(previous, line)
            if self.joined != (table, row):
                self.joined = (table, row)
                self.notes.append(f"Table {table}, row {row}: continues {previous.code} from table "
                                  f"{previous.table} (a table split by a page break); joined.")
            return
        what = "an activity code (such as 'A1.')" if self.mode == "codes" else "a task number (such as '1.')"
        self.unplaced.append(Unplaced(table, row, line.plain,
                                      f"it does not start with {what} and does not continue an activity"))

    def _timeframes(self, cell: _Cell | None, started: list[ImportedActivity], table: int, row: int) -> None:
        texts = [line.plain for line in cell.lines] if cell is not None else []
        if cell is not None and cell.continued and cell.above and started:
            texts = [line.plain for line in cell.above]  # one timeframe cell merged down beside several rows
            self.notes.append(f"Table {table}, row {row}: the timeframe cell is merged with the one above; "
                              f"'{' '.join(texts)}' given to {', '.join(a.code for a in started)}.")
            for activity in started:
                activity.timeframe = " ".join(texts)
            return
        if not texts:
            return
        if not started:
            previous = self.activities[-1] if self.activities else None
            if previous is not None and self.joined == (table, row) and not previous.timeframe:
                previous.timeframe = " ".join(texts)
                return
            for text in texts:
                self.unplaced.append(Unplaced(table, row, text, "a timeframe beside no activity"))
            return
        if len(started) == 1:
            started[0].timeframe = " ".join(texts)
        elif len(texts) == 1:
            for activity in started:
                activity.timeframe = texts[0]
            self.notes.append(f"Table {table}, row {row}: one timeframe ('{texts[0]}') for "
                              f"{', '.join(a.code for a in started)}; given to each.")
        else:
            for activity, text in zip(started, texts):
                activity.timeframe = text
            for text in texts[len(started):]:
                self.unplaced.append(Unplaced(table, row, text, f"a timeframe more than the {len(started)} "
                                                                f"activities of the row"))
            if len(texts) < len(started):
                self.notes.append(f"Table {table}, row {row}: {len(texts)} timeframes for {len(started)} "
                                  f"activities; {', '.join(a.code for a in started[len(texts):])} "
                                  f"have none (check them).")

    def _extras(self, activity: ImportedActivity, row: list[_Cell], cols: _Columns) -> None:
        lead = _cell_at(row, cols.lead)
        if lead is not None and lead.lines:
            text = " ".join(line.plain for line in lead.lines)
            activity.lead_written = text  # read as CMS, the partner or Joint once the partner is known
        funding = _cell_at(row, cols.funding)
        if funding is not None and funding.lines:
            text = " ".join(line.plain for line in funding.lines)
            key = text.lower().strip(" .")
            if key in YES or "subject to" in key:
                activity.external_funding = True
            elif key in NO:
                activity.external_funding = False
            else:
                activity.comments = _append(activity.comments, f"Funding as written: {text}")
        comments = _cell_at(row, cols.comments)
        if comments is not None and comments.lines:
            activity.comments = _append(activity.comments, "\n".join(line.text for line in comments.lines))


def _append(text: str, more: str) -> str:
    return f"{text}\n{more}" if text else more


def _strip_start(line: Line, plain_index: int) -> Line:
    """The line without its code: the same number of letters taken off the marked text too."""
    prefix = line.plain[:plain_index].strip()
    text = line.text
    marks = ""
    while text.startswith("*"):
        marks += "*"
        text = text[1:]
    if text.startswith(prefix):
        text = marks + text[len(prefix):].lstrip()
    else:
        text = line.plain[plain_index:]
    return Line(text.strip(), line.plain[plain_index:].strip(), line.underlined, line.bold, line.bullet, line.heading)


def _is_group(line: Line) -> bool:
    """A group heading inside a cell: wholly underlined (or bold), short, not a list item or sentence."""
    if line.bullet or len(line.plain) > LONGEST_GROUP or not (line.underlined or line.bold):
        return False
    return not line.plain.endswith((".", ";", ","))


def _runs_on(previous: ImportedActivity, line: Line) -> bool:
    """Whether a line carries on the last line of an activity cut by a page break (mid-sentence)."""
    last = previous.lines[-1] if previous.lines else ""
    return bool(last) and not last.rstrip().endswith(SENTENCE_END) and line.plain[:1].islower()


def _join(activity: ImportedActivity, line: Line) -> None:
    if _runs_on(activity, line) and not line.bullet:
        activity.lines[-1] = f"{activity.lines[-1].rstrip()} {line.text}"
    else:
        activity.lines.append(_described(line))


def _described(line: Line) -> str:
    """A line of a description: a list item as '• item', as the Activities sheet holds it."""
    return f"{BULLET} {line.text}" if line.bullet else line.text


def _theme_heading(line: Line) -> tuple[str, str] | None:
    if line.plain.endswith((";", ",")) or ANNEX_LABEL.match(line.plain):
        return None
    m = THEME_HEADING.match(line.plain)
    if not m:
        return None
    code = m.group("a") or m.group("b") or m.group("c")
    title = line.plain[m.start("title"):].strip()
    return code, title


def _mode(tables: list[tuple[_Table, _Columns]]) -> str:
    """'codes' where activities start 'A1.', 'numbers' where they start '1.', else 'rows'."""
    firsts: list[Line] = []
    for table, cols in tables:
        for row in table.rows[cols.header_row + 1:]:
            cell = _cell_at(row, cols.description)
            if cell is not None:
                firsts += [line for line in cell.lines if not line.bullet]
    if any(LETTER_CODE.match(line.plain) and re.search(r"\d", line.plain[:4]) for line in firsts):
        return "codes"
    if sum(1 for line in firsts if TASK_NUMBER.match(line.plain)) >= 2:
        return "numbers"
    return "rows"


def read_word_programme(path: Path, shown_as: str | None = None, partner: str | None = None) -> ImportedProgramme:
    """The themes, groups and activities of a work programme's tables; WordProgrammeError if there are none.

    `shown_as`: the name messages and the result give the file (e.g. an upload's own name);
    `partner`: the partner convention a 'Lead' column may name beside CMS and Joint; None: the one
    the title names beside CMS ('CMS-Ramsar ...'), else CITES (the result says which).
    """
    path = Path(path)
    name = shown_as or str(path)
    file = Path(shown_as).name if shown_as else path.name
    document = open_document(path, shown_as)
    styles = _Styles(document)
    blocks: list[tuple[str, object]] = []
    count = 0
    for kind, value in _blocks(document, styles):
        if kind == "tbl":
            count += 1
            blocks.append(("tbl", _table(value, count, styles)))
        else:
            blocks.append(("p", value))
    tables = [t for k, t in blocks if k == "tbl"]
    if not tables:
        raise WordProgrammeError(
            f"{name} has no table; the activities are read from the document's tables (a header row with a "
            f"column such as 'Description of envisaged joint activities' and 'Timeframe', then a row per "
            f"activity or group). Put the work programme's activities in a table and import it again.")
    columns = {t.number: _columns(t) for t in tables}
    usable = [(t, columns[t.number]) for t in tables if columns[t.number] is not None]
    if not usable:
        seen = "; ".join(f"table {t.number} starts '{_shown(_first_row_text(t))}'" for t in tables[:5])
        raise WordProgrammeError(
            f"{name}: no table has a description column ({seen}); expected a header row with a column "
            f"headed 'Description' (e.g. 'Description of envisaged joint activities'), or 'Activities' beside "
            f"a 'Timeframe' column.")
    reader = _Reader(file, _mode(usable))
    programme_title, programme_intro = "", ""
    paragraphs: list[Line] = []
    previous_table: _Table | None = None  # the last activity table, while only blank paragraphs follow it
    read: list[int] = []
    skipped: list[tuple[int, str]] = []
    for kind, value in blocks:
        if kind == "p":
            paragraphs += value
            continue
        table: _Table = value
        cols = columns[table.number]
        if cols is None and previous_table is not None and not paragraphs and table.grid == previous_table.grid:
            # a table split by a page break whose header row was not repeated: the columns of the one before
            cols = replace(columns[previous_table.number], header_row=-1)
            columns[table.number] = cols
        if cols is None:
            skipped.append((table.number, _first_row_text(table)))
            paragraphs, previous_table = [], None
            continue
        heading_at = _last_heading(paragraphs)
        if heading_at is None and not reader.themes:
            programme_title, programme_intro = _programme_block(paragraphs)
            code = "A"
            title = f"(no heading before table {table.number}; give the theme's title)"
            reader.notes.append(f"Table {table.number}: no theme heading such as '(A) Title' before it; "
                                f"its activities were put in theme A, whose title must be written in.")
            reader.new_theme(code, title, "", table.number)
        elif heading_at is not None:
            if not reader.themes:
                programme_title, programme_intro = _programme_block(paragraphs[:heading_at])
            elif heading_at > 0:
                for line in paragraphs[:heading_at]:
                    reader.unplaced.append(Unplaced(table.number, None, line.plain,
                                                    "text between two tables that is not a theme heading"))
            code, title = _theme_heading(paragraphs[heading_at]) or ("", paragraphs[heading_at].plain)
            intro = "\n".join(line.text for line in paragraphs[heading_at + 1:])
            reader.new_theme(code or _next_letter(reader), title, intro, table.number)
        else:
            for line in paragraphs:
                reader.unplaced.append(Unplaced(table.number, None, line.plain,
                                                "text between two tables of a theme"))
        continues = heading_at is None and previous_table is not None and not paragraphs
        for index in range(cols.header_row + 1, len(table.rows)):
            reader.read_row(table, index, cols, continues and index == cols.header_row + 1)
        read.append(table.number)
        paragraphs, previous_table = [], table
    if not reader.activities:
        raise WordProgrammeError(
            f"{name}: the tables with a description column ({', '.join(f'table {n}' for n in read)}) hold no "
            f"activity; expected rows below the header, each with an activity's description.")
    themes = [t for t in reader.themes if any(a.theme == t.code for a in reader.activities)]
    if partner and partner.strip():
        partner, partner_from = " ".join(partner.split()), "given"
    elif partner_in(programme_title):
        partner, partner_from = partner_in(programme_title), "the title"
    else:
        partner, partner_from = DEFAULT_PARTNER, "the default"
    _read_leads(reader.activities, partner)
    return ImportedProgramme(file, programme_title, programme_intro, themes, reader.activities,
                             reader.unplaced, reader.notes, read, skipped, partner, partner_from)


def _read_leads(activities: list[ImportedActivity], partner: str) -> None:
    """Each 'Lead' cell as CMS, the partner or Joint; anything else kept in the Comments as written."""
    leads = leads_for(partner)
    for a in activities:
        if not a.lead_written:
            continue
        a.lead = leads.get(" ".join(a.lead_written.lower().split()), "")
        if not a.lead:
            note = f"Lead as written: {a.lead_written}"
            a.comments = f"{note}\n{a.comments}" if a.comments else note


def _next_letter(reader: _Reader) -> str:
    return next(c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if all(t.code != c for t in reader.themes))


def _last_heading(paragraphs: list[Line]) -> int | None:
    """Index of the theme heading among the paragraphs before a table: the last '(A) Title'."""
    found = [i for i, line in enumerate(paragraphs) if _theme_heading(line) is not None]
    if not found:
        return None
    styled = [i for i in found if paragraphs[i].heading]
    return (styled or found)[-1]


def _programme_block(paragraphs: list[Line]) -> tuple[str, str]:
    """The programme's title and introduction: the paragraphs after the last 'Annex N' label."""
    labels = [i for i, line in enumerate(paragraphs) if ANNEX_LABEL.match(line.plain)]
    block = paragraphs[labels[-1] + 1:] if labels else paragraphs
    candidates = [i for i, line in enumerate(block)
                  if len(line.plain) <= 200 and not line.plain.endswith((".", ":", ";", ",")) and not line.bullet]
    named = [i for i in candidates if re.search(r"programme|program|plan\b|activities", block[i].plain, re.I)]
    chosen = (named or candidates or [None])[0]
    if chosen is None:
        return "", "\n".join(line.text for line in block)
    return block[chosen].plain, "\n".join(line.text for line in block[chosen + 1:])


def _shown(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
