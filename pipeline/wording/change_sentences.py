"""What changed, in words: the sentences of the meeting document and the workbook, and the
table the Dagster UI shows, from the comparison that pipeline/history/changes.py computes.
"""
from __future__ import annotations

from pipeline import markdown
from pipeline.history.changes import PREVIOUS_MEETING, PREVIOUS_MONTH, Change, ChangeKind, Changes
from pipeline.report_model import ReportData
from pipeline.status.vocabulary import Status
from pipeline.wording.activity_lists import Listed, by_programme, is_short, join_and, name_activities
from pipeline.wording.language import ENGLISH, Language
from pipeline.wording.sentences import capital, number_words, short_description, status_name


def _activities(n: int, lang: Language, other: bool = False, more: bool = False) -> str:
    """'one activity', 'two other activities', '12 more activities'."""
    if other:
        text = lang.n_("{count} other activity", "{count} other activities", n)
    elif more:
        text = lang.n_("{count} more activity", "{count} more activities", n)
    else:
        text = lang.n_("{count} activity", "{count} activities", n)
    return text.format(count=number_words(n, lang))


def _listed(change: Change, several_programmes: bool, lang: Language) -> Listed:
    """The change's activity as a list names it, under its theme (and programme, if several)."""
    return Listed(change.code, change.theme, _name(change, several_programmes, lang),
                  change.programme_id if several_programmes else "")


def _moves(changes: list[Change], several: bool, lang: Language) -> list[tuple[str, Status, Status]]:
    """(who, before, after) per change; a long list names the codes once per move:
    'B2, B3 and C1 from Not yet due to Not started'."""
    if is_short(changes):
        return [(_name(c, several, lang), c.before, c.after) for c in changes]
    moves: dict[tuple[Status, Status], list[tuple[str, str]]] = {}
    for c in changes:
        moves.setdefault((c.before, c.after), []).append((c.code, c.programme_id if several else ""))
    return [(by_programme(codes, lang), before, after) for (before, after), codes in moves.items()]


def _name(change: Change, several_programmes: bool, lang: Language) -> str:
    where = lang._(" of {programme}").format(programme=change.programme_id) if several_programmes else ""
    # A change keeps the English description it was recorded with: a French or Spanish sentence
    # names the activity by its code alone rather than quote English inside it.
    described = short_description(change.description) if lang.is_source else ""
    return f"{change.code}{where} ({described})" if described else f"{change.code}{where}"


def basis(changes: Changes, lang: Language = ENGLISH) -> str:
    """What the earlier date is, as a sentence names it: 'the end of the previous month (31 July 2011)'."""
    when = lang.date(changes.since)
    if changes.basis == PREVIOUS_MEETING and changes.meeting_number is not None:
        return lang._("the {ordinal} meeting of the Standing Committee ({date})").format(
            ordinal=lang.ordinal(changes.meeting_number), date=when)
    if changes.basis == PREVIOUS_MONTH:
        return lang._("the end of the previous month ({date})").format(date=when)
    return lang.p_("since a chosen date", "{date}").format(date=when)


def headline(changes: Changes, lang: Language = ENGLISH) -> str:
    """One sentence: how much moved between the two dates."""
    moved = len(changes.status_changes)
    evidence = len(changes.of_kind(ChangeKind.NEW_EVIDENCE))
    added = len(changes.of_kind(ChangeKind.ADDED))
    removed = len(changes.of_kind(ChangeKind.REMOVED))
    opening = lang._("Between {since} and {date}").format(since=basis(changes, lang), date=lang.date(changes.as_of))
    if not changes.changes:
        return lang.typography(lang._("{opening}, no activity changed status and the log records no new evidence.")
                               .format(opening=opening))
    parts = []
    if moved and changes.compared > 1:
        parts.append(lang.n_("{moved} of the {compared} activities compared changed status",
                             "{moved} of the {compared} activities compared changed status", moved)
                     .format(moved=moved, compared=changes.compared))
    elif moved:
        parts.append(lang.n_("{activities} changed status", "{activities} changed status", moved)
                     .format(activities=_activities(moved, lang)))
    elif changes.compared:
        parts.append(lang._("no activity changed status"))
    if evidence:
        parts.append(lang.n_("{activities} has new evidence in the log", "{activities} have new evidence in the log",
                             evidence).format(activities=_activities(evidence, lang, more=bool(moved))))
    if added:
        parts.append(lang.n_("{activities} was added to the programme", "{activities} were added to the programme",
                             added).format(activities=_activities(added, lang)))
    if removed:
        parts.append(lang.n_("{activities} was removed from the programme",
                             "{activities} were removed from the programme", removed)
                     .format(activities=_activities(removed, lang)))
    return lang.typography(lang._("{opening}, {parts}.").format(opening=opening, parts=join_and(parts, lang=lang)))


