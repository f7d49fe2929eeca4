"""The Dagster home this product prepares looks for queued runs every second, so that a report
asked for on an idle machine starts at once (issue 19, point 2); a home it prepared earlier is
brought up to date, and a dagster.yaml written by an administrator is left as it is."""
from __future__ import annotations

import dagster as dg

from assets.instance import EARLIER_SETTINGS, prepare_dagster_home


def _coordinator(home):
    with dg.DagsterInstance.from_config(str(home)) as instance:
        return instance.run_coordinator


def test_a_fresh_home_dequeues_every_second(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "fresh"))
    home = prepare_dagster_home()
    coordinator = _coordinator(home)
    assert type(coordinator).__name__ == "QueuedRunCoordinator" and coordinator.dequeue_interval_seconds == 1


def test_an_earlier_home_is_updated_and_an_administrators_file_is_not(tmp_path, monkeypatch):
    earlier, own = tmp_path / "earlier", tmp_path / "own"
    for home, text in ((earlier, EARLIER_SETTINGS), (own, EARLIER_SETTINGS + "# mine\n")):
        home.mkdir()
        (home / "dagster.yaml").write_text(text, "utf-8")
        monkeypatch.setenv("DAGSTER_HOME", str(home))
        prepare_dagster_home()
    assert _coordinator(earlier).dequeue_interval_seconds == 1
    assert (own / "dagster.yaml").read_text("utf-8") == EARLIER_SETTINGS + "# mine\n"
