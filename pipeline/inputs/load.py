"""Read and validate the input folder into typed domain records.

Every problem is collected before anything stops: missing workbooks, sheets and
columns; bad cells; then the links between sheets (duplicate codes, a log row
naming an activity that does not exist). Fatal problems raise InputError with
all of them; the others travel with the Inputs as data issues for the report.
"""
from __future__ import annotations

import math
import re
from datetime import date
from dataclasses import replace
from types import SimpleNamespace
from pathlib import Path

import pandas as pd

from pipeline.inputs import schema
from pipeline.inputs.check_cells import as_bool, as_int, check_cells, choice_of
from pipeline.dates import parse_day, parse_fuzzy_date
from pipeline.inputs.check_references import check_links
from pipeline.inputs.pairs import parse_outcomes, parse_pairs
from pipeline.model import (
    DEFAULT_PARTNER,
    Activity,
    DataIssue,
    Inputs,
    NEW_PARAGRAPH,
    TRANSLATED_LANGUAGES,
    LogEntry,
    Meeting,
    PlannedEvent,
    Programme,
    Source,
    Species,
    Theme,
)
from pipeline.inputs.messages import format_issues  # noqa: F401  (the command line and the page use it from here)
from pipeline.inputs.read_sheets import read_workbook


class InputError(Exception):
    """The inputs cannot be reported on; `issues` says every reason and where."""

    def __init__(self, issues: list[DataIssue]):
        self.issues = issues
        super().__init__(format_issues(issues))


def check_inputs(folder: Path, today: date | None = None) -> tuple[Inputs | None, list[DataIssue]]:
    """Read and check everything; the Inputs are None when a fatal problem was found.

    Every check runs, whatever the others found: the cell checks, then the checks
    across sheets on every row that could be read (a cell found wrong is left out of
    them, and a sheet not wholly read is not used to call other rows' references
    unknown). The problems come first, then the warnings; `today` dates the check
    for log rows dated in the future.
    """
    tables: dict[str, pd.DataFrame] = {}
    issues: list[DataIssue] = []
    for workbook in schema.WORKBOOKS:
        found, problems = read_workbook(Path(folder), workbook)
        issues += problems
        for sheet in workbook.sheets:
            if sheet.name in found:
                issues += check_cells(workbook.file, sheet, found[sheet.name])
                tables[sheet.name] = found[sheet.name]
    inputs, incomplete = _build_readable(tables, issues)
    checked = {(i.file, i.sheet, i.row, i.column) for i in issues if i.fatal}
    issues += [i for i in check_links(inputs, incomplete, today) if (i.file, i.sheet, i.row, i.column) not in checked]
    inputs, issues = _with_memory(Path(folder), inputs, issues)
    issues = [i for i in issues if i.fatal] + [i for i in issues if not i.fatal]
    if any(i.fatal for i in issues):
        return None, issues
    return Inputs(**{**inputs.__dict__, "issues": tuple(issues)}), issues


def _with_memory(folder: Path, inputs: Inputs, issues: list[DataIssue]) -> tuple[Inputs, list[DataIssue]]:
    """The translation memory beside the workbooks applied (translation_memory.py): missing translations
    it knows filled in, translations whose English changed since listed; an unreadable memory is a problem."""
    from pipeline.inputs.translation_memory import MEMORY_FILE, MemoryError_, apply_memory, load_memory

    try:
        memory = load_memory(folder)
    except MemoryError_ as error:
        return inputs, issues + [DataIssue(MEMORY_FILE, "", None, None, "", str(error), True)]
    inputs, review = apply_memory(inputs, memory)
    return inputs, issues + review


def _build_readable(tables: dict[str, pd.DataFrame], issues: list[DataIssue]) -> tuple[Inputs, set[str]]:
    """The records of every row that can be read, for the checks across sheets.

    A cell already found wrong is emptied first; a row that still cannot be built is
    left out, and its sheet (like a sheet that could not be read at all) is named
    among the incomplete ones.
    """
    if all(s.name in tables for w in schema.WORKBOOKS for s in w.sheets) and not any(i.fatal for i in issues):
        return _build(tables), set()
    bad: dict[str, set[tuple[int, str]]] = {}
    for i in issues:
        if i.fatal and i.row and i.column:
            bad.setdefault(i.sheet, set()).add((i.row, i.column))
    incomplete: set[str] = set()
    records: dict[str, tuple] = {}
    for sheet, build in ((schema.PROGRAMMES, _programme), (schema.THEMES, _theme), (schema.ACTIVITIES, _activity),
                         (schema.SPECIES, _species), (schema.LOG, _log_entry), (schema.MEETINGS, _meeting),
                         (schema.PLANNED_EVENTS, _planned_event)):
        if sheet.name not in tables:
            incomplete.add(sheet.name)
            records[sheet.name] = ()
            continue
        table = tables[sheet.name].copy()
        columns = {c.header: c for c in sheet.columns}
        for row, header in bad.get(sheet.name, ()):
            column = columns.get(header)
            if column is None or row not in table.index:
                continue
            if column.key in (sheet.key, "programme_id"):  # what other rows refer to is not known whole
                incomplete.add(sheet.name)
            # a wrong choice stands in as an allowed one, so that the row's other cells are still checked
            table.at[row, column.key] = column.choices[-1] if column.kind == "choice" else None
        built = []
        for src, r in _rows({sheet.name: table}, sheet):
            try:
                built.append(build(r, src))
            except (ValueError, TypeError, KeyError):
                incomplete.add(sheet.name)
        records[sheet.name] = tuple(built)
    return _with_partner_leads(Inputs(
        programmes=records["Programmes"], themes=records["Themes"], activities=records["Activities"],
        species=records["Species"], log=records["Log"], meetings=records["Meetings"],
        planned_events=records["Planned events"],
    )), incomplete


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
    return _with_partner_leads(Inputs(
        programmes=tuple(_programme(r, src) for src, r in _rows(tables, schema.PROGRAMMES)),
        themes=tuple(_theme(r, src) for src, r in _rows(tables, schema.THEMES)),
        activities=tuple(_activity(r, src) for src, r in _rows(tables, schema.ACTIVITIES)),
        species=tuple(_species(r, src) for src, r in _rows(tables, schema.SPECIES)),
        log=tuple(_log_entry(r, src) for src, r in _rows(tables, schema.LOG)),
        meetings=tuple(_meeting(r, src) for src, r in _rows(tables, schema.MEETINGS)),
        planned_events=tuple(_planned_event(r, src) for src, r in _rows(tables, schema.PLANNED_EVENTS)),
    ))


