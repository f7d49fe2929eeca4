"""The staff page's steps say how far a long step is and what a finished one counted (issue 9,
part 5), from the run's events as Dagster's GraphQL API gives them (the page's own query,
run in-process against a real run)."""
from __future__ import annotations

import dagster as dg
import pytest
from dagster._core.workspace.context import WorkspaceProcessContext
from dagster_graphql.test.utils import execute_dagster_graphql

import assets.report_assets as report_assets
from assets.runner import run_meeting_report
from pipeline.request import ReportRequest
from portal.dagster_link import RUN_QUERY, plain_steps
from tests.conftest import BUNDLED_INPUTS


@pytest.fixture(scope="module")
def run_answer(tmp_path_factory):
    """The page's RUN_QUERY answered by Dagster for a real run of the bundled inputs."""
    home = tmp_path_factory.mktemp("dagster_home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DAGSTER_HOME", str(home))
        patch.setattr(report_assets, "PROGRESS_EVERY_S", 0.0)  # every progress call is logged
        with dg.instance_for_test() as instance:
            outcome = run_meeting_report(ReportRequest("StC38", None, pdf=False), BUNDLED_INPUTS,
                                         tmp_path_factory.mktemp("out"), instance=instance)
            assert outcome.success
            with WorkspaceProcessContext(instance, None) as process:
                answer = execute_dagster_graphql(process.create_request_context(), RUN_QUERY,
                                                 {"runId": outcome.run_id})
    assert not answer.errors, answer.errors
    return answer.data["runOrError"]


def test_finished_steps_say_what_they_counted(run_answer):
    steps = {s.key: s for s in plain_steps(run_answer["eventConnection"]["events"], run_answer["status"])}
    assert {s.words for s in steps.values()} == {"Done"}
    assert steps["validated_inputs"].detail == "43 activities, 35 log rows, 19 data issues"
    assert steps["word_document"].detail == "43 activities, 35 log rows"
    assert steps["excel_workbook"].detail == "43 activities, 35 log rows, 9 sheets"
    assert steps["published_report"].detail == ""
    assert steps["word_document"].as_json()["detail"] == "43 activities, 35 log rows"


def test_a_step_under_way_says_how_far_it_is(run_answer):
    # the same run's events, read as they stood while the Word document was being written
    events = run_answer["eventConnection"]["events"]
    cut = max(i for i, e in enumerate(events) if e["__typename"] == "LogMessageEvent"
              and (e.get("message") or "").startswith("writing the Word document: "))
    steps = {s.key: s for s in plain_steps(events[:cut + 1], "STARTED")}
    assert [steps[k].words for k in ("status_rollups", "word_document", "excel_workbook")] == [
        "Done", "Under way", "Waiting"]
    word = steps["word_document"]
    assert word.words == "Under way"
    assert word.detail.endswith(" of 43 activities") and word.detail.split(" of ")[0].isdigit()
