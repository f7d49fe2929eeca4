"""The portal's pages: the meetings and their reports, the form that starts a run, the run's
progress, and the downloads. Server-rendered HTML (Jinja2, escaped) with a little script.

Routes:
  GET  /                                  meetings, the official (or newest) report first, the form, the monthly history
  POST /runs                              start the meeting job in Dagster (validated, once per meeting and date;
                                          a date that would mislead needs the "intended" tick, as_of_intended=yes)
  GET  /runs/<run id>                     follows the run step by step, then offers the downloads or says what went wrong
  GET  /api/runs/<run id>                 the run's state and steps as JSON, for the page's script
  GET  /reports/<meeting>/<folder>/<kind> a recorded file (docx, xlsx, pdf), by identifiers only
  POST /choices                           mark a report as sent to the Committee, hide or restore it
  GET  /meetings/<code>/status            status at a glance: every activity, counts per theme and species
  POST /imports                           a work programme's Word document (multipart upload) read into a new
                                          workbook under outputs/imports/, for review; shows what was read
  GET  /imports/<file name>               such a workbook, looked up by its exact name in that folder's listing

Staff read no Dagster words here: a run's steps are named as staff know them, and a small
"technical details" link leads the administrator to the run in Dagster. Errors (401, 404,
500) are pages with a way back.
"""
from __future__ import annotations

import base64
import binascii
import hmac
import re
import secrets
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import parse_qs

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from pipeline.inputs.messages import describe
from pipeline.inputs.programme_workbook import import_programme, parse_years, summary_lines
from pipeline.inputs.word_programme import SAVE_AS_DOCX, WordProgrammeError
from pipeline.publish.manifest import LANGUAGE_KINDS as REPORT_KINDS, download_path
from pipeline.publish.report_choices import ACTIONS, ChoiceError
from portal.catalog import DATE_HINT, KIND_LABELS, LANGUAGE_NAMES, Catalog, day_text, moment_text, parse_as_of
from portal.dagster_link import DagsterLink, DagsterUnavailable
from pipeline.wording.language import language_codes

RUN_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
REALM = "Standing Committee reports"
IMPORTS_FOLDER = "imports"  # under the outputs folder: the workbooks read from uploaded work programmes
MAX_UPLOAD_MB = 20
MAX_UPLOAD = MAX_UPLOAD_MB * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORTED_NAME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{6}_[A-Za-z0-9_-]{1,60}\.xlsx$")

_templates = Environment(
    loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
    autoescape=select_autoescape(["html"]),
)
_templates.globals.update(day_text=day_text, moment_text=moment_text, describe_issue=describe)


@dataclass
class Portal:
    catalog: Catalog
    dagster: DagsterLink
    form_key: str

    def render(self, template: str, status: int = 200, **values) -> HTMLResponse:
        page = _templates.get_template(template).render(
            kinds=REPORT_KINDS, kind_labels=KIND_LABELS, download_path=download_path,
            dagster_url=self.dagster.url, form_key=self.form_key, **values)
        return HTMLResponse(page, status_code=status, headers={"Cache-Control": "no-store"})


ERRORS = {  # status -> (title, what to say); each page offers a way back
    401: ("Access token needed", "This page needs the access token. Reload the page and give the token as the "
                                 "password when the browser asks (any user name). Ask the administrator if you "
                                 "do not have it."),
    404: ("Page not found", "There is no such page or report here. It may have been moved, or the address was "
                            "typed or copied incompletely."),
    405: ("Not possible here", "This address cannot be used that way. Go back to the reports and use the buttons."),
    500: ("Something went wrong", "The page could not be shown because of an error in this program. Nothing was "
                                  "changed. Try again; if it happens again, tell the administrator the time it "
                                  "happened so they can find it in the log."),
}


def error_page(status: int, headers: dict | None = None) -> HTMLResponse:
    title, text = ERRORS.get(status, ERRORS[500])
    page = _templates.get_template("error.html").render(title=title, text=text, status=status)
    return HTMLResponse(page, status_code=status, headers={"Cache-Control": "no-store", **(headers or {})})


def _not_found() -> Response:
    return error_page(404)


