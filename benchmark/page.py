"""The staff page's path, timed: "Generate the report" to the downloads offered.

What `stc-report up` starts (portal/launcher.py `dagster_services`: the project's code server, whose
runs fork from a warm process, and `dagster dev`'s webserver and daemon against it) on a temporary
DAGSTER_HOME, made ready as `stc-report up` makes it (assets/instance.py). Each report is launched
exactly as the page launches it (portal/dagster_link.py: `DagsterLink.launch`, Dagster's GraphQL
API, with the page's request: English, with the PDF) and followed as the page follows it
(`DagsterLink.run_state`, then `Catalog.report_of_run`, which is what makes the page offer the
downloads); the clock stops when the downloads would be offered. The page polls once a second;
here every 0.1 s, so that the figure is the system's, not the poll's.

Each run is split into the time Dagster kept it queued, the time until its process started its
first step (a process per run, forked by the code server), and the time from there to the
downloads offered.

As under `stc-report up`, a LibreOffice is kept warm for the runs' PDFs (assets/code_server.py);
`warm=False` times the cold path (each PDF starts LibreOffice).
"""
from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
AS_OF = date(2011, 8, 31)
POLL_S = 0.1


@dataclass
class PageRun:
    wall: float  # click to downloads offered
    queued: float  # QUEUED
    starting: float  # NOT_STARTED / STARTING: the run's process being started
    running: float  # STARTED until the downloads are offered
    ok: bool
    note: str = ""


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def time_page(inputs: Path, work: Path, repeat: int, pdf_wanted: bool = True, warm: bool = True) -> list[PageRun]:
    """`repeat` reports launched and followed as the page does, one after the other."""
    from assets.instance import prepare_dagster_home
    from portal.catalog import Catalog
    from portal.dagster_link import DagsterLink
    from portal.launcher import dagster_services

    home, outputs = work / "page-dagster_home", work / "page-outputs"
    outputs.mkdir(parents=True, exist_ok=True)
    saved = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    try:
        prepare_dagster_home()
    finally:
        if saved is None:
            os.environ.pop("DAGSTER_HOME", None)
        else:
            os.environ["DAGSTER_HOME"] = saved
    env = {**os.environ, "DAGSTER_HOME": str(home), "STC_INPUTS_DIR": str(inputs.resolve()),
           "STC_OUTPUTS_DIR": str(outputs.resolve()), "STC_PDF_SERVER": "" if warm else "off"}
    if not pdf_wanted:
        raise ValueError("the page always asks for the PDF")
    runs: list[PageRun] = []
    with dagster_services(PROJECT, home, _free_port(), env) as dagster:
        link, catalog = DagsterLink(dagster.url), Catalog(inputs, outputs)
        for _ in range(repeat + 1):  # the first one warms the files and the first PDF: not counted
            runs.append(_one(link, catalog))
    return runs[1:]


def _one(link, catalog) -> PageRun:
    start = time.perf_counter()
    run_id, new = link.launch("StC38", AS_OF, ("en",))
    seen: dict[str, float] = {}
    state = None
    while time.perf_counter() - start < 3600:
        state = link.run_state(run_id)
        now = time.perf_counter()
        seen.setdefault(state.status, now)
        if state.finished and (state.status != "SUCCESS" or catalog.report_of_run(run_id) is not None):
            break
        time.sleep(POLL_S)
    end = time.perf_counter()
    started = seen.get("STARTED", end)
    launched = min([seen[s] for s in ("NOT_STARTED", "STARTING") if s in seen] + [started])
    ok = state is not None and state.status == "SUCCESS"
    return PageRun(end - start, launched - start, started - launched, end - started, ok,
                   "" if ok and new else f"{state.status if state else '?'}: {state.failure if state else ''}")


def page_target_ratio(runs: list[PageRun], own_work: float | None, pdf: float | None) -> float | None:
    """The page's median wait over the report's own work plus one PDF; None when either is missing."""
    good = [r.wall for r in runs if r.ok]
    if not good or own_work is None or pdf is None:
        return None
    return statistics.median(good) / (own_work + pdf)


def summary(runs: list[PageRun], own_work: float | None, pdf: float | None) -> str:
    good = [r for r in runs if r.ok]
    if not good:
        return "page path: every run failed: " + "; ".join(r.note for r in runs)
    med = {k: statistics.median(getattr(r, k) for r in good) for k in ("wall", "queued", "starting", "running")}
    line = (f"page path (launch through GraphQL to downloads offered, with PDF), median of {len(good)}: "
            f"{med['wall']:.2f} s = queued {med['queued']:.2f} + process starting {med['starting']:.2f} "
            f"+ started to downloads {med['running']:.2f}")
    if own_work is not None and pdf is not None:
        target = own_work + pdf
        line += (f"\n  the report's own work {own_work:.2f} s + one PDF {pdf:.2f} s = {target:.2f} s; "
                 f"page / that = {med['wall'] / target:.2f} (target <= 2)")
    return line
