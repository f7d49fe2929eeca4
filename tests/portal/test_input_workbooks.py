"""The staff page's "The input workbooks": download the current version, upload a new one (refused with
the validate listing, or installed with the previous version kept), its history with downloads and
"Restore this version", who did it; an imported work programme added to the inputs; and what changed in
the inputs since the report sent to the Committee. Served for real, over a private copy of the inputs."""
from __future__ import annotations

import json
import re
import shutil
from datetime import date
from html import unescape
from pathlib import Path

import pytest
import requests

from pipeline.inputs.programme_workbook import import_programme
from pipeline.publish.input_store import checksum_of, history, snapshot_inputs
from pipeline.publish.report_choices import record_choice
from portal.app import create_app
from portal.catalog import Catalog
from tests.conftest import set_cell
from tests.portal.conftest import REPORT_FOLDER, FakeDagster, Served, free_port
from tests.pipeline.inputs.test_word_programme import reference_shaped

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Client:
    """requests against the app served for real (uvicorn: the upload goes through python-multipart)."""

    def __init__(self, url: str):
        self.url = url

    def get(self, path: str):
        return requests.get(self.url + path, timeout=60)

    def post(self, path: str, follow_redirects: bool = True, **kwargs):
        return requests.post(self.url + path, allow_redirects=follow_redirects, timeout=120, **kwargs)


@pytest.fixture
def client(inputs_copy, outputs):
    with Served(create_app(Catalog(inputs_copy, outputs), FakeDagster()), free_port()) as served:
        yield Client(served.url)


def key_of(page: str) -> str:
    return page.split('name="form_key" value="', 1)[1].split('"', 1)[0]


def notice(page: str) -> str:
    found = re.search(r'<p class="notice" id="form-message">(.*?)</p>', page, re.S)
    return unescape(found.group(1)) if found else ""


def changed_log(inputs: Path, tmp_path: Path, column: str, value) -> bytes:
    folder = tmp_path / f"new-{column}"
    folder.mkdir()
    shutil.copy(inputs / "meeting_log.xlsx", folder / "meeting_log.xlsx")
    set_cell(folder, "meeting_log.xlsx", "Log", 2, column, value)
    return (folder / "meeting_log.xlsx").read_bytes()


def upload(client, name: str, content: bytes, key: str | None = None):
    key = key or key_of(client.get("/").text)
    return client.post(f"/inputs/{name}", data={"form_key": key}, files={"workbook": ("mine.xlsx", content, XLSX)},
                       follow_redirects=False)


def test_the_section_lists_each_workbook_with_its_download_and_upload(client, inputs_copy):
    page = client.get("/").text
    assert "The input workbooks" in page
    for name in ("programmes.xlsx", "meeting_log.xlsx", "meetings.xlsx"):
        assert f'action="/inputs/{name}"' in page and f'href="/inputs/{name}"' in page
    answer = client.get("/inputs/meeting_log.xlsx")
    assert answer.status_code == 200 and answer.content == (inputs_copy / "meeting_log.xlsx").read_bytes()
    assert client.get("/inputs/secret.txt").status_code == 404
    assert client.get("/inputs/meeting_log.xlsx/" + "0" * 64).status_code == 404


def test_a_refused_upload_shows_the_validate_listing_and_changes_nothing(client, inputs_copy, tmp_path):
    before = (inputs_copy / "meeting_log.xlsx").read_bytes()
    answer = upload(client, "meeting_log.xlsx", changed_log(inputs_copy, tmp_path, "Start", "someday"))
    assert answer.status_code == 400
    message = notice(answer.text)
    assert "Nothing was changed" in message
    assert "meeting_log.xlsx, sheet 'Log', row 2, column 'Start': found 'someday'" in message
    assert (inputs_copy / "meeting_log.xlsx").read_bytes() == before
    assert upload(client, "meeting_log.xlsx", before, key="stale").status_code == 400


