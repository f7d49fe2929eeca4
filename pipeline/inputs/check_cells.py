"""Cell-level validation of each sheet against its declared schema, with pandera.

A pandera schema is built from pipeline/inputs/schema.py: every column gets a
not-empty rule where it is required and a check of its kind (a whole number, a
date, one of the allowed values...). Validation is lazy, so every bad cell of
every sheet is reported at once, each as a DataIssue naming file, sheet, Excel
row and column, the value found and what was expected.
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from pipeline.dates import EXPECTED as FUZZY_EXPECTED
from pipeline.dates import parse_day, parse_fuzzy_date
from pipeline.model import DataIssue
from pipeline.inputs.pairs import OUTCOMES_EXPECTED, PAIRS_EXPECTED, parse_outcomes, parse_pairs
from pipeline.inputs.schema import Column, Sheet

EXCEL_CELL_LIMIT = 32_767  # the most characters a cell of Excel can hold
LONG_TEXT = (f"a text of at most {EXCEL_CELL_LIMIT:,} characters, the most a cell of Excel can hold; "
             "this one has {:,}: shorten it, or the report's workbook cannot show it whole")
TRUE_WORDS = {"yes", "y", "true", "1", "x"}
FALSE_WORDS = {"no", "n", "false", "0"}


def as_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    return str(value).strip().casefold() in TRUE_WORDS


def as_int(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    raise ValueError(value)


def choice_of(column: Column, value: object) -> str:
    """The allowed value matching a cell, whatever its case; ValueError otherwise."""
    wanted = str(value).strip().casefold()
    for option in column.choices:
        if option.casefold() == wanted:
            return option
    raise ValueError(value)


def _succeeds(convert: Callable[[object], object]) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        try:
            convert(value)
        except (ValueError, TypeError, KeyError):
            return False
        return True

    return check


def _kind_check(column: Column) -> tuple[Callable[[object], bool], str] | None:
    """The element check for a column's kind, and the words for what is expected."""
    if column.kind == "int":
        return _succeeds(as_int), "a whole number"
    if column.kind == "date":
        return _succeeds(parse_day), "a full date, e.g. 19/11/2011"
    if column.kind == "fuzzydate":
        return _succeeds(parse_fuzzy_date), FUZZY_EXPECTED
    if column.kind == "bool":
        words = TRUE_WORDS | FALSE_WORDS
        return (lambda v: isinstance(v, (bool, int, float)) or str(v).strip().casefold() in words), "yes or no"
    if column.kind == "outcomes":
        return _succeeds(parse_outcomes), OUTCOMES_EXPECTED
    if column.kind == "listings":
        return _succeeds(parse_pairs), PAIRS_EXPECTED
    if column.kind == "choice":
        return _succeeds(lambda v: choice_of(column, v)), "one of: " + ", ".join(column.choices)
    return None


def pandera_schema(sheet: Sheet) -> pa.DataFrameSchema:
    columns = {}
    for column in sheet.columns:
        checks = []
        found = _kind_check(column)
        if found:
            check, expected = found
            checks.append(pa.Check(check, element_wise=True, ignore_na=True, name=column.key, error=expected))
        columns[column.key] = pa.Column(object, nullable=not column.required, checks=checks, required=False)
    return pa.DataFrameSchema(columns, name=sheet.name)


def check_cells(file: str, sheet: Sheet, table: pd.DataFrame) -> list[DataIssue]:
    """Every cell that breaks its column's rule (fatal), then every text too long for Excel (warnings)."""
    try:
        pandera_schema(sheet).validate(table, lazy=True)
    except SchemaErrors as errors:
        return _issues_from(file, sheet, errors.failure_cases) + long_texts(file, sheet, table)
    return long_texts(file, sheet, table)


def long_texts(file: str, sheet: Sheet, table: pd.DataFrame) -> list[DataIssue]:
    """Texts longer than an Excel cell can hold: the report's workbook could not show them whole."""
    issues = []
    for column in sheet.columns:
        if column.key not in table.columns:
            continue
        for row, value in table[column.key].items():
            if isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
                issues.append(DataIssue(file, sheet.name, int(row), column.header, value, LONG_TEXT.format(len(value)), False))
    return issues


def _issues_from(file: str, sheet: Sheet, failures: pd.DataFrame) -> list[DataIssue]:
    by_key = {c.key: c for c in sheet.columns}
    issues = []
    for failure in failures.itertuples(index=False):
        column = by_key.get(failure.column)
        if column is None or pd.isna(failure.index):
            continue
        if failure.check == "not_nullable":
            value, expected = "", f"a value, because '{column.header}' must be filled in ({column.help})"
        else:
            value, expected = str(failure.failure_case), _kind_check(column)[1]
        issues.append(DataIssue(file, sheet.name, int(failure.index), column.header, value, expected, True))
    return sorted(issues, key=lambda i: (i.row or 0, [c.header for c in sheet.columns].index(i.column)))
