"""The vocabulary of implementation status: the statuses, their colours, and
the records the status rules produce. The rules themselves live in rules.py."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from datetime import date
from enum import Enum

from pipeline.model import Activity, LogEntry
from pipeline.status.reasons import Reason, english


class Status(str, Enum):
    COMPLETED = "Completed"
    IN_PROGRESS = "In progress"
    ONGOING = "Ongoing"
    NOT_YET_DUE = "Not yet due"
    NOT_STARTED = "Not started"
    AT_RISK = "At risk"
    STALLED = "Stalled"
    PENDING_DECISION = "Pending decision"
    OVERDUE = "Overdue"
    POSTPONED = "Postponed"
    CANCELLED = "Cancelled"
    UNRECOGNISED = "Timeframe not recognised"

    @property
    def colour(self) -> str:
        """green, grey, amber or red, as docs/status-rules.md assigns them."""
        return _COLOUR[self]

    @property
    def fill(self) -> str:
        """The RGB hex fill used for the status cell in Word and Excel."""
        return COLOUR_FILLS[self.colour]

    @property
    def on_schedule(self) -> bool:
        return self.colour in ("green",) or self in (Status.NOT_YET_DUE, Status.NOT_STARTED)

    @property
    def needs_attention(self) -> bool:
        return self in (Status.OVERDUE, Status.AT_RISK, Status.STALLED, Status.PENDING_DECISION)


_COLOUR = {
    Status.COMPLETED: "green",
    Status.IN_PROGRESS: "green",
    Status.ONGOING: "green",
    Status.NOT_YET_DUE: "grey",
    Status.NOT_STARTED: "grey",
    Status.AT_RISK: "amber",
    Status.STALLED: "amber",
    Status.PENDING_DECISION: "amber",
    Status.OVERDUE: "red",
    Status.POSTPONED: "grey",
    Status.CANCELLED: "grey",
    Status.UNRECOGNISED: "grey",
}

COLOUR_FILLS = {"green": "C6EFCE", "grey": "E7E6E6", "amber": "FFEB9C", "red": "FFC7CE"}

STATUS_ORDER = tuple(Status)


@dataclass(frozen=True)
class Timeframe:
    """A timeframe as written, and what the product reads it as.

    kind is one of: "fixed" (a window from start to end), "continuous"
    (On-going), "annual" (Annual and as-required), "pending" (depends on a
    decision, named in `decision`), "unrecognised".
    For continuous and annual timeframes, start and end are the programme's period.
    """

    as_written: str
    kind: str
    start: date | None
    end: date | None
    decision: str = ""
    read_as: str = ""  # a plain description, e.g. "1 January 2012 to 31 December 2013"


@dataclass(frozen=True)
class ActivityStatus:
    """The status of one activity as of a date, with the log rows it rests on."""

    activity: Activity
    timeframe: Timeframe
    as_of: date
    status: Status
    stated_reason: str  # why, as a sentence given as such; "" when `why` says it (see `reason`)
    evidence: tuple[LogEntry, ...]  # the log rows counted, oldest first
    since: date | None = None  # when the activity entered this status, if known
    next_due: date | None = None  # the next date something is due, if any
    why: Reason | None = None  # the reason as data (kind and values); None when read back from a snapshot

    @cached_property
    def reason(self) -> str:
        """One plain sentence in English: why this status. Worded from `why` the first time it is
        asked for, so the many statuses only counted (the Trend's months) never build a sentence."""
        return self.stated_reason or (english(self.why) if self.why is not None else "")

    @property
    def last_evidence(self) -> date | None:
        dates = [e.latest for e in self.evidence if e.latest]
        return max(dates) if dates else None


def count_statuses(statuses: Iterable[Status]) -> tuple[tuple[Status, int], ...]:
    """Every status in report order with how often it occurs, zeros included, so tables line up."""
    found = Counter(statuses)
    return tuple((status, found.get(status, 0)) for status in STATUS_ORDER)


class StatusCounts:
    """Totals and shares of a `counts` field: every Status with its number, in STATUS_ORDER."""

    counts: tuple[tuple[Status, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    def count(self, status: Status) -> int:
        return dict(self.counts)[status]

    @property
    def share_completed(self) -> float:
        return self.count(Status.COMPLETED) / self.total if self.total else 0.0

    @property
    def share_on_schedule(self) -> float:
        on = sum(n for s, n in self.counts if s.on_schedule)
        return on / self.total if self.total else 0.0


@dataclass(frozen=True)
class Tally(StatusCounts):
    """How many of any statuses stand at each status: StatusCounts' totals without a roll-up's labels."""

    counts: tuple[tuple[Status, int], ...]

    @classmethod
    def of(cls, statuses: Iterable[Status]) -> "Tally":
        return cls(count_statuses(statuses))


@dataclass(frozen=True)
class Rollup(StatusCounts):
    """Counts of statuses for one theme, one species, or the whole programme."""

    programme_id: str
    dimension: str  # "theme", "species" or "programme"
    key: str  # theme code, species common name, or programme id
    label: str  # theme title, species name, programme title
    counts: tuple[tuple[Status, int], ...]  # every Status, in STATUS_ORDER

