"""Why a status: the rules give a Reason (kind and values), wording says it in each language;
English is the sentence the rules have always written."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.status import reasons as why
from pipeline.status.reasons import Months, Names, Reason, Window, Years
from pipeline.wording.language import language
from pipeline.wording.reason_sentences import reason_text
from tests.pipeline.status.test_rules import day, entry, month, status

JULY = entry(day(2011, 7, 4), title="Joint meeting")
UNDATED = entry(None, title="Adoption", happened_by=month(2011, 8))

SAMPLES = {
    why.HALTED_POSTPONED: dict(entry=JULY), why.HALTED_CANCELLED: dict(entry=JULY), why.COMPLETED: dict(entry=JULY),
    why.PENDING: dict(body=None, as_of=date(2011, 8, 31)),
    why.CONTINUOUS_OVER: dict(period="2012–2014"),
    why.CONTINUOUS_SINCE: dict(body="CMS CoP10", entry=JULY),
    why.CONTINUOUS_NOT_YET_DUE: dict(opening=Reason.of(why.CONTINUOUS_OVER, period="2012–2014"),
                                     start=date(2012, 1, 1)),
    why.CONTINUOUS_NOT_STARTED: dict(opening=Reason.of(why.CONTINUOUS_OVER, period="2012"), as_of=date(2012, 9, 1)),
    why.CONTINUOUS_ONGOING: dict(opening=Reason.of(why.CONTINUOUS_OVER, period="2012"), entry=UNDATED,
                                 span=Months(12), as_of=date(2012, 9, 1)),
    why.CONTINUOUS_STALLED: dict(opening=Reason.of(why.CONTINUOUS_OVER, period="2012"), entry=JULY,
                                 span=Months(1), as_of=date(2012, 9, 1)),
    why.ANNUAL_NOT_YET_DUE: dict(period="2012–2014", start=date(2012, 1, 1)),
    why.ANNUAL_NOT_STARTED: dict(period="2012–2014", as_of=date(2012, 9, 1)),
    why.ANNUAL_STALLED: dict(period="2012–2014", years=Years((2012, 2013)), entry=JULY),
    why.ANNUAL_ONGOING: dict(period="2012–2014", entry=JULY),
    why.WINDOW_OVERDUE: dict(window=Window(date(2012, 1, 1), date(2012, 12, 31)), end=date(2012, 12, 31)),
    why.WINDOW_OVERDUE_WITH_PROGRESS: dict(window=Window(date(2012, 1, 1), date(2012, 12, 31)),
                                           end=date(2012, 12, 31), entry=JULY),
    why.WINDOW_PROGRESS_EARLY: dict(window=Window(date(2012, 1, 1), date(2012, 12, 31)), entry=JULY),
    why.WINDOW_PROGRESS: dict(window=Window(date(2012, 1, 1), date(2012, 12, 31)), entry=JULY),
    why.WINDOW_NOT_YET_DUE: dict(window=Window(date(2012, 1, 1), date(2012, 12, 31)), start=date(2012, 1, 1)),
    why.WINDOW_AT_RISK: dict(window=Window(date(2012, 1, 1), date(2012, 12, 31)), end=date(2012, 12, 31),
                             span=Months(3), as_of=date(2012, 10, 1)),
    why.WINDOW_NOT_STARTED: dict(window=Window(date(2012, 1, 1), date(2012, 12, 31)), as_of=date(2012, 3, 1)),
    why.UNRECOGNISED: dict(timeframe="when funds allow"),
    why.CONTINUOUS_CLOSED_KEPT_UP: dict(opening=Reason.of(why.CONTINUOUS_OVER, period="2012–2014"), entry=JULY,
                                        span=Months(12), end=date(2014, 12, 31)),
    why.CONTINUOUS_CLOSED_LAPSED: dict(opening=Reason.of(why.CONTINUOUS_OVER, period="2012–2014"), entry=JULY,
                                       span=Months(12), end=date(2014, 12, 31)),
    why.CONTINUOUS_CLOSED_NOTHING: dict(opening=Reason.of(why.CONTINUOUS_OVER, period="2012–2014"),
                                        end=date(2014, 12, 31)),
    why.ANNUAL_CLOSED_EVERY_YEAR: dict(period="2012–2014", entry=JULY, end=date(2014, 12, 31)),
    why.ANNUAL_CLOSED_MISSED: dict(period="2012–2014", end=date(2014, 12, 31), years=Years((2012, 2013)), entry=JULY),
    why.ANNUAL_CLOSED_NOTHING: dict(period="2012–2014", end=date(2014, 12, 31), years=Years((2012, 2013, 2014))),
    why.ANNUAL_MISSED_NOTHING: dict(period="2012–2014", years=Years((2012, 2013)), as_of=date(2014, 3, 1)),
    why.COMPLETED_LATE: dict(entry=JULY, late=Months(15), timeframe="2012", end=date(2012, 12, 31)),
    why.CONTINUES: dict(reason=Reason.of(why.COMPLETED, entry=JULY),
                        earlier=Names(("JWP 2012-2014 B10", "JWP 2012-2014 B11"))),
    why.CONTINUES_LATER: dict(reason=Reason.of(why.WINDOW_NOT_YET_DUE, window=Window(date(2016, 1, 1),
                                                                                  date(2017, 12, 31)),
                                               start=date(2016, 1, 1)),
                              earlier=Names(("JWP 2012-2014 B11",))),
}


def test_every_kind_has_a_sample():
    assert set(SAMPLES) == set(why.MESSAGES)


@pytest.mark.parametrize("kind", sorted(why.MESSAGES))
@pytest.mark.parametrize("code", ["fr", "es"])
def test_every_kind_is_said_in_each_language(kind, code):
    reason = Reason.of(kind, **SAMPLES[kind])
    english, said = why.english(reason), why.say(reason, language(code))
    assert said != english and "{" not in said
    assert not any(word in said for word in ("Window", "log entry", "undated", " and ", "months"))


def test_the_english_reason_is_the_rules_sentence_and_the_wording_says_it_again():
    e = entry(day(2012, 3, 1))
    s = status("2012", [e], as_of=date(2012, 6, 30))
    assert s.why.kind == why.WINDOW_PROGRESS
    assert reason_text(s) == s.reason == ("Its timeframe, 1 January 2012 to 31 December 2012, has begun and the "
                                          "log shows progress, most recently Meeting, Bonn (1 March 2012).")
    # no English log title inside a French or Spanish sentence (issue 20): the row by its id
    assert reason_text(s, language("fr")) == ("La période prévue, du 1er janvier 2012 au 31 décembre 2012, a commencé "
                                              "et le relevé des activités fait état de progrès, en dernier lieu "
                                              f"l’entrée {e.id} du relevé des activités (1er mars 2012).")
    assert reason_text(s, language("es")) == ("El plazo previsto, del 1 de enero de 2012 al 31 de diciembre de 2012, "
                                              "ha comenzado y el registro recoge avances; el más reciente es la "
                                              f"entrada {e.id} del registro (1 de marzo de 2012).")



def test_a_log_row_is_named_by_its_translated_event_and_venue():
    """Staff's 'Event (fr)' and 'Venue (fr)' name the row as the English names it; the English never changes."""
    from dataclasses import replace

    e = entry(day(2012, 3, 1), title="Joint meeting")
    both = replace(e, translations=(("title_fr", "Réunion conjointe"), ("venue_fr", "Bonn"),
                                    ("title_es", "Reunión conjunta"), ("venue_es", "Bonn")))
    assert why.describe_entry(both) == why.describe_entry(e) == "Joint meeting, Bonn (1 March 2012)"
    assert why.describe_entry(both, language("fr")) == "Réunion conjointe, Bonn (1er mars 2012)"
    assert why.describe_entry(both, language("es")) == "Reunión conjunta, Bonn (1 de marzo de 2012)"
    event_only = replace(e, translations=(("title_fr", "Réunion conjointe"),))
    assert why.describe_entry(event_only, language("fr")) == "Réunion conjointe (1er mars 2012)"  # no English venue
    venue_only = replace(e, translations=(("venue_fr", "Bonn"),))
    assert why.describe_entry(venue_only, language("fr")) == f"l’entrée {e.id} du relevé des activités (1er mars 2012)"
    s = status("2012", [both], as_of=date(2012, 6, 30))
    assert reason_text(s, language("fr")).endswith("en dernier lieu Réunion conjointe, Bonn (1er mars 2012).")
    assert s.reason.endswith("most recently Joint meeting, Bonn (1 March 2012).")

