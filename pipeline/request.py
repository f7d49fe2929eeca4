"""What one report run is asked to make: the meeting, the dates, the languages, the PDF or not.

Set once, when the run is launched (the command line, the staff page, the Dagster launchpad),
and read by every step that needs it. The domain's values (MeetingStatuses, ReportData) carry
what was computed, never how it is to be rendered: that is here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ENGLISH_FALLBACK = "english"  # a language without its own narrative uses the English one
NARRATIVE_FALLBACKS = ("", ENGLISH_FALLBACK)
PDF_NOT_ASKED_FOR = "not asked for (the run was started without the PDF)"


@dataclass(frozen=True)
class ReportRequest:
    """One run's request. meeting '': the latest meeting of meetings.xlsx; as_of None: the meeting's
    'Status as of'; since None: the previous meeting's date; narrative_fallback 'english' or ''
    (a language without its narrative stops the run); known_before: a report folder's name, when
the report is made again (`stc-report rerun`), so that its data issues are marked as they were then."""

    meeting: str = ""
    as_of: date | None = None
    since: date | None = None
    languages: tuple[str, ...] = ("en",)
    narrative_fallback: str = ""
    pdf: bool = True
    known_before: str = ""  # a report folder: mark data issues known against the reports made before it

    def __post_init__(self) -> None:
        if self.narrative_fallback not in NARRATIVE_FALLBACKS:
            raise ValueError(f"narrative_fallback: '{self.narrative_fallback}' is not 'english' or empty")

    @property
    def english_fallback(self) -> bool:
        return self.narrative_fallback == ENGLISH_FALLBACK

    @property
    def several_languages(self) -> bool:
        return len(self.languages) > 1

    def config(self) -> dict[str, object]:
        """The request as plain values (dates as 2011-08-31, '' when not given): the run's configuration."""
        return {"meeting": self.meeting, "as_of": self.as_of.isoformat() if self.as_of else "",
                "since": self.since.isoformat() if self.since else "", "languages": list(self.languages),
                "narrative_fallback": self.narrative_fallback, "pdf": self.pdf,
                **({"known_before": self.known_before} if self.known_before else {})}
