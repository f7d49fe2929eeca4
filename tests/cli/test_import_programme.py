"""`stc-report import-programme`: what it prints, what it writes, and every refusal word for word."""
from __future__ import annotations

import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from cli.main import main
from pipeline.assemble import build_report
from pipeline.inputs.blank_workbooks import write_blank_inputs
from pipeline.inputs.load import read_inputs
from pipeline.word.document import write_docx
from pipeline.word.templates import narrative_for, report_template
from tests.conftest import BUNDLED_INPUTS, PROJECT
from tests.pipeline.inputs.test_word_programme import EXPECTED, reference_shaped

SAVE_AS = "open it in Word and save it as Word Document (.docx)"


@pytest.fixture(autouse=True)
def outputs_folder(tmp_path, monkeypatch):
    """With --into, the versions of programmes.xlsx are kept beside the outputs: a private outputs folder."""
    monkeypatch.setenv("STC_OUTPUTS_DIR", str(tmp_path / "outputs"))
    return tmp_path / "outputs"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def docx(tmp_path) -> Path:
    return reference_shaped(tmp_path / "JWP 2012-2014.docx")


def sheet_rows(path: Path, sheet: str) -> list[dict]:
    ws = openpyxl.load_workbook(path)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]


# ---------------------------------------------------------------- a new workbook for review

def test_writes_a_workbook_for_review_and_prints_what_it_read(docx, tmp_path, capsys):
    code, out, err = run(capsys, "import-programme", str(docx), "--programme", "JWP 2015-2017")
    written = tmp_path / "JWP 2012-2014-programme.xlsx"
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Read {docx.name}: activities from table(s) 1, 2, 3, 4, 5, 6.",
        "Programme 'JWP 2015-2017': DRAFT CMS CITES JOINT WORK PROGRAMME 2012-2014, 2015-2017 "
        "(years from the programme id).",
        "Partner: CITES (named in the title beside CMS).",
        "  (A) Harmonization of taxonomy and nomenclature activities: 4 activities (A1, A2, A3, A4)",
        "      group 'Concordance List of Species and Common Database': A1, A2",
        "      group 'Harmonize Nomenclature and Taxonomy': A3, A4",
        "  (B) Joint actions for the conservation and sustainable use of shared species: 7 activities "
        "(B1, B2, B4, B5, B12, B13, B18)",
        "      group 'African elephant': B1, B2, B4, B5",
        "      group 'Saiga antelope': B12",
        "      group 'Marine turtles': B13",
        "      group 'Other species': B18",
        "  (C) Administrative and fund-raising cooperation: 3 activities (C1, C2, C3)",
        "      group 'Secretariat coordination meetings': C1",
        "      group 'Exchange information': C2",
        "      group 'Fundraising': C3",
        "  (D) Outreach and capacity building activities: 2 activities (D1, D4)",
        "16 activities in 4 themes.",
        "Every row of the tables was placed.",
        "Note: Table 3, row 2: continues B4 from table 2 (a table split by a page break); joined.",
        f"Written for review: {written} (its first sheet, 'Imported', says what to check).",
    ]
    book = openpyxl.load_workbook(written)
    assert book.sheetnames == ["Imported", "Programmes", "Themes", "Activities", "Species", "Planned events",
                               "Instructions"]
    review = [c.value for c in book["Imported"]["A"]]
    assert review[0] == "Imported for review: check before use"
    assert review[1] == (f"Programme 'JWP 2015-2017' was imported from the Word document {docx.name} on "
                         f"{date.today().isoformat()} by `stc-report import-programme`.")
    assert [c.value for c in book["Species"][1]] == ["Common name", "Scientific name", "Group", "CMS Appendix",
                                                      "CITES Appendix", "Partner listings"]
    assert book["Species"].max_row == 1
    programmes = sheet_rows(written, "Programmes")
    assert [(p["Programme"], p["First year"], p["Last year"]) for p in programmes] == [("JWP 2015-2017", 2015, 2017)]
    activities = sheet_rows(written, "Activities")
    assert [(a["Code"], a["Theme"], a["Group"] or "", a["Description"], a["Timeframe"] or "") for a in activities] \
        == EXPECTED
    b5 = next(a for a in activities if a["Code"] == "B5")
    assert b5["External funding"] == "yes"  # its description says '(subject to external funding)'
    assert b5["Comments"] == (f"Imported from {docx.name} (table 3, row 3) on {date.today().isoformat()}: "
                              f"check it against the document, then clear this note.")


