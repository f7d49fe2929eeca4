"""The report in French and Spanish (issue 13, part 1): the Word document's header block,
headings, a plural sentence, dates, its language for Word; the narrative per language and
what happens without one; staff's translations and the data issue for a missing one; the
command line's --language."""
from __future__ import annotations

import json
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from cli.main import main
from pipeline.assemble import build_report
from pipeline.inputs.load import read_inputs
from pipeline.report_model import in_language
from pipeline.word.document import write_docx
from pipeline.word.templates import narrative_in, report_template
from tests.conftest import BUNDLED_INPUTS, PROJECT

TEMPLATES = PROJECT / "templates"
NB = "\u00a0"


@pytest.fixture(scope="module")
def report():
    return build_report(read_inputs(BUNDLED_INPUTS), "StC38", date(2011, 8, 31))


@pytest.fixture(scope="module")
def documents(report, tmp_path_factory):
    """The StC38 document in each language, as the run writes it: {code: (path, all its text)}."""
    folder = tmp_path_factory.mktemp("docs")
    made = {}
    for code in ("en", "fr", "es"):
        narrative, note = narrative_in(TEMPLATES, "StC38", code)
        assert note == ""
        path = write_docx(in_language(report, code), folder / f"{code}.docx", report_template(TEMPLATES), narrative)
        made[code] = (path, _texts(path))
    return made


def _texts(path: Path) -> list[str]:
    document = Document(str(path))
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += [p.text for p in cell.paragraphs]
    return found


def test_header_and_meeting_blocks(documents):
    fr, es, en = documents["fr"][1], documents["es"][1], documents["en"][1]
    for expected in ("CONVENTION SUR LES ESPÈCES MIGRATRICES", f"Distribution{NB}: générale", "27 septembre 2011",
                     f"Original{NB}: anglais", "38e RÉUNION DU", "COMITÉ PERMANENT", "Bergen, 19 novembre 2011",
                     "Point 5(a) de l’ordre du jour", "COOPÉRATION ENTRE LA CMS ET LA CITES",
                     "(Préparé par le Secrétariat)"):
        assert expected in fr, expected
    for expected in ("CONVENCIÓN SOBRE LAS ESPECIES MIGRATORIAS", "27 de septiembre de 2011", "Original: inglés",
                     "38ª REUNIÓN DEL", "COMITÉ PERMANENTE", "Bergen, 19 de noviembre de 2011",
                     "COOPERACIÓN ENTRE LA CMS Y LA CITES", "(Preparado por la Secretaría)"):
        assert expected in es, expected
    for expected in ("CONVENTION ON MIGRATORY SPECIES", "Distribution: General", "Original: English",
                     "38TH MEETING OF THE", "STANDING COMMITTEE", "Agenda Item 5(a)", "(Prepared by the Secretariat)"):
        assert expected in en, expected


def test_headings_of_the_annexes_and_the_narrative(documents):
    fr, es = documents["fr"][1], documents["es"][1]
    for expected in ("Contexte", "Activités conjointes menées depuis 2008", f"Action requise{NB}:", "Annexe 1",
                     "LISTE CITES/CMS DES ACTIVITÉS CONJOINTES 2008-2011", "ÉTAT D’AVANCEMENT (AOÛT 2011)",
                     "Résumé des activités menées", "Annexe 2",
                     "PROJET DE PROGRAMME DE TRAVAIL CONJOINT CMS-CITES 2012-2014",
                     "(A) Activités d’harmonisation de la taxonomie et de la nomenclature",
                     "Description des activités conjointes envisagées", "Liste de concordance des espèces et base de "
                     "données commune"):
        assert expected in fr, expected
    for expected in ("Antecedentes", "Acción requerida:", "Anexo 1", "ESTADO DE APLICACIÓN (AGOSTO DE 2011)",
                     "Anexo 2", "(B) Acciones conjuntas para la conservación y el uso sostenible de las especies "
                     "compartidas", "Elefante africano"):
        assert expected in es, expected
    assert "Background" not in fr and "Annex 1" not in es


def test_plural_sentences_dates_and_statuses(documents):
    fr, es = documents["fr"][1], documents["es"][1]
    # each programme under its own heading: the list 2008-2011 (Annex 1), then the draft programme (Annex 2)
    assert (f"Au 31 août 2011, les 12 activités conjointes du programme «{NB}Liste CITES/CMS des activités "
            f"conjointes 2008-2011{NB}» sont en cours.") in fr
    assert (f"Au 31 août 2011, sur les 31 activités conjointes du programme «{NB}Projet de programme de travail "
            f"conjoint CMS-CITES 2012-2014{NB}», 30 sont à venir et une est en attente d’une décision.") in fr
    assert fr.index("Activités conjointes prévues pour la période 2012-2014") < fr.index(
        f"Au 31 août 2011, sur les 31 activités conjointes du programme «{NB}Projet de programme de travail "
        f"conjoint CMS-CITES 2012-2014{NB}», 30 sont à venir et une est en attente d’une décision.")
    assert (f"Harmonisation de la taxonomie et de la nomenclature{NB}: ses quatre activités sont en cours.") in fr
    assert ("Al 31 de agosto de 2011, las 12 actividades conjuntas del programa «Lista CITES/CMS de actividades "
            "conjuntas 2008-2011» están en curso.") in " ".join(es)
    assert f"Statut{NB}: En cours" in fr and "Estado: En curso" in es
    # Annex 2 gives the reason of a status needing attention (B5's), in the report's language
    assert any(t.startswith("Son calendrier dépend d’une décision de la COP10 de la CMS") for t in fr)
    assert any(t.startswith("Su plazo depende de una decisión de la COP10 de la CMS") for t in es)


