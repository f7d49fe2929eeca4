"""What changed between two dates: activities newly completed, newly overdue or at
risk, newly stalled, with new evidence but the same status, added to or removed
from the programme, and any other change of status.

`compare` takes the statuses before and after, either as computed
(ActivityStatus) or as stored in a snapshot (SnapshotRow). The sentences that
say the result in plain words are in pipeline/wording/change_sentences.py.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from pipeline.history.snapshots import EvidenceRef, SnapshotRow, snapshot_rows
from pipeline.status.vocabulary import ActivityStatus, Status

ATTENTION = (Status.OVERDUE, Status.AT_RISK)
# What the earlier date of a comparison is.
DATE, PREVIOUS_MEETING, PREVIOUS_MONTH = "date", "previous meeting", "previous month"


class ChangeKind(str, Enum):
    """The kinds of change, in the order a reader wants them."""

    COMPLETED = "Newly completed"
    OVERDUE_OR_AT_RISK = "Newly overdue or at risk"
    STALLED = "Newly stalled"
    OTHER = "Other change of status"
    NEW_EVIDENCE = "New evidence, status unchanged"
    ADDED = "Added to the programme"
    REMOVED = "Removed from the programme"

    @property
    def changes_status(self) -> bool:
        return self in (ChangeKind.COMPLETED, ChangeKind.OVERDUE_OR_AT_RISK, ChangeKind.STALLED, ChangeKind.OTHER)


KIND_ORDER = tuple(ChangeKind)


@dataclass(frozen=True)
class Change:
    """One activity that moved between the two dates."""

    kind: ChangeKind
    programme_id: str
    code: str
    theme: str
    description: str
    before: Status | None  # None: not in the programme before
    after: Status | None  # None: no longer in the programme
    evidence_added: tuple[EvidenceRef, ...] = ()  # log rows counted now and not before


@dataclass(frozen=True)
class Changes:
    """Everything that moved between `since` and `as_of`."""

    since: date
    as_of: date
    basis: str  # what `since` is: DATE (a chosen date), PREVIOUS_MEETING or PREVIOUS_MONTH (its end)
    changes: tuple[Change, ...]  # in KIND_ORDER, then programme and code
    compared: int  # activities present on both dates
    before_source: str = "computed"  # "computed" or "stored snapshot"
    meeting_number: int | None = None  # with PREVIOUS_MEETING: that meeting's number

    def of_kind(self, kind: ChangeKind) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind is kind)

    def counts(self) -> dict[ChangeKind, int]:
        return {k: len(self.of_kind(k)) for k in KIND_ORDER}

    @property
    def status_changes(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind.changes_status)


# ---------------------------------------------------------------- comparing


def _classify(before: SnapshotRow, after: SnapshotRow) -> ChangeKind | None:
    if before.status is not after.status:
        if after.status is Status.COMPLETED:
            return ChangeKind.COMPLETED
        if after.status in ATTENTION:
            return ChangeKind.OVERDUE_OR_AT_RISK
        if after.status is Status.STALLED:
            return ChangeKind.STALLED
        return ChangeKind.OTHER
    if after.evidence_ids - before.evidence_ids:
        return ChangeKind.NEW_EVIDENCE
    return None


def _new_evidence(before: SnapshotRow | None, after: SnapshotRow) -> tuple[EvidenceRef, ...]:
    seen = before.evidence_ids if before else frozenset()
    return tuple(e for e in after.evidence if e.entry not in seen)


def compare(
    before: Iterable[ActivityStatus | SnapshotRow],
    after: Iterable[ActivityStatus | SnapshotRow],
    since: date,
    as_of: date,
    basis: str = "",
    meeting_number: int | None = None,
    programmes: Collection[str] | None = None,
    before_source: str = "computed",
) -> Changes:
    """What changed from `before` (statuses as of `since`) to `after` (as of `as_of`).

    Activities are matched by programme and code (case and spaces aside). With
    `programmes`, only those programmes are compared: a programme followed on one
    date only is then not reported as all its activities added or removed.
    """
    old, new = snapshot_rows(before), snapshot_rows(after)
    if programmes is not None:
        old = tuple(r for r in old if r.programme_id in programmes)
        new = tuple(r for r in new if r.programme_id in programmes)
    old_by_key = {r.key: r for r in old}
    new_keys = {r.key for r in new}
    found: list[tuple[int, Change]] = []
    for position, row in enumerate(new):
        prior = old_by_key.get(row.key)
        kind = ChangeKind.ADDED if prior is None else _classify(prior, row)
        if kind is not None:
            found.append((position, _change(kind, row, prior.status if prior else None, row.status,
                                            _new_evidence(prior, row))))
    for position, row in enumerate(old):
        if row.key not in new_keys:
            found.append((len(new) + position, _change(ChangeKind.REMOVED, row, row.status, None, ())))
    found.sort(key=lambda pair: (KIND_ORDER.index(pair[1].kind), pair[0]))
    compared = sum(1 for r in new if r.key in old_by_key)
    return Changes(since, as_of, basis or DATE, tuple(c for _, c in found), compared,
                   before_source, meeting_number)


def _change(kind: ChangeKind, row: SnapshotRow, before: Status | None, after: Status | None,
            evidence: tuple[EvidenceRef, ...]) -> Change:
    return Change(kind, row.programme_id, row.code, row.theme, row.description, before, after, evidence)
