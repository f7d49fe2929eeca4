"""Real Word footnotes, which python-docx cannot write.

The template carries a footnotes part (with the separators Word expects); when a
staff member's template lacks one, it is created. Notes are appended to that part
(written anew, or copied from the narrative .docx where staff wrote them in Word)
and referenced from the body by a footnoteReference run.
"""
from __future__ import annotations

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph
from lxml import etree

W = nsdecls("w")
_EMPTY = (
    f'<w:footnotes {W}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


class Footnotes:
    """The document's footnotes part, edited as XML and written back on save()."""

    def __init__(self, document: Document):
        self.document = document
        self.part = self._find_or_create_part()
        self.root = etree.fromstring(self.part.blob)

    def _find_or_create_part(self) -> Part:
        for rel in self.document.part.rels.values():
            if rel.reltype == RT.FOOTNOTES:
                return rel.target_part
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, _EMPTY.encode(),
                    self.document.part.package)
        self.document.part.relate_to(part, RT.FOOTNOTES)
        return part

    def _next_id(self) -> int:
        ids = [int(n.get(qn("w:id"))) for n in self.root.findall(qn("w:footnote"))]
        return max(ids + [0]) + 1

    def _style_id(self, name: str) -> str | None:
        """A style's id when the template defines it, so the note follows the template."""
        try:
            return self.document.styles[name].style_id
        except KeyError:
            return None

    def add(self, paragraph: Paragraph, text_runs: list[tuple[str, bool, bool]]) -> None:
        """Put a footnote mark at the end of `paragraph`, with the note made of (text, bold, italic) runs."""
        note_id = self._next_id()
        mark = self._mark_rpr()
        paragraph._p.append(parse_xml(f'<w:r {W}>{mark}<w:footnoteReference w:id="{note_id}"/></w:r>'))
        note = parse_xml(f'<w:footnote {W} w:id="{note_id}"><w:p>{self._text_ppr()}'
                         f'<w:r>{mark}<w:footnoteRef/></w:r>'
                         f'<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>')
        p = note.find(qn("w:p"))
        for text, bold, italic in text_runs:
            p.append(_run(text, bold, italic))
        self.root.append(etree.fromstring(etree.tostring(note)))

    def note(self, note_id: str):
        """The w:footnote element with this id, or None."""
        for n in self.root.findall(qn("w:footnote")):
            if n.get(qn("w:id")) == str(note_id):
                return n
        return None

    def copy_note(self, note) -> int:
        """Append a copy of another document's w:footnote (a narrative's) under a new id."""
        note_id = self._next_id()
        clone = etree.fromstring(etree.tostring(note))
        clone.set(qn("w:id"), str(note_id))
        self.root.append(clone)
        return note_id

    def _mark_rpr(self) -> str:
        style = self._style_id("Footnote Reference")
        if style:
            return f'<w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
        return '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'

    def _text_ppr(self) -> str:
        style = self._style_id("Footnote Text")
        return f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""

    def save(self) -> None:
        """Write the edited XML back into the part before the document is saved."""
        if isinstance(self.part, XmlPart):  # should python-docx one day parse footnotes itself
            self.part._element = parse_xml(etree.tostring(self.root))
        else:
            self.part._blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8",
                                             standalone=True)


def _run(text: str, bold: bool, italic: bool):
    """A plain w:r for the footnote text, with emphasis where the narrative asked for it."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    run = parse_xml(f'<w:r {W}>{"<w:rPr>" + props + "</w:rPr>" if props else ""}'
                    f'<w:t xml:space="preserve"></w:t></w:r>')
    run.find(qn("w:t")).text = text
    return run
