"""Generated sentences and date labels, written the way the Secretariat writes them.

Everything here returns plain strings, so the Word writer (and anything else)
can print them and tests can read them without opening a document.
"""
from __future__ import annotations

from datetime import date

from pipeline.dates import format_date, format_date_range, format_month
from pipeline.model import FuzzyDate, Theme
from pipeline.report_model import ProgrammeReport, ReportData
from pipeline.status.vocabulary import STATUS_ORDER, ActivityStatus, Rollup, Status

# How each status reads after a count: (singular, plural).
_VERBS = {
    Status.COMPLETED: ("has been completed", "have been completed"),
    Status.IN_PROGRESS: ("is in progress", "are in progress"),
    Status.ONGOING: ("is ongoing", "are ongoing"),
    Status.NOT_YET_DUE: ("is not yet due", "are not yet due"),
    Status.NOT_STARTED: ("has not started", "have not started"),
    Status.AT_RISK: ("is at risk", "are at risk"),
    Status.STALLED: ("has stalled", "have stalled"),
    Status.PENDING_DECISION: ("is pending a decision", "are pending a decision"),
    Status.OVERDUE: ("is overdue", "are overdue"),
    Status.POSTPONED: ("has been postponed", "have been postponed"),
    Status.CANCELLED: ("has been cancelled", "have been cancelled"),
    Status.UNRECOGNISED: ("has a timeframe that was not recognised",
                          "have a timeframe that was not recognised"),
}

# The statuses the Committee should look at, the most pressing first.
_PRESSING = (Status.OVERDUE, Status.AT_RISK, Status.STALLED, Status.PENDING_DECISION)
ATTENTION_ORDER = tuple(s for s in _PRESSING if s.needs_attention) + tuple(
    s for s in STATUS_ORDER if s.needs_attention and s not in _PRESSING)
_SHORT_WORDS = 12  # how many words of a description name an activity in a sentence


# ---------------------------------------------------------------- dates

def _fuzzy_alone(f: FuzzyDate) -> str:
    """One fuzzy date at its own precision: '1 April 2009', 'June 2008', '2009'."""
    if f.precision == "day":
        return format_date(f.earliest)
    if f.precision == "month":
        return format_month(f.earliest)
    return str(f.earliest.year)


def format_fuzzy(start: FuzzyDate | None, end: FuzzyDate | None = None) -> str:
    """A log row's date as the annex prints it: '19-23 July 2010', 'June 2008', '' when undated."""
    if start is None:
        return _fuzzy_alone(end) if end else ""
    if end is None or start.earliest <= end.earliest <= end.latest <= start.latest:
        return _fuzzy_alone(start)  # the end adds nothing: 'June 2011' to '24 June 2011'
    if start.precision == end.precision == "day":
        return format_date_range(start.earliest, end.earliest)
    if start.precision != "year" and start.earliest.year == end.earliest.year:
        head = f"{start.earliest.day} {start.earliest:%B}" if start.precision == "day" else f"{start.earliest:%B}"
        return f"{head}-{_fuzzy_alone(end)}"  # 'February-March 2010', 'March-2 April 2009'
    return f"{_fuzzy_alone(start)}-{_fuzzy_alone(end)}"


def ordinal(n: int) -> str:
    """'38th', '21st', '12th' (the meeting block prints it in capitals: '38TH')."""
    if 10 <= n % 100 <= 13:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ---------------------------------------------------------------- counting words

def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """'1 activity', '2 activities': a count with its noun in the right number."""
    word = singular if n == 1 else (plural_form or singular + "s")
    return f"{n} {word}"


def join_and(items: list[str], separator: str = ", ") -> str:
    """'a', 'a and b', 'a, b and c' (or 'a; b and c'): how a sentence lists things."""
    if len(items) <= 1:
        return "".join(items)
    return separator.join(items[:-1]) + " and " + items[-1]


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_words(n: int, singular: str, plural_form: str, capital: bool = False) -> str:
    """'one activity', 'two activities', '12 activities' (numbers to ten in words)."""
    number = _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)
    text = f"{number} {singular if n == 1 else plural_form}"
    return text[0].upper() + text[1:] if capital else text


def status_counts(counts: tuple[tuple[Status, int], ...]) -> str:
    """'9 are in progress and 1 has not started': the nonzero statuses, in STATUS_ORDER."""
    by_status = dict(counts)
    parts = []
    for status in STATUS_ORDER:
        n = by_status.get(status, 0)
        if n:
            singular, plural_verb = _VERBS[status]
            parts.append(f"{n} {singular if n == 1 else plural_verb}")
    return join_and(parts)


