"""`stc-report up`: the code server, Dagster (`dagster dev`) and the staff page, on one machine.

One command for a single machine: Ctrl+C stops all three. Problems come back as plain text
for the command line to print. The code server is the project's (assets/code_server.py): its
runs are forked from a process that has already imported what a run needs, and it keeps a
LibreOffice warm for the runs' PDFs (STC_PDF_SERVER=off, or no LibreOffice or no Python with
`uno` on the machine, leaves every PDF to the cold path). `dagster dev` runs the webserver and
the daemon against it.
"""
from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from portal.server import CodeServer, DagsterDev, local_url, serve


class LaunchProblem(Exception):
    """Dagster could not be started; the message says why, in plain words."""


def run_dagster_and_page(app, project: Path, home: Path, host: str, port: int, dagster_port: int,
                         inputs: Path, outputs: Path) -> None:
    """Start the code server and `dagster dev` on dagster_port with the project's folders, then serve the page."""
    env = {**os.environ, "DAGSTER_HOME": str(home),
           "STC_INPUTS_DIR": str(inputs.resolve()), "STC_OUTPUTS_DIR": str(outputs.resolve())}
    env.setdefault("STC_PORTAL_URL", local_url(host, port))
    print(f"Starting Dagster (its messages go to {home / 'code-server.log'} and {home / 'dagster-dev.log'}) ...",
          flush=True)
    with dagster_services(project, home, dagster_port, env) as dagster:
        print(f"Dagster UI: {dagster.url}", flush=True)
        print(f"Standing Committee reports: open {local_url(host, port)}. Press Ctrl+C to stop both.", flush=True)
        serve(app, host, port)


@contextmanager
def dagster_services(project: Path, home: Path, dagster_port: int, env: dict[str, str]) -> Iterator[DagsterDev]:
    """The code server, then `dagster dev` pointed at it, both ready; stopped (and their children) on leaving.
    LaunchProblem when either does not start."""
    code = CodeServer(project, _free_port(), home / "code-server.log", env)
    try:
        problem = code.wait_until_ready()
        if problem:
            raise LaunchProblem(problem)
        dagster = DagsterDev(project, dagster_port, home / "dagster-dev.log", env, workspace=code.workspace(home))
        try:
            problem = dagster.wait_until_ready()
            if problem:
                raise LaunchProblem(problem)
            yield dagster
        finally:
            dagster.stop()
    finally:
        code.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
