"""Reading a work programme from Word: the product's own Annex 2 (a round trip) and a document laid
out as the Secretariat's Word documents lay out a programme's annex (several activities per cell
with their timeframes as parallel paragraphs, underlined group paragraphs, an activity split over
two tables by a page break, a table continued without its header, bullet lists, an en dash)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK

from pipeline.assemble import build_report
from pipeline.inputs.load import read_inputs
from pipeline.inputs.word_programme import WordProgrammeError, read_word_programme
from pipeline.word.document import write_docx
from pipeline.word.templates import narrative_for, report_template
from pipeline.wording.markup import plain_text
from tests.conftest import BUNDLED_INPUTS, PROJECT

HEADER = ("Description of envisaged joint activities", "Timeframe")


# ---------------------------------------------------------------- the round trip: StC38's own Annex 2

@pytest.fixture(scope="module")
def stc38_docx(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("stc38")
    report = build_report(read_inputs(BUNDLED_INPUTS), "StC38", generated_at=datetime(2011, 9, 27, 9, 30),
                          snapshots_dir=folder / "no-snapshots")
    templates = PROJECT / "templates"
    return write_docx(report, folder / "StC38.docx", report_template(templates), narrative_for(templates, "StC38"))


def test_round_trip_gives_back_the_31_activities_of_the_programme(stc38_docx):
    inputs = read_inputs(BUNDLED_INPUTS)
    expected = [(a.code, a.theme_code, a.group, a.description, a.timeframe)
                for a in inputs.activities if a.programme_id == "JWP 2012-2014"]
    imported = read_word_programme(stc38_docx)
    got = [(a.code, a.theme, a.group, a.description, a.timeframe) for a in imported.activities]
    assert len(expected) == 31
    assert got == expected
    assert imported.unplaced == []


def test_round_trip_gives_back_the_themes_and_the_programme_text(stc38_docx):
    inputs = read_inputs(BUNDLED_INPUTS)
    programme = next(p for p in inputs.programmes if p.id == "JWP 2012-2014")
    themes = [(t.code, t.title, t.introduction) for t in inputs.themes if t.programme_id == "JWP 2012-2014"]
    imported = read_word_programme(stc38_docx)
    # the scientific names print in italics (from the Species sheet), so they come back marked *…*
    assert [(t.code, t.title, plain_text(t.introduction)) for t in imported.themes] == [
        (code, title, plain_text(intro)) for code, title, intro in themes]
    assert "(*Loxodonta africana*)" in imported.themes[1].introduction
    assert imported.title == programme.title.upper()  # as Annex 2 prints it
    assert imported.introduction == programme.introduction
    # the cover block and Annex 1 have no description column: skipped, and said so
    assert [n for n, _ in imported.tables_skipped] == [1, 2]
    assert imported.tables_skipped[1][1].startswith("Activities | Indicative list of common tasks")


# ---------------------------------------------------------------- a document laid out like a programme's annex

def _underlined(paragraph, text: str) -> None:
    paragraph.add_run(text).underline = True


def _table(document, header: bool = True):
    table = document.add_table(rows=0, cols=2)
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, HEADER):
            cell.paragraphs[0].add_run(text).bold = True
    return table


def _row(table, description: list, timeframes: list[str]):
    """A row: description paragraphs ('u:' underlined group, '•' a List Bullet item, ('i', text) with
    italics around the *starred* words), timeframes as parallel paragraphs."""
    left, right = table.add_row().cells
    first = True
    for item in description:
        paragraph = left.paragraphs[0] if first else left.add_paragraph()
        first = False
        if item.startswith("u:"):
            _underlined(paragraph, item[2:])
        elif item.startswith("•"):
            paragraph.style = "List Bullet"
            paragraph.add_run(item[1:].strip())
        else:
            for k, piece in enumerate(item.split("*")):
                if piece:
                    paragraph.add_run(piece).italic = k % 2 == 1
    for k, text in enumerate(timeframes):
        paragraph = right.paragraphs[0] if k == 0 else right.add_paragraph()
        paragraph.add_run(text)


def _group_row(table, text: str) -> None:
    cells = table.add_row().cells
    merged = cells[0].merge(cells[1])
    _underlined(merged.paragraphs[0], text)


B1 = ("Follow up on the outcomes of the second joint meeting of the parties to the CMS Memorandum of "
      "Understanding on the West African elephant (CMS MoU) and the CITES Monitoring the Illegal Killing of "
      "Elephants (MIKE) programme for West Africa , held on 22 June 2011, by:")
B1_ITEMS = ["Assisting countries to progress transboundary projects benefitting elephants in West Africa;",
            "Providing support to secure funding for these projects;",
            "Organize at least one further joint meeting between the CMS MoU and MIKE by December 2014 "
            "(subject to external funding)."]
B4_START = ("Continue to seek further options for collaboration in West Africa to improve coherence between the "
            "two Conventions, particularly in areas")
B4_END = "such as elephant management, management of human-elephant conflicts, illegal trade in specimens and " \
         "capacity-building."
B12 = ("CITES will explore, as per CITES decision 14.97 (Rev. CoP15), possibilities to establish a mechanism to "
       "use funds from the traditional Asian medicine industry for *in situ* conservation of the saiga antelope.")
C2_ITEMS = ["Calendars of meetings;", "Meeting invitations;",
            "Guidelines whose joint adoption is mutually supportive."]


def reference_shaped(path: Path) -> Path:
    document = Document()
    document.add_paragraph("UNEP/CMS/StC38/Doc.3")
    document.add_paragraph("Annex 2")
    document.add_paragraph("DRAFT CMS CITES JOINT WORK PROGRAMME 2012-2014")
    document.add_paragraph("The CMS CITES Joint Work Programme 2012–2014 comprises a non-exhaustive list of joint "
                           "activities. The activities are organized around four main themes:")
    for text in ("(A) Harmonization;", "(B) Joint activities for shared species;",
                 "(C) Administration and fund-raising;", "(D) Outreach and capacity building."):
        document.add_paragraph(text, style="List Bullet")
    document.add_heading("(A) Harmonization of taxonomy and nomenclature activities", level=2)
    document.add_paragraph("Joint activities in this area relate to updating the concordance list of species.")
    table = _table(document)
    _row(table, ["u:Concordance List of Species and Common Database",
                 "A1. On-going update of the concordance list of species in the Appendices of the two Conventions.",
                 "A2. Work with UNEP-WCMC on establishing a single database accessible from the two websites."],
         ["2012", "2012"])
    _row(table, ["u:Harmonize Nomenclature and Taxonomy",
                 "A3. Pursue efforts to harmonize the nomenclature and taxonomy in the Appendices.",
                 "Consider in particular the harmonization of the CITES and CMS references relating to marine turtles.",
                 "A4. Prepare a critical assessment of the differences in the criteria for inclusion of shared species."],
         ["2012", "2012-13"])
    document.add_heading("(B) Joint actions for the conservation and sustainable use of shared species", level=2)
    document.add_paragraph("Joint activities in this area relate to promoting actions for the conservation and "
                           "sustainable use of shared species, with a focus on:")
    for item in ("West and Central African populations of the African elephant (*Loxodonta africana*);",
                 "Saiga antelope (*Saiga* spp.); and", "Tigers (*Panthera tigris*)."):
        paragraph = document.add_paragraph(style="List Bullet")
        for k, piece in enumerate(item.split("*")):
            if piece:
                paragraph.add_run(piece).italic = k % 2 == 1
    document.add_paragraph("The secretariats will also respond to any recommendations and resolutions.")
    table = _table(document)
    _row(table, ["u:African elephant", "B1. " + B1, *["•" + i for i in B1_ITEMS],
                 "B2. Maximize the synergies between the CMS MoU and MIKE in West Africa.",
                 "B4. " + B4_START], ["2012-2014", "On-going", "On-going"])
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    table = _table(document)  # the page break: a new table, its header repeated
    _row(table, [B4_END], [])
    _row(table, ["B5. Follow up on any decisions adopted at CMS CoP10 regarding the feasibility of a CMS "
                 "instrument for Central African Elephants (subject to external funding)."],
         ["Will depend on decisions adopted at CMS CoP10"])
    _row(table, ["u:Saiga antelope", "B12. " + B12], ["On-going"])
    _group_row(table, "Marine turtles")
    _row(table, ["B13. CITES and CMS will explore the possibility of organizing a meeting of the secretariats of "
                 "conventions dealing with marine turtles."], ["2013"])
    _group_row(table, "Other species")
    _row(table, ["B18. For other species, such as certain falcons and sturgeons: continue discussions."],
         ["2012 – 14"])
    document.add_heading("(C) Administrative and fund-raising cooperation", level=2)
    document.add_paragraph("Joint activities in this area relate to coordinating and updating this work programme.")
    table = _table(document)
    _row(table, ["u:Secretariat coordination meetings",
                 "C1. An annual secretariat coordination meeting will be held."], ["Annual and as-required"])
    document.add_paragraph()
    table = _table(document, header=False)  # continued on the next page without its header
    _row(table, ["u:Exchange information", "C2. Information exchange, such as:",
                 *[f"• {i}" for i in C2_ITEMS]], ["On-going"])
    _row(table, ["u:Fundraising", "C3. Raise funds for joint projects already planned."], ["On-going"])
    document.add_heading("(D) Outreach and capacity building activities", level=2)
    document.add_paragraph("Joint activities in this area relate to such activities as representation of one "
                           "secretariat by the other.")
    table = _table(document)
    _row(table, ["D1. Investigate possibilities for coordinated outreach and capacity building activities.",
                 "A good example of this would be joint participation in relevant regional capacity building "
                 "workshops."], ["On-going"])
    _row(table, ["D4. Possibilities for other joint activities so far include the following:",
                 "2012: March: 26th meeting of the CITES Animals Committee.",
                 "2013: March: 16th meeting of the Conference of the Parties to CITES."], [])
    document.save(path)
    return path


EXPECTED = [
    ("A1", "A", "Concordance List of Species and Common Database",
     "On-going update of the concordance list of species in the Appendices of the two Conventions.", "2012"),
    ("A2", "A", "Concordance List of Species and Common Database",
     "Work with UNEP-WCMC on establishing a single database accessible from the two websites.", "2012"),
    ("A3", "A", "Harmonize Nomenclature and Taxonomy",
     "Pursue efforts to harmonize the nomenclature and taxonomy in the Appendices.\nConsider in particular the "
     "harmonization of the CITES and CMS references relating to marine turtles.", "2012"),
    ("A4", "A", "Harmonize Nomenclature and Taxonomy",
     "Prepare a critical assessment of the differences in the criteria for inclusion of shared species.", "2012-13"),
    ("B1", "B", "African elephant", "\n".join([B1, *[f"• {i}" for i in B1_ITEMS]]), "2012-2014"),
    ("B2", "B", "African elephant", "Maximize the synergies between the CMS MoU and MIKE in West Africa.", "On-going"),
    ("B4", "B", "African elephant", f"{B4_START} {B4_END}", "On-going"),
    ("B5", "B", "African elephant", "Follow up on any decisions adopted at CMS CoP10 regarding the feasibility of a "
     "CMS instrument for Central African Elephants (subject to external funding).",
     "Will depend on decisions adopted at CMS CoP10"),
    ("B12", "B", "Saiga antelope", B12, "On-going"),
    ("B13", "B", "Marine turtles", "CITES and CMS will explore the possibility of organizing a meeting of the "
     "secretariats of conventions dealing with marine turtles.", "2013"),
    ("B18", "B", "Other species", "For other species, such as certain falcons and sturgeons: continue discussions.",
     "2012 – 14"),
    ("C1", "C", "Secretariat coordination meetings", "An annual secretariat coordination meeting will be held.",
     "Annual and as-required"),
    ("C2", "C", "Exchange information", "\n".join(["Information exchange, such as:", *[f"• {i}" for i in C2_ITEMS]]),
     "On-going"),
    ("C3", "C", "Fundraising", "Raise funds for joint projects already planned.", "On-going"),
    ("D1", "D", "", "Investigate possibilities for coordinated outreach and capacity building activities.\n"
     "A good example of this would be joint participation in relevant regional capacity building workshops.",
     "On-going"),
    ("D4", "D", "", "Possibilities for other joint activities so far include the following:\n"
     "2012: March: 26th meeting of the CITES Animals Committee.\n"
     "2013: March: 16th meeting of the Conference of the Parties to CITES.", ""),
]


@pytest.fixture
def reference_docx(tmp_path) -> Path:
    return reference_shaped(tmp_path / "JWP.docx")


def test_reference_shaped_document_gives_the_right_activities(reference_docx):
    imported = read_word_programme(reference_docx)
    got = [(a.code, a.theme, a.group, a.description, a.timeframe) for a in imported.activities]
    assert got == EXPECTED
    assert imported.unplaced == []


def test_reference_shaped_document_gives_themes_title_introductions_and_says_what_it_joined(reference_docx):
    imported = read_word_programme(reference_docx)
    assert [(t.code, t.title) for t in imported.themes] == [
        ("A", "Harmonization of taxonomy and nomenclature activities"),
        ("B", "Joint actions for the conservation and sustainable use of shared species"),
        ("C", "Administrative and fund-raising cooperation"),
        ("D", "Outreach and capacity building activities")]
    assert imported.themes[1].introduction.splitlines() == [
        "Joint activities in this area relate to promoting actions for the conservation and sustainable use of "
        "shared species, with a focus on:",
        "West and Central African populations of the African elephant (*Loxodonta africana*);",
        "Saiga antelope (*Saiga* spp.); and", "Tigers (*Panthera tigris*).",
        "The secretariats will also respond to any recommendations and resolutions."]
    assert imported.title == "DRAFT CMS CITES JOINT WORK PROGRAMME 2012-2014"
    assert imported.introduction.splitlines() == [
        "The CMS CITES Joint Work Programme 2012–2014 comprises a non-exhaustive list of joint activities. "
        "The activities are organized around four main themes:",
        "(A) Harmonization;", "(B) Joint activities for shared species;", "(C) Administration and fund-raising;",
        "(D) Outreach and capacity building."]
    assert imported.groups_of("B") == ["African elephant", "Saiga antelope", "Marine turtles", "Other species"]
    assert imported.notes == ["Table 3, row 2: continues B4 from table 2 (a table split by a page break); joined."]
    assert imported.tables_read == [1, 2, 3, 4, 5, 6] and imported.tables_skipped == []


# ---------------------------------------------------------------- rows it cannot place, documents without codes

def test_a_row_without_a_code_inside_a_table_is_reported_with_its_table_and_row(tmp_path):
    document = Document()
    document.add_heading("(A) Harmonization", level=2)
    table = _table(document)
    _row(table, ["A1. Update the concordance list."], ["2015"])
    _row(table, ["Keep the list on both websites."], ["2016"])
    _row(table, [], ["2017"])
    document.save(tmp_path / "x.docx")
    imported = read_word_programme(tmp_path / "x.docx")
    assert [a.code for a in imported.activities] == ["A1"]
    assert [(u.place, u.text, u.reason) for u in imported.unplaced] == [
        ("table 1, row 3", "Keep the list on both websites.",
         "it does not start with an activity code (such as 'A1.') and does not continue an activity"),
        ("table 1, row 3", "2016", "a timeframe beside no activity"),
        ("table 1, row 4", "2017", "the description cell is empty")]


def test_activities_without_codes_are_numbered_per_theme_one_per_row(tmp_path):
    document = Document()
    for heading, rows in (("(A) Harmonization", ["Update the list.", "Compare the references."]),
                          ("(B) Shared species", ["Meet on elephants."])):
        document.add_heading(heading, level=2)
        table = _table(document)
        for text in rows:
            _row(table, [text], ["2015-2016"])
    document.save(tmp_path / "x.docx")
    imported = read_word_programme(tmp_path / "x.docx")
    assert [(a.code, a.theme, a.description, a.timeframe) for a in imported.activities] == [
        ("A1", "A", "Update the list.", "2015-2016"), ("A2", "A", "Compare the references.", "2015-2016"),
        ("B1", "B", "Meet on elephants.", "2015-2016")]


def test_task_numbers_give_codes_and_are_kept(tmp_path):
    document = Document()
    document.add_heading("(A) Harmonization", level=2)
    table = _table(document)
    _row(table, ["1. Update the list.", "2. Compare the references."], ["2015", "2016"])
    document.save(tmp_path / "x.docx")
    imported = read_word_programme(tmp_path / "x.docx")
    assert [(a.code, a.number, a.description, a.timeframe) for a in imported.activities] == [
        ("A1", "1", "Update the list.", "2015"), ("A2", "2", "Compare the references.", "2016")]


def test_a_table_whose_description_cells_are_empty_holds_no_activity(tmp_path):
    document = Document()
    table = _table(document)
    table.add_row()
    document.save(tmp_path / "x.docx")
    with pytest.raises(WordProgrammeError) as error:
        read_word_programme(tmp_path / "x.docx")
    assert str(error.value) == (
        f"{tmp_path / 'x.docx'}: the tables with a description column (table 1) hold no activity; expected rows "
        f"below the header, each with an activity's description.")


def test_lead_and_funding_columns_and_a_timeframe_merged_down_beside_several_rows(tmp_path):
    document = Document()
    document.add_heading("(A) Harmonization", level=2)
    table = document.add_table(rows=4, cols=4)
    rows = [("Description", "Timeframe", "Lead", "External funding"),
            ("A1. Update the list.", "2015-2016", "CITES", "no"),
            ("A2. Compare the references.", "", "CMS and CITES", "yes"),
            ("A3. Meet the Chairs.", "2017", "UNEP-WCMC", "if found")]
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            table.cell(r, c).text = text
    table.cell(1, 1).merge(table.cell(2, 1))  # one timeframe beside A1 and A2
    document.save(tmp_path / "x.docx")
    imported = read_word_programme(tmp_path / "x.docx")
    assert [(a.code, a.timeframe, a.lead, a.external_funding, a.comments) for a in imported.activities] == [
        ("A1", "2015-2016", "CITES", False, ""),
        ("A2", "2015-2016", "Joint", True, ""),
        ("A3", "2017", "", None, "Lead as written: UNEP-WCMC\nFunding as written: if found")]
    assert imported.notes == ["Table 1, row 3: the timeframe cell is merged with the one above; '2015-2016' given "
                              "to A2."]


def test_a_code_of_another_theme_is_kept_and_noted(tmp_path):
    document = Document()
    document.add_heading("(A) Harmonization", level=2)
    table = _table(document)
    _row(table, ["A1. Update the list.", "B7. Compare the references."], ["2015", "2016"])
    document.save(tmp_path / "x.docx")
    imported = read_word_programme(tmp_path / "x.docx")
    assert [(a.code, a.theme) for a in imported.activities] == [("A1", "A"), ("B7", "A")]
    assert imported.notes == ["Table 1, row 2: the code B7 is in theme A ('Harmonization'); check it."]


def test_messages_name_an_upload_by_its_own_name(tmp_path):
    path = tmp_path / "upload-3f9a.bin"
    path.write_text("not a document")
    with pytest.raises(WordProgrammeError) as error:
        read_word_programme(path, shown_as="JWP 2015-2017.docx")
    assert str(error.value) == ("JWP 2015-2017.docx is not a Word document (.docx); open it in Word and save it as "
                                "Word Document (.docx).")
