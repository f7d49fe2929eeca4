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
from portal.plain_words import programme_line

_templates = Environment(
    loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
    autoescape=select_autoescape(["html"]),
)
_templates.globals.update(day_text=day_text, moment_text=moment_text, describe_issue=describe,
                          programme_line=programme_line)

NO_STORE = {"Cache-Control": "no-store"}


def render(request: Request, template: str, status: int = 200, **values) -> HTMLResponse:
    """A page of the portal; what every page needs comes from the app's state."""
    state = request.app.state
    page = _templates.get_template(template).render(
        kinds=REPORT_KINDS, kind_labels=KIND_LABELS, download_path=download_path,
        dagster_url=state.dagster.url, form_key=state.form_key,
        signed_in=request.scope.get("state", {}).get("person"), **values)
    return HTMLResponse(page, status_code=status, headers=NO_STORE)


ERRORS = {  # status -> (title, what to say); each page offers a way back
    401: ("Sign-in needed", "This page needs you to sign in: your user name and password, or the access token "
                            "as the password (any user name) on a machine with one shared token. Press “Sign in” "
                            "and give them when the browser asks. Ask the administrator if you have neither."),
    403: ("Not allowed for your role", "Your role lets you download reports, not make, mark, hide or upload them. "
                                       "Nothing was changed. Ask the administrator if you need to."),
    404: ("Page not found", "There is no such page or report here. It may have been moved, or the address was "
                            "typed or copied incompletely."),
    405: ("Not possible here", "This address cannot be used that way. Go back to the reports and use the buttons."),
    500: ("Something went wrong", "The page could not be shown because of an error in this program. Nothing was "
                                  "changed. Try again; if it happens again, tell the administrator the time it "
                                  "happened so they can find it in the log."),
}
REPORT_GONE = ("That report is no longer here", "The file of this report is not in the outputs folder any more: "
               "it may have been removed or moved by the administrator, or the link is from another machine. "
               "The reports that are here are listed on the first page.")


def error_page(status: int, headers: dict | None = None, kind: str = "") -> HTMLResponse:
    """The error page for a status (an unknown one says 'something went wrong'); it needs no app state.
    `kind="report"`: a report's file that is not there (404). A 401 page's way back is "Sign in"
    (/sign-in asks the browser for the password again, then goes to the reports)."""
    title, text = REPORT_GONE if kind == "report" else ERRORS.get(status, ERRORS[500])
    back = ("/sign-in", "Sign in") if status == 401 else ("/", "Back to the reports")
    page = _templates.get_template("error.html").render(title=title, text=text, status=status, back=back)
    return HTMLResponse(page, status_code=status, headers={**NO_STORE, **(headers or {})})


def not_found() -> Response:
    return error_page(404)


async def http_error(request: Request, error: HTTPException) -> Response:
    """Starlette's own refusals (no such route, wrong method) as the page's error pages."""
    return error_page(error.status_code if error.status_code in ERRORS else 404)


async def server_error(request: Request, error: Exception) -> Response:
    """Anything unexpected: a page without the details (those are in the log), never a traceback."""
    return error_page(500)
