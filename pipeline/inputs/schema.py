"""The declared shape of the input workbooks: which files, sheets and columns.

One declaration serves the reader (what to check), the blank-template writer
(headers, drop-down lists, instructions) and the README (the input format).
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import (ANNEX1_LAYOUTS, ANNEX_PARAGRAPHS, DEFAULT_PARTNER, ENGLISH_NAMES, LOG_KINDS, OUTCOMES,
                            TRANSLATED_LANGUAGES)

YES_NO = ("yes", "no")


@dataclass(frozen=True)
class Column:
    header: str  # as it stands in row 1 of the sheet
    key: str  # the field it fills
    kind: str  # text, int, date, fuzzydate, bool, choice, list
    required: bool
    help: str
    example: str = ""
    choices: tuple[str, ...] = ()
    markup: bool = False  # a printed text where staff may type emphasis (MARKUP): said where columns are described

    @property
    def described(self) -> str:
        """The help as the README and the blank templates' Instructions give it."""
        return self.help + MARKUP if self.markup else self.help


@dataclass(frozen=True)
class Sheet:
    name: str
    purpose: str
    columns: tuple[Column, ...]
    key: str | None = None  # the column whose values must be unique (within a programme where it has one)
    optional: bool = False  # a workbook without this sheet is read as if the sheet were empty

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)


@dataclass(frozen=True)
class Workbook:
    file: str
    purpose: str
    sheets: tuple[Sheet, ...]


_LANGUAGE_NAMES = ENGLISH_NAMES  # the one table of languages (pipeline/languages.py)

# What staff may type in a printed text cell for emphasis (pipeline/wording/markup.py).
MARKUP = (" Type *words* for italics (*ad hoc*), _words_ for underlined (_Sharks_:) and **words** for "
          "bold; scientific names on the Species sheet print in italics without marks.")


def translated(header: str, key: str, what: str, empty: str = "", **examples: str) -> tuple[Column, ...]:
    """Optional columns 'Title (fr)', 'Title (es)': a text in the report's other languages.

    Empty, the English text is used in that language's report, and listed as a data issue; `empty`
    replaces those words where the text is also used otherwise (a log row's Event names it in a reason).
    """
    return tuple(
        Column(f"{header} ({code})", f"{key}_{code}", "text", False,
               f"{what} in {_LANGUAGE_NAMES[code]}, for the {_LANGUAGE_NAMES[code]} report. Empty: "
               + (empty or f"the '{header}' column is used there, and listed as a data issue."),
               examples.get(code, ""))
        for code in TRANSLATED_LANGUAGES)


