"""Counting statuses per programme, theme and species, with the shares the report quotes."""
from __future__ import annotations

from collections.abc import Sequence

from pipeline import markdown
from pipeline.model import Programme, Species, Theme
from pipeline.status.vocabulary import STATUS_ORDER, ActivityStatus, Rollup, Status, count_statuses


def _counts(statuses: Sequence[ActivityStatus]) -> tuple[tuple[Status, int], ...]:
    return count_statuses(s.status for s in statuses)


def _species_names(species: Species) -> set[str]:
    """The names an activity may give a species by: common or scientific, any case."""
    return {species.common_name.strip().lower(), species.scientific_name.strip().lower()} - {""}


def compute_rollups(
    programme: Programme,
    themes: Sequence[Theme],
    statuses: Sequence[ActivityStatus],
    species: Sequence[Species],
) -> tuple[Rollup, ...]:
    """The programme total, then one roll-up per theme, then per species its activities name.

    The statuses are grouped once by theme and by the species names they give, so the cost
    grows with activities plus species, not with their product.
    """
    own = [s for s in statuses if s.activity.programme_id == programme.id]
    rollups = [Rollup(programme.id, "programme", programme.id, programme.title, _counts(own))]
    by_theme: dict[str, list[ActivityStatus]] = {}
    by_name: dict[str, list[int]] = {}
    for position, s in enumerate(own):
        by_theme.setdefault(s.activity.theme_code, []).append(s)
        for name in dict.fromkeys(n.strip().lower() for n in s.activity.species):
            by_name.setdefault(name, []).append(position)
    for theme in themes:
        if theme.programme_id != programme.id:
            continue
        rollups.append(Rollup(programme.id, "theme", theme.code, theme.title, _counts(by_theme.get(theme.code, []))))
    for sp in species:
        positions = sorted({i for name in _species_names(sp) for i in by_name.get(name, ())})
        if positions:
            name = sp.common_name
            rollups.append(Rollup(programme.id, "species", name, name, _counts([own[i] for i in positions])))
    return tuple(rollups)


def _row_name(rollup: Rollup) -> str:
    if rollup.dimension == "theme":
        return f"Theme {rollup.key}: {rollup.label}"
    if rollup.dimension == "species":
        return f"Species: {rollup.label}"
    return f"Total: {rollup.label}"


def status_table_markdown(rollups: Sequence[Rollup]) -> str:
    """A Markdown table of the roll-ups for the Dagster UI; only statuses that occur get a column."""
    if not rollups:
        return "_No activities to count._"
    shown = [s for s in STATUS_ORDER if any(r.count(s) for r in rollups)]
    header = ["Roll-up", *(s.value for s in shown), "Total", "% completed", "% on schedule"]
    return markdown.table(header, ([_row_name(r), *(r.count(s) for s in shown), r.total,
                                    f"{r.share_completed:.0%}", f"{r.share_on_schedule:.0%}"] for r in rollups),
                          right_aligned_from=1)
