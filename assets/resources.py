"""The run's settings as a Dagster resource: where inputs, templates and outputs
live, and the thresholds of the status rules."""
from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from cli.paths import PROJECT_ROOT, default_path, relax_garbage_collector  # noqa: F401 (PROJECT_ROOT: kept for callers)
from pipeline.status.settings import StatusSettings


class ReportSettings(dg.ConfigurableResource):
    """Folders and thresholds; defaults come from STC_* environment variables or the project."""

    inputs_dir: str
    outputs_dir: str
    templates_dir: str
    warning_horizon_months: int = 3
    ongoing_recency_months: int = 12

    @property
    def inputs(self) -> Path:
        return Path(self.inputs_dir)

    @property
    def outputs(self) -> Path:
        return Path(self.outputs_dir)

    @property
    def templates(self) -> Path:
        return Path(self.templates_dir)

    def status_settings(self) -> StatusSettings:
        return StatusSettings(self.warning_horizon_months, self.ongoing_recency_months)


def report_settings(inputs_dir: str | None = None, outputs_dir: str | None = None) -> ReportSettings:
    return ReportSettings(
        inputs_dir=inputs_dir or default_path("STC_INPUTS_DIR", "inputs"),
        outputs_dir=outputs_dir or default_path("STC_OUTPUTS_DIR", "outputs"),
        templates_dir=default_path("STC_TEMPLATES_DIR", "templates"),
        warning_horizon_months=int(os.environ.get("STC_WARNING_HORIZON_MONTHS", 3)),
        ongoing_recency_months=int(os.environ.get("STC_ONGOING_RECENCY_MONTHS", 12)),
    )


class RunMemoryIOManager(dg.InMemoryIOManager):
    """The values one run's steps hand each other, held in the run's own process memory.

    Both jobs execute every step in one process (`in_process_executor`, also for runs the
    webserver or the daemon launches: the run launcher starts one process per run), so no
    step ever reads a value another run wrote, and nothing is left on disk to mix up. A
    step whose input was not made in the same run (one asset materialised alone, or
    "re-execute from failure") stops with a plain message instead of reading a stale value.
    """

    def load_input(self, context: dg.InputContext) -> object:
        try:
            return super().load_input(context)
        except KeyError:
            upstream = context.upstream_output.asset_key.to_user_string() if context.has_asset_key else "its input"
            raise dg.Failure(
                description=f"'{upstream}' was not made in this run: each run computes everything it uses "
                            f"from the inputs. Materialise the whole job (all of its assets) instead of a part "
                            f"of it, or start a new run rather than re-executing a part of an old one.",
                allow_retries=False) from None


@dg.io_manager(description="Values passed between the steps of one run, in that run's memory only.")
def run_memory_io_manager(init_context: dg.InitResourceContext) -> RunMemoryIOManager:
    from assets.run_watch import record_owner

    record_owner(init_context.instance, init_context.run.run_id if init_context.run else None)
    relax_garbage_collector()  # this is the run's process (one per run): see cli.paths.RUN_GC_THRESHOLD
    return RunMemoryIOManager()
