"""The staff page with many reports: how fast it lists, serves and answers with 6 and with 1,000.

    .venv/bin/python -m benchmark.many_reports                     # 6 and 1,000 report folders
    .venv/bin/python -m benchmark --many-reports 6 1000            # the same, from the main benchmark

For each count, a temporary outputs folder gets that many report folders of StC38 (as runs publish
them: a report.json with counts, data issues, input checksums and the request, a .docx, .xlsx and
.pdf of a real report's sizes; a third made at another status date, a few in French and Spanish,
one marked as sent to the Committee). The page is served by uvicorn in a process of its own on a
free loopback port, as `stc-report up` serves it, over the bundled inputs; Dagster is replaced by
a stand-in that answers at once (every run made, none under way), so that the figures are the
page's own work, not Dagster's. Then, one request at a time unless said:

- the first list after the folders appeared (the page builds the meeting's index of reports);
- the list page (GET /), `--requests` times: median and 90th percentile;
- the list page from `--concurrency` clients at once for `--seconds`: requests per second;
- a download (the .docx of the oldest report), `--requests` times: median;
- /api/runs/<run id> of the oldest report (what the run page polls every second): median.

Bounded: a fixed number of requests, or a fixed time at a fixed concurrency; loopback only. The
machine is shared: compare the two counts of one invocation, not figures of different days.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import requests

PROJECT = Path(__file__).resolve().parent.parent
MEETING = "StC38"
SIZES = {"docx": 190_000, "xlsx": 60_000, "pdf": 480_000}  # bytes, about a bundled report's files


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_reports(outputs: Path, count: int) -> list[tuple[str, str]]:
    """`count` published report folders of StC38 under outputs/StC38, oldest first; [(folder, run id)].

    The files are hard links to one file of each kind (the page never reads them but to serve them)."""
    meeting = outputs / MEETING
    meeting.mkdir(parents=True, exist_ok=True)
    blobs = outputs.parent / "blobs"
    blobs.mkdir(exist_ok=True)
    for kind, size in SIZES.items():
        (blobs / kind).write_bytes(b"PK" + os.urandom(size - 2))
    issues = [{"place": f"programmes.xlsx, sheet Activities, row {r}, column Lead",
               "text": "found nothing; a lead (the organisation responsible)"} for r in range(10, 29)]
    made = []
    start = datetime(2026, 1, 5, 9, 0)
    for i in range(count):
        when = start + timedelta(minutes=97 * i)
        as_of = date(2011, 6, 30) if i % 3 == 1 else date(2011, 8, 31)
        languages = ("en", "fr", "es") if i % 10 == 7 else ("en",)
        run_id = str(uuid.UUID(int=i + 1, version=4))
        folder = f"{when:%Y-%m-%d_%H%M%S}_as-of-{as_of.isoformat()}_{run_id[:8]}"
        path = meeting / folder
        path.mkdir()
        files = {}
        for code in languages:
            for kind in SIZES:
                key = kind if code == "en" else f"{code}.{kind}"
                name = f"UNEP-CMS-StC38-Doc3.{key}"
                os.link(blobs / kind, path / name)
                files[key] = name
        manifest = {"meeting": MEETING, "symbol": "UNEP/CMS/StC38/Doc.3", "as_of": as_of.isoformat(),
                    "generated_at": when.isoformat(), "run_id": run_id,
                    "summary": {"JA 2008-2011": {"Completed": 14, "In progress": 19, "Not started": 3, "Overdue": 2},
                                "JWP 2012-2014": {"Not yet due": 12}},
                    "issues": issues, "inputs": {n: "0" * 64 for n in ("programmes.xlsx", "meeting_log.xlsx",
                                                                        "meetings.xlsx")},
                    "request": {"meeting": MEETING, "as_of": as_of.isoformat(), "languages": list(languages)},
                    "files": files, "languages": {}}
        (path / "report.json").write_text(json.dumps(manifest, indent=2), "utf-8")
        made.append((folder, run_id))
    official = made[len(made) // 2][0]
    (meeting / "choices.json").write_text(json.dumps({
        "format": "stc-report-choices", "version": 1,
        "official": {"folder": official, "by": "benchmark", "at": "2026-12-01T10:00:00"},
        "hidden": {}, "history": []}), "utf-8")
    return made


# --- the page, served in its own process -------------------------------------------------------

def serve(inputs: Path, outputs: Path, port: int) -> None:
    """The page over these folders with a stand-in for Dagster (the `--serve` mode of this module)."""
    import uvicorn

    from portal.app import create_app
    from portal.catalog import Catalog
    from portal.dagster_link import DagsterLink, RunState, plain_steps

    class InstantDagster(DagsterLink):
        """Answers at once: reachable, no run under way, every run id a finished StC38 report."""

        def reachable(self) -> bool:
            return True

        def active_runs(self, *args, **kwargs) -> list[str]:
            return []

        def run_state(self, run_id: str):
            return RunState(run_id, "SUCCESS", MEETING, "2011-08-31", "", plain_steps([], "SUCCESS"),
                            time.time() - 20, time.time())

        def schedule_on(self, name: str = "") -> bool | None:
            return True

        def last_monthly_runs(self, limit: int = 1) -> list[dict] | None:
            return []

    app = create_app(Catalog(inputs, outputs), InstantDagster("http://127.0.0.1:9"))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", server_header=False)


class Page:
    """The page's process, started and stopped by this benchmark."""

    def __init__(self, inputs: Path, outputs: Path, log: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(log, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmark.many_reports", "--serve", "--inputs", str(inputs),
             "--outputs", str(outputs), "--port", str(self.port)],
            cwd=PROJECT, stdout=self._log, stderr=subprocess.STDOUT)

    def wait(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the page stopped (exit {self.process.returncode}); see {self._log.name}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the page did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


# --- the measures --------------------------------------------------------------------------------

def timed_gets(session: requests.Session, url: str, count: int) -> list[float]:
    """Seconds of each of `count` GETs of url, one after the other (each must answer 200)."""
    times = []
    for _ in range(count):
        start = time.perf_counter()
        answer = session.get(url, timeout=60)
        answer.content  # noqa: B018 (read the whole body)
        times.append(time.perf_counter() - start)
        if answer.status_code != 200:
            raise RuntimeError(f"{url} answered {answer.status_code}")
    return times


def rate(url: str, concurrency: int, seconds: float) -> tuple[float, int]:
    """(requests per second, requests answered) from `concurrency` clients asking at once for `seconds`."""
    done = [0] * concurrency
    failed = [0] * concurrency
    stop = time.perf_counter() + seconds

    def client(i: int) -> None:
        with requests.Session() as session:
            while time.perf_counter() < stop:
                answer = session.get(url, timeout=60)
                if answer.status_code == 200:
                    done[i] += 1
                else:
                    failed[i] += 1

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if sum(failed):
        raise RuntimeError(f"{sum(failed)} requests failed")
    return sum(done) / elapsed, sum(done)


def _ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def _p90(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.9) - 1)] * 1000


