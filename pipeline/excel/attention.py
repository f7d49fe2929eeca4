"""The Attention sheet: the activities someone must act on (overdue, at risk, stalled, pending a
decision), most pressing first, with what a reader needs to act: why, who leads, what is due
next and the latest evidence. It comes first after the Summary."""
from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from pipeline.wording.markup import plain_text
from pipeline.report_model import ReportData
from pipeline.status.vocabulary import Status
from pipeline.excel.cells import DATE, STATUS, WRAP_TEXT, Col, write_table_sheet
from pipeline.excel.sheets import programmes
from pipeline.wording.language import language
from pipeline.wording.reason_sentences import reason_text
from pipeline.wording.workbook_words import workbook_text

ATTENTION_STATUSES = (Status.OVERDUE, Status.AT_RISK, Status.STALLED, Status.PENDING_DECISION)
ATTENTION_COLUMNS = (
    Col("Programme"), Col("Code"), Col("Description", WRAP_TEXT), Col("Status", STATUS), Col("Reason", WRAP_TEXT),
    Col("Lead"), Col("Next due", DATE), Col("Last evidence", DATE),
)
NOTHING_NEEDS_ATTENTION = "No activity is overdue, at risk, stalled or pending a decision"


def attention_rows(report: ReportData) -> list[tuple[object, ...]]:
    """The activities needing attention, by status (overdue first), then in document order."""
    rank = {s: n for n, s in enumerate(ATTENTION_STATUSES)}
    found = [(p.programme.id, s) for p in programmes(report) for s in p.statuses if s.status in rank]
    found.sort(key=lambda item: rank[item[1].status])  # stable: document order within a status
    lang = language(report.language)
    return [(pid, s.activity.code, plain_text(s.activity.description), s.status, reason_text(s, lang), s.activity.lead,
             s.next_due, s.last_evidence) for pid, s in found]


def write_attention(ws: Worksheet, report: ReportData) -> None:
    lang = language(report.language)
    write_table_sheet(ws, ATTENTION_COLUMNS,
                      attention_rows(report) or [(workbook_text(NOTHING_NEEDS_ATTENTION, lang),)], lang)
