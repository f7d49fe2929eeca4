"""Fill the {{ placeholders }} of Word paragraphs with a sandboxed template engine.

Jinja's SandboxedEnvironment evaluates each placeholder: a template can read the
values it is given (strings, lists and the meeting's fields) and apply filters such as
`| upper`, but cannot call code or reach Python internals; an unknown name is an error
(StrictUndefined), never an empty string.

Word splits a paragraph's text into runs wherever formatting, spelling marks or editing
history change, so a placeholder may be spread over several runs. The text of the
paragraph is matched as a whole, and the placeholder's runs are rewritten: the value
takes the formatting of the run where the placeholder starts; the rest of the
paragraph keeps its own formatting (italics, bold, footnote marks).

A placeholder whose value is a list (the theme summaries, the attention sentences)
must stand alone in its paragraph: the paragraph is repeated once per item, in its style.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Iterable

from docx.oxml.ns import qn
from jinja2 import StrictUndefined, Undefined
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.exceptions import TemplateError as JinjaError
from jinja2.sandbox import SandboxedEnvironment

from pipeline.word.templates import TemplateError

ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_OLD_STYLE = re.compile(r"(?<!\{)\{\s*(\w+)\s*\}(?!\})")
_OPENERS = (("{{", "}}"), ("{%", "%}"), ("{#", "#}"))
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def paragraph_text(p) -> str:
    """The paragraph's own text (not that of a text box or table nested in it)."""
    return "".join(t.text or "" for t in text_nodes(p))


def text_nodes(p) -> list:
    """The w:t elements whose nearest paragraph is p, in order."""
    return [t for t in p.iter(qn("w:t")) if _owner(t) is p]


def _owner(element):
    parent = element.getparent()
    while parent is not None and parent.tag != qn("w:p"):
        parent = parent.getparent()
    return parent


def has_tag(text: str) -> bool:
    return any(opener in text or closer in text for opener, closer in _OPENERS)


def place(file: str, where: str, text: str) -> str:
    """'templates/narrative/StC38.docx, paragraph 8 ("{{ status_summ...")': where to look."""
    start = " ".join(text.split())
    start = start if len(start) <= 50 else start[:47] + "..."
    return f'{file}, {where} ("{start}")'


def known_names(values: dict) -> str:
    """The placeholders a template may use, for the error message."""
    names = []
    for key, value in values.items():
        if isinstance(value, dict):
            names += [f"{key}.{k}" for k in value]
        else:
            names.append(key)
    return ", ".join("{{ " + n + " }}" for n in names)


def render_paragraphs(paragraphs: Iterable, values: dict, file: str, where: str = "paragraph",
                      skip: Iterable = ()) -> None:
    """Fill every paragraph's placeholders; paragraphs are numbered from 1 in document order."""
    skipped = {id(p) for p in skip}
    for number, p in enumerate(list(paragraphs), start=1):
        if id(p) not in skipped:
            render_paragraph(p, values, file, f"{where} {number}")


def render_paragraph(p, values: dict, file: str, where: str) -> list:
    """Fill one paragraph; returns the paragraphs that now stand in its place."""
    nodes = text_nodes(p)
    text = "".join(t.text or "" for t in nodes)
    at = place(file, where, text)
    if not has_tag(text):
        _check_old_style(text, values, at)
        return [p]
    _check_syntax(text, at)
    tags = list(TAG.finditer(text))
    if any(not m.group(0).startswith("{{") for m in tags):
        _set_text(nodes, _render_whole(text, values, at))  # {% if %} / {# #}: the text as a whole
        return [p]
    for m in reversed(tags):
        value = evaluate(m.group(0), values, at)
        if isinstance(value, (list, tuple)):
            if text.strip() != m.group(0):
                raise TemplateError(
                    f"{at}: {m.group(0)} becomes several paragraphs, so it must stand alone in its "
                    f"paragraph (press Enter before and after it)")
            return _repeat(p, [str(item) for item in value])
        replace_span(nodes, m.start(), m.end(), as_text(value, m.group(0), at))
    _drop_empty_runs(p)
    return [p]


