"""What a person checks in a published report folder, and the command line as staff run it."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl

from tests.conftest import PROJECT

STC_REPORT = str(Path(sys.executable).parent / "stc-report")
# Status dates inside StC38's programmes and before the meeting: none of them needs a confirmation.
AS_OF_DATES = [date(2009, 8, 31), date(2010, 2, 28), date(2010, 8, 31), date(2011, 2, 28), date(2011, 5, 31),
               date(2011, 8, 31)]


def long_date(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def assert_report_as_requested(folder: Path, meeting: str, as_of: date, others: list[date] = ()) -> dict:
    """The folder's label, its document's text, its workbook and report.json all carry `as_of`."""
    assert f"_as-of-{as_of.isoformat()}_" in folder.name, folder
    manifest = json.loads((folder / "report.json").read_text("utf-8"))
    assert manifest["meeting"] == meeting and manifest["as_of"] == as_of.isoformat(), manifest
    assert manifest["run_id"][:8] == folder.name.rsplit("_", 1)[1]
    text = docx_text(folder / manifest["files"]["docx"])
    assert f"As of {long_date(as_of)}," in text, (folder, as_of)
    for other in others:
        if other != as_of:
            assert f"As of {long_date(other)}" not in text, (folder, other)
    book = openpyxl.load_workbook(folder / manifest["files"]["xlsx"], read_only=True)
    summary = book["Summary"]
    assert summary["A4"].value == "Status as of"
    assert summary["B4"].value == datetime(as_of.year, as_of.month, as_of.day), (folder, summary["B4"].value)
    book.close()
    return manifest


def visible_reports(outputs: Path, meeting_folder: str = "StC38") -> list[Path]:
    folder = outputs / meeting_folder
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")) if folder.is_dir() else []


def checksums(folder: Path) -> dict[str, str]:
    """Every file's sha256, but the meetings' indexes of reports, which each publication rightly updates."""
    from pipeline.publish.report_index import INDEX, INDEX_LOCK

    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name not in (INDEX, INDEX_LOCK)}


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DAGSTER_HOME": str(home), **extra}
    for name in ("STC_INPUTS_DIR", "STC_OUTPUTS_DIR", "STC_PORTAL_TOKEN"):
        env.pop(name, None)
    return env


def start_run(home: Path, outputs: Path, as_of: date, meeting: str = "StC38", **extra: str) -> subprocess.Popen:
    return subprocess.Popen([STC_REPORT, "run", "--meeting", meeting, "--as-of", as_of.isoformat(),
                             "--outputs", str(outputs)],
                            cwd=PROJECT, env=cli_env(home, **extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
