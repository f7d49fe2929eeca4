"""Every fixed text the workbook writer declares has its words in French and Spanish."""
from __future__ import annotations

import pytest

from pipeline.excel import attention, cells, history, input_changes_sheet, sheets, summary, workbook
from pipeline.model import LOG_KINDS, OUTCOMES
from pipeline.status.vocabulary import STATUS_ORDER
from pipeline.wording.language import language
from pipeline.wording.workbook_words import knows, legend_rule, sheet_name, workbook_text


def declared_texts() -> set[str]:
    texts = set()
    for module in (attention, history, input_changes_sheet, sheets, summary):
        for value in vars(module).values():
            if isinstance(value, tuple) and value and all(isinstance(c, cells.Col) for c in value):
                texts |= {c.header for c in value}
    texts |= {sheets.NEW_ISSUE, sheets.KNOWN_ISSUE, sheets.NO_ISSUES, attention.NOTHING_NEEDS_ATTENTION,
              history.SINCE_MEETING, history.SINCE_DATE, history.SINCE_MONTH, history.NO_CHANGE,
              history.NO_PREVIOUS_MEETING, history.ALL_THEMES, history.NO_TREND, summary.TOTAL_LABEL,
              "Document", "Meeting", "Status as of", "Generated at", "yes", "no", "warning", "error"}
    texts |= set(history.EARLIER_FROM) | set(history.EARLIER_FROM.values())
    texts |= {input_changes_sheet.ADDED, input_changes_sheet.CHANGED, input_changes_sheet.REMOVED}
    texts |= {s.colour for s in STATUS_ORDER}
    texts |= set(LOG_KINDS) | set(OUTCOMES) | {"day", "month", "year"}
    return texts


def test_the_writer_declares_no_text_without_its_words():
    assert sorted(t for t in declared_texts() if not knows(t)) == []


@pytest.mark.parametrize("code", ["fr", "es"])
def test_each_text_is_said_in_the_language(code):
    lang = language(code)
    same = {"Total", "Description", "Code", "Source", "Programme", "Fin", "Document", "gris", "error", "no"}
    untranslated = [t for t in declared_texts() if workbook_text(t, lang) == t and t not in same]
    assert untranslated == []
    names = [sheet_name(n, lang) for n in (*workbook.SHEETS, workbook.INPUT_CHANGES)]
    assert len(set(names)) == len(names) and all(len(n) <= 31 for n in names)
    assert all(legend_rule(s, lang) != legend_rule(s) for s in STATUS_ORDER)


def test_english_is_as_declared():
    en = language("en")
    # but for the two keys the Activities sheet still declares in older words (issue 18: "Window")
    renamed = {"Window start": "Timeframe starts", "Window end": "Timeframe ends",
               "known (in the previous report)": "known (in the report sent)"}
    assert all(workbook_text(t, en) == renamed.get(t, t) for t in declared_texts())
    assert [sheet_name(n, en) for n in workbook.SHEETS] == list(workbook.SHEETS)


TIMEFRAMES = ("2012", "2012-13", "", "On-going", "Annual and as-required", "by December 2014", "Q2 2013",
              "Will depend on decisions adopted at CMS CoP10", "Will depend on decisions", "when funds allow")


@pytest.mark.parametrize("text", TIMEFRAMES)
def test_how_a_timeframe_was_read_in_each_language(text):
    from pipeline.status.timeframes import parse_timeframe
    from pipeline.wording.workbook_words import timeframe_text

    read = parse_timeframe(text, 2012, 2014)
    assert timeframe_text(read) == read.read_as  # English: the reading as status/ wrote it
    for code in ("fr", "es"):
        said = timeframe_text(read, language(code))
        assert said != read.read_as and "{" not in said


def test_a_timeframe_reading_in_french_and_spanish():
    from pipeline.status.timeframes import parse_timeframe
    from pipeline.wording.workbook_words import timeframe_text

    assert timeframe_text(parse_timeframe("2012-13", 2012, 2014), language("fr")) == \
        "du 1er janvier 2012 au 31 décembre 2013"
    assert timeframe_text(parse_timeframe("by December 2014", 2012, 2014), language("es")) == \
        "a más tardar el 31 de diciembre de 2014 (desde el 1 de enero de 2012)"
