"""`stc-report up`: Dagster (`dagster dev`) in a child process and the staff page in this one.

One command for a single machine: Ctrl+C stops both. Problems come back as plain text
for the command line to print. It also keeps a LibreOffice warm for the runs' PDFs
(pipeline/publish/pdf_warm.py, in <DAGSTER_HOME>/libreoffice-warm, named to the runs by
STC_PDF_SERVER), started before Dagster and stopped with it; STC_PDF_SERVER=off, or no
LibreOffice or no Python with `uno` on the machine, leaves every PDF to the cold path.
"""
from __future__ import annotations

import os
from pathlib import Path

from pipeline import settings
from pipeline.publish.pdf import find_soffice
from pipeline.publish.pdf_warm import WarmServer
from portal.server import DagsterDev, local_url, serve


class LaunchProblem(Exception):
    """Dagster could not be started; the message says why, in plain words."""


def run_dagster_and_page(app, project: Path, home: Path, host: str, port: int, dagster_port: int,
                         inputs: Path, outputs: Path) -> None:
    """Start `dagster dev` on dagster_port with the project's folders, then serve the page until stopped."""
    env = {**os.environ, "DAGSTER_HOME": str(home),
           "STC_INPUTS_DIR": str(inputs.resolve()), "STC_OUTPUTS_DIR": str(outputs.resolve())}
    env.setdefault("STC_PORTAL_URL", local_url(host, port))
    warm = start_warm_libreoffice(home, env)
    try:
        _serve_with_dagster(app, project, home, host, port, dagster_port, env)
    finally:
        if warm is not None:
            warm.stop()


def start_warm_libreoffice(home: Path, env: dict[str, str]) -> WarmServer | None:
    """Start the LibreOffice kept warm for the runs and name its folder in `env`; None when there is none."""
    if env.get(settings.PDF_SERVER, "").lower() == "off":
        env.pop(settings.PDF_SERVER)
        return None
    warm = WarmServer.for_machine(home / "libreoffice-warm", find_soffice())
    if warm is None:
        env.pop(settings.PDF_SERVER, None)
        return None
    warm.start()
    env[settings.PDF_SERVER] = str(warm.folder)
    return warm


def _serve_with_dagster(app, project: Path, home: Path, host: str, port: int, dagster_port: int,
                        env: dict[str, str]) -> None:
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
