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
must stand alone in its paragraph: the paragraph is repeated once per item, in its style;
an item that is a table (BodyTable: the activities needing attention, where they are many)
becomes a Word table in its place (pipeline/word/body_table.py).

The sandbox also bounds what a template can cost, so that no paragraph can take the run
down: a paragraph may use {{ }}, {% if %}, {% for %} and {% set %} (no macros, blocks,
imports or recursive loops); a loop or range() runs at most MAX_ITEMS times in all, a
text or list made in a paragraph holds at most MAX_TEXT characters or items, a number at
most MAX_NUMBER_DIGITS digits, and a paragraph gets at most TIME_LIMIT seconds of work.
Beyond any of these the run stops with a TemplateError naming the file and paragraph.
"""
from __future__ import annotations

import copy
import math
import re
import time
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from jinja2 import StrictUndefined, Undefined, nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.exceptions import TemplateError as JinjaError
from jinja2.sandbox import SandboxedEnvironment

from pipeline.word.body_table import table_element
from pipeline.word.templates import TemplateError
from pipeline.wording.activity_lists import BodyTable

MAX_ITEMS = 10_000  # loop turns and range() items in one paragraph, all loops together
MAX_TEXT = 100_000  # characters of a text, or items of a list, made in one paragraph
MAX_NUMBER_DIGITS = 1_000  # digits of a number worked out in a placeholder
MAX_STEPS = 200_000  # operations, calls and loop turns in one paragraph
TIME_LIMIT = 5.0  # seconds of work for one paragraph

# what a Word paragraph may hold: placeholders, conditions, loops and simple {% set %}
_ALLOWED_STATEMENTS = (nodes.Template, nodes.Output, nodes.If, nodes.For, nodes.Assign)
_FILTERS = ("abs", "attr", "batch", "capitalize", "center", "count", "d", "default", "dictsort", "e", "escape",
            "first", "float", "groupby", "int", "items", "join", "last", "length", "list", "lower", "map", "max",
            "min", "reject", "rejectattr", "replace", "reverse", "round", "select", "selectattr", "slice", "sort",
            "string", "striptags", "sum", "title", "trim", "truncate", "unique", "upper", "wordcount")


class TemplateLimit(Exception):
    """A placeholder asked for more than the sandbox allows; the message says what, in plain words."""


class _Budget:
    def __init__(self) -> None:
        self.steps = 0
        self.items = 0
        self.deadline = time.monotonic() + TIME_LIMIT

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS or time.monotonic() > self.deadline:
            raise TemplateLimit(f"this paragraph asks for too much work (more than {TIME_LIMIT:g} seconds or "
                                f"{MAX_STEPS:,} steps); a placeholder should only name a value")

    def item(self) -> None:
        self.items += 1
        if self.items > MAX_ITEMS:
            raise TemplateLimit(f"the loops of this paragraph run more than {MAX_ITEMS:,} times in all")
        self.step()


_BUDGET: ContextVar[_Budget | None] = ContextVar("template_budget", default=None)


def _step() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.step()


@contextmanager
def _limits():
    """A fresh budget for the work of one paragraph."""
    token = _BUDGET.set(_Budget())
    try:
        yield
    finally:
        _BUDGET.reset(token)


def _check_size(value):
    """A number, text or list made in a template must stay within the limits."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and _digits(value) > MAX_NUMBER_DIGITS:
        raise TemplateLimit(f"a number with more than {MAX_NUMBER_DIGITS:,} digits is too large for a template")
    if isinstance(value, (str, list, tuple, dict, set, bytes)) and len(value) > MAX_TEXT:
        raise TemplateLimit(f"a text or list of more than {MAX_TEXT:,} characters or items is too long for a template")
    return value


def _int_argument(value) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_TEXT:
        raise TemplateLimit(f"{_number(value)} is too large for a template (at most {MAX_TEXT:,})")


def _digits(value: int) -> float:
    """About how many digits a whole number has (without writing it out)."""
    return abs(value).bit_length() * math.log10(2)


def _number(value: int) -> str:
    """'the number 999999999', or 'a number of 101 digits' when writing it out would be too long."""
    return f"the number {value}" if _digits(value) < 30 else f"a number of {int(_digits(value)) + 1:,} digits"


def _length(value) -> int:
    try:
        return len(value)
    except TypeError:
        return 0


def _repeat_size(left, right) -> int | None:
    """The length `left * right` would have, for a text or list repeated; None for numbers."""
    if isinstance(left, int) and not isinstance(right, int):
        left, right = right, left
    if isinstance(right, int) and isinstance(left, (str, list, tuple)):
        return _length(left) * max(right, 0)
    return None


