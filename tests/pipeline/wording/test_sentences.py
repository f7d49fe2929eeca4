"""Generated sentences: singular and plural, dates as UNEP writes them, ordinals."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from pipeline.wording import sentences as prose
from pipeline.model import FuzzyDate
from pipeline.status.vocabulary import STATUS_ORDER, Rollup, Status
from tests.pipeline.word.test_document import day, make_report, month, planned_programme, reported_programme


def rollup(**counts: int) -> Rollup:
    by_name = {s.name.lower(): s for s in Status}
    given = {by_name[k]: v for k, v in counts.items()}
    return Rollup("R", "programme", "R", "R", tuple((s, given.get(s, 0)) for s in STATUS_ORDER))


def with_total(report, r: Rollup):
    return replace(report, rollups=(r,) + report.rollups[1:])


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("d, text", [
    (date(2011, 9, 27), "27 September 2011"),
    (date(2011, 8, 1), "1 August 2011"),
    (date(2009, 4, 1), "1 April 2009"),
])
def test_format_date(d, text):
    assert prose.format_date(d) == text


def test_format_month_and_meeting_dates():
    assert prose.format_month(date(2011, 8, 31)) == "August 2011"
    assert prose.format_date_range(date(2011, 11, 19), None) == "19 November 2011"
    assert prose.format_date_range(date(2011, 11, 19), date(2011, 11, 19)) == "19 November 2011"
    assert prose.format_date_range(date(2011, 11, 19), date(2011, 11, 21)) == "19-21 November 2011"
    assert prose.format_date_range(date(2011, 11, 30), date(2011, 12, 2)) == "30 November-2 December 2011"
    assert prose.format_date_range(date(2011, 12, 30), date(2012, 1, 2)) == "30 December 2011-2 January 2012"


def test_format_fuzzy():
    year = FuzzyDate(date(2009, 1, 1), date(2009, 12, 31), "year", "2009")
    assert prose.format_fuzzy(None, None) == ""
    assert prose.format_fuzzy(month(2008, 6), None) == "June 2008"
    assert prose.format_fuzzy(day(2009, 4, 1), None) == "1 April 2009"
    assert prose.format_fuzzy(year, None) == "2009"
    assert prose.format_fuzzy(day(2010, 7, 19), day(2010, 7, 23)) == "19-23 July 2010"
    assert prose.format_fuzzy(day(2010, 7, 19), day(2010, 7, 19)) == "19 July 2010"
    assert prose.format_fuzzy(month(2010, 2), month(2010, 3)) == "February-March 2010"
    assert prose.format_fuzzy(month(2009, 3), day(2009, 4, 2)) == "March-2 April 2009"
    assert prose.format_fuzzy(month(2011, 6), day(2011, 6, 24)) == "June 2011"  # the end is inside the month
    assert prose.format_fuzzy(month(2010, 12), month(2011, 1)) == "December 2010-January 2011"


@pytest.mark.parametrize("n, text", [
    (1, "1ST"), (2, "2ND"), (3, "3RD"), (4, "4TH"), (11, "11TH"), (12, "12TH"), (13, "13TH"),
    (21, "21ST"), (22, "22ND"), (23, "23RD"), (38, "38TH"), (101, "101ST"), (111, "111TH"),
])
def test_ordinal(n, text):
    assert prose.ordinal(n) == text.lower()  # the meeting block prints it in capitals


# ---------------------------------------------------------------- counts

def test_join():
    assert prose.join_and([]) == ""
    assert prose.join_and(["a"]) == "a"
    assert prose.join_and(["a", "b"]) == "a and b"
    assert prose.join_and(["a", "b", "c"]) == "a, b and c"


def test_status_counts_singular_plural_and_order():
    r = rollup(not_started=3, in_progress=9)
    assert prose.status_counts(r.counts) == "nine are in progress and three have not started"
    r = rollup(in_progress=1, not_started=1, completed=2)
    assert prose.status_counts(r.counts) == "two have been completed, one is in progress and one has not started"


def test_programme_summary_as_in_the_brief():
    report = with_total(reported_programme(), rollup(in_progress=9, not_started=3))
    assert prose.programme_summary(report, date(2011, 8, 31)) == (
        "As of 31 August 2011, of the 12 joint activities of the CITES/CMS list of joint activities "
        "2008-2011, nine are in progress and three have not started.")


def test_programme_summary_one_and_none():
    one = with_total(reported_programme(), rollup(overdue=1))
    assert prose.programme_summary(one, date(2011, 8, 31)) == (
        "As of 31 August 2011, the one joint activity of the CITES/CMS list of joint activities "
        "2008-2011 is overdue.")
    none = with_total(reported_programme(), rollup())
    assert "no joint activities of the CITES/CMS list" in prose.programme_summary(none, date(2011, 8, 31))


def test_status_summary_dates_once():
    text = prose.status_summary(make_report())
    assert text.count("As of 31 August 2011") == 1
    assert "Of the five joint activities of the draft CMS CITES Joint Work Programme 2012-2014, " in text


def test_theme_summary():
    report = reported_programme()
    b, d = report.themes
    assert prose.theme_summary(b, report.rollup("theme", "B")) == (
        "Joint actions for the conservation and sustainable use of shared species: of its four activities, "
        "one has been completed, two are in progress and one has not started.")
    assert prose.theme_summary(d, report.rollup("theme", "D")) == (
        "Outreach and capacity building: its only activity is overdue.")
    assert prose.theme_summary(d, None) == "Outreach and capacity building: no activities are listed in this area."
    # the title as the 2008-2011 list writes it, with a full stop: no '.:' before the counts
    from dataclasses import replace
    dotted = replace(d, title="Outreach and capacity building.")
    assert prose.theme_summary(dotted, None) == "Outreach and capacity building: no activities are listed in this area."


# ---------------------------------------------------------------- attention

def test_attention_names_codes_and_short_descriptions_most_pressing_first():
    sentences = prose.attention_sentences(make_report())
    assert sentences[0] == ("In the CITES/CMS list of joint activities 2008-2011, the activity D.1 "
                            "(Explore possibilities for coordinated outreach) is overdue.")
    planned = [s for s in sentences if "draft CMS" in s]
    assert [s.split(" the activity ")[1].split(" ")[0] for s in planned] == ["A2", "B6", "B5"]
    assert planned[1].endswith("is at risk.") and planned[2].endswith("is pending a decision.")


def test_attention_plural():
    report = planned_programme()
    both_overdue = replace(report, statuses=tuple(replace(s, status=Status.OVERDUE) for s in report.statuses[:2]))
    data = replace(make_report(), planned=both_overdue, reported=replace(
        reported_programme(), statuses=reported_programme().statuses[:1]))
    assert prose.attention_sentences(data) == [
        "In the draft CMS CITES Joint Work Programme 2012-2014, the activities A1 (On-going update of the "
        "concordance list) and A2 (Work with UNEP-WCMC on a single database) are overdue."]


def test_attention_when_nothing_needs_it():
    calm = replace(reported_programme(), statuses=reported_programme().statuses[:2])
    data = replace(make_report(), reported=calm, planned=None)
    assert prose.attention_sentences(data) == [
        "As of 31 August 2011, no activity is overdue, at risk, stalled or pending a decision."]


def test_short_description_cuts_long_text():
    long = "Follow up on any decisions adopted at CMS CoP10 regarding the feasibility of a CMS instrument."
    assert prose.short_description(long) == "Follow up on any decisions adopted at CMS CoP10 regarding the feasibility ..."
    assert prose.short_description("Short one.\nSecond line.") == "Short one"


def test_a_theme_whose_activities_share_one_status_says_all():
    from pipeline.model import Source, Theme
    from pipeline.status.vocabulary import STATUS_ORDER, Rollup, Status

    counts = tuple((s, 4 if s is Status.IN_PROGRESS else 0) for s in STATUS_ORDER)
    theme = Theme("P", "A", "Harmonization", "", "", Source("f", "s", 2))
    rollup = Rollup("P", "theme", "A", "Harmonization", counts)
    assert prose.theme_summary(theme, rollup) == "Harmonization: all four of its activities are in progress."


# ---------------------------------------------------------------- UN editorial style

def test_two_are_both_and_numbers_below_ten_are_words_in_each_language():
    from pipeline.model import Source, Theme
    from pipeline.status.vocabulary import STATUS_ORDER, Rollup, Status
    from pipeline.wording.language import language

    theme = Theme("P", "A", "Harmonization", "", "", Source("f", "s", 2))
    two = Rollup("P", "theme", "A", "Harmonization", tuple((s, 2 if s is Status.IN_PROGRESS else 0)
                                                           for s in STATUS_ORDER))
    assert prose.theme_summary(theme, two) == "Harmonization: both of its activities are in progress."
    assert prose.theme_summary(theme, two, language("fr")) == "Harmonization\u00a0: ses deux activités sont en cours."
    assert prose.theme_summary(theme, two, language("es")) == "Harmonization: sus dos actividades están en curso."
    mixed = tuple((s, {Status.NOT_YET_DUE: 30, Status.PENDING_DECISION: 1}.get(s, 0)) for s in STATUS_ORDER)
    assert prose.status_counts(mixed) == "30 are not yet due and one is pending a decision"
    assert prose.prose_number(9) == "nine" and prose.prose_number(10) == "10"


def test_after_the_full_name_a_programme_is_named_by_its_short_name():
    report = make_report()
    full = prose.attention_sentences(report)
    short = prose.attention_sentences(report, named_before=True)
    assert any(s.startswith("In the draft CMS CITES Joint Work Programme 2012-2014, ") for s in full)
    assert any(s.startswith("In the draft 2012-2014 programme, the activity") for s in short)
    assert not any("Joint Work Programme" in s for s in short)


def test_short_description_never_ends_on_an_article_or_a_preposition():
    """Issue 20: 'à la COP10 de la ...' / 'en la COP10 de ...' read as a mistake in a French or Spanish sentence."""
    fr = "Assurer le suivi de toute décision adoptée à la COP10 de la CMS concernant la faisabilité d’un instrument"
    es = "Dar seguimiento a las decisiones que se adopten en la COP10 de la CMS sobre la viabilidad de un instrumento"
    assert prose.short_description(fr) == "Assurer le suivi de toute décision adoptée à la COP10 de la CMS ..."
    assert prose.short_description(es) == "Dar seguimiento a las decisiones que se adopten en la COP10 de la CMS ..."
    assert prose.short_description("Work with the Secretariat of the Convention on the Conservation of the "
                                   "of the of the of the Species").endswith("Conservation ...")
