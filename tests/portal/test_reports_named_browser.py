"""Issue 18 points 1, 3 and 7 in Chromium, as an officer meets them: the file saved from the page is
named for what it is (meeting, status date, language, sent or draft); what is on top is the
meeting's report at its own status date, not the newest what-if; status at a glance shows each
code with a short description and warns about a status date that may mislead."""
from __future__ import annotations

import json

import pytest

from pipeline.inputs.load import read_inputs
from pipeline.status.glance import short_description
from portal.app import create_app
from portal.catalog import Catalog
from tests.conftest import BUNDLED_INPUTS
from tests.portal.conftest import REPORT_FOLDER, write_report
from tests.portal.test_staff_page_browser import served  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.integration]

WHAT_IF = "2026-12-01_090000_as-of-2011-06-30_0badcafe"


def _what_if_made_later(outputs):
    """A report made after the meeting's own, at another status date (30 June 2011), in English and French."""
    folder = write_report(outputs / "StC38", WHAT_IF, "0badcafe-0000-4000-8000-000000000003", "2011-06-30")
    manifest = json.loads((folder / "report.json").read_text("utf-8"))
    manifest["generated_at"] = "2026-12-01T09:00:00"
    (folder / "UNEP-CMS-StC38-Doc3.fr.docx").write_bytes(b"PK fr docx")
    manifest["files"]["fr.docx"] = "UNEP-CMS-StC38-Doc3.fr.docx"
    (folder / "report.json").write_text(json.dumps(manifest), "utf-8")


def test_the_saved_file_is_named_for_what_it_is_and_the_meetings_report_stays_on_top(
        browser, served, outputs, fake_dagster):  # noqa: F811
    _what_if_made_later(outputs)
    url = served(create_app(Catalog(BUNDLED_INPUTS, outputs), fake_dagster))
    page = browser.new_page(accept_downloads=True)
    page.goto(url + "/")
    top = page.locator("#first-StC38")
    assert "31 August 2011" in top.inner_text()  # the meeting's own status date, though made earlier
    assert "30 June 2011" not in top.inner_text()
    earlier = page.locator("table.others tr[data-folder='%s']" % WHAT_IF)
    assert "English, French" in earlier.locator("td.languages").inner_text()

    with page.expect_download() as saved:
        top.locator("a", has_text="Download Word").first.click()
    assert saved.value.suggested_filename == "UNEP-CMS-StC38-Doc3_2011-08-31_en_draft-2026-11-01-0900.docx"
    with page.expect_download() as saved:
        earlier.locator("a", has_text="French").first.click()
    assert saved.value.suggested_filename.startswith("UNEP-CMS-StC38-Doc3_2011-06-30_fr_draft-")

    # marked as sent: the name says so
    top.locator("button", has_text="Mark as sent").click()
    page.locator("button", has_text="Yes, mark it").click()
    assert page.locator("#done-message").is_visible()
    with page.expect_download() as saved:
        page.locator("#first-StC38 a", has_text="Download Word").first.click()
    assert saved.value.suggested_filename == "UNEP-CMS-StC38-Doc3_2011-08-31_en_sent.docx"
    page.close()
    assert (outputs / "StC38" / REPORT_FOLDER / "report.json").exists()


def test_status_at_a_glance_names_each_activity_and_warns_about_a_future_date(
        browser, served, outputs, fake_dagster):  # noqa: F811
    url = served(create_app(Catalog(BUNDLED_INPUTS, outputs), fake_dagster))
    page = browser.new_page()
    page.goto(url + "/meetings/StC38/status")
    first = read_inputs(BUNDLED_INPUTS).activities[0]
    row = page.locator("tr", has=page.locator(f"text='{first.code}'")).first
    assert short_description(first.description) in row.inner_text()
    assert page.locator("#glance-as-of-warning").count() == 0
    page.goto(url + "/meetings/StC38/status?as_of=31+March+2027")
    assert "is in the future" in page.locator("#glance-as-of-warning").inner_text()
    page.close()
