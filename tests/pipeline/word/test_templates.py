"""The Word template and the narrative staff edit in Word: changes show, mistakes are named."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from pipeline.word.document import write_docx
from pipeline.word.templates import TemplateError, narrative_for, report_template
from tests.pipeline.word.test_document import all_text, make_report, numbering_of, texts

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = ROOT / "templates"


@pytest.fixture
def templates(tmp_path) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    return folder


def write(templates: Path, tmp_path: Path, code: str = "StC38") -> Document:
    out = tmp_path / "out" / "report.docx"
    write_docx(make_report(), out, report_template(templates), narrative_for(templates, code))
    return Document(str(out))


def narrative(paragraphs: list[tuple[str, str | list[str]]], path: Path) -> Path:
    """A narrative .docx in the template's styles: (style, text or list of run texts) per paragraph."""
    doc = Document(str(TEMPLATES / "narrative" / "default.docx"))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for style, runs in paragraphs:
        p = doc.add_paragraph(style=style)
        for text in [runs] if isinstance(runs, str) else runs:
            p.add_run(text)
    doc.save(str(path))
    return path


def fails(tmp_path: Path, narrative_path: Path, template: Path = TEMPLATES / "report-template.docx") -> str:
    out = tmp_path / "never.docx"
    with pytest.raises(TemplateError) as caught:
        write_docx(make_report(), out, template, narrative_path)
    assert not out.exists(), "no report is written when the template is wrong"
    return str(caught.value)


# ---------------------------------------------------------------- finding the files

def test_meeting_narrative_else_the_common_one(templates):
    assert narrative_for(templates, "StC38") == templates / "narrative" / "StC38.docx"
    assert narrative_for(templates, "StC99") == templates / "narrative" / "default.docx"
    (templates / "narrative" / "default.docx").unlink()
    with pytest.raises(TemplateError, match="no narrative for StC99; expected StC99.docx or default.docx"):
        narrative_for(templates, "StC99")


def test_a_narrative_left_as_text_is_pointed_at(templates):
    (templates / "narrative" / "default.docx").unlink()
    (templates / "narrative" / "StC99.md").write_text("old format", "utf-8")
    with pytest.raises(TemplateError, match=r"StC99\.md is there: save it in Word as a \.docx"):
        narrative_for(templates, "StC99")


def test_missing_template(tmp_path):
    with pytest.raises(TemplateError, match="report-template.docx: the Word template is missing"):
        report_template(tmp_path)


# ---------------------------------------------------------------- staff edit in Word

def test_edited_sentence_and_font_show_in_the_next_report(templates, tmp_path):
    story_path = templates / "narrative" / "StC38.docx"
    story = Document(str(story_path))
    p = next(p for p in story.paragraphs if p.text.startswith("In 2002, a Memorandum"))
    for run in p.runs[1:]:
        run._r.getparent().remove(run._r)
    p.runs[0].text = "In 2002, the two Secretariats signed a Memorandum of Cooperation."
    story.save(str(story_path))
    template_path = templates / "report-template.docx"
    template = Document(str(template_path))
    template.styles["Normal"].font.name = "Times New Roman"
    template.save(str(template_path))

    doc = write(templates, tmp_path)
    sentence = next(p for p in doc.paragraphs if p.text.startswith("In 2002"))
    assert sentence.text == "In 2002, the two Secretariats signed a Memorandum of Cooperation."
    assert sentence.style.name == "Numbered Paragraph" and numbering_of(sentence) is not None
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_edited_first_page_text_shows(templates, tmp_path):
    path = templates / "report-template.docx"
    template = Document(str(path))
    cell = template.tables[0].rows[0].cells[1]
    cell.paragraphs[0].runs[0].text = "Distribution: Restricted"
    template.save(str(path))
    doc = write(templates, tmp_path)
    assert doc.tables[0].rows[0].cells[1].paragraphs[0].text == "Distribution: Restricted"


def test_common_narrative_for_a_meeting_without_its_own(templates, tmp_path):
    doc = write(templates, tmp_path, code="StC99")
    t = texts(doc)
    assert "Action requested:" in t
    numbered = [p.text for p in doc.paragraphs if p.style.name == "Numbered Paragraph"]
    assert numbered[0] == ("The present document reports on the implementation of the joint activities "
                           "of the CMS and CITES Secretariats as of 31 August 2011.")
    assert any(n.startswith("Outreach and capacity building: its only activity is overdue") for n in numbered)
    assert not any("{{" in x for x in t)


