"""Refusals a staff member can act on: broken files, every problem in one pass, counts, new warnings."""
from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from pipeline.inputs.load import InputError, check_inputs, format_issues, read_inputs
from pipeline.inputs.messages import counts, describe
from tests.conftest import find_row, set_cell


def refused(folder: Path) -> list[str]:
    """The problems of a refused input folder, as the person reads them."""
    inputs, issues = check_inputs(folder)
    assert inputs is None, "expected the inputs to be refused"
    return [describe(i) for i in issues if i.fatal]


def rewrite_member(path: Path, member: str, change) -> None:
    """Rewrite one file inside a workbook (a zip), the others copied as they are."""
    original = path.read_bytes()
    copy = path.with_suffix(".tmp")
    copy.write_bytes(original)
    with zipfile.ZipFile(copy) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, change(data) if info.filename == member else data)
    copy.unlink()


# ---------------------------------------------------------------- files that are not usable workbooks

def test_text_file_named_xlsx_says_it_is_not_a_workbook_and_what_to_do(inputs_copy):
    (inputs_copy / "meetings.xlsx").write_text("Meeting;Number\nStC38;38\n")
    assert refused(inputs_copy) == [
        f"{inputs_copy / 'meetings.xlsx'} is not an Excel workbook; "
        "open it in Excel and save it as .xlsx (File › Save As › Excel Workbook)"]


def test_empty_file_is_not_a_workbook(inputs_copy):
    (inputs_copy / "meetings.xlsx").write_bytes(b"")
    [problem] = refused(inputs_copy)
    assert problem.startswith(f"{inputs_copy / 'meetings.xlsx'} is empty, not an Excel workbook; open it in Excel")


def test_password_protected_workbook_says_remove_the_password(inputs_copy):
    msoffcrypto = pytest.importorskip("msoffcrypto.format.ooxml")
    path = inputs_copy / "meetings.xlsx"
    plain = path.read_bytes()
    source = inputs_copy / "plain.bin"
    source.write_bytes(plain)
    with source.open("rb") as handle, path.open("wb") as out:
        msoffcrypto.OOXMLFile(handle).encrypt("secret", out)
    source.unlink()
    assert path.read_bytes()[:8] == bytes.fromhex("D0CF11E0A1B11AE1")  # really an encrypted Office file
    assert refused(inputs_copy) == [
        f"{path} is protected by a password, so it cannot be read; open it in Excel, remove the password "
        "(File › Info › Protect Workbook › Encrypt with Password: clear it) and save it"]


def test_old_office_file_without_password_says_save_as_xlsx(inputs_copy):
    path = inputs_copy / "meetings.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504)  # the header of an Excel 97-2003 file
    [problem] = refused(inputs_copy)
    assert problem == (f"{path} is not an Excel workbook (.xlsx) but an older Office file (such as Excel 97-2003 "
                       ".xls); open it in Excel and save it as .xlsx (File › Save As › Excel Workbook)")


def test_word_document_renamed_xlsx_is_not_a_workbook(inputs_copy):
    from tests.conftest import PROJECT

    (inputs_copy / "meetings.xlsx").write_bytes((PROJECT / "templates" / "report-template.docx").read_bytes())
    [problem] = refused(inputs_copy)
    assert "is not an Excel workbook (it may be another kind of document renamed .xlsx); open it in Excel" in problem


def test_undefined_xml_entity_in_a_sheet_names_the_sheet_and_gives_no_traceback(inputs_copy):
    path = inputs_copy / "meetings.xlsx"
    rewrite_member(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"Bergen", b"Bergen &nbsp;", 1))
    [problem] = refused(inputs_copy)
    assert problem == (
        "meetings.xlsx, sheet 'Meetings': the sheet is damaged and cannot be read (technical detail: "
        "at 0..0: unrecognized entity `&nbsp;`); open it in Excel and save it again as .xlsx "
        "(if Excel cannot open it either, use a backup copy)")


def test_damaged_workbook_part_is_named_with_what_to_do(inputs_copy):
    path = inputs_copy / "meetings.xlsx"
    rewrite_member(path, "xl/workbook.xml", lambda xml: xml.replace(b'name="Meetings"', b'name="Meetings &x;"'))
    [problem] = refused(inputs_copy)
    assert problem.startswith(f"{path} is damaged and cannot be read (technical detail: ")
    assert problem.endswith("open it in Excel and save it again as .xlsx (if Excel cannot open it either, "
                            "use a backup copy)")


