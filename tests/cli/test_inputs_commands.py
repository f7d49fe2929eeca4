"""`stc-report inputs history|replace|restore|download`, `stc-report rerun`, and a workbook replaced
while a run is under way: the run's report is made from the inputs as they were when it started."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import assets.report_assets as report_assets
from cli.main import main
from pipeline.publish.input_store import checksum_of, replace_input
from tests.conftest import set_cell
from tests.test_outputs_unchanged import docx_lines, xlsx_lines

NEW_VENUE = "Bonn, changed after the report was sent"


@pytest.fixture(autouse=True)
def dagster_home(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))


def changed_log(inputs: Path, tmp_path: Path, column: str, value) -> Path:
    folder = tmp_path / f"new-{column}"
    folder.mkdir()
    shutil.copy(inputs / "meeting_log.xlsx", folder / "meeting_log.xlsx")
    set_cell(folder, "meeting_log.xlsx", "Log", 2, column, value)
    return folder / "meeting_log.xlsx"


def test_replace_refused_exits_1_with_the_validate_listing_then_accepted_listed_and_restored(
        inputs_copy, tmp_path, capsys):
    outputs = tmp_path / "outputs"
    where = ["--inputs", str(inputs_copy), "--outputs", str(outputs)]
    original = checksum_of(inputs_copy / "meeting_log.xlsx")
    assert main(["inputs", "replace", str(changed_log(inputs_copy, tmp_path, "Start", "someday")), *where]) == 1
    err = capsys.readouterr().err
    assert "Nothing was changed" in err and "meeting_log.xlsx, sheet 'Log', row 2, column 'Start'" in err
    assert checksum_of(inputs_copy / "meeting_log.xlsx") == original

    assert main(["inputs", "replace", str(changed_log(inputs_copy, tmp_path, "Venue", NEW_VENUE)), *where]) == 0
    assert "the previous version is kept" in capsys.readouterr().out
    assert main(["inputs", "history", *where]) == 0
    out = capsys.readouterr().out
    assert f"  {original[:12]}  " in out and "as it was before" in out and "replaced by" in out
    assert [line for line in out.splitlines() if "replaced by" in line][0].endswith("(current)")

    target = tmp_path / "old.xlsx"
    assert main(["inputs", "download", "meeting_log.xlsx", "--version", original[:8], "--to", str(target), *where]) == 0
    assert checksum_of(target) == original
    assert main(["inputs", "restore", original[:8], *where]) == 0
    assert checksum_of(inputs_copy / "meeting_log.xlsx") == original
    assert main(["inputs", "restore", "zzzz", *where]) == 1


def report_folder(outputs: Path) -> list[Path]:
    return sorted(p.parent for p in (outputs / "StC38").glob("*/report.json"))


def cells(report: Path, name: str) -> list[str]:
    """The workbook's cells but the one saying when it was generated (Summary B5)."""
    generated = json.loads((report / "report.json").read_text())["generated_at"][:19]
    return [line for line in xlsx_lines(report / f"{name}.xlsx") if generated not in line]


def test_rerun_makes_the_same_document_and_workbook_after_the_inputs_changed(inputs_copy, tmp_path, capsys):
    outputs = tmp_path / "outputs"
    assert main(["run", "--meeting", "StC38", "--as-of", "2011-08-31", "--inputs", str(inputs_copy),
                 "--outputs", str(outputs), "--no-pdf"]) == 0
    [original] = report_folder(outputs)
    recorded = json.loads((original / "report.json").read_text())
    assert recorded["inputs"] == {name: checksum_of(inputs_copy / name) for name in recorded["inputs"]}
    assert len(recorded["inputs"]) == 3

    replace_input(inputs_copy, outputs, "meeting_log.xlsx",
                  changed_log(inputs_copy, tmp_path, "Venue", NEW_VENUE).read_bytes(), "test")
    capsys.readouterr()
    assert main(["rerun", str(original), "--outputs", str(outputs), "--no-pdf"]) == 0
    again = next(p for p in report_folder(outputs) if p != original)
    name = "UNEP-CMS-StC38-Doc3"
    assert docx_lines(again / f"{name}.docx") == docx_lines(original / f"{name}.docx")
    assert cells(again, name) == cells(original, name)
    assert json.loads((again / "report.json").read_text())["inputs"] == recorded["inputs"]


