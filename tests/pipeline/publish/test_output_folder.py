"""Report folders: staged, then moved into place; earlier reports never touched."""
from datetime import date, datetime
import json

import pytest

from pipeline.publish.output_folder import (
    discard_run,
    file_stem,
    publish,
    published_reports,
    run_folder_name,
    staging_folder,
)


def test_file_name_comes_from_the_document_symbol():
    assert file_stem("UNEP/CMS/StC38/Doc.3") == "UNEP-CMS-StC38-Doc3"


def test_publish_moves_the_whole_folder_and_writes_a_manifest(tmp_path):
    staging = staging_folder(tmp_path, "StC38", "run-1")
    (staging / "UNEP-CMS-StC38-Doc3.docx").write_bytes(b"doc")
    (staging / "UNEP-CMS-StC38-Doc3.xlsx").write_bytes(b"xls")
    name = run_folder_name(date(2011, 8, 31), datetime(2026, 11, 28, 10, 0, 0), "run-1")
    published = publish(staging, name, {"meeting": "StC38"})
    assert not staging.exists()
    assert published.folder.parent == tmp_path / "StC38"
    assert published.files["docx"].read_bytes() == b"doc"
    manifest = json.loads((published.folder / "report.json").read_text())
    assert manifest["files"] == {"docx": "UNEP-CMS-StC38-Doc3.docx", "xlsx": "UNEP-CMS-StC38-Doc3.xlsx"}
    assert published_reports(tmp_path, "StC38") == [published.folder]


def test_publish_never_replaces_an_earlier_report(tmp_path):
    earlier = tmp_path / "StC38" / "same-name"
    earlier.mkdir(parents=True)
    (earlier / "keep.docx").write_bytes(b"earlier")
    staging = staging_folder(tmp_path, "StC38", "run-2")
    (staging / "new.docx").write_bytes(b"new")
    with pytest.raises(FileExistsError):
        publish(staging, "same-name", {})
    assert (earlier / "keep.docx").read_bytes() == b"earlier"


def test_a_failed_run_leaves_no_staging_folder(tmp_path):
    staging = staging_folder(tmp_path, "StC38", "run-3")
    (staging / "half.docx").write_bytes(b"half")
    discard_run(tmp_path, "run-3")
    assert list((tmp_path / "StC38").iterdir()) == []
