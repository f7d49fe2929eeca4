"""The fast paths give what the straightforward computation gives, on the bundled data and on a
scaled copy (benchmark/generate.py): the statuses found through the per-activity index of log
rows, the trend of every month's end, the roll-ups, and the Word XML of the annexes."""
from __future__ import annotations

import json
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from docx.enum.text import WD_UNDERLINE
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from benchmark.generate import scale_inputs
from pipeline.assemble import build_report, meeting_statuses, month_snapshot, programme_statuses, report_trend
from pipeline.dates import month_ends
from pipeline.excel import cells
from pipeline.excel.workbook import write_xlsx
from pipeline.history.snapshots import (
    Snapshot, SnapshotFormatError, make_snapshot, month_key, read_snapshot, read_snapshots, read_statuses, write_snapshot)
from pipeline.history.trend import COMPUTED, STORED, TOTAL, trend
from pipeline.inputs.load import read_inputs
from pipeline.model import Inputs
from pipeline.status.rollups import compute_rollups
from pipeline.status.rules import compute_statuses
from pipeline.settings import StatusSettings
from pipeline.status.timeframes import parse_timeframe
from pipeline.status.vocabulary import Rollup, count_statuses
from pipeline.word import annex1, annex2, document, text
from pipeline.wording import sentences as prose
from pipeline.wording.language import ENGLISH
from pipeline.word.document import write_docx
from pipeline.word.templates import narrative_for, report_template
from tests.conftest import BUNDLED_INPUTS, PROJECT

SCALE = 3


@pytest.fixture(scope="module")
def bundled() -> Inputs:
    return read_inputs(BUNDLED_INPUTS)


@pytest.fixture(scope="module")
def scaled(tmp_path_factory) -> Inputs:
    return read_inputs(scale_inputs(SCALE, tmp_path_factory.mktemp("scaled")))


@pytest.fixture(params=["bundled", "scaled"])
def inputs(request) -> Inputs:
    return request.getfixturevalue(request.param)


def _plain_statuses(inputs: Inputs, programme_id: str, as_of: date, settings: StatusSettings):
    """compute_statuses over the whole log, every activity scanning every row (and its carried-over ones)."""
    programme = inputs.programme(programme_id)
    activities = inputs.activities_of(programme_id)
    timeframes = {a.code: parse_timeframe(a.timeframe, programme.start_year, programme.end_year) for a in activities}
    return compute_statuses(activities, timeframes, inputs.log, as_of, settings, inputs.activities)


def test_statuses_through_the_index_are_those_of_the_whole_log(inputs):
    settings = StatusSettings()
    for programme in inputs.programmes:
        for as_of in (date(2008, 6, 30), date(2010, 3, 31), date(2011, 8, 31), date(2013, 12, 31)):
            assert programme_statuses(inputs, programme.id, as_of, settings) == \
                _plain_statuses(inputs, programme.id, as_of, settings)


def test_trend_is_the_statuses_recomputed_at_every_month_end(inputs):
    computed = meeting_statuses(inputs, "StC38")
    expected = []
    for programme_id in computed.statuses:
        programme = inputs.programme(programme_id)
        months = list(month_ends(date(programme.start_year, 1, 1), computed.as_of))
        per_month = [_plain_statuses(inputs, programme_id, m, computed.settings) for m in months]
        themes = sorted({s.activity.theme_code for statuses in per_month for s in statuses}, key=lambda c: (len(c), c))
        for theme in (TOTAL, *themes):
            for month, statuses in zip(months, per_month):
                if not statuses:
                    continue
                counts = count_statuses(s.status for s in statuses if theme == TOTAL or s.activity.theme_code == theme)
                expected.append((month, programme_id, theme, counts))
    got = [(r.as_of, r.programme_id, r.theme, r.counts) for r in report_trend(inputs, computed)]
    assert got == expected
    assert len(got) > 40


