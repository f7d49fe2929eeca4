"""'Known' data issues are those listed in the report marked as sent to the Committee (the meeting's, else
the previous meeting's), never those of a draft."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from pipeline.history.known_issues import issue_record, mark_issues
from pipeline.model import DataIssue
from pipeline.publish.report_choices import record_choice, sent_issue_keys


def _issue(row: int) -> DataIssue:
    return DataIssue(file="programmes.xlsx", sheet="Activities", row=row, column="Lead", value="",
                     expected="a lead (the organisation responsible)")


def _report(outputs: Path, meeting: str, folder: str, issues: list[DataIssue]) -> None:
    path = outputs / meeting / folder
    path.mkdir(parents=True)
    (path / "report.json").write_text(json.dumps({"meeting": meeting, "as_of": "2011-08-31", "files": {},
                                                   "issues": issue_record(issues)}), "utf-8")


def test_a_draft_makes_nothing_known(tmp_path):
    _report(tmp_path, "StC38", "2026-12-01_090000_draft", [_issue(5), _issue(6)])
    assert sent_issue_keys(tmp_path, "StC38") is None
    assert all(not m.known for m in mark_issues([_issue(5), _issue(6)], None))


def test_the_issues_of_the_report_sent_are_known_even_when_a_newer_draft_exists(tmp_path):
    _report(tmp_path, "StC38", "2026-12-01_090000_sent", [_issue(5)])
    _report(tmp_path, "StC38", "2026-12-02_090000_newer-draft", [_issue(5), _issue(6)])
    record_choice(tmp_path / "StC38", "2026-12-01_090000_sent", "official", "Ana")
    sent = sent_issue_keys(tmp_path, "StC38")
    assert (sent.meeting, sent.folder, sent.as_of) == ("StC38", "2026-12-01_090000_sent", "2011-08-31")
    marked = mark_issues([_issue(5), _issue(6)], sent.keys)
    assert [(m.issue.row, m.known) for m in marked] == [(6, False), (5, True)]


def test_without_a_report_sent_the_previous_meeting_s_counts(tmp_path):
    _report(tmp_path, "StC37", "2026-06-01_090000_sent", [_issue(7)])
    record_choice(tmp_path / "StC37", "2026-06-01_090000_sent", "official", "Ana")
    _report(tmp_path, "StC38", "2026-12-01_090000_draft", [_issue(5)])
    sent = sent_issue_keys(tmp_path, "StC38", previous_meeting="StC37")
    assert sent.meeting == "StC37" and [m.known for m in mark_issues([_issue(7)], sent.keys)] == [True]
    assert sent_issue_keys(tmp_path, "StC38") is None  # no previous meeting named: nothing to compare with


def test_known_issues_finds_the_previous_meeting_from_the_inputs(tmp_path):
    """One rule for the page, the run's workbook and the command line (report_choices.known_issues)."""
    from pipeline.inputs.load import read_inputs
    from pipeline.publish.report_choices import known_issues
    from tests.conftest import BUNDLED_INPUTS

    inputs = read_inputs(BUNDLED_INPUTS)
    stc38 = next(m for m in inputs.meetings if m.code == "StC38")
    stc37 = replace(stc38, code="StC37", start_date=date(2010, 11, 17))
    inputs = replace(inputs, meetings=(*inputs.meetings, stc37))
    assert known_issues(tmp_path, inputs, stc38) is None
    _report(tmp_path, "StC37", "2026-06-01_090000_sent", [_issue(7)])
    record_choice(tmp_path / "StC37", "2026-06-01_090000_sent", "official", "Ana")
    assert known_issues(tmp_path, inputs, stc38).meeting == "StC37"
    _report(tmp_path, "StC38", "2026-12-01_090000_sent", [_issue(5)])
    _report(tmp_path, "StC38", "2026-12-02_090000_draft", [_issue(5), _issue(6)])
    assert known_issues(tmp_path, inputs, stc38).meeting == "StC37"  # drafts of this meeting do not count
    record_choice(tmp_path / "StC38", "2026-12-01_090000_sent", "official", "Ana")
    assert known_issues(tmp_path, inputs, stc38).keys == sent_issue_keys(tmp_path, "StC38").keys
    # a report made again, made before the one sent: it cannot have been compared with it
    assert known_issues(tmp_path, inputs, stc38, before="2026-11-01_090000_old").meeting == "StC37"
