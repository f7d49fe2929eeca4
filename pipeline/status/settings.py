"""Thresholds of the status rules: settings with the defaults of docs/status-rules.md, not constants."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatusSettings:
    warning_horizon_months: int = 3  # a window closing within this, with no progress: At risk
    ongoing_recency_months: int = 12  # continuous activity evidence older than this: Stalled

    def __post_init__(self) -> None:
        if self.warning_horizon_months < 0 or self.ongoing_recency_months < 1:
            raise ValueError("warning_horizon_months must be >= 0 and ongoing_recency_months >= 1")
