"""The portal's pages: the meetings and their reports, the form that starts a run, the run's
progress, and the downloads. Server-rendered HTML (Jinja2, escaped) with a little script.

Routes:
  GET  /                                  meetings, newest report first, and the form
  POST /runs                              start the meeting job in Dagster (validated, once per meeting and date;
                                          a date that would mislead needs the "intended" tick, as_of_intended=yes)
  GET  /runs/<run id>                     follows the run, then offers the downloads or says what went wrong
  GET  /api/runs/<run id>                 the run's status as JSON, for the page's script
  GET  /reports/<meeting>/<folder>/<kind> a recorded file (docx, xlsx, pdf), by identifiers only
"""
from __future__ import annotations

import base64
import binascii
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from portal.catalog import KIND_LABELS, Catalog, parse_as_of
from portal.dagster_link import DagsterLink, DagsterUnavailable
from portal.links import KINDS, download_path

RUN_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
REALM = "Standing Committee reports"

_templates = Environment(
    loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
    autoescape=select_autoescape(["html"]),
)


@dataclass
class Portal:
    catalog: Catalog
    dagster: DagsterLink
    form_key: str

    def render(self, template: str, status: int = 200, **values) -> HTMLResponse:
        page = _templates.get_template(template).render(
            kinds=KINDS, kind_labels=KIND_LABELS, download_path=download_path,
            dagster_url=self.dagster.url, form_key=self.form_key, **values)
        return HTMLResponse(page, status_code=status, headers={"Cache-Control": "no-store"})


def _not_found() -> Response:
    return PlainTextResponse("Not found.", status_code=404)


def create_app(catalog: Catalog, dagster: DagsterLink, token: str = "") -> Starlette:
    portal = Portal(catalog, dagster, secrets.token_urlsafe(16))

    def index_page(message: str = "", status: int = 200, meeting: str = "", as_of: str = "",
                   as_of_warnings: list[str] | None = None) -> HTMLResponse:
        meetings, problem = catalog.meeting_views()
        reachable = dagster.reachable()
        return portal.render(
            "index.html", status, meetings=meetings, inputs_problem=problem, message=message,
            dagster_ok=reachable, dagster_help="" if reachable else _dagster_help(dagster),
            chosen_meeting=meeting or (meetings[0].code if meetings else ""), chosen_as_of=as_of,
            as_of_warnings=as_of_warnings or [])

    def index(request: Request) -> Response:
        return index_page()

    async def launch(request: Request) -> Response:
        form = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=10)
        field = lambda name: (form.get(name) or [""])[0].strip()  # noqa: E731
        meeting_code, as_of_text, intended = field("meeting"), field("as_of"), field("as_of_intended") == "yes"
        if not hmac.compare_digest(field("form_key"), portal.form_key):
            return await run_in_threadpool(
                index_page, "This page was out of date. Check the meeting and date, and press the button again.",
                400, meeting_code, as_of_text)
        return await run_in_threadpool(_launch, meeting_code, as_of_text, intended)

    def _launch(meeting_code: str, as_of_text: str, intended: bool = False) -> Response:
        meetings, problem = catalog.meetings()
        if problem:
            return index_page("No report can be started until the input workbooks are fixed.", 400)
        meeting = next((m for m in meetings if m.code == meeting_code), None)
        if meeting is None:
            known = ", ".join(m.code for m in meetings) or "none"
            return index_page(f"Meeting '{meeting_code}' is not in meetings.xlsx (meetings there: {known}).",
                              400, meeting_code, as_of_text)
        try:
            as_of = parse_as_of(as_of_text, meeting)
        except ValueError as error:
            return index_page(str(error), 400, meeting_code, as_of_text)
        misleading = catalog.as_of_problems(meeting, as_of, date.today())
        if misleading and not intended:
            return index_page("This status date would give a misleading report. Nothing was started. Choose "
                              "another date, or tick the box below and press the button again if it is intended.",
                              400, meeting_code, as_of.isoformat(), misleading)
        try:
            run_id, started = dagster.launch(meeting.code, as_of)
        except DagsterUnavailable as error:
            return index_page(str(error), 503, meeting_code, as_of_text)
        return RedirectResponse(f"/runs/{run_id}" + ("" if started else "?already=1"), status_code=303)

    def run_and_report(request: Request, unavailable):
        """The run named in the URL and, once it succeeded, its report; or the response to send instead."""
        run_id = request.path_params["run_id"]
        if not RUN_ID.match(run_id):
            return _not_found()
        try:
            state = dagster.run_state(run_id)
        except DagsterUnavailable as error:
            return unavailable(str(error))
        if state is None:
            return _not_found()
        return run_id, state, catalog.report_of_run(run_id) if state.status == "SUCCESS" else None

    def run_page(request: Request) -> Response:
        found = run_and_report(request, lambda why: portal.render(
            "index.html", 503, meetings=[], inputs_problem="", message="", dagster_ok=False, dagster_help=why))
        if isinstance(found, Response):
            return found
        run_id, state, report = found
        meeting = catalog.meeting(state.meeting) if state.meeting else None
        heading = catalog.heading(meeting) if meeting else f"Report run {run_id[:8]}"
        return portal.render("run.html", state=state, report=report, heading=heading,
                             started_now="already" not in request.query_params, outputs=catalog.outputs)

    def run_status(request: Request) -> Response:
        found = run_and_report(request, lambda why: JSONResponse({"error": why}, status_code=503))
        if isinstance(found, Response):
            return found
        run_id, state, report = found
        links = {k: download_path(report.meeting_folder, report.folder, k) for k in report.files} if report else {}
        return JSONResponse({"run_id": run_id, "status": state.status, "words": state.words,
                             "finished": state.finished, "failure": state.failure, "downloads": links,
                             "no_pdf": report.no_pdf if report else ""},
                            headers={"Cache-Control": "no-store"})

    def download(request: Request) -> Response:
        p = request.path_params
        found = catalog.find_file(p["meeting"], p["folder"], p["kind"])
        if found is None:
            return _not_found()
        return FileResponse(found.path, media_type=found.content_type, filename=found.download_name,
                            headers={"X-Content-Type-Options": "nosniff"})

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/runs", launch, methods=["POST"]),
        Route("/runs/{run_id}", run_page, methods=["GET"]),
        Route("/api/runs/{run_id}", run_status, methods=["GET"]),
        Route("/reports/{meeting}/{folder}/{kind}", download, methods=["GET"]),
    ]
    app = Starlette(routes=routes)
    return TokenGate(app, token) if token else app


def _dagster_help(dagster: DagsterLink) -> str:
    from portal.dagster_link import how_to_start

    return how_to_start(dagster.url)


class TokenGate:
    """Every request needs the access token: as `Authorization: Bearer <token>`, or as the
    password of HTTP basic authentication (any user name), which a browser asks for itself."""

    def __init__(self, app, token: str):
        self.app = app
        self.token = token.encode()

    def _given(self, headers: list[tuple[bytes, bytes]]) -> bytes:
        value = dict(headers).get(b"authorization", b"")
        scheme, _, credentials = value.partition(b" ")
        if scheme.lower() == b"bearer":
            return credentials.strip()
        if scheme.lower() == b"basic":
            try:
                return base64.b64decode(credentials.strip(), validate=True).partition(b":")[2]
            except (binascii.Error, ValueError):
                return b""
        return b""

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and not hmac.compare_digest(self._given(scope["headers"]), self.token):
            response = PlainTextResponse(
                "This page needs the access token: give it as the password when the browser asks.",
                status_code=401, headers={"WWW-Authenticate": f'Basic realm="{REALM}", charset="UTF-8"'})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