def _with_partner_leads(inputs: Inputs) -> Inputs:
    """Each activity's Lead spelt as its programme spells its partner ('cites' -> 'CITES')."""
    partners = {p.id: p.partner for p in inputs.programmes}
    activities = []
    for a in inputs.activities:
        partner = partners.get(a.programme_id, "")
        if a.lead and partner and a.lead.casefold() == partner.casefold() and a.lead != partner:
            a = replace(a, lead=partner)
        activities.append(a)
    return replace(inputs, activities=tuple(activities))


def _translations(r, sheet: schema.Sheet) -> tuple[tuple[str, str], ...]:
    """The row's filled translation columns ('Title (fr)' ...), as (("title_fr", text), ...)."""
    keys = [c.key for c in sheet.columns if c.key.endswith(tuple(f"_{code}" for code in TRANSLATED_LANGUAGES))]
    return tuple((key, text) for key in keys if (text := _text(getattr(r, key, None)).strip()))


def _programme(r, src: Source) -> Programme:
    translations = _translations(r, schema.PROGRAMMES)
    adopted = tuple((key.removeprefix("adopted_"), text) for key, text in translations if key.startswith("adopted_"))
    return Programme(_text(r.id), _text(r.title), as_int(r.start_year), as_int(r.end_year),
                     _text(r.introduction), src, tuple(t for t in translations if not t[0].startswith("adopted_")),
                     annex1_layout=(choice_of(_column(schema.PROGRAMMES, "annex1_layout"), r.annex1_layout)
                                    if r.annex1_layout is not None else ""),
                     partner=" ".join(_text(r.partner).split()) or DEFAULT_PARTNER,
                     adopted_on=parse_day(r.adopted_on) if r.adopted_on is not None else None,
                     adopted_title=_text(r.adopted_title).strip(), adopted_translations=adopted)


def _theme(r, src: Source) -> Theme:
    return Theme(_text(r.programme_id), _text(r.code), _text(r.title), _text(r.introduction),
                 _text(r.comments), src, _translations(r, schema.THEMES))


def _activity(r, src: Source) -> Activity:
    lead = " ".join(_text(r.lead).split())
    lead = {"cms": "CMS", "joint": "Joint"}.get(lead.casefold(), lead)  # the partner's spelling: _with_partner_leads
    return Activity(
        programme_id=_text(r.programme_id), code=_text(r.code), theme_code=_text(r.theme_code),
        number=_text(r.number), group=_text(r.group), description=_text(r.description),
        timeframe=_text(r.timeframe), lead=lead, species=split_list(r.species),
        external_funding=as_bool(r.external_funding) if r.external_funding is not None else False,
        comments=_text(r.comments), source=src, translations=_translations(r, schema.ACTIVITIES),
        continues=split_list(getattr(r, "continues", None)),
    )


def _species(r, src: Source) -> Species:
    listed = _text(r.default_partner_appendix).strip()
    listings = ((DEFAULT_PARTNER, listed),) if listed else ()
    listings += tuple(p for p in parse_pairs(r.partner_listings) if p[0].casefold() != DEFAULT_PARTNER.casefold()
                      or not listed)
    return Species(_text(r.common_name), _text(r.scientific_name), _text(r.group),
                   _text(r.cms_appendix), listings, src)


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
        date_source=_text(r.date_source), translations=_translations(r, schema.LOG),
        reported_from=parse_fuzzy_date(r.reported_from) if r.reported_from is not None else None,
        outcomes=parse_outcomes(r.outcomes), planned_events=split_list(r.planned_events),
    )


def _planned_event(r, src: Source) -> PlannedEvent:
    return PlannedEvent(_text(r.programme_id), _text(r.activity).strip(), _text(r.item).strip(),
                        parse_fuzzy_date(r.when), _text(r.event), src, _translations(r, schema.PLANNED_EVENTS))


def _meeting(r, src: Source) -> Meeting:
    return Meeting(
        code=_text(r.code), number=as_int(r.number), venue=_text(r.venue), country=_text(r.country),
        start_date=parse_day(r.start_date), end_date=parse_day(r.end_date) if r.end_date is not None else None,
        agenda_item=_text(r.agenda_item), symbol=_text(r.symbol), document_date=parse_day(r.document_date),
        language=_text(r.language), title=_text(r.title),
        as_of=parse_day(r.as_of) if r.as_of is not None else None,
        reported_programme=_text(r.reported_programme), planned_programme=_text(r.planned_programme),
        source=src, translations=_translations(r, schema.MEETINGS),
    )
