"""The index of a meeting's reports: kept when a report is published, brought up to date when folders
appear or go, rebuilt when missing or damaged, and no report lost when runs publish at once."""
from __future__ import annotations

import json
import multiprocessing
from datetime import date, datetime
from pathlib import Path

from pipeline.publish.output_folder import publish, run_folder_name, staging_folder
from pipeline.publish import report_index
from pipeline.publish.report_index import (INDEX, ReportIndex, group_reports, meeting_report,
                                           read_index)


def _publish(outputs: Path, run: str, as_of: date, made: datetime, languages=("en",)) -> str:
    staging = staging_folder(outputs, "StC38", run)
    for code in languages:
        suffix = "" if code == "en" else f".{code}"
        (staging / f"UNEP-CMS-StC38-Doc3{suffix}.docx").write_bytes(b"doc")
    name = run_folder_name(as_of, made, run)
    publish(staging, name, {"meeting": "StC38", "symbol": "UNEP/CMS/StC38/Doc.3", "as_of": as_of.isoformat(),
                            "generated_at": made.isoformat(), "run_id": run, "summary": {}})
    return name


def _by_hand(meeting: Path, name: str, as_of: str = "2011-08-31", run: str = "by-hand") -> None:
    folder = meeting / name
    folder.mkdir(parents=True)
    (folder / "UNEP-CMS-StC38-Doc3.docx").write_bytes(b"doc")
    (folder / "report.json").write_text(json.dumps({
        "meeting": "StC38", "symbol": "UNEP/CMS/StC38/Doc.3", "as_of": as_of, "generated_at": "2026-12-01T10:00:00",
        "run_id": run, "summary": {}, "files": {"docx": "UNEP-CMS-StC38-Doc3.docx"}}), "utf-8")


def test_publishing_records_the_report_in_the_index(tmp_path):
    name = _publish(tmp_path, "run-1", date(2011, 8, 31), datetime(2026, 12, 1, 9, 0), ("en", "fr"))
    data = json.loads((tmp_path / "StC38" / INDEX).read_text())
    assert [r["folder"] for r in data["reports"]] == [name]
    (report,) = read_index(tmp_path / "StC38")
    assert (report.as_of, report.run_id, report.languages) == ("2011-08-31", "run-1", ("en", "fr"))


def test_the_index_is_read_instead_of_every_report_json(tmp_path, monkeypatch):
    for i in range(5):
        _publish(tmp_path, f"run-{i}", date(2011, 8, 31), datetime(2026, 12, 1, 9, i))
    opened = []
    monkeypatch.setattr(report_index, "read_manifest", lambda folder: opened.append(folder))
    assert len(read_index(tmp_path / "StC38")) == 5
    assert opened == []


def test_a_report_folder_added_or_removed_by_hand_is_noticed(tmp_path):
    meeting = tmp_path / "StC38"
    kept = _publish(tmp_path, "run-1", date(2011, 8, 31), datetime(2026, 12, 1, 9, 0))
    gone = _publish(tmp_path, "run-2", date(2011, 8, 31), datetime(2026, 12, 1, 9, 5))
    _by_hand(meeting, "2026-12-02_100000_as-of-2011-06-30_byhand00", "2011-06-30")
    (meeting / gone / "report.json").unlink()
    (meeting / gone / "UNEP-CMS-StC38-Doc3.docx").unlink()
    (meeting / gone).rmdir()
    assert [r.folder for r in read_index(meeting)] == ["2026-12-02_100000_as-of-2011-06-30_byhand00", kept]
    assert [r["folder"] for r in json.loads((meeting / INDEX).read_text())["reports"]][-1] == kept


def test_a_missing_or_damaged_index_is_rebuilt_from_the_reports(tmp_path):
    meeting = tmp_path / "StC38"
    names = [_publish(tmp_path, f"run-{i}", date(2011, 8, 31), datetime(2026, 12, 1, 9, i)) for i in range(3)]
    (meeting / INDEX).write_text("{ half a fi", "utf-8")
    assert [r.folder for r in read_index(meeting)] == sorted(names, reverse=True)
    (meeting / INDEX).unlink()
    assert [r.folder for r in read_index(meeting)] == sorted(names, reverse=True)
    assert json.loads((meeting / INDEX).read_text())["format"] == "stc-reports-index"


def test_a_folder_without_reports_gets_no_index(tmp_path):
    (tmp_path / "snapshots" / "2011").mkdir(parents=True)
    assert read_index(tmp_path / "snapshots") == []
    assert not (tmp_path / "snapshots" / INDEX).exists()


def test_the_cached_index_sees_a_new_report(tmp_path):
    index = ReportIndex()
    meeting = tmp_path / "StC38"
    _publish(tmp_path, "run-1", date(2011, 8, 31), datetime(2026, 12, 1, 9, 0))
    assert len(index.reports(meeting)) == 1
    assert index.reports(meeting) is index.reports(meeting)  # nothing changed: nothing read again
    _publish(tmp_path, "run-2", date(2011, 8, 31), datetime(2026, 12, 1, 9, 5))
    assert len(index.reports(meeting)) == 2


def _publish_many(outputs: str, worker: int, count: int) -> None:
    for i in range(count):
        _publish(Path(outputs), f"w{worker}-run-{i:03d}", date(2011, 8, 31), datetime(2026, 12, 1, 9, worker, i))


def test_runs_publishing_at_the_same_time_lose_no_report(tmp_path):
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_publish_many, args=(str(tmp_path), w, 15)) for w in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert all(w.exitcode == 0 for w in workers)
    data = json.loads((tmp_path / "StC38" / INDEX).read_text())
    assert len(data["reports"]) == 60  # the file as written, before any reader brings it up to date
    assert len(read_index(tmp_path / "StC38")) == 60


class R:
    def __init__(self, folder, as_of, languages=("en",), flagged=False):
        self.folder, self.as_of, self.languages = folder, as_of, languages
        self.as_of_warnings = ("misleading",) if flagged else ()


def test_the_meeting_report_is_the_newest_at_the_meetings_own_date_in_the_most_languages():
    reports = [R("5 what-if", "2011-06-30"), R("4 future", "2027-03-31", flagged=True),
               R("3 english", "2011-08-31"), R("2 three languages", "2011-08-31", ("en", "fr", "es")),
               R("1 older", "2011-08-31")]
    assert meeting_report(reports, "2011-08-31").folder == "2 three languages"
    assert meeting_report(reports[:2], "2011-08-31").folder == "5 what-if"  # none at its date: the newest sensible
    assert meeting_report(reports[1:2], "2011-08-31") is None


def test_reports_of_the_same_date_and_languages_are_grouped_newest_date_first():
    reports = [R("4", "2011-06-30"), R("3", "2011-08-31"), R("2", "2011-08-31", ("en", "fr")), R("1", "2011-08-31")]
    groups = group_reports(reports)
    assert [(g.as_of, g.languages, [r.folder for r in g.reports]) for g in groups] == [
        ("2011-08-31", ("en", "fr"), ["2"]), ("2011-08-31", ("en",), ["3", "1"]), ("2011-06-30", ("en",), ["4"])]


def test_a_folder_of_other_things_gets_no_lock_file_either(tmp_path):
    (tmp_path / "input-versions" / "programmes.xlsx").mkdir(parents=True)
    assert read_index(tmp_path / "input-versions") == []
    assert sorted(p.name for p in (tmp_path / "input-versions").iterdir()) == ["programmes.xlsx"]
