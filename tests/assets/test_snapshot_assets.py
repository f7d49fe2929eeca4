"""The monthly refresh as Dagster runs it: a backfill of 2008-06 to 2011-08 in a temporary
instance leaves one snapshot per month, whose trend equals the statuses recomputed at
each month's end; a month is replaced only on purpose, and never another month."""
from types import SimpleNamespace

import dagster as dg
import pytest

from assets.definitions import build_definitions
from assets.runner import failure_message
from assets.snapshot_assets import monthly_partitions
from pipeline.inputs.load import read_inputs
from pipeline.assemble import meeting_statuses
from pipeline.history.snapshots import parse_month_key, read_month, read_snapshots, stored_months
from pipeline.status.vocabulary import STATUS_ORDER
from pipeline.history.trend import trend
from tests.conftest import BUNDLED_INPUTS

FIRST, LAST = "2008-06", "2011-08"
QUIET = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


def months() -> list[str]:
    keys = monthly_partitions.get_partition_keys()
    return keys[keys.index(FIRST): keys.index(LAST) + 1]


@pytest.fixture(scope="module")
def backfill(tmp_path_factory):
    """Every month of the range materialised in turn, as a backfill from the UI runs them."""
    outputs = tmp_path_factory.mktemp("outputs")
    # An in-memory instance: a temporary SQLite one spends most of a run waiting on the disk
    # (about 1 s a month instead of 0.3 s), which is the instance's cost, not the product's.
    with dg.DagsterInstance.ephemeral() as instance:
        job = build_definitions(str(BUNDLED_INPUTS), str(outputs)).resolve_job_def("monthly_status_refresh")
        for key in months():
            result = job.execute_in_process(partition_key=key, instance=instance, run_config=QUIET)
            assert result.success, key
        yield SimpleNamespace(folder=outputs / "snapshots", instance=instance, job=job)


def test_partitions_are_months_from_january_2008():
    keys = monthly_partitions.get_partition_keys()
    assert keys[0] == "2008-01" and len(months()) == 39
    assert parse_month_key("2011-08").isoformat() == "2011-08-31"


def test_backfill_leaves_one_snapshot_per_month(backfill):
    assert stored_months(backfill.folder) == months()
    for key in months():
        assert read_month(backfill.folder, key).as_of == parse_month_key(key)
    materialized = backfill.instance.get_materialized_partitions(dg.AssetKey("status_snapshot"))
    assert materialized == set(months())


def test_trend_on_the_snapshots_equals_statuses_recomputed_at_each_months_end(backfill):
    inputs = read_inputs(BUNDLED_INPUTS)
    rows = trend(read_snapshots(backfill.folder))
    by_key = {(r.month, r.programme_id, r.theme): r for r in rows}
    assert len(by_key) == len(rows) == len(months()) * 2 * 5  # 2 programmes, total and 4 themes
    for key in months():
        computed = meeting_statuses(inputs, "", parse_month_key(key))
        for programme, statuses in computed.statuses.items():
            for theme in ("", *sorted({s.activity.theme_code for s in statuses})):
                chosen = [s for s in statuses if theme in ("", s.activity.theme_code)]
                expected = tuple((st, sum(s.status is st for s in chosen)) for st in STATUS_ORDER)
                assert by_key[(key, programme, theme)].counts == expected, (key, programme, theme)


def test_assets_show_counts_and_changes_in_their_metadata(backfill):
    snapshot = backfill.instance.get_latest_materialization_event(dg.AssetKey("status_snapshot"))
    metadata = snapshot.asset_materialization.metadata
    assert snapshot.asset_materialization.partition == LAST
    assert metadata["as_of"].value == "2011-08-31"
    assert metadata["snapshot_file"].value.endswith("snapshots/2011-08.json")
    # B.4 in progress from 31 August 2011, its undated log row 'Happened by' August 2011 (docs/)
    assert "| 2011-08 | JA 2008-2011 | all | 12 | 0 | 0 | 12 |" in metadata["status_table"].value
    assert metadata["status: In progress"].value == 12
    changes = backfill.instance.get_latest_materialization_event(dg.AssetKey("status_changes"))
    metadata = changes.asset_materialization.metadata
    assert (metadata["since"].value, metadata["compared_with"].value) == ("2011-07-31", "stored snapshot")
    assert metadata["changes"].value == 6  # B.4 started; A.1-A.4 and C.1 have new evidence
    assert "| Other change of status | JA 2008-2011 | B.4: " in metadata["summary"].value
    assert "| New evidence, status unchanged | JA 2008-2011 | C.1: " in metadata["summary"].value


def test_a_month_is_replaced_only_on_purpose_and_no_other_month_is_touched(backfill):
    before = {p.name: p.read_bytes() for p in backfill.folder.iterdir()}
    result = backfill.job.execute_in_process(partition_key="2010-03", instance=backfill.instance,
                                             run_config=QUIET, raise_on_error=False)
    assert not result.success
    message = failure_message(result)
    assert "The snapshot for 2010-03 is stored already" in message and "replace" in message
    assert {p.name: p.read_bytes() for p in backfill.folder.iterdir()} == before

    replace = {**QUIET, "ops": {"status_snapshot": {"config": {"replace": True}}}}
    result = backfill.job.execute_in_process(partition_key="2010-03", instance=backfill.instance, run_config=replace)
    assert result.success
    after = {p.name: p.read_bytes() for p in backfill.folder.iterdir()}
    assert after.keys() == before.keys()
    assert [name for name in after if after[name] != before[name]] == ["2010-03.json"]
    assert read_month(backfill.folder, "2010-03").run_id == result.run_id