PROGRAMMES = Sheet(
    "Programmes",
    "One row per joint programme (a plan of joint activities over a period).",
    (
        Column("Programme", "id", "text", True, "Short identifier used in the other sheets.", "JWP 2012-2014"),
        Column("Title", "title", "text", True, "Title as the document prints it.",
               "Draft CMS CITES Joint Work Programme 2012-2014"),
        Column("First year", "start_year", "int", True, "First year of the period.", "2012"),
        Column("Last year", "end_year", "int", True, "Last year of the period (after any extension).", "2014"),
        Column("Introduction", "introduction", "text", False,
               "Background paragraph(s) printed before the themes, with their label as printed; one paragraph "
               "per line.",
               "Background: The CMS CITES Joint Work Programme 2012-2014 comprises a non-exhaustive list of joint "
               "activities.", markup=True),
        *translated("Title", "title", "The title", fr="Projet de programme de travail conjoint CMS-CITES 2012-2014",
                    es="Proyecto de programa de trabajo conjunto CMS-CITES 2012-2014"),
        *translated("Introduction", "introduction", "The introduction"),
        Column("Annex 1 layout", "annex1_layout", "choice", False,
               "How Annex 1 presents the programme when a meeting reports on it: 'list of tasks', an area per "
               "row with its numbered common tasks, comments and the summaries of what was done (the list of "
               "joint activities 2008-2011); 'implementation table', a table per theme with a row per "
               "activity (code, description, timeframe, status and the events that advanced it) under its "
               "group headings (the Joint Work Programme 2012-2014). Empty: a list of tasks when the "
               "programme's activities have task numbers (Activities sheet, Number), else an implementation "
               "table.", "implementation table", ANNEX1_LAYOUTS),
        Column("Partner", "partner", "text", False,
               "The partner convention's short name as the document prints it: CITES, Ramsar, CBD, IWC ... "
               "An activity's Lead may name it. Empty: CITES (the joint programmes written before this column "
               "were all with CITES).", "CITES"),
        Column("Adopted on", "adopted_on", "date", False,
               "The day the programme was adopted (by the last of the bodies that adopt it). Before it, the "
               "programme is a draft and reports print its Title; from it, they print its Adopted title. "
               "Empty: the Title is printed whatever the report's date. After 31 December of its Last year "
               "the programme is closed.", "08/11/2012"),
        Column("Adopted title", "adopted_title", "text", False,
               "The title printed by reports whose status date is on or after 'Adopted on'. Empty: the Title.",
               "CMS CITES Joint Work Programme 2012-2014"),
        *translated("Adopted title", "adopted_title", "The adopted title",
                    fr="Programme de travail conjoint CMS-CITES 2012-2014",
                    es="Programa de trabajo conjunto CMS-CITES 2012-2014"),
    ),
    key="id",
)

THEMES = Sheet(
    "Themes",
    "One row per theme (activity area) of a programme, in the order the document prints them.",
    (
        Column("Programme", "programme_id", "text", True, "A programme of the Programmes sheet.", "JWP 2012-2014"),
        Column("Theme", "code", "text", True, "Letter of the theme.", "A"),
        Column("Title", "title", "text", True, "Title of the theme.", "Harmonization of taxonomy and nomenclature"),
        Column("Introduction", "introduction", "text", False,
               "Introductory paragraph(s) of the theme; one paragraph per line.",
               "Joint activities in this area relate to updating the concordance list ...", markup=True),
        Column("Comments", "comments", "text", False,
               "The 'Comments' cell of the area in a list of joint activities, as written; one paragraph per line.",
               "1-4. This will facilitate the practical cooperation between the Conventions ...", markup=True),
        *translated("Title", "title", "The title", fr="Harmonisation de la taxonomie et de la nomenclature",
                    es="Armonización de la taxonomía y la nomenclatura"),
        *translated("Introduction", "introduction", "The introduction"),
        *translated("Comments", "comments", "The comments"),
    ),
    key="code",
)

ACTIVITIES = Sheet(
    "Activities",
    "One row per activity (or indicative common task) of a programme, in document order. A description "
    "has one paragraph per line; a line that starts with '•' is an item of a bulleted list in the "
    "document (Word draws the bullet).",
    (
        Column("Programme", "programme_id", "text", True, "A programme of the Programmes sheet.", "JWP 2012-2014"),
        Column("Code", "code", "text", True, "Unique within the programme.", "A1"),
        Column("Theme", "theme_code", "text", True, "A theme of the same programme on the Themes sheet.", "A"),
        Column("Number", "number", "text", False,
               "The task number as the document prints it, where it numbers tasks within an area.", ""),
        Column("Group", "group", "text", False, "Group heading inside the theme.",
               "Concordance List of Species and Common Database"),
        Column("Description", "description", "text", True, "The activity as written.",
               "On-going update of the concordance list of species in the Appendices of the two Conventions.",
               markup=True),
        Column("Timeframe", "timeframe", "text", False,
               "As written: 2012, 2012-13, 2012-2014, 2012 – 14, On-going, Annual and as-required, "
               "by December 2014, Q2 2013, Will depend on decisions adopted at CMS CoP10. "
               "Empty: the programme's whole period.", "2012"),
        Column("Lead", "lead", "text", False,
               "Who leads, where stated: CMS, the programme's partner (its 'Partner' on the Programmes sheet, "
               "e.g. CITES) or Joint.", ""),
        Column("Species", "species", "list", False,
               "Common names from the Species sheet, separated by ';'.", "African elephant"),
        Column("External funding", "external_funding", "bool", False,
               "'yes' where the activity is subject to external funding.", "no", YES_NO),
        Column("Comments", "comments", "text", False, "Comments on the activity.", ""),
        Column("Continues", "continues", "list", False,
               "The activity of an earlier programme this one carries on, as its programme and code; several "
               "separated by ';'. The log rows of that activity count as evidence of this one (as progress), "
               "and the reason says which activity it continues.", "JWP 2012-2014 B10"),
        *translated("Group", "group", "The group heading"),
        *translated("Description", "description", "The description"),
        *translated("Timeframe", "timeframe", "The timeframe as printed (the English one is what the status "
                    "counts from)", fr="En cours", es="En curso"),
    ),
    key="code",
)

