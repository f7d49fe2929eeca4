"""Is a status date sensible for a meeting's report? Dates that would mislead, in plain words.

A report "as of" a date in the future counts only what the log holds today and shows
as overdue or not started work that may yet be done; one dated after the meeting
reports what the meeting cannot have known; one dated before every programme of the
meeting starts shows nothing but "Not yet due". Such a date is refused unless the
person says it is intended (`stc-report run --as-of-intended`, a confirmation on the
staff page); `as_of_problems` says why, and is empty for a sensible date.
"""
from __future__ import annotations

from datetime import date

from pipeline.dates import format_date
from pipeline.model import Inputs, Meeting


def as_of_problems(meeting: Meeting, as_of: date, inputs: Inputs, today: date) -> list[str]:
    """Why a report of `meeting` with its status as of `as_of` would mislead; [] when it would not.

    `today` is the day the report is made (pass `date.today()`); `inputs` gives the
    programmes the meeting reports on (its reported and planned programmes). Each
    problem is one sentence for the person who chose the date.
    """
    problems = []
    if as_of > today:
        problems.append(
            f"The status date {format_date(as_of)} is in the future (today is {format_date(today)}): "
            f"the report would count only what the log holds today, and show as overdue or not started "
            f"work that may still be done before then.")
    if as_of > meeting.start_date:
        problems.append(
            f"The status date {format_date(as_of)} is after the meeting: {meeting.code} opens on "
            f"{format_date(meeting.start_date)}, and a report to it cannot know what happens after that.")
    starts = _programme_starts(meeting, inputs)
    if starts and all(as_of < start for _, start in starts):
        listed = "; ".join(f"{name} starts on {format_date(start)}" for name, start in starts)
        problems.append(
            f"The status date {format_date(as_of)} is before every programme of {meeting.code} starts "
            f"({listed}): every activity would be shown as not yet due.")
    return problems


def _programme_starts(meeting: Meeting, inputs: Inputs) -> list[tuple[str, date]]:
    """(programme, first day of its period) for the meeting's reported and planned programmes."""
    wanted = [p for p in (meeting.reported_programme, meeting.planned_programme) if p]
    found = {p.id: p for p in inputs.programmes}
    return [(p, date(found[p].start_year, 1, 1)) for p in wanted if p in found]
