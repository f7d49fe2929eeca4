"""Report folders: staged, then moved into place; earlier reports never touched."""
from datetime import date, datetime
import json

import pytest

from pipeline.publish.report_index import report_folder_names
from pipeline.publish.output_folder import (
    discard_run,
    file_stem,
    publish,
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
    assert report_folder_names(tmp_path / "StC38") == {published.folder.name}  # what the page lists


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


@pytest.mark.parametrize("code", ["..", ".", "a/b", "StC 39", "../../etc", "StC39/../..", " ", "", "é/ü", "x" * 200])
def test_any_meeting_code_becomes_one_plain_folder_inside_outputs(tmp_path, code):
    from pipeline.publish.output_folder import meeting_folder_name

    name = meeting_folder_name(code)
    assert name and "/" not in name and not name.startswith(".") and len(name) <= 80
    assert meeting_folder_name(name) == name  # a folder name maps to itself: the page finds it again
    staging = staging_folder(tmp_path, code, "run-x")
    assert staging.parent.parent == tmp_path and staging.parent.name == name
    published = publish(staging, "report", {"meeting": code})
    assert published.folder.resolve().is_relative_to(tmp_path.resolve())
    assert report_folder_names(tmp_path / name) == {published.folder.name}


def test_plain_codes_keep_their_name_and_different_codes_never_share_a_folder():
    from pipeline.publish.output_folder import meeting_folder_name

    assert meeting_folder_name("StC38") == "StC38" and meeting_folder_name("StC_38b") == "StC_38b"
    codes = ["StC 39", "StC_39", "StC/39", "StC?39", "a/b", "a_b", "..", "."]
    assert len({meeting_folder_name(c) for c in codes}) == len(codes)


def test_the_manifest_is_written_whole_and_read_back(tmp_path):
    from pipeline.publish.manifest import build_manifest, read_manifest, write_manifest

    manifest = build_manifest(meeting="StC 39", symbol="UNEP/CMS/StC39/Doc.3", as_of=date(2013, 8, 31),
                              generated_at=datetime(2013, 9, 1, 10, 0), run_id="abc",
                              summary={"JWP": {"In progress": 3}}, no_pdf="LibreOffice is not installed")
    write_manifest(tmp_path, {**manifest, "files": {"docx": "a.docx", "xlsx": "../b.xlsx", "exe": "c.exe"}})
    read = read_manifest(tmp_path)
    assert (read.meeting, read.as_of, read.run_id, read.no_pdf) == (
        "StC 39", "2013-08-31", "abc", "LibreOffice is not installed")
    assert read.files == {"docx": "a.docx"}  # only plain names of the kinds served
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    (tmp_path / "report.json").write_text("[1, 2]", "utf-8")
    assert read_manifest(tmp_path) is None
