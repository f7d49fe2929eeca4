"""The staff page's "Import a work programme from Word": upload a .docx, read what was found, download
the workbook for review; plain refusals, a size cap, downloads only from outputs/imports/, the token.

Served for real (uvicorn, as the other portal tests), so the upload goes through python-multipart."""
from __future__ import annotations

import io
import re
from datetime import datetime
from html import unescape
from pathlib import Path

import openpyxl
import pytest
import requests

from pipeline.assemble import build_report
from pipeline.inputs.load import read_inputs
from pipeline.word.document import write_docx
from pipeline.word.templates import narrative_for, report_template
from portal.import_page import MAX_UPLOAD
from tests.conftest import BUNDLED_INPUTS, PROJECT
from tests.portal.conftest import form_key
from tests.portal.test_portal_safety import raw_get

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def stc38_docx(tmp_path_factory) -> bytes:
    """The bundled StC38 report as Word: its Annex 2 is the JWP 2012-2014 programme, 31 activities in 4 themes."""
    folder = tmp_path_factory.mktemp("stc38-upload")
    report = build_report(read_inputs(BUNDLED_INPUTS), "StC38", generated_at=datetime(2011, 9, 27, 9, 30),
                          snapshots_dir=folder / "no-snapshots")
    templates = PROJECT / "templates"
    path = write_docx(report, folder / "StC38.docx", report_template(templates), narrative_for(templates, "StC38"))
    return Path(path).read_bytes()


def upload(url: str, content: bytes, name: str = "JWP 2012-2014.docx", key: str | None = None, **fields):
    data = {"form_key": form_key(url) if key is None else key, "programme": "JWP 2012-2014", **fields}
    return requests.post(url + "/imports", data=data, files={"document": (name, content, DOCX_TYPE)}, timeout=120)


def problem_of(page: str) -> str:
    found = re.search(r'<p class="notice" id="import-problem">(.*?)</p>', page, re.S)
    return unescape(found.group(1)) if found else ""


def test_the_staff_page_offers_the_import_form(serve_portal):
    page = requests.get(serve_portal() + "/", timeout=30).text
    assert "Import a work programme from Word" in page
    assert 'action="/imports" enctype="multipart/form-data"' in page
    for name in ("document", "programme", "title", "years"):
        assert f'name="{name}"' in page


def test_round_trip_of_the_stc38_annex_2(serve_portal, outputs, stc38_docx):
    url = serve_portal()
    answer = upload(url, stc38_docx, title="Draft CMS CITES Joint Work Programme 2012-2014")
    page = unescape(answer.text)
    assert answer.status_code == 200, problem_of(answer.text)
    assert "Read JWP 2012-2014.docx: activities from table(s)" in page  # the upload's own name, not a temporary path
    assert "31 activities in 4 themes." in page
    assert len(re.findall(r"^  \([A-D]\) ", page, re.M)) == 4
    assert "Traceback" not in page and str(outputs) not in page

    imports = outputs / "imports"
    [written] = list(imports.iterdir())
    assert re.fullmatch(r"\d{4}-\d\d-\d\d_\d{6}_JWP-2012-2014\.xlsx", written.name)
    link = re.search(r'href="(/imports/[^"]+)" id="import-download"', answer.text).group(1)
    assert link == f"/imports/{written.name}"
    download = requests.get(url + link, timeout=30)
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert download.content == written.read_bytes()
    book = openpyxl.load_workbook(io.BytesIO(download.content))
    assert book.sheetnames[0] == "Imported"
    rows = list(book["Activities"].iter_rows(values_only=True))
    activities = [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]
    assert len(activities) == 31
    assert {a["Programme"] for a in activities} == {"JWP 2012-2014"}
    expected = [a.code for a in read_inputs(BUNDLED_INPUTS).activities if a.programme_id == "JWP 2012-2014"]
    assert [a["Code"] for a in activities] == expected

    # a second import of the same programme never overwrites the first
    assert upload(url, stc38_docx).status_code == 200
    assert len(list(imports.iterdir())) == 2 and written.read_bytes() == download.content


def test_a_text_file_renamed_docx_is_refused_in_plain_words(serve_portal, outputs):
    answer = upload(serve_portal(), b"Joint work programme 2015-2017\n", name="notes.docx")
    assert answer.status_code == 400
    assert problem_of(answer.text) == ("notes.docx is not a Word document (.docx); open it in Word and save it as "
                                       "Word Document (.docx). Nothing was written.")
    assert "Traceback" not in answer.text
    assert not (outputs / "imports").exists()


def test_a_file_not_named_docx_and_a_document_without_a_table(serve_portal, outputs, tmp_path):
    url = serve_portal()
    answer = upload(url, b"%PDF-1.4", name="programme.pdf")
    assert answer.status_code == 400 and problem_of(answer.text).startswith("programme.pdf is not a Word document")
    from docx import Document

    plain = tmp_path / "plain.docx"
    document = Document()
    document.add_paragraph("Joint work programme 2015-2017, without its annex")
    document.save(plain)
    answer = upload(url, plain.read_bytes(), name="plain.docx")
    assert answer.status_code == 400 and "table" in problem_of(answer.text)
    assert not (outputs / "imports").exists()


