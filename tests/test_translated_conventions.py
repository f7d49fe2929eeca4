"""The French and Spanish editions as a CMS translator and document editor would finish them
(issue 20, points 4-6; issue 21's remainder): the language line, capitalised labels, ordinals in
superscript, typographic apostrophes, the translator's terms, no English inside a French or
Spanish sentence, one table of languages, and the pages the PDF and the workbook print on."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from pipeline import dates
from pipeline.assemble import build_report
from pipeline.excel.workbook import DATE_LOCALES, write_xlsx
from pipeline.inputs.load import read_inputs
from pipeline.inputs.schema import WORKBOOKS
from pipeline.model import LANGUAGE_TABLE, REPORT_LANGUAGES, TRANSLATED_LANGUAGES, language_info
from pipeline.publish.manifest import LANGUAGE_KINDS
from pipeline.report_model import in_language
from pipeline.status.vocabulary import Status
from pipeline.word.document import WORD_LANGUAGES, write_docx
from pipeline.word.templates import narrative_in, report_template
from pipeline.word.typesetting import typeset
from pipeline.wording import sentences
from pipeline.wording.language import LANGUAGES, language
from pipeline.wording.reason_sentences import body_name, reason_text
from tests.conftest import BUNDLED_INPUTS, PROJECT

TEMPLATES = PROJECT / "templates"
SUPERSCRIPT = qn("w:vertAlign")


@pytest.fixture(scope="module")
def report():
    return build_report(read_inputs(BUNDLED_INPUTS), "StC38", date(2011, 8, 31))


@pytest.fixture(scope="module")
def documents(report, tmp_path_factory):
    """{code: path} of the StC38 document in each language."""
    folder = tmp_path_factory.mktemp("conventions")
    made = {}
    for code in ("en", "fr", "es"):
        narrative, _ = narrative_in(TEMPLATES, "StC38", code)
        made[code] = write_docx(in_language(report, code), folder / f"{code}.docx", report_template(TEMPLATES),
                                narrative)
    return made


def _paragraphs(path) -> list[str]:
    body = Document(str(path)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def _raised(path) -> list[tuple[str, str]]:
    """(the text just before, the raised text) of every superscript run of the document's body."""
    found = []
    for run in Document(str(path)).element.body.iter(qn("w:r")):
        properties = run.find(qn("w:rPr"))
        align = properties.find(SUPERSCRIPT) if properties is not None else None
        if align is not None and align.get(qn("w:val")) == "superscript":
            before = run.getprevious()
            found.append(("".join(t.text or "" for t in before.iter(qn("w:t"))) if before is not None else "",
                          "".join(t.text or "" for t in run.iter(qn("w:t")))))
    return found


# ---------------------------------------------------------------- the document's conventions

def test_the_language_line_stands_under_the_date_of_a_translation_only(documents):
    fr, es, en = (_paragraphs(documents[code]) for code in ("fr", "es", "en"))
    assert fr[fr.index("27 septembre 2011") + 1] == "Français"
    assert fr[fr.index("Français") + 1] == "Original\u00a0: anglais"
    assert es[es.index("27 de septiembre de 2011") + 1] == "Español"
    assert en[en.index("27 September 2011") + 1] == "Original: English"  # the English original has none
    assert "English" not in en


def test_french_ordinals_are_raised_in_the_header_narrative_and_footnotes(documents):
    raised = _raised(documents["fr"])
    assert ("38", "e") in raised  # 38e RÉUNION DU
    assert any(before.endswith("57") and text == "e" for before, text in raised)  # the narrative's 57e session
    with zipfile.ZipFile(documents["fr"]) as docx:
        notes = docx.read("word/footnotes.xml").decode("utf-8")
    assert re.search(r"59</w:t></w:r><w:r>(<w:rPr>.*?</w:rPr>)?<w:t[^>]*>e</w:t>", notes)
    assert 'w:val="superscript"' in notes
    assert _raised(documents["en"]) == [] or all(text != "TH" for _, text in _raised(documents["en"]))


def test_french_apostrophes_are_typographic_in_product_and_staff_text(documents):
    text = "\n".join(_paragraphs(documents["fr"]))
    assert re.findall(r"\w'\w", text) == []
    assert "Point 5(a) de l’ordre du jour" in text  # the product's words
    assert "l’importance d’une collaboration renforcée" in text  # the staff's narrative


