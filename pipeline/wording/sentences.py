"""Generated sentences and date labels, written the way the Secretariat writes them.

Everything here returns plain strings, so the Word writer (and anything else)
can print them and tests can read them without opening a document. Each function takes
the report's Language (English by default); every word comes from its catalogue.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from pipeline.model import DRAFT, FuzzyDate, Theme, translation
from pipeline.report_model import ProgrammeReport, ReportData
from pipeline.status.vocabulary import STATUS_ORDER, ActivityStatus, Rollup, Status
from pipeline.wording.activity_lists import TABLE_OVER, BodyTable, Listed, is_short, join_and, name_activities
from pipeline.wording.language import ENGLISH, Language
from pipeline.wording.markup import plain_text
from pipeline.wording.reason_sentences import reason_text


def _verb(lang: Language, status: Status, n: int) -> str:
    """How a status reads after a count of n activities: 'is in progress' / 'are in progress'."""
    forms = {
        Status.COMPLETED: lambda: lang.n_("has been completed", "have been completed", n),
        Status.IN_PROGRESS: lambda: lang.n_("is in progress", "are in progress", n),
        Status.ONGOING: lambda: lang.n_("is ongoing", "are ongoing", n),
        Status.NOT_YET_DUE: lambda: lang.n_("is not yet due", "are not yet due", n),
        Status.NOT_STARTED: lambda: lang.n_("has not started", "have not started", n),
        Status.AT_RISK: lambda: lang.n_("is at risk", "are at risk", n),
        Status.STALLED: lambda: lang.n_("has stalled", "have stalled", n),
        Status.PENDING_DECISION: lambda: lang.n_("is pending a decision", "are pending a decision", n),
        Status.OVERDUE: lambda: lang.n_("is overdue", "are overdue", n),
        Status.POSTPONED: lambda: lang.n_("has been postponed", "have been postponed", n),
        Status.CANCELLED: lambda: lang.n_("has been cancelled", "have been cancelled", n),
        Status.UNRECOGNISED: lambda: lang.n_("has a timeframe that was not recognised",
                                             "have a timeframe that was not recognised", n),
    }
    return forms[status]()


def status_name(status: Status, lang: Language = ENGLISH) -> str:
    """The status as a table prints it: 'In progress', 'En cours', 'En curso'."""
    names = {
        Status.COMPLETED: lambda: lang.p_("status", "Completed"),
        Status.IN_PROGRESS: lambda: lang.p_("status", "In progress"),
        Status.ONGOING: lambda: lang.p_("status", "Ongoing"),
        Status.NOT_YET_DUE: lambda: lang.p_("status", "Not yet due"),
        Status.NOT_STARTED: lambda: lang.p_("status", "Not started"),
        Status.AT_RISK: lambda: lang.p_("status", "At risk"),
        Status.STALLED: lambda: lang.p_("status", "Stalled"),
        Status.PENDING_DECISION: lambda: lang.p_("status", "Pending decision"),
        Status.OVERDUE: lambda: lang.p_("status", "Overdue"),
        Status.POSTPONED: lambda: lang.p_("status", "Postponed"),
        Status.CANCELLED: lambda: lang.p_("status", "Cancelled"),
        Status.UNRECOGNISED: lambda: lang.p_("status", "Timeframe not recognised"),
    }
    return names[status]()


# The statuses the Committee should look at, the most pressing first.
_PRESSING = (Status.OVERDUE, Status.AT_RISK, Status.STALLED, Status.PENDING_DECISION)
ATTENTION_ORDER = tuple(s for s in _PRESSING if s.needs_attention) + tuple(
    s for s in STATUS_ORDER if s.needs_attention and s not in _PRESSING)
_SHORT_WORDS = 12  # how many words of a description name an activity in a sentence


# ---------------------------------------------------------------- dates

def format_date(d: date, lang: Language = ENGLISH) -> str:
    """'27 September 2011': day without leading zero, month in words."""
    return lang.date(d)


def format_month(d: date, lang: Language = ENGLISH) -> str:
    """'August 2011', for titles such as STATE OF IMPLEMENTATION (AUGUST 2011)."""
    return lang.month(d)


def format_date_range(start: date, end: date | None, lang: Language = ENGLISH) -> str:
    """'19 November 2011', or '19-21 November 2011' when it runs over several days."""
    return lang.date_range(start, end)


def _fuzzy_alone(f: FuzzyDate, lang: Language) -> str:
    """One fuzzy date at its own precision: '1 April 2009', 'June 2008', '2009'."""
    if f.precision == "day":
        return lang.date(f.earliest)
    if f.precision == "month":
        return lang.month(f.earliest)
    return str(f.earliest.year)


def format_fuzzy(start: FuzzyDate | None, end: FuzzyDate | None = None, lang: Language = ENGLISH) -> str:
    """A log row's date as the annex prints it: '19-23 July 2010', 'June 2008', '' when undated."""
    if start is None:
        return _fuzzy_alone(end, lang) if end else ""
    if end is None or start.earliest <= end.earliest <= end.latest <= start.latest:
        return _fuzzy_alone(start, lang)  # the end adds nothing: 'June 2011' to '24 June 2011'
    if start.precision == end.precision == "day":
        return lang.date_range(start.earliest, end.earliest)
    if start.precision != "year" and start.earliest.year == end.earliest.year:
        month = lang.month_name(start.earliest.month)
        head = f"{lang.day(start.earliest)} {month}" if start.precision == "day" else month
        return f"{head}-{_fuzzy_alone(end, lang)}"  # 'February-March 2010', 'March-2 April 2009'
    return f"{_fuzzy_alone(start, lang)}-{_fuzzy_alone(end, lang)}"