def _only_status(rollup: Rollup) -> Status | None:
    """The status every activity of the roll-up shares, if they all share one."""
    present = [s for s, n in rollup.counts if n]
    return present[0] if len(present) == 1 else None


def _counts_clause(rollup: Rollup, whose: str) -> str:
    """'of the 12 joint activities of X, 9 are ...' with the singular and empty cases handled."""
    if rollup.total == 0:
        return f"no joint activities of {whose} are listed"
    status = _only_status(rollup)
    if rollup.total == 1:
        return f"the one joint activity of {whose} {_VERBS[status][0]}"
    if status is not None:
        return f"all {rollup.total} joint activities of {whose} {_VERBS[status][1]}"
    return (f"of the {plural(rollup.total, 'joint activity', 'joint activities')} of {whose}, "
            f"{status_counts(rollup.counts)}")


# ---------------------------------------------------------------- sentences

def _the(title: str) -> str:
    """'CITES/CMS List of ...' keeps its capitals; 'The list' becomes 'the list' mid-sentence."""
    if title[:4] in ("The ", "the "):
        return "the " + title[4:]
    return "the " + title


def programme_summary(report: ProgrammeReport, as_of: date | None) -> str:
    """One sentence on the whole programme: how many activities stand at each status.

    Without a date the sentence starts 'Of the ...', to follow one that gave it.
    """
    clause = _counts_clause(report.total, _the(report.programme.title))
    if as_of is None:
        return clause[0].upper() + clause[1:] + "."
    return f"As of {format_date(as_of)}, {clause}."


def theme_summary(theme: Theme, rollup: Rollup | None) -> str:
    """One sentence per theme: its title, then its activities by status."""
    if rollup is None or rollup.total == 0:
        return f"{theme.title}: no activities are listed in this area."
    status = _only_status(rollup)
    if rollup.total == 1:
        return f"{theme.title}: its one activity {_VERBS[status][0]}."
    if status is not None:
        return f"{theme.title}: all {rollup.total} of its activities {_VERBS[status][1]}."
    return (f"{theme.title}: of its {plural(rollup.total, 'activity', 'activities')}, "
            f"{status_counts(rollup.counts)}.")


def short_description(text: str, words: int = _SHORT_WORDS) -> str:
    """The first line of a description cut to a few words, enough to recognise the activity."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    tokens = first.split()
    short = " ".join(tokens[:words])
    if len(tokens) > words:
        return short.rstrip(",;:.") + " ..."
    return short.rstrip(".")


def _named(s: ActivityStatus) -> str:
    """'B5 (Follow up on any decisions ...)': an activity by its code and short description."""
    return f"{s.activity.code} ({short_description(s.activity.description)})"


def _attention_of(report: ProgrammeReport) -> list[str]:
    """One sentence per status needing attention in this programme, naming its activities."""
    sentences = []
    for status in ATTENTION_ORDER:
        hits = [s for s in report.statuses if s.status is status]
        if not hits:
            continue
        verb = _VERBS[status][0 if len(hits) == 1 else 1]
        noun = "activity" if len(hits) == 1 else "activities"
        whose = _the(report.programme.title)
        names = join_and([_named(s) for s in hits])
        sentences.append(f"In {whose}, the {noun} {names} {verb}.")
    return sentences


def attention_sentences(report: ReportData) -> list[str]:
    """Sentences naming the activities the Committee should look at, or saying none need it."""
    sentences = _attention_of(report.reported)
    if report.planned is not None:
        sentences += _attention_of(report.planned)
    if not sentences:
        return [f"As of {format_date(report.as_of)}, no activity is overdue, at risk, stalled "
                f"or pending a decision."]
    return sentences


def status_summary(report: ReportData) -> str:
    """The {status_summary} paragraph: one sentence per programme the report covers."""
    text = programme_summary(report.reported, report.as_of)
    if report.planned is not None:
        text += " " + programme_summary(report.planned, None)
    return text


def theme_summaries(report: ReportData) -> list[str]:
    """The {theme_summaries} paragraphs: one per theme of the reported programme."""
    return [theme_summary(t, report.reported.rollup("theme", t.code)) for t in report.reported.themes]
