"""The log's events and venues in French and Spanish: a reason names a log row by staff's translation
of its event (and venue) with its date, by its entry without one; the translator's loop (XLIFF export and
import, the memory, the still-in-English counts) covers the Log sheet's 'Event (fr)' and 'Venue (fr)' as
the other staff texts; a workbook without those columns is read as before."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from pipeline.assemble import build_report
from pipeline.inputs.check_cells import EXCEL_CELL_LIMIT
from pipeline.inputs.load import check_inputs, read_inputs
from pipeline.inputs.xliff_file import read_xliff
from pipeline.publish.input_store import history
from pipeline.publish.translations import TRANSLATIONS_IMPORTED, export_translations, import_translations
from pipeline.report_model import in_language, still_english
from pipeline.word.document import write_docx
from pipeline.word.templates import narrative_in, report_template
from tests.conftest import PROJECT, edit_sheet, find_row, set_cell

LATER = PROJECT / "tests" / "fixtures" / "later-meetings"
LOG = "meeting_log.xlsx"
# L41 of the later meetings' log: "62nd meeting of the CITES Standing Committee (SC62)", Geneva,
# 23-27 July 2012; StC40's reasons cite it as the latest log row of several activities.
SC62 = {"fr": ("62e session du Comité permanent de la CITES (SC62)", "Genève",
               "62e session du Comité permanent de la CITES (SC62), Genève (23 juillet 2012 au 27 juillet 2012)",
               "l’entrée L41 du relevé des activités (23 juillet 2012 au 27 juillet 2012)"),
        "es": ("62ª reunión del Comité Permanente de la CITES (SC62)", "Ginebra",
               "62ª reunión del Comité Permanente de la CITES (SC62), Ginebra (23 de julio de 2012 al 27 de julio "
               "de 2012)",
               "la entrada L41 del registro (23 de julio de 2012 al 27 de julio de 2012)")}


@pytest.fixture
def later(tmp_path: Path) -> Path:
    """A private copy of the later meetings' inputs and templates (StC39 to StC44)."""
    folder = tmp_path / "later"
    shutil.copytree(LATER, folder)
    return folder


def document_text(inputs: Path, meeting: str, code: str, out: Path) -> str:
    """The text of the meeting's document in a language, made from the inputs as a run makes it."""
    report = in_language(build_report(read_inputs(inputs), meeting), code)
    narrative, _ = narrative_in(PROJECT / "templates", meeting, code)  # the default one: the reasons are in Annex 1
    path = write_docx(report, out, report_template(PROJECT / "templates"), narrative)
    document = Document(str(path))
    return "\n".join([p.text for p in document.paragraphs] + [p.text for t in document.tables for row in t.rows
                                                               for cell in row.cells for p in cell.paragraphs])


