"""The status history as monthly-partitioned assets: a snapshot per month, and what changed.

One partition per month ("2011-08"); its status date is the month's last day. The
Dagster UI shows which months have a snapshot, and a missed month is filled by
materialising (or backfilling) its partition. A month already stored is kept:
its partition fails with a plain message unless run with `replace: true`.
"""

from datetime import datetime

import dagster as dg

from assets.resources import ReportSettings
from pipeline.history.changes import Changes
from pipeline.wording.changes import changes_table
from pipeline.model import Inputs
from pipeline.assemble import ReportRequestError, changes_from_previous_month, month_snapshot
from pipeline.history.snapshots import Snapshot, SnapshotExistsError, snapshots_folder, write_snapshot
from pipeline.history.trend import trend, trend_markdown

FIRST_MONTH = "2008-01"  # the first month of the earliest bundled programme (JA 2008-2011)

monthly_partitions = dg.MonthlyPartitionsDefinition(
    start_date=FIRST_MONTH,
    fmt="%Y-%m",
    hour_offset=6,  # a month is complete, and its run due, at 06:00 on the 1st of the next
    timezone="Europe/Berlin",
    end_offset=0,
)


class SnapshotConfig(dg.Config):
    """Set replace to true to overwrite a month's stored snapshot on purpose."""

    replace: bool = False


@dg.asset(
    group_name="history",
    partitions_def=monthly_partitions,
    description="Status of every activity of the latest meeting's programmes as of the month's end, "
                "with its evidence, kept as outputs/snapshots/<YYYY-MM>.json.",
)
def status_snapshot(
    context: dg.AssetExecutionContext,
    config: SnapshotConfig,
    validated_inputs: Inputs,
    report_settings: ReportSettings,
) -> dg.Output[Snapshot]:
    try:
        snapshot = month_snapshot(validated_inputs, context.partition_key, report_settings.status_settings(),
                                  datetime.now().replace(microsecond=0), context.run.run_id)
    except ReportRequestError as error:
        raise dg.Failure(description=str(error), allow_retries=False) from None
    try:
        path = write_snapshot(snapshots_folder(report_settings.outputs), snapshot, replace=config.replace)
    except SnapshotExistsError as error:
        raise dg.Failure(description=str(error), allow_retries=False) from None
    counts = {}
    for statuses in snapshot.counts().values():
        for status, n in statuses.items():
            counts[status] = counts.get(status, 0) + n
    return dg.Output(
        snapshot,
        metadata={
            "month": snapshot.month,
            "as_of": snapshot.as_of.isoformat(),
            "meeting": snapshot.meeting,
            "activities": len(snapshot.rows),
            "replaced": config.replace,
            "snapshot_file": dg.MetadataValue.path(str(path)),
            "status_table": dg.MetadataValue.md(trend_markdown(trend([snapshot]))),
            **{f"status: {k}": v for k, v in sorted(counts.items())},
        },
    )


@dg.asset(
    group_name="history",
    partitions_def=monthly_partitions,
    description="What changed since the previous month's snapshot: newly completed, overdue or at risk, "
                "stalled, new evidence, activities added or removed.",
)
def status_changes(
    status_snapshot: Snapshot, validated_inputs: Inputs, report_settings: ReportSettings
) -> dg.Output[Changes]:
    changes = changes_from_previous_month(
        validated_inputs, status_snapshot, snapshots_folder(report_settings.outputs),
        report_settings.status_settings())
    return dg.Output(
        changes,
        metadata={
            "since": changes.since.isoformat(),
            "as_of": changes.as_of.isoformat(),
            "compared_with": changes.before_source,
            "changes": len(changes.changes),
            **{f"change: {kind.value}": n for kind, n in changes.counts().items() if n},
            "summary": dg.MetadataValue.md(changes_table(changes)),
        },
    )


SNAPSHOT_ASSETS = [status_snapshot, status_changes]
