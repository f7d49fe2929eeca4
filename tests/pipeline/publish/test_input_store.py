"""The input workbooks replaced, refused and restored through the store: a refused candidate changes
nothing, an accepted one keeps the version it replaces, and every version can come back."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.publish.input_store import (
    FOUND, REPLACED, RESTORED, InputsRefused, checksum_of, history, kept_path, materialise, replace_input,
    restore_input, snapshot_inputs)
from tests.conftest import set_cell


def edited(inputs: Path, tmp_path: Path, edit) -> bytes:
    """The bytes of a copy of meeting_log.xlsx changed by edit(folder)."""
    folder = tmp_path / "candidate"
    folder.mkdir(exist_ok=True)
    shutil.copy(inputs / "meeting_log.xlsx", folder / "meeting_log.xlsx")
    edit(folder)
    return (folder / "meeting_log.xlsx").read_bytes()


def test_a_candidate_with_a_problem_is_refused_with_the_validate_listing_and_nothing_changes(inputs_copy, tmp_path):
    outputs = tmp_path / "outputs"
    row = 2
    data = edited(inputs_copy, tmp_path, lambda f: set_cell(f, "meeting_log.xlsx", "Log", row, "Start", "someday"))
    before = (inputs_copy / "meeting_log.xlsx").read_bytes()
    with pytest.raises(InputsRefused) as refused:
        replace_input(inputs_copy, outputs, "meeting_log.xlsx", data, "amina")
    message = str(refused.value)
    assert "Nothing was changed" in message
    assert "meeting_log.xlsx, sheet 'Log', row 2, column 'Start': found 'someday'" in message
    assert (inputs_copy / "meeting_log.xlsx").read_bytes() == before
    assert history(outputs, "meeting_log.xlsx") == []


def test_an_accepted_candidate_is_installed_and_the_previous_version_kept_then_restored(inputs_copy, tmp_path):
    outputs = tmp_path / "outputs"
    original = checksum_of(inputs_copy / "meeting_log.xlsx")
    data = edited(inputs_copy, tmp_path, lambda f: set_cell(f, "meeting_log.xlsx", "Log", 2, "Venue", "Geneva, new"))
    version = replace_input(inputs_copy, outputs, "meeting_log.xlsx", data, "amina", note="my-log.xlsx")
    assert (inputs_copy / "meeting_log.xlsx").read_bytes() == data
    listed = history(outputs, "meeting_log.xlsx")
    assert [(v.action, v.by) for v in listed] == [(REPLACED, "amina"), (FOUND, "")]
    assert listed[0] == version and version.size == len(data) and version.problems == 0
    assert listed[1].checksum == original and kept_path(outputs, original).is_file()

    restored = restore_input(inputs_copy, outputs, original[:10], "omar")
    assert checksum_of(inputs_copy / "meeting_log.xlsx") == original
    assert [(v.action, v.by) for v in history(outputs, "meeting_log.xlsx")][:1] == [(RESTORED, "omar")]
    assert restored.checksum == original


def test_the_same_file_again_and_a_wrong_name_are_refused(inputs_copy, tmp_path):
    outputs = tmp_path / "outputs"
    with pytest.raises(InputsRefused, match="current version of meeting_log.xlsx already"):
        replace_input(inputs_copy, outputs, "meeting_log.xlsx", (inputs_copy / "meeting_log.xlsx").read_bytes(), "a")
    with pytest.raises(InputsRefused, match="is not one of the input workbooks"):
        replace_input(inputs_copy, outputs, "log (2).xlsx", b"PK", "a")
    with pytest.raises(InputsRefused, match="No kept version"):
        restore_input(inputs_copy, outputs, "abcdef12", "a")


def test_a_snapshot_keeps_each_workbook_once_and_materialises_them(inputs_copy, tmp_path):
    outputs = tmp_path / "outputs"
    first = snapshot_inputs(inputs_copy, outputs)
    assert snapshot_inputs(inputs_copy, outputs) == first
    assert sorted(first) == ["meeting_log.xlsx", "meetings.xlsx", "programmes.xlsx"]
    assert len(list((outputs / "input-versions").glob("*.xlsx"))) == 3
    folder = materialise(outputs, first, tmp_path / "again")
    assert {p.name: checksum_of(p) for p in folder.iterdir()} == first


def test_a_zip_bomb_candidate_is_refused_before_it_is_unpacked_and_nothing_changes(inputs_copy, tmp_path):
    """Item 7 of the upload: the candidate's parts are bounded before anything parses it."""
    from tests.zip_bombs import xlsx_bomb

    outputs = tmp_path / "outputs"
    bomb = xlsx_bomb(inputs_copy / "meeting_log.xlsx", tmp_path / "bomb.xlsx", megabytes=300)
    before = (inputs_copy / "meeting_log.xlsx").read_bytes()
    with pytest.raises(InputsRefused) as refused:
        replace_input(inputs_copy, outputs, "meeting_log.xlsx", bomb.read_bytes(), "amina")
    assert "would unpack to 300 MB, more than the 100 MB a part may" in str(refused.value)
    assert (inputs_copy / "meeting_log.xlsx").read_bytes() == before
    assert history(outputs, "meeting_log.xlsx") == []
