"""Named people and their roles: the users file, read and written only here.

One small JSON file (its path: settings.users_file(), STC_USERS_FILE), written whole and readable
by its owner only. Each user has a role, "officer" (make reports, mark, hide, upload inputs) or
"reader" (download only), and a password hashed with Argon2id (argon2-cffi, the reference
implementation's maintained binding); a user who signs in through the organisation's single
sign-on may have no password here and is listed only for their role. Passwords are never stored
or logged in clear. The file is read again when it changes, so `stc-report users add` takes effect
without restarting the page.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

FORMAT = "stc-report-users"
OFFICER, READER = "officer", "reader"
ROLES = {OFFICER: "make reports, mark or hide them, upload inputs; download",
         READER: "download reports only"}
_hasher = PasswordHasher()


class UsersFileError(ValueError):
    """The users file cannot be used, or a user cannot be added; the message is for the person."""


@dataclass(frozen=True)
class Person:
    """Who is using the page, and what their role lets them do."""

    name: str
    role: str

    @property
    def may_change(self) -> bool:
        return self.role == OFFICER


def _valid_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 80 or any(c in name for c in ":\r\n\t") or not name.isprintable():
        raise UsersFileError(f"'{name}' cannot be a user name: 1 to 80 characters, without ':' or line breaks.")
    return name


def read_users(path: Path) -> dict[str, dict]:
    """name -> {"role", "password"}; {} when the file does not exist. UsersFileError when unreadable."""
    path = Path(path)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise UsersFileError(f"The users file {path} cannot be read: {error}.") from None
    users = data.get("users") if isinstance(data, dict) else None
    if not isinstance(users, dict):
        raise UsersFileError(f"The users file {path} is not a users file of this product (no \"users\").")
    return {str(name): {"role": u.get("role") if u.get("role") in ROLES else READER,
                        "password": str(u.get("password") or "")}
            for name, u in users.items() if isinstance(u, dict)}


def add_user(path: Path, name: str, role: str, password: str = "") -> bool:
    """Add a user (or change their role and password); True when they were new. An empty password:
    a user who signs in only through single sign-on."""
    name = _valid_name(name)
    if role not in ROLES:
        raise UsersFileError(f"'{role}' is not a role; the roles are {', '.join(ROLES)}.")
    if password and len(password) < 8:
        raise UsersFileError("A password needs at least 8 characters.")
    path = Path(path)
    users = read_users(path)
    new = name not in users
    users[name] = {"role": role, "password": _hasher.hash(password) if password else ""}
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=".users-", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"format": FORMAT, "version": 1, "users": users}, out, indent=2, ensure_ascii=False)
        os.chmod(partial, 0o600)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return new


class Users:
    """The users file as the page uses it: re-read when it changes; a password checked once per
    process (Argon2 is slow on purpose, and a browser sends the password with every request)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._users: dict[str, dict] = {}
        self._checked: dict[tuple[str, bytes], str] = {}  # (name, digest of the password) -> the hash it matched

    def _current(self) -> dict[str, dict]:
        try:
            stat = self.path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = None
        with self._lock:
            if stamp != self._stamp:
                self._users = read_users(self.path) if stamp else {}
                self._stamp = stamp
                self._checked.clear()
            return self._users

    def __bool__(self) -> bool:
        return bool(self._current())

    def role_of(self, name: str) -> str | None:
        user = self._current().get(name)
        return user["role"] if user else None

    def check(self, name: str, password: str) -> Person | None:
        """The person when the password is theirs, else None."""
        user = self._current().get(name)
        if not user or not user["password"] or not password:
            return None
        key = (name, hashlib.sha256(password.encode("utf-8", "surrogatepass")).digest())
        if self._checked.get(key) != user["password"]:
            try:
                _hasher.verify(user["password"], password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return None
            with self._lock:
                self._checked[key] = user["password"]
        return Person(name, user["role"])
