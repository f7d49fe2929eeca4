"""Italics and underlines of the StC38 document, made from the bundled inputs, as the Secretariat
printed them: every scientific name of genus or species rank in italics though no cell marks it
(the Species sheet names them), and the spans staff mark in a cell: '_Sharks_:' underlined,
'*ad hoc*' in italics. The workbook shows the same texts without the marks."""
from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn

from pipeline.assemble import build_report
from pipeline.excel.workbook import write_xlsx
from pipeline.inputs.load import read_inputs
from pipeline.word.document import write_docx
from pipeline.word.templates import narrative_for, report_template
from pipeline.wording.markup import parse_inline, plain_text, scientific_names
from tests.conftest import BUNDLED_INPUTS, PROJECT


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("emphasis")
    report = build_report(read_inputs(BUNDLED_INPUTS), "StC38", generated_at=datetime(2011, 9, 27, 9, 30),
                          snapshots_dir=folder / "none")
    templates = PROJECT / "templates"
    docx = write_docx(report, folder / "d.docx", report_template(templates), narrative_for(templates, "StC38"))
    xlsx = write_xlsx(report, folder / "d.xlsx")
    return Document(docx), openpyxl.load_workbook(xlsx)


def runs(document, *, italic=False, underline=False) -> list[str]:
    """The text of the document's runs that are italic (or underlined)."""
    found = []
    for r in document.element.body.iter(qn("w:r")):
        r_pr = r.find(qn("w:rPr"))
        if r_pr is None:
            continue
        if (italic and r_pr.find(qn("w:i")) is not None) or (underline and r_pr.find(qn("w:u")) is not None):
            found.append("".join(t.text or "" for t in r.iter(qn("w:t"))))
    return found


def test_scientific_names_in_italics_without_markup(written):
    italic = runs(written[0], italic=True)
    for name in ("Saiga spp.", "Uncia uncia", "Loxodonta africana", "Rhincodon typus", "Carcharodon carcharias",
                 "Cetorhinus maximus", "Isurus oxyrinchus", "Isurus paucus", "Lamna nasus", "Squalus acanthias",
                 "Saiga tatarica tatarica", "Falco cherrug", "Gorilla spp.", "Dugong dugon", "Panthera tigris",
                 "Ovis ammon"):
        assert name in italic, name
    # a family or an order stays upright, as the editorial rules want
    assert "Acipenseriformes" not in italic and "Cheloniidae and Dermochelyidae" not in italic


def test_marked_spans_print_italic_and_underlined(written):
    italic, underlined = runs(written[0], italic=True), runs(written[0], underline=True)
    assert italic.count("ad hoc") == 2 and "in situ" in italic
    assert "Workshop on the Conservation and Sustainable Use of Saiga Antelope" in italic
    for label in ("Sharks", "Saiga antelope", "Saker falcon", "Gorillas"):
        assert label in underlined, label
    text = "\n".join(p.text for t in written[0].tables for row in t.rows for c in row.cells for p in c.paragraphs)
    assert "*" not in text and "_Sharks_" not in text


def test_the_workbook_shows_the_text_without_its_marks(written):
    values = [c.value for ws in written[1].worksheets for row in ws.iter_rows() for c in row
              if isinstance(c.value, str)]
    assert any("for in situ conservation" in v for v in values)
    assert not any("*in situ*" in v for v in values)


def test_underline_markup_leaves_snake_case_and_addresses_alone():
    for text in ("see my_file_name.xlsx", "https://example.org/a_b_c/", "snake_case_word"):
        assert [s.text for s in parse_inline(text) if s.underline] == [], text
    spans = parse_inline("_Sharks_: the MoU and _Saker falcon_:")
    assert [s.text for s in spans if s.underline] == ["Sharks", "Saker falcon"]
    assert plain_text("*ad hoc* and _Sharks_: **b**") == "ad hoc and Sharks: b"


def test_scientific_names_only_within_their_report():
    with scientific_names(["Falco cherrug", "Acipenseriformes"]):
        assert [s.text for s in parse_inline("the Saker falcon (Falco cherrug).") if s.italic] == ["Falco cherrug"]
        assert [s.text for s in parse_inline("Acipenseriformes") if s.italic] == []
    assert [s.text for s in parse_inline("Falco cherrug") if s.italic] == []


def test_the_markup_is_documented_where_staff_read_about_columns():
    from pipeline.inputs.schema import WORKBOOKS
    helps = {(s.name, c.header): c.described for w in WORKBOOKS for s in w.sheets for c in s.columns}
    for place in (("Activities", "Description"), ("Themes", "Comments"), ("Log", "Summary")):
        assert "*words*" in helps[place] and "_words_" in helps[place], place
    assert "_words_ for underlined" in (PROJECT / "README.md").read_text("utf-8")
