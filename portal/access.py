"""Who may use the page, who did, and what their role lets them do: a middleware that names the
person behind every request, and the name recorded beside a choice such as "sent to the Committee".

A person is recognised, in this order, by
  1. the organisation's single sign-on: a reverse proxy that signed them in passes their name in a
     header (settings.sso_header()); that header is believed only on a request that comes from one
     of the proxy's addresses (settings.sso_proxies()), never from anyone else;
  2. their user name and password from the users file (portal/users.py), as HTTP basic
     authentication, which the browser asks for itself;
  3. the shared access token (settings.portal_token()), as `Authorization: Bearer <token>` or as
     the password of basic authentication: for a single-user machine; such a person is an officer.
With none of these configured the page is open (this machine only, see portal/server.py) and a
choice is recorded as "staff at" the address. Roles: "officer" may do everything, "reader" may
only look and download; a reader's POST is refused with a 403 page.
"""
from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
from dataclasses import dataclass, field

from starlette.requests import Request

from portal.rendering import error_page
from portal.users import OFFICER, Person, Users

REALM = "Standing Committee reports"


@dataclass(frozen=True)
class SingleSignOn:
    """The trusted header of the reverse proxy, and the addresses the proxy connects from."""

    header: str
    proxies: tuple = field(default_factory=tuple)  # ipaddress networks

    @classmethod
    def from_settings(cls, header: str, proxies: str) -> "SingleSignOn | None":
        """None when no header is set; ValueError (plain words) for an address that is not one."""
        if not header.strip():
            return None
        networks = []
        for item in proxies.replace(";", ",").split(","):
            if item.strip():
                try:
                    networks.append(ipaddress.ip_network(item.strip(), strict=False))
                except ValueError:
                    raise ValueError(f"'{item.strip()}' in the single sign-on proxies is not an address "
                                     f"(e.g. 127.0.0.1 or 10.0.0.0/24).") from None
        if not networks:
            raise ValueError("Single sign-on needs the proxy's addresses, so that the header is believed only "
                             "from the proxy.")
        return cls(header.strip().lower(), tuple(networks))

    def trusts(self, client: str) -> bool:
        try:
            address = ipaddress.ip_address(client)
        except ValueError:
            return False
        return any(address in network for network in self.proxies)


def _basic(headers: dict) -> tuple[str, str] | None:
    scheme, _, credentials = headers.get(b"authorization", b"").partition(b" ")
    if scheme.lower() != b"basic":
        return None
    try:
        name, _, password = base64.b64decode(credentials.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, ValueError):
        return None
    return name.strip(), password


def _bearer(headers: dict) -> str:
    scheme, _, credentials = headers.get(b"authorization", b"").partition(b" ")
    return credentials.strip().decode("latin-1") if scheme.lower() == b"bearer" else ""


class AccessGate:
    """Names the person behind every request (scope["state"]["person"]); refuses one it cannot name
    when access is configured (401, with the browser's password prompt), and a reader's change (403)."""

    def __init__(self, app, token: str = "", users: Users | None = None, sso: SingleSignOn | None = None):
        self.app = app
        self.token = token
        self.users = users
        self.sso = sso

    def person(self, scope) -> Person | None:
        headers = dict(scope["headers"])
        client = scope["client"][0] if scope.get("client") else ""
        if self.sso and self.sso.trusts(client):
            name = headers.get(self.sso.header.encode(), b"").decode("utf-8", "replace").strip()[:80]
            if name:
                return Person(name, (self.users.role_of(name) if self.users else None) or "reader")
        basic = _basic(headers)
        if basic and self.users:
            found = self.users.check(*basic)
            if found:
                return found
        if self.token:
            given = basic[1] if basic else _bearer(headers)
            if hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode()):
                return Person(basic[0] if basic and basic[0] else "staff", OFFICER)
            return None
        if self.users or self.sso:
            return None
        return Person(f"staff at {client}" if client else "staff", OFFICER)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        person = self.person(scope)
        if person is None:
            challenge = {"WWW-Authenticate": f'Basic realm="{REALM}", charset="UTF-8"'} if (
                self.token or self.users) else {}
            await error_page(401, challenge)(scope, receive, send)
            return
        if scope["method"] not in ("GET", "HEAD") and not person.may_change:
            await error_page(403)(scope, receive, send)
            return
        scope.setdefault("state", {})["person"] = person
        await self.app(scope, receive, send)


def person(request: Request) -> Person:
    """The person the gate named (an app built without the gate: an officer known by address)."""
    found = request.scope.get("state", {}).get("person")
    if found is None:
        host = request.client.host if request.client else ""
        return Person(f"staff at {host}" if host else "staff", OFFICER)
    return found


def who(request: Request) -> str:
    """Who made a choice, as recorded: the person's name ('staff at 127.0.0.1' on an open page)."""
    return person(request).name


def may_change(request: Request) -> bool:
    """Whether the page offers this person the buttons that change something."""
    return person(request).may_change
