"""Issue 12's screens without a browser: the run's steps in plain words, the official version and
hidden reports (recorded, surviving a restart), status at a glance, new and known data issues,
the monthly history, and friendly error pages."""
from __future__ import annotations

import base64
import json
import time

import requests

from pipeline.history.known_issues import issue_record
from pipeline.inputs.load import read_inputs
from pipeline.status.timeframes import timeframe_issues
from portal.app import create_app
from portal.catalog import Catalog
from pipeline.publish.report_steps import STEPS, done_line, started_line
from portal.dagster_link import RunState, plain_steps
from tests.conftest import BUNDLED_INPUTS
from tests.portal.conftest import OLDER_FOLDER, REPORT_FOLDER, RUN_ID, Served, form_key, free_port


def choose(url: str, folder: str, action: str, **kwargs) -> requests.Response:
    """The choice, confirmed (marking as sent asks first: tests/portal/test_staff_page_browser.py)."""
    return requests.post(url + "/choices", data={"form_key": form_key(url, **kwargs), "meeting": "StC38",
                                                 "code": "StC38", "folder": folder, "action": action,
                                                 "confirmed": "yes"},
                         allow_redirects=False, timeout=30, **kwargs)


def first_box(page: str) -> str:
    start = page.index('id="first-StC38"')
    return page[start:page.index("</div>", start)]


# ---------------------------------------------------------------- the official version, hiding

def test_a_report_marked_as_sent_is_listed_first_labelled_with_who_and_when(serve_portal, outputs):
    url = serve_portal()
    assert REPORT_FOLDER in first_box(requests.get(url + "/", timeout=30).text)  # newest first, before any choice
    answer = choose(url, OLDER_FOLDER, "official")
    assert answer.status_code == 303 and answer.headers["location"].endswith("#meeting-StC38")
    page = requests.get(url + "/", timeout=30).text
    box = first_box(page)
    assert OLDER_FOLDER in box and "The version sent to the Committee" in box and "Sent to the Committee" in box
    assert "Marked as the version sent to the Committee by staff at 127.0.0.1 on " in box
    assert page.index(REPORT_FOLDER) > page.index("Earlier reports")  # the newer one is listed below now
    assert "Draft" not in page[page.index("Earlier reports"):]  # no label on every report, only on the one sent
    recorded = json.loads((outputs / "StC38" / "choices.json").read_text("utf-8"))
    assert recorded["official"]["folder"] == OLDER_FOLDER and recorded["official"]["by"] == "staff at 127.0.0.1"
    assert recorded["history"][-1]["action"] == "official"


def test_the_choice_survives_a_restart_of_the_page(serve_portal, outputs, fake_dagster):
    url = serve_portal()
    choose(url, OLDER_FOLDER, "official")
    choose(url, REPORT_FOLDER, "hide")
    restarted = Served(create_app(Catalog(BUNDLED_INPUTS, outputs), fake_dagster), free_port()).__enter__()
    try:
        page = requests.get(restarted.url + "/", timeout=30).text
    finally:
        restarted.__exit__()
    assert OLDER_FOLDER in first_box(page)
    assert "Hidden reports (1)" in page and page.index(REPORT_FOLDER) > page.index("Hidden reports (1)")


def test_a_hidden_report_leaves_the_list_keeps_its_files_and_can_be_restored(serve_portal, outputs):
    url = serve_portal()
    assert choose(url, REPORT_FOLDER, "hide").status_code == 303
    page = requests.get(url + "/", timeout=30).text
    assert OLDER_FOLDER in first_box(page)  # the other report is the latest now
    hidden = page[page.index("Hidden reports (1)"):]
    assert REPORT_FOLDER in hidden and "by staff at 127.0.0.1 on " in hidden and 'value="restore"' in hidden
    assert (outputs / "StC38" / REPORT_FOLDER / "UNEP-CMS-StC38-Doc3.docx").is_file()
    download = requests.get(f"{url}/reports/StC38/{REPORT_FOLDER}/docx", timeout=30)
    assert download.status_code == 200  # a link sent earlier still works
    assert choose(url, REPORT_FOLDER, "restore").status_code == 303
    page = requests.get(url + "/", timeout=30).text
    assert "Hidden reports" not in page and REPORT_FOLDER in first_box(page)


def test_hiding_the_official_report_takes_its_mark_away(serve_portal, outputs):
    url = serve_portal()
    choose(url, OLDER_FOLDER, "official")
    choose(url, OLDER_FOLDER, "hide")
    page = requests.get(url + "/", timeout=30).text
    assert "The version sent to the Committee" not in page and REPORT_FOLDER in first_box(page)
    assert json.loads((outputs / "StC38" / "choices.json").read_text("utf-8"))["official"] is None


