"""Several staff at once through the page, the monthly job beside them, and a command-line run
killed meanwhile: `stc-report up` (dagster dev, its daemon, and the page) on a fresh home.

Six "Generate the report" with six dates are posted at the same moment; Dagster launches
each run in a process of its own. Every report holds what its form asked for; the month's
snapshot is written; the killed command-line run is shown failed on the page, not running."""
from __future__ import annotations

import json
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
import requests

from pipeline.history.snapshots import read_month
from pipeline.dates import format_date
from tests.assets.published import AS_OF_DATES, assert_report_as_requested, start_run, visible_reports
from tests.portal.conftest import follow_run, form_key, stc_up

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def up(tmp_path_factory):
    folder = tmp_path_factory.mktemp("portal-concurrent")
    with stc_up(folder) as (url, dagster):
        yield {"url": url, "dagster": dagster, "folder": folder,
               "home": folder / "dagster_home", "outputs": folder / "outputs"}


def test_six_staff_and_the_monthly_job_at_once(up):
    from portal.dagster_link import DagsterLink, LOCATION, REPOSITORY

    key = form_key(up["url"])

    def generate(as_of: date) -> str:
        answer = requests.post(up["url"] + "/runs", data={"meeting": "StC38", "as_of": as_of.isoformat(),
                                                          "form_key": key}, allow_redirects=False, timeout=120)
        assert answer.status_code == 303, answer.text
        return answer.headers["location"].rsplit("/", 1)[1].split("?")[0]

    def monthly(month: str) -> str:
        return DagsterLink(up["dagster"])._client().submit_job_execution(
            "monthly_status_refresh", repository_location_name=LOCATION, repository_name=REPOSITORY,
            tags={"dagster/partition": month})

    with ThreadPoolExecutor(len(AS_OF_DATES) + 1) as pool:
        launched = list(pool.map(generate, AS_OF_DATES))
        month_run = pool.submit(monthly, "2011-07").result()
    assert len(set(launched)) == len(AS_OF_DATES)

    states = {as_of: follow_run(up["url"], run_id) for as_of, run_id in zip(AS_OF_DATES, launched)}
    for as_of, state in states.items():
        assert state["status"] == "SUCCESS", (as_of, state)
        assert set(state["downloads"]) >= {"docx", "xlsx"}
    folders = {json.loads((f / "report.json").read_text("utf-8"))["run_id"]: f for f in visible_reports(up["outputs"])}
    for as_of, run_id in zip(AS_OF_DATES, launched):
        assert_report_as_requested(folders[run_id], "StC38", as_of, AS_OF_DATES)
        page = requests.get(f"{up['url']}/runs/{run_id}", timeout=30).text
        assert "The report is ready" in page and f"Status as of <strong>{format_date(as_of)}</strong>" in page

    answer = requests.post(up["dagster"] + "/graphql", timeout=30, json={
        "query": "query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }",
        "variables": {"id": month_run}}).json()
    deadline = time.monotonic() + 300
    while answer["data"]["runOrError"]["status"] not in ("SUCCESS", "FAILURE") and time.monotonic() < deadline:
        time.sleep(1)
        answer = requests.post(up["dagster"] + "/graphql", timeout=30, json={
            "query": "query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }",
            "variables": {"id": month_run}}).json()
    assert answer["data"]["runOrError"]["status"] == "SUCCESS"
    assert read_month(up["outputs"] / "snapshots", "2011-07").as_of == date(2011, 7, 31)


def test_a_killed_command_line_run_shows_failed_on_the_page(up):
    """The daemon's dead_runs_marked_failed sensor finds it (every 30 seconds)."""
    victim = start_run(up["home"], up["outputs"], date(2010, 5, 31))
    run_id = None
    deadline = time.monotonic() + 120
    while run_id is None and time.monotonic() < deadline:
        stagings = [p for p in (up["outputs"] / "StC38").glob(".staging-*") if p.is_dir()]
        if stagings:
            run_id = stagings[0].name[len(".staging-"):]
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    assert run_id, "the run never started writing"
    state = follow_run(up["url"], run_id, timeout=150)
    assert state["status"] == "FAILURE"
    page = requests.get(f"{up['url']}/runs/{run_id}", timeout=30).text
    assert "The report could not be made" in page and "ended before the report was finished" in page
