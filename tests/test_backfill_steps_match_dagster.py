"""The administrator's backfill steps name the buttons of the Dagster UI that is installed (1.13:
"Materialize all…", "Materialize selected…", then "Launch backfill" or "Launch 1 run"), not those
of an older UI. The UI is the webserver's built JavaScript; the names are looked up in it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import PROJECT


def ui_text() -> str:
    webserver = pytest.importorskip("dagster_webserver")
    build = Path(webserver.__file__).parent / "webapp" / "build"
    return "\n".join(p.read_text("utf-8", "replace") for p in build.rglob("*.js"))


def test_the_backfill_steps_name_buttons_the_dagster_ui_has():
    guide = (PROJECT / "docs" / "administration.md").read_text("utf-8")
    steps = guide[guide.index("A missed month is filled in by a backfill"):guide.index("Sensor `dead_runs_marked_failed`")]
    named = [n for n in re.findall(r'"([^"]+)"', steps) if n.startswith(("Materialize", "Launch"))]
    assert {"Materialize all…", "Launch backfill", "Launch 1 run", "Materialize selected…"} <= set(named)
    text = ui_text()
    for button in named:
        label = button.rstrip("…")  # the UI adds "…" when the assets are partitioned (a dialog follows)
        assert f'"{label}' in text, button