def test_month_labels_start_their_paragraph_with_a_capital(documents):
    fr, es = _paragraphs(documents["fr"]), _paragraphs(documents["es"])
    assert any(p.startswith("Décembre 2008\u00a0: Participation of the CITES Secretariat") for p in fr)
    assert any(p.startswith("Diciembre de 2008: Participation of the CITES Secretariat") for p in es)
    months = "|".join(("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                       "octobre", "novembre", "décembre", "enero", "febrero", "marzo", "abril", "mayo", "junio",
                       "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"))
    assert [p for p in fr + es if re.match(rf"(\d+ )?({months})( de)? \d{{4}}\s?:", p)] == []


def test_no_english_description_inside_a_french_or_spanish_sentence(documents):
    for code, sentence in (("fr", "Dans le projet de programme 2012-2014, l’activité B5 est en attente d’une décision."),
                           ("es", "En el proyecto de programa 2012-2014, la actividad B5 está pendiente de decisión.")):
        paragraphs = _paragraphs(documents[code])
        assert sentence in paragraphs
        b5 = [p for p in paragraphs if "B5" in p and not p.startswith("B5.")]
        assert b5 and not any("Follow up on any decisions" in p for p in b5), b5
        assert not any("de CMS CoP10" in p for p in paragraphs)


def test_a_translated_description_is_quoted_in_the_sentence(report):
    b5 = next(s for s in report.planned.statuses if s.activity.code == "B5")
    translated = replace(b5.activity, translations=b5.activity.translations + (
        ("description_fr", "Assurer le suivi des décisions de la COP10 de la CMS sur la faisabilité d’un instrument"),))
    planned = replace(report.planned, statuses=tuple(replace(s, activity=translated) if s is b5 else s
                                                     for s in report.planned.statuses))
    fr = in_language(replace(report, planned=planned), "fr")
    said = " ".join(str(s) for s in sentences.attention_sentences(fr, language("fr"), named_before=True))
    # the cut takes the next words rather than end on "sur" (sentences.short_description)
    assert ("l’activité B5 (Assurer le suivi des décisions de la COP10 de la CMS sur la faisabilité ...) "
            "est en attente") in said


def test_a_conference_of_the_parties_is_named_as_cms_translators_write_it(report):
    b5 = next(s for s in report.planned.statuses if s.activity.code == "B5")
    assert reason_text(b5, language("fr")).startswith("Son calendrier dépend d’une décision de la COP10 de la CMS,")
    assert reason_text(b5, language("es")).startswith("Su plazo depende de una decisión de la COP10 de la CMS,")
    assert reason_text(b5) == b5.reason  # English: the rules' own sentence
    assert body_name("CITES CoP 16", language("fr")) == "la COP16 de la CITES"
    assert body_name("Standing Committee", language("fr")) == "Standing Committee"


def test_the_spanish_status_and_its_sentence_use_one_term(report):
    es = language("es")
    assert sentences.status_name(Status.NOT_YET_DUE, es) == "Por iniciar"
    summary = sentences.programme_summary(in_language(report, "es").planned, None, es)
    assert "30 están por iniciar y una está pendiente de decisión" in summary
    assert "todavía no" not in summary


def test_the_translators_terms(documents, report, tmp_path):
    fr = " ".join(_paragraphs(documents["fr"]))
    assert "relevé des activités" in fr and "registre" not in fr
    book = load_workbook(write_xlsx(in_language(report, "es"), tmp_path / "es.xlsx"))
    assert "Avances registrados" in book.sheetnames
    text = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert "Pruebas" not in text and "prueba" not in text


def test_counts_below_ten_are_words_in_reasons():
    from pipeline.wording.reason_sentences import _Counting
    fr, es, en = (_Counting(language(code)) for code in ("fr", "es", "en"))
    assert fr.n_("{n} month", "{n} months", 3).format(n=3) == "trois mois"
    assert es.n_("{n} month", "{n} months", 1).format(n=1) == "un mes"
    assert en.n_("{n} month", "{n} months", 6).format(n=6) == "six months"
    assert en.n_("{n} month", "{n} months", 12).format(n=12) == "12 months"


def test_the_typesetting_pass_splits_a_run_and_keeps_its_formatting():
    document = Document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run("à sa 57e session, le 1er mars, l'annexe B5e 2012-2014")
    run.bold = True
    typeset(document, language_info("fr"))
    runs = paragraph.runs
    assert [r.text for r in runs] == ["à sa 57", "e", " session, le 1", "er", " mars, l’annexe B5e 2012-2014"]
    assert [bool(r.font.superscript) for r in runs] == [False, True, False, True, False]
    assert all(r.bold for r in runs)
    english = Document()
    english.add_paragraph("the 38th meeting's report")
    typeset(english, language_info("en"))
    assert english.paragraphs[0].text == "the 38th meeting's report"


