"""The fixed words of the report workbook, in the report's language: sheet names, column
headers, labels and values the Excel writer puts in cells (never staff's own text).

The writer keeps its English texts where they are declared (pipeline/excel/) and asks
`workbook_text` for each in the report's language; a status is said by sentences.status_name.
tests/pipeline/wording/test_workbook_words.py fails when the writer declares a text this
module does not know.
"""
from __future__ import annotations

from collections.abc import Callable

from pipeline.status.timeframes import format_period
from pipeline.status.vocabulary import Status, Timeframe
from pipeline.wording.language import ENGLISH, Language
from pipeline.wording.sentences import status_name


def _words(lang: Language) -> dict[str, Callable[[], str]]:
    return {
        # column headers
        "Programme": lambda: lang.p_("column", "Programme"),
        "Code": lambda: lang.p_("column", "Code"),
        "Theme": lambda: lang.p_("column", "Theme"),
        "Group": lambda: lang.p_("column", "Group"),
        "Description": lambda: lang.p_("column", "Description"),
        "Timeframe": lambda: lang.p_("column", "Timeframe"),
        "Timeframe read as": lambda: lang.p_("column", "Timeframe read as"),
        "Window start": lambda: lang.p_("column", "Timeframe starts"),
        "Window end": lambda: lang.p_("column", "Timeframe ends"),
        "Lead": lambda: lang.p_("column", "Lead"),
        "External funding": lambda: lang.p_("column", "External funding"),
        "Status": lambda: lang.p_("column", "Status"),
        "Reason": lambda: lang.p_("column", "Reason"),
        "Since": lambda: lang.p_("column", "Since"),
        "Last evidence": lambda: lang.p_("column", "Last evidence"),
        "Evidence rows": lambda: lang.p_("column", "Evidence rows"),
        "Next due": lambda: lang.p_("column", "Next due"),
        "% completed": lambda: lang.p_("column", "% completed"),
        "% on schedule": lambda: lang.p_("column", "% on schedule"),
        "Scientific name": lambda: lang.p_("column", "Scientific name"),
        "Entry": lambda: lang.p_("column", "Entry"),
        "Start": lambda: lang.p_("column", "Start"),
        "End": lambda: lang.p_("column", "End"),
        "Date precision": lambda: lang.p_("column", "Date precision"),
        "Happened by": lambda: lang.p_("column", "Happened by"),
        "Counts from": lambda: lang.p_("column", "Counts from"),
        "Date source": lambda: lang.p_("column", "Date source"),
        "Event": lambda: lang.p_("column", "Event"),
        "Venue": lambda: lang.p_("column", "Venue"),
        "Country": lambda: lang.p_("column", "Country"),
        "Kind": lambda: lang.p_("column", "Kind"),
        "Outcome": lambda: lang.p_("column", "Outcome"),
        "Summary": lambda: lang.p_("column", "Summary"),
        "Activities": lambda: lang.p_("column", "Activities"),
        "Species": lambda: lang.p_("column", "Species"),
        "Reference": lambda: lang.p_("column", "Reference"),
        "Printed in Annex 1": lambda: lang.p_("column", "Printed in Annex 1"),
        "Counted as evidence": lambda: lang.p_("column", "Counted as evidence"),
        "New or known": lambda: lang.p_("column", "New or known"),
        "Severity": lambda: lang.p_("column", "Severity"),
        "File": lambda: lang.p_("column", "File"),
        "Sheet": lambda: lang.p_("column", "Sheet"),
        "Row": lambda: lang.p_("column", "Row"),
        "Column": lambda: lang.p_("column", "Column"),
        "Value found": lambda: lang.p_("column", "Value found"),
        "Expected": lambda: lang.p_("column", "Expected"),
        "Colour": lambda: lang.p_("column", "Colour"),
        "Counts as on schedule": lambda: lang.p_("column", "Counts as on schedule"),
        "Rule": lambda: lang.p_("column", "Rule"),
        "Compared": lambda: lang.p_("column", "Compared"),
        "From": lambda: lang.p_("column", "From"),
        "To": lambda: lang.p_("column", "To"),
        "Change": lambda: lang.p_("column", "Change"),
        "Status before": lambda: lang.p_("column", "Status before"),
        "Status after": lambda: lang.p_("column", "Status after"),
        "Evidence added": lambda: lang.p_("column", "Evidence added"),
        "Earlier status from": lambda: lang.p_("column", "Earlier status from"),
        "Month": lambda: lang.p_("column", "Month"),
        "Status as of": lambda: lang.p_("column", "Status as of"),
        "Source": lambda: lang.p_("column", "Source"),
        "Activity": lambda: lang.p_("column", "Activity"),
        "Item": lambda: lang.p_("column", "Item"),
        "Planned for": lambda: lang.p_("column", "Planned for"),
        "Happened": lambda: lang.p_("column", "Happened"),
        "Log entry": lambda: lang.p_("column", "Log entry"),
        "Happened on": lambda: lang.p_("column", "Happened on"),
        "Compared with the report sent": lambda: lang.p_("column", "Compared with the report sent"),
        # the Summary's title block and tables
        "Document": lambda: lang.p_("workbook", "Document"),
        "Meeting": lambda: lang.p_("workbook", "Meeting"),
        "Generated at": lambda: lang.p_("workbook", "Generated at"),
        "Total": lambda: lang.p_("workbook", "Total"),
        # values
        "yes": lambda: lang.p_("workbook", "yes"),
        "no": lambda: lang.p_("workbook", "no"),
        "new": lambda: lang.p_("data issue", "new"),
        "known (in the previous report)": lambda: lang.p_("data issue", "known (in the report sent)"),
        "warning": lambda: lang.p_("data issue", "warning"),
        "error": lambda: lang.p_("data issue", "error"),
        "No data issues": lambda: lang.p_("workbook", "No data issues"),
        "No activity is overdue, at risk, stalled or pending a decision": lambda: lang.p_(
            "workbook", "No activity is overdue, at risk, stalled or pending a decision"),
        "green": lambda: lang.p_("colour", "green"),
        "grey": lambda: lang.p_("colour", "grey"),
        "amber": lambda: lang.p_("colour", "amber"),
        "red": lambda: lang.p_("colour", "red"),
        "Since the previous meeting": lambda: lang.p_("workbook", "Since the previous meeting"),
        "Since a chosen date": lambda: lang.p_("workbook", "Since a chosen date"),
        "Since the previous month": lambda: lang.p_("workbook", "Since the previous month"),
        "No change": lambda: lang.p_("workbook", "No change"),
        "No previous meeting": lambda: lang.p_("workbook", "No previous meeting"),
        "recomputed from the inputs": lambda: lang.p_("workbook", "recomputed from the inputs"),
        "stored monthly snapshot": lambda: lang.p_("workbook", "stored monthly snapshot"),
        "All themes": lambda: lang.p_("workbook", "All themes"),
        "No months to show": lambda: lang.p_("workbook", "No months to show"),
        "row added": lambda: lang.p_("input change", "row added"),
        "row changed": lambda: lang.p_("input change", "row changed"),
        "row removed": lambda: lang.p_("input change", "row removed"),
        "computed": lambda: lang.p_("trend source", "computed"),
        "stored snapshot": lambda: lang.p_("trend source", "stored snapshot"),
        "Newly completed": lambda: lang.p_("change", "Newly completed"),
        "Newly overdue or at risk": lambda: lang.p_("change", "Newly overdue or at risk"),
        "Newly stalled": lambda: lang.p_("change", "Newly stalled"),
        "Other change of status": lambda: lang.p_("change", "Other change of status"),
        "New evidence, status unchanged": lambda: lang.p_("change", "New evidence, status unchanged"),
        "Added to the programme": lambda: lang.p_("change", "Added to the programme"),
        # a log row's date precision, kind and outcome (the input's own words, from its drop-down lists)
        "day": lambda: lang.p_("date precision", "day"),
        "month": lambda: lang.p_("date precision", "month"),
        "year": lambda: lang.p_("date precision", "year"),
        "meeting": lambda: lang.p_("log kind", "meeting"),
        "workshop": lambda: lang.p_("log kind", "workshop"),
        "teleconference": lambda: lang.p_("log kind", "teleconference"),
        "conference": lambda: lang.p_("log kind", "conference"),
        "representation": lambda: lang.p_("log kind", "representation"),
        "other": lambda: lang.p_("log kind", "other"),
        "progress": lambda: lang.p_("outcome", "progress"),
        "completed": lambda: lang.p_("outcome", "completed"),
        "decision taken": lambda: lang.p_("outcome", "decision taken"),
        "postponed": lambda: lang.p_("outcome", "postponed"),
        "cancelled": lambda: lang.p_("outcome", "cancelled"),
    }