def test_choices_are_refused_in_plain_words(serve_portal, outputs):
    url = serve_portal()
    unknown = choose(url, "2026-01-01_000000_as-of-2011-08-31_00000000", "official")
    assert unknown.status_code == 400 and "That report is not in the outputs folder any more" in unknown.text
    traversal = choose(url, "../../secret.txt", "hide")
    assert traversal.status_code == 400 and not (outputs / "StC38" / "choices.json").exists()
    stale = requests.post(url + "/choices", data={"form_key": "old", "meeting": "StC38", "folder": REPORT_FOLDER,
                                                  "action": "hide"}, allow_redirects=False, timeout=30)
    assert stale.status_code == 400 and "nothing was changed" in stale.text
    odd = choose(url, REPORT_FOLDER, "delete")
    assert odd.status_code == 400 and not (outputs / "StC38" / "choices.json").exists()


def test_with_a_token_the_choice_names_the_user_who_gave_it(serve_portal, outputs):
    url = serve_portal(token="s3cret")
    auth = {"headers": {"Authorization": "Basic " + base64.b64encode(b"amina:s3cret").decode()}}
    assert choose(url, OLDER_FOLDER, "official", **auth).status_code == 303
    assert json.loads((outputs / "StC38" / "choices.json").read_text("utf-8"))["official"]["by"] == "amina"
    anonymous = {"headers": {"Authorization": "Basic " + base64.b64encode(b":s3cret").decode()}}
    choose(url, REPORT_FOLDER, "hide", **anonymous)
    assert json.loads((outputs / "StC38" / "choices.json").read_text("utf-8"))["hidden"][REPORT_FOLDER]["by"] == "staff"


# ---------------------------------------------------------------- progress in plain words

def _logged(*lines: tuple[float, str]) -> list[dict]:
    """The report's log lines (seconds, message) as the page's GraphQL query gets them."""
    return [{"__typename": "LogMessageEvent", "stepKey": "meeting_report_files", "level": "INFO",
             "message": message, "timestamp": str(int(seconds * 1000))} for seconds, message in lines]


def test_steps_are_named_as_staff_know_them_with_their_state_and_time():
    now = 1000.0
    stats = _logged((900.0, started_line("validated_inputs")), (902.4, done_line("validated_inputs", {"activities": 43})),
                    (935.0, started_line("activity_status")))
    steps = plain_steps(stats, "STARTED", now)
    assert steps[0].detail == "43 activities"
    assert [s.label for s in steps] == [label for _, label in STEPS]
    assert [s.label for s in steps][:2] == ["Checking the inputs", "Computing the status of each activity"]
    assert [(s.words, s.elapsed) for s in steps[:3]] == [("Done", "2 s"), ("Under way", "1 min 5 s"), ("Waiting", "")]
    failed = plain_steps(stats, "FAILURE", now)
    assert [s.words for s in failed[:3]] == ["Done", "Failed", "Not done"]


def test_the_run_page_shows_the_steps_and_no_dagster_words(serve_portal, fake_dagster):
    url = serve_portal()
    started = time.time() - 10
    stats = _logged((started, started_line("validated_inputs")), (started + 1, done_line("validated_inputs")),
                    (started + 1, started_line("activity_status")))
    run_id = "0badc0de-0000-4000-8000-000000000003"
    fake_dagster.states[run_id] = RunState(run_id, "STARTED", "StC38", "2011-08-31",
                                           steps=plain_steps(stats, "STARTED"), created=started)
    page = requests.get(f"{url}/runs/{run_id}", timeout=30).text
    text = page.split("<main>", 1)[1]
    assert "Checking the inputs" in text and "Writing the Word document" in text and "Making the PDF" in text
    assert "Status as of <strong>31 August 2011</strong>" in text and "technical details" in text
    visible = text.split("<script>", 1)[0].replace(f'href="http://127.0.0.1:3999/runs/{run_id}"', "")
    assert "Dagster" not in visible and "queue" not in visible and run_id[:8] not in visible
    state = requests.get(f"{url}/api/runs/{run_id}", timeout=30).json()
    assert [s["words"] for s in state["steps"][:3]] == ["Done", "Under way", "Waiting"]
    assert state["words"] == "Being made" and state["elapsed"].endswith(" s")


# ---------------------------------------------------------------- status at a glance, data issues

def test_status_at_a_glance_shows_the_reports_numbers_before_any_report(serve_portal):
    from pipeline.assemble import build_report

    page = requests.get(serve_portal() + "/meetings/StC38/status", timeout=30).text
    report = build_report(read_inputs(BUNDLED_INPUTS), "StC38")
    for programme in (report.reported, report.planned):
        assert f"{programme.programme.title} ({programme.programme.id}): {programme.total.total} activities" in page
        for s in programme.statuses:
            assert s.reason.replace("'", "&#39;").replace('"', "&#34;") in page
    planned_total = report.planned.total
    pending = planned_total.count(next(s for s, n in planned_total.counts if s.value == "Pending decision"))
    assert pending >= 1 and "Pending decision" in page
    assert "Status as of <input" in page and 'value="31 August 2011"' in page
    assert "all new: no report of this meeting or the previous one is marked as sent to the Committee yet" in page


