"""A meeting with many reports: the page lists the meeting's report on top and 20 earlier reports a page,
with a way to the older ones and a filter by status date; downloads and a run's progress find any report."""
from __future__ import annotations

import re

import requests

from benchmark.many_reports import make_reports


def test_earlier_reports_come_20_a_page_with_a_filter_by_status_date(serve_portal, outputs):
    made = make_reports(outputs, 65)  # beside the fixture's two; one of them marked as sent
    url = serve_portal()
    first = requests.get(url + "/", timeout=30).text
    assert 'class="newest official"' in first  # the version sent on top
    assert "Reports 1 to 20 of 66 (page 1 of 4)" in first  # 67 reports: the one on top and 66 earlier
    others = first.split('<table class="others">', 1)[1].split("</table>", 1)[0]
    assert len(re.findall(r'data-folder="([^"]+)"', others)) == 20
    older = re.search(r'href="(/\?in=StC38&amp;page=2[^"]*)"', first)[1].replace("&amp;", "&")
    second = requests.get(url + older, timeout=30).text
    assert "Reports 21 to 40 of 66 (page 2 of 4)" in second
    june = requests.get(url + "/", params={"in": "StC38", "status_date": "2011-06-30"}, timeout=30).text
    table = june.split('<table class="others">', 1)[1].split("</table>", 1)[0]
    listed = re.findall(r'data-folder="([^"]+)"', table)
    assert listed and all("as-of-2011-06-30" in folder for folder in listed)
    assert re.search(r'<option value="2011-06-30" selected>30 June 2011 \(\d+\)</option>', june)
    oldest_folder, oldest_run = made[0]
    assert requests.get(f"{url}/reports/StC38/{oldest_folder}/pdf", timeout=30).status_code == 200
    assert requests.get(f"{url}/reports/StC38/{oldest_folder}/docx", timeout=30).status_code == 200
