"""The page's handlers for the meetings and their reports: the staff page, a run's progress (page
and JSON), the downloads, the choices (sent to the Committee, hidden, restored) and the status at
a glance. Each finds the Catalog and the DagsterLink on `request.app.state` (set by create_app)."""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response

from pipeline.history.snapshots import read_month, snapshots_folder
from pipeline.publish.manifest import download_path
from pipeline.publish.report_choices import ACTIONS, OFFICIAL, ChoiceError, read_choices
from pipeline.status.glance import short_description
from portal.access import may_change, who
from portal.catalog import DATE_HINT, KIND_LABELS, LANGUAGE_NAMES, day_text
from portal.choice_words import choice_message, confirmation
from portal.dagster_link import DagsterUnavailable, how_to_start
from portal.forms import has_form_key, read_form, text
from portal.history_box import history, month_text
from portal.inputs_page import installed_message, workbook_views
from portal.plain_words import REPORT_TAKES, month_links, programme_names
from portal.rendering import error_page, not_found, render
from portal.report_list import grouped, languages_of, report_page

RUN_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def index_page(request: Request, message: str = "", status: int = 200, meeting: str = "", as_of: str = "",
               as_of_warnings: list[str] | None = None, languages: tuple[str, ...] = ("en",),
               unavailable: str = "") -> HTMLResponse:
    """The staff page: the form first (with what was typed and why it was refused), the meetings and
    their reports (earlier ones a page at a time, filtered by status date), the monthly history.
    `unavailable`: what Dagster said when it just failed to answer; every part of the page that
    needs Dagster then says so instead of failing."""
    catalog, dagster = request.app.state.catalog, request.app.state.dagster
    meetings, problem = catalog.meeting_views()
    reachable = not unavailable and _reachable(dagster)
    query = request.query_params
    pages = {m.code: report_page(grouped(m.others), query.get("page", "1") if query.get("in") == m.code else "1",
                                 query.get("status_date", "") if query.get("in") == m.code else "")
             for m in meetings}
    return render(
        request, "index.html", status, meetings=meetings, inputs_problem=problem, message=message,
        done=_done_message(request, meetings), report_pages=pages, languages_of=languages_of,
        may_change=may_change(request), programmes=programme_names(catalog), report_takes=REPORT_TAKES,
        month_links=month_links, dagster_ok=reachable,
        dagster_help=unavailable or ("" if reachable else how_to_start(dagster.url)),
        chosen_meeting=meeting or (meetings[0].code if meetings else ""), chosen_as_of=as_of,
        as_of_warnings=as_of_warnings or [], date_hint=DATE_HINT, history=_history(catalog, dagster, reachable),
        language_names=LANGUAGE_NAMES, chosen_languages=languages, workbooks=workbook_views(catalog),
        changes_since_sent={m.code: catalog.changes_since_sent(m) for m in meetings})


def _reachable(dagster) -> bool:
    try:
        return dagster.reachable()
    except DagsterUnavailable:
        return False


def _history(catalog, dagster, reachable: bool) -> dict:
    """The monthly history box; when Dagster stops answering half-way, the box as without Dagster."""
    try:
        return history(catalog, dagster, reachable)
    except DagsterUnavailable:
        return history(catalog, dagster, False)


def _done_message(request: Request, meetings) -> str:
    """After a choice (the redirect's ?done=…&in=…&report=…): what was done, by whom and when, as
    recorded in the meeting's choices; after an input workbook was installed (?installed=<name>),
    its new version; '' when the address names no such choice."""
    query = request.query_params
    if query.get("installed"):
        return installed_message(request.app.state.catalog, query["installed"])
    meeting = next((m for m in meetings if m.code == query.get("in", "")), None)
    if not query.get("done") or meeting is None:
        return ""
    recorded = read_choices(request.app.state.catalog.outputs / meeting.folder).history
    entry = next((h for h in reversed(recorded) if h.get("action") == query["done"]
                  and h.get("folder") == query.get("report")), None)
    report = next((r for r in meeting.reports + meeting.hidden if r.folder == query.get("report")), None)
    return choice_message(entry, report) if entry else ""