def test_a_missing_programme_id_and_bad_years_are_refused(serve_portal, outputs, stc38_docx):
    url = serve_portal()
    answer = upload(url, stc38_docx, programme="  ")
    assert answer.status_code == 400
    assert problem_of(answer.text).startswith("Give the programme an id, for example JWP 2015-2017")
    answer = upload(url, stc38_docx, years="2017-2015")
    assert answer.status_code == 400
    assert problem_of(answer.text).startswith("Years: '2017-2015' is not a period of years")
    assert 'value="2017-2015"' in answer.text  # what was typed stays in the form
    answer = requests.post(url + "/imports", data={"form_key": form_key(url), "programme": "JWP 2012-2014"},
                           files={"other": ("x.txt", b"x")}, timeout=30)
    assert answer.status_code == 400 and problem_of(answer.text).startswith("Choose the Word document")
    assert not (outputs / "imports").exists()


def test_a_stale_form_and_an_oversized_upload_are_refused(serve_portal, outputs):
    url = serve_portal()
    answer = upload(url, b"PK", key="not-the-key")
    assert answer.status_code == 400 and problem_of(answer.text).startswith("This page was out of date")
    answer = upload(url, b"PK" + b"\0" * (MAX_UPLOAD + 1))
    assert answer.status_code == 413 and "larger than 20 MB" in problem_of(answer.text)
    chunks = (b"\0" * 1024 * 1024 for _ in range(MAX_UPLOAD // (1024 * 1024) + 2))  # sent chunked: no length given
    answer = requests.post(url + "/imports", data=chunks, timeout=60,
                           headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert answer.status_code == 413 and "larger than 20 MB" in problem_of(answer.text)
    assert not (outputs / "imports").exists()


def test_an_oversized_file_sent_without_a_length_is_stopped_while_it_arrives(serve_portal, outputs):
    url = serve_portal()
    boundary = "portal-test-boundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"form_key\"\r\n\r\n{form_key(url)}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"programme\"\r\n\r\nJWP 2012-2014\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"document\"; filename=\"big.docx\"\r\n"
            f"Content-Type: {DOCX_TYPE}\r\n\r\n").encode()

    def body():  # a well-formed upload, sent chunked (no length), that never ends before the cap
        yield head
        for _ in range(MAX_UPLOAD // (1024 * 1024) + 2):
            yield b"PK" + b"\0" * (1024 * 1024 - 2)
        yield f"\r\n--{boundary}--\r\n".encode()

    answer = requests.post(url + "/imports", data=body(), timeout=60,
                           headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert answer.status_code == 413 and "larger than 20 MB" in problem_of(answer.text)
    assert not (outputs / "imports").exists()


def test_downloads_come_only_from_the_imports_folder(serve_portal, outputs):
    url = serve_portal()
    imports = outputs / "imports"
    imports.mkdir()
    (imports / "2026-12-01_090000_JWP-2015-2017.xlsx").write_bytes(b"PK workbook")
    assert requests.get(url + "/imports/2026-12-01_090000_JWP-2015-2017.xlsx", timeout=30).content == b"PK workbook"
    (imports / "2026-12-01_090001_link.xlsx").symlink_to(outputs.parent / "secret.txt")
    for path in ("/imports/..%2F..%2Fsecret.txt", "/imports/../../secret.txt", "/imports/%2E%2E%2Fsecret.txt",
                 "/imports/..%5C..%5Csecret.txt", "/imports/2026-12-01_090001_link.xlsx",
                 "/imports/2026-12-01_090000_JWP-2015-2017.XLSX", "/imports/choices.json"):
        status, body = raw_get(url, path)
        assert status in (404, 405), path
        assert b"SECRET-OUTSIDE-OUTPUTS" not in body, path
    assert requests.get(url + "/imports/", timeout=30).status_code == 405  # no listing: only a POST there


def test_the_token_gate_applies_to_the_import(serve_portal, stc38_docx, outputs):
    url = serve_portal(token="s3cret-token")
    answer = requests.post(url + "/imports", data={"programme": "JWP 2012-2014"},
                           files={"document": ("a.docx", stc38_docx, DOCX_TYPE)}, timeout=30)
    assert answer.status_code == 401
    assert requests.get(url + "/imports/2026-12-01_090000_JWP-2015-2017.xlsx", timeout=30).status_code == 401
    auth = {"Authorization": "Bearer s3cret-token"}
    key = form_key(url, headers=auth)
    answer = requests.post(url + "/imports", data={"form_key": key, "programme": "JWP 2012-2014"},
                           files={"document": ("a.docx", stc38_docx, DOCX_TYPE)}, headers=auth, timeout=120)
    assert answer.status_code == 200 and "31 activities in 4 themes." in answer.text
    assert not (outputs / "imports").exists() or len(list((outputs / "imports").iterdir())) == 1


@pytest.mark.integration
def test_in_chromium_staff_upload_the_document_and_download_the_workbook(serve_portal, stc38_docx, tmp_path):
    from tests.portal.chromium import launched

    document = tmp_path / "JWP 2012-2014.docx"
    document.write_bytes(stc38_docx)
    url = serve_portal()
    with launched() as chromium:
        page = chromium.new_context(accept_downloads=True).new_page()
        page.goto(url + "/")
        page.set_input_files("#import-document", str(document))
        page.fill("#import-programme-id", "JWP 2012-2014")
        page.click("#import-button")
        page.wait_for_selector("#import-summary")
        assert "31 activities in 4 themes." in page.inner_text("#import-summary")
        with page.expect_download() as started:
            page.click("#import-download")
        saved = tmp_path / "downloaded.xlsx"
        started.value.save_as(saved)
    assert openpyxl.load_workbook(saved).sheetnames[0] == "Imported"
