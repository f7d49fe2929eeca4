"""Dates as staff write them in the log."""
from datetime import date, datetime

import pytest

from pipeline.dates import parse_day, parse_fuzzy_date


@pytest.mark.parametrize(
    "cell, earliest, latest, precision",
    [
        (date(2009, 4, 1), date(2009, 4, 1), date(2009, 4, 1), "day"),
        (datetime(2010, 7, 19, 0, 0), date(2010, 7, 19), date(2010, 7, 19), "day"),
        ("1 April 2009", date(2009, 4, 1), date(2009, 4, 1), "day"),
        ("2011-06-23", date(2011, 6, 23), date(2011, 6, 23), "day"),
        ("23/06/2011", date(2011, 6, 23), date(2011, 6, 23), "day"),
        ("June 2008", date(2008, 6, 1), date(2008, 6, 30), "month"),
        ("Sept 2011", date(2011, 9, 1), date(2011, 9, 30), "month"),
        ("February 2010", date(2010, 2, 1), date(2010, 2, 28), "month"),
        ("2009", date(2009, 1, 1), date(2009, 12, 31), "year"),
        (2009.0, date(2009, 1, 1), date(2009, 12, 31), "year"),
    ],
)
def test_reads_each_precision(cell, earliest, latest, precision):
    parsed = parse_fuzzy_date(cell)
    assert (parsed.earliest, parsed.latest, parsed.precision) == (earliest, latest, precision)


def test_month_keeps_how_it_was_written():
    assert parse_fuzzy_date("June 2008").as_written == "June 2008"


@pytest.mark.parametrize("cell", ["Jnue 2008", "31 February 2010", "soon", "13/13/2010", 12.5])
def test_unreadable_dates_say_what_was_expected(cell):
    with pytest.raises(ValueError, match="June 2008"):
        parse_fuzzy_date(cell)


def test_a_full_date_is_required_where_a_day_is_needed():
    assert parse_day("19/11/2011") == date(2011, 11, 19)
    with pytest.raises(ValueError, match="full date"):
        parse_day("November 2011")
