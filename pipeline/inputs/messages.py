"""The problems found in the inputs, in plain words for the person who must fix them.

Problems that must be fixed are listed first, numbered, then the warnings (which do
not stop a report and are listed in its 'Data issues' sheet), under one line that
counts both: "2 problems must be fixed; 19 warnings do not stop the report."

A problem with a whole file, a sheet or the header row reads
`meetings.xlsx: … is not an Excel workbook; open it in Excel and save it as .xlsx`;
a problem with a cell reads
`meetings.xlsx, sheet 'Meetings', row 2, column 'Number': found 'thirty-eight'; expected a whole number`.
"""
from __future__ import annotations

from collections.abc import Iterable

from pipeline.model import DataIssue

SHOWN_CHARACTERS = 60


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def counts(issues: Iterable[DataIssue]) -> str:
    """'2 problems must be fixed; 19 warnings do not stop the report.'"""
    issues = list(issues)
    errors = sum(1 for i in issues if i.fatal)
    warnings = len(issues) - errors
    fix = _plural(errors, "problem must", "problems must") + " be fixed" if errors else "Nothing must be fixed"
    warn = _plural(warnings, "warning does", "warnings do") + " not stop the report"
    return f"{fix}; {warn}."


def shown(value: str) -> str:
    """A cell's value as quoted in a message: a very long text is cut, with its length."""
    value = " ".join(str(value).split()) if "\n" in str(value) else str(value)
    if len(value) <= SHOWN_CHARACTERS:
        return value
    return f"{value[:SHOWN_CHARACTERS - 3]}... ({len(value):,} characters)"


def describe(issue: DataIssue) -> str:
    """One problem, with its place, what was found and what is expected."""
    if issue.row is None and not issue.sheet:  # the whole file: the text names it
        return issue.expected
    if issue.row is None or issue.row == 1:  # a sheet, the header row: the text says what is wrong
        return f"{issue.place}: {issue.expected}"
    found = f"found '{shown(issue.value)}'" if issue.value != "" else "the cell is empty"
    return f"{issue.place}: {found}; expected {issue.expected}"


def format_issues(issues: Iterable[DataIssue]) -> str:
    """Every problem and warning, problems first and numbered, under a line that counts them."""
    issues = list(issues)
    if not issues:
        return "No problems found."
    return listing(issues)


def listing(issues: list[DataIssue], after_counts: Iterable[str] = (),
            warnings: Iterable[tuple[str, DataIssue]] | None = None, order_note: str = "") -> str:
    """The counts line, any lines after it, the problems numbered, then the warnings.

    `warnings` gives the warnings with a mark ("new", "known") in the order to print them;
    by default, every warning of `issues` unmarked, in order.
    """
    errors = [i for i in issues if i.fatal]
    marked = list(warnings) if warnings is not None else [("", i) for i in issues if not i.fatal]
    lines = [counts(issues), *after_counts]
    if errors:
        lines += ["", "Must be fixed before a report can be made:"]
        lines += [f"  {n}. {describe(i)}" for n, i in enumerate(errors, start=1)]
    if marked:
        lines += ["", f"Warnings (listed in the report's 'Data issues' sheet; the report is still made){order_note}:"]
        lines += [f"  - {mark + ': ' if mark else ''}{describe(i)}" for mark, i in marked]
    return "\n".join(lines)
