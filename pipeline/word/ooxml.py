"""Low-level Word XML that python-docx has no API for: shading, table-row flags,
fields, numbering restarts, section breaks. Kept apart so the writers read as prose."""
from __future__ import annotations

import copy

from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.table import CT_Tc
from docx.section import Section
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

W = nsdecls("w")


def shade_cell(cell: _Cell, fill: str) -> None:
    """Fill a table cell with a status colour (RGB hex, as Status.fill gives it)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    tc_pr.insert_element_before(parse_xml(f'<w:shd {W} w:val="clear" w:color="auto" w:fill="{fill}"/>'),
                                "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                                "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge",
                                "w:tcPrChange")


def shade_run(run: Run, fill: str) -> None:
    """Shade one run (a status word inside a cell that holds several tasks)."""
    run._r.get_or_add_rPr().insert_element_before(
        parse_xml(f'<w:shd {W} w:val="clear" w:color="auto" w:fill="{fill}"/>'),
        "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
        "w:specVanish", "w:oMath")


def _row_flag(row: _Row, tag: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn(tag)) is None:
        tr_pr.append(parse_xml(f"<{tag} {W}/>"))


def repeat_as_header(row: _Row) -> None:
    """Mark a row to be repeated at the top of every page the table runs onto."""
    _row_flag(row, "w:tblHeader")


def keep_row_whole(row: _Row) -> None:
    """Ask Word not to break a row across pages (it still does for a row taller than a page)."""
    _row_flag(row, "w:cantSplit")


def keep_with_next(paragraph: Paragraph) -> None:
    """Keep a paragraph on the page of the one after it; in a table, its row with the next row
    (Word keeps a row whose paragraphs keep with the next on the page of the following row)."""
    paragraph.paragraph_format.keep_with_next = True


def add_row(table: Table) -> _Row:
    """`table.add_row()`: a new last row of empty cells, each as wide as its grid column.

    python-docx finds the table's grid with a search that grows with the rows already in
    the table; the grid is the table's second child, so it is found by walking from the first.
    """
    tbl = table._tbl
    grid_tag = qn("w:tblGrid")
    grid = next(child for child in tbl.iterchildren() if child.tag == grid_tag)
    tr = tbl.add_tr()
    for grid_col in grid.gridCol_lst:
        tr.append(copy.deepcopy(_empty_cell(grid_col.w)))
    return _Row(tr, table)


_EMPTY_CELLS: dict[int | None, CT_Tc] = {}


def _empty_cell(width: int | None) -> CT_Tc:
    """A cell as python-docx adds it to a new row (`tr.add_tc()`, then `tc.width = width`), made
    once per width and copied: setting a width searches the cell's properties for its place."""
    if width not in _EMPTY_CELLS:
        tc = CT_Tc.new()
        if width is not None:
            tc.width = width
        _EMPTY_CELLS[width] = tc
    return _EMPTY_CELLS[width]


def merge_row(row: _Row) -> _Cell:
    """Merge a row's cells into one spanning the table: `row.cells[0].merge(row.cells[-1])`.

    python-docx's merge first finds the row's index among all the table's rows (and again
    for each cell), which makes adding such a row cost as much as the table is long. A span
    within one row needs none of that: python-docx's own merge of the row's cells is done
    once on a detached copy of them, and its result copied in (the same cells, the same result).
    """
    tr = row._tr
    tcs = tr.tc_lst
    key = b"".join(etree.tostring(tc) for tc in tcs)
    merged = _MERGED_CELLS.get(key)
    if merged is None:
        scratch = copy.deepcopy(tr).tc_lst
        scratch[0]._grow_to(sum(tc.grid_span for tc in scratch), 1)
        if len(_MERGED_CELLS) > 64:
            _MERGED_CELLS.clear()
        merged = _MERGED_CELLS[key] = scratch[0]
    first = copy.deepcopy(merged)
    tr.replace(tcs[0], first)
    for tc in tcs[1:]:
        tr.remove(tc)
    return _Cell(first, row.table)


_MERGED_CELLS: dict[bytes, CT_Tc] = {}


def set_widths(table: Table, widths: list[int]) -> None:
    """Fix column widths (EMU) on the grid and every cell: Word reads one, LibreOffice the other."""
    table.autofit = False  # python-docx writes <w:tblLayout w:type="fixed"/> in its place
    for column, width in zip(table.columns, widths):
        column.width = width
    for tr in table._tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:  # a merged cell spans several grid columns
            tc.width = sum(widths[column:column + tc.grid_span])
            column += tc.grid_span


def add_page_field(paragraph: Paragraph) -> None:
    """Append a PAGE field, so Word prints the page number itself."""
    for inner in ('<w:fldChar w:fldCharType="begin"/>',
                  '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
                  '<w:fldChar w:fldCharType="separate"/>', "<w:t>1</w:t>",
                  '<w:fldChar w:fldCharType="end"/>'):
        paragraph._p.append(parse_xml(f"<w:r {W}>{inner}</w:r>"))


def has_page_field(element) -> bool:
    """Whether a header/footer part holds a PAGE field (simple or complex)."""
    instr = [t.text or "" for t in element.iter(qn("w:instrText"))]
    simple = [f.get(qn("w:instr"), "") for f in element.iter(qn("w:fldSimple"))]
    return any("PAGE" in s.split() for s in instr + simple)


def style_num_id(document: Document, style_name: str) -> str | None:
    """The numbering instance a paragraph style is bound to in the template, if any."""
    style = document.styles[style_name].element
    found = style.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    return found[0] if found else None


def restart_numbering(document: Document, paragraph: Paragraph, style_name: str) -> None:
    """Start a list at a) / a. again: a new numbering instance of the style's list definition."""
    num_id = style_num_id(document, style_name)
    if num_id is None:
        return
    numbering = document.part.numbering_part.element
    abstract = numbering.num_having_numId(int(num_id)).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.insert_element_before(
        parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="{num.numId}"/></w:numPr>'),
        "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
        "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
        "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
        "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
        "w:pPrChange")


def new_section(document: Document, landscape: bool) -> Section:
    """End the current section on its last paragraph and open a new page section.

    The section break rides on the last paragraph when there is one, so no empty
    paragraph is added; the new section keeps the previous header and footer (linked).
    """
    body = document.element.body
    sentinel = body.get_or_add_sectPr()
    last = sentinel.getprevious()
    if last is None or last.tag != qn("w:p"):  # after a table: a paragraph only to carry the break
        last = body.add_p()
        last.get_or_add_pPr().insert_element_before(
            parse_xml(f'<w:spacing {W} w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'),
            "w:ind", "w:contextualSpacing", "w:jc", "w:rPr", "w:sectPr")
    last.set_sectPr(sentinel.clone())
    for ref in sentinel.xpath("w:headerReference|w:footerReference"):
        sentinel.remove(ref)
    section = document.sections[-1]
    section.start_type = WD_SECTION.NEW_PAGE
    section.different_first_page_header_footer = False
    _orient(section, landscape)
    return section


def _orient(section: Section, landscape: bool) -> None:
    """Turn the page, swapping width and height only when they are the wrong way round."""
    width, height = section.page_width, section.page_height
    wide = width > height
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    if wide != landscape:
        section.page_width, section.page_height = height, width


def usable_width(section: Section) -> int:
    """The text width of a section's page (EMU): what tables are sized to."""
    return section.page_width - section.left_margin - section.right_margin
