"""The Excel workbook of a report: the same figures as the Word document, as
tables staff can sort, filter and chart. Renders ReportData only; it reads no
inputs and computes no status."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from openpyxl import Workbook

from pipeline.report_model import ReportData
from pipeline.excel.attention import write_attention
from pipeline.excel.history import write_changes, write_trend
from pipeline.excel.sheets import (
    write_activities, write_evidence, write_issues, write_legend, write_species)
from pipeline.excel.summary import document_title, meeting_line, write_summary

SHEETS = ("Summary", "Attention", "Activities", "Species", "Evidence", "Changes", "Trend", "Data issues", "Legend")
CREATOR = "CMS Secretariat"


def write_xlsx(report: ReportData, path: Path, known_issues=None) -> Path:
    """Write the report workbook to `path` (its folder is created) and return the path.

    `known_issues`: the (place, text) of the data issues of the meeting's previous report
    (pipeline/publish/report_choices.previous_issue_keys); those are marked known, the others
    new and listed first. None: there is no previous report to compare with.
    """
    book = Workbook()
    book.remove(book.active)
    write_summary(book.create_sheet(SHEETS[0]), report)
    write_attention(book.create_sheet(SHEETS[1]), report)
    write_activities(book.create_sheet(SHEETS[2]), report)
    write_species(book.create_sheet(SHEETS[3]), report)
    write_evidence(book.create_sheet(SHEETS[4]), report)
    write_changes(book.create_sheet(SHEETS[5]), report)
    write_trend(book.create_sheet(SHEETS[6]), report)
    write_issues(book.create_sheet(SHEETS[7]), report.issues, known_issues)
    write_legend(book.create_sheet(SHEETS[8]))
    _set_properties(book, report)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _set_properties(book: Workbook, report: ReportData) -> None:
    """Document properties, so the file says what it is in Explorer, Finder and search."""
    props = book.properties
    props.title = document_title(report)
    props.subject = meeting_line(report.meeting)
    props.creator = CREATOR
    props.lastModifiedBy = CREATOR
    props.keywords = "; ".join((report.meeting.code, report.meeting.symbol,
                                f"status as of {report.as_of.isoformat()}", "CMS", "CITES"))
    props.description = (f"Status of joint CMS/CITES activities as of {report.as_of.isoformat()}, "
                         f"generated {report.generated_at:%Y-%m-%d %H:%M}.")
    props.created = _utc_naive(report.generated_at)
    props.modified = props.created


def _utc_naive(moment: datetime) -> datetime:
    """Document properties are stored in UTC without a zone; naive times are taken as UTC."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)