def _plain_rollups(programme, themes, statuses, species) -> tuple[Rollup, ...]:
    own = [s for s in statuses if s.activity.programme_id == programme.id]
    rollups = [Rollup(programme.id, "programme", programme.id, programme.title, count_statuses(s.status for s in own))]
    for theme in themes:
        if theme.programme_id == programme.id:
            of_theme = [s.status for s in own if s.activity.theme_code == theme.code]
            rollups.append(Rollup(programme.id, "theme", theme.code, theme.title, count_statuses(of_theme)))
    for sp in species:
        wanted = {sp.common_name.strip().lower(), sp.scientific_name.strip().lower()} - {""}
        of_species = [s.status for s in own if any(n.strip().lower() in wanted for n in s.activity.species)]
        if of_species:
            rollups.append(Rollup(programme.id, "species", sp.common_name, sp.common_name,
                                  count_statuses(of_species)))
    return tuple(rollups)


def test_rollups_are_those_of_a_scan_per_theme_and_species(inputs):
    computed = meeting_statuses(inputs, "StC38")
    for programme_id, statuses in computed.statuses.items():
        programme = inputs.programme(programme_id)
        themes = inputs.themes_of(programme_id)
        assert compute_rollups(programme, themes, statuses, inputs.species) == \
            _plain_rollups(programme, themes, statuses, inputs.species)


# ---------------------------------------------------------------- Word: the same XML as plain python-docx


def _plain_styled(paragraph, name):
    try:
        paragraph.style = paragraph.part.document.styles[name]
    except KeyError:
        paragraph.style = paragraph.part.document.styles["Normal"]
    return paragraph


def _plain_cell_paragraph(cell, style):
    first = cell.paragraphs[0]
    if len(cell.paragraphs) == 1 and not first.runs and not first.text:
        return _plain_styled(first, style)
    return _plain_styled(cell.add_paragraph(), style)


def _plain_add_spans(paragraph, text_, *, underline=False):
    for span in text.parse_inline(text_):
        run = paragraph.add_run(span.text)
        run.bold = span.bold or None
        run.italic = span.italic or None
        if underline or span.underline:
            run.underline = WD_UNDERLINE.SINGLE
    return paragraph


def _plain_add_run(paragraph, text_, bold=False):
    run = paragraph.add_run(text_)
    if bold:
        run.bold = True


def _plain_add_row(table):
    return table.add_row()


def _plain_merge_row(row):
    return row.cells[0].merge(row.cells[-1])


def _plain_last_paragraph(cell):
    found = cell._tc.findall(qn("w:p"))
    last = Paragraph(found[-1], cell) if found else None
    return last if last is not None and last.runs else None


def _plain_items(rows, lang=ENGLISH):
    """Each row's summary searched for among the items already made, its date among their dates."""
    items = []
    for row in rows:
        label = prose.format_fuzzy(row.start, row.end, lang)
        same = next((i for i in items if i.summary.strip() == row.summary.strip()), None)
        if same is not None:
            if label and label not in same.dates:
                same.dates.append(label)
            same.label = same.label or row.annex_label.strip()
            continue
        items.append(annex1.SummaryItem(row.summary, [label] if label else [], row.annex_label.strip(),
                                        row.annex_paragraph))
    return items


def _document_xml(inputs: Inputs, path: Path) -> bytes:
    report = build_report(inputs, "StC38", generated_at=datetime(2011, 9, 27, 9, 30))
    templates = PROJECT / "templates"
    write_docx(report, path, report_template(templates), narrative_for(templates, "StC38"))
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml")


def test_word_xml_is_that_of_plain_python_docx_calls(inputs, tmp_path, monkeypatch):
    fast = _document_xml(inputs, tmp_path / "fast.docx")
    for module in (text, annex1, annex2, document):
        for name, plain in (("styled", _plain_styled), ("cell_paragraph", _plain_cell_paragraph),
                            ("merge_row", _plain_merge_row), ("add_spans", _plain_add_spans),
                            ("add_row", _plain_add_row), ("add_run", _plain_add_run)):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, plain)
    monkeypatch.setattr(annex1, "_last_paragraph", _plain_last_paragraph)
    monkeypatch.setattr(annex1, "_items", _plain_items)
    # text.cell_text and text.add_* call the module's own names, patched above
    plain = _document_xml(inputs, tmp_path / "plain.docx")
    assert fast == plain


# ---------------------------------------------------------------- Excel: the same file as plain openpyxl