def test_an_accepted_upload_is_installed_listed_with_who_and_restored(client, inputs_copy, outputs, tmp_path):
    original = checksum_of(inputs_copy / "meeting_log.xlsx")
    new = changed_log(inputs_copy, tmp_path, "Venue", "Bonn, uploaded")
    answer = upload(client, "meeting_log.xlsx", new)
    assert answer.status_code == 303 and answer.headers["location"] == "/?installed=meeting_log.xlsx#input-meeting_log"
    said = client.get(answer.headers["location"]).text  # the page says what was installed, by whom, when
    assert "meeting_log.xlsx: version " in said and " replaced by staff at 127.0.0.1 on " in said
    assert (inputs_copy / "meeting_log.xlsx").read_bytes() == new
    [latest, before] = history(outputs, "meeting_log.xlsx")
    assert (latest.by, latest.note, before.checksum) == ("staff at 127.0.0.1", "uploaded as mine.xlsx", original)
    page = client.get("/").text
    assert "replaced by staff at 127.0.0.1" in page and "Restore this version" in page
    assert client.get(f"/inputs/meeting_log.xlsx/{original}").content == (
        outputs / "input-versions" / f"{original}.xlsx").read_bytes()

    answer = client.post("/inputs/meeting_log.xlsx/restore", data={"form_key": key_of(page), "version": original},
                         follow_redirects=False)
    assert answer.status_code == 303
    assert checksum_of(inputs_copy / "meeting_log.xlsx") == original
    assert history(outputs, "meeting_log.xlsx")[0].action == "restored"


def test_an_oversized_upload_is_refused_before_it_is_read(client, inputs_copy):
    answer = upload(client, "meetings.xlsx", b"PK" + b"0" * (21 * 1024 * 1024))
    assert answer.status_code == 413 and "larger than 20 MB" in notice(answer.text)


def test_an_imported_programme_is_added_to_the_inputs_with_its_history(client, inputs_copy, outputs, tmp_path):
    imports = outputs / "imports"
    imports.mkdir()
    docx = reference_shaped(tmp_path / "JWP.docx")
    import_programme(docx, "JWP 2015-2017", output=imports / "2026-11-01_090000_JWP-2015-2017.xlsx",
                     today=date(2026, 11, 1))
    page = client.get("/").text
    answer = client.post("/imports/2026-11-01_090000_JWP-2015-2017.xlsx/add", data={"form_key": key_of(page)},
                         follow_redirects=False)
    assert answer.status_code == 303, notice(answer.text) or answer.text[:2000]
    [added, _] = history(outputs, "programmes.xlsx")
    assert added.action == "added from Word" and "JWP 2015-2017" in added.note
    again = client.post("/imports/2026-11-01_090000_JWP-2015-2017.xlsx/add", data={"form_key": key_of(page)})
    assert again.status_code == 400 and "already in" in again.text
    assert client.post("/imports/nothing.xlsx/add", data={"form_key": key_of(page)}).status_code == 404


def test_the_meeting_shows_what_changed_in_the_inputs_since_the_report_sent(client, inputs_copy, outputs, tmp_path):
    manifest = outputs / "StC38" / REPORT_FOLDER / "report.json"
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "inputs": snapshot_inputs(inputs_copy, outputs)}))
    record_choice(outputs / "StC38", REPORT_FOLDER, "official", "amina")
    assert "Unchanged: a report made now would use the same inputs." in client.get("/").text
    upload(client, "meeting_log.xlsx", changed_log(inputs_copy, tmp_path, "Venue", "Bonn, later"))
    section = client.get("/").text.split('id="changes-StC38"', 1)[1].split("</div>", 1)[0]
    assert "meeting_log.xlsx, sheet Log: 1 changed (" in unescape(section)


