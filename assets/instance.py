"""The Dagster instance's home folder: where runs, events and schedules are recorded.

`dagster dev`, the command line and the staff page share one DAGSTER_HOME so that every
run shows in one history. Default: `.dagster_home/` in the folder the command runs from.

A fresh home is initialised once, even when several runs start at the same moment:
the first process to take the exclusive lock on `DAGSTER_HOME/.stc-init.lock` writes
`dagster.yaml` (when missing), opens the instance so that Dagster creates and stamps
its storage (SQLite databases, or the PostgreSQL tables of deploy/dagster.yaml), and
leaves `.stc-initialised`; the others wait for the lock, find the marker and go on.
Without it, concurrent first runs race on creating the same tables and can leave the
home unusable ("alembic_version has more than one head").
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path

# Telemetry off, and the UI's onboarding pop-up ("Join the Dagster community") off: staff and
# administrators open the UI to follow runs, not to be greeted. Runs queued as `dagster dev` queues
# them, but looked for every second rather than every 5 (Dagster's default), so that a report asked
# for on an idle machine does not wait seconds "for its turn".
EARLIER_SETTINGS = "telemetry:\n  enabled: false\nnux:\n  enabled: false\n"
SETTINGS = EARLIER_SETTINGS + ("run_coordinator:\n  module: dagster.core.run_coordinator\n"
                               "  class: QueuedRunCoordinator\n  config:\n    dequeue_interval_seconds: 1\n")
LOCK = ".stc-init.lock"
MARKER = ".stc-initialised"


def dagster_home() -> Path:
    return Path(os.environ.get("DAGSTER_HOME") or Path.cwd() / ".dagster_home").resolve()


def prepare_dagster_home() -> Path:
    """Create and initialise DAGSTER_HOME (telemetry off) once, and point the environment at it."""
    home = dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(home)
    _update_settings(home / "dagster.yaml")
    if (home / MARKER).is_file():
        return home
    with open(home / LOCK, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or the process dies
        if not (home / MARKER).is_file():
            settings = home / "dagster.yaml"
            if not settings.exists():
                settings.write_text(SETTINGS, "utf-8")
            _create_storage(home)
            (home / MARKER).write_text("initialised by the stc-report product\n", "utf-8")
    return home


def _update_settings(settings: Path) -> None:
    """A home this product initialised with its earlier settings gets the current ones; a dagster.yaml
    an administrator wrote or changed is left alone."""
    try:
        if settings.read_text("utf-8") == EARLIER_SETTINGS:  # replaced whole: a process reading it sees one or the other
            fresh = settings.with_name(f".dagster.yaml.{os.getpid()}")
            fresh.write_text(SETTINGS, "utf-8")
            fresh.replace(settings)
    except OSError:
        pass


def _create_storage(home: Path) -> None:
    """Open the instance and each of its storages once: Dagster creates and migrates them on first use."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(home)) as instance:
        instance.run_storage.has_run("0")  # each touch creates that storage's tables when missing
        instance.event_log_storage.get_asset_records()
        if instance.schedule_storage is not None:
            instance.schedule_storage.all_instigator_state()