def sheet_name(english: str, lang: Language = ENGLISH) -> str:
    """A sheet's name in the language (Excel allows 31 characters): 'Summary' -> 'Synthèse'."""
    if lang.code == "en":
        return english
    names = {
        "Summary": lambda: lang.p_("sheet", "Summary"),
        "Attention": lambda: lang.p_("sheet", "Attention"),
        "Activities": lambda: lang.p_("sheet", "Activities"),
        "Species": lambda: lang.p_("sheet", "Species"),
        "Evidence": lambda: lang.p_("sheet", "Evidence"),
        "Changes": lambda: lang.p_("sheet", "Changes"),
        "Trend": lambda: lang.p_("sheet", "Trend"),
        "Data issues": lambda: lang.p_("sheet", "Data issues"),
        "Legend": lambda: lang.p_("sheet", "Legend"),
        "Planned events": lambda: lang.p_("sheet", "Planned events"),
        "Input changes": lambda: lang.p_("sheet", "Input changes"),
    }
    name = names.get(english)
    return name()[:31] if name else english


def workbook_text(english: str, lang: Language = ENGLISH) -> str:
    """A fixed text of the workbook in the language: a status by its name, any other from the
    table above; a text the table does not know is written as it is. In English too a key the
    writer keeps from earlier versions is said in the words staff use ('Window start' is
    'Timeframe starts'; a known data issue is one listed in the report sent to the Committee)."""
    if lang.code == "en" and english not in _SAID_OTHERWISE_IN_ENGLISH:
        return english
    if english in _STATUSES:
        return status_name(_STATUSES[english], lang)
    word = _words(lang).get(english)
    return word() if word else english


