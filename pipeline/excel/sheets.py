"""The table sheets of the report workbook: Activities, Species, Evidence,
Data issues and Legend. Each is one header row and one row per record, so
staff can sort and filter them; the figures come from ReportData as computed."""
from __future__ import annotations

from typing import Iterator

from openpyxl.worksheet.worksheet import Worksheet

from openpyxl.styles import Font

from pipeline.wording.markup import plain_text
from pipeline.history.known_issues import mark_issues
from pipeline.model import DataIssue, LogEntry
from pipeline.report_model import ProgrammeReport, ReportData
from pipeline.status.vocabulary import STATUS_ORDER, ActivityStatus, Rollup
from pipeline.excel.cells import (
    DATE, FUZZY, NUMBER, PERCENT, STATUS, TEXT, WRAP_TEXT, YES_NO, Col, set_print, solid_fill,
    write_table_sheet)
from pipeline.wording.language import ENGLISH, Language, language
from pipeline.wording.reason_sentences import reason_text
from pipeline.wording.workbook_words import legend_rule, planned_events_line, timeframe_text, workbook_text

LIST_SEPARATOR = "; "

# The Activities sheet prints like a document (issue 21): one landscape page wide, each column
# as narrow as its content allows (long texts wrap, a date takes its longest '30 September 2011'),
# so that it takes as few pages as its rows need.
_DAY = len("30 September 2011")
ACTIVITY_COLUMNS = (
    Col("Programme", WRAP_TEXT, 10), Col("Code", TEXT, 6), Col("Theme", TEXT, 7), Col("Group", WRAP_TEXT, 12),
    Col("Description", WRAP_TEXT, 42), Col("Timeframe", WRAP_TEXT, 14), Col("Timeframe read as", WRAP_TEXT, 16),
    Col("Window start", DATE, _DAY), Col("Window end", DATE, _DAY), Col("Lead", TEXT, 7),
    Col("Species", WRAP_TEXT, 14), Col("External funding", YES_NO, 9), Col("Status", STATUS, 13),
    Col("Reason", WRAP_TEXT, 42), Col("Since", DATE, _DAY), Col("Last evidence", DATE, _DAY),
    Col("Evidence rows", NUMBER, 9), Col("Next due", DATE, _DAY),
)

COUNT_COLUMNS = tuple(Col(s.value, NUMBER) for s in STATUS_ORDER) + (
    Col("% completed", PERCENT), Col("% on schedule", PERCENT))

SPECIES_COLUMNS = (Col("Programme"), Col("Species"), Col("Scientific name"),
                   Col("Activities", NUMBER)) + COUNT_COLUMNS

EVIDENCE_COLUMNS = (
    Col("Programme"), Col("Entry"), Col("Start", FUZZY), Col("End", FUZZY), Col("Date precision"),
    Col("Happened by", FUZZY), Col("Counts from", DATE), Col("Date source", WRAP_TEXT),
    Col("Event", WRAP_TEXT), Col("Venue"), Col("Country"), Col("Kind"), Col("Outcome"),
    Col("Activities"), Col("Species"), Col("Summary", WRAP_TEXT), Col("Reference", WRAP_TEXT),
    Col("Printed in Annex 1", YES_NO), Col("Counted as evidence", YES_NO),
)

PLANNED_EVENT_COLUMNS = (Col("Programme"), Col("Activity"), Col("Item"), Col("Planned for"), Col("Event", WRAP_TEXT),
                         Col("Happened", YES_NO), Col("Log entry"), Col("Happened on", DATE))

ISSUE_COLUMNS = (Col("New or known"), Col("Severity"), Col("File"), Col("Sheet"), Col("Row", NUMBER), Col("Column"),
                 Col("Value found", WRAP_TEXT), Col("Expected", WRAP_TEXT))
# 'New or known': new, or known when the meeting's previous report listed the same issue (same place and text)
NEW_ISSUE, KNOWN_ISSUE = "new", "known (in the previous report)"
NO_ISSUES = "No data issues"

LEGEND_COLUMNS = (Col("Status", STATUS), Col("Colour"), Col("Counts as on schedule", YES_NO),
                  Col("Rule", WRAP_TEXT))

# One sentence per status, from the table of docs/status-rules.md.
def programmes(report: ReportData) -> tuple[ProgrammeReport, ...]:
    """The reported programme, then the planned one when there is one."""
    return (report.reported,) if report.planned is None else (report.reported, report.planned)


def write_activities(ws: Worksheet, report: ReportData) -> None:
    """One row per activity with its status, why, and the dates a reader acts on."""
    lang = language(report.language)
    rows = (_activity_row(p.programme.id, s, lang, _planned_line(p, s, report.as_of, lang))
            for p in programmes(report) for s in p.statuses)
    write_table_sheet(ws, ACTIVITY_COLUMNS, rows, lang)
    set_print(ws, "1:1", one_page_wide=True)  # one page wide: 43 rows on 4 pages, not 15


