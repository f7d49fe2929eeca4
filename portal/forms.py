"""Reading what the page's forms post, with Starlette's own parsing (python-multipart) and limits
that fit the page: a few fields, one uploaded file at most, and a cap on the upload counted as it
arrives, so that an oversized or endless upload is refused without being stored first."""
from __future__ import annotations

import asyncio
import hmac
import time
from collections.abc import Mapping
from dataclasses import dataclass

from starlette.datastructures import FormData, Headers, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request

MAX_FIELDS = 10  # the page's forms have fewer; more is not a form this page sent
FIELD_ROOM = 64 * 1024  # bytes for the few text fields beside an uploaded file, and for any one of them


async def read_form(request: Request) -> FormData:
    """The posted fields of a form without files; empty when the body is not such a form (too many
    fields, a file, garbled), which the form key check then refuses."""
    try:
        return await request.form(max_files=0, max_fields=MAX_FIELDS, max_part_size=FIELD_ROOM)
    except HTTPException:
        return FormData()


def text(form: Mapping, name: str) -> str:
    """A text field, stripped; '' when absent or when a file was sent under that name."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def ticked(form: FormData, name: str) -> list[str]:
    """Every value of a field given several times (ticked boxes), blank ones left out."""
    return [value for value in form.getlist(name) if isinstance(value, str) and value]


def has_form_key(form: Mapping, request: Request) -> bool:
    """The form came from this running page (its hidden form_key), not from elsewhere or an old tab."""
    return hmac.compare_digest(text(form, "form_key").encode(), request.app.state.form_key.encode())


class UploadTooLarge(Exception):
    """The request's body is larger than its route accepts."""


UPLOAD_SECONDS = 60.0  # the whole body of an upload must arrive within this; a trickling one is cut off


class UploadTooSlow(Exception):
    """The request's body did not arrive whole within UPLOAD_SECONDS."""


def too_slow() -> str:
    """The refusal of an upload cut off by UPLOAD_SECONDS, in plain words."""
    return (f"The file took longer than {UPLOAD_SECONDS:g} seconds to arrive, so it was not read. Nothing was "
            f"changed. Try again from a steadier connection.")


class BodyCap:
    """A route's middleware: the body may be at most `limit` bytes, declared (Content-Length) or
    counted as it arrives (chunked, no length), and must arrive whole within UPLOAD_SECONDS of the
    request (a client sending a little at a time, or nothing, would hold the page's memory and a
    connection for ever). Reading past either raises UploadTooLarge or UploadTooSlow where the
    handler reads the body, so the handler answers with its own page."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        too_big = declared.isdigit() and int(declared) > self.limit
        size = 0
        deadline = time.monotonic() + UPLOAD_SECONDS

        async def counted():
            nonlocal size
            if too_big:
                raise UploadTooLarge
            left = deadline - time.monotonic()
            if left <= 0:
                raise UploadTooSlow
            try:
                message = await asyncio.wait_for(receive(), left)
            except asyncio.TimeoutError:
                raise UploadTooSlow from None
            if message["type"] == "http.request" and message.get("more_body") and time.monotonic() > deadline:
                raise UploadTooSlow
            if message["type"] == "http.request":
                size += len(message.get("body", b""))
                if size > self.limit:
                    raise UploadTooLarge
            return message

        await self.app(scope, counted, send)


class UnreadableUpload(Exception):
    """The upload is not a form this page sent (garbled, more fields or files than it has)."""


@dataclass
class PostedFile:
    """A form with one file: its text fields (stripped), the file's name as the browser sent it
    ('' when none was chosen) and its content (None when larger than allowed)."""

    fields: dict[str, str]
    filename: str
    data: bytes | None


async def read_upload(request: Request, file_field: str, max_file: int) -> PostedFile:
    """The multipart form of a route capped by BodyCap. Raises UploadTooLarge (also when a garbled
    body turns out too large), UploadTooSlow or UnreadableUpload."""
    try:
        async with request.form(max_files=1, max_fields=MAX_FIELDS, max_part_size=FIELD_ROOM) as form:
            fields = {name: value.strip() for name, value in form.multi_items() if isinstance(value, str)}
            upload = form.get(file_field)
            if not isinstance(upload, UploadFile) or not (upload.filename or "").strip():
                return PostedFile(fields, "", None)
            if upload.size is not None and upload.size > max_file:
                return PostedFile(fields, upload.filename, None)
            return PostedFile(fields, upload.filename, await upload.read())
    except HTTPException:  # python-multipart could not read it; still refuse a garbled body by its size first
        await _read_to_the_end(request)
        raise UnreadableUpload from None


async def _read_to_the_end(request: Request) -> None:
    """Read what is left of the body (counted by BodyCap, which raises UploadTooLarge past its limit)."""
    try:
        async for _ in request.stream():
            pass
    except (RuntimeError, ClientDisconnect):  # already read to its end, or the browser gave up
        pass