def ordinal(n: int, lang: Language = ENGLISH) -> str:
    """'38th', '21st', '12th' (the meeting block prints it in capitals: '38TH'); '38e', '38ª'."""
    return lang.ordinal(n)


# ---------------------------------------------------------------- counting words

def number_words(n: int, lang: Language = ENGLISH) -> str:
    """'one', 'two' ... 'ten', then digits: how a sentence counts activities (une/una: feminine)."""
    if not 0 <= n <= 10:
        return str(n)
    return (lang.p_("activities", "no"), lang.p_("activities", "one"), lang.p_("activities", "two"),
            lang.p_("activities", "three"), lang.p_("activities", "four"), lang.p_("activities", "five"),
            lang.p_("activities", "six"), lang.p_("activities", "seven"), lang.p_("activities", "eight"),
            lang.p_("activities", "nine"), lang.p_("activities", "ten"))[n]


def prose_number(n: int, lang: Language = ENGLISH) -> str:
    """A count as UN editorial style writes it in prose: below ten in words ('four', 'une'),
    10 and above in figures."""
    return number_words(n, lang) if 0 < n < 10 else str(n)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def status_counts(counts: tuple[tuple[Status, int], ...], lang: Language = ENGLISH) -> str:
    """'nine are in progress and one has not started', '30 are not yet due and one is pending a
    decision': the nonzero statuses, in STATUS_ORDER; below ten in words (UN editorial style)."""
    by_status = dict(counts)
    parts = [f"{prose_number(n, lang)} {_verb(lang, status, n)}" for status in STATUS_ORDER
             if (n := by_status.get(status, 0))]
    return join_and(parts, lang=lang)


def _only_status(rollup: Rollup) -> Status | None:
    """The status every activity of the roll-up shares, if they all share one."""
    present = [s for s, n in rollup.counts if n]
    return present[0] if len(present) == 1 else None


def _counts_clause(rollup: Rollup, whose: str, lang: Language) -> str:
    """'of the 12 joint activities of X, 9 are ...' with the singular and empty cases handled."""
    if rollup.total == 0:
        return lang._("no joint activities of {whose} are listed").format(whose=whose)
    status = _only_status(rollup)
    if rollup.total == 1:
        return lang._("the one joint activity of {whose} {verb}").format(whose=whose, verb=_verb(lang, status, 1))
    if status is not None and rollup.total == 2:
        return lang._("both joint activities of {whose} {verb}").format(whose=whose, verb=_verb(lang, status, 2))
    if status is not None:
        return lang._("all {n} joint activities of {whose} {verb}").format(
            n=prose_number(rollup.total, lang), whose=whose, verb=_verb(lang, status, rollup.total))
    return lang.n_("of the {n} joint activity of {whose}, {counts}", "of the {n} joint activities of {whose}, {counts}",
                   rollup.total).format(n=prose_number(rollup.total, lang), whose=whose,
                                        counts=status_counts(rollup.counts, lang))


# ---------------------------------------------------------------- sentences

def _the(title: str, lang: Language) -> str:
    """'CITES/CMS List of ...' keeps its capitals; 'The list' becomes 'the list' mid-sentence."""
    if lang.code != "en":
        return title  # in French and Spanish the catalogue names it: du programme « … », del programa «…»
    if title[:4] in ("The ", "the "):
        title = title[4:]
    first, _, rest = title.partition(" ")
    if first in _COMMON_FIRST_WORDS and rest:
        title = f"{first.lower()} {rest}"  # 'the draft CMS CITES Joint Work Programme', not 'the Draft ...'
    return "the " + title


# Words a programme's title may start with that are common nouns or adjectives, in lower case
# mid-sentence (UN editorial style): 'the draft CMS CITES Joint Work Programme 2012-2014'.
_COMMON_FIRST_WORDS = ("Draft", "Revised", "Proposed", "Provisional")
# A title that says it is a draft (a programme without an adoption date): en, fr, es.
_DRAFT_WORDS = ("Draft", "Projet", "Proyecto")


