"""The meeting's own prose, written by staff in Word: templates/narrative/<meeting>.docx.

The narrative file is an ordinary Word document in the report template's styles
(Heading 1, Numbered Paragraph, Sub Item, Action Heading, Action Item, Body Text).
Its placeholders are filled (see docx_placeholders), then its paragraphs, tables,
footnotes, links and pictures are copied into the report where the template says
{{ narrative }}. On the way in:

- styles are matched by name, so the report's look comes from the report template;
  a paragraph in a style the template does not have (e.g. "Normal (Web)" pasted from a
  web page) becomes Body Text, and a character style it does not have is dropped;
- numbering typed as a style (Numbered Paragraph, Sub Item, Action Item) follows the
  report's lists: body paragraphs are numbered 1., 2., ... across headings, each run of
  sub-items starts again at a), each run of action items at a.; numbering staff applied
  by hand is copied with its list definition;
- empty paragraphs (spacing typed with Enter), section breaks, comments and tracked
  changes (accepted) are left out.
"""
from __future__ import annotations

import copy
import io
import re

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from pipeline.word.footnotes import Footnotes
from pipeline.word.placeholders import paragraph_text, place, render_paragraphs
from pipeline.word.ooxml import restart_numbering
from pipeline.word.templates import TemplateError

MARKER = re.compile(r"^\s*\{\{-?\s*narrative\s*-?\}\}\s*$")
RESTARTED_LISTS = ("Sub Item", "Action Item")  # each run of these starts again at a) / a.
FALLBACK_STYLE = "Body Text"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DROPPED = ("w:commentRangeStart", "w:commentRangeEnd", "w:proofErr", "w:del", "w:moveFrom",
            "w:permStart", "w:permEnd")
_UNWRAPPED = ("w:ins", "w:moveTo", "w:smartTag", "w:customXml")
_CONTENT = ("w:drawing", "w:pict", "w:object", "w:footnoteReference", "w:endnoteReference", "w:br",
            "w:fldSimple", "w:instrText")


def is_marker(p) -> bool:
    """The template's paragraph {{ narrative }}: where the narrative goes."""
    return bool(MARKER.match(paragraph_text(p)))


def insert_narrative(document: Document, narrative: Document, file: str, values: dict, at=None) -> list:
    """Fill the narrative's placeholders and copy its body into `document` before `at` (or at the end).

    Returns the body elements inserted. Raises TemplateError, naming the narrative file and
    paragraph, for a placeholder that cannot be filled.
    """
    body = narrative.element.body
    paragraphs = list(body.iter(qn("w:p")))
    for number, p in enumerate(paragraphs, start=1):
        if is_marker(p):
            raise TemplateError(f"{place(file, f'paragraph {number}', paragraph_text(p))}: "
                                "{{ narrative }} belongs in the report template, not in a narrative")
    render_paragraphs(paragraphs, values, file)
    notes_in = Footnotes(narrative) if body.find(".//" + qn("w:footnoteReference")) is not None else None
    copier = _Copier(document, narrative, notes_in, values, file)
    inserted = []
    for element in [c for c in body if c.tag != qn("w:sectPr")]:
        clone = copier.copy(element)
        if clone is None:
            continue
        if at is not None:
            at.addprevious(clone)
        else:
            document.element.body.get_or_add_sectPr().addprevious(clone)
        inserted.append(clone)
    copier.finish()
    _restart_lists(document, inserted)
    return inserted


def _restart_lists(document: Document, elements: list) -> None:
    """Each run of sub-items starts at a), each run of action items at a.; a closing space after."""
    paragraphs = [Paragraph(e, document._body) for e in elements if e.tag == qn("w:p")]
    names = [p.style.name if p.style is not None else "" for p in paragraphs]
    for i, (p, name) in enumerate(zip(paragraphs, names)):
        if name not in RESTARTED_LISTS:
            continue
        if i == 0 or names[i - 1] != name:
            restart_numbering(document, p, name)
        if name == "Sub Item" and (i + 1 == len(names) or names[i + 1] != name):
            _end_of_list_spacing(document, p)


