"""The portal serves only recorded files, asks for the token when one is set, refuses to be
reachable from other machines without one, validates the form and starts one run per click."""
from __future__ import annotations

import base64
import http.client
import os
import threading
from urllib.parse import urlsplit

import pytest
import requests
from markupsafe import escape

from cli.main import main
from portal.dagster_link import RunState
from portal.server import bind_problem, is_local
from tests.portal.conftest import REPORT_FOLDER, RUN_ID, form_key, free_port, write_report


def raw_get(url: str, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    """GET with the path sent exactly as written (no client-side normalising of ../ or %2F)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def test_a_recorded_file_downloads_with_its_type_and_a_name_saying_what_it_is(serve_portal):
    url = serve_portal()
    answer = requests.get(f"{url}/reports/StC38/{REPORT_FOLDER}/docx", timeout=30)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == \
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert 'filename="UNEP-CMS-StC38-Doc3_2011-08-31_en_draft-2026-11-01-0900.docx"' in \
        answer.headers["content-disposition"]
    assert answer.content.startswith(b"PK docx of " + REPORT_FOLDER.encode())
    xlsx = requests.get(f"{url}/reports/StC38/{REPORT_FOLDER}/xlsx", timeout=30)
    assert xlsx.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="UNEP-CMS-StC38-Doc3_2011-08-31_en_draft-2026-11-01-0900.xlsx"' in xlsx.headers["content-disposition"]


TRAVERSALS = [
    "/reports/StC38/../../secret.txt",
    "/reports/../../secret.txt/docx",
    "/reports/StC38/..%2F..%2Fsecret.txt/docx",
    "/reports/StC38/%2e%2e%2f%2e%2e%2fsecret.txt/docx",
    "/reports/%2e%2e/%2e%2e/docx",
    "/reports/StC38/%2e%2e/docx",
    "/reports/StC38/.%2e/docx",
    "/reports/..%2F/secret.txt/docx",
    "/reports/StC38/%252e%252e%252fsecret.txt/docx",
    f"/reports/StC38/{REPORT_FOLDER}/..%2F..%2F..%2Fsecret.txt",
    f"/reports/StC38/{REPORT_FOLDER}/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt",
    "/reports/StC38/%2Fetc%2Fpasswd/docx",
    "/reports/%2Fetc/passwd/docx",
    "/reports//etc/passwd/docx",
    "//etc/passwd",
    "/reports/StC38/..%5C..%5Csecret.txt/docx",
    "/reports/StC38/%5C..%5C..%5Csecret.txt/docx",
    "/reports/C:%5Cwindows%5Cwin.ini/x/docx",
    f"/reports/StC38/{REPORT_FOLDER}/json",
    f"/reports/StC38/{REPORT_FOLDER}/report.json",
    f"/reports/StC38/{REPORT_FOLDER}/UNEP-CMS-StC38-Doc3.docx",
    "/reports/StC38/2026-12-01_090000_as-of-2011-08-31_notthere/docx",
    "/reports/StC39/" + REPORT_FOLDER + "/docx",
    "/reports/StC38/.staging-abc/docx",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_and_unrecorded_files_get_404(serve_portal, path):
    status, body = raw_get(serve_portal(), path)
    assert status == 404, path
    assert b"SECRET" not in body


def test_symbolic_links_planted_inside_outputs_get_404(serve_portal, outputs, tmp_path):
    outside = tmp_path / "outside"
    recorded = write_report(outside / "StC38", "2026-12-01_090000_as-of-2011-08-31_evil0000", "x", "2011-08-31")
    (recorded / "UNEP-CMS-StC38-Doc3.docx").write_text("SECRET-OUTSIDE-OUTPUTS", "utf-8")
    # a report folder that is a link to a folder outside
    os.symlink(recorded, outputs / "StC38" / recorded.name)
    # a meeting folder that is a link to a folder outside
    os.symlink(outside / "StC38", outputs / "Evil")
    # a recorded file replaced by a link to a file outside
    inside = write_report(outputs / "StC38", "2026-12-02_090000_as-of-2011-08-31_link0000", "y", "2011-08-31")
    (inside / "UNEP-CMS-StC38-Doc3.docx").unlink()
    os.symlink(tmp_path / "secret.txt", inside / "UNEP-CMS-StC38-Doc3.docx")
    # a manifest naming a file outside the folder
    crafted = write_report(outputs / "StC38", "2026-12-03_090000_as-of-2011-08-31_name0000", "z", "2011-08-31")
    (crafted / "report.json").write_text('{"symbol": "x", "files": {"docx": "../../../secret.txt"}}', "utf-8")

    url = serve_portal()
    for path in (f"/reports/StC38/{recorded.name}/docx", f"/reports/Evil/{recorded.name}/docx",
                 f"/reports/StC38/{inside.name}/docx", f"/reports/StC38/{crafted.name}/docx"):
        status, body = raw_get(url, path)
        assert status == 404, path
        assert b"SECRET" not in body
    page = requests.get(url + "/", timeout=30).text
    assert recorded.name not in page and "SECRET" not in page


def test_with_a_token_set_requests_without_it_get_401(serve_portal):
    url = serve_portal(token="s3cret-token")
    download = f"/reports/StC38/{REPORT_FOLDER}/docx"
    for path in ("/", download, f"/runs/{RUN_ID}"):
        status, _ = raw_get(url, path)
        assert status == 401, path
    answer = requests.get(url + "/", timeout=30)
    assert answer.status_code == 401 and answer.headers["www-authenticate"].startswith("Basic")
    assert raw_get(url, download, {"Authorization": "Bearer wrong"})[0] == 401
    wrong_basic = base64.b64encode(b"staff:wrong").decode()
    assert raw_get(url, download, {"Authorization": f"Basic {wrong_basic}"})[0] == 401
    assert raw_get(url, download, {"Authorization": "Basic %%%not-base64"})[0] == 401
    assert raw_get(url, download, {"Authorization": "Bearer s3cret-token"})[0] == 200
    assert requests.get(url + "/", auth=("anyone", "s3cret-token"), timeout=30).status_code == 200
    # traversal with the right token is still 404
    assert raw_get(url, "/reports/StC38/..%2F..%2Fsecret.txt/docx", {"Authorization": "Bearer s3cret-token"})[0] == 404


def test_binding_beyond_localhost_needs_a_token_or_allow_remote(capsys, monkeypatch):
    monkeypatch.delenv("STC_PORTAL_TOKEN", raising=False)
    assert main(["serve", "--host", "0.0.0.0", "--port", str(free_port())]) == 2
    assert "--token" in capsys.readouterr().err
    assert main(["up", "--host", "192.168.1.5", "--port", str(free_port())]) == 2
    assert all(is_local(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"))
    assert not any(is_local(h) for h in ("0.0.0.0", "::", "192.168.1.5", "example.org"))
    assert bind_problem("0.0.0.0", "", False)
    assert bind_problem("0.0.0.0", "token", False) == ""
    assert bind_problem("0.0.0.0", "", True) == ""


def test_serve_refuses_a_port_in_use(capsys):
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    assert f"127.0.0.1:{port}" in capsys.readouterr().err


def test_the_page_lists_the_meeting_with_its_newest_report_first(serve_portal):
    page = requests.get(serve_portal() + "/", timeout=30).text
    assert "StC38: 38th meeting of the Standing Committee, Bergen, 19 November 2011" in page
    latest = page.index("Latest report")
    assert page.index(REPORT_FOLDER) > latest and page.index(REPORT_FOLDER) < page.index("Earlier reports")
    assert page.index("31 July 2011") > page.index("Earlier reports")  # one date format: 31 July 2011
    assert "2011-07-31</td>" not in page and "Status as of <strong class=\"as-of\">31 August 2011</strong>" in page
    assert "(JA 2008-2011): In progress 11, Not started 1" in page  # the programme's title beside its short name
    assert f"/reports/StC38/{REPORT_FOLDER}/docx" in page


@pytest.mark.parametrize("meeting, as_of, expected", [
    ("StC99", "2011-08-31", "Meeting 'StC99' is not in meetings.xlsx (meetings there: StC38)."),
    ("StC38", "2011-02-30", "'2011-02-30' is not a day of the calendar; write it as 31 August 2011, 31 Aug 2011 or 2011-08-31."),
    ("StC38", "30 February 2011", "'30 February 2011' is not a day of the calendar; write it as 31 August 2011, 31 Aug 2011 or 2011-08-31."),
    ("StC38", "31/08/2011", "'31/08/2011' is not a date this page can read; write it as 31 August 2011, 31 Aug 2011 or 2011-08-31."),
    ("<script>x</script>", "", "Meeting '<script>x</script>' is not in meetings.xlsx"),
])
def test_form_input_is_validated_in_plain_words(serve_portal, fake_dagster, meeting, as_of, expected):
    url = serve_portal()
    answer = requests.post(url + "/runs", data={"form_key": form_key(url), "meeting": meeting, "as_of": as_of},
                           timeout=30, allow_redirects=False)
    assert answer.status_code == 400
    assert str(escape(expected)) in answer.text  # the page's text, escaped as HTML
    assert "<script>x</script>" not in answer.text
    assert fake_dagster.submitted == []


def test_a_form_from_elsewhere_starts_nothing(serve_portal, fake_dagster):
    answer = requests.post(serve_portal() + "/runs", data={"meeting": "StC38", "as_of": "2011-08-31"},
                           timeout=30, allow_redirects=False)
    assert answer.status_code == 400 and "out of date" in answer.text
    assert fake_dagster.submitted == []


def test_an_empty_date_is_the_meetings_status_as_of_date(serve_portal, fake_dagster):
    url = serve_portal()
    answer = requests.post(url + "/runs", data={"form_key": form_key(url), "meeting": "StC38", "as_of": ""},
                           timeout=30, allow_redirects=False)
    assert answer.status_code == 303
    assert fake_dagster.submitted == [("StC38", "2011-08-31")]


def test_a_double_click_starts_one_run(serve_portal, fake_dagster):
    url = serve_portal()
    data = {"form_key": form_key(url), "meeting": "StC38", "as_of": "2011-08-31"}
    answers: list = []

    def click():
        answers.append(requests.post(url + "/runs", data=data, timeout=30, allow_redirects=False))

    clicks = [threading.Thread(target=click) for _ in range(2)]
    for c in clicks:
        c.start()
    for c in clicks:
        c.join()
    assert fake_dagster.submitted == [("StC38", "2011-08-31")]
    locations = {a.headers["location"].split("?")[0] for a in answers}
    assert all(a.status_code == 303 for a in answers) and len(locations) == 1
    # once that run has ended, the same meeting and date can be made again
    run_id = locations.pop().rsplit("/", 1)[1]
    fake_dagster.states[run_id] = RunState(run_id, "SUCCESS", "StC38", "2011-08-31")
    click()
    assert len(fake_dagster.submitted) == 2


def test_a_failed_run_shows_the_pipelines_words(serve_portal, fake_dagster):
    run_id = "0badf00d-0000-4000-8000-000000000003"
    problem = "1 problem(s) must be fixed before a report can be made:\n  - meeting_log.xlsx, sheet 'Log', row 7"
    fake_dagster.states[run_id] = RunState(run_id, "FAILURE", "StC38", "2011-08-31", problem)
    url = serve_portal()
    page = requests.get(f"{url}/runs/{run_id}", timeout=30).text
    assert "The report could not be made" in page and "meeting_log.xlsx, sheet &#39;Log&#39;, row 7" in page
    assert "Traceback" not in page
    status = requests.get(f"{url}/api/runs/{run_id}", timeout=30).json()
    assert status["finished"] and status["failure"] == problem


def test_a_finished_run_offers_its_downloads(serve_portal, fake_dagster):
    fake_dagster.states[RUN_ID] = RunState(RUN_ID, "SUCCESS", "StC38", "2011-08-31")
    url = serve_portal()
    page = requests.get(f"{url}/runs/{RUN_ID}", timeout=30).text
    assert "The report is ready" in page and f"/reports/StC38/{REPORT_FOLDER}/docx" in page
    assert requests.get(f"{url}/api/runs/{RUN_ID}", timeout=30).json()["downloads"]["xlsx"] == \
        f"/reports/StC38/{REPORT_FOLDER}/xlsx"
    assert requests.get(f"{url}/runs/not-a-run-id", timeout=30).status_code == 404
    assert requests.get(f"{url}/runs/{RUN_ID[:-1]}9", timeout=30).status_code == 404


def test_when_dagster_is_not_running_the_page_says_how_to_start_it(serve_portal):
    from portal.dagster_link import DagsterLink

    url = serve_portal(dagster=DagsterLink(f"http://127.0.0.1:{free_port()}"))
    page = requests.get(url + "/", timeout=30).text
    assert "The report service is not running, so no report can be made just now" in page and "stc-report up" in page
    answer = requests.post(url + "/runs", data={"form_key": form_key(url), "meeting": "StC38", "as_of": ""},
                           timeout=30, allow_redirects=False)
    assert answer.status_code == 503 and "stc-report up" in answer.text


def test_a_run_page_while_dagster_is_not_running_says_so_and_keeps_the_downloads(serve_portal):
    from portal.dagster_link import DagsterLink

    url = serve_portal(dagster=DagsterLink(f"http://127.0.0.1:{free_port()}"))
    answer = requests.get(f"{url}/runs/{RUN_ID}", timeout=30)
    assert answer.status_code == 503 and "Something went wrong" not in answer.text
    assert "The report service is not running, so no report can be made just now" in answer.text
    assert "stc-report up" in answer.text and f"/reports/StC38/{REPORT_FOLDER}/docx" in answer.text
    assert "Monthly status history" in answer.text
    status = requests.get(f"{url}/api/runs/{RUN_ID}", timeout=30)
    assert status.status_code == 503 and "The report service is not running" in status.json()["error"]


def test_a_form_with_more_fields_than_the_page_sends_starts_nothing(serve_portal, fake_dagster):
    url = serve_portal()
    data = [("form_key", form_key(url)), ("meeting", "StC38"), ("as_of", "")] + [("language", "en")] * 20
    answer = requests.post(url + "/runs", data=data, timeout=30, allow_redirects=False)
    assert answer.status_code == 400 and "out of date" in answer.text
    assert fake_dagster.submitted == []
