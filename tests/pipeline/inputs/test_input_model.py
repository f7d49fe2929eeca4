"""The input model's newer columns: per-activity Outcomes, the Partner and Lead, a programme's
adopted title over time, Planned events; each bad cell named by file, sheet, row and column."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from pipeline.assemble import build_report
from pipeline.inputs.load import check_inputs, read_inputs
from pipeline.inputs.pairs import parse_outcomes, parse_pairs
from pipeline.model import ADOPTED, CLOSED, DRAFT
from tests.conftest import BUNDLED_INPUTS, edit_sheet, find_row, header_column, set_cell


def fatal(folder) -> list[str]:
    inputs, issues = check_inputs(folder)
    return [str(i) for i in issues if i.fatal]


# ---------------------------------------------------------------- Outcomes

def test_outcomes_are_read_as_code_and_outcome_pairs():
    assert parse_outcomes("B7: completed; B9: Progress\nB10:decision taken") == (
        ("B7", "completed"), ("B9", "progress"), ("B10", "decision taken"))
    assert parse_outcomes(None) == ()
    with pytest.raises(ValueError):
        parse_outcomes("B7 completed")
    with pytest.raises(ValueError):
        parse_outcomes("B7: finished")


def test_an_outcome_that_is_not_allowed_is_named_with_its_cell(inputs_copy):
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Entry", "L02")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Outcomes", "A.1: finished")
    assert fatal(inputs_copy) == [
        f"meeting_log.xlsx, sheet 'Log', row {row}, column 'Outcomes': found 'A.1: finished'; 'code: outcome' "
        "pairs separated by ';', e.g. 'B7: completed; B9: progress', each outcome one of: progress, completed, "
        "decision taken, postponed, cancelled"]


def test_an_outcome_for_an_activity_the_row_does_not_name_is_refused(inputs_copy):
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Entry", "L02")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Outcomes", "A.1: completed; B.1: completed")
    assert fatal(inputs_copy) == [
        f"meeting_log.xlsx, sheet 'Log', row {row}, column 'Outcomes': found 'B.1: completed'; codes among the "
        "row's Activities (A.1; A.2; A.3; A.4); 'B.1' is not one of them: add it to Activities or correct the code"]


def test_an_outcome_per_activity_decides_that_activity_only(inputs_copy):
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Entry", "L02")  # 25 May 2008, A.1-A.4, progress
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Outcomes", "A.2: completed")
    report = build_report(read_inputs(inputs_copy), "StC38", generated_at=datetime(2011, 9, 27),
                          snapshots_dir=inputs_copy / "none")
    statuses = {s.activity.code: s for s in report.reported.statuses}
    assert statuses["A.2"].status.value == "Completed"
    assert statuses["A.1"].status.value != "Completed"
    entry = next(e for e in report.reported.log if e.id == "L02")
    assert (entry.outcome_for("A.2"), entry.outcome_for("a.1")) == ("completed", "progress")


# ---------------------------------------------------------------- Partner and Lead

def test_the_bundled_programmes_are_with_cites():
    inputs = read_inputs(BUNDLED_INPUTS)
    assert {p.partner for p in inputs.programmes} == {"CITES"}


def test_an_empty_partner_is_cites(inputs_copy):
    set_cell(inputs_copy, "programmes.xlsx", "Programmes", 2, "Partner", None)
    assert read_inputs(inputs_copy).programmes[0].partner == "CITES"


def test_a_lead_naming_another_partner_than_the_programmes_is_refused(inputs_copy):
    row = find_row(inputs_copy, "programmes.xlsx", "Activities", "Code", "B6")
    set_cell(inputs_copy, "programmes.xlsx", "Activities", row, "Lead", "Ramsar")
    assert fatal(inputs_copy) == [
        f"programmes.xlsx, sheet 'Activities', row {row}, column 'Lead': found 'Ramsar'; one of: CMS, CITES, Joint "
        "(the partner is the 'Partner' of programme 'JWP 2012-2014' on the Programmes sheet)"]


def test_a_species_listing_per_partner():
    assert parse_pairs("CITES: II; IWC: Schedule") == (("CITES", "II"), ("IWC", "Schedule"))
    with pytest.raises(ValueError):
        parse_pairs("II")


def test_the_cites_appendix_column_is_the_listing_under_cites(inputs_copy):
    set_cell(inputs_copy, "programmes.xlsx", "Species", 2, "CITES Appendix", "II")
    set_cell(inputs_copy, "programmes.xlsx", "Species", 2, "Partner listings", "IWC: Schedule")
    species = read_inputs(inputs_copy).species[0]
    assert (species.listing("CITES"), species.listing("iwc"), species.listing("Ramsar")) == ("II", "Schedule", "")


# ---------------------------------------------------------------- a programme's title over time

def test_jwp_is_a_draft_until_adopted_then_closed_after_its_last_year():
    jwp = read_inputs(BUNDLED_INPUTS).programme("JWP 2012-2014")
    assert jwp.adopted_on == date(2012, 11, 8)
    assert [jwp.state_on(d) for d in (date(2011, 8, 31), date(2012, 11, 8), date(2015, 1, 1))] == [
        DRAFT, ADOPTED, CLOSED]
    assert jwp.as_of(date(2012, 11, 7)).title == "Draft CMS CITES Joint Work Programme 2012-2014"
    assert jwp.as_of(date(2012, 11, 8)).title == "CMS CITES Joint Work Programme 2012-2014"


def test_a_report_prints_the_title_valid_at_its_status_date():
    inputs = read_inputs(BUNDLED_INPUTS)
    then = build_report(inputs, "StC38", generated_at=datetime(2011, 9, 27))
    assert then.planned.programme.title == "Draft CMS CITES Joint Work Programme 2012-2014"
    later = build_report(inputs, "StC38", as_of=date(2013, 3, 31), generated_at=datetime(2013, 4, 1))
    assert later.planned.programme.title == "CMS CITES Joint Work Programme 2012-2014"
    assert later.planned.total.label == "CMS CITES Joint Work Programme 2012-2014"


def test_the_adopted_title_in_french():
    from pipeline.report_model import in_language

    later = build_report(read_inputs(BUNDLED_INPUTS), "StC38", as_of=date(2013, 3, 31), generated_at=datetime(2013, 4, 1))
    assert in_language(later, "fr").planned.programme.title == "Programme de travail conjoint CMS-CITES 2012-2014"


def test_an_adopted_title_without_its_date_is_refused(inputs_copy):
    set_cell(inputs_copy, "programmes.xlsx", "Programmes", 3, "Adopted on", None)
    assert fatal(inputs_copy) == [
        "programmes.xlsx, sheet 'Programmes', row 3, column 'Adopted on': found nothing; the day the programme was "
        "adopted, since it has an Adopted title ('CMS CITES Joint Work Programme 2012-2014'); without it, the "
        "Adopted title is never printed"]


# ---------------------------------------------------------------- Planned events

def _add_planned(folder, rows):
    def edit(ws):
        for values in rows:
            ws.append(values)
    edit_sheet(folder, "programmes.xlsx", "Planned events", edit)


def test_planned_events_are_optional_and_checked(inputs_copy):
    import openpyxl

    book = openpyxl.load_workbook(inputs_copy / "programmes.xlsx")
    del book["Planned events"]
    book.save(inputs_copy / "programmes.xlsx")
    assert read_inputs(inputs_copy).planned_events == ()


def test_a_planned_event_of_an_unknown_activity_and_a_log_row_naming_another_activitys_item(inputs_copy):
    _add_planned(inputs_copy, [("JWP 2012-2014", "D4", "D4.1", "March 2012", "26th meeting of the Animals Committee"),
                               ("JWP 2012-2014", "D9", "D9.1", "2013", "Unknown")])
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Entry", "L02")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Planned events", "D4.1")
    assert fatal(inputs_copy) == [
        "programmes.xlsx, sheet 'Planned events', row 3, column 'Activity': found 'D9'; an activity code of "
        "programme 'JWP 2012-2014' on the Activities sheet",
        f"meeting_log.xlsx, sheet 'Log', row {row}, column 'Planned events': found 'D4.1'; an item of programme "
        "'JA 2008-2011' on the Planned events sheet of programmes.xlsx"]


def test_a_planned_event_happens_with_the_log_row_that_names_it(inputs_copy):
    _add_planned(inputs_copy, [("JWP 2012-2014", "D4", "D4.1", "March 2012", "26th meeting of the Animals Committee"),
                               ("JWP 2012-2014", "D4", "D4.2", "May 2012", "SBSTTA 16")])

    def edit(ws):
        values = {"Entry": "X1", "Start": datetime(2012, 3, 15), "Kind": "meeting", "Event": "AC26",
                  "Programme": "JWP 2012-2014", "Activities": "D4", "Outcome": "progress",
                  "Summary": "CMS attended AC26.", "Planned events": "D4.1"}
        row = ws.max_row + 1
        for header, value in values.items():
            ws.cell(row, header_column(ws, header)).value = value
    edit_sheet(inputs_copy, "meeting_log.xlsx", "Log", edit)
    inputs = read_inputs(inputs_copy)
    before = build_report(inputs, "StC38", as_of=date(2012, 2, 29), generated_at=datetime(2012, 3, 1))
    after = build_report(inputs, "StC38", as_of=date(2012, 6, 30), generated_at=datetime(2012, 7, 1))
    assert [(p.event.item, p.has_happened) for p in before.planned.planned_events] == [("D4.1", False), ("D4.2", False)]
    assert [(p.event.item, p.happened.id if p.happened else None) for p in after.planned.planned_events] == [
        ("D4.1", "X1"), ("D4.2", None)]
