"""The steps of making one report, as staff read them, and the log lines that mark them.

A report is made in one Dagster step (assets/report_assets.py, one multi-asset for the .docx,
.xlsx, .pdf and the published folder); inside it these steps run in this order, and each writes
a line to the run's log when it starts and when it is done (with what it counted). The command
line prints them and the staff page shows them from the run's log: the labels live here, once.
"""
from __future__ import annotations

import re

STEPS = (
    ("validated_inputs", "Checking the inputs"),
    ("activity_status", "Computing the status of each activity"),
    ("status_rollups", "Counting by theme and species, and what changed"),
    ("word_document", "Writing the Word document"),
    ("excel_workbook", "Writing the Excel workbook"),
    ("pdf_document", "Making the PDF"),
    ("published_report", "Putting the files in place"),
)
LABELS = dict(STEPS)

# The counts a step records, as staff read them, in this order.
COUNT_WORDS = (("activities", "activities"), ("log_entries", "log rows"), ("log_rows", "log rows"),
               ("sheets", "sheets"), ("data_issues", "data issues"))

_LINE = re.compile(r"^step (?P<key>[a-z_]+) (?P<what>started|done)(?:: (?P<detail>.*))?$")


def counted(counts: dict[str, int]) -> str:
    """'43 activities, 35 log rows, 19 data issues' from a step's counts (each kind once)."""
    words = dict.fromkeys(f"{counts[label]:,} {name}" for label, name in COUNT_WORDS if label in counts)
    return ", ".join(words)


def started_line(key: str) -> str:
    return f"step {key} started"


def done_line(key: str, counts: dict[str, int] | None = None) -> str:
    detail = counted(counts or {})
    return f"step {key} done" + (f": {detail}" if detail else "")


def read_line(message: str) -> tuple[str, str, str] | None:
    """(step key, 'started' or 'done', what it counted) for a step's line; None for any other line."""
    found = _LINE.match(message or "")
    if not found or found["key"] not in LABELS:
        return None
    return found["key"], found["what"], found["detail"] or ""