# ---------------------------------------------------------------- one table of languages

def test_every_module_reads_the_one_table_of_languages():
    codes = tuple(row.code for row in LANGUAGE_TABLE)
    assert REPORT_LANGUAGES == LANGUAGES == codes == ("en", "fr", "es")
    assert TRANSLATED_LANGUAGES == ("fr", "es")
    assert WORD_LANGUAGES == {row.code: row.word_tag for row in LANGUAGE_TABLE}
    assert DATE_LOCALES == {"fr": "[$-40C]", "es": "[$-C0A]"}
    assert {kind.split(".")[0] for kind in LANGUAGE_KINDS if "." in kind} == set(TRANSLATED_LANGUAGES)
    from portal.catalog import KIND_LABELS, LANGUAGE_NAMES
    assert LANGUAGE_NAMES == {row.code: row.english_name for row in LANGUAGE_TABLE}
    assert KIND_LABELS["es.pdf"] == "PDF in Spanish"
    translated = [c.header for w in WORKBOOKS for s in w.sheets for c in s.columns if c.header.endswith(" (es)")]
    assert "Description (es)" in translated


def test_dates_are_written_by_one_implementation_in_every_language():
    day = date(2011, 9, 1)
    assert dates.format_date(day) == "1 September 2011" == language("en").date(day)
    assert dates.format_date(day, "fr") == "1er septembre 2011" == language("fr").date(day)
    assert dates.format_date_range(date(2011, 6, 30), date(2011, 7, 2), "es") == "30 de junio-2 de julio de 2011"
    from portal.catalog import day_text
    assert day_text(day) == dates.format_date(day)


# ---------------------------------------------------------------- pages, measured in LibreOffice

def _pages(pdf) -> list[str]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return ["".join(re.findall(r'>([^<]*)</word>', page)) for page in re.findall(r"<page [^>]*>(.*?)</page>", html, re.S)]


def _needs_libreoffice():
    from pipeline.publish.pdf import libreoffice_available
    if not libreoffice_available() or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice and poppler-utils are not installed")


@pytest.mark.integration
@pytest.mark.parametrize("code, title", [("en", "DRAFTCMSCITESJOINTWORKPROGRAMME"),
                                         ("fr", "PROJETDEPROGRAMMEDETRAVAILCONJOINT"),
                                         ("es", "PROYECTODEPROGRAMADETRABAJOCONJUNTO")])
def test_annex2_takes_six_pages_in_each_language(documents, code, title, tmp_path):
    _needs_libreoffice()
    from pipeline.publish.pdf import convert_to_pdf
    pages = _pages(convert_to_pdf(documents[code], tmp_path))
    first = next(i for i, text in enumerate(pages) if title in text)
    assert len(pages) - first <= 6, (code, len(pages) - first)


@pytest.mark.integration
@pytest.mark.parametrize("code", ["en", "fr", "es"])
def test_the_activities_sheet_prints_on_a_few_pages(report, code, tmp_path):
    _needs_libreoffice()
    from pipeline.publish.pdf import convert_to_pdf
    book = load_workbook(write_xlsx(in_language(report, code), tmp_path / "all.xlsx"))
    activities = book.worksheets[2]
    assert activities.page_setup.fitToWidth == 1 and activities.page_setup.orientation == "landscape"
    for ws in list(book.worksheets):
        if ws is not activities:
            book.remove(ws)
    book.save(tmp_path / "activities.xlsx")
    pages = _pages(convert_to_pdf(tmp_path / "activities.xlsx", tmp_path))
    assert len(pages) <= 6, len(pages)  # 43 rows; 15 pages before


def test_the_french_catalogue_writes_typographic_apostrophes():
    """Every French message prints l’annexe, not l'annexe (a new message typed with ' fails here)."""
    from babel.messages.pofile import read_po

    from pipeline.wording.language import CATALOGS
    with (CATALOGS / "fr.po").open("rb") as po:
        catalog = read_po(po, locale="fr")
    straight = [m.id for m in catalog if m.id and any(re.search(r"\w'", s or "") for s in
                                                      (m.string if isinstance(m.string, tuple) else (m.string,)))]
    assert straight == []
