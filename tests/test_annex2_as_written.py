"""Annex 2 of the StC38 document, made from the bundled inputs, as the Secretariat wrote it, and
laid out so that no heading is left alone at the foot of a page.

The expected texts below are those of UNEP/CMS/StC38/Doc.3 (the draft Joint Work Programme
2012-2014): the items of B1, C2 and D2 are a bulleted list (Word's numbering draws the bullet;
the item's text carries none), the programme's introduction starts with its label
"Background:", and every species the document names is on the Species sheet and in the
Species cell of the activities (and log rows) that name it.

Page positions need a renderer; the tests assert the Word properties that decide them: group
heading rows and header rows never split and kept with the row after them, a theme's
introduction kept with its table, short rows kept whole, long rows allowed to break, widow
and orphan control on.
"""
from __future__ import annotations

import re
from datetime import datetime

import pytest
from docx import Document
from docx.oxml.ns import qn

from pipeline.assemble import build_report
from pipeline.inputs.load import read_inputs
from pipeline.word.document import write_docx
from pipeline.word.templates import narrative_for, report_template
from tests.conftest import BUNDLED_INPUTS, PROJECT

BULLETED = {
    "B1": [
        "Assisting countries to progress transboundary projects benefitting elephants in West Africa;",
        "Providing support to secure funding for these projects;",
        "Following-up on the implementation of the projects, and submitting progress reports on these projects "
        "to the Standing Committees by December 2014;",
        "Organize at least one further joint meeting between the CMS MoU and MIKE by December 2014 (subject to "
        "external funding).",
    ],
    "C2": [
        "Calendars of meetings;",
        "Meeting invitations;",
        "Lists of administrative and scientific focal points in Parties;",
        "Pertinent draft documents in advance of Convention meetings, including strategic plans;",
        "Details of procedural and administrative developments; and",
        "Guidelines whose joint adoption is mutually supportive.",
    ],
    "D2": [
        "Liaison Group of the Biodiversity-related Conventions (BLG);",
        "Intergovernmental Science-Policy Platform on Biodiversity and Ecosystem Services (IPBES) processes;",
        "Environment Management Group (EMG) and the Issue Management Group on Biodiversity (IMG4);",
        "2020 Aichi Biodiversity Targets Task Force on the Implementation of the Strategic Plan for Biodiversity "
        "2011-2020 and the Aichi Biodiversity Targets.",
    ],
}
LEAD_INS = {
    "B1": "B1. Follow up on the outcomes of the second joint meeting of the parties to the CMS Memorandum of "
          "Understanding on the West African elephant (CMS MoU) and the CITES Monitoring the Illegal Killing of "
          "Elephants (MIKE) programme for West Africa , held on 22 June 2011, by:",
    "C2": "C2. Information exchange, such as:",
    "D2": "D2. Jointly attend, or represent the other secretariat, at meetings of interagency groups including "
          "those listed below, collaborate with follow-up to such meetings and actions as required, and encourage "
          "such groups to assist in the implementation of CMS and CITES:",
}
BACKGROUND = ("Background: The CMS CITES Joint Work Programme 2012\u20132014 comprises a non-exhaustive list of joint "
              "activities.")

# Every scientific name the document prints, with the common name it gives it.
SCIENTIFIC_NAMES = {
    "Saiga spp.": "Saiga antelope",
    "Saiga tatarica tatarica": "Saiga antelope",
    "Uncia uncia": "Snow leopard",
    "Loxodonta africana": "African elephant",
    "Cheloniidae and Dermochelyidae": "Marine turtles",
    "Rhincodon typus": "Whale shark",
    "Carcharodon carcharias": "Great white shark",
    "Cetorhinus maximus": "Basking shark",
    "Isurus oxyrinchus": "Shortfin mako shark",
    "Isurus paucus": "Longfin mako shark",
    "Lamna nasus": "Porbeagle shark",
    "Squalus acanthias": "Dogfish shark",
    "Acipenseriformes": "Sturgeons",
    "Falco cherrug": "Saker falcon",
    "Gorilla spp.": "Gorillas",
    "Dugong dugon": "Dugong",
    "Panthera tigris": "Tiger",
    "Ovis ammon": "Argali sheep",
}
# Species the document names without a scientific name.
COMMON_ONLY = ("South American fur seal", "Vicugna")
# What an activity's text says -> the species its Species cell must hold.
NAMED_IN_TEXT = {
    r"\bsaiga\b": "Saiga antelope",
    r"\bsnow leopard": "Snow leopard",
    r"\belephants?\b": "African elephant",
    r"\bturtles\b": "Marine turtles",
    r"\bwhale shark": "Whale shark",
    r"\bwhite shark": "Great white shark",
    r"\bbasking shark": "Basking shark",
    r"\bsturgeons\b": "Sturgeons",
    r"\bfalcons?\b": "Saker falcon",
    r"\bgorilla": "Gorillas",
    r"\bdugongs?\b": "Dugong",
    r"\btigers?\b": "Tiger",
    r"\bvicugna\b": "Vicugna",
    r"\bfur seal\b": "South American fur seal",
}