def test_narrative_docx_keeps_footnote_italics_and_sub_items():
    doc = Document(str(TEMPLATES / "narrative" / "StC38.docx"))
    styles = [p.style.name for p in doc.paragraphs]
    assert styles.count("Sub Item") == 4 and styles.count("Action Item") == 2
    assert styles.count("Heading 1") == 3 and "Action Heading" in styles
    assert doc.element.body.find(".//" + qn("w:footnoteReference")) is not None
    p2 = next(p for p in doc.paragraphs if p.text.startswith("In 2005"))
    assert [r.text for r in p2.runs if r.italic] == ["CMS Strategic Plan 2006-2011"]
    placeholders = [p.text for p in doc.paragraphs if "{{" in p.text]
    # each programme's paragraphs under its own heading: the list reported on, then the programme presented
    assert placeholders == ["{{ reported_summary }}", "{{ theme_summaries }}", "{{ reported_attention }}",
                            "{{ changes }}", "{{ planned_summary }}", "{{ planned_attention }}"]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    texts = [p.text for p in doc.paragraphs]
    assert texts.index(headings[2]) < texts.index("{{ planned_summary }}")  # under 'Joint activities planned ...'
    assert texts.index(headings[1]) < texts.index("{{ reported_summary }}") < texts.index(headings[2])


# ---------------------------------------------------------------- placeholders

def test_placeholder_split_across_runs_is_filled_and_formatting_kept(tmp_path):
    path = narrative([("Numbered Paragraph", ["Status as of {{ as", "_of }", "}: see ", "Annex 1", "."])],
                     tmp_path / "n.docx")
    doc = Document(str(path))
    doc.paragraphs[0].runs[3].bold = True
    doc.save(str(path))
    out = write_docx(make_report(), tmp_path / "x.docx", TEMPLATES / "report-template.docx", path)
    p = next(p for p in Document(str(out)).paragraphs if p.text.startswith("Status as of"))
    assert p.text == "Status as of 31 August 2011: see Annex 1."
    assert [r.text for r in p.runs if r.bold] == ["Annex 1"]


def test_meeting_fields_and_filters(tmp_path):
    path = narrative([("Body Text", "{{ meeting.symbol }} for the {{ meeting.ordinal }} meeting, "
                                    "{{ meeting.venue | upper }}, {{ as_of_month }}.")], tmp_path / "n.docx")
    out = write_docx(make_report(), tmp_path / "x.docx", TEMPLATES / "report-template.docx", path)
    assert "UNEP/CMS/StC38/Doc.3 for the 38TH meeting, BERGEN, August 2011." in texts(Document(str(out)))


def test_unknown_placeholder_names_file_paragraph_and_text(tmp_path):
    path = narrative([("Heading 1", "Background"), ("Numbered Paragraph", "Hello {{ status_sumary }}.")],
                     tmp_path / "StC99.docx")
    message = fails(tmp_path, path)
    assert "StC99.docx, paragraph 2" in message and '"Hello {{ status_sumary }}."' in message
    assert "unknown placeholder {{ status_sumary }}" in message and "{{ status_summary }}" in message


def test_unknown_meeting_field(tmp_path):
    message = fails(tmp_path, narrative([("Body Text", "{{ meeting.chair }}")], tmp_path / "n.docx"))
    assert "unknown placeholder {{ meeting.chair }}" in message and "{{ meeting.symbol }}" in message


def test_unclosed_tag_names_the_file(tmp_path):
    message = fails(tmp_path, narrative([("Body Text", "Fine."), ("Body Text", "As of {{ as_of.")],
                                        tmp_path / "StC99.docx"))
    assert "StC99.docx, paragraph 2" in message and "not closed with '}}'" in message


def test_broken_block_tag(tmp_path):
    message = fails(tmp_path, narrative([("Body Text", "{% if as_of %}Dated.")], tmp_path / "n.docx"))
    assert "n.docx, paragraph 1" in message


def test_list_placeholder_must_stand_alone(tmp_path):
    message = fails(tmp_path, narrative([("Numbered Paragraph", "See {{ attention }} here.")],
                                        tmp_path / "n.docx"))
    assert "{{ attention }} becomes several paragraphs" in message


def test_single_braces_of_the_old_format_are_pointed_out(tmp_path):
    message = fails(tmp_path, narrative([("Numbered Paragraph", "{status_summary}")], tmp_path / "n.docx"))
    assert "write {{ status_summary }}" in message


@pytest.mark.parametrize("expression", [
    "{{ ''.__class__.__mro__ }}",
    "{{ meeting.__class__ }}",
    "{{ status_summary.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
])
def test_templates_cannot_reach_python(tmp_path, expression):
    message = fails(tmp_path, narrative([("Body Text", expression)], tmp_path / "n.docx"))
    assert "n.docx, paragraph 1" in message


def test_error_in_the_template_names_it(tmp_path):
    template = tmp_path / "report-template.docx"
    doc = Document(str(TEMPLATES / "report-template.docx"))
    doc.sections[0].header.paragraphs[0].runs[0].text = "{{ meeting.symbol"
    doc.save(str(template))
    message = fails(tmp_path, TEMPLATES / "narrative" / "StC38.docx", template)
    assert str(template) in message and "page header, paragraph 1" in message


@pytest.mark.parametrize("which", ["template", "narrative"])
def test_a_text_file_renamed_docx_is_refused(tmp_path, which):
    fake = tmp_path / f"{which}.docx"
    fake.write_text("Background\n1. In 2002 ...", "utf-8")
    template = fake if which == "template" else TEMPLATES / "report-template.docx"
    story = fake if which == "narrative" else TEMPLATES / "narrative" / "StC38.docx"
    message = fails(tmp_path, story, template)
    assert str(fake) in message and "is not a Word document (.docx)" in message


