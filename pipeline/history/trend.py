"""The trend across snapshots: how many activities stood at each status, month by month,
per programme, in total and per theme."""
from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from pipeline import markdown
from pipeline.history.snapshots import Snapshot, SnapshotRow, month_key
from pipeline.status.vocabulary import STATUS_ORDER, Status, StatusCounts, count_statuses

TOTAL = ""  # the theme of a programme's total row
STORED, COMPUTED = "stored snapshot", "computed"


@dataclass(frozen=True)
class TrendRow(StatusCounts):
    """Status counts of one programme (all themes, or one theme) as of one month's end."""

    month: str  # "2011-08"
    as_of: date
    programme_id: str
    theme: str  # a theme code; TOTAL ("") for the whole programme
    counts: tuple[tuple[Status, int], ...]  # every Status, in STATUS_ORDER
    source: str = STORED  # STORED or COMPUTED

    @property
    def is_total(self) -> bool:
        return self.theme == TOTAL


def _counts(rows: Iterable[SnapshotRow]) -> tuple[tuple[Status, int], ...]:
    return count_statuses(r.status for r in rows)


def _theme_order(codes: Iterable[str]) -> list[str]:
    return sorted(set(codes), key=lambda c: (len(c), c))


def trend(
    snapshots: Iterable[Snapshot],
    programmes: Collection[str] | None = None,
    source: str = STORED,
    sources: Sequence[str] | None = None,
) -> tuple[TrendRow, ...]:
    """Counts per status per month, for each programme in total and per theme.

    Rows are ordered by programme, then the total before the themes (A, B, ...), then
    month, so that each programme's total rows form one block a chart can draw.
    `sources`, one per snapshot, says where each came from (default: `source` for all).
    """
    snapshots = list(snapshots)
    labels = list(sources) if sources is not None else [source] * len(snapshots)
    dated = sorted(zip(snapshots, labels), key=lambda pair: pair[0].as_of)
    order: list[str] = []
    for snap, _ in dated:
        for p in snap.programmes or tuple(dict.fromkeys(r.programme_id for r in snap.rows)):
            if p not in order and (programmes is None or p in programmes):
                order.append(p)
    result: list[TrendRow] = []
    for programme in order:
        themes = _theme_order(r.theme for snap, _ in dated for r in snap.rows_of(programme))
        for theme in (TOTAL, *themes):
            for snap, label in dated:
                if snap.programmes and programme not in snap.programmes:
                    continue
                rows = [r for r in snap.rows_of(programme) if theme == TOTAL or r.theme == theme]
                if not rows and not snap.rows_of(programme):
                    continue
                result.append(TrendRow(month_key(snap.as_of), snap.as_of, programme, theme, _counts(rows), label))
    return tuple(result)


def trend_markdown(rows: Sequence[TrendRow], totals_only: bool = False) -> str:
    """A Markdown table for the Dagster UI; only the statuses that occur get a column."""
    rows = [r for r in rows if r.is_total or not totals_only]
    if not rows:
        return "_No snapshots to count._"
    shown = [s for s in STATUS_ORDER if any(r.count(s) for r in rows)]
    header = ["Month", "Programme", "Theme", *(s.value for s in shown), "Total"]
    return markdown.table(header, ([r.month, r.programme_id, r.theme or "all", *(r.count(s) for s in shown), r.total]
                                   for r in rows), right_aligned_from=3)