def _who(request: Request, token: str) -> str:
    """Who made a choice: the user name given with the access token; 'staff' when logged in without one;
    without a login, 'staff at' the address the request came from."""
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "basic":
        try:
            user = base64.b64decode(credentials.strip(), validate=True).decode("utf-8", "replace").partition(":")[0]
        except (binascii.Error, ValueError):
            user = ""
        if user.strip():
            return user.strip()[:80]
    if token:
        return "staff"
    return f"staff at {request.client.host}" if request.client else "staff"


def create_app(catalog: Catalog, dagster: DagsterLink, token: str = "") -> Starlette:
    portal = Portal(catalog, dagster, secrets.token_urlsafe(16))

    def index_page(message: str = "", status: int = 200, meeting: str = "", as_of: str = "",
                   as_of_warnings: list[str] | None = None, languages: tuple[str, ...] = ("en",)) -> HTMLResponse:
        meetings, problem = catalog.meeting_views()
        reachable = dagster.reachable()
        return portal.render(
            "index.html", status, meetings=meetings, inputs_problem=problem, message=message,
            dagster_ok=reachable, dagster_help="" if reachable else _dagster_help(dagster),
            chosen_meeting=meeting or (meetings[0].code if meetings else ""), chosen_as_of=as_of,
            as_of_warnings=as_of_warnings or [], date_hint=DATE_HINT, history=_history(reachable),
            language_names=LANGUAGE_NAMES, chosen_languages=languages)

    def _history(reachable: bool) -> dict:
        months = catalog.snapshot_months()
        last_runs = dagster.last_monthly_runs() if reachable else None
        last = last_runs[0] if last_runs else None
        return {"years": _months_by_year(months), "count": len(months), "written": catalog.last_snapshot_written(),
                "schedule_on": dagster.schedule_on() if reachable else None,
                "last_run": {"words": _RUN_WORDS.get(last["status"], last["status"].capitalize()),
                             "month": _month_text(last["partition"]), "ended": moment_text(last["ended"])
                             if last["ended"] else ""} if last else None}

    def index(request: Request) -> Response:
        return index_page()

    async def launch(request: Request) -> Response:
        form = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=10)
        field = lambda name: (form.get(name) or [""])[0].strip()  # noqa: E731
        meeting_code, as_of_text, intended = field("meeting"), field("as_of"), field("as_of_intended") == "yes"
        asked = form.get("language") or []  # the ticked languages; none: English
        if not hmac.compare_digest(field("form_key"), portal.form_key):
            return await run_in_threadpool(
                index_page, "This page was out of date. Check the meeting and date, and press the button again.",
                400, meeting_code, as_of_text)
        try:
            languages = language_codes(asked)
        except ValueError as error:
            return await run_in_threadpool(index_page, f"Languages: {error}.", 400, meeting_code, as_of_text)
        return await run_in_threadpool(_launch, meeting_code, as_of_text, intended, languages)

    def _launch(meeting_code: str, as_of_text: str, intended: bool = False,
                languages: tuple[str, ...] = ("en",)) -> Response:
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
                              400, meeting_code, day_text(as_of), misleading, languages)
        try:
            run_id, started = dagster.launch(meeting.code, as_of, languages)
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
        heading = catalog.heading(meeting) if meeting else "A report"
        return portal.render("run.html", state=state, report=report, heading=heading, as_of_text=day_text(state.as_of),
                             started_now="already" not in request.query_params, outputs=catalog.outputs,
                             narrative_notes=catalog.narrative_notes(state.meeting, state.languages) if meeting else [])

    def run_status(request: Request) -> Response:
        found = run_and_report(request, lambda why: JSONResponse({"error": why}, status_code=503))
        if isinstance(found, Response):
            return found
        run_id, state, report = found
        links = {k: download_path(report.meeting_folder, report.folder, k) for k in report.files} if report else {}
        return JSONResponse({**state.as_json(), "downloads": links, "no_pdf": report.no_pdf if report else ""},
                            headers={"Cache-Control": "no-store"})

    def download(request: Request) -> Response:
        p = request.path_params
        found = catalog.find_file(p["meeting"], p["folder"], p["kind"])
        if found is None:
            return _not_found()
        return FileResponse(found.path, media_type=found.content_type, filename=found.download_name,
                            headers={"X-Content-Type-Options": "nosniff"})

    async def choose(request: Request) -> Response:
        form = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=10)
        field = lambda name: (form.get(name) or [""])[0].strip()  # noqa: E731
        if not hmac.compare_digest(field("form_key"), portal.form_key):
            return await run_in_threadpool(
                index_page, "This page was out of date, so nothing was changed. Press the button again.", 400)
        if field("action") not in ACTIONS:
            return await run_in_threadpool(index_page, "That is not a choice this page knows.", 400)
        by = _who(request, token)
        try:
            await run_in_threadpool(catalog.choose, field("meeting"), field("folder"), field("action"), by)
        except ChoiceError as error:
            return await run_in_threadpool(index_page, str(error), 400)
        return RedirectResponse(f"/#meeting-{field('code') or field('meeting')}", status_code=303)

    imports = catalog.outputs / IMPORTS_FOLDER

    def import_page(status: int = 200, problem: str = "", values: dict | None = None, lines: list[str] | None = None,
                    written: str = "") -> HTMLResponse:
        return portal.render("import.html", status, problem=problem, import_values=values or {},
                             lines=lines or [], written=written, max_upload_mb=MAX_UPLOAD_MB)

    async def import_upload(request: Request) -> Response:
        too_big = (f"The file is larger than {MAX_UPLOAD_MB} MB, so it was not read and nothing was written. A work "
                   f"programme is usually far smaller: save it again without pictures, or ask the administrator.")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_UPLOAD + 64 * 1024:
            return import_page(413, too_big)
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_UPLOAD + 64 * 1024:  # the file and the few form fields around it
                return import_page(413, too_big)
            chunks.append(chunk)
        request._body = b"".join(chunks)  # what request.form() reads, once counted
        try:
            form = await request.form(max_files=1, max_fields=10)
        except HTTPException:
            return import_page(400, "The upload could not be read. Choose the Word document and press "
                                    "\"Import\" again.")
        try:
            text = lambda name: form.get(name) if isinstance(form.get(name), str) else ""  # noqa: E731
            values = {"programme": text("programme").strip(), "title": text("title").strip(),
                      "years": text("years").strip()}
            if not hmac.compare_digest(text("form_key"), portal.form_key):
                return import_page(400, "This page was out of date. Choose the Word document and press \"Import\" "
                                        "again.", values)
            upload = form.get("document")
            if isinstance(upload, str) or upload is None or not (upload.filename or "").strip():
                return import_page(400, "Choose the Word document (.docx) of the work programme to import.", values)
            if upload.size is not None and upload.size > MAX_UPLOAD:
                return import_page(413, too_big, values)
            data = await upload.read()
            name = _upload_name(upload.filename)
        finally:
            await form.close()
        return await run_in_threadpool(_import, data, name, values)

    def _import(data: bytes, name: str, values: dict) -> Response:
        if not values["programme"]:
            return import_page(400, "Give the programme an id, for example JWP 2015-2017: it is the id the "
                                    "rows get in programmes.xlsx.", values)
        if not name.lower().endswith(".docx"):
            return import_page(400, f"{name} is not a Word document (.docx); {SAVE_AS_DOCX}.", values)
        years = None
        if values["years"]:
            try:
                years = parse_years(values["years"])
            except ValueError as error:
                return import_page(400, f"Years: {error}. Leave it empty to take the years from the programme id, "
                                        f"the title or the timeframes.", values)
        with tempfile.TemporaryDirectory(prefix="stc-import-") as folder:
            document = Path(folder) / "upload.docx"
            document.write_bytes(data)
            for attempt in range(5):  # a name taken meanwhile (two imports in the same second): the next one
                output = _new_import_path(imports, values["programme"])
                try:
                    result = import_programme(document, values["programme"], title=values["title"] or None,
                                              years=years, output=output, shown_as=name)
                    break
                except WordProgrammeError as error:
                    if attempt < 4 and output.exists():
                        continue
                    return import_page(400, _staff_words(str(error)), values)
        lines = [_staff_words(line) for line in summary_lines(result) if not line.startswith("Written for review:")]
        return import_page(200, "", values, lines, result.written.name)

    def import_download(request: Request) -> Response:
        name = request.path_params["name"]
        if not IMPORTED_NAME.match(name) or imports.is_symlink() or not imports.is_dir():
            return _not_found()
        listed = {p.name: p for p in imports.iterdir() if p.is_file() and not p.is_symlink()}
        path = listed.get(name)
        if path is None or path.resolve().parent != imports.resolve():
            return _not_found()
        return FileResponse(path, media_type=XLSX_TYPE, filename=name, headers={"X-Content-Type-Options": "nosniff"})

    def status_page(request: Request) -> Response:
        code = request.path_params["code"]
        as_of_text = request.query_params.get("as_of", "")
        try:
            found, issues, compared = catalog.glance(code, as_of_text)
        except LookupError:
            return _not_found()
        except ValueError as error:
            meeting = catalog.meeting(code)
            return portal.render("status.html", 400, glance=None, problem=str(error), code=code,
                                 heading=catalog.heading(meeting) if meeting else code, as_of_text=as_of_text,
                                 date_hint=DATE_HINT, issues=[], compared=False)
        return portal.render("status.html", glance=found, problem="", code=code,
                             heading=catalog.heading(found.meeting), as_of_text=day_text(found.as_of),
                             date_hint=DATE_HINT, issues=issues, compared=compared,
                             new_issues=sum(not m.known for m in issues))

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/runs", launch, methods=["POST"]),
        Route("/runs/{run_id}", run_page, methods=["GET"]),
        Route("/api/runs/{run_id}", run_status, methods=["GET"]),
        Route("/reports/{meeting}/{folder}/{kind}", download, methods=["GET"]),
        Route("/choices", choose, methods=["POST"]),
        Route("/meetings/{code}/status", status_page, methods=["GET"]),
        Route("/imports", import_upload, methods=["POST"]),
        Route("/imports/{name}", import_download, methods=["GET"]),
    ]

    async def http_error(request: Request, error: HTTPException) -> Response:
        return error_page(error.status_code if error.status_code in ERRORS else 404)

    async def server_error(request: Request, error: Exception) -> Response:
        return error_page(500)

    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error, Exception: server_error})
    return TokenGate(app, token) if token else app


