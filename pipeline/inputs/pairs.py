"""Cells that hold 'name: value' pairs separated by ';': a log row's Outcomes ('B7: completed;
B9: progress') and a species' Partner listings ('CITES: II; IWC: Schedule')."""
from __future__ import annotations

import re

from pipeline.model import OUTCOMES

PAIRS_EXPECTED = "'name: value' pairs separated by ';', e.g. 'CITES: II; IWC: Schedule'"
OUTCOMES_EXPECTED = ("'code: outcome' pairs separated by ';', e.g. 'B7: completed; B9: progress', each outcome "
                     "one of: " + ", ".join(OUTCOMES))


def parse_pairs(value: object) -> tuple[tuple[str, str], ...]:
    """('CITES', 'II'), ... from 'CITES: II; IWC: Schedule'; ValueError for a part without 'name: value'."""
    pairs = []
    for part in re.split(r"[;\n]", "" if value is None else str(value)):
        if not part.strip():
            continue
        name, colon, listed = part.partition(":")
        if not colon or not name.strip() or not listed.strip():
            raise ValueError(part)
        pairs.append((" ".join(name.split()), listed.strip()))
    return tuple(pairs)


def parse_outcomes(value: object) -> tuple[tuple[str, str], ...]:
    """(('B7', 'completed'), ('B9', 'progress')) from 'B7: completed; B9: progress'; ValueError otherwise."""
    outcomes = []
    for code, said in parse_pairs(value):
        outcome = next((o for o in OUTCOMES if o.casefold() == " ".join(said.split()).casefold()), None)
        if outcome is None:
            raise ValueError(said)
        outcomes.append((code, outcome))
    return tuple(outcomes)
