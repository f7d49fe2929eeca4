"""Issue 18 in Chromium, as staff use the page (headless Chromium driven by Playwright, over the page
served in a thread with Dagster stood in for, or absent): deliberate choices (a confirmation that
works without JavaScript, a message naming who and when), a page that scales and fits a laptop
and a phone, nothing crashing or failing silently, named people and roles, and plain words.
Screenshots at 1366 and 390 px go to STC_SCREENSHOTS when set (to look at them)."""
from __future__ import annotations

import base64
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import requests

from pipeline.history.snapshots import Snapshot, SnapshotRow, snapshots_folder, write_snapshot
from pipeline.status.vocabulary import Status
from portal.access import SingleSignOn
from portal.app import create_app
from portal.catalog import Catalog
from portal.dagster_link import STATUS_WORDS, DagsterLink, RunState, elapsed_words
from portal.users import Users, add_user
from tests.conftest import BUNDLED_INPUTS
from tests.portal.chromium import NEEDS_CHROMIUM, SHOTS
from tests.portal.conftest import OLDER_FOLDER, REPORT_FOLDER, RUN_ID, Served, free_port, write_report

pytestmark = [pytest.mark.integration, NEEDS_CHROMIUM]

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def served():
    """served(app) -> the running page's address; stopped after the test."""
    running = []

    def start(app) -> str:
        running.append(Served(app, free_port()).__enter__())
        return running[-1].url

    yield start
    for server in running:
        server.__exit__()


def shoot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SHOTS) / name)


def fits(page) -> list[str]:
    """What does not fit the window: sideways scrolling, and tap targets under 24 x 24 px."""
    return page.evaluate("""() => {
      const problems = [];
      if (document.documentElement.scrollWidth > window.innerWidth)
        problems.push(`page ${document.documentElement.scrollWidth} px wide in ${window.innerWidth}`);
      for (const el of document.querySelectorAll('a, button, input, select, summary')) {
        const r = el.getBoundingClientRect();
        if (el.type === 'hidden' || r.width === 0 || r.height === 0) continue;
        if (r.width < 24 || r.height < 24) problems.push(`${el.tagName} "${(el.innerText || el.name || '').trim()}" ${Math.round(r.width)}x${Math.round(r.height)}`);
      }
      return problems;
    }""")


def many_reports(outputs: Path, count: int = 45) -> None:
    """`count` more reports of StC38, as a busy year leaves them: five status dates, newest made last."""
    dates = ["2011-03-31", "2011-04-30", "2011-05-31", "2011-06-30", "2011-07-31"]
    for n in range(count):
        folder = f"2026-09-{1 + n // 24:02d}_{n % 24:02d}0000_as-of-{dates[n % 5]}_{n:08x}"
        write_report(outputs / "StC38", folder, f"{n:08x}-0000-4000-8000-000000000009", dates[n % 5])


# ---------------------------------------------------------------- 2. deliberate choices

def test_marking_the_version_sent_asks_first_names_what_it_replaces_and_says_who_and_when(
        browser, served, outputs, fake_dagster, tmp_path):
    url = served(create_app(Catalog(BUNDLED_INPUTS, outputs), fake_dagster))
    context = browser.new_context(viewport=LAPTOP, java_script_enabled=False)  # works without script
    page = context.new_page()
    page.goto(url + "/")
    page.click(f"tr[data-folder='{OLDER_FOLDER}'] button[value='official']")
    assert page.inner_text("h2").startswith("Mark the report as of 31 July 2011")
    assert "No report of this meeting is marked as sent yet." in page.inner_text("#replaces")
    page.click("#confirm-official")
    assert ("Marked as the version sent to the Committee by staff at 127.0.0.1 on "
            in page.inner_text("#done-message"))
    assert "as of 31 July 2011" in page.inner_text("#done-message")
    assert "31 July 2011" in page.inner_text("#first-StC38")

    # marking another one says which it replaces; "No" changes nothing
    page.click(f"tr[data-folder='{REPORT_FOLDER}'] button[value='official']")
    replaces = page.inner_text("#replaces")
    assert "It replaces the report as of 31 July 2011" in replaces and "marked by staff at 127.0.0.1" in replaces
    shoot(page, tmp_path, "i18-confirm-1366.png")
    page.click("#cancel")
    assert json.loads((outputs / "StC38" / "choices.json").read_text("utf-8"))["official"]["folder"] == OLDER_FOLDER

    page.click(f"tr[data-folder='{REPORT_FOLDER}'] button[value='hide']")  # every choice is said on screen
    assert "Hidden from the list" in page.inner_text("#done-message") and "by staff at 127.0.0.1" in page.inner_text(
        "#done-message")
    context.close()


