"""Status at a glance for people: a short description beside each code, and a status date that may
mislead is said as the form says it."""
from __future__ import annotations

import html

import requests

from pipeline.inputs.load import read_inputs
from pipeline.status.glance import short_description
from tests.conftest import BUNDLED_INPUTS


def test_a_short_description_is_the_first_sentence_or_cut_at_a_word():
    assert short_description("Establish a common database for species covered by the two Conventions.") == \
        "Establish a common database for species covered by the two Conventions"
    cut = short_description("Finalize an updated concordance list of species in the Appendices of the two Conventions.")
    assert cut == "Finalize an updated concordance list of species in the Appendices of…"
    assert short_description("Do it. Then more.") == "Do it"
    assert short_description("") == ""


def test_each_activity_shows_its_short_description_beside_its_code(serve_portal):
    page = html.unescape(requests.get(serve_portal() + "/meetings/StC38/status", timeout=30).text)
    for activity in read_inputs(BUNDLED_INPUTS).activities[:5]:
        assert f"<td><span title=\"{activity.description}\">{activity.code}</span></td>\n      <td class=\"what\" " in page
        assert f">{short_description(activity.description)}</td>" in page


def test_a_future_status_date_is_warned_about_like_the_form(serve_portal):
    url = serve_portal()
    future = html.unescape(requests.get(url + "/meetings/StC38/status", params={"as_of": "31 March 2027"}, timeout=30).text)
    assert 'id="glance-as-of-warning"' in future
    assert "The status date 31 March 2027 is in the future" in future
    assert "The status date 31 March 2027 is after the meeting" in future
    sensible = requests.get(url + "/meetings/StC38/status", timeout=30).text
    assert 'id="glance-as-of-warning"' not in sensible
