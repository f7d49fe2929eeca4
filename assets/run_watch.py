"""Runs whose process died are marked failed, not left "Started" forever.

Every run records, when its first step starts, which process holds it (tags
`stc/host`, `stc/pid`, `stc/pid_started`: the host name, the process id and the
process's start time, so that a reused process id is not mistaken for it). A run still
"Started" whose process is gone on this machine was killed (the terminal closed, the
machine restarted): `fail_dead_runs` reports it failed, with that reason, through
`DagsterInstance.report_run_failed`. The command line does it before each run; the
`dead_runs_marked_failed` sensor, run by the Dagster daemon (`dagster dev` starts one),
does it every 30 seconds, so the staff page and the UI show such a run as failed.

Dagster's own run monitoring does not cover this: it watches the run workers its run
launcher started, and a command-line run executes in the command's own process.
"""
from __future__ import annotations

import os
import socket
from pathlib import Path

import dagster as dg

HOST, PID, PID_STARTED = "stc/host", "stc/pid", "stc/pid_started"
WATCHED = [dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.CANCELING]
DIED = ("The process running this report (process {pid} on {host}) ended before the report was finished "
        "(it was stopped or the machine restarted). Nothing of it was published; start the report again.")


def _started(pid: int) -> str:
    """The process's start time (clock ticks since boot, Linux), or '' when it cannot be read."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def owner_tags() -> dict[str, str]:
    pid = os.getpid()
    return {HOST: socket.gethostname(), PID: str(pid), PID_STARTED: _started(pid)}


def record_owner(instance: dg.DagsterInstance | None, run_id: str | None) -> None:
    if instance is not None and run_id:
        instance.add_run_tags(run_id, owner_tags())


def process_alive(pid: int, started: str) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    return not started or not _started(pid) or _started(pid) == started


def fail_dead_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed the runs of this machine that are still 'Started' but whose process is gone."""
    host, marked = socket.gethostname(), []
    records = instance.get_run_records(dg.RunsFilter(statuses=WATCHED, tags={HOST: host}), limit=200)
    for record in records:
        run = record.dagster_run
        try:
            pid = int(run.tags.get(PID, ""))
        except ValueError:
            continue
        if process_alive(pid, run.tags.get(PID_STARTED, "")):
            continue
        current = instance.get_run_by_id(run.run_id)
        if current is None or current.status not in WATCHED:
            continue
        instance.report_run_failed(current, DIED.format(pid=pid, host=host))
        marked.append(run.run_id)
    return marked


@dg.sensor(name="dead_runs_marked_failed", minimum_interval_seconds=30,
           default_status=dg.DefaultSensorStatus.RUNNING,
           description="Marks failed the runs on this machine whose process ended without finishing them.")
def dead_runs_marked_failed(context: dg.SensorEvaluationContext) -> dg.SkipReason:
    marked = fail_dead_runs(context.instance)
    return dg.SkipReason(f"marked failed: {', '.join(marked)}" if marked else "no run died")
