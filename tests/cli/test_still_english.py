"""Each French or Spanish edition says what is still in English (issue 20, point 3): the run's output,
report.json (read by the page) and the workbook's Summary give the same counts, and the Data issues sheet
lists exactly the total they name; after a translator's file is imported, nothing is left in English."""
from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest

from cli.main import main
from pipeline.publish.translations import export_translations, import_translations
from tests.pipeline.publish.test_translations import translated


@pytest.fixture(autouse=True)
def private_dagster_home(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))


def french_run(capsys, inputs: Path, outputs: Path) -> tuple[str, dict, list, int]:
    """(the run's output, report.json's editions, the Summary's first column, the Data issues sheet's rows)."""
    assert main(["run", "--meeting", "StC38", "--language", "fr", "--no-pdf", "--inputs", str(inputs),
                 "--outputs", str(outputs)]) == 0
    out = capsys.readouterr().out
    folder = max((outputs / "StC38").iterdir())
    editions = json.loads((folder / "report.json").read_text("utf-8"))["editions"]
    book = openpyxl.load_workbook(next(folder.glob("*.fr.xlsx")))
    summary = [book["Synthèse"].cell(row=r, column=1).value for r in range(1, 8)]
    return out, editions, summary, book["Problèmes de données"].max_row - 1


def test_the_counts_agree_and_name_what_they_count(capsys, inputs_copy, tmp_path):
    out, editions, summary, listed = french_run(capsys, inputs_copy, tmp_path / "out")
    still, total = editions["fr"]["still_english"], editions["fr"]["data_issues"]
    assert still == 168 and total == listed == 187
    line = next(l for l in out.splitlines() if l.startswith("French edition: "))
    assert (f"still in English: {still} staff texts with no French translation. Its workbook's 'Data issues' "
            f"sheet lists {total} data issues: those {still} and {total - still} about the inputs.") in line
    assert f"Data issues, in the inputs (see `stc-report validate`): {total - still} data issues" in out
    said = next(v for v in summary if v and v.startswith("Encore en anglais"))
    assert [int(n) for n in re.findall(r"\d+", said)] == [still, total]

    data, _ = export_translations(inputs_copy, "fr")
    import_translations(inputs_copy, tmp_path / "out", translated(data), "tester")
    out, editions, summary, listed = french_run(capsys, inputs_copy, tmp_path / "out")
    assert editions["fr"] == {"data_issues": listed, "still_english": 0}
    assert "French edition: no staff text is still in English." in out
    assert "Encore en anglais\u00a0: aucun texte du Secrétariat\u00a0; tous sont traduits." in summary


def test_a_run_reads_the_translation_memory_and_keeps_the_version_it_read(capsys, inputs_copy, tmp_path):
    """Translations known only to the memory (none in the workbooks' columns) reach the run's French edition;
    the memory's version the run read is kept and recorded beside the workbooks'."""
    import shutil

    from pipeline.inputs.translation_memory import MEMORY_FILE
    from pipeline.publish.input_store import kept_path

    data, _ = export_translations(inputs_copy, "fr")
    import_translations(inputs_copy, tmp_path / "translated-out", translated(data), "tester")
    fresh = tmp_path / "fresh"
    shutil.copytree(inputs_copy.parent / "inputs", fresh, ignore=shutil.ignore_patterns("*.xlsx"))
    for workbook in ("programmes.xlsx", "meeting_log.xlsx", "meetings.xlsx"):  # the untranslated workbooks
        shutil.copyfile(Path(__file__).resolve().parents[2] / "inputs" / workbook, fresh / workbook)
    assert (fresh / MEMORY_FILE).is_file()
    out, editions, summary, listed = french_run(capsys, fresh, tmp_path / "out")
    assert editions["fr"]["still_english"] == 0
    folder = max((tmp_path / "out" / "StC38").iterdir())
    recorded = json.loads((folder / "report.json").read_text("utf-8"))["inputs"]
    assert kept_path(tmp_path / "out", recorded[MEMORY_FILE], ".json") is not None
