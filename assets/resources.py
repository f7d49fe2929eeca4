"""The run's settings as a Dagster resource: where inputs, templates and outputs live, the
thresholds of the status rules, and the staff page's address for download links.

The defaults and the environment variables are pipeline/settings.py's; a variable that is set
reaches the resource as `dg.EnvVar`, so the Dagster UI shows which values came from the
environment.
"""
from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipeline import settings
from pipeline.settings import StatusSettings, relax_garbage_collector


class ReportSettings(dg.ConfigurableResource):
    """Folders, thresholds and the staff page's address (pipeline/settings.py)."""

    inputs_dir: str
    outputs_dir: str
    templates_dir: str
    warning_horizon_months: int = StatusSettings.warning_horizon_months
    ongoing_recency_months: int = StatusSettings.ongoing_recency_months
    portal_url: str = settings.DEFAULT_PORTAL_URL

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


def _from_environment(variable: str, default, kind=str):
    """dg.EnvVar(variable) where the environment sets it, else the default."""
    if not settings.text(variable):
        return default
    return dg.EnvVar.int(variable) if kind is int else dg.EnvVar(variable)


def report_settings(inputs_dir: str | None = None, outputs_dir: str | None = None) -> ReportSettings:
    """The resource for these folders (None: the settings' folders); a threshold that is not a whole
    number stops here with settings.SettingError naming the variable."""
    settings.status_settings()  # checks the thresholds' variables, in plain words
    return ReportSettings(
        inputs_dir=inputs_dir or _from_environment(settings.INPUTS_DIR, str(settings.folder(settings.INPUTS_DIR))),
        outputs_dir=outputs_dir or _from_environment(settings.OUTPUTS_DIR,
                                                     str(settings.folder(settings.OUTPUTS_DIR))),
        templates_dir=_from_environment(settings.TEMPLATES_DIR, str(settings.folder(settings.TEMPLATES_DIR))),
        warning_horizon_months=_from_environment(settings.WARNING_HORIZON,
                                                 StatusSettings.warning_horizon_months, int),
        ongoing_recency_months=_from_environment(settings.ONGOING_RECENCY,
                                                 StatusSettings.ongoing_recency_months, int),
        portal_url=_from_environment(settings.PORTAL_URL, settings.DEFAULT_PORTAL_URL),
    )


class RunMemoryIOManager(dg.InMemoryIOManager):
    """The values a run's assets return, held in the run's own process memory, never on disk.

    The report is one step (assets/report_assets.py) and each month's snapshot one step, so no
    step reads another's value; the outputs stay here for the command line to read
    (`output_for_node`). Should a step ever load an input not made in the same run, it stops with
    a plain message instead of reading a stale value.
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
    from assets.run_watch import owner_tags, record_owner

    run = init_context.run
    if run is None or any(run.tags.get(tag) != value for tag, value in owner_tags().items()):
        record_owner(init_context.instance, run.run_id if run else None)  # a command-line run has them already
    relax_garbage_collector()  # this is the run's process (one per run): see pipeline.settings.RUN_GC_THRESHOLD
    return RunMemoryIOManager()