SPECIES = Sheet(
    "Species",
    "One row per species or species group the programmes name.",
    (
        Column("Common name", "common_name", "text", True, "As the document writes it; unique.", "African elephant"),
        Column("Scientific name", "scientific_name", "text", False, "As the document writes it.",
               "Loxodonta africana"),
        Column("Group", "group", "text", False, "Taxonomic or document group.", "Sharks"),
        Column("CMS Appendix", "cms_appendix", "text", False, "CMS Appendix listing (I, II, I/II).", ""),
        Column(f"{DEFAULT_PARTNER} Appendix", "default_partner_appendix", "text", False,
               f"{DEFAULT_PARTNER} Appendix listing (I, II, III): the same as '{DEFAULT_PARTNER}: II' in "
               f"'Partner listings', kept for the workbooks written before that column.", ""),
        Column("Partner listings", "partner_listings", "listings", False,
               "Its listing under each partner convention, as 'Partner: listing', separated by ';' (the partner "
               "as in the Programmes sheet's 'Partner').", "CITES: II; IWC: Schedule"),
    ),
    key="common_name",
)

LOG = Sheet(
    "Log",
    "One row per meeting, workshop, teleconference or other event that advanced the joint work.",
    (
        Column("Entry", "id", "text", True, "Unique identifier of the row.", "L05"),
        Column("Start", "start", "fuzzydate", False,
               "Date of the event: an Excel date, or as known: 'June 2008', '2009'.", "19/07/2010"),
        Column("End", "end", "fuzzydate", False, "Last day, for an event over several days.", "23/07/2010"),
        Column("Kind", "kind", "choice", True, "What kind of event.", "workshop", LOG_KINDS),
        Column("Event", "title", "text", True, "Name of the event.",
               "FAO/CITES workshop on elasmobranchs"),
        Column("Venue", "venue", "text", False, "City or place.", "Genazzano"),
        Column("Country", "country", "text", False, "Country.", "Italy"),
        Column("Organised by", "organisers", "text", False, "Who organised it.", "FAO, CITES"),
        Column("Participants", "participants", "text", False, "Who took part.", "CMS"),
        Column("Programme", "programme_id", "text", True, "A programme of programmes.xlsx.", "JA 2008-2011"),
        Column("Activities", "activities", "list", True,
               "Codes of the activities it advanced, separated by ';'.", "B.1; B.2; B.3"),
        Column("Species", "species", "list", False, "Common names, separated by ';'.", "Whale shark"),
        Column("Outcome", "outcome", "choice", True, "What it was for the activities.", "progress", OUTCOMES),
        Column("Group", "group", "text", False,
               "Heading under which the summary is listed in the annex (e.g. a species).", "Sharks"),
        Column("Summary", "summary", "text", True,
               "The Secretariat's summary, as printed; one paragraph per line. Annex 1 lists the rows of an "
               "area in the order of this sheet; a summary already printed under the same label is not "
               "printed again.",
               "Participation by CMS in the FAO/CITES workshop ...", markup=True),
        Column("Reference", "reference", "text", False, "Document symbol or link.", ""),
        Column("Print in Annex 1", "in_annex", "bool", False,
               "'no' keeps the row as evidence (it counts for the status) without printing its summary in "
               "Annex 1, e.g. an event the Secretariat mentions inside another row's summary. Empty: yes.",
               "no", YES_NO),
        Column("Label in Annex 1", "annex_label", "text", False,
               "The label printed before the summary where it differs from the one the report works out "
               "(task numbers and group at the start of a group; the dates where an area's tasks are not "
               "numbered): task numbers as printed ('2-3.'), a date as the Secretariat wrote it "
               "('February 2009', 'September 2010 and Sept 2011'), or both ('1-3. African elephant'). "
               "The report underlines what follows the task numbers and adds ':'.",
               "February 2009"),
        Column("Paragraph in Annex 1", "annex_paragraph", "choice", False,
               "How the summary starts in Annex 1: 'new', a paragraph of its own after its label; "
               "'label on its own line', the label (given or worked out) as a paragraph of its own, then "
               "the summary; 'continues the row before', in the paragraph of the row printed before it, "
               "after a space. Empty: new.", "label on its own line", ANNEX_PARAGRAPHS),
        Column("Happened by", "happened_by", "fuzzydate", False,
               "For a row without a Start: when it is known to have happened by, e.g. the date the "
               "Secretariat recorded it, or the month or year of the period it belongs to. The row counts "
               "as evidence, and is printed in reports, from the last day this can be ('August 2011': "
               "31 August 2011), and is listed as a data issue. Empty, with no Start: the row is in no "
               "report and never counts.",
               "August 2011"),
        Column("Reported from", "reported_from", "fuzzydate", False,
               "For a row the Secretariat reported before its date, e.g. an event of the weeks between the "
               "state of implementation and the document, or one announced for the meeting itself: the "
               "status date from which reports print it ('August 2011': reports as of 31 August 2011 or "
               "later). It still counts as evidence only from its own date. Empty: a report prints a row "
               "only once it counts (its End, Start or Happened by is on or before the status date).",
               "August 2011"),
        Column("Date source", "date_source", "text", False,
               "Where the date comes from when the summary does not say it, e.g. another part of the "
               "report.", "CITES CoP15 was held in March 2010 (Annex 1, area 4)"),
        *translated("Summary", "summary", "The summary"),
        *translated("Group", "group", "The heading printed in Annex 1 (rows are grouped by the English one)",
                    fr="Requins", es="Tiburones"),
        *translated("Label in Annex 1", "annex_label", "The label printed in Annex 1",
                    fr="Février 2009", es="Febrero de 2009"),
        *translated("Event", "title", "The name of the event",
                    "a reason in that report names the row by its Entry and date ('log entry L05 (19 July "
                    "2010)'), and Annex 2's evidence and the workbook print the 'Event' column; listed as a "
                    "data issue.",
                    fr="Atelier FAO/CITES sur les élasmobranches", es="Taller FAO/CITES sobre elasmobranquios"),
        *translated("Venue", "venue", "The city or place",
                    "the 'Venue' column is printed in Annex 2's evidence and the workbook, and listed as a data "
                    "issue; a reason naming the row by its translated Event leaves the venue out. A name that "
                    "reads the same ('Bonn') is given too, so the report knows it is not English; imported from "
                    "a translator's XLIFF file, the translation memory fills it for every row of that venue.",
                    fr="Genève", es="Ginebra"),
        Column("Outcomes", "outcomes", "outcomes", False,
               "An outcome per activity where they differ, as 'code: outcome', separated by ';': the outcome "
               "given for a code replaces the row's Outcome for that activity; the other activities keep the "
               "row's Outcome. Each code must be one of the row's Activities, each outcome one of: "
               + ", ".join(OUTCOMES) + ".", "B7: completed; B9: progress"),
        Column("Planned events", "planned_events", "list", False,
               "The items of the 'Planned events' sheet of programmes.xlsx that this event is, separated by ';'; "
               "each belongs to one of the row's Activities. The report says those happened.", "D4.1"),
    ),
    key="id",
)

