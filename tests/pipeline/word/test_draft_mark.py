"""A report made on purpose with a status date that may mislead says so at the top of every page
header, in its language; a report at a sensible date carries no such line; the line can be taken
out again (for the copy served once the report is marked as sent)."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document

from pipeline.assemble import build_report
from pipeline.inputs.load import read_inputs
from pipeline.report_model import in_language
from pipeline.word.document import write_docx
from pipeline.word.draft_mark import has_mark, remove_mark
from pipeline.word.templates import narrative_for, report_template
from tests.conftest import BUNDLED_INPUTS, PROJECT

TEMPLATES = PROJECT / "templates"
MADE = datetime(2026, 12, 6, 9, 30)


@pytest.fixture(scope="module")
def inputs():
    return read_inputs(BUNDLED_INPUTS)


def _write(report, path: Path) -> Document:
    write_docx(report, path, report_template(TEMPLATES), narrative_for(TEMPLATES, report.meeting.code))
    return Document(str(path))


def _header_lines(document: Document) -> list[str]:
    section = document.sections[0]
    return [p.text for part in (section.first_page_header, section.header) for p in part.paragraphs]


def test_a_future_status_date_chosen_on_purpose_is_marked_in_every_header(inputs, tmp_path):
    report = build_report(inputs, "StC38", as_of=date(2027, 3, 31), generated_at=MADE)
    assert report.date_chosen_on_purpose
    document = _write(report, tmp_path / "future.docx")
    mark = "Not the version sent to the Committee: status date 31 March 2027 chosen on purpose"
    assert _header_lines(document).count(mark) == 2  # the first page's header and the others'
    assert has_mark(document)


def test_the_mark_is_translated(inputs, tmp_path):
    report = build_report(inputs, "StC38", as_of=date(2027, 3, 31), generated_at=MADE)
    french = _header_lines(_write(in_language(report, "fr"), tmp_path / "fr.docx"))
    spanish = _header_lines(_write(in_language(report, "es"), tmp_path / "es.docx"))
    assert "Version non transmise au Comité\u00a0: situation au 31 mars 2027, date choisie délibérément" in french
    assert "No es la versión enviada al Comité: situación al 31 de marzo de 2027, fecha elegida deliberadamente" \
        in spanish


def test_the_meeting_s_own_status_date_carries_no_mark(inputs, tmp_path):
    report = build_report(inputs, "StC38", generated_at=MADE)
    assert not report.date_chosen_on_purpose
    document = _write(report, tmp_path / "plain.docx")
    assert not has_mark(document)
    assert not any("Not the version sent" in line for line in _header_lines(document))


def test_the_mark_comes_out_whole_and_nothing_else_does(inputs, tmp_path):
    plain = _header_lines(_write(build_report(inputs, "StC38", as_of=date(2011, 8, 31), generated_at=MADE),
                                 tmp_path / "plain.docx"))
    marked = _write(build_report(inputs, "StC38", as_of=date(2027, 3, 31), generated_at=MADE), tmp_path / "m.docx")
    assert remove_mark(marked) and not has_mark(marked)
    assert _header_lines(marked) == plain
