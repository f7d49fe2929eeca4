"""The translator's loop on the staff page (issue 20): the texts each language lacks, the XLIFF file to
download, the translated file uploaded through the same checks as the command line (a stale text refused
naming its row, a malformed file changing nothing), and beside a report's downloads what it still prints in
English, as its report.json records it. Served for real, over a private copy of the inputs."""
from __future__ import annotations

import json
from html import unescape

import pytest

from pipeline.publish.input_store import history
from portal.app import create_app
from portal.catalog import Catalog
from tests.conftest import find_row, set_cell
from tests.pipeline.publish.test_translations import translated
from tests.portal.conftest import REPORT_FOLDER, FakeDagster, Served, free_port
from tests.portal.test_input_workbooks import Client, key_of


@pytest.fixture
def client(inputs_copy, outputs):
    with Served(create_app(Catalog(inputs_copy, outputs), FakeDagster()), free_port()) as served:
        yield Client(served.url)


def test_download_translate_upload(client, inputs_copy, outputs):
    assert 'href="/translations"' in client.get("/").text
    page = client.get("/translations")
    assert page.status_code == 200 and '<td class="still-english">168</td>' in page.text
    download = client.get("/translations?download=fr")
    assert download.status_code == 200 and "stc-report-fr.xlf" in download.headers["content-disposition"]
    row = find_row(inputs_copy, "programmes.xlsx", "Activities", "Code", "B5")
    set_cell(inputs_copy, "programmes.xlsx", "Activities", row, "Description", "Changed after the download.")
    done = client.post("/translations", data={"form_key": key_of(page.text)},
                       files={"xliff": ("fr.xlf", translated(download.content), "application/xml")})
    text = unescape(done.text)
    assert done.status_code == 400  # one refused
    assert "167 French translations written into the inputs" in text
    assert f"row {row} (JWP 2012-2014 B5), column 'Description': the English text has changed" in text
    assert history(outputs, "programmes.xlsx")[0].by  # installed through the store, who did it recorded
    assert '<tr id="translations-fr"><td>French</td><td class="still-english">1</td>' in done.text


def test_a_malformed_upload_changes_nothing(client, inputs_copy):
    before = {p.name: p.read_bytes() for p in inputs_copy.iterdir()}
    page = client.get("/translations")
    done = client.post("/translations", data={"form_key": key_of(page.text)},
                       files={"xliff": ("fr.xlf", b"<xliff><file", "application/xml")})
    assert done.status_code == 400 and "Nothing was changed" in unescape(done.text)
    assert "Traceback" not in done.text
    assert {p.name: p.read_bytes() for p in inputs_copy.iterdir()} == before
    assert client.get("/translations?download=de").status_code == 404


def test_beside_the_downloads_what_each_edition_still_prints_in_english(client, outputs):
    manifest = outputs / "StC38" / REPORT_FOLDER / "report.json"
    data = json.loads(manifest.read_text("utf-8"))
    data["editions"] = {"en": {"data_issues": 19, "still_english": 0}, "fr": {"data_issues": 129, "still_english": 110}}
    manifest.write_text(json.dumps(data), "utf-8")
    page = client.get("/").text
    assert "French: 110 staff texts still in English (among the 129 data issues of its workbook)" in page
