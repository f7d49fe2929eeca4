"""What the writers receive: one meeting's report, computed, ready to render.

The Word and Excel writers read only this; they never read inputs or compute status.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from pipeline.history.changes import Changes
from pipeline.model import ENGLISH_NAMES, TRANSLATED_LANGUAGES as TRANSLATED
from pipeline.model import (IMPLEMENTATION_TABLE, LIST_OF_TASKS, DataIssue, LogEntry, Meeting, Programme, Source,
                            Species, Theme, translation)
from pipeline.status.planned_events import PlannedEventStatus
from pipeline.status.vocabulary import ActivityStatus, Rollup
from pipeline.history.trend import TrendRow


@dataclass(frozen=True)
class ProgrammeReport:
    programme: Programme
    themes: tuple[Theme, ...]  # document order
    statuses: tuple[ActivityStatus, ...]  # one per activity, document order
    log: tuple[LogEntry, ...]  # the programme's log rows dated by the status date, in log order
    rollups: tuple[Rollup, ...]  # the programme total first, then per theme, then per species
    planned_events: tuple[PlannedEventStatus, ...] = ()  # dated items of its activities, and whether they happened

    def planned_events_of(self, code: str) -> tuple[PlannedEventStatus, ...]:
        return tuple(p for p in self.planned_events if p.event.activity.strip().upper() == code.strip().upper())

    def statuses_of_theme(self, theme_code: str) -> tuple[ActivityStatus, ...]:
        return tuple(s for s in self.statuses if s.activity.theme_code == theme_code)

    def rollup(self, dimension: str, key: str) -> Rollup | None:
        return next((r for r in self.rollups if r.dimension == dimension and r.key == key), None)

    @property
    def annex1_layout(self) -> str:
        """How Annex 1 presents the programme: as staff chose ('Annex 1 layout'), else from its data: a list of
        tasks when its activities carry task numbers (the list 2008-2011), else an implementation table."""
        if self.programme.annex1_layout:
            return self.programme.annex1_layout
        numbered = any(s.activity.number.strip() for s in self.statuses)
        return LIST_OF_TASKS if numbered else IMPLEMENTATION_TABLE

    @property
    def total(self) -> Rollup:
        return next(r for r in self.rollups if r.dimension == "programme")


@dataclass(frozen=True)
class ReportData:
    meeting: Meeting
    as_of: date
    reported: ProgrammeReport  # Annex 1: the programme whose implementation is reported
    planned: ProgrammeReport | None  # Annex 2: the programme presented, with its status
    species: tuple[Species, ...]
    issues: tuple[DataIssue, ...]  # the non-fatal data issues
    generated_at: datetime
    # What changed since the previous Standing Committee meeting (or a chosen date), and
    # since the end of the previous month; None when there is nothing to compare with.
    # Each Changes holds the date it compares against (.since) and says what it is (.basis).
    changes_since_meeting: Changes | None = None
    changes_since_month: Changes | None = None
    previous_meeting: Meeting | None = None  # the meeting changes_since_meeting starts from, if any
    since_meeting: date | None = None  # the date changes_since_meeting compares against
    since_month: date | None = None  # the previous month's end changes_since_month compares against
    # Status counts per month's end, per programme in total and per theme (see trend.py).
    trend: tuple[TrendRow, ...] = ()
    # The language the report is written in: "en" (the default), "fr" or "es"
    # (pipeline.wording.language.language(report.language) gives its words).
    language: str = "en"
    # The status date may mislead (pipeline/status/as_of_check.py) and was chosen on purpose (the form's
    # "intended" tick, --as-of-intended): the document then says so in its header (pipeline/word/draft_mark.py).
    date_chosen_on_purpose: bool = False

    @property
    def partners(self) -> tuple[str, ...]:
        """The partner conventions of the report's programmes ('CITES',), each once."""
        shown = (self.reported,) if self.planned is None else (self.reported, self.planned)
        return tuple(dict.fromkeys(p.programme.partner for p in shown))


# ---------------------------------------------------------------- the report in another language

