"""Monthly snapshots: a plain documented JSON file per month, written whole or not at
all, never overwritten by accident; and the trend across them."""
import json
from datetime import date, datetime

import pytest

import pipeline.history.snapshots as snapshots_module
from pipeline.inputs.load import read_inputs
from pipeline.assemble import build_report, month_snapshot, report_trend, meeting_statuses
from pipeline.dates import month_ends, previous_month_end
from pipeline.history.snapshots import (
    FORMAT_NOTE, README_NAME, SnapshotExistsError, SnapshotFormatError, make_snapshot, month_key,
    parse_month_key, read_month, read_snapshot, read_snapshots, snapshot_rows, stored_months, write_snapshot)
from pipeline.status.vocabulary import STATUS_ORDER, Status
from pipeline.history.trend import COMPUTED, STORED, trend, trend_markdown
from tests.conftest import BUNDLED_INPUTS


@pytest.fixture(scope="module")
def inputs():
    return read_inputs(BUNDLED_INPUTS)


@pytest.fixture(scope="module")
def august(inputs):
    return month_snapshot(inputs, "2011-08", generated_at=datetime(2011, 9, 1, 6, 0), run_id="run-1")


# ---------------------------------------------------------------- months


def test_month_arithmetic():
    assert parse_month_key("2011-08") == date(2011, 8, 31)
    assert parse_month_key("2012-02-01") == date(2012, 2, 29)
    assert previous_month_end(date(2011, 8, 31)) == previous_month_end(date(2011, 8, 1)) == date(2011, 7, 31)
    assert previous_month_end(date(2011, 1, 15)) == date(2010, 12, 31)
    assert month_key(date(2011, 8, 17)) == "2011-08"
    assert month_ends(date(2011, 1, 1), date(2011, 3, 31)) == [date(2011, 1, 31), date(2011, 2, 28), date(2011, 3, 31)]
    assert month_ends(date(2011, 1, 1), date(2011, 3, 15)) == [date(2011, 1, 31), date(2011, 2, 28), date(2011, 3, 15)]
    assert month_ends(date(2012, 1, 1), date(2011, 8, 31)) == []
    for bad in ("2011-13", "August 2011", "2011-8"):
        with pytest.raises(ValueError, match="expected YYYY-MM"):
            parse_month_key(bad)


# ---------------------------------------------------------------- the file


def test_snapshot_is_the_latest_meetings_programmes_as_of_the_months_end(august, inputs):
    assert (august.as_of, august.month, august.meeting) == (date(2011, 8, 31), "2011-08", "StC38")
    assert august.programmes == ("JA 2008-2011", "JWP 2012-2014")
    assert len(august.rows) == 43
    assert august.settings == {"warning_horizon_months": 3, "ongoing_recency_months": 12}
    c1 = next(r for r in august.rows if r.code == "C.1")
    assert c1.status is Status.IN_PROGRESS and "L21" in c1.evidence_ids and c1.last_evidence == date(2011, 8, 31)


def test_written_as_plain_documented_json_and_read_back_unchanged(august, tmp_path):
    path = write_snapshot(tmp_path, august)
    assert path == tmp_path / "2011-08.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["format"], data["version"], data["month"], data["as_of"]) == (
        "stc-status-snapshot", 1, "2011-08", "2011-08-31")
    assert data["counts"]["JA 2008-2011"] == {"In progress": 12}  # B.4 counts from "Happened by: August 2011"
    first = data["activities"][0]
    for key in first:
        assert f"  {key} " in FORMAT_NOTE, f"{key} is not documented"
    for key in data:
        assert f"  {key} " in FORMAT_NOTE, f"{key} is not documented"
    assert first["evidence"][0].keys() == {"entry", "date", "outcome", "event"}
    assert (tmp_path / README_NAME).read_text(encoding="utf-8") == FORMAT_NOTE
    back = read_snapshot(path)
    assert back == august
    assert read_month(tmp_path, "2011-08") == august and read_month(tmp_path, "2011-07") is None


