"""Each run computes what it uses; what it cannot make says so; a meeting's code never takes a
report outside the outputs folder or off the staff page."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import dagster as dg
import pytest
import requests

from assets.config import RunRequest
from assets.definitions import build_definitions
from assets.runner import failure_message, run_meeting_report
from pipeline.request import ReportRequest
from pipeline.publish import pdf
from portal.app import create_app
from portal.catalog import Catalog
from portal.dagster_link import RunState
from tests.assets.published import assert_report_as_requested
from tests.conftest import BUNDLED_INPUTS, find_row, set_cell
from tests.portal.conftest import FakeDagster, Served, free_port


@pytest.fixture
def instance():
    with dg.instance_for_test() as test_instance:
        yield test_instance


def test_the_run_request_is_typed_set_once_and_defaults_to_the_latest_meeting():
    request = ReportRequest("StC38", date(2011, 8, 31), languages=("en", "fr"), pdf=False)
    config = RunRequest.launch_config(request)
    assert config.resources == {"report_request": RunRequest(meeting="StC38", as_of="2011-08-31", since="",
                                                             languages=["en", "fr"], pdf=False)}
    assert config.resources["report_request"].request() == request  # what the steps read is what was asked
    assert RunRequest().request() == ReportRequest()
    with pytest.raises(dg.Failure, match="as_of '31/08/2011' is not a date; expected YYYY-MM-DD"):
        RunRequest(as_of="31/08/2011").request()
    with pytest.raises(dg.Failure, match="languages: "):
        RunRequest(languages=["de"]).request()


def test_an_empty_meeting_reports_on_the_latest_meeting_of_meetings_xlsx(tmp_path, instance):
    job = build_definitions(str(BUNDLED_INPUTS), str(tmp_path)).resolve_job_def("meeting_report")
    result = job.execute_in_process(instance=instance)  # no config at all
    assert result.output_for_node("meeting_report_files", "published_report")["folder"].startswith(
        str(tmp_path / "StC38"))


def test_a_date_that_is_not_one_fails_the_run_in_plain_words(tmp_path, instance):
    job = build_definitions(str(BUNDLED_INPUTS), str(tmp_path)).resolve_job_def("meeting_report")
    result = job.execute_in_process(instance=instance, raise_on_error=False,
                                    run_config={"resources": {"report_request": {"config": {"as_of": "2011-02-30"}}}})
    assert not result.success
    assert failure_message(result) == "as_of '2011-02-30' is not a date; expected YYYY-MM-DD, e.g. 2011-08-31"


def test_the_report_is_made_whole_never_in_parts(tmp_path, instance):
    """One file of the report alone cannot be asked for: it is one step that makes all four from the
    inputs, so no part ever reads a value another run made."""
    job = build_definitions(str(BUNDLED_INPUTS), str(tmp_path)).resolve_job_def("meeting_report")
    assert [node.name for node in job.nodes] == ["meeting_report_files"]
    with pytest.raises(dg.DagsterInvalidSubsetError):
        job.execute_in_process(instance=instance, asset_selection=[dg.AssetKey("published_report")])
    assert not (tmp_path / "StC38").exists()


def test_a_report_without_pdf_says_why_in_dagster_in_the_manifest_and_on_the_page(tmp_path, instance, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    outcome = run_meeting_report(ReportRequest("StC38", date(2011, 8, 31)), BUNDLED_INPUTS, tmp_path, instance=instance)
    assert outcome.success and "pdf" not in outcome.files
    assert outcome.no_pdf == pdf.NO_LIBREOFFICE

    check = instance.event_log_storage.get_asset_check_execution_history(
        dg.AssetCheckKey(dg.AssetKey("pdf_document"), "pdf_written"), limit=1)[0].event.dagster_event
    evaluation = check.event_specific_data
    assert evaluation.passed is False and evaluation.severity == dg.AssetCheckSeverity.WARN
    assert evaluation.metadata["why_not"].value == pdf.NO_LIBREOFFICE
    published = instance.get_latest_materialization_event(dg.AssetKey("published_report"))
    assert published.asset_materialization.metadata["pdf_written"].value is False
    assert published.asset_materialization.metadata["no_pdf"].value == pdf.NO_LIBREOFFICE

    folder = Path(outcome.files["docx"]).parent
    assert json.loads((folder / "report.json").read_text("utf-8"))["no_pdf"] == pdf.NO_LIBREOFFICE
    dagster = FakeDagster()
    dagster.states[outcome.run_id] = RunState(outcome.run_id, "SUCCESS", "StC38", "2011-08-31")
    with Served(create_app(Catalog(BUNDLED_INPUTS, tmp_path), dagster), free_port()) as served:
        for path in ("/", f"/runs/{outcome.run_id}"):
            page = requests.get(served.url + path, timeout=30).text
            assert "No PDF: LibreOffice is not installed (no &#39;soffice&#39; command found)" in page
            assert "Download PDF" not in page


@pytest.mark.parametrize("code", ["StC 39", "a/b", "..", "../../StC38"])
def test_a_meeting_code_with_symbols_lands_inside_outputs_and_on_the_page(code, inputs_copy, tmp_path, instance):
    row = find_row(inputs_copy, "meetings.xlsx", "Meetings", "Meeting", "StC38")
    set_cell(inputs_copy, "meetings.xlsx", "Meetings", row, "Meeting", code)
    outputs = tmp_path / "outputs"
    outcome = run_meeting_report(ReportRequest(code, date(2011, 8, 31)), inputs_copy, outputs, instance=instance)
    if not outcome.success:  # refused by validation, in plain words: acceptable too, if nothing is written
        assert f"column 'Meeting': found '{code}'" in outcome.error, outcome.error
        assert "Traceback" not in outcome.error and not list(tmp_path.rglob("*.docx"))
        return
    folder = Path(outcome.files["docx"]).parent
    assert folder.resolve().parent.parent == outputs.resolve()  # outputs/<meeting folder>/<report>/
    assert not [p for p in tmp_path.iterdir() if p.name != "outputs" and p.name != "inputs"]
    assert_report_as_requested(folder, code, date(2011, 8, 31))
    views, problem = Catalog(inputs_copy, outputs).meeting_views()
    view = next(v for v in views if v.code == code)
    assert [r.run_id for r in view.reports] == [outcome.run_id]
    found = Catalog(inputs_copy, outputs).find_file(folder.parent.name, folder.name, "docx")
    assert found is not None and found.path == (folder / "UNEP-CMS-StC38-Doc3.docx").resolve()


def test_a_report_with_a_misleading_date_records_why_in_report_json(tmp_path, instance):
    """Made on purpose (the command line's flag, the page's tick): report.json and Dagster say why."""
    outcome = run_meeting_report(ReportRequest("StC38", date(2012, 6, 30), pdf=False), BUNDLED_INPUTS, tmp_path,
                                 instance=instance)
    assert outcome.success, outcome.error
    manifest = json.loads((Path(outcome.files["docx"]).parent / "report.json").read_text("utf-8"))
    assert manifest["as_of_warnings"] == [
        "The status date 30 June 2012 is after the meeting: StC38 opens on 19 November 2011, "
        "and a report to it cannot know what happens after that."]
    published = instance.get_latest_materialization_event(dg.AssetKey("published_report"))
    assert "is after the meeting" in published.asset_materialization.metadata["as_of_warnings"].value
    sensible = run_meeting_report(ReportRequest("StC38", date(2011, 8, 31), pdf=False), BUNDLED_INPUTS, tmp_path,
                                  instance=instance)
    manifest = json.loads((Path(sensible.files["docx"]).parent / "report.json").read_text("utf-8"))
    assert "as_of_warnings" not in manifest
