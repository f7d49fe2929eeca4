"""Who may use the page and who did: the access token on every request (a middleware), and the
name recorded beside a choice such as "sent to the Committee"."""
from __future__ import annotations

import base64
import binascii
import hmac

from starlette.requests import Request

from portal.rendering import error_page

REALM = "Standing Committee reports"


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


def who(request: Request) -> str:
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
    if request.app.state.token:
        return "staff"
    return f"staff at {request.client.host}" if request.client else "staff"
