"""Files named for what they are, over HTTP: the download name says meeting, status date, language, sent
or draft; a report made on purpose with a misleading date carries its line inside the .docx (and PDF)
until it is marked as the version sent, and then downloads without it, under a 'sent' name."""
from __future__ import annotations

import io
import json
import re
import shutil
from datetime import date, datetime

import pytest
import requests
from docx import Document

from pipeline.assemble import build_report
from pipeline.inputs.load import read_inputs
from pipeline.publish.pdf import libreoffice_available
from pipeline.word.document import write_docx
from pipeline.word.templates import narrative_for, report_template
from tests.conftest import BUNDLED_INPUTS, PROJECT
from tests.portal.conftest import REPORT_FOLDER, form_key

WHAT_IF = "2026-11-02_090000_as-of-2027-03-31_feedbeef"
MARK = "Not the version sent to the Committee: status date 31 March 2027 chosen on purpose"


def _header_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    return "\n".join(p.text for part in (section.first_page_header, section.header) for p in part.paragraphs)


@pytest.fixture
def what_if(outputs, tmp_path):
    """A report of StC38 as of 31 March 2027 (in the future), made on purpose: its .docx carries the mark."""
    folder = outputs / "StC38" / WHAT_IF
    folder.mkdir()
    templates = PROJECT / "templates"
    report = build_report(read_inputs(BUNDLED_INPUTS), "StC38", as_of=date(2027, 3, 31),
                          generated_at=datetime(2026, 11, 2, 9, 0))
    write_docx(report, folder / "UNEP-CMS-StC38-Doc3.docx", report_template(templates), narrative_for(templates, "StC38"))
    (folder / "report.json").write_text(json.dumps({
        "meeting": "StC38", "symbol": "UNEP/CMS/StC38/Doc.3", "as_of": "2027-03-31",
        "generated_at": "2026-11-02T09:00:00", "run_id": "feedbeef-0000-4000-8000-000000000009", "summary": {},
        "as_of_warnings": ["The status date 31 March 2027 is in the future."],
        "files": {"docx": "UNEP-CMS-StC38-Doc3.docx"}}), "utf-8")
    return folder


def _choose(url: str, folder: str, action: str) -> None:
    answer = requests.post(url + "/choices", data={"form_key": form_key(url), "meeting": "StC38", "folder": folder,
                                                   "action": action, "confirmed": "yes"}, allow_redirects=False, timeout=30)
    assert answer.status_code == 303


def _filename(answer: requests.Response) -> str:
    return re.search(r'filename="([^"]+)"', answer.headers["content-disposition"])[1]


def test_a_draft_and_the_version_sent_download_under_names_saying_so(serve_portal):
    url = serve_portal()
    link = f"{url}/reports/StC38/{REPORT_FOLDER}/docx"
    assert _filename(requests.get(link, timeout=30)) == "UNEP-CMS-StC38-Doc3_2011-08-31_en_draft-2026-11-01-0900.docx"
    _choose(url, REPORT_FOLDER, "official")
    assert _filename(requests.get(link, timeout=30)) == "UNEP-CMS-StC38-Doc3_2011-08-31_en_sent.docx"
    assert _filename(requests.get(link.replace("/docx", "/xlsx"), timeout=30)) == \
        "UNEP-CMS-StC38-Doc3_2011-08-31_en_sent.xlsx"


def test_a_what_if_report_is_marked_inside_until_it_is_marked_as_sent(serve_portal, what_if):
    url = serve_portal()
    link = f"{url}/reports/StC38/{WHAT_IF}/docx"
    draft = requests.get(link, timeout=30)
    assert _filename(draft) == "UNEP-CMS-StC38-Doc3_2027-03-31_en_draft-misleading-date-2026-11-02-0900.docx"
    assert MARK in _header_text(draft.content)

    _choose(url, WHAT_IF, "official")
    sent = requests.get(link, timeout=30)
    assert _filename(sent) == "UNEP-CMS-StC38-Doc3_2027-03-31_en_sent.docx"
    assert MARK not in _header_text(sent.content)
    assert "UNEP/CMS/StC38/Doc.3" in _header_text(sent.content)  # the rest of the header stays
    assert MARK in _header_text((what_if / "UNEP-CMS-StC38-Doc3.docx").read_bytes())  # the file as made: unchanged

    _choose(url, WHAT_IF, "not official")
    assert MARK in _header_text(requests.get(link, timeout=30).content)  # a draft again: its own file, marked


@pytest.mark.integration
@pytest.mark.skipif(not libreoffice_available(), reason="LibreOffice is not installed")
def test_the_pdf_of_a_what_if_report_sent_is_converted_without_the_mark(serve_portal, what_if, tmp_path):
    from pipeline.publish.pdf import convert_to_pdf

    pdf = convert_to_pdf(what_if / "UNEP-CMS-StC38-Doc3.docx", what_if)
    manifest = json.loads((what_if / "report.json").read_text("utf-8"))
    manifest["files"]["pdf"] = pdf.name
    (what_if / "report.json").write_text(json.dumps(manifest), "utf-8")
    url = serve_portal()
    link = f"{url}/reports/StC38/{WHAT_IF}/pdf"
    pdftotext = shutil.which("pdftotext")
    draft = requests.get(link, timeout=120)
    _choose(url, WHAT_IF, "official")
    sent = requests.get(link, timeout=120)
    assert sent.status_code == 200 and sent.content.startswith(b"%PDF") and sent.content != draft.content
    assert _filename(sent) == "UNEP-CMS-StC38-Doc3_2027-03-31_en_sent.pdf"
    if pdftotext:
        import subprocess

        def text(content: bytes) -> str:
            (tmp_path / "x.pdf").write_bytes(content)
            return subprocess.run([pdftotext, str(tmp_path / "x.pdf"), "-"], capture_output=True, text=True).stdout

        assert "Not the version sent" in text(draft.content)
        assert "Not the version sent" not in text(sent.content)
