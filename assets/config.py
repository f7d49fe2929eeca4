"""The run's typed configuration: one request per meeting report, and the monthly snapshot's.

A meeting_report run's request (pipeline/request.py) is the `report_request` resource,
configured once when the run is launched (`RunRequest.launch_config`, the staff page's
GraphQL launch, or the launchpad's `resources.report_request.config`), and every step that
needs it takes it. Dagster's `Config` takes str, int, bool and lists, not `datetime.date`: the
dates are ISO strings ("2011-08-31"), read by `request()`, which stops the step with a plain
message for a date that is not one.
"""
from __future__ import annotations

import dagster as dg

from pipeline.dates import parse_iso_date
from pipeline.request import NARRATIVE_FALLBACKS, ReportRequest
from pipeline.wording.language import language_codes

REQUEST = "report_request"  # the resource key a run's request has (the staff page launches with it too)


class RunRequest(dg.ConfigurableResource):
    """Which meeting to report on (empty: the latest meeting in meetings.xlsx), as of when (a date
    such as 2011-08-31; empty: the meeting's 'Status as of' date), since when to show changes
    (empty: the previous meeting's date), the languages to write it in (en, fr, es, or all),
    narrative_fallback "english" to use the English narrative where a language has none (empty:
    such a run stops, naming the missing file), pdf false to make the .docx and .xlsx only, and
    known_before a report folder's name when a report is made again (its data issues marked as then)."""

    meeting: str = ""
    as_of: str = ""
    since: str = ""
    languages: list[str] = ["en"]
    narrative_fallback: str = ""
    pdf: bool = True
    known_before: str = ""

    def request(self) -> ReportRequest:
        """The request, checked; dg.Failure in plain words for a wrong date, language or fallback."""
        try:
            languages = language_codes(self.languages)
        except ValueError as error:
            raise dg.Failure(description=f"languages: {error}", allow_retries=False) from None
        fallback = (self.narrative_fallback or "").strip().lower()
        if fallback not in NARRATIVE_FALLBACKS:
            raise dg.Failure(description=f"narrative_fallback: '{self.narrative_fallback}' is not 'english' "
                                         f"or empty", allow_retries=False)
        return ReportRequest(meeting=self.meeting, as_of=_date(self.as_of, "as_of"),
                             since=_date(self.since, "since"), languages=languages,
                             narrative_fallback=fallback, pdf=self.pdf, known_before=self.known_before)

    @classmethod
    def launch_config(cls, request: ReportRequest) -> dg.RunConfig:
        """The meeting_report job's run configuration for one request."""
        return dg.RunConfig(resources={REQUEST: cls(**request.config())})


class SnapshotConfig(dg.Config):
    """Set replace to true to overwrite a month's stored snapshot on purpose."""

    replace: bool = False


def _date(text: str, name: str):
    text = (text or "").strip()
    if not text:
        return None
    try:
        return parse_iso_date(text)
    except ValueError as error:
        raise dg.Failure(description=f"{name} {error}", allow_retries=False) from None