def _no_break(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("code", ["fr", "es"])
def test_a_reason_names_the_log_row_by_its_translated_event_and_venue(later, tmp_path, code):
    inputs = later / "inputs"
    title, venue, named, by_id = SC62[code]
    before = _no_break(document_text(inputs, "StC40", code, tmp_path / "before.docx"))
    assert by_id in before and named not in before  # without a translation: the row by its entry
    assert "(SC62)" not in before  # the English event is in no sentence (nor in Annex 1, which prints summaries)
    row = find_row(inputs, LOG, "Log", "Entry", "L41")
    set_cell(inputs, LOG, "Log", row, f"Event ({code})", title)
    set_cell(inputs, LOG, "Log", row, f"Venue ({code})", venue)
    after = _no_break(document_text(inputs, "StC40", code, tmp_path / "after.docx"))
    assert named in after and by_id not in after
    assert after.count(named) >= before.count(by_id) > 0  # every reason that cited it by id now names it


def test_a_translated_event_without_a_translated_venue_leaves_the_venue_out(later, tmp_path):
    inputs = later / "inputs"
    row = find_row(inputs, LOG, "Log", "Entry", "L41")
    set_cell(inputs, LOG, "Log", row, "Event (fr)", SC62["fr"][0])
    text = _no_break(document_text(inputs, "StC40", "fr", tmp_path / "fr.docx"))
    assert "62e session du Comité permanent de la CITES (SC62) (23 juillet 2012 au 27 juillet 2012)" in text
    assert ", Geneva (" not in text


def test_the_english_document_does_not_change(later, tmp_path):
    inputs = later / "inputs"
    before = document_text(inputs, "StC40", "en", tmp_path / "before.docx")
    row = find_row(inputs, LOG, "Log", "Entry", "L41")
    set_cell(inputs, LOG, "Log", row, "Event (fr)", SC62["fr"][0])
    set_cell(inputs, LOG, "Log", row, "Venue (fr)", SC62["fr"][1])
    after = document_text(inputs, "StC40", "en", tmp_path / "after.docx")
    assert after == before
    assert "62nd meeting of the CITES Standing Committee (SC62), Geneva (23 July 2012 to 27 July 2012)" in after


def test_untranslated_events_and_venues_are_still_in_english_and_listed(inputs_copy):
    report = build_report(read_inputs(inputs_copy), "StC38")
    french = in_language(report, "fr")
    row = find_row(inputs_copy, LOG, "Log", "Entry", "L14")
    listed = {(i.row, i.column): i.expected for i in still_english(french) if i.sheet == "Log"}
    assert listed[(row, "Event (fr)")] == "Log entry L14 has no French event name; the English text is used"
    assert listed[(row, "Venue (fr)")] == "Log entry L14 has no French venue; the English text is used"
    set_cell(inputs_copy, LOG, "Log", row, "Event (fr)", "Réunion bilatérale informelle CMS/CITES pendant l’AC25")
    set_cell(inputs_copy, LOG, "Log", row, "Venue (fr)", "Genève")
    french = in_language(build_report(read_inputs(inputs_copy), "StC38"), "fr")
    assert not [i for i in still_english(french) if i.row == row and i.column in ("Event (fr)", "Venue (fr)")]
    assert len(still_english(french)) == len(still_english(in_language(report, "fr"))) - 2
    entry = next(e for e in french.reported.log if e.id == "L14")  # what Annex 2 and the workbook print
    assert (entry.title, entry.venue) == ("Réunion bilatérale informelle CMS/CITES pendant l’AC25", "Genève")


def only_log_events(xliff: bytes, targets: dict[str, str]) -> bytes:
    """The file as a translator returns it with only some log events translated: {row's id: translation}."""
    def unit(m):
        found = re.search(r'id="meeting_log\.xlsx/Log/(L\d+)/(Event|Venue)"', m.group(0))
        key = f"{found[1]}/{found[2]}" if found else ""
        if key not in targets:
            return m.group(0)
        return m.group(0).replace("</source>", f"</source><target>{targets[key]}</target>", 1)

    return re.sub(r"<trans-unit .*?</trans-unit>", unit, xliff.decode("utf-8"), flags=re.S).encode("utf-8")


def test_an_xliff_round_trip_fills_the_log_sheet_and_the_next_french_report_uses_it(later, tmp_path):
    inputs, outputs = later / "inputs", tmp_path / "outputs"
    data, _ = export_translations(inputs, "fr", "StC40")
    language, units = read_xliff(data)
    row = find_row(inputs, LOG, "Log", "Entry", "L41")
    event = next(u for u in units if u.id == "meeting_log.xlsx/Log/L41/Event")
    assert event.source == "62nd meeting of the CITES Standing Committee (SC62)" and event.row == str(row)
    context = data.decode("utf-8").split('id="meeting_log.xlsx/Log/L41/Event"', 1)[1].split("</trans-unit>")[0]
    for kind, value in (("x-workbook", LOG), ("x-sheet", "Log"), ("x-row", str(row)), ("x-code", "L41"),
                        ("x-column", "Event")):
        assert f'<context context-type="{kind}">{value}</context>' in context
    assert "the column 'Event (fr)'" in context

    returned = only_log_events(data, {"L41/Event": SC62["fr"][0], "L41/Venue": SC62["fr"][1]})
    result = import_translations(inputs, outputs, returned, "tester", "fr.xlf")
    assert result.refused == [] and len(result.written) == 2
    sheet = openpyxl.load_workbook(inputs / LOG)["Log"]
    headers = [c.value for c in sheet[1]]
    assert sheet.cell(row, headers.index("Event (fr)") + 1).value == SC62["fr"][0]
    assert sheet.cell(row, headers.index("Venue (fr)") + 1).value == SC62["fr"][1]
    versions = history(outputs, LOG)
    assert versions[0].action == TRANSLATIONS_IMPORTED and len(versions) == 2  # the version replaced is kept
    text = _no_break(document_text(inputs, "StC40", "fr", tmp_path / "fr.docx"))
    assert SC62["fr"][2] in text and SC62["fr"][3] not in text
    left = {u.id for u in read_xliff(export_translations(inputs, "fr", "StC40")[0])[1]}
    assert "meeting_log.xlsx/Log/L41/Event" not in left and "meeting_log.xlsx/Log/L41/Venue" not in left


def test_the_memory_fills_the_same_event_and_venue_in_other_rows(inputs_copy, tmp_path):
    """L18 to L21 are each a 'Meeting of CMS and CITES'; L24 and L03 are both in Rome: one translation each."""
    data, _ = export_translations(inputs_copy, "fr")
    returned = only_log_events(data, {"L18/Event": "Réunion de la CMS et de la CITES", "L03/Venue": "Rome"})
    assert len(import_translations(inputs_copy, tmp_path / "outputs", returned, "tester").written) == 2
    log = {e.id: dict(e.translations) for e in read_inputs(inputs_copy).log}
    assert [log[i].get("title_fr") for i in ("L18", "L19", "L20", "L21")] == ["Réunion de la CMS et de la CITES"] * 4
    assert log["L24"].get("venue_fr") == "Rome"
    left = {u.id for u in read_xliff(export_translations(inputs_copy, "fr")[0])[1]}
    assert not {"meeting_log.xlsx/Log/L19/Event", "meeting_log.xlsx/Log/L24/Venue"} & left


def test_a_log_without_the_new_columns_is_read_as_before(inputs_copy):
    """A meeting_log.xlsx written before 'Event (fr)' and 'Venue (fr)' existed stays valid."""
    def drop(ws):
        for header in ("Venue (es)", "Venue (fr)", "Event (es)", "Event (fr)"):
            ws.delete_cols(next(c.column for c in ws[1] if c.value == header))

    before = read_inputs(inputs_copy)
    edit_sheet(inputs_copy, LOG, "Log", drop)
    inputs, issues = check_inputs(inputs_copy)
    assert inputs is not None and not [i for i in issues if i.fatal]
    assert inputs.log == before.log
    units = read_xliff(export_translations(inputs_copy, "fr")[0])[1]
    assert "meeting_log.xlsx/Log/L14/Event" in {u.id for u in units}


def test_an_import_into_a_log_without_the_columns_adds_them(inputs_copy, tmp_path):
    def drop(ws):
        for header in ("Venue (es)", "Venue (fr)", "Event (es)", "Event (fr)"):
            ws.delete_cols(next(c.column for c in ws[1] if c.value == header))

    edit_sheet(inputs_copy, LOG, "Log", drop)
    data, _ = export_translations(inputs_copy, "es")
    returned = only_log_events(data, {"L14/Event": "Reunión bilateral informal CMS/CITES durante el AC25",
                                      "L14/Venue": "Ginebra"})
    assert len(import_translations(inputs_copy, tmp_path / "outputs", returned, "tester").written) == 2
    entry = next(e for e in read_inputs(inputs_copy).log if e.id == "L14")
    assert dict(entry.translations)["title_es"] == "Reunión bilateral informal CMS/CITES durante el AC25"
    assert dict(entry.translations)["venue_es"] == "Ginebra"


def test_an_event_translation_too_long_for_a_cell_is_named_by_file_sheet_row_and_column(inputs_copy):
    """The one rule a translation column has (as every text): at most what an Excel cell holds."""
    from tests.pipeline.inputs.test_refusals import rewrite_member

    row = find_row(inputs_copy, LOG, "Log", "Entry", "L14")
    # Excel and openpyxl cut a cell at 32,767 characters; other programs do not: write the sheet's XML.
    set_cell(inputs_copy, LOG, "Log", row, "Event (fr)", "LONG-TEXT-HERE")
    rewrite_member(inputs_copy / LOG, "xl/worksheets/sheet1.xml",
                   lambda xml: xml.replace(b"LONG-TEXT-HERE", b"mot " * 9000))
    inputs, issues = check_inputs(inputs_copy)
    assert inputs is not None  # a warning: the run goes on
    [issue] = [i for i in issues if i.column == "Event (fr)"]
    assert str(issue).startswith(f"meeting_log.xlsx, sheet 'Log', row {row}, column 'Event (fr)': found 'mot mot ")
    assert issue.expected.startswith(f"a text of at most {EXCEL_CELL_LIMIT:,} characters, the most a cell of "
                                     "Excel can hold; this one has 35,999")
