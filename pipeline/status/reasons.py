"""Why an activity has its status, as data: a reason kind and its values.

The status rules (rules.py) say why with a `Reason`: which rule decided (`kind`) and the
values it rests on (dates, log rows, a period, a number of months, the missed years). Each
kind has one English message, declared here once; `_` below only marks it for the
translators' catalogues (gettext's deferred translation). pipeline/wording/reason_sentences.py says
a Reason in the report's language, through the same `say` with that Language's words;
English (`english`, the ActivityStatus.reason the snapshots, checks and workbook keep) is
the message as declared, with the dates written as pipeline/dates.py writes them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from pipeline.dates import format_date, format_month
from pipeline.model import FuzzyDate, LogEntry, translation


def _(message: str) -> str:
    """Marks an English message for the catalogues; it is translated where it is said."""
    return message


# ---------------------------------------------------------------- the kinds of reason

HALTED_POSTPONED = "halted_postponed"
HALTED_CANCELLED = "halted_cancelled"
COMPLETED = "completed"
PENDING = "pending"
CONTINUOUS_OVER = "continuous_over"  # an opening: "Continuous over 2012–2014"
CONTINUOUS_SINCE = "continuous_since"  # an opening: "Continuous since CMS CoP10 decided (...)"
CONTINUOUS_NOT_YET_DUE = "continuous_not_yet_due"
CONTINUOUS_NOT_STARTED = "continuous_not_started"
CONTINUOUS_ONGOING = "continuous_ongoing"
CONTINUOUS_STALLED = "continuous_stalled"
ANNUAL_NOT_YET_DUE = "annual_not_yet_due"
ANNUAL_NOT_STARTED = "annual_not_started"
ANNUAL_STALLED = "annual_stalled"
ANNUAL_ONGOING = "annual_ongoing"
WINDOW_OVERDUE = "window_overdue"
WINDOW_OVERDUE_WITH_PROGRESS = "window_overdue_with_progress"
WINDOW_PROGRESS_EARLY = "window_progress_early"
WINDOW_PROGRESS = "window_progress"
WINDOW_NOT_YET_DUE = "window_not_yet_due"
WINDOW_AT_RISK = "window_at_risk"
WINDOW_NOT_STARTED = "window_not_started"
UNRECOGNISED = "unrecognised"
# After a continuous or annual activity's period has closed; late completion; carry-over.
CONTINUOUS_CLOSED_KEPT_UP = "continuous_closed_kept_up"
CONTINUOUS_CLOSED_LAPSED = "continuous_closed_lapsed"
CONTINUOUS_CLOSED_NOTHING = "continuous_closed_nothing"
ANNUAL_CLOSED_EVERY_YEAR = "annual_closed_every_year"
ANNUAL_CLOSED_MISSED = "annual_closed_missed"
ANNUAL_CLOSED_NOTHING = "annual_closed_nothing"
ANNUAL_MISSED_NOTHING = "annual_missed_nothing"
COMPLETED_LATE = "completed_late"
CONTINUES = "continues"  # wraps another reason: "... It continues JWP 2012-2014 B10, ..."
CONTINUES_LATER = "continues_later"  # the same, before the successor's window opens: nothing carried counts yet

MESSAGES: dict[str, str] = {
    HALTED_POSTPONED: _("The latest log entry, {entry}, records it as postponed."),
    HALTED_CANCELLED: _("The latest log entry, {entry}, records it as cancelled."),
    COMPLETED: _("Marked completed by {entry}."),
    PENDING: _("Its timeframe depends on a decision of {body}, and the log records no decision taken by {as_of}."),
    CONTINUOUS_OVER: _("Continuous over {period}"),
    CONTINUOUS_SINCE: _("Continuous since {body} decided ({entry})"),
    CONTINUOUS_NOT_YET_DUE: _("{opening}; it starts on {start} and nothing is recorded yet."),
    CONTINUOUS_NOT_STARTED: _("{opening}, but the log records no activity by {as_of}."),
    CONTINUOUS_ONGOING: _("{opening}, and its last log entry, {entry}, is within {span} of {as_of}."),
    CONTINUOUS_STALLED: _("{opening}, but its last log entry, {entry}, is more than {span} before {as_of}."),
    ANNUAL_NOT_YET_DUE: _("Annual over {period}; the period opens on {start} and nothing is recorded yet."),
    ANNUAL_NOT_STARTED: _("Annual over {period}, but the log records no activity by {as_of}."),
    ANNUAL_STALLED: _("Annual over {period}, but the log records nothing in {years}; its last entry is {entry}."),
    ANNUAL_ONGOING: _("Annual over {period}, with a log entry in every finished year, most recently {entry}."),
    WINDOW_OVERDUE: _("Its timeframe, {window}, has ended and the activity is not marked completed."),
    WINDOW_OVERDUE_WITH_PROGRESS: _("Its timeframe, {window}, has ended and the activity is not marked completed, "
                                    "although the log shows progress, most recently {entry}."),
    WINDOW_PROGRESS_EARLY: _("Its timeframe, {window}, has not begun yet, but the log already shows progress, "
                             "most recently {entry}."),
    WINDOW_PROGRESS: _("Its timeframe, {window}, has begun and the log shows progress, most recently {entry}."),
    WINDOW_NOT_YET_DUE: _("Its timeframe, {window}, has not begun yet and nothing is recorded."),
    WINDOW_AT_RISK: _("Its timeframe, {window}, ends within {span} of {as_of} and the log shows no progress."),
    WINDOW_NOT_STARTED: _("Its timeframe, {window}, has begun but the log shows no progress by {as_of}."),
    UNRECOGNISED: _("The timeframe '{timeframe}' could not be read, so the activity cannot be measured against it."),
    CONTINUOUS_CLOSED_KEPT_UP: _("{opening}, kept up to the end: its last log entry in the period, {entry}, is within "
                                 "{span} of {end}, when the period closed."),
    CONTINUOUS_CLOSED_LAPSED: _("{opening}, but the period closed on {end} and its last log entry in it, {entry}, "
                                "is more than {span} before that."),
    CONTINUOUS_CLOSED_NOTHING: _("{opening}, but the period closed on {end} and the log records no activity in it."),
    ANNUAL_CLOSED_EVERY_YEAR: _("Annual over {period}, with a log entry in every year of it, most recently {entry}; "
                                "the period closed on {end}."),
    ANNUAL_CLOSED_MISSED: _("Annual over {period}, which closed on {end}: no activity recorded in {years}; "
                            "its last entry is {entry}."),
    ANNUAL_CLOSED_NOTHING: _("Annual over {period}, which closed on {end}: no activity recorded in {years}."),
    ANNUAL_MISSED_NOTHING: _("Annual over {period}: no activity recorded in {years}, and none yet by {as_of}."),
    COMPLETED_LATE: _("Marked completed by {entry}, {late} after its timeframe ({timeframe}) closed on {end}."),
    CONTINUES: _("{reason} It continues {earlier}, whose log entries count towards it."),
    CONTINUES_LATER: _("{reason} It continues {earlier}, whose log entries will count towards it once its "
                       "timeframe opens."),
}


# ---------------------------------------------------------------- values that need words


@dataclass(frozen=True)
class Months:
    """A span in months: '3 months', '1 month'."""

    n: int


@dataclass(frozen=True)
class Years:
    """Calendar years, listed: '2012', '2012 and 2013'."""

    years: tuple[int, ...]


@dataclass(frozen=True)
class Names:
    """Names listed as a sentence lists them: 'JWP 2012-2014 B10', 'JA 2008-2011 A.1 and JA 2008-2011 A.2'."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class Window:
    """The dates a timeframe covers: '1 January 2012 to 31 December 2012' (said "its timeframe", never
    "window", in the reasons staff read)."""

    start: date
    end: date


