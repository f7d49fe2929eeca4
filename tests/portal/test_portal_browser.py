"""End to end, as a staff member: `stc-report up` (Dagster and the portal), then headless
Chromium (Debian's package, driven by Playwright) starts the StC38 report, waits for it,
downloads the .docx, and the document symbol is in the file. A screenshot is kept."""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
import requests

from tests.portal.chromium import NEEDS_CHROMIUM, SHOTS
from tests.portal.conftest import stc_up

pytestmark = [pytest.mark.integration, NEEDS_CHROMIUM]


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
        parts += [c.text for t in section.header.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """`stc-report up` on free ports, with its own DAGSTER_HOME and outputs folder."""
    folder = tmp_path_factory.mktemp("portal-e2e")
    with stc_up(folder) as (url, dagster):
        yield {"url": url, "dagster": dagster, "folder": folder}




def shoot(page, stack, name: str) -> None:
    path = stack["folder"] / name
    page.screenshot(path=str(path), full_page=True)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SHOTS) / name)


def test_staff_start_the_stc38_report_follow_its_steps_and_download_the_docx(stack, browser, tmp_path):
    page = browser.new_page(accept_downloads=True, viewport={"width": 1100, "height": 900})
    page.goto(stack["url"] + "/")
    assert page.locator("#dagster-down").count() == 0
    assert page.input_value("#as_of") == ""  # empty, and the hint says what empty means
    assert "Leave the date empty for the meeting's own status date (31 August 2011)" in page.inner_text("#as-of-hint")
    page.select_option("#meeting", "StC38")
    page.fill("#as_of", "31 August 2011")
    page.click("#generate")
    page.wait_for_selector("#steps li.step")
    labels = page.locator("#steps .step-label").all_inner_texts()
    assert labels[:2] == ["Checking the inputs", "Computing the status of each activity"]
    assert "Writing the Word document" in labels and "Writing the Excel workbook" in labels and "Making the PDF" in labels
    shoot(page, stack, "portal-progress.png")
    page.wait_for_selector("text=The report is ready", timeout=240_000)
    assert "Finished" in page.inner_text("#status")
    steps = page.locator("#steps li.step")
    assert steps.count() == len(labels)
    assert page.locator("#steps li.done").count() == len(labels)  # every step done, each with its time
    assert all(t.strip().endswith(" s") for t in page.locator("#steps li.done .step-time").all_inner_texts())
    assert "Dagster" not in page.inner_text("main")  # plain words; only a small 'technical details' link
    assert page.locator("a.tech", has_text="technical details").count() >= 1

    with page.expect_download() as started:
        page.click("text=Download Word (.docx)")
    download = started.value
    # named for what it is: meeting, status date, language, a draft with when it was made (download_name.py)
    assert re.fullmatch(r"UNEP-CMS-StC38-Doc3_\d{4}-\d{2}-\d{2}_en_draft-\d{4}-\d{2}-\d{2}-\d{4}\.docx",
                        download.suggested_filename), download.suggested_filename
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert "UNEP/CMS/StC38/Doc.3" in docx_text(saved)

    shoot(page, stack, "portal-after-run.png")
    text = page.inner_text("body")
    assert "StC38: 38th meeting of the Standing Committee" in text and "Status as of 31 August 2011" in text
    assert "Download Excel (.xlsx)" in text
    assert "2011-08-31" not in text  # one date format on the page

    # the index shows this report first, with its languages, unlabelled until it is marked as the version sent
    page.goto(stack["url"] + "/")
    newest = page.locator("#meeting-StC38 .newest")
    assert "31 August 2011" in newest.inner_text() and "English" in newest.inner_text()
    assert "Draft" not in newest.inner_text() and "Sent to the Committee" not in newest.inner_text()
    assert newest.locator("a", has_text="Download Word (.docx)").count() == 1
    shoot(page, stack, "portal-index.png")
    page.close()


def test_staff_mark_the_version_sent_hide_a_mistake_and_restore_it(stack, browser):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(stack["url"] + "/")
    if page.locator("#meeting-StC38 .newest").count() == 0:
        pytest.skip("needs the report of the test before")
    page.click("#first-StC38 button[value='official']")
    assert "No report of this meeting is marked as sent yet." in page.inner_text("#replaces")  # asked first
    page.click("#confirm-official")
    assert "Marked as the version sent to the Committee by staff at 127.0.0.1 on " in page.inner_text("#done-message")
    first = page.locator("#first-StC38")
    assert "The version sent to the Committee" in first.inner_text()
    assert "Sent to the Committee" in first.locator(".label").inner_text()
    assert "Marked as the version sent to the Committee by staff at 127.0.0.1 on " in first.inner_text()
    shoot(page, stack, "portal-official.png")

    page.click("#first-StC38 button[value='hide']")
    assert page.locator("#first-StC38").count() == 0
    page.click("text=Hidden reports (1)")
    hidden = page.locator("details.hidden-reports")
    assert "31 August 2011" in hidden.inner_text() and "by staff at 127.0.0.1 on " in hidden.inner_text()
    shoot(page, stack, "portal-hidden.png")
    hidden.locator("button[value='restore']").click()
    assert page.locator("details.hidden-reports").count() == 0
    assert "Restored to the list by staff at 127.0.0.1" in page.inner_text("#done-message")
    assert "Sent to the Committee" not in page.locator("#first-StC38").inner_text()  # no longer the official one
    page.close()


