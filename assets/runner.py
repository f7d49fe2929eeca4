"""Run the meeting job in this process against the Dagster instance, reporting progress.

Used by the command line: the run is in Dagster's history like one started from the UI.
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
from assets.run_watch import fail_dead_runs, owner_tags
from pipeline.publish.output_folder import discard_run
from pipeline.request import ReportRequest

STEP_WORDS = {"STEP_START": "start", "STEP_SUCCESS": "done", "STEP_FAILURE": "FAILED"}


@dataclass
class RunOutcome:
    success: bool
    run_id: str
    files: dict[str, str] = field(default_factory=dict)  # kind (docx, xlsx, pdf; fr.docx ...) -> path
    error: str = ""
    no_pdf: str = ""  # why there is no PDF, when the run succeeded without one
    issues: tuple | None = None  # the data issues the run found (activity_status), when it succeeded


def step_counts(metadata: dict) -> str:
    """The whole numbers of a step's materialization, as the command line prints them:
    'activities 4,300, log_entries 3,500'."""
    return ", ".join(f"{label} {value.value:,}" for label, value in metadata.items()
                     if isinstance(value, dg.IntMetadataValue) and value.value is not None)


def _progress_logger(progress: Callable[[str], None]) -> dg.LoggerDefinition:
    """A console logger that prints a line when each step starts and when it ends (with the counts
    it recorded and its seconds), and the steps' own progress lines ('writing the Word document:
    2,150 of 4,300 activities'); nothing else."""

    class StepHandler(logging.Handler):
        def __init__(self) -> None:
            super().__init__()
            self.started: dict[str, float] = {}
            self.counts: dict[str, list[str]] = {}

        def emit(self, record: logging.LogRecord) -> None:
            meta = getattr(record, "dagster_meta", {})
            event = meta.get("dagster_event")
            if event is None:  # a step's own message: only its progress lines (info), not warnings
                if record.levelno == logging.INFO and meta.get("step_key"):
                    progress(f"         {meta.get('orig_message', record.getMessage())}")
                return
            kind, step = event.event_type_value, event.step_key
            if kind == "ASSET_MATERIALIZATION":
                counts = step_counts(event.event_specific_data.materialization.metadata)
                if counts:
                    self.counts.setdefault(step, []).append(counts)
                return
            if kind not in STEP_WORDS:
                return
            if kind == "STEP_START":
                self.started[step] = time.monotonic()
                progress(f"  {STEP_WORDS[kind]:<6} {step}")
                return
            seconds = time.monotonic() - self.started.pop(step, time.monotonic())
            counts = "; ".join(self.counts.pop(step, []))
            progress(f"  {STEP_WORDS[kind]:<6} {step} ({seconds:.1f} s)" + (f": {counts}" if counts else ""))

    @dg.logger(description="One line per step, for the command line.")
    def step_progress(_context) -> logging.Logger:
        log = logging.getLogger("stc_report.progress")
        log.setLevel(logging.DEBUG)
        log.propagate = False
        log.handlers = [StepHandler()]
        return log

    return step_progress


def failure_message(result: dg.ExecuteInProcessResult) -> str:
    """The pipeline's own words for why a step failed, not a stack trace. An error the steps did not
    expect is named by its own cause ('ValueError: …'), never by the Dagster class that wrapped it."""
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.user_failure_data:
            return event.step_failure_data.user_failure_data.description or "a step failed"
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
            error = event.step_failure_data.error
            while error.cause is not None:
                error = error.cause
            return f"the step {event.step_key} stopped on an unexpected error: {error.message.strip()}"
    return "the run did not finish"


def run_meeting_report(
    request: ReportRequest,
    inputs_dir: Path,
    outputs_dir: Path,
    instance: dg.DagsterInstance | None = None,
    progress: Callable[[str], None] | None = None,
) -> RunOutcome:
    """One meeting_report run in this process for `request`; every value it uses is computed in it."""
    defs = build_definitions(str(inputs_dir), str(outputs_dir))
    job = defs.resolve_job_def("meeting_report")
    run_config = RunRequest.launch_config(request)
    if progress:
        run_config = dg.RunConfig(resources=run_config.resources, loggers={"step_progress": {}})
        job = job.with_logger_defs({"step_progress": _progress_logger(progress)})
    instance = instance or dg.DagsterInstance.get()
    fail_dead_runs(instance)  # runs of this machine whose process was killed: failed, not 'Started'
    tags = {"meeting": request.meeting, **({"as_of": request.as_of.isoformat()} if request.as_of else {}),
            "started_from": "command line",
            **({"languages": ",".join(request.languages)} if request.languages != ("en",) else {}),
            **owner_tags()}  # this process holds the run from its creation: killed before a step, it is seen dead
    result = job.execute_in_process(run_config=run_config, instance=instance, raise_on_error=False, tags=tags)
    if not result.success:
        discard_run(outputs_dir, result.run_id)
        return RunOutcome(False, result.run_id, error=failure_message(result))
    published = result.output_for_node("published_report")
    files = {k: v for k, v in published.items() if k not in ("folder", "no_pdf")}
    return RunOutcome(True, result.run_id, files=files, no_pdf=published.get("no_pdf", ""),
                      issues=tuple(result.output_for_node("activity_status").issues))
