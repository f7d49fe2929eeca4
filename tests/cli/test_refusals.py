"""Refusals on the command line: exit codes, plain messages, and never a report written."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from cli.main import main
from tests.conftest import PROJECT, find_row, set_cell
from tests.pipeline.inputs.test_refusals import rewrite_member


@pytest.fixture(autouse=True)
def private_dagster_home(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def nothing_written(outputs: Path) -> bool:
    return not outputs.exists() or not any(outputs.rglob("*"))


# ---------------------------------------------------------------- broken inputs: exit 1, nothing written

def test_validate_lists_every_problem_with_counts_word_for_word(inputs_copy, capsys):
    theme_row = find_row(inputs_copy, "programmes.xlsx", "Activities", "Code", "B5")
    description_row = find_row(inputs_copy, "programmes.xlsx", "Activities", "Code", "B6")
    set_cell(inputs_copy, "programmes.xlsx", "Activities", theme_row, "Theme", "E")
    set_cell(inputs_copy, "programmes.xlsx", "Activities", description_row, "Description", None)
    code, out, err = run(capsys, "validate", "--inputs", str(inputs_copy))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0].startswith(f"The inputs in {inputs_copy} cannot be used yet. 2 problems must be fixed; ")
    assert lines[0].endswith(" warnings do not stop the report.")
    assert lines[2:5] == [
        "Must be fixed before a report can be made:",
        f"  1. programmes.xlsx, sheet 'Activities', row {description_row}, column 'Description': the cell is empty; "
        "expected a value, because 'Description' must be filled in (The activity as written.)",
        f"  2. programmes.xlsx, sheet 'Activities', row {theme_row}, column 'Theme': found 'E'; "
        "expected a theme of 'JWP 2012-2014' on the Themes sheet (A, B, C, D)",
    ]
    warnings = err[err.index("Warnings (listed in the report's 'Data issues' sheet"):].splitlines()[1:]
    assert warnings and all(w.startswith("  - ") for w in warnings)
    assert f"{len(warnings)} warnings do not stop the report." in lines[0]


def test_validate_of_usable_inputs_counts_the_warnings(capsys):
    code, out, err = run(capsys, "validate", "--inputs", str(PROJECT / "inputs"))
    assert code == 0 and err == ""
    assert out.splitlines()[1].startswith("Nothing must be fixed; ")


@pytest.mark.parametrize("breakage", ["text file", "password", "bad xml", "unsafe meeting code"])
def test_run_with_a_broken_workbook_exits_1_with_what_to_do_and_writes_nothing(breakage, inputs_copy, tmp_path, capsys):
    meetings = inputs_copy / "meetings.xlsx"
    if breakage == "text file":
        meetings.write_text("Meeting,Number\nStC38,38\n")
        says = f"{meetings} is not an Excel workbook; open it in Excel and save it as .xlsx"
    elif breakage == "password":
        msoffcrypto = pytest.importorskip("msoffcrypto.format.ooxml")
        plain = tmp_path / "plain.xlsx"
        shutil.copy(meetings, plain)
        with plain.open("rb") as handle, meetings.open("wb") as out:
            msoffcrypto.OOXMLFile(handle).encrypt("secret", out)
        says = f"{meetings} is protected by a password, so it cannot be read; open it in Excel, remove the password"
    elif breakage == "bad xml":
        rewrite_member(meetings, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"Bergen", b"&bergen;", 1))
        says = "meetings.xlsx, sheet 'Meetings': the sheet is damaged and cannot be read"
    else:
        set_cell(inputs_copy, "meetings.xlsx", "Meetings", 2, "Meeting", "../StC38")
        says = "meetings.xlsx, sheet 'Meetings', row 2, column 'Meeting': found '../StC38'; expected a short code"
    outputs = tmp_path / "out"
    code, out, err = run(capsys, "run", "--meeting", "StC38", "--inputs", str(inputs_copy), "--outputs", str(outputs))
    assert code == 1
    assert "1 problem must be fixed; " in err and says in err
    assert err.rstrip().endswith("No report was written.")
    for word in ("Traceback", "ZipError", "XmlError", "PasswordError", "found nothing", "dagster"):
        assert word not in err + out
    assert nothing_written(outputs)


def test_the_console_command_shows_no_traceback_for_a_damaged_workbook(inputs_copy):
    rewrite_member(inputs_copy / "meeting_log.xlsx", "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"Genazzano", b"Genazzano &x;", 1))
    done = subprocess.run([str(Path(sys.executable).parent / "stc-report"), "validate", "--inputs", str(inputs_copy)],
                          capture_output=True, text=True, cwd=PROJECT, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "meeting_log.xlsx, sheet 'Log': the sheet is damaged and cannot be read" in done.stderr


# ---------------------------------------------------------------- a status date that would mislead: exit 2

@pytest.mark.parametrize("as_of, reason", [
    ("2099-08-31", "is in the future"),
    ("2011-12-31", "is after the meeting: StC38 opens on 19 November 2011"),
    ("2007-06-30", "is before every programme of StC38 starts"),
])
def test_misleading_status_date_is_refused_with_exit_2_and_the_flag_named(as_of, reason, tmp_path, capsys):
    outputs = tmp_path / "out"
    code, out, err = run(capsys, "run", "--meeting", "StC38", "--as-of", as_of, "--outputs", str(outputs))
    assert code == 2
    assert err.startswith(f"The report for StC38 as of {as_of} was not started:\n  - The status date ")
    assert reason in err
    assert "If this date is what you want, run the same command again with --as-of-intended.\n" in err
    assert err.rstrip().endswith("No report was written.")
    assert nothing_written(outputs) and not (tmp_path / "dagster_home").exists()


def test_the_flag_lets_an_intended_date_through(tmp_path, capsys):
    outputs = tmp_path / "out"
    code, out, err = run(capsys, "run", "--meeting", "StC38", "--as-of", "2011-11-30", "--as-of-intended",
                         "--outputs", str(outputs), "--no-pdf")
    assert code == 0, err
    assert "Note (--as-of-intended): The status date 30 November 2011 is after the meeting" in out
    assert list(outputs.rglob("UNEP-CMS-StC38-Doc3.docx"))


# ---------------------------------------------------------------- an outputs folder that cannot be written: exit 2

@contextmanager
def unwritable(folder: Path):
    """A folder nobody may write in, even root: immutable where possible, else read-only."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)]).returncode != 0:
            pytest.skip("as root, a folder can only be made unwritable with chattr +i, which this disk refuses")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)


