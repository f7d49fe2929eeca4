"""The translator's loop (issue 20, points 1-2): export what French lacks as XLIFF, import the translated
file, refuse a text whose English changed since, keep the versions replaced, and reuse every translation
through the memory, in a later meeting's inputs too."""
from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from pipeline.assemble import build_report
from pipeline.inputs.load import check_inputs, read_inputs
from pipeline.inputs.translation_memory import MEMORY_FILE, load_memory
from pipeline.inputs.xliff_file import read_xliff
from pipeline.publish.input_store import history
from pipeline.publish.translations import (TRANSLATIONS_IMPORTED, TranslationsRefused, export_translations,
                                           import_translations)
from pipeline.report_model import in_language
from tests.conftest import find_row, set_cell

LATER_INPUTS = Path(__file__).resolve().parents[2] / "fixtures" / "later-meetings" / "inputs"


def translated(xliff: bytes, prefix: str = "FR ") -> bytes:
    """The file as a translator returns it: every target filled ('FR ' + the English)."""
    text = xliff.decode("utf-8")
    return re.sub(r"<source>(.*?)</source>", lambda m: f"{m.group(0)}<target>{prefix}{m.group(1)}</target>",
                  text, flags=re.S).encode("utf-8")


def b5_index(folder: Path) -> int:
    return next(i for i, a in enumerate(read_inputs(folder).activities)
                if (a.programme_id, a.code) == ("JWP 2012-2014", "B5"))


def untranslated(report, code: str) -> list:
    return [i for i in in_language(report, code).issues if i.expected.endswith("the English text is used")]


def test_export_lists_what_french_lacks_with_its_context(inputs_copy):
    data, count = export_translations(inputs_copy, "fr")
    language, units = read_xliff(data)
    assert language == "fr" and count == len(units) == 168  # 110, and the log's 35 events and 23 venues
    by_id = {u.id: u for u in units}
    b5 = by_id["programmes.xlsx/Activities/JWP 2012-2014 B5/Description"]
    assert b5.source == read_inputs(inputs_copy).activities[b5_index(inputs_copy)].description
    assert b5.row == str(find_row(inputs_copy, "programmes.xlsx", "Activities", "Code", "B5"))
    columns = {u.id.rsplit("/", 1)[1] for u in units}
    assert columns == {"Description", "Summary", "Comments", "Timeframe", "Group", "Label in Annex 1", "Event", "Venue"}
    assert "On-going" in {u.source for u in units} and "2012" not in {u.source for u in units}
    assert b"<context context-type=\"x-sheet\">Activities</context>" in data


def test_round_trip_leaves_no_english_staff_text_and_keeps_the_versions(inputs_copy, tmp_path):
    outputs = tmp_path / "outputs"
    report = build_report(read_inputs(inputs_copy), "StC38", date(2011, 8, 31))
    assert len(untranslated(report, "fr")) > 100
    data, _ = export_translations(inputs_copy, "fr")
    result = import_translations(inputs_copy, outputs, translated(data), "tester", "fr.xlf")
    assert result.refused == [] and len(result.written) == 168
    report = build_report(read_inputs(inputs_copy), "StC38", date(2011, 8, 31))
    assert untranslated(report, "fr") == []
    french = in_language(report, "fr")
    b5 = next(s.activity for s in french.planned.statuses if s.activity.code == "B5")
    assert b5.description.startswith("FR ")
    assert len(untranslated(report, "es")) > 100  # Spanish untouched
    from openpyxl import load_workbook

    from pipeline.excel.workbook import write_xlsx
    sheet = load_workbook(write_xlsx(french, tmp_path / "fr.xlsx"))["Activités"]
    timeframes = {sheet.cell(r, 6).value for r in range(2, sheet.max_row + 1)}  # the 6th column: the timeframe
    assert "FR On-going" in timeframes and "On-going" not in timeframes
    for workbook in ("programmes.xlsx", "meeting_log.xlsx"):
        versions = history(outputs, workbook)
        assert versions[0].action == TRANSLATIONS_IMPORTED and len(versions) == 2  # the one replaced is kept
    assert export_translations(inputs_copy, "fr")[1] == 0


def test_a_text_whose_english_changed_since_the_export_is_refused_naming_its_row(inputs_copy, tmp_path):
    data, _ = export_translations(inputs_copy, "fr")
    row = find_row(inputs_copy, "programmes.xlsx", "Activities", "Code", "B5")
    set_cell(inputs_copy, "programmes.xlsx", "Activities", row, "Description", "A new English description.")
    result = import_translations(inputs_copy, tmp_path / "outputs", translated(data), "tester")
    assert len(result.refused) == 1
    assert f"row {row} (JWP 2012-2014 B5)" in result.refused[0] and "changed since the export" in result.refused[0]
    assert len(result.written) == 167
    report = build_report(read_inputs(inputs_copy), "StC38", date(2011, 8, 31))
    still = untranslated(report, "fr")
    assert [(i.row, i.column) for i in still] == [(row, "Description (fr)")]


@pytest.mark.parametrize("data", [b"", b"<xliff", b"<html><body/></html>", b"\xff\xfe\x00"])
def test_a_malformed_file_changes_nothing(inputs_copy, tmp_path, data):
    before = {p.name: p.read_bytes() for p in inputs_copy.iterdir()}
    with pytest.raises(TranslationsRefused, match="Nothing was changed"):
        import_translations(inputs_copy, tmp_path / "outputs", data, "tester", "fr.xlf")
    assert {p.name: p.read_bytes() for p in inputs_copy.iterdir()} == before


