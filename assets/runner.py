"""Run the meeting job in this process against the Dagster instance, reporting progress.

Used by the command line: the run is in Dagster's history like one started from the UI.
Why a second way to launch, beside the staff page's GraphQL launch: the command line must work
without a webserver or daemon running (a laptop, a script, the CI), and it prints the report's
steps as they go; both make the same job's run, with the same request, recorded in the same history.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from assets.config import RunRequest
from assets.definitions import build_definitions
from assets.report_assets import REPORT
from assets.run_watch import fail_dead_runs, owner_tags
from pipeline.publish.output_folder import discard_run
from pipeline.publish.report_steps import read_line
from pipeline.request import ReportRequest


# The parts of a run `mark` is told of (cli/timing.py): Dagster's work around the report's steps
# (the run's start, its events written to the instance, the step's outputs and checks), and each step.
RUN_MACHINERY = "Dagster's run machinery and events"
OWN_STEP = "the report's step"


def _no_mark(_part: str) -> None:
    pass


@dataclass
class RunOutcome:
    success: bool
    run_id: str
    files: dict[str, str] = field(default_factory=dict)  # kind (docx, xlsx, pdf; fr.docx ...) -> path
    error: str = ""
    no_pdf: str = ""  # why there is no PDF, when the run succeeded without one
    issues: tuple | None = None  # the data issues the run found (activity_status), when it succeeded


def _progress_logger(progress: Callable[[str], None], mark: Callable[[str], None]) -> dg.LoggerDefinition:
    """A console logger that prints a line when each of the report's steps starts and when it is done
    (with its seconds and what it counted), and the steps' own progress lines ('writing the Word
    document: 2,150 of 4,300 activities'); nothing else. `mark` is told where each step starts
    (what came before was Dagster's) and ends (cli/timing.py)."""

    class StepHandler(logging.Handler):
        def __init__(self) -> None:
            super().__init__()
            self.started: dict[str, float] = {}

        def emit(self, record: logging.LogRecord) -> None:
            meta = getattr(record, "dagster_meta", {})
            if meta.get("dagster_event") is not None or record.levelno != logging.INFO or not meta.get("step_key"):
                return
            message = meta.get("orig_message", record.getMessage())
            line = read_line(message)
            if line is None:  # a step's own progress line
                progress(f"         {message}")
                return
            step, what, counted = line
            if what == "started":
                mark(RUN_MACHINERY)
                self.started[step] = time.monotonic()
                progress(f"  start  {step}")
                return
            seconds = time.monotonic() - self.started.pop(step, time.monotonic())
            mark(f"{OWN_STEP} {step}")
            progress(f"  done   {step} ({seconds:.1f} s)" + (f": {counted}" if counted else ""))

    @dg.logger(description="One line per step of the report, for the command line.")
    def step_progress(_context) -> logging.Logger:
        log = logging.getLogger("stc_report.progress")
        log.setLevel(logging.DEBUG)
        log.propagate = False
        log.handlers = [StepHandler()]
        return log

    return step_progress


def last_step_started(instance: dg.DagsterInstance, run_id: str) -> str:
    """The report's step that was under way when the run stopped ('' when none had started)."""
    last = ""
    for entry in instance.all_logs(run_id):
        line = read_line(entry.user_message) if entry.dagster_event is None else None
        if line and line[1] == "started":
            last = line[0]
    return last


def failure_message(result: dg.ExecuteInProcessResult, step: str = "") -> str:
    """The pipeline's own words for why a step failed, not a stack trace. An error the steps did not
    expect is named by its own cause ('ValueError: …'), never by the Dagster class that wrapped it,
    and by the report's step it stopped (`step`, else Dagster's step)."""
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.user_failure_data:
            return event.step_failure_data.user_failure_data.description or "a step failed"
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
            error = event.step_failure_data.error
            while error.cause is not None:
                error = error.cause
            return f"the step {step or event.step_key} stopped on an unexpected error: {error.message.strip()}"
    return "the run did not finish"


def run_meeting_report(
    request: ReportRequest,
    inputs_dir: Path,
    outputs_dir: Path,
    instance: dg.DagsterInstance | None = None,
    progress: Callable[[str], None] | None = None,
    mark: Callable[[str], None] = _no_mark,
) -> RunOutcome:
    """One meeting_report run in this process for `request`; every value it uses is computed in it.
    `mark(part)` is called where each part of the run ends (cli/timing.py), with `progress` only."""
    defs = build_definitions(str(inputs_dir), str(outputs_dir))
    job = defs.resolve_job_def("meeting_report")
    run_config = RunRequest.launch_config(request)
    if progress:
        run_config = dg.RunConfig(resources=run_config.resources, loggers={"step_progress": {}})
        job = job.with_logger_defs({"step_progress": _progress_logger(progress, mark)})
    mark("building the definitions")
    instance = instance or dg.DagsterInstance.get()
    fail_dead_runs(instance)  # runs of this machine whose process was killed: failed, not 'Started'
    mark("opening the instance")
    tags = {"meeting": request.meeting, **({"as_of": request.as_of.isoformat()} if request.as_of else {}),
            "started_from": "command line",
            **({"languages": ",".join(request.languages)} if request.languages != ("en",) else {}),
            **owner_tags()}  # this process holds the run from its creation: killed before a step, it is seen dead
    result = job.execute_in_process(run_config=run_config, instance=instance, raise_on_error=False, tags=tags)
    mark(RUN_MACHINERY)
    if not result.success:
        discard_run(outputs_dir, result.run_id)
        return RunOutcome(False, result.run_id, error=failure_message(result, last_step_started(instance, result.run_id)))
    published = result.output_for_node(REPORT, "published_report")
    files = {k: v for k, v in published.items() if k not in ("folder", "no_pdf", "issues")}
    return RunOutcome(True, result.run_id, files=files, no_pdf=published.get("no_pdf", ""),
                      issues=published["issues"])
