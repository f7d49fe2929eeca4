"""The command line: exit codes and messages a staff member sees."""
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main
from tests.conftest import BUNDLED_INPUTS, PROJECT, find_row, header_column, edit_sheet, set_cell


@pytest.fixture(autouse=True)
def private_dagster_home(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))


def test_validate_bundled_inputs_exits_0_and_lists_data_issues(capsys):
    assert main(["validate", "--inputs", str(BUNDLED_INPUTS)]) == 0
    out = capsys.readouterr().out
    assert "usable" in out and "June 2008" in out


def test_validate_broken_inputs_exits_1_listing_every_problem(inputs_copy, capsys):
    edit_sheet(inputs_copy, "programmes.xlsx", "Activities",
               lambda ws: ws.delete_cols(header_column(ws, "Theme")))
    set_cell(inputs_copy, "meetings.xlsx", "Meetings", 2, "Number", "thirty-eight")
    assert main(["validate", "--inputs", str(inputs_copy)]) == 1
    err = capsys.readouterr().err
    assert "programmes.xlsx, sheet 'Activities', row 1, column 'Theme'" in err
    assert "meetings.xlsx, sheet 'Meetings', row 2, column 'Number': found 'thirty-eight'" in err


def test_run_writes_docx_and_xlsx_and_prints_their_paths(tmp_path, capsys):
    outputs = tmp_path / "out"
    assert main(["run", "--meeting", "StC38", "--as-of", "2011-08-31", "--outputs", str(outputs), "--no-pdf"]) == 0
    printed = capsys.readouterr().out
    docx = next(outputs.rglob("UNEP-CMS-StC38-Doc3.docx"))
    assert str(docx) in printed and str(docx.with_suffix(".xlsx")) in printed
    assert "done   word_document" in printed


@pytest.mark.parametrize("problem", ["missing column", "duplicate code", "unknown activity"])
def test_run_with_broken_input_exits_1_and_writes_no_report(problem, inputs_copy, tmp_path, capsys):
    if problem == "missing column":
        edit_sheet(inputs_copy, "meeting_log.xlsx", "Log", lambda ws: ws.delete_cols(header_column(ws, "Outcome")))
        place = "meeting_log.xlsx, sheet 'Log', row 1, column 'Outcome'"
    elif problem == "duplicate code":
        row = find_row(inputs_copy, "programmes.xlsx", "Activities", "Code", "B2")
        set_cell(inputs_copy, "programmes.xlsx", "Activities", row, "Code", "B1")
        place = f"programmes.xlsx, sheet 'Activities', row {row}, column 'Code'"
    else:
        row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Venue", "Kigali")
        set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Activities", "B.9")
        place = f"meeting_log.xlsx, sheet 'Log', row {row}, column 'Activities'"
    outputs = tmp_path / "out"
    assert main(["run", "--meeting", "StC38", "--inputs", str(inputs_copy), "--outputs", str(outputs)]) == 1
    err = capsys.readouterr().err
    assert place in err and "No report was written" in err
    assert not outputs.exists()


def test_unknown_meeting_exits_2(capsys):
    assert main(["run", "--meeting", "StC99"]) == 2
    assert "StC38" in capsys.readouterr().err


def test_bad_as_of_date_exits_2(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["run", "--meeting", "StC38", "--as-of", "31/08/2011"])
    assert exited.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_template_writes_blank_workbooks_once(tmp_path, capsys):
    folder = tmp_path / "new-programme"
    assert main(["template", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["meeting_log.xlsx", "meetings.xlsx", "programmes.xlsx"]
    assert main(["template", str(folder)]) == 1
    assert "Nothing written" in capsys.readouterr().err


def test_console_command_gives_no_traceback_on_bad_input(tmp_path):
    command = Path(sys.executable).parent / "stc-report"
    done = subprocess.run([str(command), "validate", "--inputs", str(tmp_path)],
                          capture_output=True, text=True, cwd=PROJECT, timeout=120)
    assert done.returncode == 1
    assert "programmes.xlsx" in done.stderr and "missing" in done.stderr
    assert "Traceback" not in done.stderr


def test_run_with_a_broken_template_exits_1_names_the_file_and_writes_no_report(tmp_path, monkeypatch, capsys):
    import shutil

    import docx

    templates = tmp_path / "templates"
    shutil.copytree(PROJECT / "templates", templates)
    narrative = templates / "narrative" / "StC38.docx"
    document = docx.Document(str(narrative))
    document.add_paragraph("The Committee meets in {{ meeting.venu }}.")
    document.save(str(narrative))
    monkeypatch.setenv("STC_TEMPLATES_DIR", str(templates))
    outputs = tmp_path / "out"
    assert main(["run", "--meeting", "StC38", "--outputs", str(outputs)]) == 1
    err = capsys.readouterr().err
    assert "StC38.docx" in err and "meeting.venu" in err and "Traceback" not in err
    assert not list(outputs.rglob("*.docx")) and not list(outputs.rglob(".staging-*"))
