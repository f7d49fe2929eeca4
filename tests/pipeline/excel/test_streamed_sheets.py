"""The table sheets whose rows become cells only while the file is written (pipeline/excel/streamed.py)
make the same workbook as openpyxl's normal mode: every part of the .xlsx the same, byte for byte
(cells, shared strings, styles and their order, widths, row heights, print settings, charts), in the
three languages, with known issues, input changes and the Changes and Trend sheets."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline.assemble import build_report
from pipeline.excel import workbook
from pipeline.excel.streamed import StreamedSheet
from pipeline.excel.workbook import write_xlsx
from pipeline.inputs.load import read_inputs
from pipeline.publish.input_changes import SheetChanges
from pipeline.report_model import in_language
from tests.conftest import BUNDLED_INPUTS
from tests.pipeline.excel.test_workbook import report as hand_made  # noqa: F401  (a fixture: changes, trend, hostile text)
from tests.test_outputs_unchanged import GENERATED_AT

INPUT_CHANGES = SimpleNamespace(report="StC38/2011-08-31", sheets=[
    SheetChanges("meeting_log.xlsx", "Log", added=["L36", "=L37"], changed=["L2"], removed=[]),
    SheetChanges("programmes.xlsx", "Activities", added=[], changed=[], removed=["'JA 2008-2011 A1'"])])


def _parts(path: Path) -> dict[str, bytes]:
    """Every part of the .xlsx; the time it was saved taken out of its properties."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["docProps/core.xml"] = re.sub(rb"<dcterms:modified[^<]*</dcterms:modified>", b"",
                                        parts["docProps/core.xml"])
    return parts


def _both_ways(report, folder: Path, monkeypatch, **options) -> tuple[dict[str, bytes], dict[str, bytes]]:
    streamed = _parts(write_xlsx(report, folder / "streamed.xlsx", **options))
    with monkeypatch.context() as m:
        m.setattr(workbook, "STREAMED", frozenset())  # every sheet in openpyxl's normal mode
        normal = _parts(write_xlsx(report, folder / "normal.xlsx", **options))
    return streamed, normal


@pytest.fixture(scope="module")
def stc38():
    return build_report(read_inputs(BUNDLED_INPUTS), "StC38", generated_at=GENERATED_AT)


@pytest.mark.parametrize("code", ["en", "fr", "es"])
def test_stc38_workbook_is_the_same_file(stc38, code, tmp_path, monkeypatch):
    options = {"known_issues": [], "input_changes": INPUT_CHANGES} if code == "fr" else {}
    streamed, normal = _both_ways(in_language(stc38, code), tmp_path, monkeypatch, **options)
    assert list(streamed) == list(normal)
    for name in normal:
        assert streamed[name] == normal[name], name
    sheets = [n for n in normal if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == (10 if code == "fr" else 9)  # with Input changes in fr
    activities = streamed["xl/worksheets/sheet3.xml"]
    assert activities.count(b"<row ") == 1 + len(stc38.reported.statuses) + len(stc38.planned.statuses)
    assert b'customHeight="1"' in activities  # wrapped rows keep their heights


def test_hand_made_report_with_changes_and_trend_is_the_same_file(hand_made, tmp_path, monkeypatch):  # noqa: F811
    for code in ("en", "es"):
        streamed, normal = _both_ways(in_language(hand_made, code), tmp_path, monkeypatch)
        assert streamed == normal, code


def test_the_big_sheets_are_streamed(stc38, tmp_path, monkeypatch):
    made = []
    original = workbook.StreamedSheet.stream_table

    def spy(self, *args, **kwargs):
        made.append(self.title)
        return original(self, *args, **kwargs)
    monkeypatch.setattr(workbook.StreamedSheet, "stream_table", spy)
    write_xlsx(stc38, tmp_path / "out.xlsx")
    assert {"Activities", "Evidence", "Attention", "Species", "Changes", "Trend"} <= set(made)
    assert StreamedSheet is workbook.StreamedSheet
