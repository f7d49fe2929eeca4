"""Asset checks: the data issues and the activities that need attention, shown in the UI."""

import dagster as dg

from pipeline import markdown
from pipeline.assemble import MeetingStatuses
from pipeline.model import DataIssue, Inputs

MAX_ROWS = 60


def _issues_markdown(issues: list[DataIssue]) -> str:
    return markdown.table(["Place", "Found", "Expected"], ([i.place, i.value, i.expected] for i in issues),
                          limit=MAX_ROWS)


@dg.asset_check(asset="validated_inputs", description="Non-fatal problems in the input workbooks.")
def inputs_have_no_data_issues(validated_inputs: Inputs) -> dg.AssetCheckResult:
    issues = list(validated_inputs.issues)
    return dg.AssetCheckResult(
        passed=not issues,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"data_issues": len(issues), "issues": dg.MetadataValue.md(_issues_markdown(issues))},
    )


@dg.asset_check(asset="activity_status", description="Every activity's timeframe could be read.")
def timeframes_recognised(activity_status: MeetingStatuses) -> dg.AssetCheckResult:
    unread = [i for i in activity_status.issues if i.column == "Timeframe"]
    return dg.AssetCheckResult(
        passed=not unread,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"unrecognised": len(unread), "issues": dg.MetadataValue.md(_issues_markdown(unread))},
    )


@dg.asset_check(asset="activity_status", description="Activities overdue, at risk, stalled or pending a decision.")
def activities_needing_attention(activity_status: MeetingStatuses) -> dg.AssetCheckResult:
    flagged = [s for statuses in activity_status.statuses.values() for s in statuses if s.status.needs_attention]
    table = markdown.table(["Programme", "Activity", "Status", "Why"],
                           ([s.activity.programme_id, s.activity.code, s.status.value, s.reason] for s in flagged))
    return dg.AssetCheckResult(
        passed=not flagged,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"activities": len(flagged), "list": dg.MetadataValue.md(table)},
    )


REPORT_CHECKS = [inputs_have_no_data_issues, timeframes_recognised, activities_needing_attention]