def test_an_upload_that_trickles_in_is_cut_off_after_the_time_bound(client, inputs_copy, monkeypatch):
    import select
    import socket
    import time
    from urllib.parse import urlsplit

    import portal.forms

    monkeypatch.setattr(portal.forms, "UPLOAD_SECONDS", 2)
    before = checksum_of(inputs_copy / "meeting_log.xlsx")
    key = key_of(client.get("/").text)
    content = (inputs_copy / "meeting_log.xlsx").read_bytes()
    body = (f'--b\r\nContent-Disposition: form-data; name="form_key"\r\n\r\n{key}\r\n--b\r\nContent-Disposition: '
            f'form-data; name="workbook"; filename="mine.xlsx"\r\nContent-Type: {XLSX}\r\n\r\n').encode() \
        + content + b"\r\n--b--\r\n"
    where = urlsplit(client.url)
    started = time.monotonic()
    with socket.create_connection((where.hostname, where.port), timeout=30) as sock:
        sock.sendall(f"POST /inputs/meeting_log.xlsx HTTP/1.1\r\nHost: {where.netloc}\r\nContent-Type: "
                     f"multipart/form-data; boundary=b\r\nContent-Length: {len(body)}\r\n\r\n".encode())
        sent = 0
        while sent < len(body) and time.monotonic() - started < 20:
            if select.select([sock], [], [], 1.0)[0]:  # the page answered: stop sending
                break
            sock.sendall(body[sent:sent + 100])  # a hundred bytes a second
            sent += 100
        answer = b""
        while b"</html>" not in answer.lower():
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    took = time.monotonic() - started
    assert sent < len(body) and took < 10
    head, _, page = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408")
    assert "took longer than 2 seconds to arrive, so it was not read. Nothing was changed." in notice(page.decode())
    assert checksum_of(inputs_copy / "meeting_log.xlsx") == before
    assert client.get("/").status_code == 200  # the page goes on serving


def test_a_version_uploaded_through_the_page_during_a_run_reaches_only_the_next_run(
        client, inputs_copy, outputs, tmp_path, monkeypatch):
    """One run, one set of inputs: the run reads the copy it took when it started; the upload is the next run's."""
    import assets.report_assets as report_assets
    from cli.main import main
    from tests.test_outputs_unchanged import docx_lines, xlsx_lines

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    venue = "Bonn, uploaded during the run"
    original = checksum_of(inputs_copy / "meeting_log.xlsx")
    (tmp_path / "new").mkdir()
    shutil.copy(inputs_copy / "meeting_log.xlsx", tmp_path / "new" / "meeting_log.xlsx")
    set_cell(tmp_path / "new", "meeting_log.xlsx", "Log", 3, "Venue", venue)
    new = (tmp_path / "new" / "meeting_log.xlsx").read_bytes()
    reading, answers = report_assets.read_inputs, []

    def upload_meanwhile(folder):  # the run has taken its copy and now reads it; an officer uploads on the page
        answers.append(upload(client, "meeting_log.xlsx", new))
        return reading(folder)

    monkeypatch.setattr(report_assets, "read_inputs", upload_meanwhile)
    run = ["run", "--meeting", "StC38", "--as-of", "2011-08-31", "--inputs", str(inputs_copy),
           "--outputs", str(outputs), "--no-pdf"]
    assert main(run) == 0
    assert [a.status_code for a in answers] == [303]  # the upload was accepted and installed meanwhile
    assert (inputs_copy / "meeting_log.xlsx").read_bytes() == new

    def made() -> list[Path]:
        return sorted(p.parent for p in (outputs / "StC38").glob("*/report.json")
                      if json.loads(p.read_text()).get("inputs"))

    [during] = made()
    name = "UNEP-CMS-StC38-Doc3"
    assert json.loads((during / "report.json").read_text())["inputs"]["meeting_log.xlsx"] == original
    assert not any(venue in line for line in xlsx_lines(during / f"{name}.xlsx"))
    assert not any(venue in line for line in docx_lines(during / f"{name}.docx"))

    monkeypatch.setattr(report_assets, "read_inputs", reading)
    assert main(run) == 0
    [after] = [p for p in made() if p != during]
    assert json.loads((after / "report.json").read_text())["inputs"]["meeting_log.xlsx"] == checksum_of(
        inputs_copy / "meeting_log.xlsx") != original
    assert any(venue in line for line in xlsx_lines(after / f"{name}.xlsx"))
