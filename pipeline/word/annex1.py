"""Annex 1 as a list of tasks: the list of joint activities reported on, and what was done under each area.

(A programme without numbered tasks gets an implementation table instead: annex1_table.py.)

One row per theme: its tasks (each with its status), the area's comments, and the
summaries of the log rows that advanced the area, grouped as the Secretariat groups
them (by task numbers and species), in the order of the log: staff give the order,
the report does not re-sort it. A row marked 'Print in Annex 1: no' is evidence only.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from docx.document import Document
from docx.oxml.ns import qn
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from pipeline.wording import labels, sentences as prose
from pipeline.wording.language import ENGLISH, Language
from pipeline.word.text import add_spans, add_underlined, cell_paragraph, cell_text, lines, styled, without_lead_in
from pipeline.word.ooxml import (keep_row_whole, keep_with_next, repeat_as_header, set_widths, shade_run,
                                usable_width)
from pipeline.model import LABEL_ALONE, NEW_PARAGRAPH, RUN_ON, LogEntry, Theme
from pipeline.report_model import ProgrammeReport
from pipeline.status.vocabulary import ActivityStatus

HEADERS = labels.annex1_headers()  # in English; the report's language: labels.annex1_headers(lang)
SHARES = (0.13, 0.29, 0.22, 0.36)  # of the landscape text width

# Task numbers at the start of a label as staff write it: '2-3.', '1-2, 4.', '4.'
_TASK_NUMBERS = re.compile(r"^\s*(\d+(?:\s*[-\u2013,]\s*\d+)*\.)\s*(.*)$", re.S)


@dataclass
class SummaryItem:
    """One summary as printed, with the date labels of the log rows it stands for.

    `label` is the label staff wrote for it ('Label in Annex 1'), which replaces the one
    worked out from the tasks, group and dates; `paragraph` is how it starts (one of
    ANNEX_PARAGRAPHS: a paragraph of its own, its label alone first, or run on).
    """

    summary: str
    dates: list[str] = field(default_factory=list)
    label: str = ""
    paragraph: str = NEW_PARAGRAPH


@dataclass
class SummaryGroup:
    """Summaries printed under one task label ('1-3.') and group heading ('African elephant')."""

    label: str
    group: str
    items: list[SummaryItem] = field(default_factory=list)


def task_label(numbers: list[str]) -> str:
    """'1-4.' for 1,2,3,4; '2-3.'; '4.'; '1-2, 4.' for a gap; '' when no numbers are known."""
    values = sorted({int(n) for n in numbers if n.strip().isdigit()})
    others = sorted({n.strip() for n in numbers if n.strip() and not n.strip().isdigit()})
    runs: list[list[int]] = []
    for v in values:
        if runs and v == runs[-1][-1] + 1:
            runs[-1].append(v)
        else:
            runs.append([v])
    parts = [str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs] + others
    return ", ".join(parts) + "." if parts else ""


def split_label(label: str) -> tuple[str, str]:
    """A label as staff write it, as (task numbers, heading): '1-3. African elephant' ->
    ('1-3.', 'African elephant'); '2-3.' -> ('2-3.', ''); 'February 2009' -> ('', 'February 2009')."""
    text = label.strip()
    found = _TASK_NUMBERS.match(text)
    numbers, heading = (found.group(1), found.group(2)) if found else ("", text)
    return numbers, heading.strip().rstrip(":").strip()


def _theme_numbers(report: ProgrammeReport, theme_code: str) -> dict[str, str]:
    """activity code -> task number, for the activities of one theme."""
    return {s.activity.code: s.activity.number for s in report.statuses_of_theme(theme_code)}


def summary_groups(report: ProgrammeReport, theme_code: str, lang: Language = ENGLISH) -> list[SummaryGroup]:
    """The printed log rows of a theme, grouped by (task label, group) in order of first
    appearance, each group in the order of the log."""
    numbers = _theme_numbers(report, theme_code)
    groups: dict[tuple[str, str], list[LogEntry]] = {}
    for entry in report.log:
        codes = [c for c in entry.activities if c in numbers]
        if not codes or not entry.in_annex:
            continue
        key = (task_label([numbers[c] for c in codes]), entry.group.strip())
        groups.setdefault(key, []).append(entry)
    return [SummaryGroup(label, group, _items(rows, lang)) for (label, group), rows in groups.items()]


def _items(rows: list[LogEntry], lang: Language = ENGLISH) -> list[SummaryItem]:
    """One item per row; a summary already printed in the group is not printed again.

    Its date joins the first one instead ('September 2010 and September 2011: ...'),
    as the Secretariat writes a summary that stands for several events, unless a row
    gives the label as printed.
    """
    items: list[SummaryItem] = []
    # the item of each summary (stripped) and the set of its dates: looked up, not searched for
    by_summary: dict[str, tuple[SummaryItem, set[str]]] = {}
    for row in rows:
        label = prose.format_fuzzy(row.start, row.end, lang)
        found = by_summary.get(row.summary.strip())
        if found is not None:
            same, dates = found
            if label and label not in dates:
                same.dates.append(label)
                dates.add(label)
            same.label = same.label or row.annex_label.strip()
            continue
        item = SummaryItem(row.summary, [label] if label else [], row.annex_label.strip(), row.annex_paragraph)
        items.append(item)
        by_summary[row.summary.strip()] = (item, set(item.dates))
    return items


def _lead_in_of(group: SummaryGroup, index: int, item: SummaryItem, lang: Language = ENGLISH) -> tuple[str, str]:
    """(task numbers, heading) printed before an item: the label staff wrote; else the
    group's at its first item; else, in an area without task numbers or groups, the dates."""
    if item.label:
        return split_label(item.label)
    if group.label or group.group:
        return (group.label, group.group) if index == 0 else ("", "")
    return "", lang._(" and ").join(item.dates)


