"""The staff page's "The input workbooks": each workbook's current version to download, a new version
uploaded (checked with the other inputs exactly as `stc-report validate` checks them, refused with the
same listing, or installed with the previous version kept), its history with each version's download
and "Restore this version", and an imported work programme added to programmes.xlsx. Every change is
recorded with who made it and when (pipeline/publish/input_store.py does all of it)."""
from __future__ import annotations

from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from pipeline.inputs.programme_workbook import add_to_programmes, read_programme_workbook
from pipeline.inputs.word_programme import WordProgrammeError
from pipeline.publish import input_store as store
from portal.access import who
from portal.catalog import moment_text
from portal.forms import (FIELD_ROOM, UnreadableUpload, UploadTooLarge, UploadTooSlow, has_form_key, read_form,
                          read_upload, text, too_slow)
from portal.rendering import not_found

MAX_BODY = store.MAX_WORKBOOK_BYTES + FIELD_ROOM
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TOO_BIG = (f"The file is larger than {store.MAX_WORKBOOK_MB} MB, so it was not read. Nothing was changed. An input "
           f"workbook is usually far smaller: check that it is the right file.")


@dataclass(frozen=True)
class WorkbookView:
    name: str
    current: str  # its checksum, '' when missing
    size: int
    versions: list  # store.Version, newest first


def workbook_views(catalog) -> list[WorkbookView]:
    views = []
    for name in store.WORKBOOK_FILES:
        path = catalog.inputs / name
        views.append(WorkbookView(name, store.current_checksum(catalog.inputs, name),
                                  path.stat().st_size if path.is_file() else 0, store.history(catalog.outputs, name)))
    return views


def _back(name: str) -> RedirectResponse:
    """To the staff page, which then says which version was installed, by whom and when."""
    return RedirectResponse(f"/?installed={name}#input-{name.split('.')[0]}", status_code=303)


def installed_message(catalog, name: str) -> str:
    """'meeting_log.xlsx: new version 1a2b3c4d replaced by amina on 6 December 2026, 21:40 (…).' for
    the newest version in the workbook's history; '' for a name that is not an input workbook."""
    if name not in store.WORKBOOK_FILES:
        return ""
    versions = store.history(catalog.outputs, name)
    if not versions:
        return ""
    v = versions[0]
    note = f" ({v.note})" if v.note else ""
    return f"{name}: version {v.short} {v.action} by {v.by} on {moment_text(v.at)}{note}; it is used from the next report on."


async def _refused(request: Request, message: str, status: int = 400) -> Response:
    from portal.pages import index_page

    return await run_in_threadpool(index_page, request, message, status)


def input_download(request: Request) -> Response:
    """GET /inputs/<name>: the current version; /inputs/<name>/<checksum>: a kept one of its history."""
    catalog = request.app.state.catalog
    name, version = request.path_params["name"], request.path_params.get("version", "")
    if name not in store.WORKBOOK_FILES:
        return not_found()
    if version:
        if not any(v.checksum == version for v in store.history(catalog.outputs, name)):
            return not_found()
        path, filename = store.kept_path(catalog.outputs, version), f"{name[:-5]}-{version[:store.SHORT]}.xlsx"
    else:
        path, filename = catalog.inputs / name, name
    if path is None or not path.is_file() or path.is_symlink():
        return not_found()
    return FileResponse(path, media_type=XLSX_TYPE, filename=filename, headers={"X-Content-Type-Options": "nosniff"})


async def input_upload(request: Request) -> Response:
    """POST /inputs/<name>: a new version, read within the route's BodyCap, checked and installed in a thread."""
    name = request.path_params["name"]
    if name not in store.WORKBOOK_FILES:
        return not_found()
    try:
        posted = await read_upload(request, "workbook", store.MAX_WORKBOOK_BYTES)
    except UploadTooLarge:
        return await _refused(request, TOO_BIG, 413)
    except UploadTooSlow:
        return await _refused(request, too_slow(), 408)
    except UnreadableUpload:
        return await _refused(request, f"The upload could not be read. Choose the new {name} and press \"Upload\" again.")
    if not has_form_key(posted.fields, request):
        return await _refused(request, "This page was out of date, so nothing was changed. Choose the file and press "
                                       "\"Upload\" again.")
    if not posted.filename:
        return await _refused(request, f"Choose the new version of {name} (an .xlsx file) to upload.")
    if posted.data is None:
        return await _refused(request, TOO_BIG, 413)
    catalog = request.app.state.catalog
    try:
        await run_in_threadpool(store.replace_input, catalog.inputs, catalog.outputs, name, posted.data, who(request),
                                f"uploaded as {_shown(posted.filename)}")
    except store.InputsRefused as refused:
        return await _refused(request, str(refused))
    return _back(name)


async def input_restore(request: Request) -> Response:
    """POST /inputs/<name>/restore: a kept version installed again (checked as any new one)."""
    name = request.path_params["name"]
    form = await read_form(request)
    if name not in store.WORKBOOK_FILES:
        return not_found()
    if not has_form_key(form, request):
        return await _refused(request, "This page was out of date, so nothing was changed. Press the button again.")
    catalog = request.app.state.catalog
    try:
        await run_in_threadpool(store.restore_input, catalog.inputs, catalog.outputs, text(form, "version"),
                                who(request), name)
    except store.InputsRefused as refused:
        return await _refused(request, str(refused))
    return _back(name)


async def import_add(request: Request) -> Response:
    """POST /imports/<file name>/add: an imported programme's rows added to programmes.xlsx, through the
    same check and history as an upload."""
    from portal.import_page import imported_path, import_page

    form = await read_form(request)
    path = imported_path(request)
    if path is None:
        return not_found()
    if not has_form_key(form, request):
        return import_page(request, 400, "This page was out of date, so nothing was changed. Import the document "
                                         "again.")
    catalog = request.app.state.catalog

    def add() -> store.Version:
        rows, review = read_programme_workbook(path)
        return store.install_edited(catalog.inputs, catalog.outputs, "programmes.xlsx",
                                    lambda folder: add_to_programmes(folder, rows, review), who(request),
                                    note=f"{rows['Programmes'][0].get('id', '')} imported from Word ({path.name})")

    try:
        await run_in_threadpool(add)
    except (store.InputsRefused, WordProgrammeError) as refused:
        message = str(refused).replace("with --programme", "").replace(" with --into", "")
        return import_page(request, 400, message, written=path.name)
    return _back("programmes.xlsx")


def _shown(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in name if c.isprintable()).strip()[:120] or "a file"
