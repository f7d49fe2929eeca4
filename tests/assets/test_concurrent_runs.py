"""Several people generate at once: six `stc-report run` with six status dates, and two monthly
refreshes, all started at the same moment against one fresh DAGSTER_HOME (SQLite). Every
published folder holds exactly what its command asked for; the home is initialised once
and usable afterwards; no earlier report or snapshot changes."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from assets.definitions import build_definitions
from assets.runner import run_meeting_report
from pipeline.publish.output_folder import STAGING_PREFIX
from pipeline.publish.report_index import INDEX
from pipeline.request import ReportRequest
from pipeline.history.snapshots import read_month
from tests.assets.published import (AS_OF_DATES, assert_report_as_requested, checksums, cli_env, start_run,
                                    visible_reports)
from tests.conftest import BUNDLED_INPUTS, PROJECT

pytestmark = pytest.mark.integration

MONTHS = ["2010-05", "2011-06"]
MONTHLY = """
import sys
import dagster as dg
from assets.instance import prepare_dagster_home
from assets.definitions import build_definitions
prepare_dagster_home()
job = build_definitions(outputs_dir=sys.argv[1]).resolve_job_def("monthly_status_refresh")
result = job.execute_in_process(partition_key=sys.argv[2], instance=dg.DagsterInstance.get(), raise_on_error=False)
sys.exit(0 if result.success else 1)
"""


def earlier_outputs(outputs: Path) -> None:
    """A report and a monthly snapshot made before, in another instance: they must not change."""
    with dg.DagsterInstance.ephemeral() as instance:
        done = run_meeting_report(ReportRequest("StC38", date(2011, 7, 31)), BUNDLED_INPUTS, outputs, instance=instance)
        assert done.success, done.error
        job = build_definitions(str(BUNDLED_INPUTS), str(outputs)).resolve_job_def("monthly_status_refresh")
        assert job.execute_in_process(partition_key="2011-07", instance=instance).success


def test_six_command_line_runs_and_two_monthly_refreshes_at_once_on_a_fresh_home(tmp_path):
    home, outputs = tmp_path / "dagster_home", tmp_path / "outputs"
    earlier_outputs(outputs)
    before = checksums(outputs)
    earlier = visible_reports(outputs)

    started = time.monotonic()
    runs = {as_of: start_run(home, outputs, as_of) for as_of in AS_OF_DATES}
    monthly = {month: subprocess.Popen([sys.executable, "-c", MONTHLY, str(outputs), month], cwd=PROJECT,
                                       env=cli_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for month in MONTHS}
    finished = {as_of: process.communicate(timeout=600) + (process.returncode,) for as_of, process in runs.items()}
    monthly_done = {m: p.communicate(timeout=600) + (p.returncode,) for m, p in monthly.items()}
    print(f"\n{len(runs)} reports and {len(monthly)} monthly refreshes at once: {time.monotonic() - started:.1f} s")

    for as_of, (out, err, code) in finished.items():
        assert code == 0, f"{as_of}: {out}\n{err}"
        assert "Traceback" not in err
    for month, (out, err, code) in monthly_done.items():
        assert code == 0, f"{month}: {out}\n{err}"

    new = [folder for folder in visible_reports(outputs) if folder not in earlier]
    assert len(new) == len(AS_OF_DATES)
    by_date = {}
    for folder in new:
        manifest = json.loads((folder / "report.json").read_text("utf-8"))
        by_date[manifest["as_of"]] = assert_report_as_requested(folder, "StC38", date.fromisoformat(manifest["as_of"]),
                                                                AS_OF_DATES)
    assert sorted(by_date) == sorted(d.isoformat() for d in AS_OF_DATES)  # each date exactly once
    for as_of, (out, _, _) in finished.items():  # each command printed its own folder
        assert f"_as-of-{as_of.isoformat()}_" in out and by_date[as_of.isoformat()]["run_id"] in out

    for month in MONTHS:
        assert read_month(outputs / "snapshots", month).as_of.isoformat().startswith(month)
    after = checksums(outputs)
    assert {name: after[name] for name in before} == before  # nothing earlier changed
    assert not [p for p in (outputs / "StC38").iterdir() if p.name.startswith(STAGING_PREFIX)]  # no staging left
    # every report is in the meeting's index as the runs wrote it, publishing at once (before any page read it)
    indexed = json.loads((outputs / "StC38" / INDEX).read_text("utf-8"))["reports"]
    assert sorted(r["folder"] for r in indexed) == sorted(p.name for p in visible_reports(outputs))
    assert len(indexed) == len(earlier) + len(AS_OF_DATES)

    # the home was initialised once and works: every run recorded, succeeded, and no step value on disk
    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs_recorded = instance.get_runs()
        assert len(runs_recorded) == len(AS_OF_DATES) + len(MONTHS)
        assert {r.status for r in runs_recorded} == {dg.DagsterRunStatus.SUCCESS}
        assert {r.tags.get("as_of") for r in runs_recorded if r.job_name == "meeting_report"} == {
            d.isoformat() for d in AS_OF_DATES}
    stored = {p.name for p in (home / "storage").iterdir()}
    assert not stored & {"validated_inputs", "activity_status", "status_rollups", "published_report"}
    again = start_run(home, outputs, date(2011, 8, 31))
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, out + err


def test_a_month_materialised_alone_on_a_fresh_home_stands_alone(tmp_path, monkeypatch):
    """As the UI's 'Materialize' of one partition of status_snapshot on a fresh home (it used to fail
    with FileNotFoundError .../storage/validated_inputs): the UI adds the step's other asset, as
    required_multi_asset_neighbors does, so status_changes is made too."""
    from assets.instance import prepare_dagster_home

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    prepare_dagster_home()
    defs = build_definitions(str(BUNDLED_INPUTS), str(tmp_path / "outputs"))
    with dg.DagsterInstance.get() as instance:
        selection = dg.AssetSelection.assets("status_snapshot").required_multi_asset_neighbors()
        keys = list(selection.resolve(defs.resolve_asset_graph()))
        assert set(keys) == {dg.AssetKey("status_snapshot"), dg.AssetKey("status_changes")}
        job = defs.resolve_implicit_job_def_def_for_assets(keys)
        result = job.execute_in_process(partition_key="2011-08", instance=instance, asset_selection=keys)
        assert result.success
        keys = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
        assert keys == {"status_snapshot", "status_changes"}
    assert read_month(tmp_path / "outputs" / "snapshots", "2011-08").as_of == date(2011, 8, 31)
