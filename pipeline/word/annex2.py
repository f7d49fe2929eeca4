"""Annex 2: the programme presented to the Committee, with the status of every activity.

For each theme: its heading and introduction, then a table of the activities with
their timeframe exactly as written, the computed status (shaded in its colour) and, where
any activity of the theme has some, the log rows the status rests on.

As compact as the Secretariat's own annex: the status column gives the status's name; its
reason is printed only where the status needs the Committee's attention (overdue, at risk,
stalled, pending a decision), the others' reasons staying in the workbook, where they are
alike row after row ("Its window opens on 1 January 2012 ..."). A theme none of whose
activities has evidence has no Evidence column, rather than a column of dashes.
"""
from __future__ import annotations

from docx.document import Document
from docx.text.paragraph import Paragraph

from pipeline.wording import labels, sentences as prose
from pipeline.wording.language import ENGLISH, Language
from pipeline.wording.reason_sentences import reason_text
from pipeline.word.annex1 import fit_widths, report_table
from pipeline.word.text import (add_run, add_spans, add_underlined, bullet_item, cell_line, cell_paragraph,
                                has_style, lines, styled)
from pipeline.word.ooxml import add_row, keep_row_whole, keep_with_next, merge_row, shade_cell, usable_width
from pipeline.model import LogEntry, Theme
from pipeline.report_model import ProgrammeReport
from pipeline.status.vocabulary import ActivityStatus

HEADERS = labels.annex2_headers()  # in English; the report's language: labels.annex2_headers(lang)
SHARES = (0.50, 0.12, 0.17, 0.21)  # of the landscape text width
SHARES_WITHOUT_EVIDENCE = (0.76, 0.12, 0.12)  # a theme with no evidence: no Evidence column
NO_EVIDENCE = "—"

# Layout. A row of at most this many lines is kept on one page (pushed whole to the next, it
# leaves at most about a quarter of a landscape page blank); a longer row may break across
# pages, as the reference's long rows do, and widow/orphan control in the cells keeps at least
# two lines of it on each page.
LINES_KEPT_WHOLE = 4
# A description in several paragraphs (a '•' list: B1, C2, D2; D1's two paragraphs) is kept on one
# page up to this many lines: a list cut between two pages is what an editor mends first.
PARAGRAPHS_KEPT_WHOLE = 12
SHORT_INTRO = 3  # paragraphs: an introduction this short keeps with its table
STATUS_LINES = 4  # the status word and its reason, in the status column's small print
EMU_PER_CHARACTER = 63500  # an average character of the template's 10 pt Arial (5 pt wide)


def evidence_line(entry: LogEntry, lang: Language = ENGLISH) -> str:
    """'19-23 July 2010, Genazzano: FAO/CITES workshop ...': when, where, what."""
    where = ", ".join(p for p in (prose.format_fuzzy(entry.start, entry.end, lang), entry.venue.strip()) if p)
    return lang.typography(f"{where}: ") + entry.title if where else entry.title


def group_row(table, group: str) -> None:
    """An underlined heading spanning the table, where the activities' group changes.

    Never split, and kept on the page of the row that follows it: a group heading is never
    left alone at the foot of a page (its paragraph keeps with the next, which in a table
    keeps the row with the next row; set on the paragraph, whatever the template's style says).
    """
    row = add_row(table)
    keep_row_whole(row)
    merged = merge_row(row)
    paragraph = cell_paragraph(merged, "Table Group")
    add_underlined(paragraph, group)
    keep_with_next(paragraph)


