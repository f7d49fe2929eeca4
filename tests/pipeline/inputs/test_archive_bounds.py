"""Zip bombs are refused before anything unpacks them, wherever the product opens a .docx or .xlsx,
with a message naming the file, the part and the bound; real files pass."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from pipeline.inputs import archive_bounds
from pipeline.inputs.archive_bounds import ArchiveTooLarge, check_unpacked_size, unpacked_problem
from pipeline.inputs.load import check_inputs
from pipeline.inputs.programme_workbook import ImportRefused, add_to_programmes
from pipeline.inputs.word_programme import WordProgrammeError, open_document
from pipeline.word.templates import TemplateError, open_docx
from tests.conftest import PROJECT
from tests.zip_bombs import understate, write_bomb, xlsx_bomb

BOUNDS = "more than the 100 MB a part may"


@pytest.fixture(scope="module")
def docx_bomb(tmp_path_factory) -> Path:
    return write_bomb(tmp_path_factory.mktemp("bomb") / "programme.docx")  # 1.1 GB unpacked, 5 MB packed


def test_the_bundled_inputs_and_templates_pass():
    files = [*(PROJECT / "inputs").glob("*.xlsx"), *(PROJECT / "templates").rglob("*.docx")]
    assert files and [f for f in files if unpacked_problem(f)] == []


def test_a_bomb_is_refused_from_its_directory_naming_file_part_and_bound(docx_bomb):
    assert docx_bomb.stat().st_size < 10 * 1024 * 1024
    problem = unpacked_problem(docx_bomb, "programme.docx", "Word document")
    assert problem.startswith("programme.docx was not opened: its part word/document.xml would unpack to 1,100 MB, "
                              f"{BOUNDS}. A real Word document is far smaller")
    with pytest.raises(ArchiveTooLarge, match="zip bomb"):
        check_unpacked_size(docx_bomb)


def test_a_part_packed_too_tightly_too_many_parts_and_too_much_together(tmp_path, monkeypatch):
    dense = write_bomb(tmp_path / "dense.docx", megabytes=20)  # 20 MB at about 200:1
    assert "20 MB from " in unpacked_problem(dense) and "more than 100 times is refused" in unpacked_problem(dense)
    monkeypatch.setattr(archive_bounds, "MAX_ENTRIES", 2)
    assert "holds 3 parts, more than the 2 a document may hold" in unpacked_problem(dense)
    monkeypatch.setattr(archive_bounds, "MAX_ENTRIES", 5_000)
    monkeypatch.setattr(archive_bounds, "MAX_TOTAL_MB", 15)
    monkeypatch.setattr(archive_bounds, "MAX_RATIO", 1_000)
    assert "its parts would unpack to 20 MB together, more than the 15 MB" in unpacked_problem(dense)


def test_a_part_that_unpacks_to_more_than_its_directory_says_is_refused(tmp_path):
    lying = understate(write_bomb(tmp_path / "lying.docx", megabytes=30), "word/document.xml", 1000)
    assert zipfile.ZipFile(lying).getinfo("word/document.xml").file_size == 1000
    assert ("its part word/document.xml unpacks to more than the 1,000 bytes the file says"
            in unpacked_problem(lying))
    with pytest.raises(WordProgrammeError, match="unpacks to more than"):
        open_document(lying)


def test_not_a_zip_or_damaged_is_left_to_the_callers_own_words(tmp_path):
    text = tmp_path / "notes.docx"
    text.write_text("just text")
    assert unpacked_problem(text) == ""
    assert unpacked_problem(tmp_path / "missing.docx") == ""


def test_the_word_programme_reader_refuses_a_bomb(docx_bomb):
    with pytest.raises(WordProgrammeError, match=f"^upload.docx was not opened: .*{BOUNDS}"):
        open_document(docx_bomb, "upload.docx")


def test_the_template_and_narrative_reader_refuses_a_bomb(docx_bomb):
    with pytest.raises(TemplateError, match=f"{BOUNDS}. A real narrative \\(.docx\\) is far smaller"):
        open_docx(docx_bomb, "narrative")


def test_an_input_workbook_bomb_is_a_fatal_problem_naming_the_file(inputs_copy, tmp_path):
    xlsx_bomb(PROJECT / "inputs" / "programmes.xlsx", tmp_path / "bomb.xlsx", megabytes=300)
    (tmp_path / "bomb.xlsx").replace(inputs_copy / "programmes.xlsx")
    inputs, issues = check_inputs(inputs_copy)
    assert inputs is None
    fatal = [i for i in issues if i.fatal and i.file == "programmes.xlsx" and "was not opened" in i.expected]
    assert len(fatal) == 1
    assert "its part xl/worksheets/sheet1.xml would unpack to 300 MB" in fatal[0].expected
    assert "A real Excel workbook is far smaller" in fatal[0].expected


def test_adding_to_a_programmes_workbook_that_is_a_bomb_adds_nothing(inputs_copy, tmp_path):
    xlsx_bomb(PROJECT / "inputs" / "programmes.xlsx", tmp_path / "bomb.xlsx", megabytes=300)
    (tmp_path / "bomb.xlsx").replace(inputs_copy / "programmes.xlsx")
    before = (inputs_copy / "programmes.xlsx").read_bytes()
    with pytest.raises(ImportRefused, match="^Nothing added: .*programmes.xlsx was not opened"):
        add_to_programmes(inputs_copy, {"Programmes": [{"id": "JWP X"}]}, [])
    assert (inputs_copy / "programmes.xlsx").read_bytes() == before
