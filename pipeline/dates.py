"""Dates as staff write them in the log: a real Excel date, "June 2008", "2009".

Many events of the reference are known only to the month, so a date carries its
precision and the first and last day it can stand for.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from functools import cache

from babel.dates import get_month_names

from pipeline.model import SOURCE_LANGUAGE as SOURCE, FuzzyDate, language_info

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December")
MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES, 1)}
MONTHS.update({name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, 1)})
MONTHS["sept"] = 9

EXPECTED = "a date (e.g. 19/07/2010 or 1 April 2009), a month ('June 2008') or a year ('2009')"

_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_YEAR = re.compile(r"^(\d{4})(?:\.0)?$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def last_day_of_month(year: int, month: int) -> date:
    """31 for January, 28 or 29 for February: where a month-long window or a monthly status ends."""
    return date(year, month, calendar.monthrange(year, month)[1])


def month_end(d: date) -> date:
    """The last day of d's month."""
    return last_day_of_month(d.year, d.month)


def previous_month_end(d: date) -> date:
    """The last month's end strictly before d: 31 July 2011 for 31 August 2011 or 15 August 2011."""
    return date.fromordinal(d.replace(day=1).toordinal() - 1)


def month_ends(start: date, end: date) -> list[date]:
    """Every month's end from start's month up to end; end itself closes the list if it is mid-month."""
    points, d = [], month_end(start)
    while d <= end:
        points.append(d)
        d = month_end(date.fromordinal(d.toordinal() + 1))
    if end >= start and (not points or points[-1] != end):
        points.append(end)
    return points


def day(d: date, as_written: str = "") -> FuzzyDate:
    return FuzzyDate(d, d, "day", as_written or d.isoformat())


def month(year: int, month_number: int, as_written: str = "") -> FuzzyDate:
    label = as_written or f"{MONTH_NAMES[month_number - 1]} {year}"
    return FuzzyDate(date(year, month_number, 1), last_day_of_month(year, month_number), "month", label)


def year(year_number: int, as_written: str = "") -> FuzzyDate:
    return FuzzyDate(date(year_number, 1, 1), date(year_number, 12, 31), "year", as_written or str(year_number))


def parse_fuzzy_date(value: object) -> FuzzyDate:
    """Read a cell as a date of known precision; ValueError names what was expected."""
    if isinstance(value, datetime):
        return day(value.date())
    if isinstance(value, date):
        return day(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        if 1900 <= int(value) <= 2200:
            return year(int(value))
        raise ValueError(EXPECTED)
    text = " ".join(str(value).split())
    try:
        return _parse_text(text)
    except (ValueError, KeyError):
        raise ValueError(EXPECTED) from None


def _parse_text(text: str) -> FuzzyDate:
    if m := _ISO.match(text):
        return day(date(int(m[1]), int(m[2]), int(m[3])), text)
    if m := _SLASHED.match(text):
        return day(date(int(m[3]), int(m[2]), int(m[1])), text)
    if m := _DAY_MONTH_YEAR.match(text):
        return day(date(int(m[3]), MONTHS[m[2].lower()], int(m[1])), text)
    if m := _YEAR_MONTH.match(text):
        return month(int(m[1]), int(m[2]), text)
    if m := _MONTH_YEAR.match(text):
        return month(int(m[2]), MONTHS[m[1].lower()], text)
    if m := _YEAR.match(text):
        return year(int(m[1]), text)
    raise ValueError(text)


def parse_iso_date(text: str) -> date:
    """A date typed as YYYY-MM-DD (command line, run config, the page's date box); ValueError in plain words."""
    text = (text or "").strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date; expected YYYY-MM-DD, e.g. 2011-08-31") from None


def parse_day(value: object) -> date:
    """A cell that must be a whole date (meeting dates): ValueError otherwise."""
    parsed = parse_fuzzy_date(value)
    if parsed.precision != "day":
        raise ValueError("a full date, e.g. 19/11/2011")
    return parsed.earliest


# ---------------------------------------------------------------- writing dates: the one implementation
# In any of the report's languages: format_date(d) is '27 September 2011', format_date(d, "fr")
# '27 septembre 2011'. pipeline.wording.language and the staff page call these.

@cache
def month_names(code: str = SOURCE) -> tuple[str, ...]:
    """('January', ... ) in the language, as in running text ('août', 'agosto')."""
    names = get_month_names("wide", "format", language_info(code).locale)
    return tuple(names[m] for m in range(1, 13))


def month_name(month: int, code: str = SOURCE) -> str:
    return month_names(code)[month - 1]


def day_of(d: date, code: str = SOURCE) -> str:
    """The day of the month as written: '1er' in French."""
    return language_info(code).first_day if d.day == 1 else str(d.day)


def format_date(d: date, code: str = SOURCE) -> str:
    """'27 September 2011', '27 septembre 2011', '27 de septiembre de 2011'."""
    return language_info(code).day_month_year.format(day=day_of(d, code), month=month_name(d.month, code), year=d.year)


def format_month(d: date, code: str = SOURCE) -> str:
    """'August 2011', 'août 2011', 'agosto de 2011'."""
    return language_info(code).month_year.format(month=month_name(d.month, code), year=d.year)


def format_date_range(start: date, end: date | None, code: str = SOURCE) -> str:
    """'19 November 2011', or '19-21 November 2011' when it runs over several days."""
    if end is None or end == start:
        return format_date(start, code)
    if (start.year, start.month) == (end.year, end.month):
        return f"{day_of(start, code)}-{format_date(end, code)}"
    if start.year == end.year:
        head = language_info(code).day_month_year.format(day=day_of(start, code), month=month_name(start.month, code),
                                                year="").strip()
        head = re.sub(r"\s+de$", "", head)  # Spanish: '30 de junio' before '-2 de julio de 2011'
        return f"{head}-{format_date(end, code)}"
    return f"{format_date(start, code)}-{format_date(end, code)}"