def row_lines(texts: list[str], evidence: int, characters_per_line: int, reason: bool = True) -> int:
    """About how many lines a row takes: its longest column (description, status or evidence)."""
    described = sum(-(-max(len(t), 1) // characters_per_line) for t in texts)
    return max(described, STATUS_LINES if reason else 1, 2 * evidence)


def shows_reason(s: ActivityStatus) -> bool:
    """Whether the annex prints a status's reason: only where it needs the Committee's attention."""
    return bool(s.reason) and s.status.needs_attention


def _activity_row(table, s: ActivityStatus, characters_per_line: int = 70, lang: Language = ENGLISH) -> None:
    """Description, timeframe as written, shaded status (with its reason where it needs attention),
    and evidence when the table has that column.

    A short row is kept on one page; a long one may break across pages (LINES_KEPT_WHOLE),
    its status word kept with its reason. A description's '•' lines are a bulleted list.
    """
    row = add_row(table)
    texts = lines(s.activity.description) or [""]
    height = row_lines(texts, len(s.evidence), characters_per_line, shows_reason(s))
    if height <= LINES_KEPT_WHOLE or (len(texts) > 1 and height <= PARAGRAPHS_KEPT_WHOLE):
        keep_row_whole(row)
    description, timeframe, status, *evidence = row.cells
    add_spans(cell_paragraph(description, "Table Text"), f"{s.activity.code}. {texts[0]}")
    for extra in texts[1:]:
        cell_line(description, extra, "Table Text")
    add_run(cell_paragraph(timeframe, "Table Text"), s.activity.timeframe)
    write_status(status, s, lang, reason=shows_reason(s))
    for cell in evidence:
        for line in [evidence_line(e, lang) for e in s.evidence] or [NO_EVIDENCE]:
            add_run(cell_paragraph(cell, "Table Note"), line)
    for cell in row.cells:
        close_bottom(cell)


def close_bottom(cell) -> None:
    """No space after a cell's last paragraph: the cell's own margin closes it, as in the
    Secretariat's tables (the style's space after separates paragraphs within a cell)."""
    last = cell._tc.xpath("./w:p")[-1]
    Paragraph(last, cell).paragraph_format.space_after = 0


def write_status(cell, s: ActivityStatus, lang: Language = ENGLISH, reason: bool = True) -> None:
    """A status cell: the status word in bold, the cell in its colour, and (`reason`: Annex 1's
    implementation table always; Annex 2 where it needs attention, shows_reason) its reason in
    small print below, the word kept with it."""
    word = cell_paragraph(cell, "Table Text")
    add_run(word, prose.status_name(s.status, lang), bold=True)
    if reason and s.reason:
        keep_with_next(word)
        add_run(cell_paragraph(cell, "Table Note"), reason_text(s, lang))
    shade_cell(cell, s.status.fill)


_ITEM_ENDS = (";", "; and", "; or", "; et", "; ou", "; y", "; o")  # English, French, Spanish


def list_items(texts: list[str]) -> list[tuple[str, bool]]:
    """Each line with whether it is a bullet: the lines after one ending in ':', while each ends in ';'.

    As the reference prints '... with a focus on:' followed by the species, one a line,
    the last ending in '.', and then the paragraphs that follow.
    """
    items: list[tuple[str, bool]] = []
    expecting = False
    for text in texts:
        items.append((text, expecting))
        stripped = text.rstrip()
        expecting = stripped.endswith(":") or (expecting and stripped.endswith(_ITEM_ENDS))
    return items


def write_intro(document: Document, text: str, keep_with_table: bool = False) -> None:
    """An introduction: a paragraph per line, its listed items as bullets (a line that
    starts with '•', or an item of a list that a line ending in ':' opens).

    A theme's short introduction (up to SHORT_INTRO paragraphs) ends on the page where its
    table starts (its last paragraph keeps with the table; the heading keeps with the
    introduction by its style), so a heading and its introduction are never left alone at the
    foot of a page. A longer one may end a page, its heading above it, as a long introduction
    must: kept with the table, its last paragraph would be pushed over with the table's first
    rows, leaving the foot of the page blank.
    """
    paragraph = None
    items = list_items(lines(text))
    keep_with_table = keep_with_table and len(items) <= SHORT_INTRO
    for line, bullet in items:
        item = bullet_item(line)
        if item is not None:
            line, bullet = item, True
        paragraph = styled(document.add_paragraph(), "Annex Text")
        if bullet and has_style(paragraph, "Annex Bullet"):
            styled(paragraph, "Annex Bullet")
        add_spans(paragraph, line)
    if keep_with_table and paragraph is not None:
        keep_with_next(paragraph)


def _theme(document: Document, report: ProgrammeReport, theme: Theme, lang: Language = ENGLISH) -> None:
    """A theme's heading '(A) title', its introduction, and its table."""
    styled(document.add_paragraph(f"({theme.code}) {theme.title}"), "Heading 2")
    write_intro(document, theme.introduction, keep_with_table=True)
    statuses = report.statuses_of_theme(theme.code)
    with_evidence = any(s.evidence for s in statuses)
    headers = labels.annex2_headers(lang)
    shares = SHARES if with_evidence else SHARES_WITHOUT_EVIDENCE
    table = report_table(document, headers if with_evidence else headers[:3])
    characters_per_line = max(20, int(usable_width(document.sections[-1]) * shares[0]) // EMU_PER_CHARACTER)
    group = None
    for s in statuses:
        if s.activity.group.strip() and s.activity.group != group:
            group_row(table, s.activity.group.strip())
        group = s.activity.group
        _activity_row(table, s, characters_per_line, lang)
    fit_widths(document, table, shares)


def write_annex2(document: Document, report: ProgrammeReport, lang: Language = ENGLISH) -> None:
    """Annex 2: the planned programme's title, its introduction, then theme by theme."""
    styled(document.add_paragraph(labels.annex_label(2, lang)), "Annex Label")
    styled(document.add_paragraph(report.programme.title.upper()), "Annex Subtitle")
    write_intro(document, report.programme.introduction)
    for theme in report.themes:
        _theme(document, report, theme, lang)
