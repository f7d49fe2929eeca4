"""Checks across sheets: codes unique, references that resolve, dates that make sense.

Fatal: a duplicate key, a programme, theme or activity that does not exist, an
end before its start, a programme year out of range, a meeting code that cannot
name a folder. Warnings (carried into the report): an unknown species, a funding
flag that contradicts the description, a log row with no date or dated in the
future, a meeting dated only to the month or year.

The checks run even when some rows or sheets could not be read, so that every
problem is listed at once; `incomplete` names the sheets whose rows are not all
known, and references to them are then left unchecked (they are checked again
once the sheet is fixed) rather than reported as unknown.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from datetime import date

from pipeline.dates import format_date
from pipeline.model import Activity, DataIssue, Inputs, LogEntry, Source, activity_reference, lead_choices

DAY_EXPECTED_KINDS = ("meeting", "workshop", "teleconference", "conference")
FUNDING_PHRASE = "subject to external funding"
FIRST_YEAR, LAST_YEAR = 1970, 2100  # the years a joint programme can plausibly cover
SAFE_CODE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.)){0,39}(?<!\.)$")
CODE_EXPECTED = ("a short code of letters, digits, '-', '_' or '.' without spaces, e.g. StC39 "
                 "(it names the report's folder and files, so '/', '..', spaces and other signs cannot be used)")


def _issue(src: Source, column: str, value: object, expected: str, fatal: bool) -> DataIssue:
    return DataIssue(src.file, src.sheet, src.row, column, str(value), expected, fatal)


def check_links(inputs: Inputs, incomplete: Collection[str] = (), today: date | None = None) -> list[DataIssue]:
    """Every problem across sheets; `incomplete`: sheets not wholly read; `today`: for dates in the future."""
    known = _Known(inputs, set(incomplete))
    return [
        *_duplicates(((p.id,), p.source, p.id) for p in inputs.programmes),
        *_duplicates(((t.programme_id, t.code), t.source, t.code) for t in inputs.themes),
        *_duplicates(((a.programme_id, a.code), a.source, a.code) for a in inputs.activities),
        *_duplicates(((s.common_name.casefold(),), s.source, s.common_name) for s in inputs.species),
        *_duplicates(((e.id,), e.source, e.id) for e in inputs.log),
        *_duplicates(((m.code.casefold(),), m.source, m.code) for m in inputs.meetings),
        *_duplicates(((p.programme_id, p.item), p.source, p.item) for p in inputs.planned_events),
        *_programme_checks(inputs, known),
        *_activity_checks(inputs, known),
        *_planned_event_checks(inputs, known),
        *_log_checks(inputs, known, today or date.today()),
        *_meeting_checks(inputs, known),
    ]


class _Known:
    """The keys other sheets may refer to; None where a sheet is incomplete (references not checked)."""

    def __init__(self, inputs: Inputs, incomplete: set[str]):
        self.programmes = None if "Programmes" in incomplete else {p.id for p in inputs.programmes}
        self.themes = None if "Themes" in incomplete else {(t.programme_id, t.code) for t in inputs.themes}
        self.activities = None if "Activities" in incomplete else {(a.programme_id, a.code) for a in inputs.activities}
        self.species = None if "Species" in incomplete else {s.common_name.casefold() for s in inputs.species}
        self.partners = None if "Programmes" in incomplete else {p.id: p.partner for p in inputs.programmes}
        self.planned = (None if "Planned events" in incomplete
                        else {(p.programme_id, p.item): p.activity for p in inputs.planned_events})


_KEY_COLUMN = {"Programmes": "Programme", "Themes": "Theme", "Activities": "Code", "Species": "Common name",
               "Log": "Entry", "Meetings": "Meeting", "Planned events": "Item"}


def _duplicates(keyed: Iterable[tuple[tuple[str, ...], Source, str]]) -> list[DataIssue]:
    """A key used twice, named as its cell holds it: (key as compared, its row, the value as written).
    A key compared whatever its case quotes each cell as typed ('Saiga Antelope', 'saiga antelope')."""
    keyed = list(keyed)
    counts = Counter(key for key, _, _ in keyed)
    first: dict[tuple[str, ...], tuple[int, str]] = {}
    issues = []
    for key, src, written in keyed:
        if counts[key] < 2 or "" in key:  # an empty key is reported as an empty cell
            continue
        if key not in first:
            first[key] = (src.row, written)
            continue
        row, earlier = first[key]
        already = f"it is already used in row {row}" + (f" ('{earlier}')" if earlier != written else "")
        expected = f"a value used once; {already}"
        if len(key) == 2:
            expected = f"a code used once in programme '{key[0]}'; {already}"
        issues.append(_issue(src, _KEY_COLUMN[src.sheet], written, expected, True))
    return issues


def _programme_checks(inputs: Inputs, known: _Known) -> list[DataIssue]:
    issues = []
    for p in inputs.programmes:
        years_ok = True
        for column, year in (("First year", p.start_year), ("Last year", p.end_year)):
            if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
                years_ok = False
                issues.append(_issue(p.source, column, year, f"a year from {FIRST_YEAR} to {LAST_YEAR}", True))
        if years_ok and None not in (p.start_year, p.end_year) and p.end_year < p.start_year:
            issues.append(_issue(p.source, "Last year", p.end_year, f"a year not before the first year {p.start_year}", True))
        if p.adopted_title and p.adopted_on is None:
            issues.append(_issue(p.source, "Adopted on", "", f"the day the programme was adopted, since it has an "
                                 f"Adopted title ('{p.adopted_title}'); without it, the Adopted title is never "
                                 f"printed", True))
    for t in inputs.themes:
        issues += _unknown_programme(t.source, "Programme", t.programme_id, known.programmes)
    return issues


def _unknown_programme(src: Source, column: str, value: str, known: set[str] | None) -> list[DataIssue]:
    """Fatal when a row names a programme that the Programmes sheet does not list."""
    if known is None or not value or value in known:
        return []
    return [_issue(src, column, value, _one_of("a programme of the Programmes sheet of programmes.xlsx", known), True)]


def _one_of(what: str, options: Iterable[str]) -> str:
    listed = ", ".join(sorted(options))
    return f"{what} ({listed})" if listed else what


def _species_issues(src: Source, names: Iterable[str], known: set[str] | None) -> list[DataIssue]:
    if known is None:
        return []
    return [
        _issue(src, "Species", name, "a common name from the Species sheet of programmes.xlsx; "
               "the species is left out of the per-species figures", False)
        for name in names if name.casefold() not in known
    ]


def _activity_checks(inputs: Inputs, known: _Known) -> list[DataIssue]:
    themes, species = known.themes, known.species
    issues = []
    for a in inputs.activities:
        unknown = _unknown_programme(a.source, "Programme", a.programme_id, known.programmes)
        issues += unknown
        if not unknown and themes is not None and a.theme_code and (a.programme_id, a.theme_code) not in themes:
            codes = {c for p, c in themes if p == a.programme_id}
            issues.append(_issue(a.source, "Theme", a.theme_code, _one_of(f"a theme of '{a.programme_id}' on the Themes sheet", codes), True))
        issues += _species_issues(a.source, a.species, species)
        issues += _funding_issue(a)
        issues += _continues_issues(a, known)
        issues += _lead_issue(a, known.partners)
    return issues


CONTINUES_EXPECTED = "an activity of an earlier programme, as its programme and code, e.g. 'JWP 2012-2014 B10'"


def _continues_issues(a: Activity, known: _Known) -> list[DataIssue]:
    """Fatal when 'Continues' names no activity of another programme: its log rows would count for nothing."""
    issues = []
    for reference in a.continues:
        programme_id, code = activity_reference(reference)
        if not code:
            issues.append(_issue(a.source, "Continues", reference, CONTINUES_EXPECTED, True))
        elif programme_id == a.programme_id:
            issues.append(_issue(a.source, "Continues", reference, f"{CONTINUES_EXPECTED}; an activity cannot "
                                 f"continue one of its own programme ('{a.programme_id}')", True))
        elif known.programmes is not None and programme_id not in known.programmes:
            issues.append(_issue(a.source, "Continues", reference, _one_of(
                f"{CONTINUES_EXPECTED}; '{programme_id}' is not a programme of the Programmes sheet", known.programmes),
                True))
        elif known.activities is not None and (programme_id, code) not in known.activities and \
                (programme_id, code.upper()) not in {(p, c.upper()) for p, c in known.activities}:
            codes = {c for p, c in known.activities if p == programme_id}
            issues.append(_issue(a.source, "Continues", reference, _one_of(
                f"{CONTINUES_EXPECTED}; programme '{programme_id}' has no activity '{code}' on the Activities sheet",
                codes), True))
    return issues


def _lead_issue(a: Activity, partners: dict[str, str] | None) -> list[DataIssue]:
    """A Lead must be CMS, the programme's partner or Joint."""
    if not a.lead or partners is None or a.programme_id not in partners:
        return []
    choices = lead_choices(partners[a.programme_id])
    if a.lead.casefold() in {c.casefold() for c in choices}:
        return []
    return [_issue(a.source, "Lead", a.lead, f"one of: {', '.join(choices)} (the partner is the 'Partner' of "
                   f"programme '{a.programme_id}' on the Programmes sheet)", True)]


