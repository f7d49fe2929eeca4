"""Jobs and the monthly schedule: a meeting's report, and the monthly status refresh."""
from __future__ import annotations

import dagster as dg

from assets.report_assets import meeting_report_files
from assets.snapshot_assets import monthly_status
from pipeline.publish.output_folder import discard_run


@dg.failure_hook(required_resource_keys={"report_settings"})
def discard_staged_files(context: dg.HookContext) -> None:
    """A failed run leaves no half-written report behind."""
    discard_run(context.resources.report_settings.outputs, context.run_id)


# Its configuration is the run's request, assets.config.RunRequest (resources.report_request.config):
# all empty by default, i.e. the latest meeting of meetings.xlsx as of its 'Status as of' date.
meeting_report_job = dg.define_asset_job(
    "meeting_report",
    selection=dg.AssetSelection.assets(meeting_report_files),  # its four files and checks, in one step
    description="The Standing Committee document (.docx, .pdf) and workbook (.xlsx) for one meeting, as of a date "
                "(default: the latest meeting in meetings.xlsx, as of its 'Status as of' date).",
    hooks={discard_staged_files},
)

status_refresh_job = dg.define_asset_job(
    "monthly_status_refresh",
    # one step, reading the inputs itself: the inputs' checks run with the meeting report, not every month
    selection=dg.AssetSelection.assets(monthly_status),
    description="The status snapshot of one month (as of its last day) and what changed since the month "
                "before. One run per month partition; backfill a range of months from the UI.",
)

# On the 1st of each month at 06:00 (Europe/Berlin), the partition of the month just ended.
monthly_status_schedule = dg.build_schedule_from_partitioned_job(
    status_refresh_job,
    name="monthly_status_schedule",
    description="On the 1st of each month, the snapshot of the month before, as of its last day.",
)
