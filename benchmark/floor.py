"""The floor: the same kind of work as a report, done with the bare libraries and nothing else.

Reads the three workbooks with python-calamine, joins the log to the activities by
programme and code, writes a Word document (python-docx) with one table row per activity
and one per log row, and one openpyxl sheet with a row per activity; no checks, no status
rules, no Dagster. What the product costs above this is its own overhead.

`python -m benchmark.floor --inputs DIR --out DIR`
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from docx import Document
from openpyxl import Workbook
from python_calamine import CalamineWorkbook


def _records(path: Path, sheet: str) -> list[dict[str, object]]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=True)
    header = [str(h).strip().lower() for h in rows[0]]
    return [dict(zip(header, r)) for r in rows[1:] if any(v not in ("", None) for v in r)]


def floor(inputs: Path, out: Path) -> tuple[int, int]:
    """Write out/floor.docx and out/floor.xlsx; returns (activities, log rows)."""
    activities = _records(inputs / "programmes.xlsx", "Activities")
    _records(inputs / "programmes.xlsx", "Programmes")
    _records(inputs / "programmes.xlsx", "Themes")
    _records(inputs / "programmes.xlsx", "Species")
    log = _records(inputs / "meeting_log.xlsx", "Log")
    _records(inputs / "meetings.xlsx", "Meetings")
    by_activity: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in log:
        for code in str(row["activities"]).split(";"):
            by_activity[(str(row["programme"]).strip(), code.strip().upper())].append(row)

    document = Document()
    document.add_heading("Floor", 1)
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ("Code", "Description", "Timeframe", "Log rows")):
        cell.text = text
    for a in activities:
        cells = table.add_row().cells
        cells[0].text = str(a["code"])
        cells[1].text = str(a["description"])
        cells[2].text = str(a["timeframe"])
        cells[3].text = str(len(by_activity[(str(a["programme"]).strip(), str(a["code"]).strip().upper())]))
    for row in log:
        cells = table.add_row().cells
        cells[0].text = str(row["entry"])
        cells[1].text = str(row["summary"])
        cells[2].text = str(row["start"])
        cells[3].text = str(row["activities"])
    out.mkdir(parents=True, exist_ok=True)
    document.save(str(out / "floor.docx"))

    book = Workbook()
    sheet = book.active
    sheet.append(["Programme", "Code", "Description", "Timeframe", "Log rows", "Last log entry"])
    for a in activities:
        rows = by_activity[(str(a["programme"]).strip(), str(a["code"]).strip().upper())]
        sheet.append([a["programme"], a["code"], a["description"], a["timeframe"], len(rows),
                      str(rows[-1]["entry"]) if rows else ""])
    book.save(str(out / "floor.xlsx"))
    return len(activities), len(log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmark.floor", description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    activities, log = floor(args.inputs, args.out)
    print(f"floor: {activities} activities, {log} log rows -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
