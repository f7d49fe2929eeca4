"""What the page says about staff's choices (sent to the Committee, hidden, restored): the question
of the confirmation page before a report is marked as sent, and the message once a choice is
recorded, naming who made it and when."""
from __future__ import annotations

from portal.catalog import Report, moment_text

DONE = {
    "official": "Marked as the version sent to the Committee",
    "not official": "No longer marked as the version sent to the Committee",
    "hide": "Hidden from the list (its files are kept; restore it under “Hidden reports”)",
    "restore": "Restored to the list",
}


def report_words(report: Report) -> str:
    """'the report as of 31 August 2011, made 1 November 2026, 09:00'."""
    return f"the report as of {report.as_of_text}, made {report.generated_text}"


def choice_message(entry: dict, report: Report | None) -> str:
    """'Marked as the version sent to the Committee by amina on 6 December 2026, 21:40: the report as of …'."""
    what = DONE.get(entry.get("action", ""), "Recorded")
    said = f"{what} by {entry.get('by') or 'someone'} on {moment_text(entry.get('at'))}"
    return f"{said}: {report_words(report)}." if report else f"{said}."


def confirmation(report: Report, replaced: Report | None) -> dict[str, str]:
    """The confirmation page's question and what the choice replaces."""
    return {
        "question": f"Mark {report_words(report)} as the version sent to the Committee?",
        "replaces": (f"It replaces {report_words(replaced)}, marked by {replaced.official.by} on "
                     f"{moment_text(replaced.official.at)}; that report stays listed, without the mark."
                     if replaced and replaced.official else
                     "No report of this meeting is marked as sent yet."),
    }
