"""The last typesetting pass over a translated document, as a CMS editor would make it.

Run on the finished document (body, headers, footers, footnotes), so that it reaches every
text alike: the product's sentences, the staff's narrative and the annexes' cells. What it
does depends on the language's row of LANGUAGE_TABLE (pipeline/model.py):

- typographic apostrophes: French prints l’annexe, d’une, not l'annexe;
- ordinals in superscript: French 38e, 1er, 1re with the letters raised (w:vertAlign).

English has neither, so an English document is left exactly as written.
"""
from __future__ import annotations

import copy
import re

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from pipeline.model import LanguageInfo

_APOSTROPHE = re.compile(r"(?<=\w)'")  # an elision: l'annexe, d'une, aujourd'hui
_TEXT_ONLY = {qn("w:rPr"), qn("w:t")}


def typeset(document: Document, info: LanguageInfo) -> None:
    """Apostrophes and superscript ordinals as the language's table row asks, everywhere in the document."""
    if not (info.typographic_apostrophe or info.ordinal_suffixes):
        return
    ordinal = (re.compile(r"(?<![\w.,/-])(\d+)(" + "|".join(sorted(info.ordinal_suffixes, key=len, reverse=True))
                          + r")(?![\w])") if info.ordinal_suffixes else None)
    for root in _roots(document):
        for run in list(root.iter(qn("w:r"))):
            _typeset_run(run, info.typographic_apostrophe, ordinal)
    _save_footnotes(document, info.typographic_apostrophe, ordinal)


def _roots(document: Document):
    yield document.element.body
    seen: set[int] = set()
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.even_page_header,
                     section.footer, section.first_page_footer, section.even_page_footer):
            if part.is_linked_to_previous or id(part.part) in seen:
                continue
            seen.add(id(part.part))
            yield part._element


def _save_footnotes(document: Document, apostrophe: bool, ordinal) -> None:
    """The footnotes part is kept as bytes by python-docx: parsed, typeset and written back."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            part = rel.target_part
            root = etree.fromstring(part.blob)
            for run in list(root.iter(qn("w:r"))):
                _typeset_run(run, apostrophe, ordinal)
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _typeset_run(run, apostrophe: bool, ordinal) -> None:
    texts = run.findall(qn("w:t"))
    if not texts:
        return
    if apostrophe:
        for t in texts:
            if t.text and "'" in t.text:
                t.text = _APOSTROPHE.sub("\u2019", t.text)
    if ordinal is None or any(child.tag not in _TEXT_ONLY for child in run):
        return
    text = "".join(t.text or "" for t in texts)
    pieces, at = [], 0
    for match in ordinal.finditer(text):
        pieces += [(text[at:match.start(2)], False), (match.group(2), True)]
        at = match.end()
    if not pieces:
        return
    pieces.append((text[at:], False))
    for piece, raised in pieces:
        if piece:
            run.addprevious(_run_like(run, piece, raised))
    run.getparent().remove(run)


def _run_like(run, text: str, raised: bool):
    """A copy of the run's formatting holding `text`, its letters raised when `raised`."""
    new = copy.deepcopy(run)
    for child in list(new):
        if child.tag != qn("w:rPr"):
            new.remove(child)
    t = etree.SubElement(new, qn("w:t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    if raised:
        properties = new.find(qn("w:rPr"))
        if properties is None:
            properties = etree.Element(qn("w:rPr"))
            new.insert(0, properties)
        for old in properties.findall(qn("w:vertAlign")):
            properties.remove(old)
        align = etree.Element(qn("w:vertAlign"))
        align.set(qn("w:val"), "superscript")
        _insert_in_order(properties, align)
    return new


# w:rPr's children in the order the schema wants them; w:vertAlign goes before the first of these.
_AFTER_VERT_ALIGN = ("w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _insert_in_order(properties, element) -> None:
    for tag in _AFTER_VERT_ALIGN:
        later = properties.find(qn(tag))
        if later is not None:
            later.addprevious(element)
            return
    properties.append(element)
