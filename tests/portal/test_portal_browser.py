"""End to end, as a staff member: `stc-report up` (Dagster and the portal), then headless
Chromium (Debian's package, driven by Playwright) starts the StC38 report, waits for it,
downloads the .docx, and the document symbol is in the file. A screenshot is kept."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import PROJECT
from tests.portal.conftest import free_port

CHROMIUM = Path(os.environ.get("STC_CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium is not installed at {CHROMIUM} "
                                                              "(Debian: apt-get install chromium); .ci/run installs it")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")


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
    portal_port, dagster_port = free_port(), free_port()
    env = {**os.environ, "DAGSTER_HOME": str(folder / "dagster_home"), "STC_OUTPUTS_DIR": str(folder / "outputs")}
    env.pop("STC_PORTAL_TOKEN", None)
    env.pop("STC_PORTAL_URL", None)
    command = [str(Path(sys.executable).parent / "stc-report"), "up", "--port", str(portal_port),
               "--dagster-port", str(dagster_port)]
    log = open(folder / "up.log", "wb")
    process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{portal_port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None:
                pytest.fail(f"stc-report up ended: {(folder / 'up.log').read_text()}")
            try:
                if requests.get(url + "/", timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the portal did not answer: {(folder / 'up.log').read_text()}")
            time.sleep(1)
        yield {"url": url, "dagster": f"http://127.0.0.1:{dagster_port}", "folder": folder}
    finally:
        process.send_signal(signal.SIGINT)  # as Ctrl+C: the portal stops, then Dagster
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield chromium
        chromium.close()


def test_staff_start_the_stc38_report_and_download_the_docx(stack, browser, tmp_path):
    page = browser.new_page(accept_downloads=True, viewport={"width": 1100, "height": 900})
    page.goto(stack["url"] + "/")
    assert page.locator("#dagster-down").count() == 0
    page.select_option("#meeting", "StC38")
    page.fill("#as_of", "2011-08-31")
    page.click("#generate")
    page.wait_for_selector("text=The report is ready", timeout=240_000)
    assert "Finished" in page.inner_text("#status")

    with page.expect_download() as started:
        page.click("text=Download Word (.docx)")
    download = started.value
    assert download.suggested_filename == "UNEP-CMS-StC38-Doc3.docx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert "UNEP/CMS/StC38/Doc.3" in docx_text(saved)

    shot = stack["folder"] / "portal-after-run.png"
    page.screenshot(path=str(shot), full_page=True)
    shutil.copy(shot, tmp_path / shot.name)
    text = page.inner_text("body")
    assert "StC38: 38th meeting of the Standing Committee" in text and "Status as of 2011-08-31" in text
    assert "Download Excel (.xlsx)" in text

    # the index shows this report first, with the run that made it
    page.goto(stack["url"] + "/")
    newest = page.locator("#meeting-StC38 .newest")
    assert "2011-08-31" in newest.inner_text()
    assert newest.locator("a", has_text="Download Word (.docx)").count() == 1
    page.screenshot(path=str(stack["folder"] / "portal-index.png"), full_page=True)
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