def _named_programme(title: str, lang: Language) -> str:
    """A programme named in full mid-sentence: 'the draft CMS CITES Joint Work Programme
    2012-2014', 'le programme « … »', 'el programa «…»'."""
    if lang.code == "en":
        return _the(title, lang)
    return lang.p_("programme named", "the {title}").format(title=title)


def short_programme(report: ProgrammeReport, as_of: date | None, lang: Language = ENGLISH) -> str:
    """A programme named again after its full title: 'the draft 2012-2014 programme', 'le projet
    de programme 2012-2014', 'el programa 2012-2014' (a draft until its adoption, or while its
    title says so)."""
    p = report.programme
    period = f"{p.start_year}-{p.end_year}"
    if (as_of is not None and p.state_on(as_of) == DRAFT) or p.title.split(" ")[0] in _DRAFT_WORDS:
        return lang._("the draft {period} programme").format(period=period)
    return lang._("the {period} programme").format(period=period)


def programme_summary(report: ProgrammeReport, as_of: date | None, lang: Language = ENGLISH) -> str:
    """One sentence on the whole programme: how many activities stand at each status.

    Without a date the sentence starts 'Of the ...', to follow one that gave it.
    """
    clause = _counts_clause(report.total, _the(report.programme.title, lang), lang)
    if as_of is None:
        return lang.typography(capital(clause) + ".")
    return lang.typography(lang._("As of {date}, {clause}.").format(date=lang.date(as_of), clause=clause))


def theme_summary(theme: Theme, rollup: Rollup | None, lang: Language = ENGLISH) -> str:
    """One sentence per theme: its title, then its activities by status. A title staff ended with a full
    stop (as the 2008-2011 list writes 'Joint actions ... of shared species.') loses it before the colon."""
    theme = replace(theme, title=theme.title.strip().rstrip(".").rstrip())
    if rollup is None or rollup.total == 0:
        text = lang._("{theme}: no activities are listed in this area.").format(theme=theme.title)
    elif (status := _only_status(rollup)) is not None and rollup.total == 1:
        text = lang._("{theme}: its only activity {verb}.").format(theme=theme.title, verb=_verb(lang, status, 1))
    elif status is not None and rollup.total == 2:
        text = lang._("{theme}: both of its activities {verb}.").format(theme=theme.title, verb=_verb(lang, status, 2))
    elif status is not None:
        text = lang._("{theme}: all {n} of its activities {verb}.").format(
            theme=theme.title, n=prose_number(rollup.total, lang), verb=_verb(lang, status, rollup.total))
    else:
        text = lang.n_("{theme}: of its {n} activity, {counts}.", "{theme}: of its {n} activities, {counts}.",
                       rollup.total).format(theme=theme.title, n=prose_number(rollup.total, lang),
                                            counts=status_counts(rollup.counts, lang))
    return lang.typography(text)


# Words a cut never ends on ('… adoptée à la COP10 de la ...' reads as a mistake): articles,
# prepositions and conjunctions of the three languages.
_NOT_LAST = frozenset("""a an the of to in on at for and or by with from as into
    le la les l’ l' de du des d’ d' à au aux en et ou pour par sur un une dans avec
    el los las del al y o para por sobre una con que""".split())
_MORE_WORDS = 3  # at most this many words more to reach one a cut can end on


def short_description(text: str, words: int = _SHORT_WORDS) -> str:
    """The first line of a description cut to a few words, enough to recognise the activity; the
    cut never ends on an article or a preposition (it takes the next word or two, as an editor would)."""
    text = plain_text(text)
    first = text.strip().splitlines()[0] if text.strip() else ""
    tokens = first.split()
    end = min(words, len(tokens))
    while end < len(tokens) and end < words + _MORE_WORDS and tokens[end - 1].lower() in _NOT_LAST:
        end += 1
    while end > 1 and end < len(tokens) and tokens[end - 1].lower() in _NOT_LAST:
        end -= 1
    short = " ".join(tokens[:end])
    if len(tokens) > end:
        return short.rstrip(",;:.") + " ..."
    return short.rstrip(".")


def _named(s: ActivityStatus, lang: Language = ENGLISH) -> str:
    """'B5 (Follow up on any decisions ...)': an activity by its code and short description.

    In French or Spanish the description is quoted only where staff translated it; otherwise
    the activity is named by its code alone ('l'activité B5 est en attente d'une décision'),
    never with English inside the sentence (the annexes describe each activity)."""
    if not lang.is_source and not translation(s.activity, "description", lang.code):
        return s.activity.code
    return f"{s.activity.code} ({short_description(s.activity.description)})"


def _listed(s: ActivityStatus, lang: Language = ENGLISH) -> Listed:
    return Listed(s.activity.code, s.activity.theme_code, _named(s, lang))


