"""Timeframes as staff write them, read against a programme's period."""
from datetime import date

import pytest

from pipeline.model import Activity, Programme, Source
from pipeline.status.timeframes import EXPECTED, format_date, parse_timeframe, timeframe_issues


def activity(code="A1", timeframe="2012", row=2, programme_id="P2012"):
    return Activity(programme_id, code, "A", "", "", "desc", timeframe, "Joint", (), False, "",
                    Source("activities.xlsx", "Activities", row))


def programme(pid="P2012", first=2012, last=2014):
    return Programme(pid, "Joint Work Programme", first, last, "", Source("programmes.xlsx", "Programmes", 2))


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("2012", date(2012, 1, 1), date(2012, 12, 31)),
        ("2014", date(2014, 1, 1), date(2014, 12, 31)),
        ("2012-13", date(2012, 1, 1), date(2013, 12, 31)),
        ("2012-2013", date(2012, 1, 1), date(2013, 12, 31)),
        ("2012 \u2013 14", date(2012, 1, 1), date(2014, 12, 31)),
        ("2012-14", date(2012, 1, 1), date(2014, 12, 31)),
        ("2012\u20132014", date(2012, 1, 1), date(2014, 12, 31)),
        ("2012 \u2014 2014", date(2012, 1, 1), date(2014, 12, 31)),
        ("2014/2015", date(2014, 1, 1), date(2015, 12, 31)),
        ("2098-99", date(2098, 1, 1), date(2099, 12, 31)),
        ("  2012  ", date(2012, 1, 1), date(2012, 12, 31)),
        ("by December 2014", date(2012, 1, 1), date(2014, 12, 31)),
        ("By end of 2013", date(2012, 1, 1), date(2013, 12, 31)),
        ("by 2013", date(2012, 1, 1), date(2013, 12, 31)),
        ("by June 2013", date(2012, 1, 1), date(2013, 6, 30)),
        ("By end of February 2013", date(2012, 1, 1), date(2013, 2, 28)),
        ("Q2 2013", date(2013, 4, 1), date(2013, 6, 30)),
        ("q4 2012", date(2012, 10, 1), date(2012, 12, 31)),
        ("June 2013", date(2013, 6, 1), date(2013, 6, 30)),
        ("Sept 2012", date(2012, 9, 1), date(2012, 9, 30)),
        ("2012 (subject to external funding)", date(2012, 1, 1), date(2012, 12, 31)),
    ],
)
def test_fixed_windows(text, start, end):
    tf = parse_timeframe(text, 2012, 2014)
    assert (tf.kind, tf.start, tf.end, tf.as_written) == ("fixed", start, end, text)


def test_range_read_as():
    assert parse_timeframe("2012-13", 2012, 2014).read_as == "1 January 2012 to 31 December 2013"


def test_backwards_range_is_unrecognised():
    assert parse_timeframe("2014-2012", 2012, 2014).kind == "unrecognised"


def test_deadline_read_as_names_both_dates():
    tf = parse_timeframe("by December 2014", 2012, 2014)
    assert tf.read_as == "by 31 December 2014 (from 1 January 2012)"


@pytest.mark.parametrize("text", ["On-going", "Ongoing", "ongoing", "ON-GOING", "On going", "On\u2013going"])
def test_continuous(text):
    tf = parse_timeframe(text, 2012, 2014)
    assert (tf.kind, tf.start, tf.end) == ("continuous", date(2012, 1, 1), date(2014, 12, 31))
    assert tf.read_as == "continuous over 2012\u20132014"


@pytest.mark.parametrize("text", ["Annual and as-required", "Annual", "Annually", "annual and as required"])
def test_annual(text):
    tf = parse_timeframe(text, 2012, 2014)
    assert (tf.kind, tf.start, tf.end) == ("annual", date(2012, 1, 1), date(2014, 12, 31))
    assert tf.read_as == "every year of 2012\u20132014"


def test_pending_names_the_deciding_body():
    tf = parse_timeframe("Will depend on decisions adopted at CMS CoP10", 2012, 2014)
    assert (tf.kind, tf.decision, tf.start, tf.end) == ("pending", "CMS CoP10", date(2012, 1, 1), date(2014, 12, 31))
    assert tf.read_as == "when CMS CoP10 decides"


def test_pending_by_and_without_body():
    assert parse_timeframe("Depends on the decision taken by CITES SC62.", 2012, 2014).decision == "CITES SC62"
    tf = parse_timeframe("depends on a decision", 2012, 2014)
    assert (tf.kind, tf.decision) == ("pending", "")


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_is_the_programme_period(text):
    tf = parse_timeframe(text, 2008, 2011)
    assert (tf.kind, tf.start, tf.end) == ("fixed", date(2008, 1, 1), date(2011, 12, 31))
    assert tf.read_as == "the programme's period (2008\u20132011; no timeframe given)"


@pytest.mark.parametrize("text", ["soon", "when funds allow", "Q5 2013", "2012-2013-2014", "by Smarch 2013"])
def test_garbage_is_unrecognised(text):
    tf = parse_timeframe(text, 2012, 2014)
    assert (tf.kind, tf.start, tf.end, tf.as_written) == ("unrecognised", None, None, text)


def test_format_date_has_no_leading_zero():
    assert format_date(date(2011, 9, 7)) == "7 September 2011"


def test_timeframe_issues_one_per_unrecognised_activity():
    acts = [activity("A1", "2012", 2), activity("A2", "sometime", 3), activity("A3", "On-going", 4)]
    issues = timeframe_issues(acts, [programme()])
    assert len(issues) == 1
    issue = issues[0]
    assert (issue.file, issue.sheet, issue.row, issue.column, issue.value) == (
        "activities.xlsx", "Activities", 3, "Timeframe", "sometime")
    assert issue.expected == EXPECTED and not issue.fatal
    assert "timeframe not recognised" in str(issue)
    assert "row 3" in str(issue) and "column 'Timeframe'" in str(issue)


def test_timeframe_issues_none_when_all_readable():
    assert timeframe_issues([activity(timeframe="Q2 2013"), activity(timeframe="")], [programme()]) == []


# ---------------------------------------------------------------- years that cannot be meant

@pytest.mark.parametrize("text, problem", [
    ("2012-9999", "years from 1970 to 2100; 9999 cannot be meant"),
    ("0000", "years from 1970 to 2100; 0 cannot be meant"),
    ("by December 2200", "years from 1970 to 2100; 2200 cannot be meant"),
    ("Q2 9999", "years from 1970 to 2100; 9999 cannot be meant"),
    ("June 1066", "years from 1970 to 2100; 1066 cannot be meant"),
    ("1990-2050", "a period of at most 30 years; 1990 to 2050 cannot be meant"),
])
def test_absurd_years_are_not_read_and_are_a_warning_naming_the_cell(text, problem):
    assert parse_timeframe(text, 2012, 2014).kind == "unrecognised"
    [issue] = timeframe_issues([activity("A7", text, 9)], [programme()])
    assert (issue.sheet, issue.row, issue.column, issue.value, issue.fatal) == (
        "Activities", 9, "Timeframe", text, False)
    assert issue.expected == f"{problem}; the activity is reported as 'timeframe not recognised'"


@pytest.mark.parametrize("text", ["2012", "2012-13", "2012 – 14", "2008-2030", "by December 2014", "Q4 2099"])
def test_plausible_years_are_still_read(text):
    assert parse_timeframe(text, 2012, 2014).kind == "fixed"
