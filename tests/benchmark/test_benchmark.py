"""The benchmark's inputs and floor: scaled inputs are valid inputs of the documented format,
every activity and log row copied `factor` times; the floor writes a row per activity and log
row. (Speed itself is measured by `python -m benchmark`, never asserted in a test.)"""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from docx import Document

from benchmark.floor import floor
from benchmark.generate import scale_inputs
from pipeline.inputs.load import check_inputs, read_inputs
from tests.conftest import BUNDLED_INPUTS

FACTOR = 4


@pytest.fixture(scope="module")
def scaled_folder(tmp_path_factory) -> Path:
    return scale_inputs(FACTOR, tmp_path_factory.mktemp("scaled"))


def test_scaled_inputs_pass_the_input_checks_with_every_row_copied(scaled_folder):
    bundled = read_inputs(BUNDLED_INPUTS)
    inputs, problems = check_inputs(scaled_folder)
    assert inputs is not None, problems
    assert len(inputs.activities) == FACTOR * len(bundled.activities)
    assert len(inputs.log) == FACTOR * len(bundled.log)
    assert len(inputs.species) == FACTOR * len(bundled.species)
    assert inputs.themes == bundled.themes and inputs.meetings == bundled.meetings
    codes = {(a.programme_id, a.code) for a in inputs.activities}
    assert len(codes) == len(inputs.activities)
    for entry in inputs.log:
        assert all((entry.programme_id, code) in codes for code in entry.activities), entry.id


def test_copied_log_rows_stay_inside_their_programme_years(scaled_folder):
    inputs = read_inputs(scaled_folder)
    years = {p.id: (p.start_year, p.end_year) for p in inputs.programmes}
    for entry in inputs.log:
        if entry.latest is not None and "." in entry.id:
            first, last = years[entry.programme_id]
            assert first <= entry.latest.year <= last, entry.id


def test_the_floor_writes_a_row_per_activity_and_log_row(scaled_folder, tmp_path):
    activities, log = floor(scaled_folder, tmp_path)
    inputs = read_inputs(scaled_folder)
    assert (activities, log) == (len(inputs.activities), len(inputs.log))
    assert len(Document(str(tmp_path / "floor.docx")).tables[0].rows) == 1 + activities + log
    assert openpyxl.load_workbook(tmp_path / "floor.xlsx").active.max_row == 1 + activities