def test_the_message_after_a_choice_is_not_said_again_on_reload(browser, served, outputs, fake_dagster):
    url = served(create_app(Catalog(BUNDLED_INPUTS, outputs), fake_dagster))
    page = browser.new_page(viewport=LAPTOP)
    page.goto(url + "/")
    page.click(f"tr[data-folder='{OLDER_FOLDER}'] button[value='hide']")
    assert "Hidden from the list" in page.inner_text("#done-message")
    assert "done=" not in page.url and "report=" not in page.url and "in=StC38" in page.url
    page.reload()
    assert page.locator("#done-message").count() == 0 and page.locator("#first-StC38").count() == 1
    page.close()


def test_the_report_is_ready_page_offers_mark_and_hide(browser, served, outputs, fake_dagster, tmp_path):
    fake_dagster.states[RUN_ID] = RunState(RUN_ID, "SUCCESS", "StC38", "2011-08-31")
    url = served(create_app(Catalog(BUNDLED_INPUTS, outputs), fake_dagster))
    page = browser.new_page(viewport=LAPTOP)
    page.goto(f"{url}/runs/{RUN_ID}")
    ready = page.locator(".newest")
    assert "The report is ready" in ready.inner_text()
    assert ready.locator("button[value='hide']").count() == 1
    shoot(page, tmp_path, "i18-ready-1366.png")
    ready.locator("button[value='official']").click()
    page.click("#confirm-official")
    assert "Marked as the version sent to the Committee" in page.inner_text("#done-message")
    assert "31 August 2011" in page.inner_text("#first-StC38")
    page.close()


# ---------------------------------------------------------------- 4. a page that scales and fits

@pytest.mark.parametrize("viewport, name", [(LAPTOP, "1366"), (PHONE, "390")])
def test_the_form_comes_first_reports_are_paged_and_filtered_and_the_page_fits(
        browser, served, outputs, fake_dagster, tmp_path, viewport, name):
    many_reports(outputs)
    url = served(create_app(Catalog(BUNDLED_INPUTS, outputs), fake_dagster))
    page = browser.new_page(viewport=viewport)
    page.goto(url + "/")
    sections = page.locator("main > section").evaluate_all("all => all.map(s => s.id || s.className)")
    assert sections[0] == "new-report"  # "Make a new report" first
    assert page.locator("#new-report").bounding_box()["y"] < viewport["height"]
    assert page.locator("table.others tbody tr").count() == 20
    assert "Reports 1 to 20 of 46 (page 1 of 3)" in page.inner_text("#pages-StC38")
    header = page.locator("table.others thead").inner_text()
    assert "Status as of" in header and "Languages" in header
    assert page.locator("table.others td.languages").first.inner_text().strip().endswith("English")
    assert fits(page) == []
    shoot(page, tmp_path, f"i18-index-{name}.png")

    page.click("#pages-StC38 a[rel=next]")
    assert "Reports 21 to 40 of 46 (page 2 of 3)" in page.inner_text("#pages-StC38")
    page.select_option("#filter-StC38 select", "2011-06-30")
    page.click("#filter-StC38 button")
    shown = page.locator("table.others td.as-of").all_inner_texts()
    assert len(shown) == 9 and all(text.startswith("30 June 2011") for text in shown)
    assert page.locator("#pages-StC38").count() == 0  # one page
    assert fits(page) == []
    page.close()


def test_after_a_misleading_date_the_intended_box_is_in_view(browser, served, outputs, fake_dagster, tmp_path):
    url = served(create_app(Catalog(BUNDLED_INPUTS, outputs), fake_dagster))
    page = browser.new_page(viewport=LAPTOP)
    page.goto(url + "/")
    page.fill("#as_of", "31 March 2027")
    page.click("#generate")
    page.wait_for_selector("#confirm-as-of")
    box = page.locator("#confirm-as-of").bounding_box()
    assert box["y"] + box["height"] <= LAPTOP["height"]  # above the fold, beside the warnings
    assert fits(page) == []
    shoot(page, tmp_path, "i18-misleading-1366.png")
    page.close()


# ---------------------------------------------------------------- 5. nothing crashes, nothing fails silently

def test_without_dagster_every_page_says_so_and_offers_what_still_works(browser, served, outputs, tmp_path):
    down = DagsterLink(f"http://127.0.0.1:{free_port()}")  # nothing listens there
    url = served(create_app(Catalog(BUNDLED_INPUTS, outputs), down))
    page = browser.new_page(viewport=LAPTOP)
    for path, status in (("/", 200), (f"/runs/{RUN_ID}", 503), ("/meetings/StC38/status", 200)):
        answer = page.goto(url + path)
        assert answer.status == status, path
        assert "Something went wrong" not in page.inner_text("main"), path
    page.goto(url + f"/runs/{RUN_ID}")
    assert "The report service is not running" in page.inner_text("#dagster-down")
    assert "unknown" in page.inner_text("#schedule")
    assert page.locator(f"a[href='/reports/StC38/{REPORT_FOLDER}/docx']").count() == 1  # still downloadable
    page.fill("#as_of", "")
    page.click("#generate")
    assert "not running" in page.inner_text("main") and page.locator("#new-report").count() == 1
    api = requests.get(f"{url}/api/runs/{RUN_ID}", timeout=30)
    assert api.status_code == 503 and "error" in api.json()
    page.close()


