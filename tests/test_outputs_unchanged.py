"""The StC38 document and workbook made from the bundled inputs, word for word and cell for cell.

The expected text lives in tests/golden/. A deliberate change to what the report says is
made by regenerating it (`STC_UPDATE_GOLDEN=1 pytest tests/test_outputs_unchanged.py`) and
reading the diff of tests/golden/ before committing: anything else that changes is a bug.
"""
from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from lxml import etree

from pipeline.assemble import build_report
from pipeline.excel.workbook import write_xlsx
from pipeline.inputs.load import read_inputs
from pipeline.word.document import write_docx
from pipeline.word.templates import narrative_for, report_template
from tests.conftest import BUNDLED_INPUTS, PROJECT

GOLDEN = Path(__file__).parent / "golden"
GENERATED_AT = datetime(2011, 9, 27, 9, 30)


def docx_lines(path: Path) -> list[str]:
    """Every paragraph of the body, tables cell by cell, headers, footers and footnotes, in order."""
    document = Document(path)
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = [c for c in row if c.tag.endswith("}tc")]
                    lines.append(" | ".join(
                        "\u23ce".join("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                                      for p in c.iter() if p.tag.endswith("}p"))
                        for c in cells))
    for section in document.sections:
        for part, name in ((section.header, "header"), (section.footer, "footer")):
            lines += [f"[{name}] {p.text}" for p in part.paragraphs if p.text]
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            notes = etree.fromstring(rel.target_part.blob)
            lines += [f"[footnote] {''.join(t.text or '' for t in n.iter() if t.tag.endswith('}t'))}"
                      for n in notes if n.tag.endswith("}footnote")]
    return lines


def xlsx_lines(path: Path) -> list[str]:
    """Every sheet's non-empty cells, with their addresses and values as Excel shows them."""
    book = openpyxl.load_workbook(path)
    lines: list[str] = []
    for sheet in book.worksheets:
        lines.append(f"== {sheet.title}")
        for row in sheet.iter_rows():
            for c in row:
                if c.value is not None and c.value != "":
                    value = c.value.isoformat() if hasattr(c.value, "isoformat") else c.value
                    lines.append(f"{c.coordinate}\t{value!r}")
    return lines


@pytest.fixture(scope="module")
def stc38(tmp_path_factory) -> dict[str, list[str]]:
    folder = tmp_path_factory.mktemp("stc38")
    report = build_report(read_inputs(BUNDLED_INPUTS), "StC38", generated_at=GENERATED_AT,
                          snapshots_dir=folder / "no-snapshots")
    templates = PROJECT / "templates"
    docx = write_docx(report, folder / "doc.docx", report_template(templates), narrative_for(templates, "StC38"))
    xlsx = write_xlsx(report, folder / "doc.xlsx")
    return {"StC38.docx.txt": docx_lines(docx), "StC38.xlsx.txt": xlsx_lines(xlsx)}


@pytest.mark.parametrize("name", ["StC38.docx.txt", "StC38.xlsx.txt"])
def test_the_stc38_report_says_what_it_said(stc38, name):
    expected_file = GOLDEN / name
    made = "\n".join(stc38[name]) + "\n"
    if os.environ.get("STC_UPDATE_GOLDEN"):
        expected_file.write_text(made, "utf-8")
    expected = expected_file.read_text("utf-8")
    assert made.splitlines() == expected.splitlines(), f"{name} changed; see the diff with tests/golden/{name}"


def test_the_golden_text_is_the_real_document():
    """The stored text is a real StC38 document, not an empty or stale file."""
    text = (GOLDEN / "StC38.docx.txt").read_text("utf-8")
    for words in ("UNEP/CMS/StC38/Doc.3", "COOPERATION BETWEEN CMS AND CITES", "Harmonization of taxonomy",
                  "Annex 1", "whale shark"):
        assert words.lower() in text.lower(), words
    assert date(2011, 8, 31).strftime("%B %Y") in text or "August 2011" in text