def test_the_footnote_is_translated_with_its_paragraph(documents):
    with zipfile.ZipFile(documents["fr"][0]) as docx:
        notes = docx.read("word/footnotes.xml").decode("utf-8")
    assert "En mars 2011, à sa 59e session, le Comité permanent de la CITES" in re.sub(r"<[^>]+>", "", notes)


@pytest.mark.parametrize("code, tag", [("fr", "fr-FR"), ("es", "es-ES")])
def test_word_knows_the_language_for_spelling_and_hyphenation(documents, code, tag):
    path = documents[code][0]
    assert Document(str(path)).core_properties.language == tag
    with zipfile.ZipFile(path) as docx:
        styles = docx.read("word/styles.xml").decode("utf-8")
    defaults = styles[styles.index("<w:rPrDefault>"):styles.index("</w:rPrDefault>")]
    assert f'w:val="{tag}"' in defaults and 'w:val="en-GB"' not in styles


def test_english_keeps_its_template_language(documents):
    with zipfile.ZipFile(documents["en"][0]) as docx:
        assert 'w:lang w:val="en-GB"' in docx.read("word/styles.xml").decode("utf-8")


def test_a_missing_translation_uses_the_english_text_and_is_a_data_issue_in_that_language_only(report):
    fr = in_language(report, "fr")
    a1 = next(s for s in fr.planned.statuses if s.activity.code == "A1")
    assert a1.activity.description.startswith("On-going update of the concordance list")
    added = [str(i) for i in fr.issues[len(report.issues):]]
    assert ("programmes.xlsx, sheet 'Activities', row 14, column 'Description (fr)': found nothing; "
            "A1 has no French description; the English text is used") in added
    assert not any("French title" in i for i in added)  # the bundled inputs translate every title
    assert in_language(report, "en").issues == report.issues
    assert not any("French" in i for i in map(str, in_language(report, "es").issues))


# ---------------------------------------------------------------- the command line


@pytest.fixture
def private_dagster_home(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))


def test_an_unknown_language_exits_2_naming_the_languages(capsys, private_dagster_home):
    with pytest.raises(SystemExit) as stopped:
        main(["run", "--meeting", "StC38", "--language", "de"])
    assert stopped.value.code == 2
    assert "'de' is not a language of the report; use one of: en, fr, es, or all" in capsys.readouterr().err


@pytest.fixture
def templates_without_spanish(tmp_path, monkeypatch):
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    (folder / "narrative" / "StC38.es.docx").unlink()
    monkeypatch.setenv("STC_TEMPLATES_DIR", str(folder))
    return folder


def test_a_missing_narrative_stops_the_run_naming_the_file(templates_without_spanish, tmp_path, capsys,
                                                           private_dagster_home):
    outputs = tmp_path / "out"
    code = main(["run", "--meeting", "StC38", "--language", "all", "--outputs", str(outputs)])
    err = capsys.readouterr().err
    assert code == 1
    assert (f"{templates_without_spanish / 'narrative' / 'StC38.es.docx'}: the Spanish narrative of StC38 is "
            f"missing. Translate StC38.docx and save it as StC38.es.docx") in err
    assert "--narrative-fallback english" in err and "No report was written." in err
    assert not outputs.exists()


def test_asked_to_fall_back_the_run_uses_the_english_narrative_and_says_so(templates_without_spanish, tmp_path,
                                                                          capsys, private_dagster_home):
    outputs = tmp_path / "out"
    assert main(["run", "--meeting", "StC38", "--language", "es", "--narrative-fallback", "english",
                 "--outputs", str(outputs), "--no-pdf"]) == 0
    printed = capsys.readouterr().out
    assert "Note: No Spanish narrative" in printed and "uses the English narrative StC38.docx" in printed
    docx = next(outputs.rglob("UNEP-CMS-StC38-Doc3.es.docx"))
    texts = _texts(docx)
    assert "Background" in texts and "Anexo 1" in texts
    assert not list(outputs.rglob("UNEP-CMS-StC38-Doc3.docx"))  # only the language asked for