def test_the_memory_reuses_a_translation_in_a_later_meetings_inputs(inputs_copy, tmp_path):
    data, _ = export_translations(inputs_copy, "fr")
    import_translations(inputs_copy, tmp_path / "outputs", translated(data), "tester")
    memory = load_memory(inputs_copy)
    assert memory.lookup("fr", "On-going") == "FR On-going"
    later = tmp_path / "later"
    shutil.copytree(LATER_INPUTS, later)
    before, _ = check_inputs(later)
    shutil.copyfile(inputs_copy / MEMORY_FILE, later / MEMORY_FILE)  # the memory travels with the inputs
    after, _ = check_inputs(later)
    reused = [a for a, b in zip(after.activities, before.activities) if a.translations != b.translations]
    assert reused, "the later meeting's activities with the same English take the memory's translation"
    assert all(dict(a.translations).get("description_fr", "").startswith("FR ") for a in reused
               if a.description in memory.texts["fr"])
    # a later meeting's export leaves out what the memory translates already
    later_count = export_translations(later, "fr")[1]
    without_memory = tmp_path / "later-without"
    shutil.copytree(LATER_INPUTS, without_memory)
    assert later_count < export_translations(without_memory, "fr")[1]


def test_a_changed_english_text_marks_its_translation_as_needing_review(inputs_copy, tmp_path):
    data, _ = export_translations(inputs_copy, "fr")
    import_translations(inputs_copy, tmp_path / "outputs", translated(data), "tester")
    row = find_row(inputs_copy, "programmes.xlsx", "Activities", "Code", "B5")
    set_cell(inputs_copy, "programmes.xlsx", "Activities", row, "Description", "A new English description.")
    inputs, issues = check_inputs(inputs_copy)
    review = [i for i in issues if "needs review" in i.expected]
    assert [(i.file, i.row, i.column) for i in review] == [("programmes.xlsx", row, "Description (fr)")]
    report = build_report(inputs, "StC38", date(2011, 8, 31))
    assert any("needs review" in i.expected for i in in_language(report, "fr").issues)  # the report lists it
    units = read_xliff(export_translations(inputs_copy, "fr")[0])[1]
    assert [u.source for u in units] == ["A new English description."]  # exported again for the translator


def every_line_translated(xliff: bytes) -> bytes:
    """The file as a translator returns it, every line of every text marked ('FR ' + the English line)."""
    def target(m):
        lines = m.group(1).split("\n")
        return f"{m.group(0)}<target>{chr(10).join('FR ' + line for line in lines)}</target>"

    return re.sub(r"<source>(.*?)</source>", target, xliff.decode("utf-8"), flags=re.S).encode("utf-8")


@pytest.mark.parametrize("code", ["fr", "es"])
def test_after_an_import_the_document_prints_no_english_staff_text(inputs_copy, tmp_path, code):
    """Issue 20, 'Done when': with the bundled inputs and a file filled by the test, the French and Spanish
    documents contain none of the Secretariat's English texts (each line of them printed only translated)."""
    from docx import Document

    from pipeline.inputs.translation_units import input_units
    from pipeline.word.document import write_docx
    from pipeline.word.templates import narrative_in, report_template
    from tests.conftest import PROJECT

    data, _ = export_translations(inputs_copy, code)
    import_translations(inputs_copy, tmp_path / "outputs", every_line_translated(data), "tester")
    report = build_report(read_inputs(inputs_copy), "StC38", date(2011, 8, 31))
    templates = PROJECT / "templates"
    narrative, _ = narrative_in(templates, "StC38", code)
    path = write_docx(in_language(report, code), tmp_path / f"{code}.docx", report_template(templates), narrative)
    document = Document(str(path))
    text = "\n".join([p.text for p in document.paragraphs] + [p.text for t in document.tables for row in t.rows
                                                               for cell in row.cells for p in cell.paragraphs])
    english = {re.sub(r"[*_]", "", line).strip() for u in input_units(inputs_copy, (code,)) for line in
               u.source.split("\n")}
    left = text
    for line in sorted(english, key=len, reverse=True):
        left = left.replace("FR " + line, "")
    assert [line for line in english if len(line) > 15 and line in left] == []


def test_a_meeting_s_export_holds_exactly_what_its_edition_prints_in_english(tmp_path):
    """`--meeting StC41`: the texts StC41's French edition lists as still in English, each once (a log row
    that is evidence of several activities is one text), and no other meeting's."""
    from pipeline.report_model import still_english

    later = tmp_path / "later"
    shutil.copytree(LATER_INPUTS, later)
    report = in_language(build_report(read_inputs(later), "StC41"), "fr")
    listed = [(i.file, i.sheet, i.row, i.column) for i in still_english(report)]
    assert len(listed) == len(set(listed))
    units = read_xliff(export_translations(later, "fr", "StC41")[0])[1]
    assert len(units) == len(listed) < export_translations(later, "fr")[1]
    with pytest.raises(TranslationsRefused, match="StC99"):
        export_translations(later, "fr", "StC99")