def test_read_only_outputs_folder_is_named_with_its_cause_before_the_run(tmp_path, capsys):
    outputs = tmp_path / "locked"
    with unwritable(outputs):
        code, out, err = run(capsys, "run", "--meeting", "StC38", "--outputs", str(outputs))
        assert list(outputs.iterdir()) == []
    assert code == 2
    cause = "the system does not allow it" if os.geteuid() == 0 else "permission denied"
    assert err == (f"The outputs folder {outputs} cannot be written: {cause}. Choose another folder with --outputs "
                   "(or STC_OUTPUTS_DIR), or ask for permission to write in it.\nNo report was written.\n")
    assert out == "" and not (tmp_path / "dagster_home").exists()


def test_outputs_folder_below_a_read_only_one_names_where_it_would_be_created(tmp_path, capsys):
    parent = tmp_path / "locked"
    with unwritable(parent):
        code, _, err = run(capsys, "run", "--meeting", "StC38", "--outputs", str(parent / "reports"))
        assert list(parent.iterdir()) == []
    assert code == 2
    assert err.startswith(f"The outputs folder {parent / 'reports'} cannot be written (it would be created in {parent}): ")


def test_outputs_path_that_is_a_file_is_refused(tmp_path, capsys):
    blocker = tmp_path / "outputs.txt"
    blocker.write_text("not a folder")
    code, _, err = run(capsys, "run", "--meeting", "StC38", "--outputs", str(blocker / "reports"))
    assert code == 2
    assert err.startswith(f"The outputs folder {blocker / 'reports'} cannot be created: {blocker} is a file, not a folder.")
    assert blocker.read_text() == "not a folder"


def test_missing_inputs_folder_is_a_usage_error(tmp_path, capsys):
    code, _, err = run(capsys, "run", "--meeting", "StC38", "--inputs", str(tmp_path / "nowhere"),
                       "--outputs", str(tmp_path / "out"))
    assert code == 2 and f"The inputs folder {tmp_path / 'nowhere'} does not exist" in err
    assert nothing_written(tmp_path / "out")


def test_today_is_the_reference_for_the_future(monkeypatch):
    """The CLI asks as_of_problems with today's date, not a fixed one."""
    import cli.main as cli_main

    seen = {}

    def fake(meeting, as_of, inputs, today):
        seen["today"] = today
        return []

    monkeypatch.setattr("pipeline.status.as_of_check.as_of_problems", fake)
    cli_main._check_as_of(None, date(2011, 8, 31), None, False)
    assert seen["today"] == date.today()