def test_a_report_that_is_gone_gives_a_page_not_a_silent_cancelled_download(
        browser, served, outputs, fake_dagster, tmp_path):
    url = served(create_app(Catalog(BUNDLED_INPUTS, outputs), fake_dagster))
    page = browser.new_page(viewport=LAPTOP, accept_downloads=True)
    page.goto(url + "/")
    link = page.locator(f"a[href='/reports/StC38/{REPORT_FOLDER}/docx']").first
    assert link.get_attribute("download") is None
    (outputs / "StC38" / REPORT_FOLDER / "UNEP-CMS-StC38-Doc3.docx").unlink()
    link.click()
    page.wait_for_selector("#error")
    assert "That report is no longer here" in page.inner_text("main")
    shoot(page, tmp_path, "i18-gone-1366.png")
    page.click("#back")
    page.wait_for_selector("#new-report")
    page.close()


def test_the_401_page_way_back_signs_in_and_leads_to_the_reports(browser, served, outputs, fake_dagster):
    url = served(create_app(Catalog(BUNDLED_INPUTS, outputs), fake_dagster, token="t0k3n"))
    refused = requests.get(url + "/", timeout=30)  # headless Chromium shows no password prompt: read the page
    assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Basic")
    anonymous = browser.new_context(viewport=PHONE)
    page = anonymous.new_page()
    page.set_content(refused.text)
    assert "Sign-in needed" in page.inner_text("main")
    assert page.get_attribute("#back", "href") == "/sign-in" and fits(page) == []
    anonymous.close()
    signed = browser.new_context(viewport=PHONE, http_credentials={"username": "amina", "password": "t0k3n"})
    page = signed.new_page()
    answer = page.goto(url + "/sign-in")  # the browser gives the password it was asked for
    assert answer.status == 200 and page.url == url + "/" and page.locator("#new-report").count() == 1
    signed.close()


# ---------------------------------------------------------------- 6. named people and roles

@pytest.fixture
def users_file(tmp_path: Path) -> Path:
    path = tmp_path / "users.json"
    add_user(path, "amina", "officer", "officer-password")
    add_user(path, "ben", "reader", "reader-password")
    add_user(path, "carla", "officer")  # single sign-on only
    return path


def test_officers_and_readers_sign_in_by_name_and_the_choice_is_recorded_by_name(
        browser, served, outputs, fake_dagster, users_file, tmp_path):
    stored = users_file.read_text("utf-8")
    assert "officer-password" not in stored and "$argon2id$" in stored and oct(users_file.stat().st_mode)[-3:] == "600"
    url = served(create_app(Catalog(BUNDLED_INPUTS, outputs), fake_dagster, users=Users(users_file)))
    officer = browser.new_context(viewport=LAPTOP, http_credentials={"username": "amina", "password": "officer-password"})
    page = officer.new_page()
    page.goto(url + "/")
    page.click(f"tr[data-folder='{OLDER_FOLDER}'] button[value='official']")
    page.click("#confirm-official")
    assert "by amina on " in page.inner_text("#done-message")
    assert page.inner_text("#signed-in") == "Signed in as amina (officer)"
    assert json.loads((outputs / "StC38" / "choices.json").read_text("utf-8"))["official"]["by"] == "amina"
    officer.close()

    reader = browser.new_context(viewport=LAPTOP, http_credentials={"username": "ben", "password": "reader-password"})
    page = reader.new_page()
    page.goto(url + "/")
    assert page.locator("form.choices, #new-report, #import-programme, form.input-upload").count() == 0  # downloads only
    assert page.inner_text("#signed-in") == "Signed in as ben (reader: download only)"
    with page.expect_download() as started:
        page.locator(f"a[href='/reports/StC38/{REPORT_FOLDER}/docx']").first.click()
    assert started.value.failure() is None
    shoot(page, tmp_path, "i18-reader-1366.png")
    reader.close()
    auth = "Basic " + base64.b64encode(b"ben:reader-password").decode()
    refused = requests.post(url + "/choices", data={"action": "hide"}, headers={"Authorization": auth}, timeout=30)
    assert refused.status_code == 403 and "Not allowed for your role" in refused.text
    wrong = requests.get(url + "/", headers={"Authorization": "Basic " + base64.b64encode(b"ben:guess").decode()},
                         timeout=30)
    assert wrong.status_code == 401


