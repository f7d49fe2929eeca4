"""The translation memory's versions: every import of translations keeps the memory it replaces and
records the new one (who, when, which language), and a kept version can be installed again, from the
command line as the workbooks are; a kept file that is not a memory is refused, nothing changed."""
from __future__ import annotations

import json

import pytest

from cli.main import main
from pipeline.inputs.translation_memory import MEMORY_FILE, load_memory
from pipeline.publish.input_store import (MEMORY_CHANGED, MEMORY_RESTORED, InputsRefused, history, kept_path,
                                          restore_input, store_folder)
from pipeline.publish.translations import export_translations, import_translations
from tests.pipeline.publish.test_translations import translated


def _two_imports(inputs, outputs) -> tuple[str, str]:
    """French then Spanish imported: the memory's checksums after each."""
    import_translations(inputs, outputs, translated(export_translations(inputs, "fr")[0]), "amina", "fr.xlf")
    french = history(outputs, MEMORY_FILE)[0].checksum
    import_translations(inputs, outputs, translated(export_translations(inputs, "es")[0], "ES "), "carla", "es.xlf")
    return french, history(outputs, MEMORY_FILE)[0].checksum


def test_each_import_records_the_memory_and_an_earlier_one_can_be_restored(inputs_copy, tmp_path):
    outputs = tmp_path / "outputs"
    french, spanish = _two_imports(inputs_copy, outputs)
    versions = history(outputs, MEMORY_FILE)
    assert [(v.action, v.by) for v in versions] == [(MEMORY_CHANGED, "carla"), (MEMORY_CHANGED, "amina")]
    assert versions[0].note == "Spanish from es.xlf" and versions[1].note == "French from fr.xlf"
    assert set(load_memory(inputs_copy).texts) == {"fr", "es"}
    restored = restore_input(inputs_copy, outputs, french[:10], "amina")
    assert restored.action == MEMORY_RESTORED and restored.checksum == french
    memory = json.loads((inputs_copy / MEMORY_FILE).read_text("utf-8"))
    kept_french = json.loads(kept_path(outputs, french, ".json").read_text("utf-8"))
    assert memory == kept_french and set(memory["texts"]) == {"fr"}  # the memory before Spanish is back
    assert kept_path(outputs, spanish, ".json") is not None  # and the one it replaced is kept
    with pytest.raises(InputsRefused, match="current version"):
        restore_input(inputs_copy, outputs, french, "amina")


def test_a_kept_file_that_is_not_a_memory_is_refused_and_nothing_changes(inputs_copy, tmp_path):
    outputs = tmp_path / "outputs"
    french, spanish = _two_imports(inputs_copy, outputs)
    kept = kept_path(outputs, french, ".json")
    kept.chmod(0o644)
    kept.write_text("{not json", "utf-8")
    before = (inputs_copy / MEMORY_FILE).read_bytes()
    with pytest.raises(InputsRefused) as refused:
        restore_input(inputs_copy, outputs, french, "amina")
    assert "cannot be used" in str(refused.value) and str(store_folder(outputs)) in str(refused.value)
    assert "Nothing was changed" in str(refused.value)
    assert (inputs_copy / MEMORY_FILE).read_bytes() == before


def test_the_command_line_lists_and_restores_the_memorys_versions(inputs_copy, tmp_path, capsys):
    outputs = tmp_path / "outputs"
    folders = ["--inputs", str(inputs_copy), "--outputs", str(outputs)]
    assert main(["inputs", "history", *folders]) == 0
    assert f"{MEMORY_FILE}: current version (none yet)" in capsys.readouterr().out
    french, spanish = _two_imports(inputs_copy, outputs)
    assert main(["inputs", "history", *folders]) == 0
    listed = capsys.readouterr().out.split(f"{MEMORY_FILE}:", 1)[1]
    assert f"current version {spanish[:12]}" in listed
    assert "translations imported by carla" in listed and "Spanish from es.xlf  (current)" in listed
    assert "translations imported by amina" in listed and "problems" not in listed
    assert main(["inputs", "restore", french[:12], *folders]) == 0
    assert f"Installed {inputs_copy / MEMORY_FILE}" in capsys.readouterr().out
    assert main(["inputs", "restore", "0123456789ab", *folders]) == 1
    assert "No kept version" in capsys.readouterr().err