_RUN_WORDS = {"SUCCESS": "made", "FAILURE": "failed", "CANCELED": "stopped", "STARTED": "under way",
              "QUEUED": "waiting for its turn", "STARTING": "starting", "NOT_STARTED": "waiting to start"}


def _month_text(key: str) -> str:
    """'2011-08' -> 'August 2011'."""
    try:
        return day_text(f"{key}-01").split(" ", 1)[1]
    except IndexError:
        return key


def _months_by_year(months: list[str]) -> list[tuple[str, list[str]]]:
    """[('2011', ['Jan', …]), …]: the stored months, newest year first."""
    years: dict[str, list[str]] = {}
    for key in months:
        years.setdefault(key[:4], []).append(_month_text(key).split(" ")[0][:3])
    return sorted(years.items(), reverse=True)


def _upload_name(filename: str) -> str:
    """The uploaded file's own name, without any folder a browser sent with it, for messages."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    return name[:120] or "the document"


def _new_import_path(folder: Path, programme_id: str) -> Path:
    """outputs/imports/<date>_<time>_<programme id in safe letters>.xlsx, never an existing file."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", programme_id).strip("-_")[:50] or "programme"
    stem = f"{datetime.now():%Y-%m-%d_%H%M%S}_{safe}"
    candidates = [folder / f"{stem}.xlsx"] + [folder / f"{stem}_{n}.xlsx" for n in range(2, 100)]
    return next((p for p in candidates if not p.exists()), folder / f"{stem}_{secrets.token_hex(4)}.xlsx")


_OPTIONS = (("give them with --years, e.g. --years 2015-2017", 'give them under "Years", e.g. 2015-2017'),
            ("(years from --years)", '(years from "Years")'),
            ("Give the new programme another id with --programme", "Give the new programme another id"))


def _staff_words(text: str) -> str:
    """The import's messages name the command's options; on the page they name the form's boxes."""
    for option, box in _OPTIONS:
        text = text.replace(option, box)
    return text


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
            response = error_page(401, {"WWW-Authenticate": f'Basic realm="{REALM}", charset="UTF-8"'})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
