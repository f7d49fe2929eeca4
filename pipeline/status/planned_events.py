"""Which of an activity's dated planned events (D4's list) had happened by the status date.

A planned event happened when a log row naming it in its 'Planned events' column is
dated by then (it counts from its last possible day, as evidence does).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pipeline.model import LogEntry, PlannedEvent


@dataclass(frozen=True)
class PlannedEventStatus:
    event: PlannedEvent
    happened: LogEntry | None  # the first log row (by date) naming it, dated by the status date

    @property
    def has_happened(self) -> bool:
        return self.happened is not None


def planned_event_statuses(events: Sequence[PlannedEvent], log: Sequence[LogEntry],
                           as_of: date) -> tuple[PlannedEventStatus, ...]:
    """Each planned event, in the sheet's order, with the log row that fulfilled it by `as_of`, if any."""
    fulfilled: dict[tuple[str, str], LogEntry] = {}
    dated = sorted((e for e in log if e.latest is not None and e.latest <= as_of), key=lambda e: e.latest)
    for entry in dated:
        for item in entry.planned_events:
            fulfilled.setdefault((entry.programme_id, item), entry)
    return tuple(PlannedEventStatus(p, fulfilled.get((p.programme_id, p.item))) for p in events)
