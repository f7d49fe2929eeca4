"""The benchmark reads the time of the report's one Dagster step and of each of the report's steps
inside it (their log lines) from a real run's event log; the page path's summary sets the page
against the report's own work plus one PDF. Nothing here is timed."""
from __future__ import annotations

import dagster as dg

from assets.runner import run_meeting_report
from benchmark.__main__ import step_times
from benchmark.page import PageRun, summary
from pipeline.publish.report_steps import STEPS
from pipeline.request import ReportRequest
from tests.conftest import BUNDLED_INPUTS


def test_the_report_steps_of_a_run_are_read_from_its_event_log(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.instance_for_test(temp_dir=str(home)) as instance:
        outcome = run_meeting_report(ReportRequest("StC38", None, pdf=False), BUNDLED_INPUTS, tmp_path / "out",
                                     instance=instance)
    assert outcome.success
    times = step_times(home, outcome.run_id)
    assert set(times) >= {"meeting_report_files", *(f"  {key}" for key, _ in STEPS)}
    assert sum(times[f"  {key}"] for key, _ in STEPS) <= times["meeting_report_files"]


def test_the_page_summary_names_its_parts_and_the_target():
    runs = [PageRun(6.0, 0.5, 2.5, 3.0, True), PageRun(8.0, 1.0, 3.0, 4.0, True), PageRun(1.0, 0, 0, 0, False, "x")]
    text = summary(runs, own_work=0.6, pdf=1.4)
    assert "median of 2: 7.00 s = queued 0.75 + process starting 2.75 + started to downloads 3.50" in text
    assert "= 2.00 s; page / that = 3.50 (target <= 2)" in text