def _plain_set_style(cell, collection, key, token, make):
    setattr(cell, {"_fills": "fill", "_alignments": "alignment"}[collection], make())


def _workbook_parts(inputs: Inputs, path: Path) -> dict[str, bytes]:
    report = build_report(inputs, "StC38", generated_at=datetime(2011, 9, 27, 9, 30))
    write_xlsx(report, path)
    with zipfile.ZipFile(path) as xlsx:
        return {name: xlsx.read(name) for name in xlsx.namelist()}


def test_workbook_is_that_of_plain_openpyxl_style_assignments(inputs, tmp_path, monkeypatch):
    fast = _workbook_parts(inputs, tmp_path / "fast.xlsx")
    monkeypatch.setattr(cells, "_set_style", _plain_set_style)
    plain = _workbook_parts(inputs, tmp_path / "plain.xlsx")
    assert fast.keys() == plain.keys()
    for name in fast:
        if name != "docProps/core.xml":  # openpyxl stamps the time of saving in it
            assert fast[name] == plain[name], name


@pytest.mark.parametrize("value", ["plain", " leading and trailing ", "tab\there", "two\nlines\r\nand more",
                                   "**bold** and *italic* and **bold *both* too**", "", "  ", "\t", "end\n"])
@pytest.mark.parametrize("underline", [False, True])
def test_spans_are_the_runs_python_docx_writes(value, underline):
    from docx import Document
    from lxml import etree

    document = Document()
    fast = text.styled(document.add_paragraph(), "Normal")
    text.add_spans(fast, value, underline=underline)
    plain = _plain_styled(document.add_paragraph(), "Normal")
    _plain_add_spans(plain, value, underline=underline)
    text.add_run(fast, value, bold=underline)
    _plain_add_run(plain, value, bold=underline)
    heading = text.styled(document.add_paragraph(), "Heading 1")
    plain_heading = _plain_styled(document.add_paragraph(), "Heading 1")
    assert etree.tostring(fast._p) == etree.tostring(plain._p)
    assert etree.tostring(heading._p) == etree.tostring(plain_heading._p)


# ---------------------------------------------------------------- the trend from stored snapshots


def _plain_report_trend(inputs: Inputs, computed, folder: Path):
    """Every stored snapshot read whole, the rest recomputed over the whole log, counted by trend()."""
    stored = {s.month: s for s in read_snapshots(folder)}
    rows = []
    for programme_id in computed.statuses:
        programme = inputs.programme(programme_id)
        snapshots, sources = [], []
        for point in month_ends(date(programme.start_year, 1, 1), computed.as_of):
            snap = stored.get(month_key(point))
            if snap is not None and snap.as_of == point and programme_id in snap.programmes:
                snapshots.append(Snapshot(point, snap.rows_of(programme_id), snap.meeting, (programme_id,)))
                sources.append(STORED)
            else:
                statuses = _plain_statuses(inputs, programme_id, point, computed.settings)
                snapshots.append(make_snapshot(point, {programme_id: statuses}))
                sources.append(COMPUTED)
        rows += trend(snapshots, sources=sources)
    return tuple(rows)


def test_trend_with_stored_months_is_that_of_the_snapshots_read_whole(inputs, tmp_path):
    for month in ("2009-12", "2010-01", "2010-02", "2011-07", "2011-08", "2012-01"):
        write_snapshot(tmp_path, month_snapshot(inputs, month))
    computed = meeting_statuses(inputs, "StC38")
    got = report_trend(inputs, computed, tmp_path)
    assert got == _plain_report_trend(inputs, computed, tmp_path)
    assert {r.source for r in got} == {STORED, COMPUTED}


def test_statuses_read_alone_are_those_of_the_whole_snapshot(bundled, tmp_path):
    path = write_snapshot(tmp_path, month_snapshot(bundled, "2011-08"))
    whole, alone = read_snapshot(path), read_statuses(path)
    assert (alone.as_of, alone.programmes) == (whole.as_of, whole.programmes)
    assert alone.rows == tuple((r.programme_id, r.theme, r.status) for r in whole.rows)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["activities"][0]["status"] = "Going"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SnapshotFormatError):
        read_statuses(path)
