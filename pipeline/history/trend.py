"""The trend across snapshots: how many activities stood at each status, month by month,
per programme, in total and per theme."""
from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from pipeline import markdown
from pipeline.history.snapshots import Snapshot, month_key
from pipeline.status.vocabulary import STATUS_ORDER, ActivityStatus, Status, StatusCounts, count_statuses

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


def _theme_order(codes: Iterable[str]) -> list[str]:
    return sorted(set(codes), key=lambda c: (len(c), c))


class Counted(NamedTuple):
    """What the trend needs of one activity's status at one date."""

    programme_id: str
    theme: str
    status: Status


@dataclass(frozen=True)
class TrendPoint:
    """The statuses of one date, as the trend counts them."""

    as_of: date
    rows: Sequence[Counted]
    programmes: tuple[str, ...] = ()  # the programmes followed on that date; () for those its rows name
    source: str = STORED


def counted(s: ActivityStatus) -> Counted:
    """An activity's status just computed, as the trend counts it."""
    return Counted(s.activity.programme_id, s.activity.theme_code, s.status)


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
    points = [TrendPoint(snap.as_of, [Counted(r.programme_id, r.theme, r.status) for r in snap.rows],
                         snap.programmes, label) for snap, label in zip(snapshots, labels)]
    return trend_of_points(points, programmes)


def trend_of_points(points: Iterable[TrendPoint], programmes: Collection[str] | None = None) -> tuple[TrendRow, ...]:
    """The trend rows of `trend`, from statuses however they were found (stored or computed).

    Each point's rows are grouped once by programme and theme, so the cost grows with the
    rows and the months, not with their product times the themes.
    """
    dated = sorted(points, key=lambda point: point.as_of)
    order: list[str] = []
    seen: set[str] = set()
    # per point: {programme: {theme: [statuses]}}
    grouped: list[dict[str, dict[str, list[Status]]]] = []
    for point in dated:
        by_programme: dict[str, dict[str, list[Status]]] = {}
        for r in point.rows:
            by_programme.setdefault(r.programme_id, {}).setdefault(r.theme, []).append(r.status)
        grouped.append(by_programme)
        for p in point.programmes or tuple(by_programme):
            if p not in seen and (programmes is None or p in programmes):
                seen.add(p)
                order.append(p)
    result: list[TrendRow] = []
    for programme in order:
        themes = _theme_order(t for by_programme in grouped for t in by_programme.get(programme, {}))
        for theme in (TOTAL, *themes):
            for point, by_programme in zip(dated, grouped):
                if point.programmes and programme not in point.programmes:
                    continue
                of_programme = by_programme.get(programme)
                if not of_programme:
                    continue
                if theme == TOTAL:
                    statuses = [s for of_theme in of_programme.values() for s in of_theme]
                else:
                    statuses = of_programme.get(theme, [])
                result.append(TrendRow(month_key(point.as_of), point.as_of, programme, theme,
                                       count_statuses(statuses), point.source))
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
