"""`validate` and `run` say when a meeting has no narrative of its own and the default is used,
naming the file to create and the one to copy; the run's Dagster log and metadata say it too."""
from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

from cli.main import main
from tests.conftest import PROJECT
from tests.later_meeting import inputs_with_stc41

TEMPLATES = PROJECT / "templates"


@pytest.fixture
def stc41(tmp_path) -> Path:
    return inputs_with_stc41(tmp_path / "inputs")


@pytest.fixture
def templates(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    monkeypatch.setenv("STC_TEMPLATES_DIR", str(folder))
    return folder


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_validate_says_the_latest_meeting_has_no_narrative_of_its_own(stc41, templates, tmp_path, capsys):
    code, out, _ = run(capsys, "validate", "--inputs", str(stc41), "--outputs", str(tmp_path / "out"))
    assert code == 0
    narrative = templates / "narrative"
    assert (f"Narrative: StC41 has no narrative of its own ({narrative / 'StC41.docx'} does not exist): the report "
            f"uses the default narrative default.docx") in out
    assert f"copy StC38.docx to StC41.docx in {narrative} and edit it in Word." in out
    assert "Narrative: StC41 has no French narrative of its own" in out and "copy StC38.fr.docx to StC41.fr.docx" in out


def test_validate_of_a_meeting_with_its_own_narrative_says_nothing_about_it(stc41, templates, tmp_path, capsys):
    code, out, _ = run(capsys, "validate", "--inputs", str(stc41), "--meeting", "StC38",
                       "--outputs", str(tmp_path / "out"))
    assert code == 0 and "Narrative:" not in out
    shutil.copy(templates / "narrative" / "StC38.docx", templates / "narrative" / "StC41.docx")
    _, out, _ = run(capsys, "validate", "--inputs", str(stc41), "--outputs", str(tmp_path / "out"))
    assert "has no narrative of its own" not in out
    # its own English narrative now calls for its own translations: a French run would stop without one
    assert "the French narrative of StC41 is missing. Translate StC41.docx and save it as StC41.fr.docx" in out


def test_validate_names_a_missing_translation_that_would_stop_the_run(templates, tmp_path, capsys):
    (templates / "narrative" / "StC38.fr.docx").unlink()
    _, out, _ = run(capsys, "validate", "--inputs", str(PROJECT / "inputs"), "--outputs", str(tmp_path / "out"))
    assert f"Narrative: {templates / 'narrative' / 'StC38.fr.docx'}: the French narrative of StC38 is missing" in out


def test_run_says_it_before_the_report_is_made_and_still_makes_it(stc41, templates, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    outputs = tmp_path / "out"
    code, out, err = run(capsys, "run", "--meeting", "StC41", "--inputs", str(stc41), "--outputs", str(outputs),
                         "--no-pdf", "--language", "en,fr")
    assert code == 0, err
    note = out.index("Note: StC41 has no narrative of its own")
    assert "copy StC38.docx to StC41.docx" in out[note:].splitlines()[0]
    assert "Note: StC41 has no French narrative of its own" in out
    assert note < out.index("Report for StC41")
    assert next(outputs.rglob("UNEP-CMS-StC41-Doc3.docx")) and next(outputs.rglob("UNEP-CMS-StC41-Doc3.fr.docx"))

    instance = dg.DagsterInstance.get()
    try:
        event = instance.get_latest_materialization_event(dg.AssetKey("word_document"))
        notes = event.asset_materialization.metadata["narrative_notes"].value
        assert "StC41 has no narrative of its own" in notes and "StC41 has no French narrative" in notes
        logged = [e.message for e in instance.all_logs(event.run_id) if e.level == 30]  # WARNING
        assert any("StC41 has no narrative of its own" in message for message in logged)
    finally:
        instance.dispose()


def test_run_of_a_meeting_with_its_own_narrative_prints_no_note(templates, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    code, out, err = run(capsys, "run", "--meeting", "StC38", "--outputs", str(tmp_path / "out"), "--no-pdf")
    assert code == 0, err
    assert "Note:" not in out and "narrative" not in out
