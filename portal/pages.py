"""The page's handlers for the meetings and their reports: the staff page, a run's progress (page
and JSON), the downloads, the choices (sent to the Committee, hidden, restored) and the status at
a glance. Each finds the Catalog and the DagsterLink on `request.app.state` (set by create_app)."""
from __future__ import annotations

import re
from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response

from pipeline.publish.manifest import download_path
from pipeline.publish.report_choices import ACTIONS, ChoiceError
from pipeline.status.glance import short_description
from portal.access import who
from portal.catalog import DATE_HINT, LANGUAGE_NAMES, day_text
from portal.dagster_link import DagsterUnavailable, how_to_start
from portal.forms import has_form_key, read_form, text
from portal.history_box import history
from portal.inputs_page import workbook_views
from portal.rendering import not_found, render

RUN_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def index_page(request: Request, message: str = "", status: int = 200, meeting: str = "", as_of: str = "",
               as_of_warnings: list[str] | None = None, languages: tuple[str, ...] = ("en",),
               unavailable: str = "", reports_page: int | dict[str, int] = 1,
               status_date: str | dict[str, str] = "") -> HTMLResponse:
    """The staff page: the meetings and their reports, the form (with what was typed and why it was
    refused), the monthly history. `unavailable`: what Dagster said when it just failed to answer.
    `reports_page`, `status_date`: the page of earlier reports shown and their status date (ISO), for
    every meeting or by meeting code (Catalog.meeting_views)."""
    catalog, dagster = request.app.state.catalog, request.app.state.dagster
    meetings, problem = catalog.meeting_views(reports_page, status_date)
    reachable = not unavailable and dagster.reachable()
    return render(
        request, "index.html", status, meetings=meetings, inputs_problem=problem, message=message,
        dagster_ok=reachable, dagster_help=unavailable or ("" if reachable else how_to_start(dagster.url)),
        chosen_meeting=meeting or (meetings[0].code if meetings else ""), chosen_as_of=as_of,
        as_of_warnings=as_of_warnings or [], date_hint=DATE_HINT, history=history(catalog, dagster, reachable),
        language_names=LANGUAGE_NAMES, chosen_languages=languages, workbooks=workbook_views(catalog),
        changes_since_sent={m.code: catalog.changes_since_sent(m) for m in meetings})


def index(request: Request) -> Response:
    """The staff page; ?meeting=StC38&page=2&status_date=2011-08-31 shows that page of the meeting's earlier
    reports, only those of that status date (anything else in these is ignored)."""
    query = request.query_params
    code = query.get("meeting", "")
    page = int(query["page"]) if query.get("page", "").isdigit() and 0 < len(query["page"]) < 6 else 1
    status = query.get("status_date", "")
    status = status if re.fullmatch(r"\d{4}-\d{2}-\d{2}", status) else ""
    if not code:
        return index_page(request)
    return index_page(request, reports_page={code: page}, status_date={code: status})


def _run_and_report(request: Request, unavailable):
    """The run named in the URL and, once it succeeded, its report; or the response to send instead."""
    catalog, dagster = request.app.state.catalog, request.app.state.dagster
    run_id = request.path_params["run_id"]
    if not RUN_ID.match(run_id):
        return not_found()
    try:
        state = dagster.run_state(run_id)
    except DagsterUnavailable as error:
        return unavailable(str(error))
    if state is None:
        return not_found()
    return run_id, state, catalog.report_of_run(run_id) if state.status == "SUCCESS" else None


def run_page(request: Request) -> Response:
    """A run's progress, then its downloads or what went wrong; without Dagster, the staff page
    saying that the report service is not running (reports already made stay downloadable)."""
    found = _run_and_report(request, lambda why: index_page(request, status=503, unavailable=why))
    if isinstance(found, Response):
        return found
    run_id, state, report = found
    catalog = request.app.state.catalog
    meeting = catalog.meeting(state.meeting) if state.meeting else None
    heading = catalog.heading(meeting) if meeting else "A report"
    return render(request, "run.html", state=state, report=report, heading=heading, as_of_text=day_text(state.as_of),
                  started_now="already" not in request.query_params, outputs=catalog.outputs,
                  narrative_notes=catalog.narrative_notes(state.meeting, state.languages) if meeting else [])


def run_status(request: Request) -> Response:
    """The run's state, steps and downloads as JSON, for the run page's script."""
    found = _run_and_report(request, lambda why: JSONResponse({"error": why}, status_code=503))
    if isinstance(found, Response):
        return found
    run_id, state, report = found
    links = {k: download_path(report.meeting_folder, report.folder, k) for k in report.files} if report else {}
    return JSONResponse({**state.as_json(), "downloads": links, "no_pdf": report.no_pdf if report else ""},
                        headers={"Cache-Control": "no-store"})


def download(request: Request) -> Response:
    """A recorded file, found by identifiers only (meeting, report folder, kind), never by a path."""
    p = request.path_params
    found = request.app.state.catalog.find_file(p["meeting"], p["folder"], p["kind"])
    if found is None:
        return not_found()
    return FileResponse(found.path, media_type=found.content_type, filename=found.download_name,
                        headers={"X-Content-Type-Options": "nosniff"})


async def choose(request: Request) -> Response:
    """Mark a report as sent to the Committee, hide or restore it; recorded with who did it."""
    form = await read_form(request)
    if not has_form_key(form, request):
        return await run_in_threadpool(
            index_page, request, "This page was out of date, so nothing was changed. Press the button again.", 400)
    if text(form, "action") not in ACTIONS:
        return await run_in_threadpool(index_page, request, "That is not a choice this page knows.", 400)
    try:
        await run_in_threadpool(request.app.state.catalog.choose, text(form, "meeting"), text(form, "folder"),
                                text(form, "action"), who(request))
    except ChoiceError as error:
        return await run_in_threadpool(index_page, request, str(error), 400)
    return RedirectResponse(f"/#meeting-{text(form, 'code') or text(form, 'meeting')}", status_code=303)


def status_page(request: Request) -> Response:
    """Status at a glance: every activity (with a short description), counts per theme and species, the
    warning when the status date may mislead (as the form gives it), new and known data issues (known:
    in the report sent to the Committee)."""
    catalog = request.app.state.catalog
    code = request.path_params["code"]
    as_of_text = request.query_params.get("as_of", "")
    try:
        found, issues, compared = catalog.glance(code, as_of_text)
    except LookupError:
        return not_found()
    except ValueError as error:
        meeting = catalog.meeting(code)
        return render(request, "status.html", 400, glance=None, problem=str(error), code=code,
                      heading=catalog.heading(meeting) if meeting else code, as_of_text=as_of_text,
                      date_hint=DATE_HINT, issues=[], compared=None, as_of_warnings=[])
    return render(request, "status.html", glance=found, problem="", code=code,
                  heading=catalog.heading(found.meeting), as_of_text=day_text(found.as_of),
                  date_hint=DATE_HINT, issues=issues, compared=compared,
                  new_issues=sum(not m.known for m in issues), short_description=short_description,
                  as_of_warnings=catalog.as_of_problems(found.meeting, found.as_of, date.today()))
