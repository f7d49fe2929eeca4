"""The mark of a report made on purpose with a status date that may mislead (a what-if, a date in
the future): a bold red line at the top of every page header, "Not the version sent to the
Committee: status date 31 March 2027 chosen on purpose" in the report's language, so that the
file (and its PDF, converted from it) cannot be taken for the real one in a Downloads folder or
an e-mail.

The line is a paragraph holding a bookmark named MARK, which is how `remove_mark` finds it again:
when staff mark such a report as the version sent to the Committee, the page serves a copy
without the line (pipeline/publish/sent_copy.py); the file as made is never changed.
"""
from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

MARK = "_StcNotTheVersionSent"
_BOOKMARK_ID = "7301"
_PARTS = ("header", "first_page_header", "even_page_header")


def _header_parts(document: DocumentObject):
    seen: set[int] = set()
    for section in document.sections:
        for attribute in _PARTS:
            part = getattr(section, attribute)
            if part.is_linked_to_previous or id(part.part) in seen:
                continue
            seen.add(id(part.part))
            yield part


def add_mark(document: DocumentObject, text: str) -> None:
    """Put `text` first in every header of the document (the first page's, the others', even pages')."""
    for header in _header_parts(document):
        paragraph = header.add_paragraph()
        header._element.remove(paragraph._p)
        header._element.insert(0, paragraph._p)  # first of all, before any table of the header block
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), _BOOKMARK_ID)
        start.set(qn("w:name"), MARK)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), _BOOKMARK_ID)
        paragraph._p.insert(0 if paragraph._p.pPr is None else 1, start)
        paragraph._p.append(end)


def has_mark(document: DocumentObject) -> bool:
    return any(_marked(header) for header in _header_parts(document))


def remove_mark(document: DocumentObject) -> bool:
    """Take the mark's lines out of every header; whether there was one."""
    found = False
    for header in _header_parts(document):
        for p in _marked(header):
            p.getparent().remove(p)
            found = True
    return found


def _marked(header) -> list:
    return [p for p in header._element.iter(qn("w:p"))
            if any(b.get(qn("w:name")) == MARK for b in p.iter(qn("w:bookmarkStart")))]
