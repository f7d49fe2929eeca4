"""Reading and validating the input workbooks: good rows, bad rows, every sheet."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.inputs.load import InputError, check_inputs, read_inputs
from tests.conftest import BUNDLED_INPUTS, edit_sheet, find_row, header_column, set_cell


def fatal(folder):
    inputs, issues = check_inputs(folder)
    assert inputs is None, "expected the inputs to be refused"
    return [i for i in issues if i.fatal]


def warnings(folder):
    inputs, issues = check_inputs(folder)
    assert inputs is not None, [str(i) for i in issues if i.fatal]
    return [i for i in issues if not i.fatal]


def test_bundled_inputs_read_into_typed_records():
    inputs = read_inputs(BUNDLED_INPUTS)
    assert {p.id for p in inputs.programmes} == {"JA 2008-2011", "JWP 2012-2014"}
    assert len(inputs.activities_of("JWP 2012-2014")) == 31
    assert len(inputs.activities_of("JA 2008-2011")) == 12
    b18 = next(a for a in inputs.activities if a.code == "B18")
    assert b18.timeframe == "2012 – 14"
    assert {a.code for a in inputs.activities if a.external_funding} == {"B1", "B5", "B8", "B10", "B13"}
    genazzano = next(e for e in inputs.log if e.venue == "Genazzano")
    assert (genazzano.earliest, genazzano.latest) == (date(2010, 7, 19), date(2010, 7, 23))
    mombasa = next(e for e in inputs.log if e.venue == "Mombasa")
    assert mombasa.start.precision == "month" and mombasa.start.as_written == "June 2008"
    stc38 = inputs.meeting("StC38")
    assert (stc38.venue, stc38.start_date, stc38.symbol) == ("Bergen", date(2011, 11, 19), "UNEP/CMS/StC38/Doc.3")
    assert stc38.document_date == date(2011, 9, 27) and stc38.as_of == date(2011, 8, 31)


def test_bundled_inputs_carry_their_month_only_dates_as_warnings():
    issues = warnings(BUNDLED_INPUTS)
    mombasa_row = find_row(BUNDLED_INPUTS, "meeting_log.xlsx", "Log", "Venue", "Mombasa")
    assert any(i.row == mombasa_row and i.column == "Start" and i.value == "June 2008" for i in issues)


def test_missing_workbook_is_fatal_and_named(inputs_copy):
    (inputs_copy / "meetings.xlsx").unlink()
    [issue] = fatal(inputs_copy)
    assert issue.file == "meetings.xlsx" and "missing" in issue.expected


def test_file_that_is_not_a_workbook_is_fatal(inputs_copy):
    (inputs_copy / "meetings.xlsx").write_text("not a spreadsheet")
    [issue] = fatal(inputs_copy)
    assert issue.file == "meetings.xlsx" and "Excel workbook" in issue.expected


def test_missing_sheet_is_fatal_and_named(inputs_copy):
    edit_sheet(inputs_copy, "programmes.xlsx", "Species", lambda ws: setattr(ws, "title", "Espèces"))
    [issue] = fatal(inputs_copy)
    assert (issue.file, issue.sheet) == ("programmes.xlsx", "Species")
    assert "Espèces" in issue.value


def test_missing_required_column_is_fatal_with_row_1(inputs_copy):
    edit_sheet(inputs_copy, "programmes.xlsx", "Activities",
               lambda ws: ws.delete_cols(header_column(ws, "Description")))
    [issue] = fatal(inputs_copy)
    assert (issue.sheet, issue.row, issue.column) == ("Activities", 1, "Description")
    assert "programmes.xlsx, sheet 'Activities', row 1, column 'Description'" in str(issue)


def test_column_headers_are_matched_whatever_their_case_and_spacing(inputs_copy):
    edit_sheet(inputs_copy, "programmes.xlsx", "Activities",
               lambda ws: ws.cell(1, header_column(ws, "Description"), "  DESCRIPTION "))
    assert read_inputs(inputs_copy).activities


def test_duplicate_activity_code_names_both_rows(inputs_copy):
    first = find_row(inputs_copy, "programmes.xlsx", "Activities", "Code", "A1")
    second = find_row(inputs_copy, "programmes.xlsx", "Activities", "Code", "A2")
    set_cell(inputs_copy, "programmes.xlsx", "Activities", second, "Code", "A1")
    [issue] = fatal(inputs_copy)
    assert (issue.row, issue.column, issue.value) == (second, "Code", "A1")
    assert f"row {first}" in issue.expected


def test_same_code_in_two_programmes_is_allowed(inputs_copy):
    row = find_row(inputs_copy, "programmes.xlsx", "Activities", "Code", "A1")
    set_cell(inputs_copy, "programmes.xlsx", "Activities", row, "Code", "A.1")  # also a JA 2008-2011 code
    inputs = read_inputs(inputs_copy)
    assert [a.programme_id for a in inputs.activities if a.code == "A.1"] == ["JA 2008-2011", "JWP 2012-2014"]


def test_log_row_naming_unknown_activity_is_fatal(inputs_copy):
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Venue", "Genazzano")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Activities", "B.1; Z9")
    [issue] = fatal(inputs_copy)
    assert (issue.file, issue.sheet, issue.row, issue.column, issue.value) == (
        "meeting_log.xlsx", "Log", row, "Activities", "Z9")


def test_every_problem_is_reported_at_once(inputs_copy):
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", 3, "Outcome", "finished")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", 4, "Start", "Jnue 2008")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", 5, "Summary", None)
    set_cell(inputs_copy, "programmes.xlsx", "Programmes", 2, "First year", "two thousand")
    found = {(i.file, i.row, i.column) for i in fatal(inputs_copy)}
    assert found == {
        ("meeting_log.xlsx", 3, "Outcome"),
        ("meeting_log.xlsx", 4, "Start"),
        ("meeting_log.xlsx", 5, "Summary"),
        ("programmes.xlsx", 2, "First year"),
    }


def test_bad_choice_lists_the_allowed_values(inputs_copy):
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", 3, "Outcome", "finished")
    [issue] = fatal(inputs_copy)
    assert issue.value == "finished"
    assert "progress, completed, decision taken, postponed, cancelled" in issue.expected


def test_choices_ignore_case(inputs_copy):
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", 3, "Outcome", "Progress")
    assert read_inputs(inputs_copy).log[1].outcome == "progress"


def test_theme_of_unknown_programme_is_fatal(inputs_copy):
    set_cell(inputs_copy, "programmes.xlsx", "Themes", 2, "Programme", "JWP 2015-2017")
    issues = fatal(inputs_copy)
    assert any(i.sheet == "Themes" and i.row == 2 and i.column == "Programme" for i in issues)


def test_activity_in_unknown_theme_is_fatal(inputs_copy):
    row = find_row(inputs_copy, "programmes.xlsx", "Activities", "Code", "B5")
    set_cell(inputs_copy, "programmes.xlsx", "Activities", row, "Theme", "E")
    [issue] = fatal(inputs_copy)
    assert (issue.row, issue.column, issue.value) == (row, "Theme", "E")
    assert "A, B, C, D" in issue.expected


def test_duplicate_species_is_fatal(inputs_copy):
    set_cell(inputs_copy, "programmes.xlsx", "Species", 3, "Common name", "saiga antelope")
    [issue] = fatal(inputs_copy)
    assert (issue.sheet, issue.row, issue.column) == ("Species", 3, "Common name")


def test_a_duplicate_compared_whatever_its_case_quotes_each_cell_as_typed(inputs_copy):
    first = find_row(inputs_copy, "programmes.xlsx", "Species", "Common name", "Saiga antelope")
    set_cell(inputs_copy, "programmes.xlsx", "Species", 3, "Common name", "SAIGA Antelope")
    [issue] = fatal(inputs_copy)
    assert issue.row == 3 and issue.value == "SAIGA Antelope"  # what row 3 holds, not 'saiga antelope'
    assert issue.expected == f"a value used once; it is already used in row {first} ('Saiga antelope')"


def test_meeting_date_must_be_a_full_date(inputs_copy):
    set_cell(inputs_copy, "meetings.xlsx", "Meetings", 2, "Start date", "November 2011")
    [issue] = fatal(inputs_copy)
    assert (issue.sheet, issue.row, issue.column) == ("Meetings", 2, "Start date")
    assert "full date" in issue.expected


def test_meeting_with_unknown_programme_is_fatal(inputs_copy):
    set_cell(inputs_copy, "meetings.xlsx", "Meetings", 2, "Reported programme", "JA 2005")
    [issue] = fatal(inputs_copy)
    assert issue.column == "Reported programme" and "JA 2008-2011" in issue.expected


def test_log_end_before_start_is_fatal(inputs_copy):
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Venue", "Genazzano")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "End", date(2010, 7, 1))
    [issue] = fatal(inputs_copy)
    assert (issue.row, issue.column) == (row, "End")


def test_unknown_species_is_a_warning_not_fatal(inputs_copy):
    row = find_row(inputs_copy, "programmes.xlsx", "Activities", "Code", "B14")
    set_cell(inputs_copy, "programmes.xlsx", "Activities", row, "Species", "Snow leopard; Yeti")
    issue = next(i for i in warnings(inputs_copy) if i.value == "Yeti")
    assert (issue.sheet, issue.row, issue.column) == ("Activities", row, "Species")


def test_funding_flag_contradicting_description_is_a_warning(inputs_copy):
    row = find_row(inputs_copy, "programmes.xlsx", "Activities", "Code", "B8")
    set_cell(inputs_copy, "programmes.xlsx", "Activities", row, "External funding", "no")
    assert any(i.row == row and i.column == "External funding" for i in warnings(inputs_copy))


def test_undated_log_row_is_a_warning(inputs_copy):
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Venue", "Genazzano")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Start", None)
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "End", None)
    assert any(i.row == row and i.column == "Start" and "in no report" in i.expected
               and "never counts" in i.expected for i in warnings(inputs_copy))


def test_empty_rows_are_ignored(inputs_copy):
    before = len(read_inputs(inputs_copy).log)
    edit_sheet(inputs_copy, "meeting_log.xlsx", "Log", lambda ws: ws.insert_rows(3, 2))
    assert len(read_inputs(inputs_copy).log) == before


def test_read_inputs_raises_with_every_fatal_message(inputs_copy):
    (inputs_copy / "meetings.xlsx").unlink()
    with pytest.raises(InputError) as raised:
        read_inputs(inputs_copy)
    assert "meetings.xlsx" in str(raised.value)


# ---------------------------------------------------------------- the log's Annex 1 and date columns

def test_bundled_log_reads_the_annex_1_columns():
    log = {e.id: e for e in read_inputs(BUNDLED_INPUTS).log}
    assert (log["L12"].in_annex, log["L13"].in_annex, log["L11"].in_annex) == (False, False, True)
    assert log["L25"].annex_label == "February 2009" and log["L02"].annex_label == ""
    assert log["L05"].annex_paragraph == "label on its own line"
    assert log["L14"].annex_paragraph == "continues the row before"
    assert log["L02"].annex_paragraph == "new"
    assert log["L17"].start is None and log["L17"].happened_by.as_written == "August 2011"


def test_undated_row_with_happened_by_is_a_warning_saying_when_it_counts(inputs_copy):
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Venue", "Genazzano")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Start", None)
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "End", None)
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Happened by", "2010")
    [issue] = [i for i in warnings(inputs_copy) if i.row == row]
    assert issue.column == "Start" and "counts as evidence from 31 December 2010" in issue.expected
    entry = next(e for e in read_inputs(inputs_copy).log if e.source.row == row)
    assert entry.latest == date(2010, 12, 31)


def test_happened_by_beside_a_start_is_a_warning(inputs_copy):
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Venue", "Genazzano")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Happened by", "2011")
    [issue] = [i for i in warnings(inputs_copy) if i.row == row]
    assert (issue.column, issue.value) == ("Happened by", "2011") and "the Start counts" in issue.expected


@pytest.mark.parametrize("header, value, expected", [
    ("Print in Annex 1", "maybe", "yes or no"),
    ("Paragraph in Annex 1", "inline", "one of: new, label on its own line, continues the row before"),
    ("Happened by", "sometime", "a month ('June 2008')"),
])
def test_bad_annex_1_and_date_cells_are_fatal_with_their_row(inputs_copy, header, value, expected):
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Venue", "Genazzano")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, header, value)
    [issue] = fatal(inputs_copy)
    assert (issue.file, issue.sheet, issue.row, issue.column, issue.value) == (
        "meeting_log.xlsx", "Log", row, header, value)
    assert expected in issue.expected
    assert f"meeting_log.xlsx, sheet 'Log', row {row}, column '{header}': found '{value}'" in str(issue)


def test_a_log_without_the_new_columns_still_reads(inputs_copy):
    """The Annex 1 and 'Happened by' columns are optional: an older log keeps working."""
    def drop(ws):
        for header in ("Date source", "Happened by", "Paragraph in Annex 1", "Label in Annex 1", "Print in Annex 1"):
            ws.delete_cols(header_column(ws, header))
    edit_sheet(inputs_copy, "meeting_log.xlsx", "Log", drop)
    log = {e.id: e for e in read_inputs(inputs_copy).log}
    assert log["L12"].in_annex and log["L17"].happened_by is None and log["L17"].latest is None


# ---------------------------------------------------------------- 'Continues': carry-over between programmes

def _continues(folder, code, value):
    row = find_row(folder, "programmes.xlsx", "Activities", "Code", code)
    set_cell(folder, "programmes.xlsx", "Activities", row, "Continues", value)
    return row


def test_continues_is_read_as_the_earlier_activities(inputs_copy):
    _continues(inputs_copy, "C1", "JA 2008-2011 C.1; JA 2008-2011 C.2")
    c1 = next(a for a in read_inputs(inputs_copy).activities if a.code == "C1")
    assert c1.continues == ("JA 2008-2011 C.1", "JA 2008-2011 C.2")


@pytest.mark.parametrize("value, says", [
    ("JWP 2008-2011 C.1", "'JWP 2008-2011' is not a programme of the Programmes sheet (JA 2008-2011, JWP 2012-2014)"),
    ("JA 2008-2011 C.9", "programme 'JA 2008-2011' has no activity 'C.9' on the Activities sheet"),
    ("C.1", "an activity of an earlier programme, as its programme and code, e.g. 'JWP 2012-2014 B10'"),
    ("JWP 2012-2014 B10", "an activity cannot continue one of its own programme ('JWP 2012-2014')"),
])
def test_continues_naming_no_earlier_activity_is_fatal_in_its_cell(inputs_copy, value, says):
    row = _continues(inputs_copy, "C1", value)
    [issue] = fatal(inputs_copy)
    assert (issue.file, issue.sheet, issue.row, issue.column, issue.value) == (
        "programmes.xlsx", "Activities", row, "Continues", value)
    assert says in issue.expected
