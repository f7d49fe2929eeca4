"""Turning the page's templates into responses: every page gets the same report kinds, download
paths, Dagster address and form key; errors (401, 404, 405, 500) are pages with a way back."""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from pipeline.inputs.messages import describe
from pipeline.publish.manifest import LANGUAGE_KINDS as REPORT_KINDS, download_path
from portal.catalog import KIND_LABELS, day_text, moment_text

_templates = Environment(
    loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
    autoescape=select_autoescape(["html"]),
)
_templates.globals.update(day_text=day_text, moment_text=moment_text, describe_issue=describe)

NO_STORE = {"Cache-Control": "no-store"}


def render(request: Request, template: str, status: int = 200, **values) -> HTMLResponse:
    """A page of the portal; what every page needs comes from the app's state."""
    state = request.app.state
    page = _templates.get_template(template).render(
        kinds=REPORT_KINDS, kind_labels=KIND_LABELS, download_path=download_path,
        dagster_url=state.dagster.url, form_key=state.form_key, **values)
    return HTMLResponse(page, status_code=status, headers=NO_STORE)


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
    """The error page for a status (an unknown one says 'something went wrong'); it needs no app state."""
    title, text = ERRORS.get(status, ERRORS[500])
    page = _templates.get_template("error.html").render(title=title, text=text, status=status)
    return HTMLResponse(page, status_code=status, headers={**NO_STORE, **(headers or {})})


def not_found() -> Response:
    return error_page(404)


async def http_error(request: Request, error: HTTPException) -> Response:
    """Starlette's own refusals (no such route, wrong method) as the page's error pages."""
    return error_page(error.status_code if error.status_code in ERRORS else 404)


async def server_error(request: Request, error: Exception) -> Response:
    """Anything unexpected: a page without the details (those are in the log), never a traceback."""
    return error_page(500)
