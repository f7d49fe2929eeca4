"""A small table in the body of the document (pipeline.wording.activity_lists.BodyTable), where
a generated paragraph would otherwise list too many activities.

It is written in the template's styles, by their usual ids: the table in Report Table, its
header row in Table Heading (repeated on each page, kept with the first row), its cells in
Table Text. A narrative from another template without those styles gets Body Text paragraphs
in a plain table (pipeline/word/narrative.py maps styles by name). Its columns share the page's
text width.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from pipeline.wording.activity_lists import BodyTable

TABLE_STYLE, HEADING_STYLE, TEXT_STYLE = "ReportTable", "TableHeading", "TableText"
A4_TEXT_WIDTH = 9072  # twips: an A4 portrait page less 2.5 cm margins, when the document does not say


def table_element(table: BodyTable, near=None):
    """The w:tbl of a BodyTable; `near`, an element of the document it goes into, gives the page's width."""
    widths = [max(1, int(text_width(near) * share)) for share in table.shares]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    rows = [_row(table.header, widths, header=True)] + [_row(cells, widths) for cells in table.rows]
    xml = (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{TABLE_STYLE}"/><w:tblW w:w="{sum(widths)}" '
           f'w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
           f'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
           f'<w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')
    return parse_xml(xml)


def _row(cells: tuple[str, ...], widths: list[int], header: bool = False) -> str:
    properties = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
    style = HEADING_STYLE if header else TEXT_STYLE
    keep = "<w:keepNext/>" if header else ""
    return "<w:tr>" + properties + "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
        + "".join(f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}</w:pPr>{_run(line)}</w:p>'
                  for line in (text.split("\n") or [""]))
        + "</w:tc>"
        for text, width in zip(cells, widths)) + "</w:tr>"


def _run(text: str) -> str:
    if not text:
        return ""
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def text_width(near=None) -> int:
    """The text width (twips) of the document `near` belongs to: its last section's page less margins."""
    if near is None:
        return A4_TEXT_WIDTH
    body = near.getroottree().getroot().find(qn("w:body"))
    section = body.find(qn("w:sectPr")) if body is not None else None
    size = section.find(qn("w:pgSz")) if section is not None else None
    margins = section.find(qn("w:pgMar")) if section is not None else None
    try:
        width = int(size.get(qn("w:w"))) - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))
    except (AttributeError, TypeError, ValueError):
        return A4_TEXT_WIDTH
    return width if width > 1000 else A4_TEXT_WIDTH
