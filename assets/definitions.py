"""The Definitions object that `dagster dev` and `dagster-webserver -w workspace.yaml` load."""
from __future__ import annotations

import dagster as dg

from assets.config import REQUEST, RunRequest
from assets.jobs import meeting_report_job, monthly_status_schedule, status_refresh_job
from assets.report_assets import REPORT_ASSETS
from assets.resources import report_settings, run_memory_io_manager
from assets.run_watch import dead_runs_marked_failed
from assets.snapshot_assets import SNAPSHOT_ASSETS


def build_definitions(inputs_dir: str | None = None, outputs_dir: str | None = None) -> dg.Definitions:
    """Steps run in one process: a process per step costs seconds each for steps this small, and
    the values steps hand each other stay in that process (run_memory_io_manager), never shared
    between runs."""
    return dg.Definitions(
        assets=REPORT_ASSETS + SNAPSHOT_ASSETS,
        jobs=[meeting_report_job, status_refresh_job],
        schedules=[monthly_status_schedule],
        sensors=[dead_runs_marked_failed],
        resources={"report_settings": report_settings(inputs_dir, outputs_dir), "io_manager": run_memory_io_manager,
                   REQUEST: RunRequest.configure_at_launch()},
        executor=dg.in_process_executor,
    )


defs = build_definitions()