def test_truncated_workbook_is_damaged(inputs_copy):
    path = inputs_copy / "meetings.xlsx"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    [problem] = refused(inputs_copy)
    assert problem.startswith(f"{path} is damaged and cannot be read")


def test_folder_in_place_of_a_workbook(inputs_copy):
    (inputs_copy / "meetings.xlsx").unlink()
    (inputs_copy / "meetings.xlsx").mkdir()
    assert refused(inputs_copy) == [f"{inputs_copy / 'meetings.xlsx'} is a folder, not an Excel workbook; "
                                    "put the workbook meetings.xlsx there instead"]


def test_no_message_names_an_exception_class(inputs_copy):
    (inputs_copy / "meetings.xlsx").write_text("not a spreadsheet")
    rewrite_member(inputs_copy / "meeting_log.xlsx", "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"Genazzano", b"&bad;", 1))
    text = format_issues(check_inputs(inputs_copy)[1])
    assert text.startswith("2 problems must be fixed; ") and "sheet 'Log': the sheet is damaged" in text
    for word in ("ZipError", "XmlError", "CalamineError", "found nothing", "Traceback", "Dagster"):
        assert word not in text


def test_broken_files_and_bad_cells_in_other_workbooks_are_listed_together(inputs_copy):
    (inputs_copy / "meetings.xlsx").write_text("not a spreadsheet")
    set_cell(inputs_copy, "programmes.xlsx", "Programmes", 2, "First year", "two thousand")
    problems = refused(inputs_copy)
    assert len(problems) == 2
    assert problems[0].startswith("programmes.xlsx, sheet 'Programmes', row 2, column 'First year'")
    assert "meetings.xlsx is not an Excel workbook" in problems[1]


# ---------------------------------------------------------------- every problem in one pass, with counts

def test_cell_and_cross_sheet_problems_are_all_listed_with_counts(inputs_copy):
    """The issue's example: an empty description and an unknown theme, both reported at once."""
    theme_row = find_row(inputs_copy, "programmes.xlsx", "Activities", "Code", "B5")
    description_row = find_row(inputs_copy, "programmes.xlsx", "Activities", "Code", "B6")
    set_cell(inputs_copy, "programmes.xlsx", "Activities", theme_row, "Theme", "E")
    set_cell(inputs_copy, "programmes.xlsx", "Activities", description_row, "Description", None)
    inputs, issues = check_inputs(inputs_copy)
    assert inputs is None
    assert [describe(i) for i in issues if i.fatal] == [
        f"programmes.xlsx, sheet 'Activities', row {description_row}, column 'Description': the cell is empty; "
        "expected a value, because 'Description' must be filled in (The activity as written.)",
        f"programmes.xlsx, sheet 'Activities', row {theme_row}, column 'Theme': found 'E'; "
        "expected a theme of 'JWP 2012-2014' on the Themes sheet (A, B, C, D)",
    ]
    warnings = [i for i in issues if not i.fatal]
    assert warnings and counts(issues) == f"2 problems must be fixed; {len(warnings)} warnings do not stop the report."
    text = format_issues(issues)
    assert text.splitlines()[0] == counts(issues)
    fix_at = text.index("Must be fixed before a report can be made:")
    warn_at = text.index("Warnings (listed in the report's 'Data issues' sheet; the report is still made):")
    assert fix_at < text.index("  1. programmes.xlsx") < text.index("  2. programmes.xlsx") < warn_at


def test_counts_are_singular_for_one():
    from pipeline.model import DataIssue

    one = [DataIssue("a.xlsx", "S", 2, "C", "x", "y", True), DataIssue("a.xlsx", "S", 3, "C", "x", "y", False)]
    assert counts(one) == "1 problem must be fixed; 1 warning does not stop the report."
    assert counts(one[1:]) == "Nothing must be fixed; 1 warning does not stop the report."


def test_a_bad_row_does_not_hide_the_problems_of_the_rows_that_refer_to_it(inputs_copy):
    """A log row with a bad outcome is still checked for the activities it names."""
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Venue", "Genazzano")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Outcome", "finished")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Activities", "B.1; Z9")
    problems = refused(inputs_copy)
    assert [p.split(":")[0] for p in problems] == [
        f"meeting_log.xlsx, sheet 'Log', row {row}, column 'Outcome'",
        f"meeting_log.xlsx, sheet 'Log', row {row}, column 'Activities'"]


