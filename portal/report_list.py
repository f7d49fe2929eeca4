"""The staff page's list of earlier reports, as staff read it: the languages each report has,
about 20 reports a page, and a filter by status date. It works over the list the catalogue
returns (portal/catalog.py), so it stays quick when the catalogue answers from its index."""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.publish.report_index import group_reports
from portal.catalog import LANGUAGE_NAMES, Report, day_text

PER_PAGE = 20


def languages_of(report: Report) -> list[str]:
    """The report's languages in the staff's words ('English', 'French'), from the files it has."""
    codes = {kind.split(".", 1)[0] if "." in kind else "en" for kind in report.files}
    return [name for code, name in LANGUAGE_NAMES.items() if code in codes]


@dataclass(frozen=True)
class ReportPage:
    """One page of a meeting's earlier reports, filtered by status date (ISO, '' for all)."""

    reports: list[Report]
    number: int  # 1-based
    pages: int
    total: int  # after the filter
    status_date: str
    dates: list[tuple[str, str, int]]  # every status date of the list: (ISO, '31 August 2011', how many)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None

    @property
    def first_shown(self) -> int:
        return (self.number - 1) * PER_PAGE + 1 if self.reports else 0

    @property
    def last_shown(self) -> int:
        return self.first_shown + len(self.reports) - 1 if self.reports else 0


def report_page(reports: list[Report], number_text: str = "1", status_date: str = "") -> ReportPage:
    """The page asked for (a number out of range or not a number: the nearest page there is)."""
    counts: dict[str, int] = {}
    for r in reports:
        counts[r.as_of] = counts.get(r.as_of, 0) + 1
    dates = [(iso, day_text(iso), n) for iso, n in sorted(counts.items(), reverse=True)]
    if status_date not in counts:
        status_date = ""
    chosen = [r for r in reports if r.as_of == status_date] if status_date else list(reports)
    pages = max(1, -(-len(chosen) // PER_PAGE))
    try:
        number = min(max(1, int(number_text)), pages)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * PER_PAGE
    return ReportPage(chosen[start:start + PER_PAGE], number, pages, len(chosen), status_date, dates)


def grouped(reports: list[Report]) -> list[Report]:
    """The reports with those of the same status date and languages together: the newest status date
    first, then the most languages; newest made first inside a group (report_index.group_reports)."""
    return [r for group in group_reports(reports) for r in group.reports]
