"""Paragraphs with the template's styles, and the light emphasis spreadsheet cells may carry."""
from __future__ import annotations

import re
import weakref

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import oxml_parser
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from pipeline.wording.markup import Span, parse_inline  # noqa: F401 (Span: for callers)

_P_PR, _P_STYLE, _R, _R_PR, _B, _I, _U, _T, _TAB, _BR = (
    qn(f"w:{name}") for name in ("pPr", "pStyle", "r", "rPr", "b", "i", "u", "t", "tab", "br"))
_W_NSMAP = {"w": nsmap["w"]}


def _element(clark_name: str):
    """OxmlElement("w:…"): the same element from python-docx's parser, its tag already resolved."""
    return oxml_parser.makeelement(clark_name, nsmap=_W_NSMAP)


# Per document (its package): style name -> the style id a paragraph carries (None: the default
# style). python-docx looks the default style up anew, through every style, on each assignment;
# a report assigns thousands, so each name is resolved once. Only names found are kept.
_STYLE_IDS: "weakref.WeakKeyDictionary[object, dict[str, str | None]]" = weakref.WeakKeyDictionary()


def _style_id(paragraph: Paragraph, name: str) -> str | None:
    known = _STYLE_IDS.setdefault(paragraph.part.package, {})
    if name not in known:
        style = paragraph.part.document.styles[name]  # KeyError: the template lost it
        known[name] = paragraph.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
    return known[name]


def has_style(story, name: str) -> bool:
    """Whether the document of a paragraph or cell has a paragraph style (a template may lose one)."""
    try:
        _style_id(story, name)
    except KeyError:
        return False
    return True


def styled(paragraph: Paragraph, name: str) -> Paragraph:
    """Apply a template style; a template that lost it falls back to Normal, never fails.

    The same as `paragraph.style = styles[name]`, with the style's id looked up once per document.
    """
    try:
        style_id = _style_id(paragraph, name)
    except KeyError:
        style_id = _style_id(paragraph, "Normal")
    p = paragraph._p
    p_pr = p.pPr
    if style_id is not None and (p_pr is None or len(p_pr) == 0):
        # A new paragraph: <w:pPr><w:pStyle w:val=…/></w:pPr>, as python-docx writes it, without
        # its search for where pStyle goes among the thirty-odd elements pPr may hold.
        p_pr = p.get_or_add_pPr()
        p_style = _element(_P_STYLE)
        p_style.set(qn("w:val"), style_id)
        p_pr.append(p_style)
    else:
        p.style = style_id
    return paragraph


def add_spans(paragraph: Paragraph, text: str, *, underline: bool = False) -> Paragraph:
    """Write text into a paragraph, turning **bold**, *italic* and _underlined_ (and the report's
    scientific names, pipeline.wording.markup) into bold, italic and underlined runs.

    Each run is what `paragraph.add_run(span.text)` with `run.bold = span.bold or None`,
    `run.italic = span.italic or None` (and `run.underline = WD_UNDERLINE.SINGLE`) writes:
    <w:r><w:rPr>[<w:b/>][<w:i/>][<w:u w:val="single"/>]</w:rPr><w:t>…</w:t></w:r>, a tab
    as <w:tab/> and a line break as <w:br/>; built directly, as a report writes tens of
    thousands of runs and python-docx's setters search each element's place anew.
    """
    p = paragraph._p
    for span in parse_inline(text):
        r = _element(_R)
        r_pr = _element(_R_PR)
        if span.bold:
            r_pr.append(_element(_B))
        if span.italic:
            r_pr.append(_element(_I))
        if underline or span.underline:
            u = _element(_U)
            u.set(qn("w:val"), "single")
            r_pr.append(u)
        r.append(r_pr)
        _append_text(r, span.text)
        p.append(r)
    return paragraph


_BREAKS = re.compile(r"(\t|\r|\n)")


