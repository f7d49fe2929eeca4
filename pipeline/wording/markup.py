"""The light markup staff may type in a cell, and the scientific names printed in italics.

In a cell, `*words*` prints in italics, `**words**` in bold and `_words_` underlined. An
underscore marks only when it stands at the edge of a word (' _Sharks_:'), so snake_case
names and web addresses with underscores print as typed. Scientific names of genus or
species rank from the Species sheet ('Falco cherrug', 'Saiga spp.') print in italics without
any markup, as the editorial rules for a UN document want them.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from collections.abc import Iterable, Iterator

_INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*"
    r"|\*(?P<italic>[^*]+?)\*"
    r"|(?<![\w/])_(?P<underline>[^_\s](?:[^_]*?[^_\s])?)_(?![\w/])")


@dataclass(frozen=True)
class Span:
    """A run of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


# The scientific names of the report being written, as one pattern (None: no names to mark).
_NAMES: ContextVar[re.Pattern | None] = ContextVar("scientific_names", default=None)


def italic_name(name: str) -> bool:
    """Whether a scientific name is one printed in italics: a genus with its species (or 'spp.'),
    'Falco cherrug', 'Saiga tatarica tatarica' ; not a family or an order ('Acipenseriformes',
    'Cheloniidae and Dermochelyidae'), which the editorial rules leave upright."""
    words = name.split()
    return (len(words) >= 2 and words[0][:1].isupper() and words[0].isalpha()
            and all(w[:1].islower() and w != "and" for w in words[1:]))


@contextmanager
def scientific_names(names: Iterable[str]) -> Iterator[None]:
    """Within the block, the given scientific names print in italics wherever they appear."""
    kept = sorted({n.strip() for n in names if n and italic_name(n.strip())}, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, kept)) + r")(?!\w)") if kept else None
    token = _NAMES.set(pattern)
    try:
        yield
    finally:
        _NAMES.reset(token)


def parse_inline(text: str) -> list[Span]:
    """Split '**bold**', '*italic*' and '_underlined_' out of a cell's text (as staff may type it
    in Excel), and the scientific names in force (scientific_names) as italic spans."""
    spans: list[Span] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            spans += _names_italic(Span(text[pos:m.start()]))
        if m.group("bold") is not None:
            spans += [replace(s, bold=True) for s in parse_inline(m.group("bold"))]
        elif m.group("underline") is not None:
            spans += [replace(s, underline=True) for s in parse_inline(m.group("underline"))]
        else:
            spans.append(Span(m.group("italic"), italic=True))
        pos = m.end()
    if pos < len(text):
        spans += _names_italic(Span(text[pos:]))
    return spans


def _names_italic(span: Span) -> list[Span]:
    pattern = _NAMES.get()
    if pattern is None or span.italic:
        return [span]
    spans, pos = [], 0
    for m in pattern.finditer(span.text):
        if m.start() > pos:
            spans.append(replace(span, text=span.text[pos:m.start()]))
        spans.append(replace(span, text=m.group(0), italic=True))
        pos = m.end()
    if pos < len(span.text):
        spans.append(replace(span, text=span.text[pos:]))
    return spans


def plain_text(text: str) -> str:
    """A cell's text without its markup, as a workbook or a plain list shows it."""
    return "".join(span.text for span in parse_inline(text)) if text else text
