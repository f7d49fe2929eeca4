"""French and Spanish: every message translated, plurals and agreement, dates, ordinals,
the header block, French typography."""
from __future__ import annotations

import re
from datetime import date

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from pipeline.assemble import build_report
from pipeline.inputs.load import read_inputs
from pipeline.status.vocabulary import Status
from pipeline.wording import labels, sentences
from pipeline.wording.language import CATALOGS, LANGUAGES, UnknownLanguage, language
from tests.conftest import BUNDLED_INPUTS, PROJECT

KEYWORDS = {"_": None, "n_": (1, 2), "p_": ((1, "c"), 2), "np_": ((1, "c"), 2, 3)}


def code_messages() -> dict[tuple[str | None, str], str]:
    """Every message the product's code asks a Language for, with where it is asked."""
    found = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(PROJECT / "pipeline"), method_map=[("**.py", "python")], keywords=KEYWORDS):
        msgid = message[0] if isinstance(message, tuple) else message
        found[(context, msgid)] = f"pipeline/{filename}:{lineno}"
    return found


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


@pytest.mark.parametrize("code", ["fr", "es"])
def test_every_message_of_the_code_is_translated(code):
    with (CATALOGS / f"{code}.po").open("rb") as po:
        catalog = read_po(po, locale=code)
    missing, wrong = [], []
    for (context, msgid), where in code_messages().items():
        entry = catalog.get(msgid, context=context)
        strings = entry.string if entry is not None and isinstance(entry.string, tuple) else (
            (entry.string,) if entry is not None else ())
        if not strings or not all(strings):
            missing.append(f"{where}: {msgid!r}")
            continue
        for translated in strings:
            # a translation may drop {count} ('otra actividad'), never invent a placeholder
            if not placeholders(translated) <= placeholders(msgid):
                wrong.append(f"{where}: {translated!r} for {msgid!r}")
    assert missing == [], f"add these to pipeline/wording/catalogs/{code}.po"
    assert wrong == []


@pytest.mark.parametrize("code", ["fr", "es"])
def test_the_catalogue_holds_no_message_the_code_no_longer_asks_for(code):
    with (CATALOGS / f"{code}.po").open("rb") as po:
        catalog = read_po(po, locale=code)
    asked = set(code_messages())
    stale = [(m.context, m.id) for m in catalog if m.id and (m.context, m.id if isinstance(m.id, str) else m.id[0])
             not in asked]
    assert stale == []


def test_dates_in_each_language():
    day = date(2011, 8, 31)
    assert [language(c).date(day) for c in LANGUAGES] == ["31 August 2011", "31 août 2011", "31 de agosto de 2011"]
    assert language("fr").date(date(2011, 9, 1)) == "1er septembre 2011"
    assert language("es").month(day) == "agosto de 2011"
    assert language("fr").date_range(date(2011, 11, 19), date(2011, 11, 21)) == "19-21 novembre 2011"


def test_header_block_and_meeting_block(stc38):
    meeting = stc38.meeting
    fr = labels.document_labels(meeting, language("fr"))
    assert fr["convention"] == "CONVENTION SUR LES ESPÈCES MIGRATRICES"
    assert fr["distribution"] == "Distribution\u00a0: générale"
    assert fr["original"] == "Original\u00a0: anglais"
    assert fr["meeting_name"] == "38e RÉUNION DU COMITÉ PERMANENT"
    assert fr["agenda_item"] == "Point 5(a) de l’ordre du jour"
    es = labels.document_labels(meeting, language("es"))
    assert (es["original"], es["meeting_name"], es["prepared_by"]) == (
        "Original: inglés", "38ª REUNIÓN DEL COMITÉ PERMANENTE", "(Preparado por la Secretaría)")
    en = labels.document_labels(meeting)
    assert (en["meeting_name"], en["original"], en["distribution"]) == (
        "38TH MEETING OF THE STANDING COMMITTEE", "Original: English", "Distribution: General")
    assert (en["meeting_number_line"], en["committee_line"]) == ("38TH MEETING OF THE", "STANDING COMMITTEE")
    assert (fr["meeting_number_line"], fr["committee_line"]) == ("38e RÉUNION DU", "COMITÉ PERMANENT")
    assert (es["meeting_number_line"], es["committee_line"]) == ("38ª REUNIÓN DEL", "COMITÉ PERMANENTE")


def test_annex_headings(stc38):
    assert [labels.annex_label(1, language(c)) for c in LANGUAGES] == ["Annex 1", "Annexe 1", "Anexo 1"]
    assert labels.annex1_headers(language("es"))[3] == "Resumen de las actividades realizadas"
    assert labels.status_label(language("fr")) == "Statut\u00a0: "


def test_plural_sentences_agree(stc38):
    counts = ((Status.IN_PROGRESS, 3), (Status.PENDING_DECISION, 1))
    assert sentences.status_counts(counts, language("fr")) == "trois sont en cours et une est en attente d’une décision"
    assert sentences.status_counts(counts, language("es")) == "tres están en curso y una está pendiente de decisión"
    fr = sentences.status_summary(stc38, language("fr"))
    assert fr.startswith("Au 31 août 2011, ")
    assert fr.endswith("Sur les 31 activités conjointes du programme «\u00a0Draft CMS CITES Joint Work Programme "
                       "2012-2014\u00a0», 30 sont à venir et une est en attente d’une décision.")
    es = sentences.status_summary(stc38, language("es"))
    assert es.startswith("Al 31 de agosto de 2011, ")
    assert es.endswith("De las 31 actividades conjuntas del programa «Draft CMS CITES Joint Work Programme "
                       "2012-2014», 30 están por iniciar y una está pendiente de decisión.")


def test_french_typography_and_status_names(stc38):
    fr = language("fr")
    themes = sentences.theme_summaries(stc38, fr)
    assert all("\u00a0:" in t and " :" not in t.replace("\u00a0:", "") for t in themes)
    assert sentences.status_name(Status.PENDING_DECISION, fr) == "En attente de décision"
    assert sentences.status_name(Status.IN_PROGRESS, language("es")) == "En curso"
    assert fr.typography('il dit "oui"') == "il dit «\u00a0oui\u00a0»"


def test_an_unknown_language_is_named():
    with pytest.raises(UnknownLanguage, match="'de' is not a language of the report; use one of: en, fr, es"):
        language("de")


@pytest.fixture(scope="module")
def stc38():
    return build_report(read_inputs(BUNDLED_INPUTS), "StC38", date(2011, 8, 31))
