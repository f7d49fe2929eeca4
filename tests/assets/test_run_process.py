"""What a run's process does to cost less (issue 9, part 4): the checks evaluated in their assets'
steps, the inputs the command line has read not read again, the garbage collector relaxed,
and the definitions loaded without the writers."""
from __future__ import annotations

import gc
import subprocess
import sys

import dagster as dg
import pytest

from assets.report_assets import _read, remember_inputs
from assets.runner import run_meeting_report
from cli.paths import RUN_GC_THRESHOLD
from pipeline.inputs.load import read_inputs
from tests.conftest import BUNDLED_INPUTS, PROJECT, find_row, set_cell


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    threshold = gc.get_threshold()
    with dg.instance_for_test() as test_instance:
        yield test_instance
    gc.set_threshold(*threshold)


def test_the_checks_run_in_their_assets_steps_and_are_still_recorded(tmp_path, instance):
    outcome = run_meeting_report("StC38", None, BUNDLED_INPUTS, tmp_path, instance=instance, pdf=False)
    assert outcome.success
    steps = {e.step_key for e in instance.all_logs(outcome.run_id) if e.step_key}
    assert steps == {"validated_inputs", "activity_status", "status_rollups", "word_document", "excel_workbook",
                     "pdf_document", "published_report"}
    for asset, check in (("validated_inputs", "inputs_have_no_data_issues"),
                         ("activity_status", "timeframes_recognised"),
                         ("activity_status", "activities_needing_attention"),
                         ("pdf_document", "pdf_written")):
        records = instance.event_log_storage.get_asset_check_execution_history(
            dg.AssetCheckKey(dg.AssetKey(asset), check), limit=1)
        assert records and records[0].run_id == outcome.run_id, check
    assert gc.get_threshold() == RUN_GC_THRESHOLD  # the run's process collects less often


def test_inputs_already_read_are_taken_once_and_only_while_the_files_are_unchanged(inputs_copy):
    inputs = read_inputs(inputs_copy)
    remember_inputs(inputs_copy, inputs)
    assert _read(inputs_copy) is inputs
    again = _read(inputs_copy)  # taken once: the next run reads the workbooks
    assert again is not inputs and again == inputs

    remember_inputs(inputs_copy, inputs)
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Venue", "Genazzano")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Venue", "Rome")
    changed = _read(inputs_copy)
    assert changed is not inputs and "Rome" in {e.venue for e in changed.log}


def test_loading_the_definitions_does_not_load_the_writers():
    script = ("import sys, assets.definitions; "
              "print(sorted(m for m in ('docx', 'openpyxl', 'pipeline.word.document', 'pipeline.excel.workbook') "
              "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "[]", done.stderr[-2000:]
