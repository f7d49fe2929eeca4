"""The Dagster layer: definitions load, the meeting job runs in a temporary DAGSTER_HOME."""
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import dagster as dg
import pytest

from assets.definitions import build_definitions, defs
from assets.jobs import monthly_status_schedule
from assets.runner import run_meeting_report
from tests.conftest import BUNDLED_INPUTS, PROJECT, find_row, set_cell


@pytest.fixture
def instance():
    with dg.instance_for_test() as test_instance:
        yield test_instance


def test_definitions_load_with_jobs_schedule_and_groups():
    dg.Definitions.validate_loadable(defs)
    repo = defs.get_repository_def()
    assert {j.name for j in repo.get_all_jobs() if not j.name.startswith("__")} >= {
        "meeting_report", "monthly_status_refresh"}
    assert repo.get_schedule_def("monthly_status_schedule").cron_schedule == "0 6 1 * *"
    groups = {key.to_user_string(): spec.group_name for key, spec in
              ((s.key, s) for s in defs.resolve_all_asset_specs())}
    assert groups == {
        "validated_inputs": "inputs",
        "activity_status": "status",
        "status_rollups": "status",
        "word_document": "report",
        "excel_workbook": "report",
        "published_report": "report",
    }


def test_dagster_cli_validates_the_workspace():
    dagster = Path(sys.executable).parent / "dagster"
    done = subprocess.run([str(dagster), "definitions", "validate", "-w", "workspace.yaml"],
                          cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_meeting_job_writes_the_report_and_records_it(tmp_path, instance):
    outcome = run_meeting_report("StC38", None, BUNDLED_INPUTS, tmp_path, instance=instance)
    assert outcome.success, outcome.error
    docx, xlsx = Path(outcome.files["docx"]), Path(outcome.files["xlsx"])
    assert docx.name == "UNEP-CMS-StC38-Doc3.docx" and docx.stat().st_size > 10_000
    assert xlsx.parent == docx.parent and docx.parent.parent == tmp_path / "StC38"
    assert "as-of-2011-08-31" in docx.parent.name
    assert not list((tmp_path / "StC38").glob(".staging-*"))

    materialization = instance.get_latest_materialization_event(dg.AssetKey("published_report"))
    assert materialization.run_id == outcome.run_id
    metadata = materialization.asset_materialization.metadata
    assert metadata["docx"].value == str(docx)
    status = instance.get_latest_materialization_event(dg.AssetKey("status_rollups"))
    table = status.asset_materialization.metadata["status_table"].value
    assert "In progress" in table and "Pending decision" in table
    inputs = instance.get_latest_materialization_event(dg.AssetKey("validated_inputs"))
    assert inputs.asset_materialization.metadata["activities"].value == 43


def test_data_issues_surface_as_a_failed_warning_check(tmp_path, instance):
    outcome = run_meeting_report("StC38", date(2011, 8, 31), BUNDLED_INPUTS, tmp_path, instance=instance)
    records = instance.event_log_storage.get_asset_check_execution_history(
        dg.AssetCheckKey(dg.AssetKey("validated_inputs"), "inputs_have_no_data_issues"), limit=1)
    evaluation = records[0].event.dagster_event.event_specific_data
    assert outcome.success and evaluation.passed is False
    assert evaluation.severity == dg.AssetCheckSeverity.WARN
    assert "June 2008" in evaluation.metadata["issues"].value


def test_broken_input_fails_the_run_with_the_place_and_writes_nothing(tmp_path, inputs_copy, instance):
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Venue", "Genazzano")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Activities", "Z9")
    outputs = tmp_path / "outputs"
    outcome = run_meeting_report("StC38", None, inputs_copy, outputs, instance=instance)
    assert not outcome.success
    assert f"meeting_log.xlsx, sheet 'Log', row {row}, column 'Activities'" in outcome.error
    assert "Traceback" not in outcome.error
    assert not outputs.exists() or not any(outputs.rglob("*.docx"))


def test_monthly_schedule_uses_the_end_of_the_previous_month():
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2011, 9, 1, 6, 0))
    request = monthly_status_schedule.evaluate_tick(context).run_requests[0]
    assert request.run_config["ops"]["activity_status"]["config"]["as_of"] == "2011-08-31"


def test_monthly_refresh_job_runs(tmp_path, instance):
    job = build_definitions(str(BUNDLED_INPUTS), str(tmp_path)).resolve_job_def("monthly_status_refresh")
    result = job.execute_in_process(
        run_config={"ops": {"activity_status": {"config": {"meeting": "", "as_of": "2012-10-31"}}}},
        instance=instance,
    )
    assert result.success
    computed = result.output_for_node("activity_status")
    assert computed.as_of == date(2012, 10, 31)
    assert not list(tmp_path.iterdir())  # a refresh writes no report
