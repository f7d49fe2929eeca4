"""Markdown tables, the one way the product writes them (Dagster UI metadata, the README's input format).

A cell never breaks its table: a "|" is escaped and a line break becomes a space.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence


def cell(text: object) -> str:
    """One table cell: pipes escaped, on one line."""
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def table(header: Sequence[str], rows: Iterable[Sequence[object]], right_aligned_from: int | None = None,
          limit: int | None = None) -> str:
    """A Markdown table; columns from `right_aligned_from` on are right-aligned (counts).

    With `limit`, at most that many rows are shown, then one "… and N more" row.
    """
    rows = list(rows)
    align = ["---" if right_aligned_from is None or i < right_aligned_from else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "|".join(align) + "|"]
    shown = rows if limit is None else rows[:limit]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in shown]
    if limit is not None and len(rows) > limit:
        lines.append("| " + " | ".join([f"… and {len(rows) - limit} more"] + [""] * (len(header) - 1)) + " |")
    return "\n".join(lines)
