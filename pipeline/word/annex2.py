"""Annex 2: the programme presented to the Committee, with the status of every activity.

For each theme: its heading and introduction, then a table of the activities with
their timeframe exactly as written, the computed status (shaded in its colour, with
the reason) and the log rows the status rests on.
"""
from __future__ import annotations

from docx.document import Document

from pipeline.wording import sentences as prose
from pipeline.word.annex1 import fit_widths, report_table
from pipeline.word.text import add_spans, add_underlined, cell_paragraph, lines, styled
from pipeline.word.ooxml import add_row, keep_row_whole, merge_row, shade_cell
from pipeline.model import LogEntry, Theme
from pipeline.report_model import ProgrammeReport
from pipeline.status.vocabulary import ActivityStatus

HEADERS = ("Description of envisaged joint activities", "Timeframe", "Status", "Evidence")
SHARES = (0.50, 0.12, 0.17, 0.21)  # of the landscape text width
NO_EVIDENCE = "—"


def evidence_line(entry: LogEntry) -> str:
    """'19-23 July 2010, Genazzano: FAO/CITES workshop ...': when, where, what."""
    where = ", ".join(p for p in (prose.format_fuzzy(entry.start, entry.end), entry.venue.strip()) if p)
    return f"{where}: {entry.title}" if where else entry.title


def _group_row(table, group: str) -> None:
    """An underlined heading spanning the table, where the activities' group changes."""
    row = add_row(table)
    keep_row_whole(row)
    merged = merge_row(row)
    add_underlined(cell_paragraph(merged, "Table Group"), group)


def _activity_row(table, s: ActivityStatus) -> None:
    """Description, timeframe as written, shaded status with its reason, and evidence."""
    row = add_row(table)
    keep_row_whole(row)
    description, timeframe, status, evidence = row.cells
    texts = lines(s.activity.description) or [""]
    add_spans(cell_paragraph(description, "Table Text"), f"{s.activity.code}. {texts[0]}")
    for extra in texts[1:]:
        add_spans(cell_paragraph(description, "Table Text"), extra)
    cell_paragraph(timeframe, "Table Text").add_run(s.activity.timeframe)
    cell_paragraph(status, "Table Text").add_run(s.status.value).bold = True
    if s.reason:
        cell_paragraph(status, "Table Note").add_run(s.reason)
    shade_cell(status, s.status.fill)
    for line in [evidence_line(e) for e in s.evidence] or [NO_EVIDENCE]:
        cell_paragraph(evidence, "Table Note").add_run(line)


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
        expecting = stripped.endswith(":") or (expecting and stripped.endswith((";", "; and", "; or")))
    return items


def write_intro(document: Document, text: str, keep_with_table: bool = False) -> None:
    """An introduction: a paragraph per line, its listed items as bullets.

    A theme's introduction is kept on the page where its table starts, so a heading and
    its introduction are never left alone at the foot of a page.
    """
    for line, bullet in list_items(lines(text)):
        style = "Annex Bullet" if bullet and "Annex Bullet" in _style_names(document) else "Annex Text"
        paragraph = add_spans(styled(document.add_paragraph(), style), line)
        if keep_with_table:
            paragraph.paragraph_format.keep_with_next = True


def _style_names(document: Document) -> set[str]:
    return {s.name for s in document.styles}


def _theme(document: Document, report: ProgrammeReport, theme: Theme) -> None:
    """A theme's heading '(A) title', its introduction, and its table."""
    styled(document.add_paragraph(f"({theme.code}) {theme.title}"), "Heading 2")
    write_intro(document, theme.introduction, keep_with_table=True)
    table = report_table(document, HEADERS)
    group = None
    for s in report.statuses_of_theme(theme.code):
        if s.activity.group.strip() and s.activity.group != group:
            _group_row(table, s.activity.group.strip())
        group = s.activity.group
        _activity_row(table, s)
    fit_widths(document, table, SHARES)


def write_annex2(document: Document, report: ProgrammeReport) -> None:
    """Annex 2: the planned programme's title, its introduction, then theme by theme."""
    styled(document.add_paragraph("Annex 2"), "Annex Label")
    styled(document.add_paragraph(report.programme.title.upper()), "Annex Subtitle")
    write_intro(document, report.programme.introduction)
    for theme in report.themes:
        _theme(document, report, theme)
