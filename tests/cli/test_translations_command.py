"""`stc-report translations export|import` as staff type it: the file written, the summary printed, a
stale text and a malformed file refused with a message and no traceback."""
from __future__ import annotations

from cli.main import main
from tests.conftest import find_row, set_cell
from tests.pipeline.publish.test_translations import translated


def test_export_then_import_on_the_command_line(inputs_copy, tmp_path, capsys):
    outputs, xlf = tmp_path / "outputs", tmp_path / "fr.xlf"
    folders = ["--inputs", str(inputs_copy), "--outputs", str(outputs)]
    assert main(["translations", "export", "--language", "fr", str(xlf), *folders]) == 0
    assert "168 texts to translate into French" in capsys.readouterr().out
    assert main(["translations", "export", "--language", "fr", str(xlf), *folders]) == 2  # never overwritten
    assert "exists already" in capsys.readouterr().err
    done = tmp_path / "fr-done.xlf"
    done.write_bytes(translated(xlf.read_bytes()))
    row = find_row(inputs_copy, "meeting_log.xlsx", "Log", "Entry", "L05")
    set_cell(inputs_copy, "meeting_log.xlsx", "Log", row, "Summary", "Changed after the export.")
    assert main(["translations", "import", str(done), *folders]) == 1
    out = capsys.readouterr().out
    assert "167 French translations written into the inputs" in out
    assert f"meeting_log.xlsx, sheet 'Log', row {row} (L05), column 'Summary': the English text has changed" in out


def test_a_malformed_file_is_refused_without_a_traceback(inputs_copy, tmp_path, capsys):
    bad = tmp_path / "bad.xlf"
    bad.write_text("<xliff><file>", "utf-8")
    assert main(["translations", "import", str(bad), "--inputs", str(inputs_copy),
                 "--outputs", str(tmp_path / "outputs")]) == 1
    err = capsys.readouterr().err
    assert "bad.xlf: The file is not well-formed XML" in err and "Nothing was changed" in err
    assert "Traceback" not in err
