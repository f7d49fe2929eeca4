"""The French and Spanish catalogues as a UN translator would hand them back (issue 20): French
no-break spaces before : ; ? ! and inside « », typographic apostrophes and quotes, "anexo" in lower
case in running text, no figure below ten in a sentence (a placeholder is filled in words)."""
from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from pipeline.wording.language import CATALOGS

NO_BREAK = "\u00a0\u202f"


def translations(code: str) -> list[str]:
    with (CATALOGS / f"{code}.po").open("rb") as po:
        catalog = read_po(po, locale=code)
    found = []
    for message in catalog:
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            found += [re.sub(r"\{\w+\}", "X", s) for s in strings]
    return found


def test_french_spacing_apostrophes_and_quotes() -> None:
    texts = translations("fr")
    assert [t for t in texts if re.search(r" [:;?!]|[^\s" + NO_BREAK + r"][:;?!](?=\s|$)", t)] == []
    assert [t for t in texts if re.search(r"«[^" + NO_BREAK + "]|[^" + NO_BREAK + "]»", t)] == []
    assert [t for t in texts if "'" in t or '"' in t] == []


@pytest.mark.parametrize("code", ["fr", "es"])
def test_no_figure_below_ten_and_common_nouns_in_lower_case(code: str) -> None:
    texts = translations(code)
    # 'annexe 1' / 'anexo 1' name a part of the document: the figure stays, the noun in lower case mid-sentence
    figures = [t for t in texts if re.search(r"(?<![\d/.,X-])\b[1-9]\b(?![\d/.,%-])", re.sub(r"ne(xe|xo) 1", "", t))]
    assert figures == []
    assert [t for t in texts if re.search(r"(?<=[a-zà-ÿ] )(Anexo|Annexe|Período|Période|Plazo|Calendrier)\b", t)] == []
    assert [t for t in texts if "'" in t] == []


def test_spanish_status_names_agree_with_the_sentences() -> None:
    texts = "\n".join(translations("es"))
    assert "Plazo aún no iniciado" not in texts and "todavía no han llegado a su plazo" not in texts


def test_the_translated_narratives_write_annex_in_lower_case_mid_sentence() -> None:
    """'figura en el anexo 2', 'décrites à l’annexe 1' (UN Spanish and French editorial style); the annex
    headings themselves ('Anexo 1', 'Annexe 1') keep their capital."""
    from docx import Document

    from tests.conftest import PROJECT

    for path in sorted((PROJECT / "templates" / "narrative").glob("*.[ef][sr].docx")):
        text = "\n".join(p.text for p in Document(path).paragraphs)
        assert not re.search(r"\b(el|del|al|en el|à l’|de l’) ?(Anexo|Annexe) \d", text), path.name
