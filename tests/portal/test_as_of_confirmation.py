"""A status date that would mislead (in the future, after the meeting, before every programme
starts) needs a tick in "This status date is intended"; a report made that way is labelled
and never silently the meeting's "Latest report"."""
from __future__ import annotations

import json

import pytest
import requests

from tests.portal.conftest import REPORT_FOLDER, form_key, write_report

FLAGGED = "2026-11-20_090000_as-of-2012-06-30_fedcba98"
WARNING = ("The status date 30 June 2012 is after the meeting: StC38 opens on 19 November 2011, "
           "and a report to it cannot know what happens after that.")


@pytest.mark.parametrize("typed, as_of, shown, words", [
    ("2099-01-31", "2099-01-31", "31 January 2099", "is in the future"),
    ("30 June 2012", "2012-06-30", "30 June 2012", "is after the meeting: StC38 opens on 19 November 2011"),
    ("31 Aug 2005", "2005-08-31", "31 August 2005", "is before every programme of StC38 starts"),
])
def test_a_misleading_date_starts_nothing_until_it_is_confirmed(serve_portal, fake_dagster, typed, as_of, shown,
                                                                 words):
    url = serve_portal()
    form = {"meeting": "StC38", "as_of": typed, "form_key": form_key(url)}
    refused = requests.post(url + "/runs", data=form, allow_redirects=False, timeout=30)
    assert refused.status_code == 400 and fake_dagster.submitted == []
    assert "This status date would give a misleading report. Nothing was started." in refused.text
    assert words in refused.text
    # the date is shown back as the page writes every date
    assert 'name="as_of_intended"' in refused.text and f'value="{shown}"' in refused.text

    confirmed = requests.post(url + "/runs", data={**form, "as_of_intended": "yes"}, allow_redirects=False,
                              timeout=30)
    assert confirmed.status_code == 303 and fake_dagster.submitted == [("StC38", as_of)]


def test_a_sensible_date_needs_no_confirmation(serve_portal, fake_dagster):
    url = serve_portal()
    page = requests.get(url + "/", timeout=30).text
    assert 'name="as_of_intended"' not in page
    answer = requests.post(url + "/runs", data={"meeting": "StC38", "as_of": "2011-06-30", "form_key": form_key(url)},
                           allow_redirects=False, timeout=30)
    assert answer.status_code == 303 and fake_dagster.submitted == [("StC38", "2011-06-30")]


def test_a_report_made_with_a_misleading_date_is_labelled_and_not_the_latest(serve_portal, outputs):
    flagged = write_report(outputs / "StC38", FLAGGED, "fedcba98-0000-4000-8000-000000000009", "2012-06-30")
    manifest = json.loads((flagged / "report.json").read_text("utf-8"))
    (flagged / "report.json").write_text(json.dumps({**manifest, "as_of_warnings": [WARNING]}), "utf-8")
    page = requests.get(serve_portal() + "/", timeout=30).text
    latest, earlier = page.index("Latest report"), page.index("Earlier reports")
    assert latest < page.index(REPORT_FOLDER) < earlier  # the newest sensible report stays the latest
    assert page.index(FLAGGED) > earlier
    assert "Status date may mislead (made on purpose): The status date 30 June 2012 is after the meeting" in page
