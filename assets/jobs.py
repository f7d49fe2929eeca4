"""Jobs and the monthly schedule: a meeting's report, and the monthly status refresh."""
from __future__ import annotations

from datetime import timedelta

import dagster as dg

from assets.report_assets import activity_status, status_rollups, validated_inputs
from pipeline.output_folder import discard_run


@dg.failure_hook(required_resource_keys={"report_settings"})
def discard_staged_files(context: dg.HookContext) -> None:
    """A failed run leaves no half-written report behind."""
    discard_run(context.resources.report_settings.outputs, context.run_id)


meeting_report_job = dg.define_asset_job(
    "meeting_report",
    selection=dg.AssetSelection.groups("inputs", "status", "report"),
    description="The Standing Committee document (.docx) and workbook (.xlsx) for one meeting, as of a date.",
    config={"ops": {"activity_status": {"config": {"meeting": "StC38", "as_of": ""}}}},
    hooks={discard_staged_files},
)

status_refresh_job = dg.define_asset_job(
    "monthly_status_refresh",
    selection=dg.AssetSelection.assets(validated_inputs, activity_status, status_rollups),
    description="Recompute every activity's status as of the end of the previous month.",
)


@dg.schedule(cron_schedule="0 6 1 * *", job=status_refresh_job, execution_timezone="Europe/Berlin")
def monthly_status_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """On the 1st of each month, the status as of the last day of the month before."""
    month_end = context.scheduled_execution_time.date().replace(day=1) - timedelta(days=1)
    return dg.RunRequest(
        run_key=f"status-{month_end.isoformat()}",
        run_config={"ops": {"activity_status": {"config": {"meeting": "", "as_of": month_end.isoformat()}}}},
        tags={"as_of": month_end.isoformat()},
    )
