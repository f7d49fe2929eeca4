"""The Dagster instance's home folder: where runs, events and schedules are recorded.

`dagster dev`, the command line and the staff page share one DAGSTER_HOME so that every
run shows in one history. Default: `.dagster_home/` in the folder the command runs from.
"""
from __future__ import annotations

import os
from pathlib import Path

SETTINGS = "telemetry:\n  enabled: false\n"


def prepare_dagster_home() -> Path:
    """Create DAGSTER_HOME (with telemetry off) if it is missing, and point the environment at it."""
    home = Path(os.environ.get("DAGSTER_HOME") or Path.cwd() / ".dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    settings = home / "dagster.yaml"
    if not settings.exists():
        settings.write_text(SETTINGS, "utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    return home