def test_staff_see_the_status_at_a_glance_and_the_monthly_history(stack, browser):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(stack["url"] + "/")
    assert "The monthly update is" in page.inner_text("#history")
    assert "off" in page.inner_text("#schedule")  # a new instance: the schedule starts off
    page.click("#meeting-StC38 a.glance-link")
    page.wait_for_selector("#activities-1")
    assert page.input_value("#glance_as_of") == "31 August 2011"
    counts = page.inner_text("#counts-2")
    assert "Theme (A)" in counts and "Pending decision" in counts
    rows = page.locator("#activities-2 tr")
    assert rows.count() == 1 + 31  # the header and JWP 2012-2014's activities
    assert "Data issues" in page.inner_text("#glance")
    shoot(page, stack, "portal-glance.png")
    page.fill("#glance_as_of", "30 June 2010")
    page.click("#glance button[type=submit]")
    page.wait_for_selector("text=as of 30 June 2010")
    page.close()


def test_errors_are_friendly_pages_with_a_way_back(stack, browser):
    page = browser.new_page(viewport={"width": 1100, "height": 700})
    answer = page.goto(stack["url"] + "/reports/StC38/no-such-report/docx")
    assert answer.status == 404 and "That report is no longer here" in page.inner_text("main")
    shoot(page, stack, "portal-404.png")
    page.click("#back")
    page.wait_for_selector("#new-report")
    answer = page.goto(stack["url"] + "/meetings/StC38/status?as_of=sometime")
    assert answer.status == 400 and "write it as 31 August 2011" in page.inner_text("#glance-problem")
    page.close()


def test_dagsters_ui_opens_without_the_onboarding_pop_up(stack, browser):
    page = browser.new_page(viewport={"width": 1300, "height": 800})
    page.goto(stack["dagster"] + "/asset-groups")
    page.wait_for_timeout(4000)  # the pop-up, when on, shows a moment after the page
    shoot(page, stack, "dagster-ui.png")
    assert page.get_by_text("Join the Dagster community").count() == 0
    page.close()


def test_dagster_metadata_carries_the_portals_download_links(stack):
    query = """{ assetOrError(assetKey: {path: ["published_report"]}) { ... on Asset {
        assetMaterializations(limit: 1) { metadataEntries { label ... on UrlMetadataEntry { url } } } } } }"""
    answer = requests.post(stack["dagster"] + "/graphql", json={"query": query}, timeout=30).json()
    entries = answer["data"]["assetOrError"]["assetMaterializations"][0]["metadataEntries"]
    links = {e["label"]: e["url"] for e in entries if e.get("url")}
    docx = links["docx download"]
    assert docx.startswith(stack["url"] + "/reports/StC38/") and docx.endswith("/docx")
    answer = requests.get(docx, timeout=30)
    assert answer.status_code == 200 and answer.content[:2] == b"PK"


def test_a_failed_run_shows_the_data_problem_in_plain_words(stack, browser):
    from datetime import date

    from portal.dagster_link import DagsterLink

    # a run the form would refuse, started straight through Dagster's API: the pipeline says why it failed
    run_id = DagsterLink(stack["dagster"]).submit("StC99", date(2011, 8, 31))
    page = browser.new_page()
    page.goto(f"{stack['url']}/runs/{run_id}")
    page.wait_for_selector("#failure", timeout=120_000)
    failure = page.inner_text("#failure")
    assert "Meeting 'StC99' is not in meetings.xlsx" in failure and "Traceback" not in failure
    page.close()


def test_a_backfill_of_the_monthly_job_fills_snapshots_and_changes_and_the_page_lists_the_months(stack, browser):
    """As the administrator backfills months in the Dagster UI (Jobs › monthly_status_refresh › Launch
    backfill): every month gets its snapshot and its changes, and the staff page lists the months."""
    mutation = """mutation($p: LaunchBackfillParams!) { launchPartitionBackfill(backfillParams: $p) { __typename
        ... on LaunchBackfillSuccess { backfillId } ... on PythonError { message } } }"""
    params = {"partitionNames": ["2011-07", "2011-08"], "fromFailure": False, "selector": {
        "repositorySelector": {"repositoryLocationName": "stc_report", "repositoryName": "__repository__"},
        "partitionSetName": "monthly_status_refresh_partition_set"}}
    answer = requests.post(stack["dagster"] + "/graphql", json={"query": mutation, "variables": {"p": params}},
                           timeout=60).json()
    assert answer["data"]["launchPartitionBackfill"]["__typename"] == "LaunchBackfillSuccess", answer
    query = """{ assetNodes(assetKeys: [{path: ["status_snapshot"]}, {path: ["status_changes"]}]) {
        assetKey { path } partitionStats { numMaterialized } } }"""
    deadline = time.monotonic() + 300
    while True:
        nodes = requests.post(stack["dagster"] + "/graphql", json={"query": query}, timeout=60).json()["data"]
        done = {n["assetKey"]["path"][0]: n["partitionStats"]["numMaterialized"] for n in nodes["assetNodes"]}
        if done == {"status_snapshot": 2, "status_changes": 2} or time.monotonic() > deadline:
            break
        time.sleep(3)
    assert done == {"status_snapshot": 2, "status_changes": 2}
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(stack["url"] + "/")
    months = page.inner_text("#months")
    assert "2011" in months and "Jul, Aug" in months and "Months kept (2)" in months
    assert "Last monthly update: " in page.inner_text("#last-refresh") and "2011" in page.inner_text("#last-refresh")
    shoot(page, stack, "portal-history.png")
    page.close()