def _append_text(r, text: str) -> None:
    """A run's text as python-docx's run.text writes it: <w:t> pieces, <w:tab/>, <w:br/>."""
    for piece in _BREAKS.split(text):
        if piece == "\t":
            r.append(_element(_TAB))
        elif piece in ("\r", "\n"):
            r.append(_element(_BR))
        elif piece:
            t = _element(_T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(qn("xml:space"), "preserve")
            r.append(t)


def add_underlined(paragraph: Paragraph, text: str) -> None:
    """A heading inside a cell ('African elephant', 'June 2008'): underlined, as the annex prints it."""
    add_spans(paragraph, text, underline=True)


def cell_paragraph(cell: _Cell, style: str) -> Paragraph:
    """The next paragraph of a cell: the cell's own empty first one, then new ones.

    Looks at the cell's first paragraph and whether another follows it, not at the list of
    all its paragraphs: a cell of Annex 1 holds hundreds, and this is called for each. (lxml's
    find(), len() and tagged iterchildren() take time in proportion to all the children;
    walking from the first child does not.)
    """
    tag = qn("w:p")
    first = next((child for child in cell._tc if child.tag == tag), None)  # lxml's find() walks every child
    if first is not None and not _has_later_paragraph(first):
        paragraph = Paragraph(first, cell)
        if _only_properties(first) or (not paragraph.runs and not paragraph.text):
            return styled(paragraph, style)
    return styled(Paragraph(cell._tc.add_p(), cell), style)  # cell.add_paragraph()


def _only_properties(p) -> bool:
    """A paragraph holding nothing but its properties: no runs, no text (python-docx's test, sooner)."""
    properties = _P_PR
    return all(child.tag == properties for child in p)


def add_run(paragraph: Paragraph, text: str, bold: bool = False) -> None:
    """`paragraph.add_run(text)` (and `.bold = True`), written as python-docx writes it:
    <w:r>[<w:rPr><w:b/></w:rPr>]<w:t>…</w:t></w:r>."""
    r = _element(_R)
    if bold:
        r_pr = _element(_R_PR)
        r_pr.append(_element(_B))
        r.append(r_pr)
    _append_text(r, text)
    paragraph._p.append(r)


def _has_later_paragraph(p) -> bool:
    """Whether a paragraph of a cell is followed by another paragraph (tables may sit between)."""
    tag = qn("w:p")
    return any(sibling.tag == tag for sibling in p.itersiblings())


def cell_text(cell: _Cell, text: str, style: str) -> None:
    """Fill a cell with text, one paragraph per line of the text; '•' lines as a bulleted list."""
    for line in lines(text) or [""]:
        cell_line(cell, line, style)


# A line of a cell that starts with this is an item of a bulleted list, as the document prints it.
BULLET = "\u2022"
LIST_STYLE = "Table Bullet"


def bullet_item(line: str) -> str | None:
    """The item of a line staff mark as a bullet ('• Calendars of meetings;' -> 'Calendars of
    meetings;'), or None for an ordinary line."""
    text = line.strip()
    return text[len(BULLET):].strip() if text.startswith(BULLET) else None


def cell_line(cell: _Cell, line: str, style: str) -> Paragraph:
    """One line of a cell as a paragraph in `style`; a '•' line as an item of a Word bulleted list
    (the template's 'Table Bullet' style, which numbering draws the bullet of), or, in a template
    that lost that style, as the text with its '•'.

    The list item also carries its style's numbering itself (<w:numPr>, the same list): Word
    reads it from the style either way, but LibreOffice (the PDF) drops a style's numbering in
    a table cell."""
    item = bullet_item(line)
    if item is None or not has_style(cell, LIST_STYLE):
        return add_spans(cell_paragraph(cell, style), line)
    paragraph = cell_paragraph(cell, LIST_STYLE)
    num_id = _style_num_id(cell, LIST_STYLE)
    if num_id is not None:
        num_pr = _element(_NUM_PR)
        for tag, value in ((_ILVL, "0"), (_NUM_ID, num_id)):
            child = _element(tag)
            child.set(_VAL, value)
            num_pr.append(child)
        paragraph._p.get_or_add_pPr().append(num_pr)  # after pStyle, its only child: schema order
    return add_spans(paragraph, item)


_NUM_PR, _ILVL, _NUM_ID, _VAL = (qn(f"w:{name}") for name in ("numPr", "ilvl", "numId", "val"))
_NUM_IDS: "weakref.WeakKeyDictionary[object, dict[str, str | None]]" = weakref.WeakKeyDictionary()


def _style_num_id(story, name: str) -> str | None:
    """The numbering instance a paragraph style is bound to, looked up once per document."""
    known = _NUM_IDS.setdefault(story.part.package, {})
    if name not in known:
        found = story.part.document.styles[name].element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        known[name] = found[0] if found else None
    return known[name]


def lines(text: str) -> list[str]:
    """The non-blank lines of a multi-line spreadsheet cell: one paragraph each. '•' items typed one
    after another on one line ('such as: • Calendars; • Invitations') are a line each, as if typed so."""
    found = []
    for line in (text or "").splitlines():
        found += [part.strip() for part in _INLINE_ITEM.split(line) if part.strip()]
    return found


_INLINE_ITEM = re.compile(r"\s+(?=\u2022\s)")  # the space before a '• ' that follows other text


def without_lead_in(text: str, lead_in: str) -> str:
    """A summary without the label staff typed at its start when the report prints that label itself
    ('December 2008: Preparation ...' after the lead-in 'December 2008: '), so it is not printed twice.
    Only a label followed by ':' or a spaced dash counts: 'Saiga antelope workshop ...' under the group
    'Saiga antelope', or '2009-10 ...' under '2009', is the summary's own text."""
    label = lead_in.strip().rstrip(":").strip()
    stripped = text.lstrip()
    if not label or not stripped.casefold().startswith(label.casefold()):
        return text
    match = _LEAD_IN_END.match(stripped[len(label):])
    rest = stripped[len(label) + match.end():] if match else ""
    return rest if rest.strip() else text


_LEAD_IN_END = re.compile(r"\s*:\s*|\s+[-\u2013\u2014]\s+")