def test_the_written_workbook_validates_as_the_programmes_of_an_inputs_folder(docx, tmp_path, capsys):
    written = tmp_path / "new.xlsx"
    assert run(capsys, "import-programme", str(docx), "--programme", "JWP 2015-2017", "--output", str(written))[0] == 0
    blanks = tmp_path / "blanks"
    write_blank_inputs(blanks)
    folder = tmp_path / "inputs"
    folder.mkdir()
    shutil.copy(written, folder / "programmes.xlsx")
    for name in ("meetings.xlsx", "meeting_log.xlsx"):
        shutil.copy(blanks / name, folder / name)
    code, out, err = run(capsys, "validate", "--inputs", str(folder))
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == (f"Inputs in {folder} are usable: 1 programmes, 16 activities, 0 species, "
                                   f"0 log entries, 0 meetings.")
    assert read_inputs(folder).activities[0].code == "A1"


# ---------------------------------------------------------------- added to an inputs folder

def test_into_adds_the_programme_beside_the_bundled_inputs_and_they_still_validate(docx, inputs_copy, capsys):
    before = read_inputs(inputs_copy)
    code, out, err = run(capsys, "import-programme", str(docx), "--programme", "JWP 2015-2017",
                         "--into", str(inputs_copy))
    assert (code, err) == (0, "")
    assert out.splitlines()[-2:] == [
        f"Added to {inputs_copy / 'programmes.xlsx'}, marked for review in each activity's Comments and the "
        f"'Imported' sheet.",
        f"Check the inputs with: stc-report validate --inputs {inputs_copy}"]
    assert not any(inputs_copy.parent.glob("*-programme.xlsx"))  # with --into, no second workbook unless asked
    code, out, err = run(capsys, "validate", "--inputs", str(inputs_copy))
    assert (code, err) == (0, "")
    after = read_inputs(inputs_copy)
    assert after.activities[:len(before.activities)] == before.activities  # nothing existing changed
    new = [a for a in after.activities if a.programme_id == "JWP 2015-2017"]
    assert [(a.code, a.theme_code, a.group, a.description, a.timeframe) for a in new] == EXPECTED
    assert [t.code for t in after.themes if t.programme_id == "JWP 2015-2017"] == ["A", "B", "C", "D"]


def test_into_refuses_a_programme_already_there_and_changes_nothing(docx, inputs_copy, capsys):
    target = inputs_copy / "programmes.xlsx"
    content = target.read_bytes()
    code, out, err = run(capsys, "import-programme", str(docx), "--programme", "JWP 2012-2014",
                         "--into", str(inputs_copy))
    assert (code, out) == (1, "")
    assert err == (f"Nothing added: programme 'JWP 2012-2014' is already in {target} (sheet 'Programmes', row 3); "
                   f"its rows are never replaced. Give the new programme another id with --programme, or remove "
                   f"the old rows by hand first.\n")
    assert target.read_bytes() == content


