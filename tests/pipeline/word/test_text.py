"""Staff text as officers paste it: a summary that starts with the label the report prints before it
is not printed with that label twice."""
from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.word.text import without_lead_in
from tests.pipeline.word.test_annex1_table import annex1_tables, rows_by_code, stc41, write  # noqa: F401 (fixture)


@pytest.mark.parametrize("text, lead_in, printed", [
    ("December 2008: Preparation of the document.", "December 2008", "Preparation of the document."),
    ("december 2008 \u2013 Preparation of the document.", "December 2008", "Preparation of the document."),
    ("Sharks: participation of CITES.", "Sharks", "participation of CITES."),
    # the summary's own words, not a label typed twice
    ("Saiga antelope workshop held in Urumqi.", "Saiga antelope", "Saiga antelope workshop held in Urumqi."),
    ("2009-10 work plan agreed.", "2009", "2009-10 work plan agreed."),
    ("Preparation of the document.", "December 2008", "Preparation of the document."),
    ("December 2008:", "December 2008", "December 2008:"),  # nothing after it: left as typed
    ("December 2008: x", "", "December 2008: x"),
])
def test_a_label_typed_at_the_start_of_a_summary_is_left_out(text, lead_in, printed):
    assert without_lead_in(text, lead_in) == printed


def test_annex_1_prints_an_events_date_once_when_staff_typed_it_too(stc41, tmp_path):
    report, _ = stc41
    sharks = next(e for e in report.reported.log if "B7" in e.activities)
    typed = replace(sharks, summary="24-27 September 2012: " + sharks.summary)
    log = tuple(typed if e is sharks else e for e in report.reported.log)
    again = replace(report, reported=replace(report.reported, log=log))
    rows = rows_by_code(annex1_tables(write(again, tmp_path / "typed.docx")))
    assert rows["B7"][4].startswith("24-27 September 2012: " + sharks.summary[:40])
    assert "24-27 September 2012: 24-27 September 2012" not in rows["B7"][4]


def test_bullets_typed_inline_in_one_cell_become_a_line_each():
    from pipeline.word.text import lines

    assert lines("Information exchange, such as: \u2022 Calendars of meetings; \u2022 Meeting invitations.") == [
        "Information exchange, such as:", "\u2022 Calendars of meetings;", "\u2022 Meeting invitations."]
    assert lines("\u2022 Calendars\n\u2022 Invitations") == ["\u2022 Calendars", "\u2022 Invitations"]
    assert lines("A bullet\u2022inside a word stays") == ["A bullet\u2022inside a word stays"]
