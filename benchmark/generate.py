"""Scaled copies of the bundled inputs, written in the documented input format.

`python -m benchmark.generate --factor 10 --out /tmp/inputs-10x` copies every activity
`factor` times with a new code (copy k of 'A.1' is 'A.1.k', its task number moved on by
the theme's highest number times k, its species copied as 'Name k'), every log row
`factor` times naming the copied activities, with its dates moved by whole months and
wrapped inside the programme's years, and a new Entry. Themes, programmes and meetings
stay as they are. The workbooks are the bundled ones with rows appended (headers,
drop-downs and the Instructions sheets kept), so `stc-report validate --inputs` reads
them exactly as it reads the bundled ones. Copy 0 is the bundled data itself.
"""
from __future__ import annotations

import argparse
import re
import shutil
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

SOURCE = Path(__file__).resolve().parent.parent / "inputs"
FILES = ("programmes.xlsx", "meeting_log.xlsx", "meetings.xlsx")
MONTH_STEP = 7  # months a copy's dates move per copy (prime to 12: copies spread over every month)
_MONTH_YEAR = re.compile(r"^\s*([A-Za-z]+)\s+(\d{4})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")


def _header(ws) -> dict[str, int]:
    """Column index (0-based) by lower-case header."""
    return {str(c.value).strip().lower(): i for i, c in enumerate(ws[1]) if c.value is not None}


def _rows(ws) -> list[list[object]]:
    """The sheet's data rows as lists, empty rows left out."""
    return [list(r) for r in ws.iter_rows(min_row=2, values_only=True)
            if any(v not in (None, "") for v in r)]


def _split(text: object) -> list[str]:
    return [p.strip() for p in str(text or "").split(";") if p.strip()]


def _copy_code(code: str, k: int) -> str:
    return code if k == 0 else f"{code}.{k}"


def _copy_name(name: str, k: int) -> str:
    return name if k == 0 else f"{name} {k}"


class _Shift:
    """Moves a log row's dates by whole months, wrapped inside its programme's years."""

    def __init__(self, first_year: int, last_year: int, months: int):
        self.first, self.years = first_year, last_year - first_year + 1
        self.months = months

    def _index(self, year: int, month: int) -> tuple[int, int]:
        span = self.years * 12
        i = ((year - self.first) * 12 + (month - 1) + self.months) % span
        return self.first + i // 12, i % 12 + 1

    def __call__(self, value: object) -> object:
        if value in (None, "") or self.months == 0:
            return value
        if isinstance(value, (datetime, date)):
            year, month = self._index(value.year, value.month)
            day = min(value.day, 28)
            return value.replace(year=year, month=month, day=day)
        text = str(value)
        found = _MONTH_YEAR.match(text)
        if found and found[1].lower() in _MONTHS:
            year, month = self._index(int(found[2]), _MONTHS.index(found[1].lower()) + 1)
            return f"{_MONTHS[month - 1].capitalize()} {year}"
        found = _YEAR.match(text)
        if found:
            year, _ = self._index(int(found[1]), 1)
            return str(year)
        return value


def scale_inputs(factor: int, out: Path, source: Path = SOURCE) -> Path:
    """Write the inputs scaled `factor` times into `out` (created; its workbooks replaced)."""
    if factor < 1:
        raise ValueError("the factor is a whole number of copies, at least 1")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copyfile(source / name, out / name)
    if factor == 1:
        return out
    book = load_workbook(source / "programmes.xlsx")
    years = _programme_years(book["Programmes"])
    _scale_activities(book["Activities"], factor)
    _scale_species(book["Species"], factor)
    book.save(out / "programmes.xlsx")
    log_book = load_workbook(source / "meeting_log.xlsx")
    _scale_log(log_book["Log"], factor, years)
    log_book.save(out / "meeting_log.xlsx")
    return out


def _programme_years(ws) -> dict[str, tuple[int, int]]:
    h = _header(ws)
    return {str(r[h["programme"]]).strip(): (int(r[h["first year"]]), int(r[h["last year"]])) for r in _rows(ws)}


def _scale_activities(ws, factor: int) -> None:
    h = _header(ws)
    rows = _rows(ws)
    highest: dict[tuple[str, str], int] = {}
    for r in rows:
        key = (str(r[h["programme"]]), str(r[h["theme"]]))
        n = str(r[h["number"]] or "").strip()
        if n.isdigit():
            highest[key] = max(highest.get(key, 0), int(n))
    for k in range(1, factor):
        for r in rows:
            copy = list(r)
            copy[h["code"]] = _copy_code(str(r[h["code"]]), k)
            n = str(r[h["number"]] or "").strip()
            if n.isdigit():
                copy[h["number"]] = str(int(n) + k * highest[(str(r[h["programme"]]), str(r[h["theme"]]))])
            if r[h["species"]]:
                copy[h["species"]] = "; ".join(_copy_name(s, k) for s in _split(r[h["species"]]))
            ws.append(copy)


def _scale_species(ws, factor: int) -> None:
    h = _header(ws)
    rows = _rows(ws)
    for k in range(1, factor):
        for r in rows:
            copy = list(r)
            copy[h["common name"]] = _copy_name(str(r[h["common name"]]), k)
            ws.append(copy)


def _scale_log(ws, factor: int, years: dict[str, tuple[int, int]]) -> None:
    h = _header(ws)
    rows = _rows(ws)
    dated = [h[c] for c in ("start", "end", "happened by") if c in h]
    row = ws.max_row  # counted here: ws.max_row looks at every cell, once per row it made 1000x take hours
    for k in range(1, factor):
        for r in rows:
            copy = list(r)
            first, last = years[str(r[h["programme"]]).strip()]
            shift = _Shift(first, last, k * MONTH_STEP)
            copy[h["entry"]] = f"{r[h['entry']]}.{k}"
            for c in dated:
                copy[c] = shift(r[c])
            start, end = r[h["start"]], r[h["end"]]
            if isinstance(start, (datetime, date)) and isinstance(end, (datetime, date)):
                copy[h["end"]] = copy[h["start"]] + (end - start)  # the event lasts as long as before
            copy[h["activities"]] = "; ".join(_copy_code(a, k) for a in _split(r[h["activities"]]))
            if r[h["species"]]:
                copy[h["species"]] = "; ".join(_copy_name(s, k) for s in _split(r[h["species"]]))
            copy[h["summary"]] = f"{r[h['summary']]} (copy {k})"
            ws.append(copy)
            row += 1
            for c in dated:  # dates stay dates, in the bundled sheet's format
                if isinstance(copy[c], (datetime, date)):
                    ws.cell(row=row, column=c + 1).number_format = "d mmmm yyyy"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmark.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, required=True, help="copies of every activity and log row")
    parser.add_argument("--out", type=Path, required=True, help="folder the three workbooks are written to")
    parser.add_argument("--source", type=Path, default=SOURCE, help="the inputs to scale (default: inputs/)")
    args = parser.parse_args(argv)
    print(scale_inputs(args.factor, args.out, args.source))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