@pytest.fixture(scope="module")
def inputs():
    return read_inputs(BUNDLED_INPUTS)


@pytest.fixture(scope="module")
def document(tmp_path_factory, inputs):
    folder = tmp_path_factory.mktemp("annex2")
    report = build_report(inputs, "StC38", generated_at=datetime(2011, 9, 27, 9, 30),
                          snapshots_dir=folder / "no-snapshots")
    templates = PROJECT / "templates"
    path = write_docx(report, folder / "doc.docx", report_template(templates), narrative_for(templates, "StC38"))
    return Document(str(path))


def annex2_tables(document):
    return [t for t in document.tables if t.rows[0].cells[0].text == "Description of envisaged joint activities"]


def activity_rows(document) -> dict[str, object]:
    rows = {}
    for table in annex2_tables(document):
        for row in table.rows[1:]:
            tcs = row._tr.tc_lst
            if len(tcs) > 1:
                rows[row.cells[0].paragraphs[0].text.split(".")[0]] = row
    return rows


def group_rows(document) -> list:
    return [row for t in annex2_tables(document) for row in t.rows[1:] if len(row._tr.tc_lst) == 1]


def bullet_num_ids(document) -> set[str]:
    """The numbering instances whose first level is a bullet."""
    numbering = document.part.numbering_part.element
    ns = {"w": qn("w:x")[1:].split("}")[0]}
    bullets = {a.get(qn("w:abstractNumId")) for a in numbering.findall(qn("w:abstractNum"))
               if a.xpath("./w:lvl[@w:ilvl='0']/w:numFmt/@w:val", namespaces=ns) == ["bullet"]}
    return {n.get(qn("w:numId")) for n in numbering.findall(qn("w:num"))
            if n.find(qn("w:abstractNumId")).get(qn("w:val")) in bullets}


def keeps_with_next(paragraph) -> bool:
    """Keep-with-next as Word reads it: on the paragraph, else from its style and the styles it is based on."""
    if paragraph.paragraph_format.keep_with_next is not None:
        return paragraph.paragraph_format.keep_with_next
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.keep_with_next is not None:
            return style.paragraph_format.keep_with_next
        style = style.base_style
    return False


def cant_split(row) -> bool:
    tr_pr = row._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None


# ---------------------------------------------------------------- lists and labels

@pytest.mark.parametrize("code", list(BULLETED))
def test_listed_items_are_a_word_bulleted_list(document, code):
    cell = activity_rows(document)[code].cells[0]
    paragraphs = cell.paragraphs
    assert paragraphs[0].text == LEAD_INS[code]
    assert [p.text for p in paragraphs[1:]] == BULLETED[code]
    bullets = bullet_num_ids(document)
    for p in paragraphs[1:]:
        assert p.style.name == "Table Bullet"
        num_pr = p._p.pPr.numPr  # on the paragraph itself: LibreOffice drops a style's list in a table cell
        assert num_pr is not None and num_pr.numId.val is not None
        assert str(num_pr.numId.val) in bullets
    assert paragraphs[0]._p.pPr.numPr is None and paragraphs[0].style.name == "Table Text"