def _last_paragraph(cell: _Cell) -> Paragraph | None:
    """The cell's last paragraph if it has text (looked for only when a summary runs on).

    Walks back from the cell's last child: findall() would list every paragraph of the cell."""
    tag = qn("w:p")
    try:
        child = cell._tc[-1]  # lxml finds a negative index from the end
    except IndexError:
        child = None
    while child is not None and child.tag != tag:
        child = child.getprevious()
    last = Paragraph(child, cell) if child is not None else None
    return last if last is not None and last.runs else None


def _start(cell: _Cell, item: SummaryItem, numbers: str, heading: str, lang: Language = ENGLISH) -> Paragraph:
    """The paragraph an item's first line goes into, its lead-in already written."""
    before = _last_paragraph(cell) if item.paragraph == RUN_ON else None
    if before is not None:
        before.add_run(" ")
        _lead_in(before, numbers, heading, lang=lang)
        return before
    p = cell_paragraph(cell, "Table Text")
    if item.paragraph == LABEL_ALONE and (numbers or heading):
        _lead_in(p, numbers, heading, alone=True, lang=lang)
        keep_with_next(p)  # never alone at the foot of a page
        return cell_paragraph(cell, "Table Text")
    _lead_in(p, numbers, heading, lang=lang)
    return p


def _write_group(cell: _Cell, group: SummaryGroup, lang: Language = ENGLISH) -> None:
    """Print a group: each summary after its lead-in, if it has one."""
    for index, item in enumerate(group.items):
        texts = lines(item.summary) or [""]
        numbers, heading = _lead_in_of(group, index, item, lang)
        p = _start(cell, item, numbers, heading, lang=lang)
        add_spans(p, without_lead_in(texts[0], heading))
        for extra in texts[1:]:
            add_spans(cell_paragraph(cell, "Table Text"), extra)


def _lead_in(paragraph, numbers: str, heading: str, alone: bool = False, lang: Language = ENGLISH) -> None:
    """'1-3. African elephant: ' at the start of a summary; '1-3. African elephant:' alone."""
    if numbers:
        paragraph.add_run(numbers + ("" if alone and not heading else " "))
    if heading:
        add_underlined(paragraph, labels.paragraph_start(heading))  # 'Décembre 2008 :', not 'décembre 2008 :'
        paragraph.add_run(lang.typography(":" if alone else ": "))  # French: ' :' (no-break space)


