"""Annex 1 as an implementation table: the programme reviewed, theme by theme, a row per activity.

For a programme shaped like the Joint Work Programme 2012-2014 (codes A1 ... D4, group headings,
timeframes, no numbered common tasks), as the Secretariat writes implementation tables: per theme
its heading, then a table whose group headings ('African elephant', 'Sharks') span the table, and
per activity its code, description, timeframe as written, status (shaded, with its reason, as in
Annex 2) and the events that advanced it, each after its date, in date order. Which layout a
programme gets is ProgrammeReport.annex1_layout; the list of tasks 2008-2011 is annex1.py.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from docx.document import Document

from pipeline.model import LogEntry, Theme
from pipeline.report_model import ProgrammeReport
from pipeline.status.planned_events import PlannedEventStatus
from pipeline.status.timeframes import format_period
from pipeline.status.vocabulary import ActivityStatus
from pipeline.word.annex1 import _lead_in, fit_widths, report_table, write_annex1_heading
from pipeline.word.annex2 import (EMU_PER_CHARACTER, LINES_KEPT_WHOLE, NO_EVIDENCE, STATUS_LINES, group_row,
                                  write_intro, write_status)
from pipeline.word.ooxml import add_row, keep_row_whole, usable_width
from pipeline.word.text import add_run, add_spans, cell_line, cell_paragraph, lines, styled, without_lead_in
from pipeline.wording import labels, sentences as prose
from pipeline.wording.language import ENGLISH, Language

SHARES = (0.06, 0.30, 0.10, 0.18, 0.36)  # Code | Activity | Timeframe | Status | Activities undertaken
TABLE_STYLE = "Implementation Table"  # the template's table style; a template without it: 'Report Table'
DESCRIPTION, EVENTS = 1, 4  # the columns whose length decides a row's height


def events_of(report: ProgrammeReport, code: str) -> list[LogEntry]:
    """The printed log rows of the report naming an activity, in date order (log order on the same date).

    The report's log holds only what had happened by the status date (pipeline/assemble.py)."""
    wanted = code.strip().upper()
    rows = [e for e in report.log if e.in_annex and wanted in {c.strip().upper() for c in e.activities}]
    return sorted(rows, key=_when)


def _when(entry: LogEntry) -> date:
    return entry.earliest or entry.reported_from_day or date.max


def event_label(entry: LogEntry, lang: Language = ENGLISH) -> str:
    """The label before an event's summary: the one staff wrote ('Label in Annex 1'), else its date."""
    return entry.annex_label.strip() or prose.format_fuzzy(entry.start, entry.end, lang)


def _text_lines(texts: list[str], characters_per_line: int) -> int:
    return sum(-(-max(len(t), 1) // characters_per_line) for t in texts)


def _write_events(cell, events: list[LogEntry], lang: Language) -> None:
    """Each event as a paragraph '<u>June 2012</u>: summary', its further lines after it; '—' for none."""
    if not events:
        add_run(cell_paragraph(cell, "Table Text"), NO_EVIDENCE)
        return
    for entry in events:
        texts = lines(entry.summary) or [""]
        first = cell_paragraph(cell, "Table Text")
        label = event_label(entry, lang)
        _lead_in(first, "", label, lang=lang)
        add_spans(first, without_lead_in(texts[0], label))
        for extra in texts[1:]:
            cell_line(cell, extra, "Table Text")


def _write_planned_events(cell, planned: tuple[PlannedEventStatus, ...], as_of: date, lang: Language) -> None:
    """An activity's dated items (D4's list of joint events): each with its date and whether it was held
    by the status date, after a line counting them."""
    held = sum(p.has_happened for p in planned)
    add_run(cell_paragraph(cell, "Table Text"), labels.planned_events_heading(held, len(planned), lang.date(as_of),
                                                                              lang), bold=True)
    for p in planned:
        when = prose.format_fuzzy(p.event.when, None, lang)
        held_on = prose.format_fuzzy(p.happened.start, p.happened.end, lang) if p.happened else ""
        outcome = labels.planned_event_outcome(held_on, p.event.when.latest <= as_of, lang)
        paragraph = cell_paragraph(cell, "Table Note")
        add_run(paragraph, lang.typography(f"{labels.paragraph_start(when)}: {p.event.event} \u2014 {outcome}"))


def _activity_row(table, report: ProgrammeReport, s: ActivityStatus, widths: list[int],
                  lang: Language = ENGLISH, as_of: date | None = None) -> None:
    """Code, description, timeframe as written, status with its reason, and the events that advanced it.

    A short row is kept on one page (annex2.LINES_KEPT_WHOLE); a long one may break across pages,
    as the header row repeats and widow/orphan control keeps two lines of it on each page."""
    row = add_row(table)
    code, description, timeframe, status, undertaken = row.cells
    texts = lines(s.activity.description) or [""]
    events = events_of(report, s.activity.code)
    per_line = [max(10, w // EMU_PER_CHARACTER) for w in widths]
    summaries = [t for e in events for t in lines(f"{event_label(e, lang)}: {e.summary}")]
    height = max(_text_lines(texts, per_line[DESCRIPTION]), _text_lines(summaries, per_line[EVENTS]), STATUS_LINES)
    if height <= LINES_KEPT_WHOLE:
        keep_row_whole(row)
    add_run(cell_paragraph(code, "Table Text"), s.activity.code, bold=True)
    add_spans(cell_paragraph(description, "Table Text"), texts[0])
    for extra in texts[1:]:
        cell_line(description, extra, "Table Text")
    # an empty timeframe is the programme's whole period (docs/status-rules.md): the reader sees it so
    period = format_period(report.programme.start_year, report.programme.end_year)
    add_run(cell_paragraph(timeframe, "Table Text"), s.activity.timeframe.strip() or period)
    write_status(status, s, lang)
    _write_events(undertaken, events, lang)
    planned = report.planned_events_of(s.activity.code)
    if planned and as_of is not None:
        _write_planned_events(undertaken, planned, as_of, lang)


def _theme(document: Document, report: ProgrammeReport, theme: Theme, as_of: date, lang: Language,
           progress: Callable[[], None]) -> None:
    """A theme's heading '(A) title', its comments if staff wrote any, and its table."""
    styled(document.add_paragraph(f"({theme.code}) {theme.title}"), "Heading 2")
    write_intro(document, theme.comments, keep_with_table=True)
    table = report_table(document, labels.implementation_table_headers(lang), TABLE_STYLE)
    width = usable_width(document.sections[-1])
    widths = [int(width * share) for share in SHARES]
    group = None
    for s in report.statuses_of_theme(theme.code):
        if s.activity.group.strip() and s.activity.group != group:
            group_row(table, s.activity.group.strip())
        group = s.activity.group
        _activity_row(table, report, s, widths, lang, as_of)
        progress()
    fit_widths(document, table, SHARES)


def write_annex1_table(document: Document, report: ProgrammeReport, as_of: date, lang: Language = ENGLISH,
                       progress: Callable[[int], None] | None = None) -> None:
    """Annex 1 as an implementation table: its title, then each theme's heading and table.

    `progress(activities written)`, when given, is called after each activity's row."""
    write_annex1_heading(document, report, as_of, lang)
    done = 0

    def advance() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done)

    for theme in report.themes:
        _theme(document, report, theme, as_of, lang, advance)
