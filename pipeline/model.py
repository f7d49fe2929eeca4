"""The domain records every stage passes on: read once, never mutated.

Each record remembers where it came from (file, sheet, Excel row) so that any
figure in the report can be traced back to the spreadsheet cell behind it.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date


@dataclass(frozen=True)
class Source:
    """A row of an input workbook, as Excel numbers it (header is row 1)."""

    file: str
    sheet: str
    row: int

    def __str__(self) -> str:
        return f"{self.file}, sheet '{self.sheet}', row {self.row}"


@dataclass(frozen=True)
class DataIssue:
    """A problem found in the inputs.

    Fatal issues stop a run; warnings are carried into the report as data issues.
    """

    file: str
    sheet: str
    row: int | None
    column: str | None
    value: str
    expected: str
    fatal: bool = False

    @property
    def severity(self) -> str:
        return "error" if self.fatal else "warning"

    @property
    def place(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        found = f"found '{self.value}'" if self.value != "" else "found nothing"
        return f"{self.place}: {found}; {self.expected}"


@dataclass(frozen=True)
class FuzzyDate:
    """A date as staff know it: to the day, the month or only the year."""

    earliest: date
    latest: date
    precision: str  # "day", "month" or "year"
    as_written: str


# ---------------------------------------------------------------- the report's languages
# One table: everything the product knows of a language that is not a word of it (those are in
# its catalogue, pipeline/wording/catalogs/<code>.po). Adding a language is a row here and a
# catalogue (docs/developing.md, "Adding a language"); every other module reads this table.

@dataclass(frozen=True)
class LanguageInfo:
    """One language of the report."""

    code: str  # 'fr': the report's files are 'UNEP-CMS-StC38-Doc3.fr.docx', its columns 'Title (fr)'
    english_name: str  # 'French': in staff messages, the workbook's column notes, the staff page
    native_name: str  # 'Français': the language line under the symbol of a translated document
    locale: str  # Babel locale of month names and language names: 'fr_FR'
    word_tag: str  # Word's w:lang (spelling, hyphenation): 'fr-FR'
    excel_locale: str  # Excel's locale before a date format ('[$-40C]'), so months print in the language
    day_month_year: str  # '{day} {month} {year}'; Spanish '{day} de {month} de {year}'
    month_year: str  # '{month} {year}'; Spanish '{month} de {year}'
    first_day: str  # how the 1st of a month is written: '1', French '1er'
    ordinal: str  # the meeting's number: '{n}e', '{n}ª' (English is worked out: 38th, 21st)
    ordinal_first: str = ""  # the 1st where it differs: French '1re' (réunion is feminine)
    french_spacing: bool = False  # a no-break space before : ; ? ! and inside « » quotes
    typographic_apostrophe: bool = False  # ’ for ' in everything printed (French: l’annexe)
    capital_ordinal: bool = False  # the header block prints the ordinal in capitals: '38TH'
    ordinal_suffixes: tuple[str, ...] = ()  # printed in superscript after a number in the .docx: 38e, 1er


# The report's languages, English (the source) first. The order is the order of the files,
# the form's choices and the workbooks' translation columns.
LANGUAGE_TABLE: tuple[LanguageInfo, ...] = (
    LanguageInfo("en", "English", "English", "en_GB", "en-GB", "", "{day} {month} {year}", "{month} {year}",
                 "1", "", capital_ordinal=True),
    LanguageInfo("fr", "French", "Français", "fr_FR", "fr-FR", "[$-40C]", "{day} {month} {year}",
                 "{month} {year}", "1er", "{n}e", "1re", french_spacing=True, typographic_apostrophe=True,
                 ordinal_suffixes=("er", "re", "e", "ers", "res", "es")),
    LanguageInfo("es", "Spanish", "Español", "es_ES", "es-ES", "[$-C0A]", "{day} de {month} de {year}",
                 "{month} de {year}", "1", "{n}ª"),
)
SOURCE_LANGUAGE = "en"  # the language staff write in; a missing translation falls back to it
REPORT_LANGUAGES: tuple[str, ...] = tuple(info.code for info in LANGUAGE_TABLE)  # ('en', 'fr', 'es')
ENGLISH_NAMES: dict[str, str] = {info.code: info.english_name for info in LANGUAGE_TABLE}
_BY_CODE = {info.code: info for info in LANGUAGE_TABLE}


def language_info(code: str) -> LanguageInfo:
    """The table's row for a language code; KeyError for a language the report has not."""
    return _BY_CODE[code]


# The languages staff may give a translation of their texts in (optional "Title (fr)" columns);
# English is what they write first and what is used where a translation is missing.
TRANSLATED_LANGUAGES: tuple[str, ...] = tuple(code for code in REPORT_LANGUAGES if code != SOURCE_LANGUAGE)

Translations = tuple[tuple[str, str], ...]


def translation(record: object, field: str, code: str) -> str:
    """Staff's translation of a record's field ('description') into a language ('fr'), or ''."""
    return dict(getattr(record, "translations", ())).get(f"{field}_{code}", "")


