"""The meeting document as Word, in UNEP/CMS format, written into the staff's template.

The template (templates/report-template.docx) gives every style, margin, header and
footer, and the first page: the header block, the meeting block and the title, with
placeholders such as {{ meeting.symbol }}. Its paragraph {{ narrative }} is replaced by the
meeting's narrative (templates/narrative/<meeting>.docx, see docx_narrative), with the
generated paragraphs filled in. This module adds Annex 1 and Annex 2 on landscape pages.

Every placeholder is checked before anything is written: a template that cannot be
filled raises pipeline.word.templates.TemplateError naming the file and the paragraph.
"""
from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from pipeline.wording import sentences as prose
from pipeline.wording.change_sentences import report_change_paragraphs
from pipeline.wording.labels import document_labels, draft_mark
from pipeline.wording.language import ENGLISH, Language, language
from pipeline.wording.markup import scientific_names
from pipeline.word.annex1 import write_annex1
from pipeline.word.draft_mark import add_mark
from pipeline.word.annex1_table import write_annex1_table
from pipeline.word.annex2 import write_annex2
from pipeline.word.narrative import insert_narrative, is_marker
from pipeline.word.placeholders import render_paragraphs
from pipeline.word.text import styled
from pipeline.word.typesetting import typeset
from pipeline.word.ooxml import add_page_field, has_page_field, new_section
from pipeline.model import IMPLEMENTATION_TABLE, LANGUAGE_TABLE, Meeting, language_info
from pipeline.report_model import ReportData
from pipeline.word.templates import TemplateError, open_docx
from pipeline.word.streamed_save import save_document

_HEADERS_FOOTERS = (("header", "page header"), ("first_page_header", "first-page header"),
                    ("even_page_header", "even-page header"), ("footer", "footer"),
                    ("first_page_footer", "first-page footer"), ("even_page_footer", "even-page footer"))


# Word's name of each language (w:lang, the file's language): spelling and hyphenation follow it.
WORD_LANGUAGES = {row.code: row.word_tag for row in LANGUAGE_TABLE}


def meeting_values(meeting: Meeting, lang: Language = ENGLISH) -> dict[str, str]:
    """The meeting's fields as the document prints them: {{ meeting.symbol }}, {{ meeting.date }} ..."""
    return {
        "code": meeting.code,
        "number": str(meeting.number),
        "ordinal": lang.upper_ordinal(meeting.number),  # '38TH'; '38e', '38ª' keep small letters
        "venue": meeting.venue,
        "country": meeting.country,
        "dates": prose.format_date_range(meeting.start_date, meeting.end_date, lang),
        "agenda_item": meeting.agenda_item,
        "symbol": meeting.symbol,
        "date": prose.format_date(meeting.document_date, lang),
        "language": lang.language_name(meeting.language) if meeting.language else meeting.language,
        "title": meeting.title,
    }


def narrative_values(report: ReportData, summary_first: bool = False) -> dict:
    """What each placeholder is replaced with for this report (plain strings and lists only),
    in the report's language: {{ labels.* }} are the header block's fixed words.

    `summary_first`: the narrative prints {{ status_summary }} (which names each programme in
    full) before {{ attention }}, which then names them by their short names."""
    lang = language(report.language)
    planned = report.planned
    return {
        "status_summary": prose.status_summary(report, lang),
        "theme_summaries": prose.theme_summaries(report, lang),
        "attention": prose.attention_sentences(report, lang, named_before=summary_first),
        # each programme under its own heading: the one reported on (Annex 1), the one presented (Annex 2);
        # a list, so that a placeholder with nothing to say leaves no empty paragraph
        "reported_summary": [prose.programme_summary(report.reported, report.as_of, lang)],
        "reported_attention": prose.programme_attention(report.reported, report.as_of, lang, named_before=True),
        "planned_summary": [prose.programme_summary(planned, report.as_of, lang)] if planned is not None else [],
        "planned_attention": prose.programme_attention(planned, report.as_of, lang, named_before=True),
        "changes": report_change_paragraphs(report, lang),
        "as_of": prose.format_date(report.as_of, lang),
        "as_of_month": prose.format_month(report.as_of, lang),
        "partner": report.reported.programme.partner,  # the reported programme's partner convention
        "meeting": meeting_values(report.meeting, lang),
        "labels": document_labels(report.meeting, lang),
    }