def _end_of_list_spacing(document: Document, paragraph: Paragraph) -> None:
    """The last sub-item is followed by a body paragraph's space, so the list closes cleanly."""
    try:
        after = document.styles["Numbered Paragraph"].paragraph_format.space_after
    except KeyError:
        return
    if after is not None and paragraph.paragraph_format.space_after is None:
        paragraph.paragraph_format.space_after = after


class _Copier:
    """Copies narrative elements into the report, translating what points outside them."""

    def __init__(self, document: Document, narrative: Document, notes_in: Footnotes | None,
                 values: dict, file: str):
        self.document, self.narrative, self.notes_in = document, narrative, notes_in
        self.values, self.file = values, file
        self.notes_out: Footnotes | None = None
        self.styles = _StyleMap(narrative, document)
        self.lists: dict[str, str] = {}  # narrative numId -> report numId
        self.note_number = 0

    def copy(self, element):
        clone = copy.deepcopy(element)
        _clean(clone)
        if clone.tag == qn("w:p") and _is_empty(clone):
            return None
        self.styles.apply(clone)
        self._numbering(clone)
        self._footnotes(clone)
        self._relationships(clone)
        return clone

    def finish(self) -> None:
        if self.notes_out is not None:
            self.notes_out.save()

    # -- numbering
    def _numbering(self, element) -> None:
        for num_pr in list(element.iter(qn("w:numPr"))):
            p_pr = num_pr.getparent()
            if p_pr.tag != qn("w:pPr"):
                continue
            num_id = num_pr.find(qn("w:numId"))
            value = num_id.get(qn("w:val")) if num_id is not None else None
            if value in (None, "0"):
                continue  # "no numbering" on a numbered style: kept as staff set it
            style = p_pr.find(qn("w:pStyle"))
            if style is not None and self.styles.numbered(style.get(qn("w:val"))):
                p_pr.remove(num_pr)  # the style numbers it, in the report's own list
                continue
            mapped = self._list(value)
            if mapped is None:
                p_pr.remove(num_pr)
            else:
                num_id.set(qn("w:val"), mapped)

    def _list(self, num_id: str) -> str | None:
        """Copy a hand-applied list's definition into the report's numbering, once."""
        if num_id in self.lists:
            return self.lists[num_id]
        try:
            source = self.narrative.part.numbering_part.element
            target = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return None
        nums = source.xpath(f'./w:num[@w:numId="{num_id}"]')
        if not nums:
            return None
        abstract_id = nums[0].abstractNumId.val
        abstracts = source.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract_id}"]')
        if not abstracts:
            return None
        new_abstract = copy.deepcopy(abstracts[0])
        used = [int(a) for a in target.xpath("./w:abstractNum/@w:abstractNumId")]
        new_abstract_id = max(used + [-1]) + 1
        new_abstract.set(qn("w:abstractNumId"), str(new_abstract_id))
        first_num = target.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(new_abstract)
        else:
            target.append(new_abstract)
        for link in new_abstract.iter(qn("w:pStyle")):  # a list tied to a style not in the report
            link.getparent().remove(link)
        num = target.add_num(new_abstract_id)
        self.lists[num_id] = str(num.numId)
        return self.lists[num_id]

    # -- footnotes
    def _footnotes(self, element) -> None:
        for ref in list(element.iter(qn("w:footnoteReference"))):
            note = self.notes_in.note(ref.get(qn("w:id"))) if self.notes_in else None
            if note is None:
                ref.getparent().remove(ref)
                continue
            self.note_number += 1
            note = copy.deepcopy(note)
            render_paragraphs(note.iter(qn("w:p")), self.values, self.file,
                              f"footnote {self.note_number}, paragraph")
            _clean(note)
            self.styles.apply(note)
            if self.notes_out is None:
                self.notes_out = Footnotes(self.document)
            ref.set(qn("w:id"), str(self.notes_out.copy_note(note)))

    # -- links and pictures
    def _relationships(self, element) -> None:
        for node in list(element.iter()):
            for attribute, rid in list(node.attrib.items()):
                if not attribute.startswith("{" + R_NS + "}"):
                    continue
                new = self._relate(rid)
                if new is None:
                    _drop(node)
                    break
                node.set(attribute, new)

    def _relate(self, rid: str) -> str | None:
        rel = self.narrative.part.rels.get(rid)
        if rel is None:
            return None
        if rel.is_external:
            return self.document.part.relate_to(rel.target_ref, rel.reltype, is_external=True)
        if rel.reltype == RT.IMAGE:
            new, _ = self.document.part.get_or_add_image(io.BytesIO(rel.target_part.blob))
            return new
        return None  # an embedded object or chart: not carried over


