"""Jobs and the monthly schedule: a meeting's report, and the monthly status refresh."""
from __future__ import annotations

import dagster as dg

from assets.report_assets import validated_inputs
from assets.snapshot_assets import status_changes, status_snapshot
from pipeline.publish.output_folder import discard_run


@dg.failure_hook(required_resource_keys={"report_settings"})
def discard_staged_files(context: dg.HookContext) -> None:
    """A failed run leaves no half-written report behind."""
    discard_run(context.resources.report_settings.outputs, context.run_id)


meeting_report_job = dg.define_asset_job(
    "meeting_report",
    selection=dg.AssetSelection.groups("inputs", "status", "report"),
    description="The Standing Committee document (.docx) and workbook (.xlsx) for one meeting, as of a date.",
    config={"ops": {"activity_status": {"config": {"meeting": "StC38", "as_of": "", "since": ""}}}},
    hooks={discard_staged_files},
)

status_refresh_job = dg.define_asset_job(
    "monthly_status_refresh",
    # monthly partitions; the inputs' checks run with the meeting report, not every month
    selection=dg.AssetSelection.assets(validated_inputs, status_snapshot, status_changes).without_checks(),
    description="The status snapshot of one month (as of its last day) and what changed since the month "
                "before. One run per month partition; backfill a range of months from the UI.",
)

# On the 1st of each month at 06:00 (Europe/Berlin), the partition of the month just ended.
monthly_status_schedule = dg.build_schedule_from_partitioned_job(
    status_refresh_job,
    name="monthly_status_schedule",
    description="On the 1st of each month, the snapshot of the month before, as of its last day.",
)