def _planned_line(p: ProgrammeReport, s: ActivityStatus, as_of, lang: Language) -> str:
    """'Planned events that happened by 31 October 2013: 3 of 13.' for an activity with dated items; else ''."""
    planned = p.planned_events_of(s.activity.code)
    if not planned:
        return ""
    return planned_events_line(sum(e.has_happened for e in planned), len(planned), lang.date(as_of), lang)


def _activity_row(programme_id: str, s: ActivityStatus, lang: Language = ENGLISH,
                  planned: str = "") -> tuple[object, ...]:
    a, t = s.activity, s.timeframe
    reason = f"{reason_text(s, lang)} {planned}" if planned else reason_text(s, lang)
    written = a.timeframe.strip() or t.as_written if lang.code != "en" else t.as_written  # fr/es: its translation
    return (programme_id, a.code, a.theme_code, a.group, plain_text(a.description), written, timeframe_text(t, lang),
            t.start, t.end, a.lead, LIST_SEPARATOR.join(a.species), a.external_funding, s.status,
            reason, s.since, s.last_evidence, len(s.evidence), s.next_due)


def has_planned_events(report: ReportData) -> bool:
    return any(p.planned_events for p in programmes(report))


def write_planned_events(ws: Worksheet, report: ReportData) -> None:
    """Each dated item of an activity's list (e.g. D4's joint events), when it was planned, and
    whether and where the log shows it happened by the status date."""
    lang = language(report.language)
    rows = ((p.programme.id, e.event.activity, e.event.item, e.event.when.as_written, e.event.event,
             e.has_happened, e.happened.id if e.happened else "", e.happened.latest if e.happened else None)
            for p in programmes(report) for e in p.planned_events)
    write_table_sheet(ws, PLANNED_EVENT_COLUMNS, rows, lang)


def count_values(r: Rollup) -> tuple[object, ...]:
    """The status counts of a roll-up in STATUS_ORDER, then its two shares."""
    return tuple(r.count(s) for s in STATUS_ORDER) + (r.share_completed, r.share_on_schedule)


def write_species(ws: Worksheet, report: ReportData) -> None:
    """The species roll-ups: how each species' activities stand."""
    scientific = {s.common_name: s.scientific_name for s in report.species}
    rows = ((p.programme.id, r.key, scientific.get(r.key, ""), r.total) + count_values(r)
            for p in programmes(report) for r in p.rollups if r.dimension == "species")
    write_table_sheet(ws, SPECIES_COLUMNS, rows, language(report.language))


def write_evidence(ws: Worksheet, report: ReportData) -> None:
    """Every log row, so any status can be traced back to the meeting behind it."""
    lang = language(report.language)
    write_table_sheet(ws, EVIDENCE_COLUMNS, _evidence_rows(report, lang), lang)


def _evidence_rows(report: ReportData, lang: Language = ENGLISH) -> Iterator[tuple[object, ...]]:
    for p in programmes(report):
        counted = {e.id for s in p.statuses for e in s.evidence}
        for e in p.log:
            yield _evidence_row(p.programme.id, e, e.id in counted, lang)


def _evidence_row(programme_id: str, e: LogEntry, counted: bool, lang: Language = ENGLISH) -> tuple[object, ...]:
    """A log row as staff wrote it, with the day it counts from (None: it never counts)."""
    precision = e.start.precision if e.start else ""
    return (programme_id, e.id, e.start, e.end, workbook_text(precision, lang), e.happened_by, e.latest,
            e.date_source, e.title, e.venue, e.country, workbook_text(e.kind, lang),
            workbook_text(e.outcome, lang), LIST_SEPARATOR.join(e.activities), LIST_SEPARATOR.join(e.species),
            plain_text(e.summary), e.reference, e.in_annex, counted)


def write_issues(ws: Worksheet, issues: tuple[DataIssue, ...], known=None, lang: Language = ENGLISH) -> None:
    """Every data issue with the place to fix it, the new ones first (pipeline/history/known_issues.py);
    an explicit line when there are none. The messages themselves are in English, as validate prints them."""
    rows = [(KNOWN_ISSUE if m.known else NEW_ISSUE, m.issue.severity, m.issue.file, m.issue.sheet, m.issue.row,
             m.issue.column, m.issue.value, m.issue.expected) for m in mark_issues(issues, known)]
    shown = [(workbook_text(mark, lang), workbook_text(severity, lang), *rest) for mark, severity, *rest in rows]
    write_table_sheet(ws, ISSUE_COLUMNS, shown or [(workbook_text(NO_ISSUES, lang),)], lang)
    for r, (mark, *_rest) in enumerate(rows, start=2):
        if mark == NEW_ISSUE and known is not None:
            ws.cell(row=r, column=1).font = Font(bold=True)


def write_legend(ws: Worksheet, lang: Language = ENGLISH) -> None:
    """What each status means and how it is coloured, for readers of the other sheets."""
    rows = [(s, workbook_text(s.colour, lang), s.on_schedule, legend_rule(s, lang)) for s in STATUS_ORDER]
    write_table_sheet(ws, LEGEND_COLUMNS, rows, lang)
    for r, status in enumerate(STATUS_ORDER, start=2):
        ws.cell(row=r, column=2).fill = solid_fill(status.fill)
