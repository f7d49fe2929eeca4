"""Why an activity has its status, in the report's language.

The status rules give a Reason (pipeline/status/reasons.py: a kind and its values); this
says it with the Language's catalogue, dates and typography. In English it is exactly
ActivityStatus.reason. A status read back from a stored snapshot has no Reason, only its
English sentence, which is then used as it is.
"""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.status.reasons import Reason, say
from pipeline.status.vocabulary import ActivityStatus
from pipeline.wording.language import ENGLISH, Language

# A decision-making body as staff write it in the Activities sheet: 'CMS CoP10', 'CITES CoP 16'.
_CONFERENCE = re.compile(r"^\s*(?P<convention>[A-Z][A-Za-z-]*)\s+CoP\s*(?P<number>\d+)\s*$", re.IGNORECASE)


def reason_text(status: ActivityStatus, lang: Language = ENGLISH) -> str:
    """'Window 1 January 2012 to 31 December 2012 is open ...', 'La période du 1er janvier 2012 ...'."""
    if status.why is None:
        return status.reason
    return lang.typography(say(status.why if lang.is_source else _bodies_named(status.why, lang), _Counting(lang)))


class _Counting:
    """The language's words, with a count below ten in words ('within three months', 'un mois'),
    as UN editorial style writes numbers in prose; 10 and above stay in figures."""

    def __init__(self, lang: Language):
        self._lang = lang

    def __getattr__(self, name: str):
        return getattr(self._lang, name)

    def n_(self, singular: str, plural: str, n: int) -> str:
        text = self._lang.n_(singular, plural, n)
        if "{n}" in text and 1 <= n <= 9:
            text = text.replace("{n}", _count_word(n, self._lang))
        return text


def _count_word(n: int, lang: Language) -> str:
    """1 to 9 in words, masculine (un mois, un mes)."""
    return (lang.p_("count", "one"), lang.p_("count", "two"), lang.p_("count", "three"), lang.p_("count", "four"),
            lang.p_("count", "five"), lang.p_("count", "six"), lang.p_("count", "seven"),
            lang.p_("count", "eight"), lang.p_("count", "nine"))[n - 1]


def body_name(body: str, lang: Language = ENGLISH) -> str:
    """A conference of the Parties as the language names it: 'CMS CoP10' is 'la COP10 de la CMS',
    as a CMS translator writes it, so that no English name sits inside a French or Spanish
    sentence. Any other body is printed as staff wrote it."""
    found = _CONFERENCE.match(body)
    if found is None:
        return body
    return lang._("{convention} CoP{number}").format(convention=found["convention"].upper(),
                                                     number=found["number"])


def _bodies_named(reason: Reason, lang: Language) -> Reason:
    """The reason with its decision-making body (and those of the reasons inside it) named in the language."""
    values = tuple((name, body_name(value, lang) if name == "body" and isinstance(value, str)
                    else _bodies_named(value, lang) if isinstance(value, Reason) else value)
                   for name, value in reason.values)
    return replace(reason, values=values)