class _StyleMap:
    """Narrative style ids to the report template's style ids, matched by style name."""

    def __init__(self, narrative: Document, document: Document):
        self.source = {s.get(qn("w:styleId")): (s.get(qn("w:type")), _name(s))
                       for s in narrative.styles.element.iter(qn("w:style"))}
        self.target = {(s.get(qn("w:type")), _name(s)): s for s in document.styles.element.iter(qn("w:style"))}
        fallback = self.target.get(("paragraph", FALLBACK_STYLE.lower()))
        self.fallback = fallback.get(qn("w:styleId")) if fallback is not None else None

    def _target_id(self, style_id: str) -> str | None:
        found = self.target.get(self.source.get(style_id, ("", "")))
        return found.get(qn("w:styleId")) if found is not None else None

    def numbered(self, style_id: str) -> bool:
        """Whether the report's style (already mapped) numbers its paragraphs itself."""
        for style in self.target.values():
            if style.get(qn("w:styleId")) == style_id:
                return bool(style.xpath("./w:pPr/w:numPr/w:numId"))
        return False

    def apply(self, element) -> None:
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle"):
            for ref in list(element.iter(qn(tag))):
                mapped = self._target_id(ref.get(qn("w:val")))
                if mapped is None and tag == "w:pStyle" and self.fallback:
                    mapped = self.fallback
                if mapped is None:
                    ref.getparent().remove(ref)
                else:
                    ref.set(qn("w:val"), mapped)


def _name(style) -> str:
    name = style.find(qn("w:name"))
    return (name.get(qn("w:val")) if name is not None else style.get(qn("w:styleId")) or "").lower()


def _clean(element) -> None:
    """Leave out what belongs to the narrative file only: section breaks, comments, revisions."""
    for tag in _DROPPED:
        for node in list(element.iter(qn(tag))):
            node.getparent().remove(node)
    for ref in list(element.iter(qn("w:commentReference"))):
        _drop(ref)
    for tag in _UNWRAPPED:
        for node in list(element.iter(qn(tag))):
            if node.getparent() is None or node.getparent().tag in (qn("w:rPr"), qn("w:pPr")):
                if node.getparent() is not None:
                    node.getparent().remove(node)  # a revision mark on formatting
                continue
            parent = node.getparent()
            index = parent.index(node)
            for child in list(node):
                if child.tag in (qn("w:customXmlPr"), qn("w:smartTagPr")):
                    continue
                parent.insert(index, child)
                index += 1
            parent.remove(node)
    for sect in list(element.iter(qn("w:sectPr"))):
        sect.getparent().remove(sect)
    for rpr_change in list(element.iter(qn("w:rPrChange"))) + list(element.iter(qn("w:pPrChange"))):
        rpr_change.getparent().remove(rpr_change)


def _drop(node) -> None:
    """Remove the run (or the element itself) holding something that cannot be carried over."""
    target = node
    while target.getparent() is not None and target.tag != qn("w:r"):
        if target.getparent().tag == qn("w:p"):
            break
        target = target.getparent()
    if target.getparent() is not None:
        target.getparent().remove(target)


def _is_empty(p) -> bool:
    """A paragraph with no text and nothing else to show (spacing typed with Enter)."""
    if paragraph_text(p).strip():
        return False
    return not any(p.find(".//" + qn(tag)) is not None for tag in _CONTENT)
