"""The run's settings as a Dagster resource: where inputs, templates and outputs
live, and the thresholds of the status rules."""
from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipeline.status.settings import StatusSettings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_path(env_var: str, folder: str) -> str:
    return os.environ.get(env_var) or str(PROJECT_ROOT / folder)


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