def test_all_three_languages_in_the_run_s_one_folder(tmp_path, capsys, private_dagster_home):
    outputs = tmp_path / "out"
    assert main(["run", "--meeting", "StC38", "--language", "all", "--outputs", str(outputs), "--no-pdf"]) == 0
    printed = capsys.readouterr().out
    (folder,) = [p for p in (outputs / "StC38").iterdir() if not p.name.startswith(".")]
    names = {p.name for p in folder.iterdir()}
    stems = ("UNEP-CMS-StC38-Doc3", "UNEP-CMS-StC38-Doc3.fr", "UNEP-CMS-StC38-Doc3.es")
    assert {f"{s}.{k}" for s in stems for k in ("docx", "xlsx")} <= names
    for name in names - {"report.json"}:
        assert str(folder / name) in printed
    manifest = json.loads((folder / "report.json").read_text("utf-8"))
    assert list(manifest["languages"]) == ["en", "fr", "es"]
    assert manifest["languages"]["fr"]["docx"] == "UNEP-CMS-StC38-Doc3.fr.docx"
    assert manifest["languages"]["es"]["xlsx"] == "UNEP-CMS-StC38-Doc3.es.xlsx"
    assert manifest["files"]["docx"] == "UNEP-CMS-StC38-Doc3.docx"


# ---------------------------------------------------------------- the workbook


@pytest.fixture(scope="module")
def workbooks(report, tmp_path_factory):
    import openpyxl

    from pipeline.excel.workbook import write_xlsx

    folder = tmp_path_factory.mktemp("books")
    return {code: openpyxl.load_workbook(write_xlsx(in_language(report, code), folder / f"{code}.xlsx"))
            for code in ("fr", "es")}


def test_the_workbook_s_sheets_headers_and_title_block(workbooks):
    fr, es = workbooks["fr"], workbooks["es"]
    assert fr.sheetnames == ["Synthèse", "À surveiller", "Activités", "Espèces", "Éléments justificatifs",
                             "Changements", "Évolution", "Problèmes de données", "Légende"]
    assert es.sheetnames[0] == "Resumen" and es.sheetnames[-1] == "Leyenda"
    summary = fr["Synthèse"]
    assert summary["A1"].value == "UNEP/CMS/StC38/Doc.3 – état des activités conjointes"
    assert (summary["A3"].value, summary["B3"].value) == ("Réunion", "38e réunion du Comité permanent, Bergen, "
                                                                     "19 novembre 2011")
    assert es["Resumen"]["B3"].value == "38ª reunión del Comité Permanente, Bergen, 19 de noviembre de 2011"
    assert summary["A6"].value.startswith("Encore en anglais\u00a0: ")  # what the edition still prints in English
    assert summary["A8"].value == "Liste CITES/CMS des activités conjointes 2008-2011 (JA 2008-2011)"
    assert [c.value for c in summary[9]][:4] == ["Thème", "Activités", "Achevée", "En cours"]
    headers = [c.value for c in es["Actividades"][1]]
    assert headers[:6] == ["Programa", "Código", "Tema", "Grupo", "Descripción", "Plazo"]
    assert "Estado" in headers and "Motivo" in headers


def test_the_workbook_s_statuses_reasons_legend_and_dates(workbooks):
    fr, es = workbooks["fr"], workbooks["es"]
    activities = fr["Activités"]
    status, reason = [c.value for c in activities[1]].index("Statut") + 1, [c.value for c in activities[1]].index(
        "Motif") + 1
    assert activities.cell(2, status).value == "En cours"
    assert activities.cell(2, reason).value.startswith("La période prévue, du 1er janvier 2008 au 31 décembre 2011, "
                                                       "a commencé")
    assert [c.value for c in fr["Légende"][3]] == ["En cours", "vert", "oui", "Sa période prévue a commencé et le "
                                                   "relevé des activités y fait état de progrès."]
    assert [c.value for c in es["Leyenda"][1]] == ["Estado", "Color", "Cuenta como en plazo", "Regla"]
    # a date is a real date shown with the language's month names, whatever the reader's Excel
    assert fr["Synthèse"]["B4"].number_format == "[$-40C]d mmmm yyyy"
    assert es["Resumen"]["B4"].number_format == "[$-C0A]d mmmm yyyy"
    assert fr.properties.language == "fr-FR"


def test_the_french_workbook_lists_the_missing_translations(workbooks):
    issues = workbooks["fr"]["Problèmes de données"]
    expected = [row[7] for row in issues.iter_rows(min_row=2, values_only=True)]
    assert "A1 has no French description; the English text is used" in expected
    assert [c.value for c in issues[1]][:2] == ["Nouveau ou connu", "Gravité"]
    assert {row[1] for row in issues.iter_rows(min_row=2, values_only=True)} == {"avertissement"}


def test_a_run_started_elsewhere_stops_at_the_missing_narrative_with_its_message(templates_without_spanish, tmp_path,
                                                                                 private_dagster_home):
    """From the staff page or the Dagster launchpad there is no command line to check first: the
    Word step stops the run with the same words, and nothing is published."""
    import dagster as dg

    from assets.runner import run_meeting_report

    from pipeline.request import ReportRequest

    outputs = tmp_path / "out"
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = run_meeting_report(ReportRequest("StC38", None, languages=("en", "es"), pdf=False), BUNDLED_INPUTS,
                                     outputs, instance=instance)
    assert not outcome.success
    assert outcome.error.startswith(f"{templates_without_spanish / 'narrative' / 'StC38.es.docx'}: the Spanish "
                                    f"narrative of StC38 is missing.")
    assert not [p for p in (outputs / "StC38").iterdir() if not p.name.startswith(".")]
