"""Rows added, changed and removed between two versions of the inputs, per workbook and sheet."""
from __future__ import annotations

import shutil

from pipeline.publish.input_changes import input_changes
from tests.conftest import edit_sheet, set_cell


def test_a_changed_and_an_added_log_row_and_a_removed_meeting_are_named(inputs_copy, tmp_path):
    before = tmp_path / "before"
    shutil.copytree(inputs_copy, before)
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", 2, "Venue", "Bonn, changed")

    def add_row(ws):
        ws.append([c.value for c in ws[3]])
        ws.cell(ws.max_row, 1).value = "L-NEW"

    edit_sheet(inputs_copy, "meeting_log.xlsx", "Log", add_row)
    changes = input_changes(before, inputs_copy)
    assert [(c.workbook, c.sheet) for c in changes] == [("meeting_log.xlsx", "Log")]
    [log] = changes
    assert log.added == ["L-NEW"] or log.added[-1].endswith("L-NEW")
    assert len(log.changed) == 1 and log.removed == []
    assert log.line().startswith("meeting_log.xlsx, sheet Log: 1 added (")
    assert input_changes(before, before) == []
