"""The input workbook writer, and the bundled inputs transcribed from UNEP/CMS/StC38/Doc.3."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from pipeline.inputs import schema
from pipeline.inputs.blank_workbooks import INSTRUCTIONS, write_blank_inputs, write_workbook

INPUTS = Path(__file__).resolve().parents[3] / "inputs"


def _records(path: Path, sheet: str) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def _day(value: object) -> date:
    assert isinstance(value, datetime), value
    return value.date()


# ---------------------------------------------------------------- blank inputs

@pytest.fixture
def blank(tmp_path: Path) -> Path:
    write_blank_inputs(tmp_path / "inputs")
    return tmp_path / "inputs"


def test_blank_inputs_have_every_sheet_and_header_in_order(blank: Path) -> None:
    for wb in schema.WORKBOOKS:
        book = openpyxl.load_workbook(blank / wb.file)
        assert book.sheetnames == [s.name for s in wb.sheets] + [INSTRUCTIONS]
        for sheet in wb.sheets:
            ws = book[sheet.name]
            assert [c.value for c in ws[1]] == [c.header for c in sheet.columns]
            assert ws.max_row == 1
            assert ws.freeze_panes == "A2"
            assert all(c.font.bold for c in ws[1])
            assert ws.auto_filter.ref.startswith("A1:")


def test_instructions_list_every_column(blank: Path) -> None:
    for wb in schema.WORKBOOKS:
        rows = _records(blank / wb.file, INSTRUCTIONS)
        listed = [(r["Sheet"], r["Column"]) for r in rows]
        assert listed == [(s.name, c.header) for s in wb.sheets for c in s.columns]
        by_column = {(r["Sheet"], r["Column"]): r for r in rows}
        for sheet in wb.sheets:
            for column in sheet.columns:
                row = by_column[(sheet.name, column.header)]
                assert row["Required"] == ("yes" if column.required else "no")
                assert row["What it holds"] == column.described
                if column.kind == "choice":
                    assert row["Allowed values"] == ", ".join(column.choices)


def test_drop_downs_on_choice_and_bool_columns(blank: Path) -> None:
    for wb in schema.WORKBOOKS:
        book = openpyxl.load_workbook(blank / wb.file)
        for sheet in wb.sheets:
            validations = {str(v.sqref): v for v in book[sheet.name].data_validations.dataValidation}
            expected = {}
            for i, column in enumerate(sheet.columns, start=1):
                letter = openpyxl.utils.get_column_letter(i)
                if column.kind == "bool":
                    expected[f"{letter}2:{letter}1000"] = schema.YES_NO
                elif column.kind == "choice":
                    expected[f"{letter}2:{letter}1000"] = column.choices
            assert set(validations) == set(expected), sheet.name
            for ref, choices in expected.items():
                v = validations[ref]
                assert v.type == "list"
                assert v.formula1 == '"' + ",".join(choices) + '"'
                assert v.showErrorMessage and v.error


def test_log_kind_drop_down_holds_the_log_kinds(blank: Path) -> None:
    ws = openpyxl.load_workbook(blank / "meeting_log.xlsx")["Log"]
    kinds = [v for v in ws.data_validations.dataValidation if str(v.sqref) == "D2:D1000"]
    assert kinds and kinds[0].formula1 == '"meeting,workshop,teleconference,conference,representation,other"'


def test_blank_inputs_refuse_to_overwrite(blank: Path) -> None:
    before = (blank / "meetings.xlsx").read_bytes()
    with pytest.raises(FileExistsError):
        write_blank_inputs(blank)
    assert (blank / "meetings.xlsx").read_bytes() == before


def test_blank_inputs_refuse_if_any_one_file_exists(tmp_path: Path) -> None:
    (tmp_path / "meetings.xlsx").write_bytes(b"staff data")
    with pytest.raises(FileExistsError, match="meetings.xlsx"):
        write_blank_inputs(tmp_path)
    assert not (tmp_path / "programmes.xlsx").exists()
    assert (tmp_path / "meetings.xlsx").read_bytes() == b"staff data"


# ---------------------------------------------------------------- values

HOSTILE = ['=HYPERLINK("http://x")', "+cmd", "@SUM(A1)", "-2+3", "=1+1"]


def test_text_that_looks_like_a_formula_is_stored_as_text(tmp_path: Path) -> None:
    rows = [{"id": f"L{i}", "title": text, "summary": text} for i, text in enumerate(HOSTILE)]
    path = write_workbook(tmp_path / "log.xlsx", schema.workbook("meeting_log.xlsx"), {"Log": rows})
    ws = openpyxl.load_workbook(path)["Log"]
    titles = [ws.cell(row=r, column=5) for r in range(2, 2 + len(HOSTILE))]
    assert [c.value for c in titles] == HOSTILE
    assert all(c.data_type == "s" for c in titles)
    summaries = [ws.cell(row=r, column=15) for r in range(2, 2 + len(HOSTILE))]
    assert [c.value for c in summaries] == HOSTILE and all(c.data_type == "s" for c in summaries)


def test_values_are_written_as_their_kind(tmp_path: Path) -> None:
    row = {"id": "L01", "start": date(2010, 7, 19), "end": date(2010, 7, 23), "kind": "workshop",
           "activities": ("B.1", "B.2"), "species": ["Whale shark"], "venue": "", "country": None}
    path = write_workbook(tmp_path / "log.xlsx", schema.workbook("meeting_log.xlsx"), {"Log": [row]})
    ws = openpyxl.load_workbook(path)["Log"]
    record = _records(path, "Log")[0]
    assert _day(record["Start"]) == date(2010, 7, 19)
    assert _day(record["End"]) == date(2010, 7, 23)
    assert ws["B2"].number_format == "d mmmm yyyy"
    assert record["Activities"] == "B.1; B.2"
    assert record["Species"] == "Whale shark"
    assert record["Venue"] is None and record["Country"] is None


def test_bools_are_written_yes_no(tmp_path: Path) -> None:
    rows = {"Activities": [{"code": "B1", "external_funding": True}, {"code": "B2", "external_funding": False}]}
    path = write_workbook(tmp_path / "p.xlsx", schema.workbook("programmes.xlsx"), rows)
    assert [r["External funding"] for r in _records(path, "Activities")] == ["yes", "no"]


# ---------------------------------------------------------------- the bundled inputs

@pytest.fixture(scope="module")
def activities() -> list[dict[str, object]]:
    return _records(INPUTS / "programmes.xlsx", "Activities")


def test_bundled_inputs_have_the_declared_headers() -> None:
    for wb in schema.WORKBOOKS:
        book = openpyxl.load_workbook(INPUTS / wb.file)
        assert book.sheetnames == [s.name for s in wb.sheets] + [INSTRUCTIONS]
        for sheet in wb.sheets:
            assert [c.value for c in book[sheet.name][1]] == [c.header for c in sheet.columns]


def test_bundled_programmes() -> None:
    rows = _records(INPUTS / "programmes.xlsx", "Programmes")
    assert [(r["Programme"], r["First year"], r["Last year"]) for r in rows] == [
        ("JA 2008-2011", 2008, 2011), ("JWP 2012-2014", 2012, 2014)]
    themes = _records(INPUTS / "programmes.xlsx", "Themes")
    assert [(t["Programme"], t["Theme"]) for t in themes] == [
        (p, c) for p in ("JA 2008-2011", "JWP 2012-2014") for c in "ABCD"]


def test_bundled_jwp_has_its_31_activities(activities: list[dict[str, object]]) -> None:
    codes = [a["Code"] for a in activities if a["Programme"] == "JWP 2012-2014"]
    expected = ([f"A{i}" for i in range(1, 7)] + [f"B{i}" for i in range(1, 19)]
                + [f"C{i}" for i in range(1, 4)] + [f"D{i}" for i in range(1, 5)])
    assert codes == expected


def test_bundled_ja_has_its_12_tasks(activities: list[dict[str, object]]) -> None:
    tasks = [a for a in activities if a["Programme"] == "JA 2008-2011"]
    assert [a["Code"] for a in tasks] == ["A.1", "A.2", "A.3", "A.4", "B.1", "B.2", "B.3", "B.4",
                                          "C.1", "C.2", "C.3", "D.1"]
    assert all(a["Timeframe"] is None for a in tasks)
    assert tasks[-1]["Number"] is None and tasks[0]["Number"] == "1"


def test_bundled_timeframes_as_written(activities: list[dict[str, object]]) -> None:
    jwp = {a["Code"]: a for a in activities if a["Programme"] == "JWP 2012-2014"}
    assert jwp["B18"]["Timeframe"] == "2012 \u2013 14"
    assert jwp["B5"]["Timeframe"] == "Will depend on decisions adopted at CMS CoP10"
    assert [jwp[c]["Timeframe"] for c in ("B6", "B7", "B8", "B9")] == ["2012", "2012-2013", "2013", "2012"]
    assert jwp["C1"]["Timeframe"] == "Annual and as-required"
    assert jwp["D4"]["Timeframe"] is None


def test_bundled_external_funding(activities: list[dict[str, object]]) -> None:
    jwp = [a for a in activities if a["Programme"] == "JWP 2012-2014"]
    assert {a["Code"] for a in jwp if a["External funding"] == "yes"} == {"B1", "B5", "B8", "B10", "B13"}
    assert all(a["External funding"] in ("yes", "no") for a in activities)


def test_bundled_species_named_by_activities_exist(activities: list[dict[str, object]]) -> None:
    species = {s["Common name"] for s in _records(INPUTS / "programmes.xlsx", "Species")}
    log = _records(INPUTS / "meeting_log.xlsx", "Log")
    for row in activities + log:
        for name in (row["Species"] or "").split(";"):
            assert not name.strip() or name.strip() in species, row


def test_bundled_log() -> None:
    log = _records(INPUTS / "meeting_log.xlsx", "Log")
    assert [r["Entry"] for r in log] == [f"L{i:02d}" for i in range(1, len(log) + 1)]
    genazzano = next(r for r in log if r["Venue"] == "Genazzano")
    assert (_day(genazzano["Start"]), _day(genazzano["End"])) == (date(2010, 7, 19), date(2010, 7, 23))
    mombasa = next(r for r in log if r["Venue"] == "Mombasa")
    assert mombasa["Start"] == "June 2008" and mombasa["Activities"] == "B.1; B.2; B.3"
    assert all(r["Programme"] == "JA 2008-2011" for r in log)
    kinds = set(schema.LOG.columns[3].choices)
    assert all(r["Kind"] in kinds and r["Outcome"] in schema.OUTCOMES for r in log)


def test_bundled_stc38() -> None:
    (row,) = _records(INPUTS / "meetings.xlsx", "Meetings")
    assert row["Meeting"] == "StC38" and row["Number"] == 38
    assert (row["Venue"], row["Country"]) == ("Bergen", "Norway")
    assert _day(row["Start date"]) == date(2011, 11, 19) and row["End date"] is None
    assert row["Agenda item"] == "5(a)" and row["Document symbol"] == "UNEP/CMS/StC38/Doc.3"
    assert _day(row["Document date"]) == date(2011, 9, 27) and _day(row["Status as of"]) == date(2011, 8, 31)
    assert row["Title"] == "Cooperation between CMS and CITES" and row["Original language"] == "English"
    assert (row["Reported programme"], row["Planned programme"]) == ("JA 2008-2011", "JWP 2012-2014")
