"""Activities named in the body: a few in full, more by codes grouped by theme, many in a table.

The long case is a real one: a meeting whose Annex 1 reviews JWP 2012-2014 as of 31 December
2015 with the bundled log (few rows after 2011), where most activities are overdue.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document

from pipeline.assemble import build_report
from pipeline.inputs.load import check_inputs
from pipeline.report_model import in_language
from pipeline.status.vocabulary import Status
from pipeline.word.document import write_docx
from pipeline.word.templates import narrative_in, report_template
from pipeline.wording import sentences as prose
from pipeline.wording.activity_lists import TABLE_OVER, BodyTable, Listed, by_programme, by_theme, name_activities
from pipeline.wording.change_sentences import report_change_paragraphs
from pipeline.wording.language import language
from tests.conftest import PROJECT
from tests.later_meeting import inputs_with_stc41
from tests.pipeline.word.test_document import make_report, planned_programme, reported_programme

TEMPLATES = PROJECT / "templates"
FR, ES = language("fr"), language("es")


def listed(*codes: str) -> list[Listed]:
    return [Listed(code, code[0], f"{code} (does something)") for code in codes]


def test_a_short_list_names_each_activity_in_full():
    assert name_activities(listed("A1", "B2")) == "A1 (does something) and B2 (does something)"
    assert name_activities(listed("A1", "A2", "B2"), separator="; ") == \
        "A1 (does something); A2 (does something) and B2 (does something)"


def test_a_longer_list_gives_codes_grouped_by_theme():
    items = listed("A1", "A2", "A3", "A5", "B9", "B14", "B17")
    assert name_activities(items) == "under theme A, A1, A2, A3 and A5; under theme B, B9, B14 and B17"
    assert name_activities(listed("A1", "A2", "A3", "A5")) == "A1, A2, A3 and A5"  # one theme: no heading
    assert by_theme(items, FR) == "pour le thème A, A1, A2, A3 et A5; pour le thème B, B9, B14 et B17"
    assert by_theme(items, ES) == "en el tema A, A1, A2, A3 y A5; en el tema B, B9, B14 y B17"


def test_a_list_over_several_programmes_names_the_programme():
    items = [Listed("A1", "A", "", "JA 2008-2011"), Listed("A2", "A", "", "JA 2008-2011"),
             Listed("A1", "A", "", "JWP 2012-2014"), Listed("B3", "B", "", "JWP 2012-2014")]
    # each programme named once, its themes under it
    assert by_theme(items) == "in JA 2008-2011, A1 and A2; in JWP 2012-2014, under theme A, A1; under theme B, B3"
    assert by_programme([("A2", "JWP 2015-2020"), ("B1", "JWP 2015-2020"), ("B11", "JWP 2012-2014")]) == \
        "A2 and B1 of JWP 2015-2020; B11 of JWP 2012-2014"
    assert by_programme([("A2", ""), ("B1", "")]) == "A2 and B1"
    assert by_theme(items[:2]) == "A1 and A2 of JA 2008-2011"


def _overdue(report, count: int):
    statuses = tuple(replace(s, status=Status.OVERDUE) if i < count else replace(s, status=Status.IN_PROGRESS)
                     for i, s in enumerate(report.statuses))
    return replace(report, statuses=statuses)


def test_four_to_six_needing_attention_are_named_by_code():
    data = replace(make_report(), reported=_overdue(reported_programme(), 0), planned=_overdue(planned_programme(), 4))
    [sentence] = prose.attention_sentences(data)
    assert sentence.startswith("In the draft CMS CITES Joint Work Programme 2012-2014, four activities are overdue: ")
    assert "(" not in sentence.split(": ", 1)[1]  # codes only: the annex describes them
    [french] = prose.attention_sentences(data, FR)
    assert "quatre activités sont en retard\u00a0: " in french


def test_more_than_six_needing_attention_become_a_table():
    planned = planned_programme()
    more = tuple(replace(s, activity=replace(s.activity, code=f"C{i}", theme_code="C"))
                 for i, s in enumerate(planned.statuses, start=1))
    planned = replace(planned, statuses=planned.statuses + more)
    assert len(planned.statuses) > TABLE_OVER
    data = replace(make_report(), reported=_overdue(reported_programme(), 0),
                   planned=_overdue(planned, len(planned.statuses)))
    lead, table = prose.attention_sentences(data)
    n = len(planned.statuses)
    assert lead == (f"In the draft CMS CITES Joint Work Programme 2012-2014, {prose.number_words(n)} activities "
                    "are overdue. "
                    "They are listed in the table below, with the reason for each.")
    assert isinstance(table, BodyTable)
    assert table.header == ("Code", "Activity", "Status", "Reason")
    assert [row[0] for row in table.rows] == [s.activity.code for s in planned.statuses]
    assert {row[2] for row in table.rows} == {"Overdue"}


# ---------------------------------------------------------------- a real long case

@pytest.fixture(scope="module")
def stc41(tmp_path_factory) -> Path:
    return inputs_with_stc41(tmp_path_factory.mktemp("stc41") / "inputs")


@pytest.fixture(scope="module")
def stc41_report(stc41):
    inputs, _ = check_inputs(stc41)
    return build_report(inputs, "StC41")


def test_many_overdue_activities_read_as_a_lead_sentence_and_a_table(stc41_report):
    lead, table = prose.attention_sentences(stc41_report)
    # adopted on 8 November 2012, so no longer "Draft"; closed at the end of 2014, so nothing is "Not started"
    assert lead.startswith("In the CMS CITES Joint Work Programme 2012-2014, 31 activities need attention: "
                           "30 are overdue and one is pending a decision.")
    assert len(lead) < 250
    assert [r[0] for r in table.rows][:3] == ["A1", "A2", "A3"] and table.rows[-1][:1] == ("B5",)
    assert table.rows[0][2] == "Overdue" and "31 December 2012, has ended" in table.rows[0][3]


def test_many_changes_read_as_codes_grouped_by_theme(stc41_report):
    [paragraph] = report_change_paragraphs(stc41_report)
    assert ("30 activities have become overdue: under theme A, A1, A2, A3, A4, A5 and A6; under theme B, B1, B2, "
            "B3, B4, B6, B7, B8, B9, B10, B11, B12, B13, B14, B15, B16, B17 and B18; under theme C, C1, C2 and C3; "
            "under theme D, D1, D2, D3 and D4.") in paragraph
    assert "(On-going update" not in paragraph and len(paragraph) < 700


@pytest.mark.parametrize("code, lead, header", [
    ("en", "31 activities need attention", ("Code", "Activity", "Status", "Reason")),
    ("fr", "31 activités requièrent l’attention du Comité\u00a0: 30 sont en retard et une est en attente",
     ("Code", "Activité", "Statut", "Motif")),
    ("es", "31 actividades requieren la atención del Comité: 30 están atrasadas y una está pendiente",
     ("Código", "Actividad", "Estado", "Motivo")),
])
def test_the_table_is_a_word_table_in_the_body_in_each_language(stc41_report, tmp_path, code, lead, header):
    narrative, _ = narrative_in(TEMPLATES, "StC41", code)
    path = write_docx(in_language(stc41_report, code), tmp_path / f"StC41.{code}.docx",
                      report_template(TEMPLATES), narrative)
    document = Document(str(path))
    body = document.element.body
    tables = body.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tbl")
    attention = next(t for t in document.tables if tuple(c.text for c in t.rows[0].cells) == header)
    assert len(attention.rows) == 32 and attention.style.name == "Report Table"
    assert attention.rows[1].cells[0].text == "A1"
    assert attention.rows[1].cells[0].paragraphs[0].style.name == "Table Text"
    before = attention._tbl.getprevious()
    paragraph = next(p for p in document.paragraphs if p._p is before)
    assert lead in paragraph.text and paragraph.style.name == "Numbered Paragraph"
    assert paragraph.paragraph_format.keep_with_next
    assert tables.index(attention._tbl) == 1  # in the body: after the header block, before Annex 1
    assert not any(lead in p.text and "A1 (" in p.text for p in document.paragraphs)