def test_plurals_and_lists_inside_a_reason():
    at_risk = Reason.of(why.WINDOW_AT_RISK, **SAMPLES[why.WINDOW_AT_RISK])
    assert "within 3 months of 1 October 2012" in why.english(at_risk)
    assert "moins de 3 mois après le 1er octobre 2012" in why.say(at_risk, language("fr"))
    stalled = Reason.of(why.ANNUAL_STALLED, **SAMPLES[why.ANNUAL_STALLED])
    assert "nothing in 2012 and 2013" in why.english(stalled)
    assert "rien en 2012 et 2013\u00a0;" in language("fr").typography(why.say(stalled, language("fr")))
    one = Reason.of(why.CONTINUOUS_STALLED, **SAMPLES[why.CONTINUOUS_STALLED])
    assert "more than 1 month before" in why.english(one)
    assert "más de 1 mes antes" in why.say(one, language("es"))


def test_a_status_given_as_a_sentence_keeps_its_sentence():
    s = status("2012", as_of=date(2012, 6, 30))
    from dataclasses import replace
    stated = replace(s, stated_reason=s.reason, why=None)
    assert reason_text(stated, language("fr")) == stated.reason == s.reason


def test_the_english_sentence_is_worded_when_first_asked_for():
    s = status("2012", as_of=date(2012, 6, 30))
    assert "reason" not in vars(s)  # counting statuses (the Trend) never words them
    assert s.reason.startswith("Its timeframe, 1 January 2012 to 31 December 2012,") and "reason" in vars(s)
