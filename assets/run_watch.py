"""Runs whose process died are marked failed, not left "Started" (or "Not started") forever.

Every run records which process holds it (tags `stc/host`, `stc/pid`, `stc/pid_started`:
the host name, the process id and the process's start time, so that a reused process id is
not mistaken for it): a command-line run from the moment Dagster creates it (the tags are
given with it), a run launched by the webserver or the daemon when its first step starts
(the run's own process, started by the run launcher, records them). A run still "Not
started", "Starting", "Started" or "Canceling" whose process is gone on this machine was
killed (the terminal closed, the machine restarted): `fail_dead_runs` reports it failed,
with that reason, through `DagsterInstance.report_run_failed`.

A run that never reached its first step and records no process (its process was killed while
Dagster started it, or never started) is told apart by age: "Not started" or "Starting" more
than START_LIMIT_MINUTES after it was created. A run's process starts its first step within
seconds (a container within a minute), so a run that has not in ten minutes never will;
queued runs ("Queued", waiting for the daemon's coordinator) are never touched.

The command line does it before each run; the `dead_runs_marked_failed` sensor, run by the
Dagster daemon (`dagster dev` starts one), does it every 30 seconds, so the staff page and
the UI show such a run as failed.

Dagster's own run monitoring does not cover this: it watches the run workers its run
launcher started, and a command-line run executes in the command's own process.
"""
from __future__ import annotations

from datetime import datetime, timezone

import dagster as dg

from pipeline.publish.run_owner import (DIED, HOST, NEVER_STARTED, PID, PID_STARTED, START_LIMIT_MINUTES,  # noqa: F401
                                        owner_tags, process_alive, why_dead)

NOT_YET = [dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING]
WATCHED = [*NOT_YET, dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]


def record_owner(instance: dg.DagsterInstance | None, run_id: str | None) -> None:
    if instance is not None and run_id:
        instance.add_run_tags(run_id, owner_tags())


def fail_dead_runs(instance: dg.DagsterInstance, now: datetime | None = None) -> list[str]:
    """Mark failed the runs of this machine not finished whose process is gone, and the runs that
    record no process and have not started START_LIMIT_MINUTES after they were created
    (pipeline/publish/run_owner.py's rule, the one the staff page applies too)."""
    moment = (now or datetime.now(timezone.utc)).timestamp()
    marked = []
    for record in instance.get_run_records(dg.RunsFilter(statuses=WATCHED), limit=400):
        run = record.dagster_run
        why = why_dead(run.status.value, dict(run.tags), record.create_timestamp.timestamp(), moment)
        if not why:
            continue
        current = instance.get_run_by_id(run.run_id)
        if current is None or current.status not in WATCHED:
            continue
        instance.report_run_failed(current, why)
        marked.append(run.run_id)
    return marked


@dg.sensor(name="dead_runs_marked_failed", minimum_interval_seconds=30,
           default_status=dg.DefaultSensorStatus.RUNNING,
           description="Marks failed the runs on this machine whose process ended without finishing them, and "
                       "the runs that never started within 10 minutes of being launched.")
def dead_runs_marked_failed(context: dg.SensorEvaluationContext) -> dg.SkipReason:
    marked = fail_dead_runs(context.instance)
    return dg.SkipReason(f"marked failed: {', '.join(marked)}" if marked else "no run died")