@dataclass(frozen=True)
class Reason:
    """Which rule decided, and the values it rests on (dates, log rows, Months, Years, Window,
    a period as written, a nested Reason such as the opening of a continuous activity)."""

    kind: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, kind: str, **values: object) -> "Reason":
        if kind not in MESSAGES:
            raise ValueError(f"unknown reason kind {kind!r}")
        return cls(kind, tuple(values.items()))

    def value(self, name: str) -> object:
        return dict(self.values).get(name)


# ---------------------------------------------------------------- saying it


class Words(Protocol):
    """What saying a reason needs from a language (pipeline.wording.language.Language has it)."""

    def _(self, message: str) -> str: ...

    def n_(self, singular: str, plural: str, n: int) -> str: ...

    def date(self, d: date) -> str: ...

    def month(self, d: date) -> str: ...


class _English:
    """The English words: the messages as declared, dates as pipeline/dates.py writes them."""

    @staticmethod
    def _(message: str) -> str:
        return message

    @staticmethod
    def n_(singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    @staticmethod
    def date(d: date) -> str:
        return format_date(d)

    @staticmethod
    def month(d: date) -> str:
        return format_month(d)


ENGLISH_WORDS = _English()


def _fuzzy(fd: FuzzyDate, words: Words) -> str:
    """A date as precisely as staff know it: '15 June 2008', 'June 2008' or '2008'."""
    if fd.precision == "day":
        return words.date(fd.earliest)
    if fd.precision == "month":
        return words.month(fd.earliest)
    if fd.precision == "year":
        return str(fd.earliest.year)
    return fd.as_written


def _when(entry: LogEntry, words: Words) -> str:
    if entry.start and entry.end and entry.end.latest != entry.start.latest:
        return words._("{start} to {end}").format(start=_fuzzy(entry.start, words), end=_fuzzy(entry.end, words))
    fd = entry.start or entry.end
    if fd:
        return _fuzzy(fd, words)
    if entry.happened_by:
        return words._("undated, by {date}").format(date=_fuzzy(entry.happened_by, words))
    return words._("undated")


def describe_entry(entry: LogEntry, words: Words = ENGLISH_WORDS) -> str:
    """'Second joint meeting, Niamey (23 June 2011)': enough to find the row in the log.

    In French or Spanish the row is named so by staff's translation of its Event (and of its Venue,
    left out when it has none): 'Deuxième réunion conjointe, Niamey (23 juin 2011)'. Without a translated
    Event, no English is quoted inside the sentence: the row is named by its id ('l’entrée L04 du relevé
    des activités (août 2011)')."""
    code = getattr(words, "code", "en")
    if code != "en":
        title = translation(entry, "title", code).strip()
        if not title:
            return f"{words._('log entry {id}').format(id=entry.id)} ({_when(entry, words)})"
        venue = translation(entry, "venue", code).strip() if entry.venue.strip() else ""
        return f"{title}, {venue} ({_when(entry, words)})" if venue else f"{title} ({_when(entry, words)})"
    name = entry.title.strip() or entry.kind.strip() or words._("log entry {id}").format(id=entry.id)
    if entry.venue.strip():
        name = f"{name}, {entry.venue.strip()}"
    return f"{name} ({_when(entry, words)})"


def _value(value: object, words: Words) -> str:
    if isinstance(value, Reason):
        return say(value, words)
    if isinstance(value, LogEntry):
        return describe_entry(value, words)
    if isinstance(value, date):
        return words.date(value)
    if isinstance(value, Months):
        return words.n_("{n} month", "{n} months", value.n).format(n=value.n)
    if isinstance(value, (Years, Names)):
        names = [str(y) for y in value.years] if isinstance(value, Years) else list(value.names)
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + words._(" and ") + names[-1]
    if isinstance(value, Window):
        return words._("{start} to {end}").format(start=words.date(value.start), end=words.date(value.end))
    if value is None:
        return words._("the body it depends on")
    return str(value)


def say(reason: Reason, words: Words = ENGLISH_WORDS) -> str:
    """The reason in the words given: its kind's message, each value written out."""
    return words._(MESSAGES[reason.kind]).format(**{name: _value(v, words) for name, v in reason.values})


def english(reason: Reason) -> str:
    """The reason in English, as ActivityStatus.reason keeps it."""
    return say(reason, ENGLISH_WORDS)