# The partner convention of a programme whose 'Partner' cell is empty: the joint programmes
# before that column was added were all with CITES.
DEFAULT_PARTNER = "CITES"


@dataclass(frozen=True)
class Programme:
    id: str
    title: str
    start_year: int
    end_year: int
    introduction: str
    source: Source
    translations: Translations = ()  # staff's translations: (("title_fr", "..."), ...)
    annex1_layout: str = ""  # one of ANNEX1_LAYOUTS as staff chose it; "": worked out from its activities
    partner: str = DEFAULT_PARTNER  # the partner convention's short name as printed: CITES, Ramsar, CBD ...
    # Its state over time: a draft until 'Adopted on' (when given), then adopted under its
    # adopted title (when given); closed after 31 December of its last year.
    adopted_on: date | None = None
    adopted_title: str = ""
    adopted_translations: Translations = ()  # (("title_fr", "..."), ...) of the adopted title

    def state_on(self, day: date) -> str:
        """'draft', 'adopted' or 'closed' on a day (one of PROGRAMME_STATES)."""
        if day > date(self.end_year, 12, 31):
            return CLOSED
        if self.adopted_on is not None and day < self.adopted_on:
            return DRAFT
        return ADOPTED

    def as_of(self, day: date) -> "Programme":
        """The programme as a report dated `day` names it: its adopted title once adopted."""
        if self.adopted_on is None or day < self.adopted_on or not self.adopted_title:
            return self
        kept = tuple((k, v) for k, v in self.translations if not k.startswith("title_"))
        return replace(self, title=self.adopted_title, translations=kept + self.adopted_translations)

    @property
    def leads(self) -> tuple[str, ...]:
        """Who may lead one of its activities: CMS, the partner, or both jointly."""
        return lead_choices(self.partner)


@dataclass(frozen=True)
class Theme:
    programme_id: str
    code: str
    title: str
    introduction: str
    comments: str  # the Annex 1 "Comments" cell for the area, as written
    source: Source
    translations: Translations = ()  # staff's translations: (("title_fr", "..."), ...)


@dataclass(frozen=True)
class Activity:
    programme_id: str
    code: str
    theme_code: str
    number: str  # the task number as the document prints it ("1"), or ""
    group: str
    description: str
    timeframe: str  # exactly as written
    lead: str
    species: tuple[str, ...]
    external_funding: bool
    comments: str
    source: Source
    translations: Translations = ()  # staff's translations: (("title_fr", "..."), ...)
    continues: tuple[str, ...] = ()  # earlier activities it carries on, as written: ("JWP 2012-2014 B10",)


def activity_reference(text: str) -> tuple[str, str]:
    """'JWP 2012-2014 B10' -> ('JWP 2012-2014', 'B10'): a programme id, then an activity code after the
    last space (a ':' or ',' between them is allowed). No space: (text, ''), a reference without a code."""
    parts = text.strip().rsplit(None, 1)
    if len(parts) < 2:
        return text.strip(), ""
    return parts[0].rstrip(" :,"), parts[1]


@dataclass(frozen=True)
class Species:
    common_name: str
    scientific_name: str
    group: str
    cms_appendix: str
    listings: tuple[tuple[str, str], ...]  # (partner, listing): (("CITES", "II"), ("IWC", "Schedule"))
    source: Source

    def listing(self, partner: str) -> str:
        """Its listing under a partner convention ('II' under CITES), or ''."""
        wanted = partner.strip().casefold()
        return next((listed for name, listed in self.listings if name.strip().casefold() == wanted), "")