def _write_tasks(cell: _Cell, statuses: tuple[ActivityStatus, ...], lang: Language = ENGLISH) -> None:
    """Each task as '1. description', then a small shaded line with its status."""
    for s in statuses:
        texts = lines(s.activity.description) or [""]
        number = f"{s.activity.number}. " if s.activity.number.strip() else ""
        add_spans(cell_paragraph(cell, "Table Text"), number + texts[0])
        for extra in texts[1:]:
            add_spans(cell_paragraph(cell, "Table Text"), extra)
        note = cell_paragraph(cell, "Table Note")
        note.add_run(labels.status_label(lang))
        shade_run(note.add_run(prose.status_name(s.status, lang)), s.status.fill)


def _write_theme_row(table, report: ProgrammeReport, theme: Theme, lang: Language = ENGLISH) -> None:
    """One area: title, tasks with status, comments, and what was done.

    An area's row is often taller than a page, so, as in the reference, it may break
    across pages (its header row repeats); a row kept whole would leave blank pages.
    """
    row = table.add_row()
    cells = row.cells
    cell_text(cells[0], theme.title, "Table Text")
    _write_tasks(cells[1], report.statuses_of_theme(theme.code), lang)
    cell_text(cells[2], theme.comments, "Table Text")
    for group in summary_groups(report, theme.code, lang):
        _write_group(cells[3], group, lang)


def header_row(table, headers: tuple[str, ...]) -> None:
    """The first row: column titles, repeated on every page, never split, and never left alone
    at the foot of a page (kept with the first row under it)."""
    row = table.rows[0]
    repeat_as_header(row)
    keep_row_whole(row)
    for cell, text in zip(row.cells, headers):
        cell_text(cell, text, "Table Heading")
        for paragraph in cell.paragraphs:
            keep_with_next(paragraph)


def report_table(document: Document, headers: tuple[str, ...], style: str = "Report Table"):
    """A table in a template's table style ('Report Table'; a template that lost the style asked for
    falls back to 'Report Table', then 'Table Grid'), its header row written."""
    table = document.add_table(rows=1, cols=len(headers))
    for name in dict.fromkeys((style, "Report Table", "Table Grid")):
        try:
            table.style = document.styles[name]
            break
        except KeyError:
            continue
    header_row(table, headers)
    return table


def fit_widths(document: Document, table, shares: tuple[float, ...]) -> None:
    """Share the page's text width among the columns (after all rows exist)."""
    width = usable_width(document.sections[-1])
    set_widths(table, [int(width * s) for s in shares])


def write_annex1_heading(document: Document, report: ProgrammeReport, as_of: date,
                         lang: Language = ENGLISH) -> None:
    """'Annex 1', the programme's title in capitals, 'STATE OF IMPLEMENTATION (AUGUST 2011)': in either layout."""
    styled(document.add_paragraph(labels.annex_label(1, lang)), "Annex Label")
    styled(document.add_paragraph(report.programme.title.upper()), "Annex Title")
    month = prose.format_month(as_of, lang)
    styled(document.add_paragraph(labels.state_of_implementation(month, lang)), "Annex Subtitle")


def write_annex1(document: Document, report: ProgrammeReport, as_of: date, lang: Language = ENGLISH,
                 progress: Callable[[int], None] | None = None) -> None:
    """Annex 1 as a list of tasks: title, state of implementation month, and the four-column table.

    `progress(activities written)`, when given, is called after each area's row."""
    write_annex1_heading(document, report, as_of, lang)
    table = report_table(document, labels.annex1_headers(lang))
    done = 0
    for theme in report.themes:
        _write_theme_row(table, report, theme, lang)
        if progress is not None:
            done += len(report.statuses_of_theme(theme.code))
            progress(done)
    fit_widths(document, table, SHARES)