def test_no_other_description_is_a_list(document):
    for code, row in activity_rows(document).items():
        listed = [p for p in row.cells[0].paragraphs if p.style.name == "Table Bullet"]
        assert bool(listed) == (code in BULLETED), code
    assert "\u2022" not in "".join(p.text for t in annex2_tables(document) for r in t.rows for c in r.cells
                                   for p in c.paragraphs)


def test_background_label_precedes_the_introduction(document):
    texts = [p.text for p in document.paragraphs]
    title = texts.index("DRAFT CMS CITES JOINT WORK PROGRAMME 2012-2014")
    assert texts[title + 1].startswith(BACKGROUND)
    assert texts[title + 2:title + 6] == ["(A) Harmonization;", "(B) Joint activities for shared species;",
                                          "(C) Administration and fund-raising;", "(D) Outreach and capacity building."]


# ---------------------------------------------------------------- species

def test_every_species_the_document_names_is_on_the_species_sheet(inputs):
    sheet = {s.scientific_name: s.common_name for s in inputs.species}
    for scientific, common in SCIENTIFIC_NAMES.items():
        assert scientific in sheet, scientific
        assert sheet[scientific].startswith(common), (scientific, sheet[scientific])
    common_names = {s.common_name for s in inputs.species}
    assert set(COMMON_ONLY) <= common_names
    assert set(NAMED_IN_TEXT.values()) <= common_names


def test_a3_names_marine_turtles(inputs):
    a3 = next(a for a in inputs.activities if a.programme_id == "JWP 2012-2014" and a.code == "A3")
    assert "marine turtles" in a3.description
    assert a3.species == ("Marine turtles",)


@pytest.mark.parametrize("programme", ["JA 2008-2011", "JWP 2012-2014"])
def test_every_activity_lists_the_species_its_text_names(inputs, programme):
    checked = 0
    for activity in (a for a in inputs.activities if a.programme_id == programme):
        named = {species for pattern, species in NAMED_IN_TEXT.items()
                 if re.search(pattern, activity.description, re.I)}
        assert named <= set(activity.species), (activity.code, named - set(activity.species))
        checked += bool(named)
    assert checked >= (1 if programme == "JA 2008-2011" else 15)


def test_log_rows_list_the_species_whose_scientific_name_they_print(inputs):
    by_scientific = {s.scientific_name: s.common_name for s in inputs.species if s.scientific_name}
    printed = 0
    for entry in inputs.log:
        for scientific, common in by_scientific.items():
            if scientific in entry.summary:
                assert common in entry.species, (entry.id, common)
                printed += 1
    assert printed >= 2  # the saiga MoU's Saiga tatarica tatarica, the saker falcon's Falco cherrug


# ---------------------------------------------------------------- layout

def test_group_headings_are_never_alone_at_the_foot_of_a_page(document):
    rows = group_rows(document)
    assert [r.cells[0].text for r in rows][:3] == ["Concordance List of Species and Common Database",
                                                    "Harmonize Nomenclature and Taxonomy", "African elephant"]
    for row in rows:
        assert cant_split(row)
        assert all(keeps_with_next(p) for p in row.cells[0].paragraphs), row.cells[0].text
        assert all(p.paragraph_format.keep_with_next for p in row.cells[0].paragraphs)  # whatever the style says


def test_header_rows_repeat_never_split_and_keep_with_the_first_row(document):
    for table in document.tables[1:]:
        header = table.rows[0]
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert cant_split(header)
        assert all(p.paragraph_format.keep_with_next for c in header.cells for p in c.paragraphs)


def test_a_theme_heading_and_introduction_stay_with_the_table(document):
    body = list(document.element.body.iterchildren())
    tables = {t._tbl: t for t in annex2_tables(document)}
    for index, element in enumerate(body):
        if element in tables:
            before = document.paragraphs[[p._p for p in document.paragraphs].index(body[index - 1])]
            if before.text.startswith("The secretariats will also respond"):
                # theme B's long introduction (13 paragraphs) may end a page, its heading above it
                assert not before.paragraph_format.keep_with_next
                continue
            assert before.paragraph_format.keep_with_next, before.text
    heading = next(p for p in document.paragraphs if p.text.startswith("(B) Joint actions"))
    assert keeps_with_next(heading)
    # the paragraphs between may break across pages: only the last keeps with the table
    intro = [p for p in document.paragraphs if p.text.startswith(("Saiga antelope (Saiga spp.);", "Joint work will"))]
    assert intro and not any(p.paragraph_format.keep_with_next for p in intro)


