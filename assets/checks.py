"""Asset checks: the data issues and the activities that need attention, shown in the UI."""

import dagster as dg

from pipeline.model import DataIssue, Inputs
from pipeline.assemble import MeetingStatuses

MAX_ROWS = 60


def _issues_markdown(issues: list[DataIssue]) -> str:
    rows = ["| Place | Found | Expected |", "|---|---|---|"]
    for issue in issues[:MAX_ROWS]:
        rows.append(f"| {issue.place} | {issue.value} | {issue.expected} |".replace("\n", " "))
    if len(issues) > MAX_ROWS:
        rows.append(f"| … and {len(issues) - MAX_ROWS} more | | |")
    return "\n".join(rows)


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
    rows = ["| Programme | Activity | Status | Why |", "|---|---|---|---|"]
    rows += [f"| {s.activity.programme_id} | {s.activity.code} | {s.status.value} | {s.reason} |" for s in flagged]
    return dg.AssetCheckResult(
        passed=not flagged,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"activities": len(flagged), "list": dg.MetadataValue.md("\n".join(rows))},
    )


REPORT_CHECKS = [inputs_have_no_data_issues, timeframes_recognised, activities_needing_attention]
