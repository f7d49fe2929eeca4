"""The staff page and the report's languages: the form offers English, French and Spanish;
the run is asked for the ticked ones; a report's French and Spanish files have their own links."""
from __future__ import annotations

import html
import json

import requests

from tests.portal.conftest import REPORT_FOLDER, form_key


def test_the_form_offers_the_languages_english_ticked(serve_portal):
    page = requests.get(serve_portal() + "/", timeout=30).text
    form = " ".join(page[page.index('id="launch"'):page.index("</form>", page.index('id="launch"'))].split())
    assert '<input type="checkbox" name="language" value="en" checked> English' in form
    assert '<input type="checkbox" name="language" value="fr" > French' in form
    assert '<input type="checkbox" name="language" value="es" > Spanish' in form


def test_the_run_is_asked_for_the_ticked_languages(serve_portal, fake_dagster):
    url = serve_portal()
    form = {"meeting": "StC38", "as_of": "2011-08-31", "form_key": form_key(url), "language": ["es", "fr"]}
    answer = requests.post(url + "/runs", data=form, allow_redirects=False, timeout=30)
    assert answer.status_code == 303
    (run_id,) = fake_dagster.languages
    assert fake_dagster.languages[run_id] == ("fr", "es")  # in report order


def test_no_language_ticked_is_english_and_an_unknown_one_is_refused(serve_portal, fake_dagster):
    url = serve_portal()
    form = {"meeting": "StC38", "as_of": "2011-08-31", "form_key": form_key(url)}
    assert requests.post(url + "/runs", data=form, allow_redirects=False, timeout=30).status_code == 303
    assert list(fake_dagster.languages.values()) == [("en",)]
    refused = requests.post(url + "/runs", data={**form, "language": "de"}, allow_redirects=False, timeout=30)
    assert refused.status_code == 400
    assert "'de' is not a language of the report; use one of: en, fr, es, or all" in html.unescape(refused.text)
    assert len(fake_dagster.submitted) == 1


def test_a_report_in_three_languages_offers_each_file(serve_portal, outputs):
    report = outputs / "StC38" / REPORT_FOLDER
    manifest = json.loads((report / "report.json").read_text("utf-8"))
    for code in ("fr", "es"):
        (report / f"UNEP-CMS-StC38-Doc3.{code}.docx").write_bytes(b"PK docx in " + code.encode())
        manifest["files"][f"{code}.docx"] = f"UNEP-CMS-StC38-Doc3.{code}.docx"
    (report / "report.json").write_text(json.dumps(manifest), "utf-8")
    url = serve_portal()
    page = requests.get(url + "/", timeout=30).text
    assert "Download Word (.docx) in French" in page and "Download Word (.docx) in Spanish" in page
    link = f"/reports/StC38/{REPORT_FOLDER}/fr.docx"
    assert link in page
    served = requests.get(url + link, timeout=30)
    assert served.status_code == 200 and served.content == b"PK docx in fr"
    # named for what it is: meeting, status date, language, a draft made then (pipeline/publish/download_name.py)
    assert 'filename="UNEP-CMS-StC38-Doc3_2011-08-31_fr_draft-2026-11-01-0900.docx"' in served.headers["content-disposition"]
    assert requests.get(url + f"/reports/StC38/{REPORT_FOLDER}/de.docx", timeout=30).status_code == 404
