"""The status history as monthly-partitioned assets: a snapshot per month, and what changed.

One partition per month ("2011-08"); its status date is the month's last day. The
Dagster UI shows which months have a snapshot, and a missed month is filled by
materialising (or backfilling) its partition. A month already stored is kept:
its partition fails with a plain message unless run with `replace: true`.

The month's run stands alone: it reads the input workbooks itself rather than a value
another run stored, so a month materialised on a fresh Dagster home works, and the
snapshot and its changes are made in one step, so a backfill of either fills both.
"""

from datetime import datetime

import dagster as dg

from assets.config import SnapshotConfig
from assets.report_assets import input_workbooks
from pipeline.status.vocabulary import Tally
from assets.resources import ReportSettings
from pipeline.inputs.load import InputError, read_inputs
from pipeline.model import Inputs
from pipeline.wording.change_sentences import changes_table
from pipeline.assemble import ReportRequestError, changes_from_previous_month, month_snapshot
from pipeline.history.snapshots import SnapshotExistsError, snapshots_folder, write_snapshot
from pipeline.history.trend import trend, trend_markdown

FIRST_MONTH = "2008-01"  # the first month of the earliest bundled programme (JA 2008-2011)

monthly_partitions = dg.MonthlyPartitionsDefinition(
    start_date=FIRST_MONTH,
    fmt="%Y-%m",
    hour_offset=6,  # a month is complete, and its run due, at 06:00 on the 1st of the next
    timezone="Europe/Berlin",
    end_offset=0,
)


def _inputs(settings: ReportSettings) -> Inputs:
    try:
        return read_inputs(settings.inputs)
    except InputError as error:
        raise dg.Failure(description=str(error), allow_retries=False) from None


@dg.multi_asset(
    name="status_snapshot",
    group_name="history",
    partitions_def=monthly_partitions,
    can_subset=False,
    deps=[input_workbooks],
    outs={
        "status_snapshot": dg.AssetOut(description=(
            "Status of every activity of the latest meeting's programmes as of the month's end, "
            "with its evidence, kept as outputs/snapshots/<YYYY-MM>.json.")),
        "status_changes": dg.AssetOut(description=(
            "What changed since the previous month's snapshot: newly completed, overdue or at risk, "
            "stalled, new evidence, activities added or removed.")),
    },
    internal_asset_deps={
        "status_snapshot": {input_workbooks.key},
        "status_changes": {dg.AssetKey("status_snapshot"), input_workbooks.key},
    },
)
def monthly_status(context: dg.AssetExecutionContext, config: SnapshotConfig, report_settings: ReportSettings):
    """One step per month: it reads the inputs itself (no value of another run), stores the month's
    snapshot, and compares it with the month before. Materialising either asset makes both."""
    inputs = _inputs(report_settings)
    folder = snapshots_folder(report_settings.outputs)
    try:
        snapshot = month_snapshot(inputs, context.partition_key, report_settings.status_settings(),
                                  datetime.now().replace(microsecond=0), context.run.run_id)
    except ReportRequestError as error:
        raise dg.Failure(description=str(error), allow_retries=False) from None
    try:
        path = write_snapshot(folder, snapshot, replace=config.replace)
    except SnapshotExistsError as error:
        raise dg.Failure(description=str(error), allow_retries=False) from None
    counts = Tally.of(row.status for row in snapshot.rows)
    yield dg.Output(
        snapshot,
        output_name="status_snapshot",
        metadata={
            "month": snapshot.month,
            "as_of": snapshot.as_of.isoformat(),
            "meeting": snapshot.meeting,
            "activities": counts.total,
            "replaced": config.replace,
            "snapshot_file": dg.MetadataValue.path(str(path)),
            "status_table": dg.MetadataValue.md(trend_markdown(trend([snapshot]))),
            **{f"status: {status.value}": n for status, n in counts.counts if n},
        },
    )
    changes = changes_from_previous_month(inputs, snapshot, folder, report_settings.status_settings())
    yield dg.Output(
        changes,
        output_name="status_changes",
        metadata={
            "since": changes.since.isoformat(),
            "as_of": changes.as_of.isoformat(),
            "compared_with": changes.before_source,
            "changes": len(changes.changes),
            **{f"change: {kind.value}": n for kind, n in changes.counts().items() if n},
            "summary": dg.MetadataValue.md(changes_table(changes)),
        },
    )


SNAPSHOT_ASSETS = [monthly_status]
