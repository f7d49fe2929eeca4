"""Paragraphs with the template's styles, and the light emphasis spreadsheet cells may carry."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from docx.enum.text import WD_UNDERLINE
from docx.table import _Cell
from docx.text.paragraph import Paragraph

_INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|\*(?P<italic>[^*]+?)\*")


@dataclass(frozen=True)
class Span:
    """A run of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


def parse_inline(text: str) -> list[Span]:
    """Split '**bold**' and '*italic*' out of a cell's text (as staff may type it in Excel)."""
    spans: list[Span] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            spans.append(Span(text[pos:m.start()]))
        if m.group("bold") is not None:
            spans += [replace(s, bold=True) for s in parse_inline(m.group("bold"))]
        else:
            spans.append(Span(m.group("italic"), italic=True))
        pos = m.end()
    if pos < len(text):
        spans.append(Span(text[pos:]))
    return spans


def styled(paragraph: Paragraph, name: str) -> Paragraph:
    """Apply a template style; a template that lost it falls back to Normal, never fails."""
    try:
        paragraph.style = paragraph.part.document.styles[name]
    except KeyError:
        paragraph.style = paragraph.part.document.styles["Normal"]
    return paragraph


def add_spans(paragraph: Paragraph, text: str, *, underline: bool = False) -> Paragraph:
    """Write text into a paragraph, turning **bold** and *italic* into bold and italic runs."""
    for span in parse_inline(text):
        run = paragraph.add_run(span.text)
        run.bold = span.bold or None
        run.italic = span.italic or None
        if underline:
            run.underline = WD_UNDERLINE.SINGLE
    return paragraph


def add_underlined(paragraph: Paragraph, text: str) -> None:
    """A heading inside a cell ('African elephant', 'June 2008'): underlined, as the annex prints it."""
    add_spans(paragraph, text, underline=True)


def cell_paragraph(cell: _Cell, style: str) -> Paragraph:
    """The next paragraph of a cell: the cell's own empty first one, then new ones."""
    first = cell.paragraphs[0]
    if len(cell.paragraphs) == 1 and not first.runs and not first.text:
        return styled(first, style)
    return styled(cell.add_paragraph(), style)


def cell_text(cell: _Cell, text: str, style: str) -> None:
    """Fill a cell with text, one paragraph per line of the text."""
    for line in lines(text) or [""]:
        add_spans(cell_paragraph(cell, style), line)


def lines(text: str) -> list[str]:
    """The non-blank lines of a multi-line spreadsheet cell: one paragraph each."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