def _bounded_range(*args):
    """range(), as long as it stays within the paragraph's loop budget."""
    _step()
    numbers = range(*args)
    try:
        size = len(numbers)
    except OverflowError:
        size = MAX_ITEMS + 1
    if size > MAX_ITEMS:
        raise TemplateLimit(f"range() of more than {MAX_ITEMS:,} items is too long for a template; a paragraph "
                            f"may loop at most {MAX_ITEMS:,} times")
    return numbers


def _counted(iterable):
    """The items of a {% for %} loop, each counted against the paragraph's loop budget."""
    budget = _BUDGET.get()
    for item in iterable:
        if budget is not None:
            budget.item()
        yield item


def _guard_filter(name: str, function):
    def guarded(*args, **kwargs):
        _step()
        for value in list(args) + list(kwargs.values()):
            _int_argument(value)
        _precheck(name, args, kwargs)
        return _check_size(function(*args, **kwargs))

    guarded.__name__ = getattr(function, "__name__", name)
    for mark in ("jinja_pass_arg",):
        if hasattr(function, mark):
            setattr(guarded, mark, getattr(function, mark))
    return guarded


def _precheck(name: str, args: tuple, kwargs: dict) -> None:
    """Filters whose result can be far larger than what they are given: its size, before it is made."""
    texts = [a for a in args if isinstance(a, str)]
    if name == "replace" and len(texts) >= 3:
        text, old, new = texts[-3:]
        if old and len(text) + text.count(old) * max(len(new) - len(old), 0) > MAX_TEXT:
            _check_size("x" * (MAX_TEXT + 1))
    if name == "join" and args:
        items = [a for a in args if not isinstance(a, str) and hasattr(a, "__iter__")]
        if items:
            seq = items[0]
            if isinstance(seq, (list, tuple)) and sum(_length(str(x)) for x in seq[:MAX_TEXT + 1]) > MAX_TEXT:
                _check_size("x" * (MAX_TEXT + 1))


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with bounds on loops, sizes, numbers and time (see the module's text)."""

    intercepted_binops = frozenset({"**", "*", "%", "+", "//", "/", "-"})
    intercepted_unops = frozenset()

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.globals.clear()
        self.globals["range"] = _bounded_range
        builtin = dict(self.filters)
        self.filters = {name: _guard_filter(name, builtin[name]) for name in _FILTERS if name in builtin}
        self.filters["_counted"] = _counted
        self.filters["_bounded"] = _check_size

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        if isinstance(source, str):
            source = self._parse(source, name, filename)
        _check_and_bound(source)
        return super().compile(source, name, filename, raw, defer_init)

    def call_binop(self, context, operator: str, left, right):
        _step()
        if operator == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0 \
                    and right * math.log10(abs(left)) > MAX_NUMBER_DIGITS:
                raise TemplateLimit(f"{left if _digits(left) < 30 else 'a number'} ** "
                                    f"{right if _digits(right) < 30 else 'a number'} is too large for a template "
                                    f"(a number may have at most {MAX_NUMBER_DIGITS:,} digits)")
        elif operator == "*":
            size = _repeat_size(left, right)
            if size is not None and size > MAX_TEXT:
                raise TemplateLimit(f"a text or list repeated to {size:,} characters or items is too long for a "
                                    f"template (at most {MAX_TEXT:,})")
            if isinstance(left, int) and isinstance(right, int) and _digits(left) + _digits(right) > MAX_NUMBER_DIGITS:
                raise TemplateLimit(f"a number with more than {MAX_NUMBER_DIGITS:,} digits is too large for a template")
        elif operator == "%" and isinstance(left, str):
            raise TemplateLimit("'%' formatting of a text is not allowed in a template; put each value in its own "
                                "placeholder")
        return _check_size(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        _step()
        for value in list(args) + list(kwargs.values()):
            _int_argument(value)
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)  # the sandbox wraps str.format
        method = getattr(__obj, "__name__", "")
        if isinstance(owner, str) and method in ("format", "format_map"):
            raise TemplateLimit(f"'.{method}()' is not allowed in a template; put each value in its own placeholder")
        if isinstance(owner, str) and method == "replace" and len(args) >= 2:
            _precheck("replace", (owner, *args[:2]), {})
        if isinstance(owner, str) and method == "join" and args:
            _precheck("join", (owner, args[0]), {})
        return _check_size(super().call(__context, __obj, *args, **kwargs))


def _check_and_bound(template: nodes.Template) -> None:
    """Refuse statements a Word paragraph does not need; count loops; bound texts joined with '~'."""
    for node in template.find_all(nodes.Stmt):
        if not isinstance(node, _ALLOWED_STATEMENTS):
            word = type(node).__name__.lower()
            raise TemplateLimit(f"'{{% {word} %}}' is not allowed in a template; a paragraph may use "
                                "{{ placeholders }}, {% if %}, {% for %} and {% set %}")
        if isinstance(node, nodes.For):
            if node.recursive:
                raise TemplateLimit("a recursive loop is not allowed in a template")
            node.iter = nodes.Filter(node.iter, "_counted", [], [], None, None, lineno=node.lineno)
        if isinstance(node, nodes.Assign) and not isinstance(node.target, (nodes.Name, nodes.Tuple)):
            raise TemplateLimit("{% set %} may only name a value in a template")
    for node in list(template.find_all(nodes.Concat)):
        node.nodes = [nodes.Filter(n, "_bounded", [], [], None, None, lineno=n.lineno) for n in node.nodes]
    for node in template.find_all(nodes.Output):
        node.nodes = [n if isinstance(n, nodes.TemplateData) else
                      nodes.Filter(n, "_bounded", [], [], None, None, lineno=n.lineno) for n in node.nodes]


ENV = BoundedSandbox(undefined=StrictUndefined, autoescape=False)
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
            return _repeat(p, [item if isinstance(item, BodyTable) else str(item) for item in value])
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
        with _limits():
            value = _check_size(ENV.compile_expression(expression, undefined_to_none=False)(**values))
    except SecurityError:
        raise TemplateError(f"{at}: {tag} is not allowed; a placeholder may only name a value") from None
    except TemplateSyntaxError as error:
        raise TemplateError(f"{at}: the placeholder {tag} cannot be read ({error.message})") from None
    except TemplateLimit as limit:
        raise TemplateError(f"{at}: {tag} cannot be filled in: {limit}") from None
    except JinjaError:
        value = StrictUndefined()
    except (ArithmeticError, TypeError, ValueError, LookupError, AttributeError, RecursionError, MemoryError) as error:
        raise TemplateError(f"{at}: {tag} cannot be worked out ({_plain(error)}); "
                            f"a placeholder should only name a value") from None
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
        with _limits():
            made, size = [], 0
            for piece in ENV.from_string(text).generate(**values):
                size += len(piece)
                if size > MAX_TEXT:
                    raise TemplateLimit(f"the paragraph would be longer than {MAX_TEXT:,} characters")
                made.append(piece)
            return "".join(made)
    except SecurityError:
        raise TemplateError(f"{at}: this paragraph asks for something not allowed in a template") from None
    except TemplateLimit as limit:
        raise TemplateError(f"{at}: the paragraph cannot be filled in: {limit}") from None
    except JinjaError as error:
        raise TemplateError(f"{at}: {getattr(error, 'message', None) or error}; "
                            f"the placeholders are {known_names(values)}") from None
    except (ArithmeticError, TypeError, ValueError, LookupError, AttributeError, RecursionError, MemoryError) as error:
        raise TemplateError(f"{at}: the paragraph cannot be worked out ({_plain(error)})") from None


def _plain(error: Exception) -> str:
    """An error's own words, short, without the name of its class."""
    if isinstance(error, ZeroDivisionError):
        return "division by zero"
    if isinstance(error, (OverflowError, MemoryError)):
        return "a number or text too large"
    if isinstance(error, RecursionError):
        return "it refers to itself without end"
    text = str(error).strip() or "it fails"
    return text if len(text) <= 100 else text[:97] + "..."


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


# An empty paragraph of half a line under a body table: Word adds no space between a table and the
# paragraph after it, which would otherwise touch the table's bottom border.
SPACE_AFTER_TABLE = (f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:before="0" w:after="0" w:line="120" '
                     f'w:lineRule="exact"/></w:pPr></w:p>')


def _repeat(p, items: list) -> list:
    """The paragraph once per item, each holding the item's text in the paragraph's style; a
    BodyTable item becomes a Word table, and the paragraph before it keeps with it on the page."""
    made = []
    for item in items:
        if isinstance(item, BodyTable):
            if made and made[-1].tag == qn("w:p"):
                made[-1].get_or_add_pPr().keepNext_val = True
            table = table_element(item, near=p)
            p.addprevious(table)
            p.addprevious(parse_xml(SPACE_AFTER_TABLE))  # the next paragraph does not sit on its border
            made.append(table)
            continue
        clone = copy.deepcopy(p)
        _set_text(text_nodes(clone), item)
        _drop_empty_runs(clone)
        p.addprevious(clone)
        made.append(clone)
    p.getparent().remove(p)
    return made