def write_docx(report: ReportData, path: Path, template: Path, narrative: Path,
               progress: Callable[[int, int], None] | None = None) -> Path:
    """Write the meeting document; the template and narrative are checked before anything is written.

    `progress(done, total)`, when given, is called as the annexes are written, in activities
    (those of Annex 1, then those of Annex 2), for a long run to say how far it is."""
    with scientific_names(s.scientific_name for s in report.species):  # printed in italics
        return _write_docx(report, Path(path), template, narrative, progress or (lambda done, total: None))


def _write_docx(report: ReportData, path: Path, template: Path, narrative: Path,
                report_progress: Callable[[int, int], None]) -> Path:
    total = len(report.reported.statuses) + (len(report.planned.statuses) if report.planned is not None else 0)
    document = open_docx(template, "Word template")
    separate = Path(narrative).resolve() != Path(template).resolve()
    story = open_docx(narrative, "narrative") if separate else None
    values = narrative_values(report, summary_first=_summary_first(story if story is not None else document))
    marker = _fill_template(document, values, str(template))
    if story is not None:
        insert_narrative(document, story, str(narrative), values, at=marker)
    if marker is not None:
        marker.getparent().remove(marker)
    _page_furniture(document, report.meeting.symbol)
    lang = language(report.language)
    if report.date_chosen_on_purpose:  # never to be taken for the version sent (draft_mark.py)
        add_mark(document, draft_mark(report.as_of, lang))
    new_section(document, landscape=True)
    report_progress(0, total)
    annex1 = write_annex1_table if report.reported.annex1_layout == IMPLEMENTATION_TABLE else write_annex1
    annex1(document, report.reported, report.as_of, lang, progress=lambda done: report_progress(done, total))
    if report.planned is not None:
        new_section(document, landscape=True)
        write_annex2(document, report.planned, lang)
    report_progress(total, total)
    typeset(document, language_info(lang.code))  # French: l’annexe, 38e with the e raised
    _properties(document, report.meeting, lang)
    return _save(document, Path(path))


def _summary_first(document: DocumentObject) -> bool:
    """Whether the document's text has {{ status_summary }} before {{ attention }}."""
    text = "".join(t.text or "" for t in document.element.body.iter(qn("w:t")))
    summary, attention = (re.search(r"\{\{\s*" + name + r"\b", text) for name in ("status_summary", "attention"))
    return summary is not None and attention is not None and summary.start() < attention.start()


def _save(document: DocumentObject, path: Path) -> Path:
    """Save beside the target and rename, so a failed save never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    buffer = io.BytesIO()  # made in memory, written in one go: a full disk fails the write, not a half-made zip
    save_document(document, buffer)  # each XML part serialised into the zip, never held whole (1000x: 54 MB)
    try:
        partial.write_bytes(buffer.getbuffer())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


# ---------------------------------------------------------------- the template

def _fill_template(document: DocumentObject, values: dict, file: str):
    """Fill the template's placeholders; returns its {{ narrative }} paragraph, if it has one."""
    body = document.element.body
    paragraphs = list(body.iter(qn("w:p")))
    markers = [p for p in paragraphs if is_marker(p)]
    if len(markers) > 1:
        raise TemplateError(f"{file}: {{{{ narrative }}}} appears {len(markers)} times; it must appear once")
    marker = markers[0] if markers else None
    if marker is not None and marker.getparent() is not body:
        raise TemplateError(f"{file}: {{{{ narrative }}}} must be a paragraph of its own, not inside a table")
    render_paragraphs(paragraphs, values, file, skip=markers)
    seen: set[int] = set()
    for section in document.sections:
        for attribute, label in _HEADERS_FOOTERS:
            part = getattr(section, attribute)
            if part.is_linked_to_previous or id(part.part) in seen:
                continue
            seen.add(id(part.part))
            render_paragraphs(list(part._element.iter(qn("w:p"))), values, file, f"{label}, paragraph")
    _drop_comments(document)
    _drop_empty_paragraphs(body, keep=marker)
    return marker


