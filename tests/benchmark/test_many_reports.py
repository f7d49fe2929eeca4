"""The many-reports benchmark: the report folders it makes are reports the page lists and serves, and
one short run gives every figure. (Speed is measured by `python -m benchmark --many-reports`, never
asserted in a test.)"""
from __future__ import annotations

from benchmark.many_reports import make_reports, run
from portal.catalog import Catalog
from tests.conftest import BUNDLED_INPUTS


def test_the_made_folders_are_reports_the_page_lists_with_one_marked_as_sent(tmp_path):
    made = make_reports(tmp_path / "outputs", 30)
    catalog = Catalog(BUNDLED_INPUTS, tmp_path / "outputs")
    listed = catalog.reports("StC38")
    assert len(listed) == 30 and {r.folder for r in listed} == {folder for folder, _ in made}
    assert sum(r.official is not None for r in listed) == 1
    assert {r.as_of for r in listed} == {"2011-08-31", "2011-06-30"}
    assert any(r.languages == ("en", "fr", "es") for r in listed)
    assert catalog.find_file("StC38", made[0][0], "docx") is not None
    assert catalog.report_of_run(made[0][1]).folder == made[0][0]


def test_a_short_run_gives_every_figure(tmp_path):
    (result,) = run([8], requests_each=2, concurrency=2, seconds=0.5, keep=tmp_path / "work")
    assert result["reports"] == 8
    for key in ("first_list_ms", "list_median_ms", "list_per_second", "download_median_ms", "api_runs_median_ms"):
        assert result[key] > 0
