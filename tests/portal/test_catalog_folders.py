"""When the inputs cannot be read, the page still lists the meetings' reports, and only them."""
from __future__ import annotations

from datetime import date, datetime

from pipeline.publish.manifest import build_manifest, write_manifest
from portal.catalog import Catalog


def test_only_folders_holding_reports_are_listed_when_the_inputs_cannot_be_read(tmp_path):
    outputs = tmp_path / "outputs"
    report = outputs / "StC38" / "2026-12-01_101500_as-of-2011-08-31_abcd1234"
    report.mkdir(parents=True)
    write_manifest(report, build_manifest(meeting="StC38", symbol="UNEP/CMS/StC38/Doc.3", as_of=date(2011, 8, 31),
                                          generated_at=datetime(2026, 12, 1, 10, 15), run_id="abcd1234",
                                          summary={}))
    (outputs / "snapshots").mkdir()
    (outputs / "snapshots" / "2011-08.json").write_text("{}", "utf-8")
    (outputs / "imports").mkdir()
    (outputs / "imports" / "2026-12-01_101500_JWP-2015-2017.xlsx").write_bytes(b"")
    missing_inputs = tmp_path / "no-inputs"
    missing_inputs.mkdir()

    views, problem = Catalog(missing_inputs, outputs).meeting_views()

    assert problem  # the inputs' problem is said on the page
    assert [v.code for v in views] == ["StC38"]
    assert len(views[0].reports) == 1