def _drop_comments(document: DocumentObject) -> None:
    """Notes to staff written as Word comments in the template stay out of the report."""
    body = document.element.body
    for tag in ("w:commentRangeStart", "w:commentRangeEnd"):
        for node in list(body.iter(qn(tag))):
            node.getparent().remove(node)
    for ref in list(body.iter(qn("w:commentReference"))):
        run = ref.getparent()
        run.getparent().remove(run)
    for rel in list(document.part.rels.values()):
        if rel.reltype == RT.COMMENTS:
            document.part.drop_rel(rel.rId)


def _drop_empty_paragraphs(body, keep) -> None:
    """Spacing typed with Enter in the template's first page is left out (styles give the space)."""
    from pipeline.word.narrative import _is_empty

    for p in list(body.iterchildren(qn("w:p"))):
        if p is keep or (p.pPr is not None and p.pPr.sectPr is not None):
            continue
        if _is_empty(p):
            body.remove(p)


# ---------------------------------------------------------------- page furniture

def _page_furniture(document: DocumentObject, symbol: str) -> None:
    """Symbol in the running header (not on the first page), page number in every footer.

    The template normally carries both; a template whose header or footer was emptied
    gets them back, so the document never goes out without page numbers.
    """
    section = document.sections[0]
    section.different_first_page_header_footer = True
    if not "".join(p.text for p in section.header.paragraphs).strip():
        paragraph = section.header.paragraphs[0] if section.header.paragraphs else section.header.add_paragraph()
        styled(paragraph, "Header").add_run(symbol)
    for footer in (section.footer, section.first_page_footer):
        if not has_page_field(footer._element):
            paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            styled(paragraph, "Footer")
            add_page_field(paragraph)


def _properties(document: DocumentObject, meeting: Meeting, lang: Language = ENGLISH) -> None:
    """File properties (what Explorer and SharePoint show): title, symbol and language; and the
    language of the text, so that Word checks the spelling and hyphenates in the report's language."""
    document.core_properties.title = meeting.title
    document.core_properties.subject = meeting.symbol
    if lang.code != "en":  # an English report keeps the template's own language
        document.core_properties.language = WORD_LANGUAGES[lang.code]
        set_text_language(document, WORD_LANGUAGES[lang.code])


def set_text_language(document: DocumentObject, tag: str) -> None:
    """w:lang of the document's default run properties and of every style that names a language."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = styles.makeelement(qn("w:docDefaults"), {})
        styles.insert(0, defaults)
    holder = defaults.find(qn("w:rPrDefault"))
    if holder is None:
        holder = defaults.makeelement(qn("w:rPrDefault"), {})
        defaults.insert(0, holder)
    run_properties = holder.find(qn("w:rPr"))
    if run_properties is None:
        run_properties = holder.makeelement(qn("w:rPr"), {})
        holder.append(run_properties)
    langs = [run_properties.find(qn("w:lang"))] + list(styles.iter(qn("w:lang")))
    langs += list(document.element.body.iter(qn("w:lang")))  # the narrative's runs, where they name one
    if langs[0] is None:
        langs[0] = run_properties.makeelement(qn("w:lang"), {})
        run_properties.append(langs[0])
    for element in langs:
        element.set(qn("w:val"), tag)