def test_references_to_a_sheet_that_could_not_be_read_are_not_called_unknown(inputs_copy):
    """A damaged Themes sheet is one problem, not one more per activity."""
    set_cell(inputs_copy, "programmes.xlsx", "Programmes", 2, "Programme", None)
    problems = refused(inputs_copy)
    assert len(problems) == 1 and "column 'Programme': the cell is empty" in problems[0]


def test_input_error_carries_the_counts_and_every_problem(inputs_copy):
    (inputs_copy / "meetings.xlsx").write_text("not a spreadsheet")
    with pytest.raises(InputError) as raised:
        read_inputs(inputs_copy)
    text = str(raised.value)
    assert text.startswith("1 problem must be fixed; ") and "meetings.xlsx is not an Excel workbook" in text


# ---------------------------------------------------------------- inputs that would mislead: warnings

def test_log_date_in_the_future_is_a_warning_naming_the_cell(inputs_copy):
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Venue", "Genazzano")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Start", "June 2031")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "End", None)
    inputs, issues = check_inputs(inputs_copy, today=date(2026, 5, 4))
    assert inputs is not None
    [issue] = [i for i in issues if i.sheet == "Log" and i.row == row and "today" in i.expected]
    assert not issue.fatal
    assert describe(issue) == (
        f"meeting_log.xlsx, sheet 'Log', row {row}, column 'Start': found 'June 2031'; expected a date not after "
        "today (4 May 2026): an event still to come is not yet evidence of progress, and counts only from the "
        "day it happens; check the year")
    assert issue in inputs.issues


def test_log_date_of_today_is_not_flagged(inputs_copy):
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Venue", "Genazzano")
    _, before = check_inputs(inputs_copy, today=date(2010, 7, 19))
    assert not any(i.row == row and "not after today" in i.expected for i in before)
    _, after = check_inputs(inputs_copy, today=date(2010, 7, 18))
    assert any(i.row == row and "not after today" in i.expected for i in after)


def test_text_longer_than_an_excel_cell_is_a_warning(inputs_copy):
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Venue", "Genazzano")
    # Excel and openpyxl cut a cell at 32,767 characters; other programs do not: write the sheet's XML.
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Summary", "LONG-TEXT-HERE")
    rewrite_member(inputs_copy / "meeting_log.xlsx", "xl/worksheets/sheet1.xml",
                   lambda xml: xml.replace(b"LONG-TEXT-HERE", b"word " * 8000))
    inputs, issues = check_inputs(inputs_copy)
    assert inputs is not None
    [issue] = [i for i in issues if i.row == row and i.column == "Summary"]
    assert not issue.fatal and issue.sheet == "Log"
    assert describe(issue) == (
        f"meeting_log.xlsx, sheet 'Log', row {row}, column 'Summary': found 'word word word word word word word "
        "word word word word wo... (39,999 characters)'; expected a text of at most 32,767 characters, the "
        "most a cell of Excel can hold; this one has 39,999: shorten it, or the report's workbook cannot show it whole")


@pytest.mark.parametrize("code", ["..", "StC/39", "StC 39", "StC39?", "../StC39", "StC39."])
def test_meeting_code_that_cannot_name_a_folder_is_refused(inputs_copy, code):
    set_cell(inputs_copy, "meetings.xlsx", "Meetings", 2, "Meeting", code)
    assert refused(inputs_copy) == [
        f"meetings.xlsx, sheet 'Meetings', row 2, column 'Meeting': found '{code}'; expected a short code of "
        "letters, digits, '-', '_' or '.' without spaces, e.g. StC39 (it names the report's folder and files, "
        "so '/', '..', spaces and other signs cannot be used)"]


@pytest.mark.parametrize("code", ["StC39", "StC-39", "StC_39", "StC.39"])
def test_safe_meeting_codes_are_accepted(inputs_copy, code):
    set_cell(inputs_copy, "meetings.xlsx", "Meetings", 2, "Meeting", code)
    assert read_inputs(inputs_copy).meeting(code) is not None


def test_programme_year_out_of_range_is_refused(inputs_copy):
    set_cell(inputs_copy, "programmes.xlsx", "Programmes", 2, "Last year", 99999)
    [problem] = refused(inputs_copy)
    assert problem.endswith("column 'Last year': found '99999'; expected a year from 1970 to 2100")