def knows(english: str) -> bool:
    """Whether the workbook's words include this English text (a status or a word above)."""
    return english in _STATUSES or english in _words(ENGLISH)


_STATUSES = {s.value: s for s in Status}
_SAID_OTHERWISE_IN_ENGLISH = frozenset({"Window start", "Window end", "known (in the previous report)"})


def document_title(symbol: str, lang: Language = ENGLISH) -> str:
    """'UNEP/CMS/StC38/Doc.3 – status of joint activities', the workbook's first line and title."""
    return lang._("{symbol} – status of joint activities").format(symbol=symbol)


def description_line(partners: str, as_of: str, generated: str, lang: Language = ENGLISH) -> str:
    """'Status of joint CMS/CITES activities as of 2011-08-31, generated 2011-09-27 09:30.': the file's
    description; `partners` are the programmes' partner conventions ('CITES', 'Ramsar/CITES')."""
    return lang._("Status of joint CMS/{partners} activities as of {as_of}, generated {generated}.").format(
        partners=partners, as_of=as_of, generated=generated)


def planned_events_line(happened: int, total: int, as_of: str, lang: Language = ENGLISH) -> str:
    """'Planned events that happened by 31 October 2013: 3 of 13.', added to the reason of an
    activity that lists dated events."""
    return lang.typography(lang._("Planned events that happened by {as_of}: {happened} of {total}.").format(
        happened=happened, total=total, as_of=as_of))


def still_english_line(count: int, issues: int, lang: Language = ENGLISH) -> str:
    """'Still in English: 110 staff texts have no translation yet; they are among the 129 data issues of
    the Data issues sheet.': what a French or Spanish edition still prints in English, and where it is listed."""
    if count == 0:
        return lang.typography(lang._("Still in English: no staff text; every one has its translation."))
    return lang.typography(lang.n_(
        "Still in English: {count} staff text has no translation yet; it is among the {issues} data issues "
        "of the Data issues sheet.",
        "Still in English: {count} staff texts have no translation yet; they are among the {issues} data issues "
        "of the Data issues sheet.", count).format(count=count, issues=issues))


def meeting_line(ordinal: str, venue: str, dates: str, lang: Language = ENGLISH) -> str:
    """'38th meeting of the Standing Committee, Bergen, 19 November 2011'."""
    return lang._("{ordinal} meeting of the Standing Committee, {venue}, {dates}").format(
        ordinal=ordinal, venue=venue, dates=dates)


