"""Run the meeting job in this process against the Dagster instance, reporting progress.

Used by the command line: the run is in Dagster's history like one started from the UI.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import dagster as dg

from assets.config import meeting_run_config
from assets.definitions import build_definitions
from assets.run_watch import fail_dead_runs
from pipeline.publish.output_folder import discard_run

STEP_WORDS = {"STEP_SUCCESS": "done", "STEP_FAILURE": "FAILED"}


@dataclass
class RunOutcome:
    success: bool
    run_id: str
    files: dict[str, str] = field(default_factory=dict)  # kind (docx, xlsx, pdf; fr.docx ...) -> path
    error: str = ""
    no_pdf: str = ""  # why there is no PDF, when the run succeeded without one


def _progress_logger(progress: Callable[[str], None]) -> dg.LoggerDefinition:
    """A console logger that prints one line per step started or finished, nothing else."""

    class StepHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            event = getattr(record, "dagster_meta", {}).get("dagster_event")
            if event is None or event.event_type_value not in STEP_WORDS:
                return
            progress(f"  {STEP_WORDS[event.event_type_value]:<6} {event.step_key}")

    @dg.logger(description="One line per step, for the command line.")
    def step_progress(_context) -> logging.Logger:
        log = logging.getLogger("stc_report.progress")
        log.setLevel(logging.DEBUG)
        log.propagate = False
        log.handlers = [StepHandler()]
        return log

    return step_progress


def failure_message(result: dg.ExecuteInProcessResult) -> str:
    """The pipeline's own words for why a step failed, not a stack trace."""
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.user_failure_data:
            return event.step_failure_data.user_failure_data.description or "a step failed"
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
            return event.step_failure_data.error.message.strip()
    return "the run did not finish"


def run_meeting_report(
    meeting: str,
    as_of: date | None,
    inputs_dir: Path,
    outputs_dir: Path,
    instance: dg.DagsterInstance | None = None,
    progress: Callable[[str], None] | None = None,
    since: date | None = None,
    languages: tuple[str, ...] = ("en",),
    narrative_fallback: str = "",
) -> RunOutcome:
    """One meeting_report run in this process; every value it uses is computed in it."""
    defs = build_definitions(str(inputs_dir), str(outputs_dir))
    job = defs.resolve_job_def("meeting_report")
    run_config = meeting_run_config(meeting, as_of, since, languages, narrative_fallback)
    if progress:
        run_config = dg.RunConfig(ops=run_config.ops, loggers={"step_progress": {}})
        job = job.with_logger_defs({"step_progress": _progress_logger(progress)})
    instance = instance or dg.DagsterInstance.get()
    fail_dead_runs(instance)  # runs of this machine whose process was killed: failed, not 'Started'
    tags = {"meeting": meeting, **({"as_of": as_of.isoformat()} if as_of else {}), "started_from": "command line",
            **({"languages": ",".join(languages)} if tuple(languages) != ("en",) else {})}
    result = job.execute_in_process(run_config=run_config, instance=instance, raise_on_error=False, tags=tags)
    if not result.success:
        discard_run(outputs_dir, result.run_id)
        return RunOutcome(False, result.run_id, error=failure_message(result))
    published = result.output_for_node("published_report")
    files = {k: v for k, v in published.items() if k not in ("folder", "no_pdf")}
    return RunOutcome(True, result.run_id, files=files, no_pdf=published.get("no_pdf", ""))