def evaluate(tag: str, values: dict, at: str):
    """The value of one {{ expression }}, in the sandbox; unknown names are errors."""
    expression = tag[2:-2].strip().strip("-").strip()
    if not expression:
        raise TemplateError(f"{at}: the placeholder {tag} is empty; write a name inside, e.g. "
                            "{{ status_summary }}")
    try:
        value = ENV.compile_expression(expression, undefined_to_none=False)(**values)
    except SecurityError:
        raise TemplateError(f"{at}: {tag} is not allowed; a placeholder may only name a value") from None
    except TemplateSyntaxError as error:
        raise TemplateError(f"{at}: the placeholder {tag} cannot be read ({error.message})") from None
    except JinjaError:
        value = StrictUndefined()
    if isinstance(value, Undefined):
        raise TemplateError(f"{at}: unknown placeholder {tag}; the placeholders are {known_names(values)}")
    return value


def as_text(value, tag: str, at: str) -> str:
    if isinstance(value, dict) or callable(value):
        raise TemplateError(f"{at}: {tag} is not a text; the placeholders are "
                            f"{known_names({'meeting': value}) if isinstance(value, dict) else tag}")
    return str(value)


def _check_syntax(text: str, at: str) -> None:
    """A tag opened and not closed (or closed and not opened) is named in plain words."""
    for opener, closer in _OPENERS:
        if text.count(opener) != text.count(closer):
            raise TemplateError(f"{at}: a placeholder is opened with '{opener}' but not closed with "
                                f"'{closer}' (or the other way round)")
    try:
        ENV.parse(text)
    except TemplateSyntaxError as error:
        raise TemplateError(f"{at}: the placeholder cannot be read ({error.message})") from None


def _check_old_style(text: str, values: dict, at: str) -> None:
    """'{status_summary}' (single braces, the old narrative format) would print as typed."""
    for m in _OLD_STYLE.finditer(text):
        if m.group(1) in values or m.group(1) == "symbol":
            name = "meeting.symbol" if m.group(1) == "symbol" else m.group(1)
            raise TemplateError(f"{at}: {m.group(0)} has single braces; write {{{{ {name} }}}}")


def _render_whole(text: str, values: dict, at: str) -> str:
    try:
        return ENV.from_string(text).render(**values)
    except SecurityError:
        raise TemplateError(f"{at}: this paragraph asks for something not allowed in a template") from None
    except JinjaError as error:
        raise TemplateError(f"{at}: {getattr(error, 'message', None) or error}; "
                            f"the placeholders are {known_names(values)}") from None


# ---------------------------------------------------------------- rewriting runs

def replace_span(nodes: list, start: int, end: int, new: str) -> None:
    """Replace characters [start, end) of the concatenated text of `nodes` by `new`.

    The first node the span touches receives the new text; the span's other nodes lose
    their share of it; text before and after the span stays where it was.
    """
    offset = 0
    placed = False
    for t in nodes:
        text = t.text or ""
        lo, hi = offset, offset + len(text)
        offset = hi
        if not (lo < end and hi > start):
            continue
        before = text[:start - lo] if start > lo else ""
        after = text[end - lo:] if end < hi else ""
        _set(t, before + (new if not placed else "") + after)
        placed = True


def _set(t, text: str) -> None:
    t.text = text
    if text != text.strip() or "  " in text:
        t.set(XML_SPACE, "preserve")


def _set_text(nodes: list, text: str) -> None:
    """The whole paragraph's text into its first run, the other runs emptied."""
    if nodes:
        _set(nodes[0], text)
        for t in nodes[1:]:
            _set(t, "")


def _drop_empty_runs(p) -> None:
    """Runs left holding only an empty w:t (a placeholder's pieces) are removed."""
    for r in p.iter(qn("w:r")):
        children = [c for c in r if c.tag != qn("w:rPr")]
        if children and all(c.tag == qn("w:t") and not c.text for c in children):
            r.getparent().remove(r)


def _repeat(p, items: list[str]) -> list:
    """The paragraph once per item, each holding the item's text in the paragraph's style."""
    made = []
    for item in items:
        clone = copy.deepcopy(p)
        _set_text(text_nodes(clone), item)
        _drop_empty_runs(clone)
        p.addprevious(clone)
        made.append(clone)
    p.getparent().remove(p)
    return made
