"""The typed run configuration of the two jobs, and the one way to build a meeting run's config.

Dagster's `Config` takes str, int, float, bool, lists, dicts, enums and nested Config, not
`datetime.date`; the dates are therefore ISO strings ("2011-08-31"), read by `dates()`,
which stops the step with a plain message for a date that is not one. Python callers
(the command line) never write the strings themselves: `meeting_run_config` takes dates.
"""
from __future__ import annotations

from datetime import date

import dagster as dg

from pipeline.dates import parse_iso_date
from pipeline.wording.language import language_codes

NARRATIVE_FALLBACKS = ("", "english")

STATUS_STEP = "activity_status"


class StatusConfig(dg.Config):
    """Which meeting to report on (empty: the latest meeting in meetings.xlsx), as of when (a date
    such as 2011-08-31; empty: the meeting's 'Status as of' date), and since when to show changes
    (a date; empty: the previous meeting's date); the languages to write it in (en, fr, es, or
    all; empty: en), and narrative_fallback "english" to use the English narrative where a
    language has none (empty: such a run stops, naming the missing file)."""

    meeting: str = ""
    as_of: str = ""
    since: str = ""
    languages: list[str] = ["en"]
    narrative_fallback: str = ""

    def dates(self) -> tuple[date | None, date | None]:
        """(as_of, since), each None when left empty; dg.Failure in plain words for a non-date."""
        return _date(self.as_of, "as_of"), _date(self.since, "since")

    def language_codes(self) -> tuple[str, ...]:
        """The languages asked for, in the order en, fr, es; dg.Failure naming the languages for another."""
        try:
            return language_codes(self.languages)
        except ValueError as error:
            raise dg.Failure(description=f"languages: {error}", allow_retries=False) from None

    def fallback(self) -> str:
        """'english' (a language without its narrative uses the English one) or '' (such a run stops)."""
        value = (self.narrative_fallback or "").strip().lower()
        if value not in NARRATIVE_FALLBACKS:
            raise dg.Failure(description=f"narrative_fallback: '{self.narrative_fallback}' is not 'english' "
                                         f"or empty", allow_retries=False)
        return value


PDF_STEP = "pdf_document"
PDF_NOT_ASKED_FOR = "not asked for (the run was started without the PDF)"


class PdfConfig(dg.Config):
    """Set skip to true to make the report without its PDF (the Word and Excel files only;
    `stc-report run --no-pdf`); the report then says the PDF was not asked for."""

    skip: bool = False


class SnapshotConfig(dg.Config):
    """Set replace to true to overwrite a month's stored snapshot on purpose."""

    replace: bool = False


def _date(text: str, name: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return parse_iso_date(text)
    except ValueError as error:
        raise dg.Failure(description=f"{name} {error}", allow_retries=False) from None


def meeting_run_config(meeting: str = "", as_of: date | None = None, since: date | None = None,
                       languages: tuple[str, ...] = ("en",), narrative_fallback: str = "",
                       pdf: bool = True) -> dg.RunConfig:
    """The meeting_report job's configuration for one request (pdf=False: without the PDF)."""
    return dg.RunConfig(ops={STATUS_STEP: StatusConfig(
        meeting=meeting, as_of=as_of.isoformat() if as_of else "", since=since.isoformat() if since else "",
        languages=list(languages), narrative_fallback=narrative_fallback),
        **({} if pdf else {PDF_STEP: PdfConfig(skip=True)})})
