"""The portal's web app: the meetings and their reports, the form that starts a run, the run's
progress, and the downloads. Server-rendered HTML (Jinja2, escaped) with a little script.

Routes (handlers in portal/pages.py, portal/launch.py and portal/import_page.py):
  GET  /                                  meetings, the official (or newest) report first, the form, the monthly history
  POST /runs                              start the meeting job in Dagster (validated, once per meeting and date;
                                          a date that would mislead needs the "intended" tick, as_of_intended=yes)
  GET  /runs/<run id>                     follows the run step by step, then offers the downloads or says what went wrong
  GET  /api/runs/<run id>                 the run's state and steps as JSON, for the page's script
  GET  /reports/<meeting>/<folder>/<kind> a recorded file (docx, xlsx, pdf), by identifiers only
  POST /choices                           mark a report as sent to the Committee (a confirmation page first,
                                          naming the report it replaces), hide or restore it; then the page
                                          says what was done, by whom and when
  GET  /sign-in                           the way back from the 401 page: asks for the password, then the reports
  GET  /history/<YYYY-MM>                 one monthly status snapshot, as a table
  GET  /meetings/<code>/status            status at a glance: every activity, counts per theme and species
  POST /imports                           a work programme's Word document (multipart upload) read into a new
                                          workbook under outputs/imports/, for review; shows what was read
  GET  /imports/<file name>               such a workbook, looked up by its exact name in that folder's listing
  POST /imports/<file name>/add           its rows added to programmes.xlsx (checked, the previous version kept)
  GET  /inputs/<workbook>[/<checksum>]    an input workbook: its current version, or a kept one of its history
  POST /inputs/<workbook>                 a new version (multipart upload), checked with the other inputs as
                                          `stc-report validate` checks them, refused or installed
  POST /inputs/<workbook>/restore         a kept version installed again (checked the same way)
  GET  /translations[?download=<lang>]    the staff texts each language lacks; the XLIFF file to translate
  POST /translations                      the translated XLIFF, checked and written into the inputs
                                          (portal/translations_page.py)

Staff read no Dagster words here: a run's steps are named as staff know them, and a small
"technical details" link leads the administrator to the run in Dagster. Errors (401, 404,
500) are pages with a way back. Access (portal/access.py): named people from the users file or the
single sign-on proxy's header, roles officer and reader; or the one shared token; or none on this
machine only.
"""
from __future__ import annotations

import secrets

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Route

from portal import import_page, inputs_page, launch, pages, translations_page
from portal.access import AccessGate, SingleSignOn
from portal.catalog import Catalog
from portal.dagster_link import DagsterLink
from portal.forms import BodyCap
from portal.import_page import IMPORTS_FOLDER, MAX_BODY
from portal.rendering import http_error, server_error
from portal.users import Users

ROUTES = [
    Route("/", pages.index, methods=["GET"]),
    Route("/runs", launch.launch, methods=["POST"]),
    Route("/runs/{run_id}", pages.run_page, methods=["GET"]),
    Route("/api/runs/{run_id}", pages.run_status, methods=["GET"]),
    Route("/reports/{meeting}/{folder}/{kind}", pages.download, methods=["GET"]),
    Route("/choices", pages.choose, methods=["POST"]),
    Route("/sign-in", pages.sign_in, methods=["GET"]),
    Route("/history/{month}", pages.snapshot_page, methods=["GET"]),
    Route("/meetings/{code}/status", pages.status_page, methods=["GET"]),
    Route("/imports", import_page.import_upload, methods=["POST"], middleware=[Middleware(BodyCap, limit=MAX_BODY)]),
    Route("/imports/{name}", import_page.import_download, methods=["GET"]),
    Route("/imports/{name}/add", inputs_page.import_add, methods=["POST"]),
    Route("/inputs/{name}", inputs_page.input_download, methods=["GET"]),
    Route("/inputs/{name}", inputs_page.input_upload, methods=["POST"],
          middleware=[Middleware(BodyCap, limit=inputs_page.MAX_BODY)]),
    Route("/inputs/{name}/restore", inputs_page.input_restore, methods=["POST"]),
    Route("/inputs/{name}/{version}", inputs_page.input_download, methods=["GET"]),
    Route("/translations", translations_page.translations, methods=["GET"]),
    Route("/translations", translations_page.translations_upload, methods=["POST"],
          middleware=[Middleware(BodyCap, limit=translations_page.MAX_BODY)]),
]


def create_app(catalog: Catalog, dagster: DagsterLink, token: str = "", users: Users | None = None,
               sso: SingleSignOn | None = None) -> Starlette:
    """The app over these folders (the catalog's inputs and outputs) and this Dagster; with a token, a
    users file or single sign-on, every request needs a person it names (portal/access.py). The
    handlers find all of this on `request.app.state`."""
    app = Starlette(routes=ROUTES, exception_handlers={HTTPException: http_error, Exception: server_error},
                    middleware=[Middleware(AccessGate, token=token, users=users, sso=sso)])
    app.state.catalog = catalog
    app.state.dagster = dagster
    app.state.token = token
    app.state.form_key = secrets.token_urlsafe(16)  # in every form: a form from elsewhere starts nothing
    app.state.imports = catalog.outputs / IMPORTS_FOLDER
    return app