def _phrase(key: ChangeKind | Status, n: int, lang: Language) -> str:
    """The verb phrase of a kind of change (or of the status an activity became), for n activities."""
    if key is ChangeKind.COMPLETED:
        return lang.n_("has been completed", "have been completed", n)
    if key is Status.OVERDUE:
        return lang.n_("has become overdue", "have become overdue", n)
    if key is Status.AT_RISK:
        return lang.n_("is now at risk", "are now at risk", n)
    if key is ChangeKind.STALLED:
        return lang.n_("has stalled", "have stalled", n)
    if key is ChangeKind.NEW_EVIDENCE:
        return lang.n_("has new evidence in the log and no change of status",
                       "have new evidence in the log and no change of status", n)
    if key is ChangeKind.ADDED:
        return lang.n_("has been added to the programme", "have been added to the programme", n)
    return lang.n_("has been removed from the programme", "have been removed from the programme", n)


_PHRASE_ORDER = (ChangeKind.COMPLETED, Status.OVERDUE, Status.AT_RISK, ChangeKind.STALLED, ChangeKind.NEW_EVIDENCE,
                 ChangeKind.ADDED, ChangeKind.REMOVED)


def _detail_sentences(changes: Changes, lang: Language) -> list[str]:
    several = len({c.programme_id for c in changes.changes}) > 1
    sentences = []
    for key in _PHRASE_ORDER:
        if isinstance(key, Status):
            hits = [c for c in changes.of_kind(ChangeKind.OVERDUE_OR_AT_RISK) if c.after is key]
        else:
            hits = list(changes.of_kind(key))
        if hits:
            names = name_activities([_listed(c, several, lang) for c in hits], lang, "; " if len(hits) > 2 else ", ")
            sentences.append(lang.typography(lang._("{activities} {phrase}: {names}.").format(
                activities=capital(_activities(len(hits), lang)), phrase=_phrase(key, len(hits), lang), names=names)))
    other = changes.of_kind(ChangeKind.OTHER)
    if other:
        items = [lang._("{name} from {before} to {after}").format(
            name=name, before=status_name(before, lang), after=status_name(after, lang))
            for name, before, after in _moves(other, several, lang)]
        sentences.append(lang.typography(lang.n_("{activities} changed status: {items}.",
                                                 "{activities} changed status: {items}.", len(other)).format(
            activities=capital(_activities(len(other), lang, other=True)), items=join_and(items, "; ", lang))))
    return sentences


def sentences(changes: Changes, lang: Language = ENGLISH) -> tuple[str, ...]:
    """The headline, then one sentence per kind of change, naming the activities."""
    return (headline(changes, lang), *_detail_sentences(changes, lang))


def paragraph(changes: Changes, lang: Language = ENGLISH) -> str:
    return " ".join(sentences(changes, lang))


def no_previous_meeting_sentence(meeting_code: str, lang: Language = ENGLISH) -> str:
    return lang.typography(lang._("No Standing Committee meeting before {meeting} is listed in meetings.xlsx, "
                                  "so no changes since the previous meeting are shown.").format(meeting=meeting_code))


def report_change_paragraphs(report: ReportData, lang: Language = ENGLISH) -> list[str]:
    """What the meeting document says changed since the previous meeting (or a chosen date).

    Nothing when there is no earlier meeting and no date was chosen: a document for the
    Committee has nothing to compare with then. The month-on-month changes are for staff,
    in the workbook's Changes sheet and the monthly refresh.
    """
    if report.changes_since_meeting is None:
        return []
    return [paragraph(report.changes_since_meeting, lang)]


def changes_table(changes: Changes) -> str:
    """The headline and a Markdown table of the changes, for the Dagster UI (in English)."""
    if not changes.changes:
        return headline(changes)
    table = markdown.table(
        ["Change", "Programme", "Activity", "Before", "After", "Evidence added"],
        ([c.kind.value, c.programme_id, f"{c.code}: {short_description(c.description)}",
          c.before.value if c.before else "—", c.after.value if c.after else "—",
          "; ".join(e.label for e in c.evidence_added) or "—"] for c in changes.changes))
    return f"{headline(changes)}\n\n{table}"
