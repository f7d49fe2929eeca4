"""What changed, in words: the sentences of the meeting document and the workbook, and the
table the Dagster UI shows, from the comparison that pipeline/history/changes.py computes.
"""
from __future__ import annotations

from pipeline import markdown
from pipeline.dates import format_date
from pipeline.history.changes import PREVIOUS_MEETING, PREVIOUS_MONTH, Change, ChangeKind, Changes
from pipeline.report_model import ReportData
from pipeline.status.vocabulary import Status
from pipeline.wording.sentences import count_words, join_and, ordinal, short_description


def _name(change: Change, several_programmes: bool) -> str:
    where = f" of {change.programme_id}" if several_programmes else ""
    described = short_description(change.description)
    return f"{change.code}{where} ({described})" if described else f"{change.code}{where}"


def basis(changes: Changes) -> str:
    """What the earlier date is, as a sentence names it: 'the end of the previous month (31 July 2011)'."""
    when = format_date(changes.since)
    if changes.basis == PREVIOUS_MEETING and changes.meeting_number is not None:
        return f"the {ordinal(changes.meeting_number)} meeting of the Standing Committee ({when})"
    if changes.basis == PREVIOUS_MONTH:
        return f"the end of the previous month ({when})"
    return when


def headline(changes: Changes) -> str:
    """One sentence: how much moved between the two dates."""
    moved = len(changes.status_changes)
    evidence = len(changes.of_kind(ChangeKind.NEW_EVIDENCE))
    added = len(changes.of_kind(ChangeKind.ADDED))
    removed = len(changes.of_kind(ChangeKind.REMOVED))
    opening = f"Between {basis(changes)} and {format_date(changes.as_of)}"
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
    return f"{opening}, {join_and(parts)}."


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
            names = join_and([_name(c, several) for c in hits], "; " if len(hits) > 2 else ", ")
            sentences.append(f"{subject} {singular if len(hits) == 1 else plural}: {names}.")
    other = changes.of_kind(ChangeKind.OTHER)
    if other:
        items = [f"{_name(c, several)} from {c.before.value} to {c.after.value}" for c in other]
        subject = count_words(len(other), "other activity", "other activities", capital=True)
        sentences.append(f"{subject} changed status: {join_and(items, '; ')}.")
    return sentences


def sentences(changes: Changes) -> tuple[str, ...]:
    """The headline, then one sentence per kind of change, naming the activities."""
    return (headline(changes), *_detail_sentences(changes))


def paragraph(changes: Changes) -> str:
    return " ".join(sentences(changes))


def no_previous_meeting_sentence(meeting_code: str) -> str:
    return (f"No Standing Committee meeting before {meeting_code} is listed in meetings.xlsx, "
            "so no changes since the previous meeting are shown.")


def report_change_paragraphs(report: ReportData) -> list[str]:
    """What the meeting document says changed since the previous meeting (or a chosen date).

    Nothing when there is no earlier meeting and no date was chosen: a document for the
    Committee has nothing to compare with then. The month-on-month changes are for staff,
    in the workbook's Changes sheet and the monthly refresh.
    """
    if report.changes_since_meeting is None:
        return []
    return [paragraph(report.changes_since_meeting)]


def changes_table(changes: Changes) -> str:
    """The headline and a Markdown table of the changes, for the Dagster UI."""
    if not changes.changes:
        return headline(changes)
    table = markdown.table(
        ["Change", "Programme", "Activity", "Before", "After", "Evidence added"],
        ([c.kind.value, c.programme_id, f"{c.code}: {short_description(c.description)}",
          c.before.value if c.before else "—", c.after.value if c.after else "—",
          "; ".join(e.label for e in c.evidence_added) or "—"] for c in changes.changes))
    return f"{headline(changes)}\n\n{table}"