def measure(count: int, work: Path, requests_each: int, concurrency: int, seconds: float) -> dict:
    outputs = work / f"outputs-{count}"
    made = make_reports(outputs, count)
    page = Page(PROJECT / "inputs", outputs, work / f"page-{count}.log")
    try:
        page.wait()
        with requests.Session() as session:
            first = timed_gets(session, page.url + "/", 1)[0]
            timed_gets(session, page.url + "/", 3)  # warm
            listed = timed_gets(session, page.url + "/", requests_each)
            size = len(session.get(page.url + "/", timeout=60).content)
            per_second, answered = rate(page.url + "/", concurrency, seconds)
            oldest, run_id = made[0]
            download = timed_gets(session, f"{page.url}/reports/{MEETING}/{oldest}/docx", requests_each)
            api = timed_gets(session, f"{page.url}/api/runs/{run_id}", requests_each)
    finally:
        page.stop()
    return {"reports": count, "first_list_ms": first * 1000, "list_median_ms": _ms(listed), "list_p90_ms": _p90(listed),
            "page_kb": size / 1024, "list_per_second": per_second, "concurrent_answered": answered,
            "download_median_ms": _ms(download), "api_runs_median_ms": _ms(api)}


def table(results: list[dict], concurrency: int) -> str:
    lines = [f"reports | first list ms | list median ms | list p90 ms | page KB | list req/s at {concurrency} |"
             " download median ms | /api/runs median ms"]
    for r in results:
        lines.append(f"{r['reports']:>7} | {r['first_list_ms']:13.1f} | {r['list_median_ms']:14.1f} |"
                     f" {r['list_p90_ms']:11.1f} | {r['page_kb']:7.0f} | {r['list_per_second']:14.1f} |"
                     f" {r['download_median_ms']:18.1f} | {r['api_runs_median_ms']:19.1f}")
    return "\n".join(lines)


def run(counts: list[int], requests_each: int = 50, concurrency: int = 10, seconds: float = 10,
        keep: Path | None = None) -> list[dict]:
    work = keep or Path(tempfile.mkdtemp(prefix="stc-bench-reports-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = []
        for count in counts:
            results.append(measure(count, work, requests_each, concurrency, seconds))
            print(f"  {count} reports: list median {results[-1]['list_median_ms']:.1f} ms, "
                  f"{results[-1]['list_per_second']:.1f} requests/s at {concurrency}", flush=True)
        return results
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmark.many_reports", description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[6, 1000], help="report folders (default: 6 1000)")
    parser.add_argument("--requests", type=int, default=50, help="requests of each kind timed one by one")
    parser.add_argument("--concurrency", type=int, default=10, help="clients asking at once for the rate")
    parser.add_argument("--seconds", type=float, default=10, help="how long the clients ask at once")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--inputs", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--outputs", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.inputs, args.outputs, args.port)
        return 0
    from benchmark.__main__ import machine

    print(f"# {machine()}", flush=True)
    results = run(args.reports, args.requests, args.concurrency, args.seconds, args.keep)
    print()
    print(table(results, args.concurrency))
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