def test_short_rows_are_kept_whole_long_rows_may_break(document):
    rows = activity_rows(document)
    long_rows = {"B11", "B12"}  # one paragraph of five lines and more: pushed whole, a page's foot stays blank
    short_rows = {"A1", "A3", "B2", "B3", "B9", "B14", "C1", "C3", "D3"}  # four lines or fewer
    # a description in several paragraphs (a bulleted list, D1's two paragraphs), up to 12 lines:
    # never cut between two pages (issue 20)
    listed_rows = {"B1", "C2", "D1", "D2", "D4"}
    for code in short_rows | listed_rows:
        assert cant_split(rows[code]), code
    for code in long_rows:
        assert not cant_split(rows[code]), code
    for code in short_rows:
        assert cant_split(rows[code]), code
    status = rows["B5"].cells[2].paragraphs  # a status with its reason keeps the word with the reason
    assert len(status) == 2 and status[0].paragraph_format.keep_with_next


def test_widow_and_orphan_control_is_on(document):
    defaults = document.styles.element.xpath("./w:docDefaults/w:pPrDefault/w:pPr/w:widowControl")
    assert defaults and defaults[0].get(qn("w:val")) in (None, "1", "true", "on")
    for name in ("Table Text", "Table Note", "Table Bullet", "Annex Text"):
        own = document.styles[name].element.xpath("./w:pPr/w:widowControl/@w:val")
        assert own in ([], ["1"], ["true"], ["on"]), name


def test_annex1_labels_on_their_own_line_keep_with_the_summary(document):
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Activities")
    alone = [p for row in table.rows[1:] for p in row.cells[3].paragraphs
             if re.fullmatch(r"\d+(-\d+)?\. .+:", p.text)]
    assert [p.text for p in alone] == ["1-3. African elephant:"]
    assert all(p.paragraph_format.keep_with_next for p in alone)


# ---------------------------------------------------------------- as compact as the Secretariat's

def test_the_status_column_names_the_status_and_gives_a_reason_only_where_it_needs_attention(document):
    """StC38: 30 activities 'Not yet due' (their alike reasons stay in the workbook), B5 'Pending
    decision' with its reason."""
    rows = activity_rows(document)
    for code, row in rows.items():
        status = [p.text for p in row.cells[2].paragraphs]
        if code == "B5":
            assert status[0] == "Pending decision" and len(status) == 2 and "CoP10" in status[1]
        else:
            assert status == ["Not yet due"], (code, status)


def test_no_evidence_column_where_no_activity_of_the_theme_has_evidence(document):
    """At 31 August 2011 no activity of the 2012-2014 programme has evidence: no column of dashes."""
    for table in annex2_tables(document):
        assert [c.text for c in table.rows[0].cells] == [
            "Description of envisaged joint activities", "Timeframe", "Status"]


@pytest.mark.integration
def test_annex2_takes_at_most_six_pages_none_less_than_a_third_full(document, tmp_path):
    """Measured in the PDF (LibreOffice): the Secretariat's own annex takes five pages; ours at most
    six, and only a section's last page may be less than a third full."""
    import shutil
    import subprocess

    from pipeline.publish.pdf import convert_to_pdf, libreoffice_available
    if not libreoffice_available() or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice and poppler-utils are not installed")
    document.save(str(tmp_path / "doc.docx"))
    pdf = convert_to_pdf(tmp_path / "doc.docx", tmp_path)
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        height = float(page[1])
        words = re.findall(r'yMax="([\d.]+)">([^<]*)</word>', page[2])
        body = [float(y) for y, w in words if height * 0.08 < float(y) < height * 0.92]  # not header, footer
        pages.append(("".join(w for _, w in words), max(body, default=0) / height))
    first = next(i for i, (text, _) in enumerate(pages) if "DRAFTCMSCITESJOINTWORKPROGRAMME" in text)
    annex2 = pages[first:]
    assert len(annex2) <= 6, len(annex2)
    for number, (_, filled) in enumerate(annex2[:-1], start=first + 1):
        assert filled > 1 / 3, (number, filled)
