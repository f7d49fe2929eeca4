"""Which data issues are new: an issue is known when an earlier report listed the same one,
compared by its place (file, sheet, row, column) and its text (value found, what was expected).
New issues come first wherever issues are listed: the command line, the staff page and the
workbook's Data issues sheet.

Which earlier report, the same everywhere (the staff page's status at a glance, a run's
workbook, the command line): the report marked as sent to the Committee (the meeting's, else
the previous meeting's), never a draft: an issue only a draft listed was reviewed by nobody
(report_choices.known_issues).

The record of a report's issues is kept in its report.json (pipeline/publish/manifest.py);
pipeline/publish/report_choices.py finds the previous report's record.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.model import DataIssue

# Words written beside an issue (command line, page, workbook). To move into pipeline/wording's catalogue.
NEW = "new"
KNOWN = "known"
KNOWN_NOTE = "already in the report sent to the Committee"


def issue_text(issue: DataIssue) -> str:
    """What the issue says, without its place: "found 'x'; expected …"."""
    found = f"found '{issue.value}'" if issue.value != "" else "found nothing"
    return f"{found}; {issue.expected}"


def issue_key(issue: DataIssue) -> tuple[str, str]:
    """(place, text): what two reports' issues are compared by."""
    return issue.place, issue_text(issue)


def issue_record(issues: Iterable[DataIssue]) -> list[dict[str, str]]:
    """The issues as report.json records them: [{"place": …, "text": …}]."""
    return [{"place": place, "text": text} for place, text in (issue_key(i) for i in issues)]


def keys_of_record(record: object) -> frozenset[tuple[str, str]] | None:
    """The keys of a recorded list; None when the record is missing or not a list."""
    if not isinstance(record, list):
        return None
    return frozenset((str(r.get("place", "")), str(r.get("text", ""))) for r in record if isinstance(r, dict))


@dataclass(frozen=True)
class MarkedIssue:
    issue: DataIssue
    known: bool  # listed in the report marked as sent (the meeting's, else the previous meeting's)

    @property
    def mark(self) -> str:
        return KNOWN if self.known else NEW


def mark_issues(issues: Iterable[DataIssue], known: Iterable[tuple[str, str]] | None) -> list[MarkedIssue]:
    """Every issue marked new or known, the new ones first (each group in its own order).

    Without a previous record (`known` None) every issue is new."""
    keys = frozenset(known or ())
    marked = [MarkedIssue(i, issue_key(i) in keys) for i in issues]
    return [m for m in marked if not m.known] + [m for m in marked if m.known]


def count_line(marked: list[MarkedIssue], had_previous: bool) -> str:
    """'3 new data issues; 19 already in the report sent to the Committee.' (or the plain count when no
    report is marked as sent, this meeting's or the previous meeting's)."""
    new = sum(not m.known for m in marked)
    known = len(marked) - new
    if not had_previous:
        return f"{len(marked)} data issue{'s' if len(marked) != 1 else ''} (no report marked as sent to the Committee to compare with)."
    return (f"{new} new data issue{'s' if new != 1 else ''}; "
            f"{known} {KNOWN_NOTE}.")
