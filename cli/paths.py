"""Where the project's folders are by default, without importing Dagster or the pipeline.

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
