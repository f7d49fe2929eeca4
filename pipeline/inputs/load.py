"""Read and validate the input folder into typed domain records.

Every problem is collected before anything stops: missing workbooks, sheets and
columns; bad cells; then the links between sheets (duplicate codes, a log row
naming an activity that does not exist). Fatal problems raise InputError with
all of them; the others travel with the Inputs as data issues for the report.
"""
from __future__ import annotations

import math
import re
from types import SimpleNamespace
from pathlib import Path

import pandas as pd

from pipeline.inputs import schema
from pipeline.inputs.check_cells import as_bool, as_int, check_cells, choice_of
from pipeline.dates import parse_day, parse_fuzzy_date
from pipeline.inputs.check_references import check_links
from pipeline.model import (
    Activity,
    DataIssue,
    Inputs,
    NEW_PARAGRAPH,
    LogEntry,
    Meeting,
    Programme,
    Source,
    Species,
    Theme,
)
from pipeline.inputs.read_sheets import read_workbook


class InputError(Exception):
    """The inputs cannot be reported on; `issues` says every reason and where."""

    def __init__(self, issues: list[DataIssue]):
        self.issues = issues
        fatal = [i for i in issues if i.fatal]
        super().__init__(format_issues(fatal))


def format_issues(issues: list[DataIssue]) -> str:
    if not issues:
        return "No problems found."
    errors = sum(1 for i in issues if i.fatal)
    head = f"{errors} problem(s) must be fixed before a report can be made:" if errors else "Data issues:"
    return "\n".join([head] + [f"  - {i}" for i in issues])


def check_inputs(folder: Path) -> tuple[Inputs | None, list[DataIssue]]:
    """Read and check everything; the Inputs are None when a fatal problem was found."""
    tables: dict[str, pd.DataFrame] = {}
    issues: list[DataIssue] = []
    for workbook in schema.WORKBOOKS:
        found, problems = read_workbook(Path(folder), workbook)
        issues += problems
        for sheet in workbook.sheets:
            if sheet.name in found:
                issues += check_cells(workbook.file, sheet, found[sheet.name])
                tables[sheet.name] = found[sheet.name]
    if any(i.fatal for i in issues):
        return None, issues
    inputs = _build(tables)
    issues += check_links(inputs)
    if any(i.fatal for i in issues):
        return None, issues
    return Inputs(**{**inputs.__dict__, "issues": tuple(issues)}), issues


def read_inputs(folder: Path) -> Inputs:
    inputs, issues = check_inputs(folder)
    if inputs is None:
        raise InputError(issues)
    return inputs


def split_list(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(part.strip() for part in re.split(r"[;\n]", str(value)) if part.strip())


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(tables: dict[str, pd.DataFrame], sheet: schema.Sheet):
    file = next(w.file for w in schema.WORKBOOKS if sheet in w.sheets)
    for row, values in tables[sheet.name].to_dict("index").items():
        cleaned = {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in values.items()}
        yield Source(file, sheet.name, int(row)), SimpleNamespace(**cleaned)


def _build(tables: dict[str, pd.DataFrame]) -> Inputs:
    return Inputs(
        programmes=tuple(_programme(r, src) for src, r in _rows(tables, schema.PROGRAMMES)),
        themes=tuple(_theme(r, src) for src, r in _rows(tables, schema.THEMES)),
        activities=tuple(_activity(r, src) for src, r in _rows(tables, schema.ACTIVITIES)),
        species=tuple(_species(r, src) for src, r in _rows(tables, schema.SPECIES)),
        log=tuple(_log_entry(r, src) for src, r in _rows(tables, schema.LOG)),
        meetings=tuple(_meeting(r, src) for src, r in _rows(tables, schema.MEETINGS)),
    )


def _programme(r, src: Source) -> Programme:
    return Programme(_text(r.id), _text(r.title), as_int(r.start_year), as_int(r.end_year),
                     _text(r.introduction), src)


def _theme(r, src: Source) -> Theme:
    return Theme(_text(r.programme_id), _text(r.code), _text(r.title), _text(r.introduction),
                 _text(r.comments), src)


def _activity(r, src: Source) -> Activity:
    lead = choice_of(_column(schema.ACTIVITIES, "lead"), r.lead) if r.lead is not None else ""
    return Activity(
        programme_id=_text(r.programme_id), code=_text(r.code), theme_code=_text(r.theme_code),
        number=_text(r.number), group=_text(r.group), description=_text(r.description),
        timeframe=_text(r.timeframe), lead=lead, species=split_list(r.species),
        external_funding=as_bool(r.external_funding) if r.external_funding is not None else False,
        comments=_text(r.comments), source=src,
    )


def _species(r, src: Source) -> Species:
    return Species(_text(r.common_name), _text(r.scientific_name), _text(r.group),
                   _text(r.cms_appendix), _text(r.cites_appendix), src)


def _column(sheet: schema.Sheet, key: str) -> schema.Column:
    return next(c for c in sheet.columns if c.key == key)


def _log_entry(r, src: Source) -> LogEntry:
    return LogEntry(
        id=_text(r.id),
        start=parse_fuzzy_date(r.start) if r.start is not None else None,
        end=parse_fuzzy_date(r.end) if r.end is not None else None,
        kind=choice_of(_column(schema.LOG, "kind"), r.kind), title=_text(r.title),
        venue=_text(r.venue), country=_text(r.country), organisers=_text(r.organisers),
        participants=_text(r.participants), programme_id=_text(r.programme_id),
        activities=split_list(r.activities), species=split_list(r.species),
        outcome=choice_of(_column(schema.LOG, "outcome"), r.outcome), group=_text(r.group),
        summary=_text(r.summary), reference=_text(r.reference), source=src,
        in_annex=as_bool(r.in_annex) if r.in_annex is not None else True,
        annex_label=_text(r.annex_label),
        annex_paragraph=(choice_of(_column(schema.LOG, "annex_paragraph"), r.annex_paragraph)
                         if r.annex_paragraph is not None else NEW_PARAGRAPH),
        happened_by=parse_fuzzy_date(r.happened_by) if r.happened_by is not None else None,
        date_source=_text(r.date_source),
    )


def _meeting(r, src: Source) -> Meeting:
    return Meeting(
        code=_text(r.code), number=as_int(r.number), venue=_text(r.venue), country=_text(r.country),
        start_date=parse_day(r.start_date), end_date=parse_day(r.end_date) if r.end_date is not None else None,
        agenda_item=_text(r.agenda_item), symbol=_text(r.symbol), document_date=parse_day(r.document_date),
        language=_text(r.language), title=_text(r.title),
        as_of=parse_day(r.as_of) if r.as_of is not None else None,
        reported_programme=_text(r.reported_programme), planned_programme=_text(r.planned_programme),
        source=src,
    )
