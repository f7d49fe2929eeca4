"""What changed in the input workbooks between two versions of them (the inputs of the report sent to
the Committee and the current ones): rows added, changed and removed, per workbook and sheet.

A row is known by its sheet's key (an activity's code within its programme, a log entry's id ...);
a sheet without a key compares whole rows, so that an edited row reads as one removed and one added.
"""
from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.inputs import schema
from pipeline.inputs.read_sheets import read_workbook
from pipeline.publish.input_store import InputsRefused, materialise
from pipeline.publish.manifest import read_manifest
from pipeline.publish.output_folder import meeting_folder_name
from pipeline.publish.report_choices import read_choices

SHOWN = 5  # rows named per kind of change; the rest are counted


@dataclass(frozen=True)
class SheetChanges:
    workbook: str
    sheet: str
    added: list[str] = field(default_factory=list)  # the rows' keys, as staff know them ('JA 2008-2011 A1')
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def line(self) -> str:
        """'meeting_log.xlsx, sheet Log: 2 added (L36, L37), 1 changed (L2)'."""
        parts = [f"{len(rows)} {what} ({', '.join(rows[:SHOWN])}{', ...' if len(rows) > SHOWN else ''})"
                 for what, rows in (("added", self.added), ("changed", self.changed), ("removed", self.removed))
                 if rows]
        return f"{self.workbook}, sheet {self.sheet}: " + ", ".join(parts)


def _rows(folder: Path, workbook: schema.Workbook) -> dict[str, dict[str, dict[str, str]]]:
    """{sheet: {row key: {column: value as text}}} of every sheet that could be read."""
    tables, _ = read_workbook(Path(folder), workbook)
    found: dict[str, dict[str, dict[str, str]]] = {}
    for sheet in workbook.sheets:
        table = tables.get(sheet.name)
        if table is None:
            continue
        rows: dict[str, dict[str, str]] = {}
        for number, values in table.to_dict("index").items():
            cells = {k: "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
                     for k, v in values.items()}
            if not any(cells.values()):
                continue
            if sheet.key and cells.get(sheet.key):
                key = " ".join(filter(None, (cells.get("programme_id", ""), cells[sheet.key])))
            else:
                key = f"row {number}: " + " | ".join(v for v in cells.values() if v)[:60]
            while key in rows:  # a key given twice (validate names it): each row still compared
                key += "'"
            rows[key] = cells
        found[sheet.name] = rows
    return found


def input_changes(before: Path, after: Path) -> list[SheetChanges]:
    """Every sheet whose rows differ between the inputs folder `before` and the folder `after`."""
    changes = []
    for workbook in schema.WORKBOOKS:
        old, new = _rows(before, workbook), _rows(after, workbook)
        for sheet in workbook.sheets:
            a, b = old.get(sheet.name, {}), new.get(sheet.name, {})
            found = SheetChanges(workbook.file, sheet.name, [k for k in b if k not in a],
                                 [k for k in b if k in a and a[k] != b[k]], [k for k in a if k not in b])
            if found.added or found.changed or found.removed:
                changes.append(found)
    return changes


@dataclass(frozen=True)
class ChangesSinceSent:
    """The input changes between the report marked as sent (`report`, its folder's name) and a run."""

    report: str
    sheets: list[SheetChanges]

    @property
    def rows(self) -> int:
        """How many rows were added, changed or removed in all."""
        return sum(len(s.added) + len(s.changed) + len(s.removed) for s in self.sheets)


def changes_since_sent(outputs: Path, meeting_code: str, checksums: dict[str, str] | None) -> ChangesSinceSent | None:
    """What changed between the inputs of the meeting's report marked as sent and the inputs `checksums`
    (a run's, pipeline/publish/input_store.run_inputs); None when no report is marked as sent, it or the
    run did not record its inputs, or a version is no longer kept. The sheets are [] when nothing changed."""
    meeting_dir = Path(outputs) / meeting_folder_name(meeting_code)
    official = read_choices(meeting_dir).official
    manifest = read_manifest(meeting_dir / official.folder) if official else None
    if manifest is None or not manifest.inputs or not checksums:
        return None
    if manifest.inputs == checksums:
        return ChangesSinceSent(official.folder, [])
    with tempfile.TemporaryDirectory(prefix="stc-sent-inputs-") as folder:
        try:
            sent = materialise(outputs, manifest.inputs, Path(folder) / "sent")
            now = materialise(outputs, checksums, Path(folder) / "run")
        except InputsRefused:
            return None
        return ChangesSinceSent(official.folder, input_changes(sent, now))