@dataclass(frozen=True)
class LogEntry:
    id: str
    start: FuzzyDate | None
    end: FuzzyDate | None
    kind: str
    title: str
    venue: str
    country: str
    organisers: str
    participants: str
    programme_id: str
    activities: tuple[str, ...]
    species: tuple[str, ...]
    outcome: str  # one of OUTCOMES: for every activity the row names, unless `outcomes` says otherwise
    group: str
    summary: str
    reference: str
    source: Source
    # How the row shows in Annex 1, and what is known when it has no date of its own.
    in_annex: bool = True  # False: evidence only, its summary is not printed in Annex 1
    annex_label: str = ""  # the label printed before the summary, where it differs from the worked-out one
    annex_paragraph: str = "new"  # one of ANNEX_PARAGRAPHS: how its summary starts in Annex 1
    happened_by: FuzzyDate | None = None  # for a row without a Start: known to have happened by then
    date_source: str = ""  # where the date comes from when the summary does not give it
    translations: Translations = ()  # staff's translations: (("summary_fr", "..."), ...)
    reported_from: FuzzyDate | None = None  # reports print it from then on, although it is dated later
    outcomes: tuple[tuple[str, str], ...] = ()  # per activity, overriding `outcome`: (("B7", "completed"), ...)
    planned_events: tuple[str, ...] = ()  # the items of the Planned events sheet it fulfils

    def outcome_for(self, code: str) -> str:
        """What the row was for one of its activities: its own outcome there, else the row's."""
        wanted = code.strip().upper()
        return next((o for c, o in self.outcomes if c.strip().upper() == wanted), self.outcome)

    def for_activity(self, code: str) -> "LogEntry":
        """The row as evidence of one activity: `outcome` is the outcome for that activity."""
        outcome = self.outcome_for(code)
        return self if outcome == self.outcome else replace(self, outcome=outcome)

    @property
    def earliest(self) -> date | None:
        return self.start.earliest if self.start else None

    @property
    def latest(self) -> date | None:
        """The last day the event can have happened on: what status counts against.

        A row without a date of its own counts from the last day of its 'Happened by'.
        """
        if self.end:
            return self.end.latest
        if self.start:
            return self.start.latest
        return self.happened_by.latest if self.happened_by else None

    @property
    def reported_from_day(self) -> date | None:
        """The first status date whose report holds the row: the day it counts from, or the last day
        of its 'Reported from' when staff reported it ahead of its date. None: in no report."""
        ahead = self.reported_from.latest if self.reported_from is not None else None
        days = [d for d in (self.latest, ahead) if d is not None]
        return min(days) if days else None

    def in_report_as_of(self, as_of: date) -> bool:
        """Whether a report as of a date prints the row: it had happened (or was reported) by then."""
        day = self.reported_from_day
        return day is not None and day <= as_of


@dataclass(frozen=True)
class PlannedEvent:
    """A dated item of an activity's list (D4's joint events): a log row names it when it happens."""

    programme_id: str
    activity: str  # the code of the activity it belongs to
    item: str  # its code, unique within the programme ("D4.1")
    when: FuzzyDate  # as the programme writes it: 'March 2012', '2013'
    event: str
    source: Source
    translations: Translations = ()  # staff's translations: (("event_fr", "..."), ...)


@dataclass(frozen=True)
class Meeting:
    """A Standing Committee meeting and the document the report becomes."""

    code: str  # "StC38"
    number: int
    venue: str
    country: str
    start_date: date
    end_date: date | None
    agenda_item: str
    symbol: str
    document_date: date
    language: str
    title: str
    as_of: date | None
    reported_programme: str
    planned_programme: str
    source: Source
    translations: Translations = ()  # staff's translations: (("title_fr", "..."), ...)


@dataclass(frozen=True)
class Inputs:
    """Everything read from the input folder, validated, plus the warnings found."""

    programmes: tuple[Programme, ...]
    themes: tuple[Theme, ...]
    activities: tuple[Activity, ...]
    species: tuple[Species, ...]
    log: tuple[LogEntry, ...]
    meetings: tuple[Meeting, ...]
    issues: tuple[DataIssue, ...] = field(default=())
    planned_events: tuple[PlannedEvent, ...] = ()

    def programme(self, programme_id: str) -> Programme:
        return next(p for p in self.programmes if p.id == programme_id)

    def meeting(self, code: str) -> Meeting | None:
        wanted = code.strip().lower()
        return next((m for m in self.meetings if m.code.lower() == wanted), None)

    def themes_of(self, programme_id: str) -> tuple[Theme, ...]:
        return tuple(t for t in self.themes if t.programme_id == programme_id)

    def activities_of(self, programme_id: str) -> tuple[Activity, ...]:
        return tuple(a for a in self.activities if a.programme_id == programme_id)

    def log_of(self, programme_id: str) -> tuple[LogEntry, ...]:
        return tuple(e for e in self.log if e.programme_id == programme_id)


OUTCOMES = ("progress", "completed", "decision taken", "postponed", "cancelled")
LOG_KINDS = ("meeting", "workshop", "teleconference", "conference", "representation", "other")
PROGRAMME_STATES = (DRAFT, ADOPTED, CLOSED) = ("draft", "adopted", "closed")


def lead_choices(partner: str) -> tuple[str, ...]:
    """The values of an activity's 'Lead': CMS, the programme's partner, or Joint."""
    return ("CMS", partner or DEFAULT_PARTNER, "Joint")
# How a log row's summary starts in Annex 1: a paragraph of its own (after its label, if any);
# its label as a paragraph of its own, then the summary; or in the paragraph of the row before.
NEW_PARAGRAPH, LABEL_ALONE, RUN_ON = "new", "label on its own line", "continues the row before"
ANNEX_PARAGRAPHS = (NEW_PARAGRAPH, LABEL_ALONE, RUN_ON)
# How Annex 1 presents the programme it reviews: the list of joint activities 2008-2011 (an area's
# numbered common tasks, comments and summaries in one row), or an implementation table (one row
# per activity: code, description, timeframe, status, the events that advanced it).
LIST_OF_TASKS, IMPLEMENTATION_TABLE = "list of tasks", "implementation table"
ANNEX1_LAYOUTS = (LIST_OF_TASKS, IMPLEMENTATION_TABLE)