_LANGUAGE_NAMES = {code: ENGLISH_NAMES[code] for code in TRANSLATED}  # pipeline/languages.py
# (record's field, its column, what the data issue calls it)
_TEXTS = {
    "Programmes": (("title", "Title", "title"), ("introduction", "Introduction", "introduction")),
    "Themes": (("title", "Title", "title"), ("introduction", "Introduction", "introduction"),
               ("comments", "Comments", "comments")),
    "Activities": (("description", "Description", "description"), ("group", "Group", "group heading"),
                   ("timeframe", "Timeframe", "timeframe")),
    "Log": (("summary", "Summary", "summary"), ("group", "Group", "group heading"),
            ("annex_label", "Label in Annex 1", "label in Annex 1"), ("title", "Event", "event name"),
            ("venue", "Venue", "venue")),
    "Meetings": (("title", "Title", "title"),),
    "Planned events": (("event", "Event", "planned event"),),
}


ENGLISH_USED = "the English text is used"  # how the data issue of a missing translation ends


def still_english(report: "ReportData") -> tuple[DataIssue, ...]:
    """The staff texts an edition prints in English for want of a translation: its data issues that
    say so (in_language lists one per text). The English edition has none."""
    if report.language == "en":
        return ()
    column = f"({report.language})"
    return tuple(i for i in report.issues if i.expected.endswith(ENGLISH_USED) and (i.column or "").endswith(column))


def needs_translation(text: str) -> bool:
    """Whether a staff text reads differently in another language: it has a word ('2012-13' has none)."""
    return any(character.isalpha() for character in text)


class _Translator:
    """Swaps staff's texts for their translations, noting each one that is missing."""

    def __init__(self, code: str):
        self.code = code
        self.issues: list[DataIssue] = []
        self._done: dict[int, object] = {}
        self._listed: set[tuple[Source, str]] = set()  # one data issue per text, however often it is printed

    def __call__(self, record, sheet: str, name: str):
        """The record with its texts in the language; `name` says it in a data issue ('B7')."""
        if id(record) in self._done:
            return self._done[id(record)]
        changes = {}
        for field, column, what in _TEXTS[sheet]:
            english = getattr(record, field)
            if not needs_translation(english):
                continue
            translated = translation(record, field, self.code)
            if translated:
                changes[field] = translated
            elif (record.source, field) not in self._listed:  # a log row is evidence of several activities
                self._listed.add((record.source, field))
                source: Source = record.source
                self.issues.append(DataIssue(
                    source.file, source.sheet, source.row, f"{column} ({self.code})", "",
                    f"{name} has no {_LANGUAGE_NAMES[self.code]} {what}; {ENGLISH_USED}"))
        done = replace(record, **changes) if changes else record
        self._done[id(record)] = done
        return done

    def entry(self, entry: LogEntry) -> LogEntry:
        return self(entry, "Log", f"Log entry {entry.id}")

    def programme(self, report: ProgrammeReport) -> ProgrammeReport:
        themes = tuple(self(t, "Themes", f"Theme {t.code} of {t.programme_id}") for t in report.themes)
        titles = {t.code: t.title for t in themes}
        statuses = tuple(replace(
            s, activity=self(s.activity, "Activities", s.activity.code),
            evidence=tuple(self.entry(e) for e in s.evidence)) for s in report.statuses)
        rollups = tuple(replace(r, label=titles.get(r.key, r.label)) if r.dimension == "theme" else r
                        for r in report.rollups)
        programme = self(report.programme, "Programmes", f"Programme {report.programme.id}")
        rollups = tuple(replace(r, label=programme.title) if r.dimension == "programme" else r for r in rollups)
        planned = tuple(replace(p, event=self(p.event, "Planned events", f"Planned event {p.event.item}"),
                                happened=self.entry(p.happened) if p.happened is not None else None)
                        for p in report.planned_events)
        return replace(report, programme=programme, themes=themes, statuses=statuses,
                       log=tuple(self.entry(e) for e in report.log), rollups=rollups, planned_events=planned)


def in_language(report: ReportData, code: str) -> ReportData:
    """The report to be written in a language: staff's texts in their translation where there is
    one ('Description (fr)' ...), else in English, each missing one listed as a data issue
    ('B7 has no French description; the English text is used'). English: the report as it is."""
    if code == report.language or code == "en":
        return replace(report, language=code)
    if code not in _LANGUAGE_NAMES:
        raise ValueError(f"'{code}' is not a language staff's texts are translated into")
    translate = _Translator(code)
    meeting = translate(report.meeting, "Meetings", f"Meeting {report.meeting.code}")
    reported = translate.programme(report.reported)
    planned = translate.programme(report.planned) if report.planned is not None else None
    return replace(report, language=code, meeting=meeting, reported=reported, planned=planned,
                   issues=report.issues + tuple(translate.issues))