# ---------------------------------------------------------------- what the copy leaves out

def test_unknown_styles_empty_paragraphs_and_typed_numbering(tmp_path):
    path = narrative([("Heading 1", "Background"), ("Body Text", ""), ("Numbered Paragraph", "First."),
                      ("Normal", "Plain.")], tmp_path / "n.docx")
    doc = Document(str(path))
    web = doc.styles.add_style("Normal (Web)", 1)
    doc.paragraphs[3].style = web
    doc.save(str(path))
    out = Document(str(write_docx(make_report(), tmp_path / "x.docx", TEMPLATES / "report-template.docx",
                                  path)))
    names = {p.style.name for p in out.paragraphs}
    assert "Normal (Web)" not in names and "Normal (Web)" not in [s.name for s in out.styles]
    plain = next(p for p in out.paragraphs if p.text == "Plain.")
    assert plain.style.name == "Body Text"
    for p in out.paragraphs:
        if not p.text.strip():
            assert p._p.pPr is not None and p._p.pPr.sectPr is not None


def test_footnote_copied_as_a_real_footnote(tmp_path):
    doc = write(TEMPLATES, tmp_path)
    p4 = next(p for p in doc.paragraphs if p.text.startswith("In July 2008"))
    refs = p4._p.findall(".//" + qn("w:footnoteReference"))
    assert len(refs) == 1
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/footnotes"))
    assert b"at its 59th meeting, the CITES Standing Committee endorsed" in part.blob
    assert f'w:id="{refs[0].get(qn("w:id"))}"'.encode() in part.blob
    assert "{{" not in all_text(doc)


# ---------------------------------------------------------------- the sandbox bounds what a template can cost

@pytest.mark.parametrize("text, says", [
    ("{{ 9**99999999 }}", "{{ 9**99999999 }} cannot be filled in: 9 ** 99999999 is too large for a template "
                          "(a number may have at most 1,000 digits)"),
    ("{% for i in range(10**9) %}x{% endfor %}",
     "the paragraph cannot be filled in: the number 1000000000 is too large for a template (at most 100,000)"),
    ("{% for i in range(100000) %}{% endfor %}",
     "the paragraph cannot be filled in: range() of more than 10,000 items is too long for a template; "
     "a paragraph may loop at most 10,000 times"),
    ("{% for i in range(9000) %}{% for j in range(9000) %}{% endfor %}{% endfor %}",
     "the paragraph cannot be filled in: the loops of this paragraph run more than 10,000 times in all"),
    ("{% for i in range(5000) %}{{ meeting.title }}{% endfor %}",
     "the paragraph cannot be filled in: the paragraph would be longer than 100,000 characters"),
    ("{{ 'x' * 999999999 }}", "cannot be filled in: a text or list repeated to 999,999,999 characters or items "
                              "is too long for a template (at most 100,000)"),
    ("{{ meeting.title|center(999999999) }}", "the number 999999999 is too large for a template (at most 100,000)"),
    ("{{ '{:>999999999}'.format(1) }}", "'.format()' is not allowed in a template"),
    ("{{ '%0999999999d' % 1 }}", "'%' formatting of a text is not allowed in a template"),
    ("{% set x = meeting.title %}" + "{% set x = x ~ x %}" * 40 + "{{ x }}",
     "a text or list of more than 100,000 characters or items is too long for a template"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
     "'{% macro %}' is not allowed in a template; a paragraph may use {{ placeholders }}, {% if %}, "
     "{% for %} and {% set %}"),
    ("{% for i in [1] recursive %}{{ loop([1]) }}{% endfor %}", "a recursive loop is not allowed in a template"),
    ("{{ 1/0 }}", "{{ 1/0 }} cannot be worked out (division by zero)"),
])
def test_a_costly_placeholder_ends_within_seconds_naming_the_file_and_paragraph(tmp_path, text, says):
    import time

    story = narrative([("Body Text", "Background"), ("Numbered Paragraph", text)], tmp_path / "n.docx")
    started = time.monotonic()
    message = fails(tmp_path, story)
    assert time.monotonic() - started < 10
    assert message.startswith(f"{story}, paragraph 2 (")
    assert says in message
    assert "Traceback" not in message and "Error" not in message.replace("TemplateError", "")


def test_ordinary_placeholders_loops_and_conditions_still_work(templates, tmp_path):
    story = narrative([
        ("Body Text", "{% for i in range(3) %}{{ loop.index }}{% endfor %} {{ meeting.venue | upper }}"),
        ("Body Text", "{% if meeting.venue == 'Bergen' %}In Bergen{% else %}Elsewhere{% endif %}, "
                      "{{ 2 ** 10 }} {{ meeting.title ~ '!' }}"),
    ], templates / "narrative" / "StC38.docx")
    doc = write(templates, tmp_path)
    text = all_text(doc)
    assert "123 BERGEN" in text and "In Bergen, 1024 " in text and story.exists()