def chart_title(by: str, programme_id: str, lang: Language = ENGLISH) -> str:
    """'Status of activities by theme – JWP 2012-2014' (by 'theme' or 'month')."""
    if by == "month":
        return lang._("Status of activities by month – {programme}").format(programme=programme_id)
    return lang._("Status of activities by theme – {programme}").format(programme=programme_id)


def axis_title(lang: Language = ENGLISH) -> str:
    return lang.p_("chart axis", "Activities")


def legend_rule(status: Status, lang: Language = ENGLISH) -> str:
    """The Legend's sentence on what a status means (docs/status-rules.md, in a sentence each)."""
    rules = {
        Status.COMPLETED: lambda: lang.p_(
            "rule",
            "A log entry marks it completed on or before the status date (after its timeframe ended: said, with "
            "how late); or a continuous or annual activity whose period has closed and that was kept up to its end."),
        Status.IN_PROGRESS: lambda: lang.p_("rule", "Its timeframe has begun and the log shows progress in it."),
        Status.ONGOING: lambda: lang.p_(
            "rule",
            "A continuous or annual activity, while its period runs, with evidence recent enough (by default within "
            "12 months; for annual ones, in every finished year of the period)."),
        Status.NOT_YET_DUE: lambda: lang.p_("rule", "Its timeframe has not begun and nothing has happened yet."),
        Status.NOT_STARTED: lambda: lang.p_(
            "rule",
            "Its timeframe has begun, there is no progress yet, and more than the warning period (by default three "
            "months) is left; an annual activity in the first year of its period, with nothing yet."),
        Status.AT_RISK: lambda: lang.p_("rule", "Its timeframe ends within the warning period and it shows "
                                                "no progress."),
        Status.STALLED: lambda: lang.p_(
            "rule",
            "A continuous activity, while its period runs, that had evidence once but none recent enough; an annual "
            "one with a finished year without a log entry (a missed year)."),
        Status.PENDING_DECISION: lambda: lang.p_("rule", "Its timeframe depends on a decision not yet recorded in "
                                                         "the log."),
        Status.OVERDUE: lambda: lang.p_(
            "rule",
            "Its timeframe has ended and it is not completed; a continuous or annual activity whose period has closed "
            "and that was not kept up to its end (for annual ones, the missed years are named)."),
        Status.POSTPONED: lambda: lang.p_("rule", "The latest log entry about it says it is postponed."),
        Status.CANCELLED: lambda: lang.p_("rule", "The latest log entry about it says it is cancelled."),
        Status.UNRECOGNISED: lambda: lang.p_("rule", "Its timeframe could not be read; it is listed on the Data "
                                                     "issues sheet."),
    }
    return lang.typography(rules[status]())


def timeframe_text(timeframe: Timeframe, lang: Language = ENGLISH) -> str:
    """How a timeframe was read ('1 January 2012 to 31 December 2013', 'every year of 2012–2014'),
    in the language; English is the reading status/timeframes.py wrote."""
    t = timeframe
    if lang.code == "en" or t.start is None or t.end is None:
        return t.read_as if lang.code == "en" or t.kind != "unrecognised" else lang._("timeframe not recognised")
    period = format_period(t.start.year, t.end.year)
    if t.kind == "continuous":
        return lang._("continuous over {period}").format(period=period)
    if t.kind == "annual":
        return lang._("every year of {period}").format(period=period)
    if t.kind == "pending":
        if t.decision:
            return lang._("when {decision} decides").format(decision=t.decision)
        return lang._("when the decision it depends on is taken")
    if not t.as_written.strip():
        return lang._("the programme's period ({period}; no timeframe given)").format(period=period)
    if t.read_as.startswith("by "):  # 'by December 2014': a deadline, open from the programme's start
        return lang._("by {end} (from {start})").format(end=lang.date(t.end), start=lang.date(t.start))
    return lang.p_("timeframe", "{start} to {end}").format(start=lang.date(t.start), end=lang.date(t.end))


def page_x_of_y(lang: Language = ENGLISH) -> str:
    """A printed page's footer, in Excel's fields: 'Page &P of &N' ('Page 3 of 7')."""
    return lang._("Page {page} of {pages}").format(page="&P", pages="&N")
