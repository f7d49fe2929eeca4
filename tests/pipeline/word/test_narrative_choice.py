"""Which narrative a meeting's report uses, in each language, and what staff are told about it:
a meeting without its own narrative is never silently given the default."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.word.templates import MissingNarrative, choose_narrative, narrative_in, narrative_notes
from tests.conftest import PROJECT

TEMPLATES = PROJECT / "templates"


@pytest.fixture
def templates(tmp_path) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    return folder


def test_a_meeting_with_its_own_narrative_needs_no_note(templates):
    for code in ("en", "fr", "es"):
        choice = choose_narrative(templates, "StC38", code)
        assert choice.own and choice.note == ""
        assert choice.path.name == ("StC38.docx" if code == "en" else f"StC38.{code}.docx")
    assert narrative_notes(templates, "StC38") == []


def test_a_meeting_without_one_is_told_which_file_to_create_and_what_to_copy(templates):
    folder = templates / "narrative"
    choice = choose_narrative(templates, "StC41")
    assert choice.path == folder / "default.docx" and not choice.own
    assert choice.note == (
        f"StC41 has no narrative of its own ({folder / 'StC41.docx'} does not exist): the report uses the default "
        f"narrative default.docx (one general Background sentence, then the generated paragraphs). To give StC41 "
        f"its own text, copy StC38.docx to StC41.docx in {folder} and edit it in Word.")
    assert narrative_in(templates, "StC41") == (choice.path, choice.note)  # what the run logs and prints


def test_in_french_and_spanish_the_default_is_named_too(templates):
    french = choose_narrative(templates, "StC41", "fr")
    assert french.path.name == "default.fr.docx" and not french.own
    assert "StC41 has no French narrative of its own" in french.note
    assert "copy StC38.fr.docx to StC41.fr.docx" in french.note
    notes = narrative_notes(templates, "StC41")
    assert [n.split(" narrative")[0] for n in notes] == ["StC41 has no", "StC41 has no French", "StC41 has no Spanish"]


def test_the_latest_earlier_meeting_is_the_one_to_copy(templates):
    folder = templates / "narrative"
    shutil.copy(folder / "StC38.docx", folder / "StC39.docx")
    shutil.copy(folder / "StC38.docx", folder / "StC45.docx")
    assert "copy StC39.docx to StC41.docx" in choose_narrative(templates, "StC41").note
    assert "copy StC45.docx to StC9.docx" in choose_narrative(templates, "StC9").note  # none earlier: the latest


def test_once_the_file_is_made_the_note_goes(templates):
    folder = templates / "narrative"
    shutil.copy(folder / "StC38.docx", folder / "StC41.docx")
    assert narrative_notes(templates, "StC41", ("en",)) == []
    assert choose_narrative(templates, "StC41").path == folder / "StC41.docx"


def test_a_translation_of_its_own_is_used_even_where_english_is_the_default(templates):
    folder = templates / "narrative"
    shutil.copy(folder / "StC38.fr.docx", folder / "StC41.fr.docx")
    choice = choose_narrative(templates, "StC41", "fr")
    assert choice.own and choice.path == folder / "StC41.fr.docx" and choice.note == ""


def test_a_missing_translation_still_stops_unless_english_is_asked_for(templates):
    folder = templates / "narrative"
    (folder / "StC38.es.docx").unlink()
    with pytest.raises(MissingNarrative, match="the Spanish narrative of StC38 is missing"):
        choose_narrative(templates, "StC38", "es")
    fallback = choose_narrative(templates, "StC38", "es", fallback_english=True)
    assert fallback.path.name == "StC38.docx" and "uses the English narrative StC38.docx" in fallback.note
    [note] = narrative_notes(templates, "StC38")  # never raises: the stop is said as a note
    assert note.startswith(f"{folder / 'StC38.es.docx'}: the Spanish narrative of StC38 is missing")
    (folder / "default.es.docx").unlink()
    with pytest.raises(MissingNarrative, match="default.es.docx: the Spanish narrative of StC41 is missing"):
        choose_narrative(templates, "StC41", "es")