def test_round_trip_of_the_command_on_the_product_own_annex_2(tmp_path, capsys):
    inputs = read_inputs(BUNDLED_INPUTS)
    report = build_report(inputs, "StC38", generated_at=datetime(2011, 9, 27, 9, 30),
                          snapshots_dir=tmp_path / "no-snapshots")
    templates = PROJECT / "templates"
    document = write_docx(report, tmp_path / "StC38.docx", report_template(templates), narrative_for(templates, "StC38"))
    written = tmp_path / "jwp.xlsx"
    code, out, _ = run(capsys, "import-programme", str(document), "--programme", "JWP 2012-2014",
                       "--title", "Draft CMS CITES Joint Work Programme 2012-2014", "--output", str(written))
    assert code == 0 and "31 activities in 4 themes." in out.splitlines()
    got = [(a["Code"], a["Theme"], a["Group"] or "", a["Description"], a["Timeframe"] or "")
           for a in sheet_rows(written, "Activities")]
    assert got == [(a.code, a.theme_code, a.group, a.description, a.timeframe)
                   for a in inputs.activities if a.programme_id == "JWP 2012-2014"]


# ---------------------------------------------------------------- refusals: exit code and message word for word

def refused(capsys, *args: str) -> tuple[int, str]:
    code, out, err = run(capsys, "import-programme", *args)
    assert out == ""
    return code, err


def test_a_file_that_is_not_a_docx(tmp_path, capsys):
    path = tmp_path / "notes.docx"
    path.write_text("Joint work programme 2015-2017\n")
    assert refused(capsys, str(path), "--programme", "JWP 2015-2017") == (
        1, f"{path} is not a Word document (.docx); {SAVE_AS}.\n")
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    assert refused(capsys, str(empty), "--programme", "JWP 2015-2017") == (
        1, f"{empty} is empty, not a Word document; {SAVE_AS}.\n")


def test_an_older_word_file_or_a_password_protected_one(tmp_path, capsys):
    path = tmp_path / "old.docx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 512)
    assert refused(capsys, str(path), "--programme", "JWP 2015-2017") == (
        1, f"{path} is not a Word document (.docx) but an older Word file (.doc) or a password-protected document; "
           f"{SAVE_AS}, without a password.\n")


def test_an_excel_workbook_renamed_docx(tmp_path, capsys):
    path = tmp_path / "programmes.docx"
    shutil.copy(BUNDLED_INPUTS / "meetings.xlsx", path)
    assert refused(capsys, str(path), "--programme", "JWP 2015-2017") == (
        1, f"{path} is not a Word document (it is an Excel workbook renamed .docx); {SAVE_AS}.\n")


def test_a_damaged_file(docx, tmp_path, capsys):
    cut = tmp_path / "cut.docx"
    cut.write_bytes(docx.read_bytes()[:2000])
    assert refused(capsys, str(cut), "--programme", "JWP 2015-2017") == (
        1, f"{cut} is damaged and cannot be read (technical detail: File is not a zip file); open it in Word and "
           f"save it again as .docx (if Word cannot open it either, use a backup copy).\n")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            target.writestr(name, b"<w:document" if name == "word/document.xml" else source.read(name))
    code, err = refused(capsys, str(broken), "--programme", "JWP 2015-2017")
    assert code == 1
    assert err.startswith(f"{broken} is damaged and cannot be read (technical detail: ")
    assert err.endswith("); open it in Word and save it again as .docx (if Word cannot open it either, "
                        "use a backup copy).\n")


def test_a_document_without_a_table(tmp_path, capsys):
    path = tmp_path / "text.docx"
    document = Document()
    document.add_heading("(A) Harmonization", level=2)
    document.add_paragraph("A1. Update the concordance list. 2015")
    document.save(path)
    assert refused(capsys, str(path), "--programme", "JWP 2015-2017") == (
        1, f"{path} has no table; the activities are read from the document's tables (a header row with a column "
           f"such as 'Description of envisaged joint activities' and 'Timeframe', then a row per activity or "
           f"group). Put the work programme's activities in a table and import it again.\n")