def _attention_of(report: ProgrammeReport, lang: Language, as_of: date | None = None,
                  named_before: bool = False) -> list[str | BodyTable]:
    """The activities of this programme the Committee should look at, the most pressing first.

    A few of one status are named in full in a sentence; more, by their codes grouped by theme;
    more than TABLE_OVER in all: one sentence, then a table of them with the reason for each."""
    by_status = [(status, hits) for status in ATTENTION_ORDER
                 if (hits := [s for s in report.statuses if s.status is status])]
    programme = (short_programme(report, as_of, lang) if named_before
                 else _named_programme(report.programme.title, lang))
    if sum(len(hits) for _, hits in by_status) > TABLE_OVER:
        return [_attention_lead(programme, by_status, lang), _attention_table(by_status, lang)]
    sentences = []
    for status, hits in by_status:
        n = len(hits)
        if is_short(hits):
            sentence = lang.n_("In {programme}, the activity {names} {verb}.",
                               "In {programme}, the activities {names} {verb}.", n)
        else:
            sentence = lang.n_("In {programme}, {count} activity {verb}: {names}.",
                               "In {programme}, {count} activities {verb}: {names}.", n)
        sentences.append(lang.typography(sentence.format(
            programme=programme, count=number_words(n, lang), verb=_verb(lang, status, n),
            names=name_activities([_listed(s, lang) for s in hits], lang))))
    return sentences


def _attention_lead(programme: str, by_status: list[tuple[Status, list[ActivityStatus]]], lang: Language) -> str:
    """'In ..., 18 activities need attention: 17 are overdue and 1 is pending a decision. They are listed ...'"""
    n = sum(len(hits) for _, hits in by_status)
    if len(by_status) == 1:
        first = lang.n_("In {programme}, {count} activity {verb}.", "In {programme}, {count} activities {verb}.", n)
        first = first.format(programme=programme, count=number_words(n, lang), verb=_verb(lang, by_status[0][0], n))
    else:
        first = lang.n_("In {programme}, {count} activity needs attention: {counts}.",
                        "In {programme}, {count} activities need attention: {counts}.", n).format(
            programme=programme, count=number_words(n, lang),
            counts=join_and([f"{prose_number(len(hits), lang)} {_verb(lang, status, len(hits))}"
                             for status, hits in by_status], lang=lang))
    return lang.typography(first + " " + lang._("They are listed in the table below, with the reason for each."))


def _attention_table(by_status: list[tuple[Status, list[ActivityStatus]]], lang: Language) -> BodyTable:
    """Code | Activity | Status | Reason: one row per activity, the most pressing status first."""
    header = (lang.p_("column", "Code"), lang.p_("body table", "Activity"), lang.p_("column", "Status"),
              lang.p_("column", "Reason"))
    rows = tuple((s.activity.code, lang.typography(short_description(s.activity.description)),
                  status_name(status, lang), reason_text(s, lang))
                 for status, hits in by_status for s in hits)
    return BodyTable(header, rows, (0.09, 0.37, 0.14, 0.40))


def attention_sentences(report: ReportData, lang: Language = ENGLISH,
                        named_before: bool = False) -> list[str | BodyTable]:
    """Sentences naming the activities the Committee should look at (and, where they are many,
    a table of them), or one sentence saying none need it.

    `named_before`: the programmes were named in full before (the status summary precedes): each
    is named by its short name ('the draft 2012-2014 programme'), not its full title again."""
    sentences = _attention_of(report.reported, lang, report.as_of, named_before)
    if report.planned is not None:
        sentences += _attention_of(report.planned, lang, report.as_of, named_before)
    if not sentences:
        return [lang.typography(lang._("As of {date}, no activity is overdue, at risk, stalled or pending a decision.")
                                .format(date=lang.date(report.as_of)))]
    return sentences


def programme_attention(report: ProgrammeReport | None, as_of: date, lang: Language = ENGLISH,
                        named_before: bool = False) -> list[str | BodyTable]:
    """The activities of one programme the Committee should look at (none: no sentence): for a
    narrative that speaks of each programme under its own heading."""
    return [] if report is None else _attention_of(report, lang, as_of, named_before)


def status_summary(report: ReportData, lang: Language = ENGLISH) -> str:
    """The {status_summary} paragraph: one sentence per programme the report covers."""
    text = programme_summary(report.reported, report.as_of, lang)
    if report.planned is not None:
        text += " " + programme_summary(report.planned, None, lang)
    return text


def theme_summaries(report: ReportData, lang: Language = ENGLISH) -> list[str]:
    """The {theme_summaries} paragraphs: one per theme of the reported programme."""
    return [theme_summary(t, report.reported.rollup("theme", t.code), lang) for t in report.reported.themes]
