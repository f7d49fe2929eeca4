"""Status dates that would make a misleading report: in the future, after the meeting, before the programmes."""
from datetime import date

import pytest

from pipeline.inputs.load import read_inputs
from pipeline.status.as_of_check import as_of_problems
from tests.conftest import BUNDLED_INPUTS

TODAY = date(2026, 5, 4)


@pytest.fixture(scope="module")
def inputs():
    return read_inputs(BUNDLED_INPUTS)


def test_the_meetings_own_date_is_fine(inputs):
    stc38 = inputs.meeting("StC38")
    assert as_of_problems(stc38, date(2011, 8, 31), inputs, TODAY) == []
    assert as_of_problems(stc38, date(2011, 11, 19), inputs, TODAY) == []  # the day the meeting opens
    assert as_of_problems(stc38, date(2012, 1, 1), inputs, TODAY)  # the planned programme's first day: after it


def test_a_date_in_the_future_is_named_with_today(inputs):
    stc38 = inputs.meeting("StC38")
    assert as_of_problems(stc38, date(2011, 8, 31), inputs, date(2011, 8, 30))[0] == (
        "The status date 31 August 2011 is in the future (today is 30 August 2011): the report would count only "
        "what the log holds today, and show as overdue or not started work that may still be done before then.")


def test_a_date_after_the_meeting(inputs):
    stc38 = inputs.meeting("StC38")
    assert as_of_problems(stc38, date(2011, 11, 20), inputs, TODAY) == [
        "The status date 20 November 2011 is after the meeting: StC38 opens on 19 November 2011, and a report "
        "to it cannot know what happens after that."]


def test_a_date_before_every_programme_starts(inputs):
    stc38 = inputs.meeting("StC38")
    assert as_of_problems(stc38, date(2007, 12, 31), inputs, TODAY) == [
        "The status date 31 December 2007 is before every programme of StC38 starts (JA 2008-2011 starts on "
        "1 January 2008; JWP 2012-2014 starts on 1 January 2012): every activity would be shown as not yet due."]
    assert as_of_problems(stc38, date(2008, 1, 1), inputs, TODAY) == []  # one programme has started


def test_every_problem_at_once(inputs):
    stc38 = inputs.meeting("StC38")
    problems = as_of_problems(stc38, date(2030, 1, 1), inputs, TODAY)
    assert [p.split(":")[0] for p in problems] == [
        "The status date 1 January 2030 is in the future (today is 4 May 2026)",
        "The status date 1 January 2030 is after the meeting"]
