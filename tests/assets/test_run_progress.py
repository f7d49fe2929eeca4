"""Progress of a long run (issue 9, part 5) and a run without the PDF (`stc-report run --no-pdf`).

The command line prints a line when each step starts and when it ends, with the counts it
recorded and its seconds; the Word and Excel writers say how far they are through an optional
`progress(done, total)`, which the assets log (so the Dagster UI and the staff page show it).
"""
from __future__ import annotations

import json
import re

import dagster as dg
import pytest

import assets.report_assets as report_assets
from pipeline.request import PDF_NOT_ASKED_FOR
from assets.runner import run_meeting_report
from pipeline.request import ReportRequest
from cli.main import main
from pipeline.assemble import build_report
from pipeline.excel.workbook import SHEETS, write_xlsx
from pipeline.inputs.load import read_inputs
from pipeline.word.document import write_docx
from pipeline.word.templates import narrative_in, report_template
from tests.conftest import BUNDLED_INPUTS, PROJECT

STEPS = ("validated_inputs", "activity_status", "status_rollups", "word_document", "excel_workbook",
         "pdf_document", "published_report")


@pytest.fixture(autouse=True)
def private_dagster_home(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))


@pytest.fixture(scope="module")
def report():
    return build_report(read_inputs(BUNDLED_INPUTS), "StC38")


def test_the_word_writer_counts_the_activities_it_has_written(report, tmp_path):
    calls = []
    templates = PROJECT / "templates"
    narrative, _ = narrative_in(templates, "StC38", "en")
    write_docx(report, tmp_path / "a.docx", report_template(templates), narrative,
               progress=lambda done, total: calls.append((done, total)))
    total = len(report.reported.statuses) + len(report.planned.statuses)
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert len(calls) > 3  # an area at a time, not only the start and the end
    assert all(a[0] <= b[0] for a, b in zip(calls, calls[1:])) and {t for _, t in calls} == {total}


def test_the_workbook_writer_counts_its_sheets(report, tmp_path):
    calls = []
    write_xlsx(report, tmp_path / "a.xlsx", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(n, len(SHEETS)) for n in range(1, len(SHEETS) + 1)]


def test_a_command_line_run_says_when_each_step_starts_and_ends_with_its_counts(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(report_assets, "PROGRESS_EVERY_S", 0.0)  # every progress call is said
    code = main(["run", "--meeting", "StC38", "--no-pdf", "--outputs", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 0, out
    lines = out.splitlines()
    for step in STEPS:
        start = lines.index(f"  start  {step}")
        done = next(i for i, line in enumerate(lines) if line.startswith(f"  done   {step} ("))
        assert start < done
        assert re.match(rf"  done   {step} \(\d+\.\d s\)", lines[done])
    inputs = read_inputs(BUNDLED_INPUTS)
    read = next(l for l in lines if l.startswith("  done   validated_inputs"))
    assert f": {len(inputs.activities)} activities, {len(inputs.log)} log rows, " in read, read
    word = next(l for l in lines if l.startswith("  done   word_document"))
    assert re.search(r": \d+ activities, \d+ log rows$", word), word
    assert "9 sheets" in next(l for l in lines if l.startswith("  done   excel_workbook"))
    progress = [l.strip() for l in lines if l.startswith("         writing the")]
    assert any(re.fullmatch(r"writing the Word document: \d+ of \d+ activities", l) for l in progress), out
    assert "writing the Excel workbook: 1 of 9 sheets" in progress
    assert not any("of 9 sheets" in l and l.endswith("9 of 9 sheets") for l in progress)  # the end is 'done'
    assert out.splitlines()[-1] == f"No PDF: {PDF_NOT_ASKED_FOR}"


def test_progress_lines_are_in_the_runs_log_for_the_ui_and_the_staff_page(monkeypatch, tmp_path):
    monkeypatch.setattr(report_assets, "PROGRESS_EVERY_S", 0.0)
    with dg.instance_for_test() as instance:
        outcome = run_meeting_report(ReportRequest("StC38", None, pdf=False), BUNDLED_INPUTS, tmp_path, instance=instance)
        assert outcome.success
        messages = [e.user_message for e in instance.all_logs(outcome.run_id) if e.dagster_event is None]
    # each line after the report's step it belongs to, as the staff page reads them
    word, excel = messages.index("step word_document started"), messages.index("step excel_workbook started")
    assert any(m.startswith("writing the Word document: ") for m in messages[word:excel])
    assert any(m.startswith("writing the Excel workbook: ") for m in messages[excel:])


def test_without_the_pdf_the_report_says_it_was_not_asked_for(tmp_path):
    with dg.instance_for_test() as instance:
        outcome = run_meeting_report(ReportRequest("StC38", None, pdf=False), BUNDLED_INPUTS, tmp_path, instance=instance)
        assert outcome.success and outcome.no_pdf == PDF_NOT_ASKED_FOR
        assert not any(kind.endswith("pdf") for kind in outcome.files)
        pdf_step = instance.get_latest_materialization_event(dg.AssetKey("pdf_document"))
        metadata = pdf_step.asset_materialization.metadata
        assert metadata["no_pdf"].value == PDF_NOT_ASKED_FOR and metadata["pdf_written"].value is False
        check = instance.event_log_storage.get_latest_asset_check_execution_by_key(
            [dg.AssetCheckKey(dg.AssetKey("pdf_document"), "pdf_written")])
        assert next(iter(check.values())).status.value == "SUCCEEDED"  # not asked for is not a failure
    folder = max((tmp_path / "StC38").iterdir())
    assert json.loads((folder / "report.json").read_text("utf-8"))["no_pdf"] == PDF_NOT_ASKED_FOR
