"""The Dagster layer: definitions load, the meeting job runs in a temporary DAGSTER_HOME."""
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import dagster as dg
import pytest

from assets.definitions import build_definitions, defs
from assets.runner import failure_message, run_meeting_report
from pipeline.request import ReportRequest
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
    schedule = repo.get_schedule_def("monthly_status_schedule")
    assert schedule.cron_schedule == "0 6 1 * *" and schedule.execution_timezone == "Europe/Berlin"
    groups = {key.to_user_string(): spec.group_name for key, spec in
              ((s.key, s) for s in defs.resolve_all_asset_specs())}
    assert groups == {
        "input_workbooks": "inputs",
        "word_document": "report",
        "pdf_document": "report",
        "excel_workbook": "report",
        "published_report": "report",
        "status_snapshot": "history",
        "status_changes": "history",
    }


def test_dagster_cli_validates_the_workspace():
    dagster = Path(sys.executable).parent / "dagster"
    done = subprocess.run([str(dagster), "definitions", "validate", "-w", "workspace.yaml"],
                          cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_meeting_job_writes_the_report_and_records_it(tmp_path, instance):
    outcome = run_meeting_report(ReportRequest("StC38", None), BUNDLED_INPUTS, tmp_path, instance=instance)
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
    table = metadata["status_table"].value
    assert "In progress" in table and "Pending decision" in table
    assert metadata["activities"].value == 43
    for kind in ("word_document", "excel_workbook", "pdf_document"):  # each file of the run, with its metadata
        assert instance.get_latest_materialization_event(dg.AssetKey(kind)).run_id == outcome.run_id
    word = instance.get_latest_materialization_event(dg.AssetKey("word_document")).asset_materialization.metadata
    assert word["path"].value == str(docx) and word["activities"].value == 43


def test_data_issues_surface_as_a_failed_warning_check(tmp_path, instance):
    outcome = run_meeting_report(ReportRequest("StC38", date(2011, 8, 31), pdf=False), BUNDLED_INPUTS, tmp_path,
                                 instance=instance)
    records = instance.event_log_storage.get_asset_check_execution_history(
        dg.AssetCheckKey(dg.AssetKey("published_report"), "inputs_have_no_data_issues"), limit=1)
    evaluation = records[0].event.dagster_event.event_specific_data
    assert outcome.success and evaluation.passed is False
    assert evaluation.severity == dg.AssetCheckSeverity.WARN
    assert "June 2008" in evaluation.metadata["issues"].value


def test_broken_input_fails_the_run_with_the_place_and_writes_nothing(tmp_path, inputs_copy, instance):
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Venue", "Genazzano")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Activities", "Z9")
    outputs = tmp_path / "outputs"
    outcome = run_meeting_report(ReportRequest("StC38", None), inputs_copy, outputs, instance=instance)
    assert not outcome.success
    assert f"meeting_log.xlsx, sheet 'Log', row {row}, column 'Activities'" in outcome.error
    assert "Traceback" not in outcome.error
    assert not outputs.exists() or not any(outputs.rglob("*.docx"))


def test_monthly_schedule_requests_the_month_just_ended(instance):
    schedule = defs.resolve_schedule_def("monthly_status_schedule")
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2011, 9, 1, 6, 0), instance=instance)
    request = schedule.evaluate_tick(context).run_requests[0]
    assert request.partition_key == "2011-08"  # its status date: 31 August 2011, the month's end
    assert schedule.job_name == "monthly_status_refresh"


def test_monthly_refresh_job_writes_the_months_snapshot_and_no_report(tmp_path, instance):
    job = build_definitions(str(BUNDLED_INPUTS), str(tmp_path)).resolve_job_def("monthly_status_refresh")
    result = job.execute_in_process(partition_key="2012-10", instance=instance)
    assert result.success
    snapshot = result.output_for_node("status_snapshot", "status_snapshot")
    assert snapshot.as_of == date(2012, 10, 31)
    assert [p.name for p in (tmp_path / "snapshots").glob("*.json")] == ["2012-10.json"]
    assert not list(tmp_path.glob("StC*"))  # a refresh writes no report


def test_meeting_job_takes_a_date_to_show_changes_since(tmp_path, instance):
    job = build_definitions(str(BUNDLED_INPUTS), str(tmp_path)).resolve_job_def("meeting_report")
    config = {"resources": {"report_request": {"config": {"meeting": "StC38", "as_of": "", "since": "2010-08-31",
                                                          "pdf": False}}}}
    result = job.execute_in_process(run_config=config, instance=instance)
    published = [e for e in result.get_asset_materialization_events() if e.asset_key == dg.AssetKey("published_report")]
    assert published[0].materialization.metadata["since"].value == "2010-08-31"
    config["resources"]["report_request"]["config"]["since"] = "2012-01-01"
    result = job.execute_in_process(run_config=config, instance=instance, raise_on_error=False)
    assert not result.success
    assert "must be before the status date" in failure_message(result)
