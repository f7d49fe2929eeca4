"""POST /imports and GET /imports/<file name>: a work programme's Word document (multipart upload,
at most MAX_UPLOAD_MB) read into a new workbook under outputs/imports/ for review, what was read
shown in the form's words, and that workbook downloaded by its exact name in the folder's listing."""
from __future__ import annotations

import re
import secrets
import tempfile
from datetime import datetime
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from pipeline.inputs.programme_workbook import import_programme, parse_years, summary_lines
from pipeline.inputs.word_programme import SAVE_AS_DOCX, WordProgrammeError
from portal.forms import (FIELD_ROOM, UnreadableUpload, UploadTooLarge, UploadTooSlow, has_form_key, read_upload,
                          too_slow)
from portal.rendering import not_found, render

IMPORTS_FOLDER = "imports"  # under the outputs folder: the workbooks read from uploaded work programmes
MAX_UPLOAD_MB = 20
MAX_UPLOAD = MAX_UPLOAD_MB * 1024 * 1024
MAX_BODY = MAX_UPLOAD + FIELD_ROOM  # the file and the few form fields around it
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORTED_NAME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{6}_[A-Za-z0-9_-]{1,60}\.xlsx$")
TOO_BIG = (f"The file is larger than {MAX_UPLOAD_MB} MB, so it was not read and nothing was written. A work "
           f"programme is usually far smaller: save it again without pictures, or ask the administrator.")


def import_page(request: Request, status: int = 200, problem: str = "", values: dict | None = None,
                lines: list[str] | None = None, written: str = "") -> HTMLResponse:
    return render(request, "import.html", status, problem=problem, import_values=values or {},
                  lines=lines or [], written=written, max_upload_mb=MAX_UPLOAD_MB)


async def import_upload(request: Request) -> Response:
    """The upload, read within the route's BodyCap (MAX_BODY); the import itself runs in a thread."""
    try:
        posted = await read_upload(request, "document", MAX_UPLOAD)
    except UploadTooLarge:
        return import_page(request, 413, TOO_BIG)
    except UploadTooSlow:
        return import_page(request, 408, too_slow())
    except UnreadableUpload:
        return import_page(request, 400, "The upload could not be read. Choose the Word document and press "
                                         "\"Import\" again.")
    values = {name: posted.fields.get(name, "") for name in ("programme", "title", "years")}
    if not has_form_key(posted.fields, request):
        return import_page(request, 400, "This page was out of date. Choose the Word document and press \"Import\" "
                                         "again.", values)
    if not posted.filename:
        return import_page(request, 400, "Choose the Word document (.docx) of the work programme to import.", values)
    if posted.data is None:
        return import_page(request, 413, TOO_BIG, values)
    return await run_in_threadpool(_import, request, posted.data, _upload_name(posted.filename), values)


def _import(request: Request, data: bytes, name: str, values: dict) -> Response:
    if not values["programme"]:
        return import_page(request, 400, "Give the programme an id, for example JWP 2015-2017: it is the id the "
                                         "rows get in programmes.xlsx.", values)
    if not name.lower().endswith(".docx"):
        return import_page(request, 400, f"{name} is not a Word document (.docx); {SAVE_AS_DOCX}.", values)
    years = None
    if values["years"]:
        try:
            years = parse_years(values["years"])
        except ValueError as error:
            return import_page(request, 400, f"Years: {error}. Leave it empty to take the years from the programme "
                                             f"id, the title or the timeframes.", values)
    imports = request.app.state.imports
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
                return import_page(request, 400, _staff_words(str(error)), values)
    lines = [_staff_words(line) for line in summary_lines(result) if not line.startswith("Written for review:")]
    return import_page(request, 200, "", values, lines, result.written.name)


def imported_path(request: Request) -> Path | None:
    """The workbook of outputs/imports/ named in the URL, looked up by its exact name in the folder's listing."""
    imports = request.app.state.imports
    name = request.path_params["name"]
    if not IMPORTED_NAME.match(name) or imports.is_symlink() or not imports.is_dir():
        return None
    listed = {p.name: p for p in imports.iterdir() if p.is_file() and not p.is_symlink()}
    path = listed.get(name)
    if path is None or path.resolve().parent != imports.resolve():
        return None
    return path


def import_download(request: Request) -> Response:
    """A workbook of outputs/imports/, looked up by its exact name in the folder's listing (no links)."""
    path = imported_path(request)
    if path is None:
        return not_found()
    name = path.name
    return FileResponse(path, media_type=XLSX_TYPE, filename=name, headers={"X-Content-Type-Options": "nosniff"})


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
