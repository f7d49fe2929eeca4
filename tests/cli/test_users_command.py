"""`stc-report users add NAME --role officer`: named people for the staff page, passwords hashed
(Argon2id) in the users file that settings name (STC_USERS_FILE), never stored in clear."""
from __future__ import annotations

import json

import pytest

from cli.main import main
from pipeline import settings
from portal.access import SingleSignOn
from portal.server import bind_problem
from portal.users import Users


@pytest.fixture
def users_file(tmp_path, monkeypatch):
    path = tmp_path / "staff" / "users.json"
    monkeypatch.setenv(settings.USERS_FILE, str(path))
    return path


def typed(monkeypatch, *answers: str) -> None:
    given = iter(answers)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(given))


def test_an_officer_is_added_with_a_hashed_password_and_can_sign_in(users_file, monkeypatch, capsys):
    typed(monkeypatch, "correct horse", "correct horse")
    assert main(["users", "add", "amina", "--role", "officer"]) == 0
    assert "Added amina: officer" in capsys.readouterr().out
    stored = users_file.read_text("utf-8")
    assert "correct horse" not in stored
    assert json.loads(stored)["users"]["amina"]["password"].startswith("$argon2id$")
    assert oct(users_file.stat().st_mode)[-3:] == "600"
    users = Users(users_file)
    assert users.check("amina", "correct horse").role == "officer"
    assert users.check("amina", "wrong horse") is None

    assert main(["users", "add", "ben", "--role", "reader", "--sso-only"]) == 0
    assert main(["users", "list"]) == 0
    listed = capsys.readouterr().out
    assert "amina\tofficer\tpassword" in listed and "ben\treader\tsingle sign-on only" in listed
    assert users.role_of("ben") == "reader" and users.check("ben", "") is None  # re-read after the change


def test_a_mistyped_or_short_password_changes_nothing(users_file, monkeypatch, capsys):
    typed(monkeypatch, "long enough 1", "long enough 2")
    assert main(["users", "add", "amina", "--role", "officer"]) == 2
    assert "differ" in capsys.readouterr().err and not users_file.exists()
    typed(monkeypatch, "short", "short")
    assert main(["users", "add", "amina", "--role", "officer"]) == 2
    assert "at least 8 characters" in capsys.readouterr().err and not users_file.exists()
    with pytest.raises(SystemExit):
        main(["users", "add", "amina", "--role", "admin"])  # only officer and reader


def test_the_settings_name_the_users_file_and_single_sign_on():
    assert settings.users_file({}) == settings.PROJECT_ROOT / "users.json"
    assert str(settings.users_file({"STC_USERS_FILE": "/srv/users.json"})) == "/srv/users.json"
    assert settings.sso_header({"STC_SSO_HEADER": " X-Remote-User "}) == "X-Remote-User"
    assert SingleSignOn.from_settings("", "127.0.0.1") is None
    with pytest.raises(ValueError, match="proxy's addresses"):
        SingleSignOn.from_settings("X-Remote-User", "")  # never believed from anyone
    with pytest.raises(ValueError, match="not an address"):
        SingleSignOn.from_settings("X-Remote-User", "proxy.example.org")
    rule = SingleSignOn.from_settings("X-Remote-User", "10.0.0.5, 10.0.1.0/24")
    assert rule.trusts("10.0.0.5") and rule.trusts("10.0.1.77") and not rule.trusts("10.0.0.6")
    assert bind_problem("0.0.0.0", "", False, named_people=True) == ""  # named people protect it as a token does