def test_single_sign_on_is_believed_from_the_proxy_only(browser, served, outputs, fake_dagster, users_file):
    proxied = SingleSignOn.from_settings("X-Remote-User", "127.0.0.1")
    url = served(create_app(Catalog(BUNDLED_INPUTS, outputs), fake_dagster, users=Users(users_file), sso=proxied))
    context = browser.new_context(viewport=LAPTOP, extra_http_headers={"X-Remote-User": "carla"})
    page = context.new_page()
    page.goto(url + "/")
    page.click(f"tr[data-folder='{OLDER_FOLDER}'] button[value='hide']")
    assert "by carla on " in page.inner_text("#done-message")  # an officer in the users file
    context.close()
    unlisted = requests.get(url + "/", headers={"X-Remote-User": "dan"}, timeout=30)
    assert unlisted.status_code == 200 and 'id="new-report"' not in unlisted.text  # not listed: a reader

    elsewhere = SingleSignOn.from_settings("X-Remote-User", "10.9.9.9")  # the proxy is another machine
    url = served(create_app(Catalog(BUNDLED_INPUTS, outputs), fake_dagster, users=Users(users_file), sso=elsewhere))
    assert requests.get(url + "/", headers={"X-Remote-User": "carla"}, timeout=30).status_code == 401


# ---------------------------------------------------------------- 8. plain words

def test_the_page_speaks_plainly_and_opens_the_monthly_snapshots(browser, served, outputs, fake_dagster, tmp_path):
    row = SnapshotRow("JWP 2012-2014", "A1", "A", "Review the status of the species", Status.IN_PROGRESS,
                      reason="It is under way.")
    write_snapshot(snapshots_folder(outputs), Snapshot(date(2011, 8, 31), (row,), "StC38", ("JWP 2012-2014",)))
    fake_dagster.schedule_on = lambda name="": True
    url = served(create_app(Catalog(BUNDLED_INPUTS, outputs), fake_dagster))
    page = browser.new_page(viewport=PHONE)
    page.goto(url + "/")
    text = page.inner_text("main")
    for word in ("Draft", "monthly_status_schedule", "Programme id", "about a minute", "its turn"):
        assert word not in text, word
    assert "The monthly update is on." in page.inner_text("#schedule")
    assert "2011-08-31" in page.inner_text("#as-of-hint")  # the hint names every format accepted
    summary = page.inner_text("#first-StC38 .summary")
    assert summary.startswith("CMS-CITES") or "(JA 2008-2011)" in summary  # the short name explained
    assert fits(page) == []
    shoot(page, tmp_path, "i18-index-words-390.png")
    page.click("#months a[href='/history/2011-08']")
    assert "Status of every activity at the end of August 2011" in page.inner_text("h2")
    assert "Review the status of the species" in page.inner_text("#snapshot-activities")
    shoot(page, tmp_path, "i18-snapshot-390.png")
    page.close()
    assert elapsed_words(0.2) == "under 1 s" and "turn" not in STATUS_WORDS["QUEUED"]


@pytest.mark.parametrize("viewport, name", [(LAPTOP, "1366"), (PHONE, "390")])
def test_every_screen_fits_a_laptop_and_a_phone(browser, served, outputs, fake_dagster, tmp_path, viewport, name):
    row = SnapshotRow("JWP 2012-2014", "A1", "A", "Review the status of the species", Status.IN_PROGRESS,
                      reason="Window 1 January 2012 to 31 December 2014 is open and the log shows progress.")
    write_snapshot(snapshots_folder(outputs), Snapshot(date(2011, 8, 31), (row,), "StC38", ("JWP 2012-2014",)))
    fake_dagster.states[RUN_ID] = RunState(RUN_ID, "SUCCESS", "StC38", "2011-08-31")
    url = served(create_app(Catalog(BUNDLED_INPUTS, outputs), fake_dagster))
    page = browser.new_page(viewport=viewport)
    screens = {"ready": f"/runs/{RUN_ID}", "snapshot": "/history/2011-08", "gone": f"/reports/StC38/{REPORT_FOLDER}/pdf",
               "missing": "/no/such/page", "status": "/meetings/StC38/status"}
    for screen, path in screens.items():
        page.goto(url + path)
        assert fits(page) == [], screen
        shoot(page, tmp_path, f"i18-{screen}-{name}.png")
    page.goto(url + "/")
    page.click(f"tr[data-folder='{OLDER_FOLDER}'] button[value='official']")
    assert fits(page) == [], "confirm"
    shoot(page, tmp_path, f"i18-confirm-{name}.png")
    page.close()
