"""Carry-over: an activity of a successor programme names the activity it continues ('Continues':
'JWP 2012-2014 B10'), and the log rows of that activity, and of the ones it continues in turn,
count as evidence for it (as progress: docs/status-rules.md, "Carry-over")."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from pipeline.model import Activity, LogEntry, activity_reference

Key = tuple[str, str]  # (programme id, activity code in upper case)


def key_of(programme_id: str, code: str) -> Key:
    return programme_id.strip(), code.strip().upper()


def names_rows(entry: LogEntry, programme_id: str, code: str) -> bool:
    """Whether a log row names the activity: of its programme, its code among the row's (case and spaces aside)."""
    wanted = code.strip().upper()
    return entry.programme_id == programme_id and any(c.strip().upper() == wanted for c in entry.activities)


def activities_by_key(activities: Iterable[Activity]) -> dict[Key, Activity]:
    return {key_of(a.programme_id, a.code): a for a in activities}


def lineage(activity: Activity, by_key: Mapping[Key, Activity]) -> tuple[Key, ...]:
    """Every earlier activity this one continues, directly or through the ones it continues,
    nearest first, each once (a loop in the data ends the walk instead of running forever)."""
    seen = {key_of(activity.programme_id, activity.code)}
    found: list[Key] = []
    todo = list(activity.continues)
    while todo:
        programme_id, code = activity_reference(todo.pop(0))
        key = key_of(programme_id, code)
        if not code or key in seen:
            continue
        seen.add(key)
        found.append(key)
        if key in by_key:
            todo += by_key[key].continues
    return tuple(found)


def carried_rows(activity: Activity, by_key: Mapping[Key, Activity],
                 rows_naming: Callable[[str, str], Sequence[LogEntry]]) -> tuple[LogEntry, ...]:
    """The log rows of the earlier activities this one continues, each once, in lineage then log order."""
    rows: dict[str, LogEntry] = {}
    for programme_id, code in lineage(activity, by_key):
        for entry in rows_naming(programme_id, code):
            rows.setdefault(entry.id, entry)
    return tuple(rows.values())
