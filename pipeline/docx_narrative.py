"""The meeting's own prose: a tiny Markdown subset read from templates/narrative/<meeting>.md.

Staff write the narrative in a text editor; this module turns it into blocks
(headings, numbered paragraphs, sub-items, lettered action items) and fills the
placeholders the generator computes. The format is documented at the top of
templates/narrative/StC38.md. Errors name the file and line, because the
person who must fix them is editing that file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

# Placeholders the writer fills. List placeholders expand into one paragraph per item
# and must stand alone on their line; text placeholders may sit inside a sentence.
TEXT_PLACEHOLDERS = ("status_summary", "as_of", "as_of_month")
LIST_PLACEHOLDERS = ("theme_summaries", "attention")
PLACEHOLDERS = TEXT_PLACEHOLDERS + LIST_PLACEHOLDERS

_PLACEHOLDER = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LINE_KINDS = (
    ("heading", re.compile(r"^##\s+(.*)$")),
    ("footnote", re.compile(r"^\[\^(\w+)\]:\s*(.*)$")),
    ("action_heading", re.compile(r"^(?:\*\*)?(Action requested:)(?:\*\*)?$")),
    ("numbered", re.compile(r"^\d+\.\s+(.*)$")),
    ("sub", re.compile(r"^\s*[a-z]\)\s+(.*)$")),
    ("action", re.compile(r"^[a-z]\.\s+(.*)$")),
)
_INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|\*(?P<italic>[^*]+?)\*|\[\^(?P<note>\w+)\]")


@dataclass(frozen=True)
class Block:
    """One paragraph of the narrative: its kind, its text (inline markup kept), its line."""

    kind: str  # heading, numbered, sub, action_heading, action, text
    text: str
    line: int


@dataclass(frozen=True)
class Narrative:
    path: str
    blocks: tuple[Block, ...]
    footnotes: dict[str, str]  # footnote id -> text


@dataclass(frozen=True)
class Span:
    """A run of text with its emphasis, or a footnote reference (text empty, note set)."""

    text: str
    bold: bool = False
    italic: bool = False
    note: str = ""


def _strip_comments(text: str) -> str:
    """Drop <!-- --> comments but keep their newlines, so line numbers stay right."""
    return _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def _classify(raw: str) -> tuple[str, tuple[str, ...]]:
    """Which kind of line this is, and its captured parts."""
    for kind, pattern in _LINE_KINDS:
        m = pattern.match(raw)
        if m:
            return kind, m.groups()
    return "text", (raw.strip(),)


def _check_placeholders(block: Block, path: str) -> None:
    """Unknown placeholders, and list placeholders inside sentences, are the author's mistakes."""
    for name in _PLACEHOLDER.findall(block.text):
        if name not in PLACEHOLDERS:
            raise ValueError(
                f"{path}, line {block.line}: unknown placeholder {{{name}}}; "
                f"the known ones are {', '.join('{' + p + '}' for p in PLACEHOLDERS)}")
        if name in LIST_PLACEHOLDERS and block.text.strip() != "{" + name + "}":
            raise ValueError(
                f"{path}, line {block.line}: {{{name}}} becomes several paragraphs, "
                f"so it must stand alone on its line (after '1. ' or 'a) ' if wanted)")


def parse_narrative(path: Path) -> Narrative:
    """Read a narrative file into blocks, checking placeholders and footnotes."""
    name = str(path)
    text = _strip_comments(Path(path).read_text(encoding="utf-8"))
    blocks: list[Block] = []
    footnotes: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        kind, groups = _classify(raw.rstrip())
        if kind == "footnote":
            footnotes[groups[0]] = groups[1].strip()
            continue
        block = Block(kind, groups[0].strip(), number)
        _check_placeholders(block, name)
        blocks.append(block)
    _check_footnotes(blocks, footnotes, name)
    return Narrative(name, tuple(blocks), footnotes)


def _check_footnotes(blocks: list[Block], footnotes: dict[str, str], path: str) -> None:
    """A reference without its note would print nothing: say where it is."""
    for block in blocks:
        for note in re.findall(r"\[\^(\w+)\]", block.text):
            if note not in footnotes:
                raise ValueError(f"{path}, line {block.line}: footnote [^{note}] has no line "
                                 f"'[^{note}]: text' giving its text")


def _fill_text(text: str, values: dict[str, str | list[str]]) -> str:
    """Replace text placeholders; '{{' and '}}' print literal braces."""
    text = _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), text)
    return text.replace("{{", "{").replace("}}", "}")


def fill_narrative(narrative: Narrative, values: dict[str, str | list[str]]) -> Narrative:
    """Put the generated text in: list placeholders become one block each, of the line's kind."""
    blocks: list[Block] = []
    for block in narrative.blocks:
        name = block.text.strip()[1:-1]
        if name in LIST_PLACEHOLDERS and block.text.strip() == "{" + name + "}":
            blocks += [replace(block, text=item) for item in values[name]]
        else:
            blocks.append(replace(block, text=_fill_text(block.text, values)))
    notes = {k: _fill_text(v, values) for k, v in narrative.footnotes.items()}
    return Narrative(narrative.path, tuple(blocks), notes)


def parse_inline(text: str) -> list[Span]:
    """Split '**bold**', '*italic*' and '[^1]' footnote references out of a paragraph's text."""
    spans: list[Span] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            spans.append(Span(text[pos:m.start()]))
        if m.group("bold") is not None:
            spans += [replace(s, bold=True) for s in parse_inline(m.group("bold"))]
        elif m.group("italic") is not None:
            spans.append(Span(m.group("italic"), italic=True))
        else:
            spans.append(Span("", note=m.group("note")))
        pos = m.end()
    if pos < len(text):
        spans.append(Span(text[pos:]))
    return spans
