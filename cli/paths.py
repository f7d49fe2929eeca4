"""Where the project's folders are by default, and how a run's process collects its garbage,
without importing Dagster or the pipeline.

The command line's parser (`stc-report --help`, `validate`, `status`) and the Dagster resource
(assets/resources.py) both take their default folders from here, so they agree and `--help`
does not pay for loading Dagster.
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_path(env_var: str, folder: str) -> str:
    """The folder named by `env_var` (STC_INPUTS_DIR ...), else `folder` in the project."""
    return os.environ.get(env_var) or str(PROJECT_ROOT / folder)


# A report's process makes millions of small objects (openpyxl cells, python-docx elements, the
# statuses of every month of the Trend) while it holds the inputs and the report. At Python's default
# thresholds (700, 10, 10) the cyclic garbage collector walks all of them again and again: about 2 s
# of CPU at 100 times the bundled data. The objects a report makes hold few reference cycles, so a
# run's process collects far less often; memory stays the same (benchmark/, README "Speed").
RUN_GC_THRESHOLD = (50_000, 20, 100)


def relax_garbage_collector() -> None:
    """Collect cyclic garbage less often in this process (a report run's: the command line's, or the
    process Dagster starts for a run launched from the UI or the staff page)."""
    import gc

    gc.set_threshold(*RUN_GC_THRESHOLD)