def index(request: Request) -> Response:
    return index_page(request)


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
                  m={"code": state.meeting}, may_change=may_change(request), languages_of=languages_of,
                  programmes=programme_names(catalog),
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
    """A recorded file, found by identifiers only (meeting, report folder, kind), never by a path. A
    report that is no longer there gets a page saying so (the link has no `download` attribute, so
    the browser shows that page instead of a silently cancelled download)."""
    p = request.path_params
    if p["kind"] not in KIND_LABELS:
        return not_found()
    found = request.app.state.catalog.find_file(p["meeting"], p["folder"], p["kind"])
    if found is None or not found.path.is_file():
        return error_page(404, kind="report")
    return FileResponse(found.path, media_type=found.content_type, filename=found.download_name,
                        headers={"X-Content-Type-Options": "nosniff"})


async def choose(request: Request) -> Response:
    """Mark a report as sent to the Committee (after a confirmation page naming what it replaces),
    take the mark away, hide or restore it; recorded with who did it, then said on the page."""
    form = await read_form(request)
    if not has_form_key(form, request):
        return await run_in_threadpool(
            index_page, request, "This page was out of date, so nothing was changed. Press the button again.", 400)
    action, meeting, folder = text(form, "action"), text(form, "meeting"), text(form, "folder")
    if action not in ACTIONS:
        return await run_in_threadpool(index_page, request, "That is not a choice this page knows.", 400)
    if action == OFFICIAL and text(form, "confirmed") != "yes":
        return await run_in_threadpool(_confirm_page, request, meeting, folder, text(form, "code"))
    try:
        await run_in_threadpool(request.app.state.catalog.choose, meeting, folder, action, who(request))
    except ChoiceError as error:
        return await run_in_threadpool(index_page, request, str(error), 400)
    code = text(form, "code") or meeting
    return RedirectResponse(f"/?{urlencode({'done': action, 'in': code, 'report': folder})}#meeting-{code}",
                            status_code=303)


def _confirm_page(request: Request, meeting_folder: str, folder: str, code: str) -> Response:
    """"Mark as sent to the Committee?": the report, the one it would replace, and two buttons."""
    catalog = request.app.state.catalog
    reports = catalog.reports(meeting_folder, with_hidden=True) if meeting_folder else []
    report = next((r for r in reports if r.folder == folder), None)
    if report is None:
        return index_page(request, "That report is not in the outputs folder any more; reload the page.", 400)
    replaced = next((r for r in reports if r.official and r.folder != folder), None)
    return render(request, "confirm.html", report=report, replaced=replaced, code=code or meeting_folder,
                  words=confirmation(report, replaced), languages_of=languages_of)


def status_page(request: Request) -> Response:
    """Status at a glance: every activity, counts per theme and species, new and known data issues."""
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
                      date_hint=DATE_HINT, issues=[], compared=False)
    return render(request, "status.html", glance=found, problem="", code=code,
                  heading=catalog.heading(found.meeting), as_of_text=day_text(found.as_of),
                  date_hint=DATE_HINT, issues=issues, compared=compared,
                  new_issues=sum(not m.known for m in issues), short_description=short_description,
                  as_of_warnings=catalog.as_of_problems(found.meeting, found.as_of, date.today()))


def sign_in(request: Request) -> Response:
    """The 401 page's way back: the gate asked for the password (the browser's prompt) before this
    handler runs, so here the person is signed in and goes to the reports."""
    return RedirectResponse("/", status_code=303)


def snapshot_page(request: Request) -> Response:
    """One monthly status snapshot (outputs/snapshots/<YYYY-MM>.json) as a table staff can read, with
    the counts per programme; the month is looked up among the stored ones, never joined as a path."""
    catalog = request.app.state.catalog
    month = request.path_params["month"]
    if month not in catalog.snapshot_months():
        return not_found()
    try:
        snapshot = read_month(snapshots_folder(catalog.outputs), month)
    except (OSError, ValueError):
        snapshot = None
    if snapshot is None:
        return not_found()
    return render(request, "snapshot.html", snapshot=snapshot, month_text=month_text(month),
                  programmes=programme_names(catalog), counts=snapshot.counts())