def test_a_table_without_a_description_column(tmp_path, capsys):
    path = tmp_path / "contacts.docx"
    document = Document()
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells, ("Name", "Role", "CMS", "Secretariat")):
        cell.text = text
    document.save(path)
    assert refused(capsys, str(path), "--programme", "JWP 2015-2017") == (
        1, f"{path}: no table has a description column (table 1 starts 'Name | Role'); expected a header row with "
           f"a column headed 'Description' (e.g. 'Description of envisaged joint activities'), or 'Activities' "
           f"beside a 'Timeframe' column.\n")


def test_a_missing_file_and_wrong_arguments_are_usage_errors(docx, tmp_path, capsys):
    missing = tmp_path / "nowhere.docx"
    assert refused(capsys, str(missing), "--programme", "JWP 2015-2017") == (
        2, f"{missing} does not exist; give the Word document (.docx) of the work programme.\n")
    assert refused(capsys, str(docx), "--programme", "JWP", "--years", "2017-2015") == (
        2, "--years '2017-2015' is not a period of years from 1970 to 2100, first year first.\n")
    assert refused(capsys, str(docx), "--programme", "JWP", "--into", str(tmp_path / "none")) == (
        2, f"The inputs folder {tmp_path / 'none'} does not exist; give the folder that holds programmes.xlsx with "
           f"--into.\nNothing was written.\n")


def test_an_existing_workbook_is_never_overwritten(docx, tmp_path, capsys):
    target = tmp_path / "mine.xlsx"
    target.write_bytes(b"kept")
    assert refused(capsys, str(docx), "--programme", "JWP 2015-2017", "--output", str(target)) == (
        1, f"Nothing written: {target} already exists and is never overwritten; choose another file name with "
           f"--output, or move the existing file away.\n")
    assert target.read_bytes() == b"kept"
    assert refused(capsys, str(docx), "--programme", "JWP 2015-2017", "--output", str(tmp_path / "a.csv")) == (
        1, f"Nothing written: {tmp_path / 'a.csv'} must be an .xlsx file name (e.g. JWP-2015-2017.xlsx).\n")


def test_years_that_cannot_be_found_must_be_given(tmp_path, capsys):
    path = tmp_path / "undated.docx"
    document = Document()
    document.add_heading("(A) Harmonization", level=2)
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells,
                          ("Description", "Timeframe", "A1. Update the list.", "On-going")):
        cell.text = text
    document.save(path)
    assert refused(capsys, str(path), "--programme", "New JWP", "--title", "Joint work programme") == (
        1, "Nothing written: the years of the programme cannot be found in its id ('New JWP'), its title "
           "('Joint work programme') or its timeframes; give them with --years, e.g. --years 2015-2017.\n")
    code, out, err = run(capsys, "import-programme", str(path), "--programme", "New JWP", "--years", "2015-17")
    assert code == 0 and "Programme 'New JWP': New JWP, 2015-2017 (years from --years)." in out


def test_two_programmes_into_one_folder_each_noted_and_a_workbook_beside_when_asked(docx, inputs_copy, tmp_path,
                                                                                   capsys):
    for programme in ("JWP 2015-2017", "JWP 2018-2020"):
        code, _, err = run(capsys, "import-programme", str(docx), "--programme", programme, "--into", str(inputs_copy),
                           "--output", str(tmp_path / f"{programme}.xlsx"))
        assert (code, err) == (0, "")
        assert (tmp_path / f"{programme}.xlsx").is_file()
    review = [c.value for c in openpyxl.load_workbook(inputs_copy / "programmes.xlsx")["Imported"]["A"] if c.value]
    assert [line.split(" was imported")[0] for line in review if " was imported from " in line] == [
        "Programme 'JWP 2015-2017'", "Programme 'JWP 2018-2020'"]
    inputs = read_inputs(inputs_copy)
    assert [(p.id, p.start_year, p.end_year) for p in inputs.programmes][-2:] == [
        ("JWP 2015-2017", 2015, 2017), ("JWP 2018-2020", 2018, 2020)]
    assert sum(a.programme_id == "JWP 2018-2020" for a in inputs.activities) == len(EXPECTED)
