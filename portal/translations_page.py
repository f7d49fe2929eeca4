"""GET and POST /translations: the translator's loop on the staff page (issue 20), through the same
checks as `stc-report translations export|import` (pipeline/publish/translations.py does all of it).

  GET  /translations                     per language, how many staff texts lack a translation, the
                                         file to translate and the form for the translated one
  GET  /translations?download=fr         the XLIFF file of the texts French lacks
  POST /translations                     the translated XLIFF (multipart upload): checked, written into
                                         the inputs (the versions replaced kept), what was done shown
"""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from pipeline.inputs.translation_memory import LANGUAGE_NAMES
from pipeline.model import TRANSLATED_LANGUAGES
from pipeline.publish.translations import TranslationsRefused, export_translations, import_translations, \
    units_to_translate
from portal.access import who
from portal.forms import FIELD_ROOM, UnreadableUpload, UploadTooLarge, UploadTooSlow, has_form_key, read_upload, \
    too_slow
from portal.rendering import not_found, render

MAX_XLIFF_MB = 20
MAX_XLIFF = MAX_XLIFF_MB * 1024 * 1024
MAX_BODY = MAX_XLIFF + FIELD_ROOM
XLIFF_TYPE = "application/x-xliff+xml"


def _page(request: Request, status: int = 200, problem: str = "", done: str = "") -> Response:
    catalog = request.app.state.catalog
    try:
        lacking = {code: len(units_to_translate(catalog.inputs, code)) for code in TRANSLATED_LANGUAGES}
    except TranslationsRefused as refused:
        lacking, problem = {}, problem or str(refused)
    return render(request, "translations.html", status, problem=problem, done=done, lacking=lacking,
                  names=LANGUAGE_NAMES, max_mb=MAX_XLIFF_MB)


async def translations(request: Request) -> Response:
    """The page, or (?download=fr) the file to translate."""
    code = request.query_params.get("download", "")
    if not code:
        return await run_in_threadpool(_page, request)
    if code not in TRANSLATED_LANGUAGES:
        return not_found()
    catalog = request.app.state.catalog
    try:
        data, _ = await run_in_threadpool(export_translations, catalog.inputs, code)
    except TranslationsRefused as refused:
        return await run_in_threadpool(_page, request, 400, str(refused))
    return Response(data, media_type=XLIFF_TYPE, headers={
        "Content-Disposition": f'attachment; filename="stc-report-{code}.xlf"', "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store"})


async def translations_upload(request: Request) -> Response:
    """The translated file, read within the route's BodyCap, checked and written in a thread."""
    try:
        posted = await read_upload(request, "xliff", MAX_XLIFF)
    except UploadTooLarge:
        return await run_in_threadpool(_page, request, 413, f"The file is larger than {MAX_XLIFF_MB} MB, so it was "
                                                            f"not read. Nothing was changed.")
    except UploadTooSlow:
        return await run_in_threadpool(_page, request, 408, too_slow())
    except UnreadableUpload:
        return await run_in_threadpool(_page, request, 400, "The upload could not be read. Choose the translated "
                                                            "file and press \"Upload\" again.")
    if not has_form_key(posted.fields, request):
        return await run_in_threadpool(_page, request, 400, "This page was out of date, so nothing was changed. "
                                                            "Choose the file and press \"Upload\" again.")
    if not posted.filename or posted.data is None:
        return await run_in_threadpool(_page, request, 400, "Choose the translated XLIFF file (.xlf) to upload.")
    catalog = request.app.state.catalog
    name = posted.filename.replace("\\", "/").rsplit("/", 1)[-1][:120]
    try:
        result = await run_in_threadpool(import_translations, catalog.inputs, catalog.outputs, posted.data,
                                         who(request), name)
    except TranslationsRefused as refused:
        return await run_in_threadpool(_page, request, 400, str(refused))
    return await run_in_threadpool(_page, request, 400 if result.refused else 200, "", result.summary())
