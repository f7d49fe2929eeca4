"""POST /runs, "Generate the report": the form checked in the staff's words (meeting, status date,
languages), a status date that would mislead refused until "This status date is intended" is
ticked, then the meeting's job started in Dagster once per meeting, date and languages."""
from __future__ import annotations

from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from pipeline.wording.language import language_codes
from portal.catalog import day_text, parse_as_of
from portal.dagster_link import DagsterUnavailable
from portal.forms import has_form_key, read_form, text, ticked
from portal.pages import index_page


async def launch(request: Request) -> Response:
    form = await read_form(request)
    meeting_code, as_of_text = text(form, "meeting"), text(form, "as_of")
    if not has_form_key(form, request):
        return await run_in_threadpool(
            index_page, request, "This page was out of date. Check the meeting and date, and press the button again.",
            400, meeting_code, as_of_text)
    try:
        languages = language_codes(ticked(form, "language"))  # none ticked: English
    except ValueError as error:
        return await run_in_threadpool(index_page, request, f"Languages: {error}.", 400, meeting_code, as_of_text)
    intended = text(form, "as_of_intended") == "yes"
    return await run_in_threadpool(start_run, request, meeting_code, as_of_text, intended, languages)


def start_run(request: Request, meeting_code: str, as_of_text: str, intended: bool = False,
              languages: tuple[str, ...] = ("en",)) -> Response:
    """Start the run, or show the staff page again saying why not, with what was typed."""
    catalog, dagster = request.app.state.catalog, request.app.state.dagster
    meetings, problem = catalog.meetings()
    if problem:
        return index_page(request, "No report can be started until the input workbooks are fixed.", 400)
    meeting = next((m for m in meetings if m.code == meeting_code), None)
    if meeting is None:
        known = ", ".join(m.code for m in meetings) or "none"
        return index_page(request, f"Meeting '{meeting_code}' is not in meetings.xlsx (meetings there: {known}).",
                          400, meeting_code, as_of_text)
    try:
        as_of = parse_as_of(as_of_text, meeting)
    except ValueError as error:
        return index_page(request, str(error), 400, meeting_code, as_of_text)
    misleading = catalog.as_of_problems(meeting, as_of, date.today())
    if misleading and not intended:
        return index_page(request, "This status date would give a misleading report. Nothing was started. Choose "
                                   "another date, or tick the box below and press the button again if it is "
                                   "intended.", 400, meeting_code, day_text(as_of), misleading, languages)
    try:
        run_id, started = dagster.launch(meeting.code, as_of, languages)
    except DagsterUnavailable as error:
        return index_page(request, str(error), 503, meeting_code, as_of_text)
    return RedirectResponse(f"/runs/{run_id}" + ("" if started else "?already=1"), status_code=303)