def _planned_event_checks(inputs: Inputs, known: _Known) -> list[DataIssue]:
    issues = []
    for p in inputs.planned_events:
        unknown = _unknown_programme(p.source, "Programme", p.programme_id, known.programmes)
        issues += unknown
        if not unknown and known.activities is not None and p.activity \
                and (p.programme_id, p.activity) not in known.activities:
            issues.append(_issue(p.source, "Activity", p.activity,
                                 f"an activity code of programme '{p.programme_id}' on the Activities sheet", True))
    return issues


def _funding_issue(a: Activity) -> list[DataIssue]:
    says = FUNDING_PHRASE in a.description.casefold()
    if says and not a.external_funding:
        return [_issue(a.source, "External funding", "no", "'yes': the description says '(subject to external funding)'", False)]
    return []


def _log_checks(inputs: Inputs, known: _Known, today: date) -> list[DataIssue]:
    codes, species = known.activities, known.species
    issues = []
    for e in inputs.log:
        unknown = _unknown_programme(e.source, "Programme", e.programme_id, known.programmes)
        issues += unknown
        if not unknown and codes is not None and e.programme_id:
            for code in e.activities:
                if (e.programme_id, code) not in codes:
                    issues.append(_issue(e.source, "Activities", code,
                                         f"an activity code of programme '{e.programme_id}' on the Activities sheet of programmes.xlsx", True))
        issues += _outcomes_issues(e)
        issues += _planned_issues(e, known.planned)
        issues += _species_issues(e.source, e.species, species)
        issues += _log_date_issues(e)
        issues += _future_issues(e, today)
    return issues