def test_a_workbook_replaced_while_a_run_is_under_way_does_not_reach_its_report(inputs_copy, tmp_path, monkeypatch,
                                                                                capsys):
    outputs = tmp_path / "outputs"
    original = checksum_of(inputs_copy / "meeting_log.xlsx")
    new_log = changed_log(inputs_copy, tmp_path, "Venue", NEW_VENUE).read_bytes()
    reading = report_assets.read_inputs

    def upload_meanwhile(folder):  # the run has taken its snapshot and now reads it; an officer uploads
        replace_input(inputs_copy, outputs, "meeting_log.xlsx", new_log, "officer")
        return reading(folder)

    monkeypatch.setattr(report_assets, "read_inputs", upload_meanwhile)
    assert main(["run", "--meeting", "StC38", "--as-of", "2011-08-31", "--inputs", str(inputs_copy),
                 "--outputs", str(outputs), "--no-pdf"]) == 0
    assert checksum_of(inputs_copy / "meeting_log.xlsx") != original  # the upload was installed
    [report] = report_folder(outputs)
    assert json.loads((report / "report.json").read_text())["inputs"]["meeting_log.xlsx"] == original
    assert not any(NEW_VENUE in line for line in xlsx_lines(report / "UNEP-CMS-StC38-Doc3.xlsx"))


def sheet_rows(path: Path, title: str) -> list[tuple] | None:
    import openpyxl

    book = openpyxl.load_workbook(path)
    return [tuple(r) for r in book[title].iter_rows(values_only=True)] if title in book.sheetnames else None


def test_the_workbook_lists_the_input_rows_changed_since_the_report_marked_as_sent(inputs_copy, tmp_path):
    from pipeline.publish.report_choices import record_choice

    outputs = tmp_path / "outputs"
    run = ["run", "--meeting", "StC38", "--as-of", "2011-08-31", "--inputs", str(inputs_copy),
           "--outputs", str(outputs), "--no-pdf"]
    assert main(run) == 0
    [sent] = report_folder(outputs)
    name = "UNEP-CMS-StC38-Doc3"
    assert sheet_rows(sent / f"{name}.xlsx", "Input changes") is None  # nothing marked as sent yet
    record_choice(outputs / "StC38", sent.name, "official", "amina")

    assert main(run) == 0  # the same inputs: no sheet
    assert all(sheet_rows(p / f"{name}.xlsx", "Input changes") is None for p in report_folder(outputs))

    replace_input(inputs_copy, outputs, "meeting_log.xlsx",
                  changed_log(inputs_copy, tmp_path, "Venue", NEW_VENUE).read_bytes(), "test")
    before = set(report_folder(outputs))
    assert main([*run, "--language", "en,fr"]) == 0
    [latest] = [p for p in report_folder(outputs) if p not in before]
    rows = sheet_rows(latest / f"{name}.xlsx", "Input changes")
    assert rows[0] == ("File", "Sheet", "Change", "Row", "Compared with the report sent")
    assert len(rows) == 2
    assert rows[1][:3] == ("meeting_log.xlsx", "Log", "row changed") and rows[1][4] == sent.name
    assert rows[1][3]  # the log entry's id, as staff know it
    french = sheet_rows(latest / f"{name}.fr.xlsx", "Données modifiées")
    assert french is not None and french[1][2] == "ligne modifiée"
    book_titles = __import__("openpyxl").load_workbook(latest / f"{name}.xlsx").sheetnames
    assert book_titles[-2:] == ["Input changes", "Legend"]
