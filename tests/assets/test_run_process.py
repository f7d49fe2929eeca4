"""What a run's process does to cost less (issue 9, part 4): the checks evaluated in their assets'
steps, the garbage collector relaxed,
and the definitions loaded without the writers."""
from __future__ import annotations

import gc
import subprocess
import sys

import dagster as dg
import pytest

from assets.runner import run_meeting_report
from pipeline.request import ReportRequest
from pipeline.settings import RUN_GC_THRESHOLD
from tests.conftest import BUNDLED_INPUTS, PROJECT


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    threshold = gc.get_threshold()
    with dg.instance_for_test() as test_instance:
        yield test_instance
    gc.set_threshold(*threshold)


def test_the_checks_run_in_their_assets_steps_and_are_still_recorded(tmp_path, instance):
    outcome = run_meeting_report(ReportRequest("StC38", None, pdf=False), BUNDLED_INPUTS, tmp_path, instance=instance)
    assert outcome.success
    steps = {e.step_key for e in instance.all_logs(outcome.run_id) if e.step_key}
    assert steps == {"meeting_report_files"}  # the whole report in one step: no value handed between steps
    for asset, check in (("published_report", "inputs_have_no_data_issues"),
                         ("published_report", "timeframes_recognised"),
                         ("published_report", "activities_needing_attention"),
                         ("pdf_document", "pdf_written")):
        records = instance.event_log_storage.get_asset_check_execution_history(
            dg.AssetCheckKey(dg.AssetKey(asset), check), limit=1)
        assert records and records[0].run_id == outcome.run_id, check
    assert gc.get_threshold() == RUN_GC_THRESHOLD  # the run's process collects less often


def test_loading_the_definitions_does_not_load_the_writers():
    script = ("import sys, assets.definitions; "
              "print(sorted(m for m in ('docx', 'openpyxl', 'pipeline.word.document', 'pipeline.excel.workbook') "
              "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "[]", done.stderr[-2000:]
