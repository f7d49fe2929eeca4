"""The fixed wording of the meeting document: header block, meeting block, annex headings
and table headers, in the report's language.

The Word template places these with placeholders ({{ labels.convention }} ...), so one
template serves every language and staff keep editing fonts and layout in Word.
"""
from __future__ import annotations

from datetime import date

from pipeline.model import Meeting
from pipeline.wording.language import ENGLISH, Language


def meeting_name(number: int, lang: Language = ENGLISH) -> str:
    """'38TH MEETING OF THE STANDING COMMITTEE', '38e RÉUNION DU COMITÉ PERMANENT', '38ª REUNIÓN ...'."""
    ordinal = lang.upper_ordinal(number)  # '38TH'; French '38e' and Spanish '38ª' keep their small letters
    return lang._("{ordinal} MEETING OF THE STANDING COMMITTEE").format(ordinal=ordinal)


def meeting_name_lines(number: int, lang: Language = ENGLISH) -> tuple[str, str]:
    """The meeting's name on two lines, as the header block prints it: ('38TH MEETING OF THE',
    'STANDING COMMITTEE'), ('38e RÉUNION DU', 'COMITÉ PERMANENT')."""
    ordinal = lang.upper_ordinal(number)
    return (lang._("{ordinal} MEETING OF THE").format(ordinal=ordinal), lang._("STANDING COMMITTEE"))


def document_labels(meeting: Meeting, lang: Language = ENGLISH) -> dict[str, str]:
    """What the template's {{ labels.* }} placeholders print."""
    return {
        "convention": lang._("CONVENTION ON MIGRATORY SPECIES"),
        "distribution": lang.typography(lang._("Distribution: General")),
        # 'Français', 'Español' under the symbol of a translated document, as UN and CMS translations
        # carry it; the English original has none (UNEP/CMS/StC38/Doc.3 reads so)
        "language_line": [] if lang.is_source else [lang.native_name],  # a list: none leaves no paragraph
        "original": lang.typography(lang._("Original: {language}").format(
            language=lang.language_name(meeting.language or "English"))),
        "meeting_name": meeting_name(meeting.number, lang),
        "meeting_number_line": meeting_name_lines(meeting.number, lang)[0],
        "committee_line": meeting_name_lines(meeting.number, lang)[1],
        "agenda_item": lang._("Agenda Item {item}").format(item=meeting.agenda_item),
        "prepared_by": lang._("(Prepared by the Secretariat)"),
        "action_requested": lang.typography(lang._("Action requested:")),
    }


def draft_mark(as_of: date, lang: Language = ENGLISH) -> str:
    """The line in the header of a report whose status date may mislead, made on purpose (a what-if):
    it can never be taken for the version sent to the Committee."""
    return lang.typography(lang._("Not the version sent to the Committee: status date {date} chosen on purpose")
                           .format(date=lang.date(as_of)))


def annex_label(number: int, lang: Language = ENGLISH) -> str:
    """'Annex 1', 'Annexe 1', 'Anexo 1'."""
    return lang._("Annex {number}").format(number=number)


def state_of_implementation(month: str, lang: Language = ENGLISH) -> str:
    """'STATE OF IMPLEMENTATION (AUGUST 2011)'."""
    return lang._("STATE OF IMPLEMENTATION ({month})").format(month=month.upper())


def annex1_headers(lang: Language = ENGLISH) -> tuple[str, str, str, str]:
    return (lang._("Activities"), lang._("Indicative list of common tasks"), lang._("Comments"),
            lang._("Summary of activities undertaken"))


def annex2_headers(lang: Language = ENGLISH) -> tuple[str, str, str, str]:
    return (lang._("Description of envisaged joint activities"), lang._("Timeframe"), lang._("Status"),
            lang._("Evidence"))


def implementation_table_headers(lang: Language = ENGLISH) -> tuple[str, str, str, str, str]:
    """Annex 1 as an implementation table: a row per activity of the programme reviewed."""
    return (lang.p_("column", "Code"), lang._("Activity"), lang._("Timeframe"), lang._("Status"),
            lang._("Activities undertaken"))


def planned_events_heading(held: int, total: int, as_of: str, lang: Language = ENGLISH) -> str:
    """Above an activity's dated items in Annex 1: 'Planned events (3 of 13 held by 31 October 2013):'."""
    return lang.typography(lang._("Planned events ({held} of {total} held by {as_of}):").format(
        held=held, total=total, as_of=as_of))


def planned_event_outcome(held_on: str, due: bool, lang: Language = ENGLISH) -> str:
    """What became of one dated item: 'held (24-27 September 2012)', 'not recorded', 'still to come'."""
    if held_on:
        return lang._("held ({date})").format(date=held_on)
    return lang._("not recorded") if due else lang._("still to come")


def status_label(lang: Language = ENGLISH) -> str:
    """'Status: ' before a task's status in Annex 1 ('Statut : ', 'Estado: ')."""
    return lang.typography(lang._("Status:")) + " "


def paragraph_start(label: str) -> str:
    """A label as it starts a paragraph, its first letter in capitals: French and Spanish month
    names are lower case in running text ('en décembre 2008') but not at the start of a
    paragraph ('Décembre 2008 :', 'Diciembre de 2008:'). English labels are unchanged."""
    return label[:1].upper() + label[1:]