def _outcomes_issues(e: LogEntry) -> list[DataIssue]:
    """Each code of a row's Outcomes is one of its Activities, named once."""
    named = {c.strip().upper() for c in e.activities}
    issues, seen = [], set()
    for code, outcome in e.outcomes:
        key = code.strip().upper()
        if key not in named:
            issues.append(_issue(e.source, "Outcomes", f"{code}: {outcome}",
                                 f"codes among the row's Activities ({'; '.join(e.activities)}); '{code}' is not "
                                 f"one of them: add it to Activities or correct the code", True))
        elif key in seen:
            issues.append(_issue(e.source, "Outcomes", f"{code}: {outcome}",
                                 f"each code once; '{code}' is given an outcome twice", True))
        seen.add(key)
    return issues


def _planned_issues(e: LogEntry, planned: dict[tuple[str, str], str] | None) -> list[DataIssue]:
    """Each planned event a row names is an item of its programme, of one of the row's activities."""
    if planned is None or not e.programme_id:
        return []
    named = {c.strip().upper() for c in e.activities}
    issues = []
    for item in e.planned_events:
        activity = planned.get((e.programme_id, item))
        if activity is None:
            items = [i for p, i in planned if p == e.programme_id]
            issues.append(_issue(e.source, "Planned events", item, _one_of(
                f"an item of programme '{e.programme_id}' on the Planned events sheet of programmes.xlsx", items), True))
        elif activity.strip().upper() not in named:
            issues.append(_issue(e.source, "Planned events", item,
                                 f"an item of one of the row's Activities ({'; '.join(e.activities)}); '{item}' "
                                 f"is an item of {activity}: add {activity} to Activities", True))
    return issues


def _future_issues(e, today: date) -> list[DataIssue]:
    """A log row dated after today: an event still to come is not evidence of anything yet."""
    if e.start is None or e.start.earliest <= today:
        return []
    return [_issue(e.source, "Start", e.start.as_written,
                   f"a date not after today ({format_date(today)}): an event still to come is not yet evidence "
                   f"of progress, and counts only from the day it happens; check the year", False)]


def _log_date_issues(e) -> list[DataIssue]:
    if e.start is None:
        if e.end is not None:
            return [_issue(e.source, "Start", "", "a start date when an end date is given", True)]
        if e.happened_by is not None:
            return [_issue(e.source, "Start", "", f"a date; without one, the row counts as evidence from "
                           f"{e.happened_by.latest:%d %B %Y}, the last day of its 'Happened by' "
                           f"({e.happened_by.as_written})", False)]
        return [_issue(e.source, "Start", "", "a date, or a 'Happened by' date; an undated entry is in no "
                       "report (no Annex 1, no Evidence sheet) and never counts as evidence", False)]
    issues = []
    if e.happened_by is not None:
        issues.append(_issue(e.source, "Happened by", e.happened_by.as_written,
                             f"nothing when the row has a Start ({e.start.as_written}); the Start counts", False))
    if e.end is not None and e.end.latest < e.start.earliest:
        issues.append(_issue(e.source, "End", e.end.as_written, f"a date not before the start ({e.start.as_written})", True))
    if e.kind in DAY_EXPECTED_KINDS and e.start.precision != "day":
        issues.append(_issue(e.source, "Start", e.start.as_written,
                             f"the day of the {e.kind}; known only to the {e.start.precision}, it counts as evidence "
                             f"from {e.start.latest:%d %B %Y}", False))
    return issues


def _meeting_checks(inputs: Inputs, known: _Known) -> list[DataIssue]:
    issues = []
    for m in inputs.meetings:
        if m.code and not SAFE_CODE.match(m.code):
            issues.append(_issue(m.source, "Meeting", m.code, CODE_EXPECTED, True))
        issues += _unknown_programme(m.source, "Reported programme", m.reported_programme, known.programmes)
        if m.planned_programme:
            issues += _unknown_programme(m.source, "Planned programme", m.planned_programme, known.programmes)
        if m.end_date and m.start_date and m.end_date < m.start_date:
            issues.append(_issue(m.source, "End date", m.end_date, "a date not before the start date", True))
    return issues
