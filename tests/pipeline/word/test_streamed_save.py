"""The Word document saved with each XML part serialised into the zip (pipeline/word/streamed_save.py)
holds the same parts, in the same order, with the same bytes, as python-docx's own `Document.save`."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from pipeline.assemble import build_report
from pipeline.inputs.load import read_inputs
from pipeline.report_model import in_language
from pipeline.word import document as word_document
from pipeline.word.templates import narrative_in, report_template
from tests.conftest import BUNDLED_INPUTS, PROJECT
from tests.test_outputs_unchanged import GENERATED_AT


def _parts(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as z:
        return [(info.filename, z.read(info)) for info in z.infolist()]


@pytest.fixture(scope="module")
def stc38():
    return build_report(read_inputs(BUNDLED_INPUTS), "StC38", generated_at=GENERATED_AT)


@pytest.mark.parametrize("code", ["en", "fr"])
def test_the_same_parts_as_python_docx_saves(stc38, code, tmp_path, monkeypatch):
    templates = PROJECT / "templates"
    report = in_language(stc38, code)
    args = (report_template(templates), narrative_in(templates, "StC38", code, fallback_english=True)[0])
    streamed = _parts(word_document.write_docx(report, tmp_path / "streamed.docx", *args))
    monkeypatch.setattr(word_document, "save_document", lambda document, stream: document.save(stream))
    saved = _parts(word_document.write_docx(report, tmp_path / "saved.docx", *args))
    assert [name for name, _ in streamed] == [name for name, _ in saved]
    for (name, ours), (_, theirs) in zip(streamed, saved):
        assert ours == theirs, name
    assert len(dict(streamed)["word/document.xml"]) > 50_000  # the annexes are in it
