"""Activities named in a sentence, as the Secretariat lists them.

A few activities are named in full: 'A1 (On-going update of the concordance list) and A2
(Work with UNEP-WCMC ...)'. More than SHORT_LIST are named by their codes only, grouped by
theme ('under theme A, A1, A2 and A3; under theme B, B9 and B14'): the annexes describe
each. More than TABLE_OVER that need the Committee's attention in one programme are set out
in a small table in the body (a BodyTable, which the Word writer turns into a Word table),
so that no paragraph becomes a run-on list.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.wording.language import ENGLISH, Language

SHORT_LIST = 3  # up to this many activities: each by its code and a few words of its description
TABLE_OVER = 6  # more than this many needing attention in one programme: a table in the body


@dataclass(frozen=True)
class Listed:
    """One activity as a list names it: its code, its theme, how a short list names it."""

    code: str
    theme: str  # the theme's code: 'A'
    named: str  # 'A1 (On-going update of the concordance list ...)': how a short list names it
    programme: str = ""  # given when a list spans several programmes: 'A1 of JWP 2012-2014'


@dataclass(frozen=True)
class BodyTable:
    """A small table in the body of the document: a header row, then one row per activity.

    `shares` is each column's share of the text width. As text (a placeholder joined with
    `| join`), it reads as its rows, one per line."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    shares: tuple[float, ...]

    def __str__(self) -> str:
        return "\n".join(" | ".join(cells) for cells in (self.header, *self.rows))


def join_and(items: list[str], separator: str = ", ", lang: Language = ENGLISH) -> str:
    """'a', 'a and b', 'a, b and c' (or 'a; b and c'): how a sentence lists things."""
    if len(items) <= 1:
        return "".join(items)
    return separator.join(items[:-1]) + lang._(" and ") + items[-1]


def is_short(items: list) -> bool:
    return len(items) <= SHORT_LIST


def name_activities(items: list[Listed], lang: Language = ENGLISH, separator: str = ", ") -> str:
    """A short list in full ('A1 (...) and A2 (...)'); a longer one by codes, grouped by theme."""
    if is_short(items):
        return join_and([i.named for i in items], separator, lang)
    return by_theme(items, lang)


def by_theme(items: list[Listed], lang: Language = ENGLISH) -> str:
    """'under theme A, A1, A2 and A3; under theme B, B9 and B14', in the order given; within one
    theme only the codes: 'A1, A2, A3 and A5'. Over several programmes each is named once: 'in
    JWP 2012-2014, under theme B, B11; under theme C, C2; in JWP 2015-2020, A2 and B1'."""
    programmes: dict[str, dict[str, list[str]]] = {}
    for item in items:
        programmes.setdefault(item.programme, {}).setdefault(item.theme, []).append(item.code)
    if len(programmes) == 1:
        programme, themes = next(iter(programmes.items()))
        if not programme:
            return _themes(themes, lang)
        if len(themes) == 1:
            return join_and(next(iter(themes.values())), lang=lang) + lang._(" of {programme}").format(
                programme=programme)
    return "; ".join(lang._("in {programme}, {codes}").format(programme=programme, codes=_themes(themes, lang))
                     for programme, themes in programmes.items())


def _themes(themes: dict[str, list[str]], lang: Language) -> str:
    if len(themes) == 1:
        return join_and(next(iter(themes.values())), lang=lang)
    return "; ".join(lang._("under theme {theme}, {codes}").format(theme=theme, codes=join_and(codes, lang=lang))
                     for theme, codes in themes.items())


def by_programme(codes: list[tuple[str, str]], lang: Language = ENGLISH) -> str:
    """Codes of one or more programmes, each programme named once after its codes: 'A2, B1 and C3 of
    JWP 2015-2020; B11 of JWP 2012-2014' ((code, programme) pairs; programme '' when only one)."""
    groups: dict[str, list[str]] = {}
    for code, programme in codes:
        groups.setdefault(programme, []).append(code)
    return "; ".join(join_and(listed, lang=lang) + (lang._(" of {programme}").format(programme=programme)
                                                    if programme else "")
                     for programme, listed in groups.items())
