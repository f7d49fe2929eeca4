"""The languages a report is written in: English (the source), French and Spanish.

Every sentence and label the product writes is an English message looked up in a
reviewed gettext catalogue (`pipeline/wording/catalogs/<code>.po`), with plurals by the
catalogue's own rule; dates and month names come from Babel (CLDR). The writers never
format a date or choose a word themselves: they ask the report's Language.
"""
from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from pipeline import dates as _dates
from pipeline.model import REPORT_LANGUAGES, SOURCE_LANGUAGE, LanguageInfo, language_info

CATALOGS = Path(__file__).parent / "catalogs"
DEFAULT = SOURCE_LANGUAGE


# The languages and what is not a word of theirs (locale, date style, Word and Excel tags) are
# one table, LANGUAGE_TABLE in pipeline/model.py; this module adds their words.
LANGUAGES = REPORT_LANGUAGES  # ("en", "fr", "es")
ALL = "all"  # asks for every language


class UnknownLanguage(ValueError):
    """A language code the product has no catalogue for."""


@dataclass(frozen=True)
class Language:
    """One language's words: translated messages, dates, ordinals and typography."""

    code: str
    style: LanguageInfo = field(repr=False)
    translations: gettext.NullTranslations = field(repr=False, compare=False)

    # ---------------------------------------------------------------- messages

    def _(self, message: str) -> str:
        """A fixed message, translated."""
        return self.translations.gettext(message)

    def n_(self, singular: str, plural: str, n: int) -> str:
        """A message with a count, in the form the language uses for n."""
        return self.translations.ngettext(singular, plural, n)

    def p_(self, context: str, message: str) -> str:
        """A message whose translation depends on where it stands (e.g. a status name)."""
        return self.translations.pgettext(context, message)

    def np_(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.translations.npgettext(context, singular, plural, n)

    # ---------------------------------------------------------------- names

    @property
    def native_name(self) -> str:
        """'Français', 'Español': the language line under the symbol of a translated document."""
        return self.style.native_name

    @property
    def is_source(self) -> bool:
        """English: the language staff write in and the document's original."""
        return self.code == DEFAULT

    def upper_ordinal(self, n: int) -> str:
        """The ordinal as the header block prints it: '38TH'; '38e' and '38ª' keep their small letters."""
        return self.ordinal(n).upper() if self.style.capital_ordinal else self.ordinal(n)

    @property
    def name(self) -> str:
        """'English', 'français', 'español': the language's own name."""
        return Locale.parse(self.style.locale).get_language_name(self.style.locale)

    def language_name(self, english_name: str) -> str:
        """'English' said in this language ('anglais', 'inglés'), for 'Original: …'."""
        wanted = english_name.strip().lower()
        english = Locale.parse("en").languages
        code = next((c for c, n in english.items() if n.lower() == wanted and "_" not in c), None)
        if code is None:
            return english_name
        return Locale.parse(self.style.locale).languages.get(code, english_name)

    def ordinal(self, n: int) -> str:
        """The meeting's number: '38th', '38e' (1re), '38ª'."""
        if not self.style.ordinal:  # English: 38th, 21st, 22nd, 23rd, 11th
            suffix = "th" if 10 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
            return f"{n}{suffix}"
        if n == 1 and self.style.ordinal_first:
            return self.style.ordinal_first  # French '1re': réunion is feminine
        return self.style.ordinal.format(n=n)

    # ---------------------------------------------------------------- dates

    def month_name(self, month: int) -> str:
        """'August', 'août', 'agosto' (as in running text)."""
        return _dates.month_name(month, self.code)

    def day(self, d: date) -> str:
        return _dates.day_of(d, self.code)

    def date(self, d: date) -> str:
        """'27 September 2011', '27 septembre 2011', '27 de septiembre de 2011'."""
        return _dates.format_date(d, self.code)

    def month(self, d: date) -> str:
        """'August 2011', 'août 2011', 'agosto de 2011'."""
        return _dates.format_month(d, self.code)

    def date_range(self, start: date, end: date | None) -> str:
        """'19 November 2011', or '19-21 November 2011' when it runs over several days."""
        return _dates.format_date_range(start, end, self.code)

    # ---------------------------------------------------------------- typography

    def typography(self, text: str) -> str:
        """French puts a no-break space before ':', ';', '?', '!' and inside « » quotes."""
        if not self.style.french_spacing:
            return text
        text = re.sub(r"\s*([:;?!])(?=\s|$)", "\u00a0\\1", text)
        return re.sub(r'"([^"]*)"', "«\u00a0\\1\u00a0»", text)


def _catalog(code: str) -> gettext.NullTranslations:
    if code == DEFAULT:
        return gettext.NullTranslations()
    with (CATALOGS / f"{code}.po").open("rb") as po:
        catalog = read_po(po, locale=code)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


@cache
def language(code: str = DEFAULT) -> Language:
    """The Language for 'en', 'fr' or 'es'; UnknownLanguage names the ones there are."""
    code = (code or DEFAULT).strip().lower()
    if code not in LANGUAGES:
        raise UnknownLanguage(f"'{code}' is not a language of the report; use one of: {', '.join(LANGUAGES)}")
    return Language(code, language_info(code), _catalog(code))


def language_codes(asked: list[str] | tuple[str, ...] | str) -> tuple[str, ...]:
    """'fr', ['fr', 'es'], 'fr,es' or 'all' as language codes in report order; empty: English.
    ValueError naming the languages there are for anything else."""
    items = [asked] if isinstance(asked, str) else list(asked)
    wanted = {part.strip().lower() for item in items for part in str(item).split(",") if part.strip()}
    if ALL in wanted:
        wanted = (wanted - {ALL}) | set(LANGUAGES)
    unknown = sorted(wanted - set(LANGUAGES))
    if unknown:
        listed = ", ".join(f"'{u}'" for u in unknown)
        raise ValueError(f"{listed} {'is not a language' if len(unknown) == 1 else 'are not languages'} of the "
                         f"report; use one of: {', '.join(LANGUAGES)}, or {ALL}")
    return tuple(code for code in LANGUAGES if code in wanted) or ("en",)


ENGLISH = language(DEFAULT)
