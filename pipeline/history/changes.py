"""What changed between two dates: activities newly completed, newly overdue or at
risk, newly stalled, with new evidence but the same status, added to or removed
from the programme, and any other change of status.

`compare` takes the statuses before and after, either as computed
(ActivityStatus) or as stored in a snapshot (SnapshotRow), and the sentences
here say the result in plain words for the meeting document.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING

from pipeline import markdown
from pipeline.dates import format_date
from pipeline.history.snapshots import EvidenceRef, SnapshotRow, snapshot_rows
from pipeline.status.vocabulary import ActivityStatus, Status

if TYPE_CHECKING:
    from pipeline.report_model import ReportData

ATTENTION = (Status.OVERDUE, Status.AT_RISK)
_SHORT_WORDS = 12
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


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
    basis: str  # what `since` is, as a sentence names it: "the end of the previous month (31 July 2011)"
    changes: tuple[Change, ...]  # in KIND_ORDER, then programme and code
    compared: int  # activities present on both dates
    before_source: str = "computed"  # "computed" or "stored snapshot"

    def of_kind(self, kind: ChangeKind) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind is kind)

    def counts(self) -> dict[ChangeKind, int]:
        return {k: len(self.of_kind(k)) for k in KIND_ORDER}

    @property
    def status_changes(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind.changes_status)

    def headline(self) -> str:
        """One sentence: how much moved between the two dates."""
        return _headline(self)

    def sentences(self) -> tuple[str, ...]:
        """The headline, then one sentence per kind of change, naming the activities."""
        return (_headline(self), *_detail_sentences(self))

    def paragraph(self) -> str:
        return " ".join(self.sentences())

    def markdown(self) -> str:
        """A Markdown table of the changes, for the Dagster UI."""
        return changes_markdown(self)


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
    return Changes(since, as_of, basis or format_date(since), tuple(c for _, c in found), compared,
                   before_source)


def _change(kind: ChangeKind, row: SnapshotRow, before: Status | None, after: Status | None,
            evidence: tuple[EvidenceRef, ...]) -> Change:
    return Change(kind, row.programme_id, row.code, row.theme, row.description, before, after, evidence)


# ---------------------------------------------------------------- words


def count_words(n: int, singular: str, plural: str, capital: bool = False) -> str:
    """'one activity', 'two activities', '12 activities' (numbers to ten in words)."""
    number = _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)
    text = f"{number} {singular if n == 1 else plural}"
    return text[0].upper() + text[1:] if capital else text


def _join_and(items: Sequence[str], separator: str = ", ") -> str:
    if len(items) <= 1:
        return "".join(items)
    return separator.join(items[:-1]) + " and " + items[-1]


def short_description(text: str, words: int = _SHORT_WORDS) -> str:
    """The first line of a description cut to a few words, enough to recognise the activity."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    tokens = first.split()
    short = " ".join(tokens[:words])
    return short.rstrip(",;:.") + " ..." if len(tokens) > words else short.rstrip(".")


def _name(change: Change, several_programmes: bool) -> str:
    where = f" of {change.programme_id}" if several_programmes else ""
    described = short_description(change.description)
    return f"{change.code}{where} ({described})" if described else f"{change.code}{where}"


def _headline(changes: Changes) -> str:
    moved = len(changes.status_changes)
    evidence = len(changes.of_kind(ChangeKind.NEW_EVIDENCE))
    added = len(changes.of_kind(ChangeKind.ADDED))
    removed = len(changes.of_kind(ChangeKind.REMOVED))
    opening = f"Between {changes.basis} and {format_date(changes.as_of)}"
    if not changes.changes:
        return f"{opening}, no activity changed status and the log records no new evidence."
    parts = []
    if moved and changes.compared > 1:
        parts.append(f"{moved} of the {changes.compared} activities compared changed status")
    elif moved:
        parts.append(f"{count_words(moved, 'activity', 'activities')} changed status")
    elif changes.compared:
        parts.append("no activity changed status")
    if evidence:
        more = "more" if moved else ""
        noun = count_words(evidence, f"{more} activity".strip(), f"{more} activities".strip())
        parts.append(f"{noun} {'has' if evidence == 1 else 'have'} new evidence in the log")
    if added:
        parts.append(f"{count_words(added, 'activity', 'activities')} "
                     f"{'was' if added == 1 else 'were'} added to the programme")
    if removed:
        parts.append(f"{count_words(removed, 'activity', 'activities')} "
                     f"{'was' if removed == 1 else 'were'} removed from the programme")
    return f"{opening}, {_join_and(parts)}."


# (kind or after-status, singular verb phrase, plural verb phrase)
_PHRASES = (
    (ChangeKind.COMPLETED, "has been completed", "have been completed"),
    (Status.OVERDUE, "has become overdue", "have become overdue"),
    (Status.AT_RISK, "is now at risk", "are now at risk"),
    (ChangeKind.STALLED, "has stalled", "have stalled"),
    (ChangeKind.NEW_EVIDENCE, "has new evidence in the log and no change of status",
     "have new evidence in the log and no change of status"),
    (ChangeKind.ADDED, "has been added to the programme", "have been added to the programme"),
    (ChangeKind.REMOVED, "has been removed from the programme", "have been removed from the programme"),
)


def _detail_sentences(changes: Changes) -> list[str]:
    several = len({c.programme_id for c in changes.changes}) > 1
    sentences = []
    for key, singular, plural in _PHRASES:
        if isinstance(key, Status):
            hits = [c for c in changes.of_kind(ChangeKind.OVERDUE_OR_AT_RISK) if c.after is key]
        else:
            hits = list(changes.of_kind(key))
        if hits:
            subject = count_words(len(hits), "activity", "activities", capital=True)
            names = _join_and([_name(c, several) for c in hits], "; " if len(hits) > 2 else ", ")
            sentences.append(f"{subject} {singular if len(hits) == 1 else plural}: {names}.")
    other = changes.of_kind(ChangeKind.OTHER)
    if other:
        items = [f"{_name(c, several)} from {c.before.value} to {c.after.value}" for c in other]
        subject = count_words(len(other), "other activity", "other activities", capital=True)
        sentences.append(f"{subject} changed status: {_join_and(items, '; ')}.")
    return sentences


# ---------------------------------------------------------------- the report's paragraphs


def no_previous_meeting_sentence(meeting_code: str) -> str:
    return (f"No Standing Committee meeting before {meeting_code} is listed in meetings.xlsx, "
            "so no changes since the previous meeting are shown.")


def report_change_paragraphs(report: "ReportData") -> list[str]:
    """What the meeting document says changed since the previous meeting (or a chosen date).

    Nothing when there is no earlier meeting and no date was chosen: a document for the
    Committee has nothing to compare with then. The month-on-month changes are for staff,
    in the workbook's Changes sheet and the monthly refresh.
    """
    if report.changes_since_meeting is None:
        return []
    return [report.changes_since_meeting.paragraph()]


# ---------------------------------------------------------------- Markdown (Dagster UI)


def changes_markdown(changes: Changes) -> str:
    lines = [f"{changes.headline()}", ""]
    if not changes.changes:
        return lines[0]
    lines.append(markdown.table(
        ["Change", "Programme", "Activity", "Before", "After", "Evidence added"],
        ([c.kind.value, c.programme_id, f"{c.code}: {short_description(c.description)}",
          c.before.value if c.before else "—", c.after.value if c.after else "—",
          "; ".join(e.label for e in c.evidence_added) or "—"] for c in changes.changes)))
    return "\n".join(lines)
