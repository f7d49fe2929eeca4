"""The status reasons, the Legend and the workbook's columns in the words a Secretariat officer uses
(issue 18): "its timeframe has begun", never "Window … is open", "as-of date" or "warning horizon";
in French and Spanish too."""
from __future__ import annotations

import re
from datetime import date

import pytest

from pipeline.status import reasons as why
from pipeline.status.vocabulary import STATUS_ORDER
from pipeline.wording.language import language
from pipeline.wording.reason_sentences import reason_text
from pipeline.wording.workbook_words import legend_rule, workbook_text
from tests.pipeline.status.test_rules import entry, day, status

JARGON = re.compile(r"\bwindow\b|as-of date|warning horizon", re.IGNORECASE)


def test_no_reason_says_window() -> None:
    assert [m for m in why.MESSAGES.values() if JARGON.search(re.sub(r"\{\w+\}", "", m))] == []


@pytest.mark.parametrize("code", ["en", "fr", "es"])
def test_the_legend_and_the_timeframe_columns_are_plain(code: str) -> None:
    lang = language(code)
    rules = [legend_rule(s, lang) for s in STATUS_ORDER]
    assert [r for r in rules if JARGON.search(r)] == []
    assert [r for r in rules if re.search(r"\b[1-9] months?\b|\b[1-9] (mois|meses)\b", r)] == []  # three, trois, tres
    starts, ends = workbook_text("Window start", lang), workbook_text("Window end", lang)
    assert (starts, ends) == {"en": ("Timeframe starts", "Timeframe ends"),
                              "fr": ("Début de la période prévue", "Fin de la période prévue"),
                              "es": ("Inicio del plazo", "Fin del plazo")}[code]


@pytest.mark.parametrize(("timeframe", "as_of", "log", "english", "french", "spanish"), [
    ("2012", date(2012, 6, 30), [], "Its timeframe, 1 January 2012 to 31 December 2012, has begun but the log "
     "shows no progress by 30 June 2012.", "La période prévue, du 1er janvier 2012 au 31 décembre 2012, a commencé, "
     "mais", "El plazo previsto, del 1 de enero de 2012 al 31 de diciembre de 2012, ha comenzado, pero"),
    ("2012", date(2011, 8, 31), [], "Its timeframe, 1 January 2012 to 31 December 2012, has not begun yet and "
     "nothing is recorded.", "La période prévue, du 1er janvier 2012 au 31 décembre 2012, n’a pas encore commencé",
     "El plazo previsto, del 1 de enero de 2012 al 31 de diciembre de 2012, aún no ha comenzado"),
    ("2012", date(2012, 11, 1), [], "Its timeframe, 1 January 2012 to 31 December 2012, ends within three months "
     "of 1 November 2012 and the log shows no progress.", "se termine moins de trois mois après le 1er novembre 2012",
     "termina a menos de tres meses del 1 de noviembre de 2012"),
    ("2012", date(2013, 1, 1), [day(2012, 3, 1)], "Its timeframe, 1 January 2012 to 31 December 2012, has ended "
     "and the activity is not marked completed, although the log shows progress, most recently Meeting, Bonn "
     "(1 March 2012).", "est terminée et l’activité n’est pas indiquée comme achevée",
     "ha terminado y la actividad no figura como completada"),
])
def test_each_timeframe_reason_reads_plainly_in_three_languages(timeframe, as_of, log, english, french,
                                                               spanish) -> None:
    s = status(timeframe, [entry(d) for d in log], as_of=as_of)
    assert reason_text(s) == english
    assert french in reason_text(s, language("fr"))
    assert spanish in reason_text(s, language("es"))