def test_status_at_a_glance_of_another_date_and_refusals(serve_portal):
    url = serve_portal()
    page = requests.get(url + "/meetings/StC38/status", params={"as_of": "30 June 2010"}, timeout=30).text
    assert "as of <strong>30 June 2010</strong>" in page
    bad = requests.get(url + "/meetings/StC38/status", params={"as_of": "June"}, timeout=30)
    assert bad.status_code == 400 and "is not a date this page can read; write it as 31 August 2011" in bad.text
    assert requests.get(url + "/meetings/StC99/status", timeout=30).status_code == 404


def test_data_issues_of_the_report_sent_are_known_and_new_ones_come_first(serve_portal, outputs):
    from pipeline.publish.report_choices import record_choice

    inputs = read_inputs(BUNDLED_INPUTS)
    issues = list(inputs.issues) + timeframe_issues(inputs.activities, inputs.programmes)
    assert len(issues) >= 2
    manifest_path = outputs / "StC38" / REPORT_FOLDER / "report.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest["issues"] = issue_record(issues[1:])  # the earlier report lacked the first issue
    manifest_path.write_text(json.dumps(manifest), "utf-8")
    url = serve_portal()
    draft_only = requests.get(url + "/meetings/StC38/status", timeout=30).text
    assert "all new: no report of this meeting or the previous one is marked as sent" in draft_only  # a draft: nobody reviewed it
    assert 'class="label known"' not in draft_only
    record_choice(outputs / "StC38", REPORT_FOLDER, "official", "Ana")
    page = requests.get(url + "/meetings/StC38/status", timeout=30).text
    section = page[page.index('id="issues"'):]
    assert f"1 new; {len(issues) - 1} already listed in the report sent to the Committee (status as of 31 August 2011)" \
        in section
    items = section.split("<li")[1:]
    assert 'class="label new">new' in items[0] and issues[0].place.replace("'", "&#39;") in items[0]
    assert items[0].count(issues[0].place.replace("'", "&#39;")) == 1  # the place once, then what was found
    assert all('class="label known">known' in item for item in items[1:])


# ---------------------------------------------------------------- the monthly history

def test_the_page_shows_the_months_kept_and_whether_the_schedule_is_on(serve_portal, outputs, fake_dagster):
    folder = outputs / "snapshots"
    folder.mkdir()
    for month in ("2011-07", "2011-08", "2010-12"):
        (folder / f"{month}.json").write_text("{}", "utf-8")
    fake_dagster.schedule_on = lambda name="": False
    fake_dagster.last_monthly_runs = lambda limit=1: [
        {"runId": "x", "status": "SUCCESS", "ended": 1764576000.0, "partition": "2011-08"}]
    page = requests.get(serve_portal() + "/", timeout=30).text
    history = page[page.index('id="history"'):]
    assert "The monthly update is\n      <strong>off</strong>" in history or "<strong>off</strong>" in history
    assert "Last monthly update: August 2011, made" in history
    assert '<td>2011</td><td class="month-links"><a href="/history/2011-07"' in history
    assert '<a href="/history/2011-08" title="The status of every activity at the end of this month">Aug</a>' in history
    assert '<td>2010</td><td class="month-links"><a href="/history/2010-12"' in history
    assert "Months kept (3)" in history


def test_without_dagster_the_history_says_the_schedule_state_is_unknown(serve_portal, fake_dagster):
    fake_dagster.up = False
    page = requests.get(serve_portal() + "/", timeout=30).text
    assert "<strong>unknown</strong>" in page and "No month has been kept yet." in page


# ---------------------------------------------------------------- friendly errors

def test_error_pages_are_pages_with_a_way_back(serve_portal, outputs, fake_dagster):
    url = serve_portal()
    for path in ("/no/such/page", f"/reports/StC38/{REPORT_FOLDER}/exe", "/meetings/StC99/status"):
        answer = requests.get(url + path, timeout=30)
        assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
        assert "Page not found" in answer.text and 'href="/" id="back"' in answer.text
    wrong_method = requests.delete(url + "/", timeout=30)
    assert wrong_method.status_code == 405 and 'id="back"' in wrong_method.text
    gated = requests.get(serve_portal(token="t0k") + "/", timeout=30)
    assert gated.status_code == 401 and gated.headers["www-authenticate"].startswith("Basic")
    assert "Sign-in needed" in gated.text and 'href="/sign-in" id="back"' in gated.text


def test_an_unexpected_error_gives_a_page_not_a_traceback(outputs, fake_dagster):
    def broken(run_id):
        raise RuntimeError("internal detail")

    fake_dagster.run_state = broken
    app = create_app(Catalog(BUNDLED_INPUTS, outputs), fake_dagster)
    served = Served(app, free_port()).__enter__()
    try:
        answer = requests.get(f"{served.url}/runs/{RUN_ID}", timeout=30)
    finally:
        served.__exit__()
    assert answer.status_code == 500 and "Something went wrong" in answer.text and 'id="back"' in answer.text
    assert "internal detail" not in answer.text and "Traceback" not in answer.text