def test_existing_month_is_kept_unless_replaced_on_purpose(august, inputs, tmp_path):
    july = month_snapshot(inputs, "2011-07")
    write_snapshot(tmp_path, july)
    write_snapshot(tmp_path, august)
    july_bytes = (tmp_path / "2011-07.json").read_bytes()
    august_bytes = (tmp_path / "2011-08.json").read_bytes()
    again = month_snapshot(inputs, "2011-08", generated_at=datetime(2011, 9, 2, 6, 0), run_id="run-2")
    with pytest.raises(SnapshotExistsError, match=r"2011-08 is stored already .* replace"):
        write_snapshot(tmp_path, again)
    assert (tmp_path / "2011-08.json").read_bytes() == august_bytes
    write_snapshot(tmp_path, again, replace=True)
    assert read_month(tmp_path, "2011-08").run_id == "run-2"
    assert (tmp_path / "2011-07.json").read_bytes() == july_bytes
    assert stored_months(tmp_path) == ["2011-07", "2011-08"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2011-07.json", "2011-08.json", README_NAME]


def test_a_failed_write_leaves_no_file_and_keeps_the_old_one(august, tmp_path, monkeypatch):
    def broken_dump(obj, out, **kwargs):
        out.write('{"format": "stc-status-snap')
        raise OSError("disk full")

    monkeypatch.setattr(snapshots_module.json, "dump", broken_dump)
    with pytest.raises(OSError, match="disk full"):
        write_snapshot(tmp_path, august)
    assert stored_months(tmp_path) == [] and not list(tmp_path.glob("*.tmp"))
    monkeypatch.undo()
    write_snapshot(tmp_path, august)
    before = (tmp_path / "2011-08.json").read_bytes()
    monkeypatch.setattr(snapshots_module.json, "dump", broken_dump)
    with pytest.raises(OSError):
        write_snapshot(tmp_path, august, replace=True)
    assert (tmp_path / "2011-08.json").read_bytes() == before and not list(tmp_path.glob(".*"))


def test_only_a_months_end_is_stored(inputs, tmp_path):
    computed = meeting_statuses(inputs, "StC38", date(2011, 8, 15))
    with pytest.raises(ValueError, match="month's end"):
        write_snapshot(tmp_path, make_snapshot(computed.as_of, computed.statuses))
    assert not tmp_path.joinpath("2011-08.json").exists()


def test_a_file_that_is_not_a_snapshot_is_named(tmp_path):
    (tmp_path / "2011-08.json").write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(SnapshotFormatError, match="2011-08.json is not a status snapshot"):
        read_snapshots(tmp_path)
    (tmp_path / "2011-08.json").write_text("{", encoding="utf-8")
    with pytest.raises(SnapshotFormatError, match="not valid JSON"):
        read_snapshot(tmp_path / "2011-08.json")


# ---------------------------------------------------------------- trend


def test_trend_counts_each_status_per_month_per_theme(inputs, tmp_path):
    months = ["2008-05", "2008-06", "2008-07", "2009-12", "2011-08"]
    for m in months:
        write_snapshot(tmp_path, month_snapshot(inputs, m))
    rows = trend(read_snapshots(tmp_path))
    assert {r.month for r in rows} == set(months)
    for m in months:
        report = build_report(inputs, "StC38", parse_month_key(m))
        for programme in (report.reported, report.planned):
            for rollup in programme.rollups:
                if rollup.dimension == "species":
                    continue
                theme = rollup.key if rollup.dimension == "theme" else ""
                found = [r for r in rows if (r.month, r.programme_id, r.theme) == (m, programme.programme.id, theme)]
                assert len(found) == 1, (m, programme.programme.id, theme)
                assert found[0].counts == rollup.counts
                assert found[0].source == STORED
    totals = [r for r in rows if r.is_total and r.programme_id == "JA 2008-2011"]
    assert [r.month for r in totals] == months  # one block per programme, months in order
    assert [r.count(Status.IN_PROGRESS) for r in totals] == [4, 7, 7, 11, 12]
    assert "| 2011-08 | JA 2008-2011 | all | 12 |" in trend_markdown(rows)


def test_trend_of_the_meeting_report_mixes_stored_and_computed_months(inputs, tmp_path):
    write_snapshot(tmp_path, month_snapshot(inputs, "2010-06"))
    computed = meeting_statuses(inputs, "StC38")
    rows = report_trend(inputs, computed, tmp_path)
    totals = [r for r in rows if r.is_total]
    assert [r.month for r in totals][0] == "2008-01" and totals[-1].month == "2011-08"
    assert len(totals) == 44  # January 2008 to August 2011; the 2012-2014 programme has not started
    assert {r.source for r in totals if r.month == "2010-06"} == {STORED}
    assert {r.source for r in totals if r.month != "2010-06"} == {COMPUTED}
    without = report_trend(inputs, computed)
    assert [r.counts for r in without] == [r.counts for r in rows]


def test_trend_rows_have_every_status_in_order(august):
    row = trend([august])[0]
    assert [s for s, _ in row.counts] == list(STATUS_ORDER)
    assert row.total == 12 and row.share_on_schedule == 1.0
    assert snapshot_rows(august.rows) == august.rows
