"""Asset checks: the data issues, the activities that need attention and the PDF, shown in the UI.

Each check is declared on the report's multi-asset (`check_specs`) and evaluated in its one step,
from the values the step has just made: a check of its own would be a step of its own, with its
events and its SQLite commits, for a few lines of work. The inputs' and the statuses' checks are
on `published_report` (the report they are in), the PDF's on `pdf_document`.
"""

import dagster as dg

from pipeline import markdown
from pipeline.assemble import MeetingStatuses
from pipeline.model import DataIssue, Inputs

MAX_ROWS = 60

INPUTS_CHECKS = [dg.AssetCheckSpec("inputs_have_no_data_issues", asset="published_report",
                                   description="Non-fatal problems in the input workbooks.")]
PDF_CHECKS = [dg.AssetCheckSpec("pdf_written", asset="pdf_document",
                                description="The PDF was written; when not, why not.")]
STATUS_CHECKS = [
    dg.AssetCheckSpec("timeframes_recognised", asset="published_report",
                      description="Every activity's timeframe could be read."),
    dg.AssetCheckSpec("activities_needing_attention", asset="published_report",
                      description="Activities overdue, at risk, stalled or pending a decision."),
]


def _issues_markdown(issues: list[DataIssue]) -> str:
    return markdown.table(["Place", "Found", "Expected"], ([i.place, i.value, i.expected] for i in issues),
                          limit=MAX_ROWS)


def inputs_have_no_data_issues(validated_inputs: Inputs) -> dg.AssetCheckResult:
    issues = list(validated_inputs.issues)
    return dg.AssetCheckResult(
        asset_key="published_report", check_name="inputs_have_no_data_issues",
        passed=not issues,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"data_issues": len(issues), "issues": dg.MetadataValue.md(_issues_markdown(issues))},
    )


def timeframes_recognised(activity_status: MeetingStatuses) -> dg.AssetCheckResult:
    unread = [i for i in activity_status.issues if i.column == "Timeframe"]
    return dg.AssetCheckResult(
        asset_key="published_report", check_name="timeframes_recognised",
        passed=not unread,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"unrecognised": len(unread), "issues": dg.MetadataValue.md(_issues_markdown(unread))},
    )


def activities_needing_attention(activity_status: MeetingStatuses) -> dg.AssetCheckResult:
    flagged = [s for statuses in activity_status.statuses.values() for s in statuses if s.status.needs_attention]
    table = markdown.table(["Programme", "Activity", "Status", "Why"],
                           ([s.activity.programme_id, s.activity.code, s.status.value, s.reason] for s in flagged))
    return dg.AssetCheckResult(
        asset_key="published_report", check_name="activities_needing_attention",
        passed=not flagged,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"activities": len(flagged), "list": dg.MetadataValue.md(table)},
    )