PLANNED_EVENTS = Sheet(
    "Planned events",
    "Optional. One row per dated item of an activity that lists planned events (e.g. the joint meetings "
    "the secretariats may attend), in the order the programme lists them. A log row names the item it "
    "fulfils in its 'Planned events' column; the report says which happened by its status date.",
    (
        Column("Programme", "programme_id", "text", True, "A programme of the Programmes sheet.", "JWP 2012-2014"),
        Column("Activity", "activity", "text", True, "The code of the activity whose item it is.", "D4"),
        Column("Item", "item", "text", True, "Its code, unique within the programme; log rows name it.", "D4.1"),
        Column("When", "when", "fuzzydate", True, "When it is planned, as the programme writes it: "
               "'March 2012', '2013', or a day.", "March 2012"),
        Column("Event", "event", "text", True, "The planned event, as written.",
               "26th meeting of the CITES Animals Committee"),
        *translated("Event", "event", "The planned event", fr="26e session du Comité pour les animaux de la CITES",
                    es="26ª reunión del Comité de Fauna de la CITES"),
    ),
    key="item",
    optional=True,
)

MEETINGS = Sheet(
    "Meetings",
    "One row per Standing Committee meeting the Secretariat reports to.",
    (
        Column("Meeting", "code", "text", True, "Short code, used on the command line.", "StC38"),
        Column("Number", "number", "int", True, "Number of the meeting.", "38"),
        Column("Venue", "venue", "text", True, "City.", "Bergen"),
        Column("Country", "country", "text", False, "Country.", "Norway"),
        Column("Start date", "start_date", "date", True, "First day of the meeting.", "19/11/2011"),
        Column("End date", "end_date", "date", False, "Last day, if more than one.", ""),
        Column("Agenda item", "agenda_item", "text", True, "As printed.", "5(a)"),
        Column("Document symbol", "symbol", "text", True, "As printed.", "UNEP/CMS/StC38/Doc.3"),
        Column("Document date", "document_date", "date", True, "Date of the document.", "27/09/2011"),
        Column("Original language", "language", "text", True, "As printed after 'Original:'.", "English"),
        Column("Title", "title", "text", True, "Title of the document.", "Cooperation between CMS and CITES"),
        Column("Status as of", "as_of", "date", False,
               "Default date the status is computed at; empty: the document date.", "31/08/2011"),
        Column("Reported programme", "reported_programme", "text", True,
               "Programme whose implementation Annex 1 reports.", "JA 2008-2011"),
        Column("Planned programme", "planned_programme", "text", False,
               "Programme presented in Annex 2 with its status.", "JWP 2012-2014"),
        *translated("Title", "title", "The title", fr="Coopération entre la CMS et la CITES",
                    es="Cooperación entre la CMS y la CITES"),
    ),
    key="code",
)

WORKBOOKS = (
    Workbook("programmes.xlsx", "The joint programmes, their themes and activities, and the species.",
             (PROGRAMMES, THEMES, ACTIVITIES, SPECIES, PLANNED_EVENTS)),
    Workbook("meeting_log.xlsx", "The log of meetings and events that advanced the joint work.", (LOG,)),
    Workbook("meetings.xlsx", "The Standing Committee meetings reported to.", (MEETINGS,)),
)


def workbook(file: str) -> Workbook:
    return next(w for w in WORKBOOKS if w.file == file)
