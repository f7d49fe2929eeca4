"""`stc-report up`: Dagster (`dagster dev`) in a child process and the staff page in this one.

One command for a single machine: Ctrl+C stops both. Problems come back as plain text
for the command line to print.
"""
from __future__ import annotations

import os
from pathlib import Path

from portal.server import DagsterDev, local_url, serve


class LaunchProblem(Exception):
    """Dagster could not be started; the message says why, in plain words."""


def run_dagster_and_page(app, project: Path, home: Path, host: str, port: int, dagster_port: int,
                         inputs: Path, outputs: Path) -> None:
    """Start `dagster dev` on dagster_port with the project's folders, then serve the page until stopped."""
    env = {**os.environ, "DAGSTER_HOME": str(home),
           "STC_INPUTS_DIR": str(inputs.resolve()), "STC_OUTPUTS_DIR": str(outputs.resolve())}
    env.setdefault("STC_PORTAL_URL", local_url(host, port))
    dagster = DagsterDev(project, dagster_port, home / "dagster-dev.log", env)
    try:
        print(f"Starting Dagster (its messages go to {dagster.log}) ...", flush=True)
        problem = dagster.wait_until_ready()
        if problem:
            raise LaunchProblem(problem)
        print(f"Dagster UI: {dagster.url}", flush=True)
        print(f"Standing Committee reports: open {local_url(host, port)}. Press Ctrl+C to stop both.", flush=True)
        serve(app, host, port)
    finally:
        dagster.stop()
