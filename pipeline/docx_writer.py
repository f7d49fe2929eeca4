"""The meeting document as Word, in UNEP/CMS format, written into the staff's template.

The template gives every style, margin, header and footer; this module only adds
content: the header block, the meeting block, the title, the narrative (with the
generated paragraphs filled in), then Annex 1 and Annex 2 on landscape pages.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_ALIGN_VERTICAL, WD_ROW_HEIGHT_RULE
from docx.shared import Pt, Twips

from pipeline import prose
from pipeline.docx_annex1 import write_annex1
from pipeline.docx_annex2 import write_annex2
from pipeline.docx_footnotes import Footnotes
from pipeline.docx_narrative import Narrative, fill_narrative, parse_inline, parse_narrative
from pipeline.docx_text import styled
from pipeline.docx_xml import (add_page_field, has_page_field, new_section, remove_borders,
                               restart_numbering, set_widths, usable_width)
from pipeline.model import Meeting
from pipeline.report_data import ReportData

# The template style each kind of narrative line is written in.
NARRATIVE_STYLES = {
    "heading": "Heading 1",
    "numbered": "Numbered Paragraph",
    "sub": "Sub Item",
    "action_heading": "Action Heading",
    "action": "Action Item",
    "text": "Body Text",
}
LOGO_ROOM_TWIPS = 1300  # height kept in the header block for the Secretariat's logo
SYMBOL_PLACEHOLDER = "{symbol}"


def narrative_values(report: ReportData) -> dict[str, str | list[str]]:
    """What each narrative placeholder is replaced with for this report."""
    return {
        "status_summary": prose.status_summary(report),
        "theme_summaries": prose.theme_summaries(report),
        "attention": prose.attention_sentences(report),
        "as_of": prose.format_date(report.as_of),
        "as_of_month": prose.format_month(report.as_of),
    }


def write_docx(report: ReportData, path: Path, template: Path, narrative: Path) -> Path:
    """Write the meeting document; the narrative is checked before anything is written."""
    text = fill_narrative(parse_narrative(Path(narrative)), narrative_values(report))
    document = Document(str(template))
    document.element.body.clear_content()
    _page_furniture(document, report.meeting.symbol)
    _header_block(document, report.meeting)
    _meeting_block(document, report.meeting)
    _title(document, report.meeting)
    _narrative(document, text)
    new_section(document, landscape=True)
    write_annex1(document, report.reported, report.as_of)
    if report.planned is not None:
        new_section(document, landscape=True)
        write_annex2(document, report.planned)
    _properties(document, report.meeting)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


# ---------------------------------------------------------------- page furniture

def _page_furniture(document: DocumentObject, symbol: str) -> None:
    """Symbol in the running header (not on the first page), page number in every footer."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    _fill_symbol(section.header, symbol)
    for footer in (section.footer, section.first_page_footer):
        if not has_page_field(footer._element):
            paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            styled(paragraph, "Footer")
            add_page_field(paragraph)


def _fill_symbol(header, symbol: str) -> None:
    """Replace {symbol} in the template's header; an empty header gets the symbol alone."""
    for paragraph in header.paragraphs:
        if SYMBOL_PLACEHOLDER in paragraph.text:
            new_text = paragraph.text.replace(SYMBOL_PLACEHOLDER, symbol)
            for run in paragraph.runs[1:]:
                run._r.getparent().remove(run._r)
            paragraph.runs[0].text = new_text
            return
    if not "".join(p.text for p in header.paragraphs).strip():
        paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        styled(paragraph, "Header").add_run(symbol)


def _properties(document: DocumentObject, meeting: Meeting) -> None:
    """File properties (what Explorer and SharePoint show): title and symbol."""
    document.core_properties.title = meeting.title
    document.core_properties.subject = meeting.symbol


# ---------------------------------------------------------------- first page

def _header_block(document: DocumentObject, meeting: Meeting) -> None:
    """Convention name on the left (room above it for the logo), distribution data on the right."""
    table = document.add_table(rows=1, cols=2)
    remove_borders(table)
    table.rows[0].height = Twips(LOGO_ROOM_TWIPS)
    table.rows[0].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    left, right = table.rows[0].cells
    left.vertical_alignment = WD_ALIGN_VERTICAL.BOTTOM
    styled(left.paragraphs[0], "Header Left").add_run("CONVENTION ON MIGRATORY SPECIES")
    lines = ["Distribution: General", meeting.symbol, prose.format_date(meeting.document_date),
             f"Original: {meeting.language}"]
    for index, line in enumerate(lines):
        paragraph = right.paragraphs[0] if index == 0 else right.add_paragraph()
        styled(paragraph, "Header Right").add_run(line)
        if index in (1, 3):  # the symbol and the language stand apart, as on the printed page
            paragraph.paragraph_format.space_before = Pt(12)
    width = usable_width(document.sections[0])
    set_widths(table, [int(width * 0.6), width - int(width * 0.6)])


def _meeting_block(document: DocumentObject, meeting: Meeting) -> None:
    """'38TH MEETING OF THE STANDING COMMITTEE', place and dates, agenda item; centred."""
    name = f"{prose.ordinal(meeting.number)} MEETING OF THE STANDING COMMITTEE"
    styled(document.add_paragraph(name), "Meeting Name")
    when = prose.format_date_range(meeting.start_date, meeting.end_date)
    styled(document.add_paragraph(f"{meeting.venue}, {when}"), "Meeting Block")
    styled(document.add_paragraph(f"Agenda Item {meeting.agenda_item}"), "Meeting Block")


def _title(document: DocumentObject, meeting: Meeting) -> None:
    """The title in capitals, then who prepared the document."""
    styled(document.add_paragraph(meeting.title.upper()), "Title")
    styled(document.add_paragraph("(Prepared by the Secretariat)"), "Subtitle")


# ---------------------------------------------------------------- narrative

def _narrative(document: DocumentObject, narrative: Narrative) -> None:
    """Every narrative line as a paragraph in its style; lists restart at a) and a."""
    notes = Footnotes(document) if narrative.footnotes else None
    blocks = narrative.blocks
    for index, block in enumerate(blocks):
        style = NARRATIVE_STYLES[block.kind]
        paragraph = styled(document.add_paragraph(), style)
        previous = blocks[index - 1].kind if index else None
        following = blocks[index + 1].kind if index + 1 < len(blocks) else None
        if block.kind in ("sub", "action") and previous != block.kind:
            restart_numbering(document, paragraph, style)
        if block.kind == "sub" and following != "sub":
            _end_of_list_spacing(document, paragraph)
        _inline(paragraph, block.text, narrative, notes)
    if notes is not None:
        notes.save()


def _end_of_list_spacing(document: DocumentObject, paragraph) -> None:
    """The last sub-item is followed by a body paragraph's space, so the list closes cleanly."""
    try:
        after = document.styles["Numbered Paragraph"].paragraph_format.space_after
    except KeyError:
        return
    if after is not None:
        paragraph.paragraph_format.space_after = after


def _inline(paragraph, text: str, narrative: Narrative, notes: Footnotes | None) -> None:
    """Write a narrative line's runs, turning [^n] into a real footnote."""
    for span in parse_inline(text):
        if span.note:
            runs = [(s.text, s.bold, s.italic) for s in parse_inline(narrative.footnotes[span.note])]
            notes.add(paragraph, runs)
        else:
            _run(paragraph, span)


def _run(paragraph, span) -> None:
    """One run of a narrative line, bold or italic as marked."""
    run = paragraph.add_run(span.text)
    run.bold = span.bold or None
    run.italic = span.italic or None
