"""A soak test: `stc-report up` on loopback under a bounded mixed load for a while, its memory watched.

    .venv/bin/python -m benchmark.soak --minutes 30             # the long run (20 reports, 2 refreshes)
    .venv/bin/python -m benchmark.soak --minutes 2 --runs 3 --refreshes 1   # the short version CI runs

It starts `stc-report up` on free loopback ports with a temporary DAGSTER_HOME, a temporary copy
of inputs/, an empty outputs folder and an access token, waits for the page and Dagster, then for
the given time: lists the page, downloads finished reports and input workbooks, opens status at a
glance, uploads a valid new version of an input workbook and a refused one (the page's "The input
workbooks" form, with its form key and the token), starts `--runs` reports through the page's
"Generate the report" form (POST /runs, spread over the time, each with its own status date) and
`--refreshes` monthly refreshes (monthly_status_refresh for a month partition, through Dagster's
GraphQL as the page talks to it). One request at a time, with pauses: a bounded load, not a stress.

Every `--sample` seconds it reads the resident memory (VmRSS, /proc/<pid>/status) of every process
of the tree under `stc-report up`: the page, `dagster dev`, its webserver, daemon and code server,
the runs and their LibreOffice. At the end it checks that every report holds the meeting and status
date asked for (report.json and the .docx text), that no staging folder is left, that no run failed,
stops everything (Ctrl+C as staff would, then any process of the tree still there), and prints a
summary: memory per kind of process (start, peak, end), requests per kind with their median time,
reports made and failures. Exit 1 on any failure.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import requests
from docx import Document

PROJECT = Path(__file__).resolve().parent.parent
# The kinds of process the summary names, in this order (KIND_OF tells them apart by command line).
KINDS = ("page", "dagster dev", "webserver", "daemon", "code server", "run", "libreoffice")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORKSERVER = "multiprocessing.forkserver"
FORKED_RUN = "(forked run) "


def kind_of(command: str, root: bool) -> str:
    if root:
        return "page"  # `stc-report up` serves the page in its own process
    if "soffice" in command or "oosplash" in command:
        return "libreoffice"
    if FORKSERVER in command and not command.startswith(FORKED_RUN):
        return "code server"  # the process the code server forks its runs from (assets/code_server.py)
    if "execute_run" in command or "execute_step" in command or "multiprocessing" in command:
        return "run"  # the run's process and its steps' (Dagster's multiprocess executor)
    if "dagster-webserver" in command or "dagster_webserver" in command:
        return "webserver"
    if "dagster-daemon" in command or "dagster._daemon" in command or "dagster_daemon" in command:
        return "daemon"
    if "api grpc" in command or "code-server" in command or "code_server" in command:
        return "code server"
    if " dev" in command and "dagster" in command:
        return "dagster dev"
    return "other"


# --- the process tree and its memory ----------------------------------------------------------

def _read(path: str) -> str:
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


def process_tree(root: int) -> dict[int, str]:
    """{pid: command line} of root and all its descendants."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _read(f"/proc/{entry}/stat")
            if stat:
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children[ppid].append(int(entry))
    found, todo = {}, [(root, "")]
    while todo:
        pid, parent = todo.pop()
        command = _read(f"/proc/{pid}/cmdline").replace("\0", " ").strip()
        if FORKSERVER in command and FORKSERVER in parent:
            command = FORKED_RUN + command  # a run forked from the code server's forkserver: same command line
        if command or pid == root:
            found[pid] = command
        todo.extend((child, command) for child in children.get(pid, ()))
    return found


def rss_mb(pid: int) -> float | None:
    for line in _read(f"/proc/{pid}/status").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


@dataclass
class Sample:
    at: float  # seconds since the start
    pid: int
    kind: str
    mb: float


class MemoryWatch(threading.Thread):
    """Samples the RSS of every process of the tree every `every` seconds until stopped."""

    def __init__(self, root: int, every: float, started: float):
        super().__init__(daemon=True)
        self.root, self.every, self.started = root, every, started
        self.samples: list[Sample] = []
        self.seen: dict[int, str] = {}  # every pid of the tree ever seen -> its command line
        self._halt = threading.Event()

    def sample(self) -> None:
        now = time.monotonic() - self.started
        for pid, command in process_tree(self.root).items():
            mb = rss_mb(pid)
            if mb is not None:
                self.seen.setdefault(pid, command)
                self.samples.append(Sample(now, pid, kind_of(command, pid == self.root), mb))

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=30)

    def by_kind(self) -> dict[str, list[tuple[float, float]]]:
        """{kind: [(time, total MB of its processes at that sample)]}."""
        totals: dict[str, dict[float, float]] = defaultdict(lambda: defaultdict(float))
        for s in self.samples:
            totals[s.kind][s.at] += s.mb
        return {kind: sorted(points.items()) for kind, points in totals.items()}

    def peak_single(self) -> dict[str, float]:
        peaks: dict[str, float] = defaultdict(float)
        for s in self.samples:
            peaks[s.kind] = max(peaks[s.kind], s.mb)
        return peaks

    def processes(self) -> dict[str, int]:
        counted: dict[str, set] = defaultdict(set)
        for s in self.samples:
            counted[s.kind].add(s.pid)
        return {kind: len(pids) for kind, pids in counted.items()}


# --- the load -----------------------------------------------------------------------------------

@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self, text: str) -> None:
        with self.lock:
            self.failures.append(text)
        print(f"  FAILURE: {text}", flush=True)


class Page:
    """The staff page as a browser with the token uses it; every request timed under its kind."""

    def __init__(self, url: str, token: str, tally: Tally):
        self.url, self.tally = url, tally
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.form_key = ""

    def request(self, kind: str, method: str, path: str, expect: int, **kwargs) -> requests.Response | None:
        start = time.perf_counter()
        try:
            answer = self.session.request(method, self.url + path, timeout=120, allow_redirects=False, **kwargs)
        except requests.RequestException as error:
            self.tally.fail(f"{kind}: {method} {path}: {error}")
            return None
        with self.tally.lock:
            self.tally.latencies[kind].append(time.perf_counter() - start)
        if answer.status_code != expect:
            self.tally.fail(f"{kind}: {method} {path} answered {answer.status_code}, expected {expect}: "
                            f"{_plain(answer.text)[:300]}")
            return None
        return answer

    def list_page(self) -> None:
        answer = self.request("list page", "GET", "/", 200)
        if answer is not None:
            found = re.search(r'name="form_key" value="([^"]+)"', answer.text)
            if found:
                self.form_key = found.group(1)
            else:
                self.tally.fail("list page: no form key in the page")


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def workbook_bytes(path: Path, refused: bool) -> bytes:
    """The workbook opened and saved again (a new version, same content), or, refused, with its
    first sheet's first header cell blanked (the input checks name the missing column)."""
    book = openpyxl.load_workbook(path)
    if refused:
        book.worksheets[0].cell(row=1, column=1).value = None
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def start_refresh(dagster_url: str, month: str) -> str:
    """A monthly_status_refresh run for one month partition, as the page talks to Dagster (GraphQL)."""
    from dagster_graphql import DagsterGraphQLClient

    from portal.dagster_link import LOCATION, MONTHLY_JOB, REPOSITORY

    port = int(dagster_url.rsplit(":", 1)[1])
    client = DagsterGraphQLClient("127.0.0.1", port_number=port, timeout=60)
    return client.submit_job_execution(MONTHLY_JOB, repository_location_name=LOCATION, repository_name=REPOSITORY,
                                       tags={"dagster/partition": month, "started_from": "soak"})


RUNS_QUERY = """
query SoakRuns { runsOrError(limit: 500) { __typename ... on Runs { results { runId jobName status tags { key value } } } } }
"""


def all_runs(dagster_url: str) -> list[dict]:
    answer = requests.post(f"{dagster_url}/graphql", json={"query": RUNS_QUERY}, timeout=60)
    answer.raise_for_status()
    runs = answer.json()["data"]["runsOrError"]
    return runs.get("results", [])


# --- the soak -----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stc_report() -> str:
    found = Path(sys.executable).with_name("stc-report")
    return str(found) if found.exists() else (shutil.which("stc-report") or "stc-report")


def wait_for(url: str, headers: dict, process: subprocess.Popen, log: Path, timeout: float = 300) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if process.poll() is not None:
            raise SystemExit(f"stc-report up ended (exit {process.returncode}):\n{log.read_text(errors='replace')}")
        try:
            if requests.get(url, headers=headers, timeout=5).ok:
                return time.monotonic() - start
        except requests.RequestException:
            pass
        time.sleep(1)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s:\n{log.read_text(errors='replace')}")


@dataclass
class Asked:
    run_id: str
    meeting: str
    as_of: date
    status: str = ""
    downloads: dict = field(default_factory=dict)


def stop_tree(process: subprocess.Popen, watch: MemoryWatch, tally: Tally) -> None:
    """Ctrl+C to `stc-report up` (it stops the page, then dagster dev's process group); then any
    process of the tree still there is named as a failure and killed by its pid."""
    known = dict(watch.seen) | process_tree(process.pid)
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            tally.fail("stc-report up did not stop within 90 s of Ctrl+C")
            process.kill()
            process.wait()
    time.sleep(2)
    for pid, command in known.items():
        if pid != process.pid and _read(f"/proc/{pid}/cmdline").replace("\0", " ").strip() == command and command:
            tally.fail(f"still running after stc-report up stopped: {pid} {command[:120]}")
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def check_report(outputs: Path, asked: Asked, tally: Tally) -> bool:
    from pipeline.dates import format_date

    folders = [p.parent for p in outputs.glob("*/*/report.json")
               if _read(str(p)).find(asked.run_id) >= 0]
    if len(folders) != 1:
        tally.fail(f"report of run {asked.run_id[:8]} ({asked.meeting}, {asked.as_of}): {len(folders)} folders hold it")
        return False
    import json

    folder = folders[0]
    manifest = json.loads((folder / "report.json").read_text("utf-8"))
    ok = True
    if manifest.get("meeting") != asked.meeting or manifest.get("as_of") != asked.as_of.isoformat():
        tally.fail(f"{folder.name}: report.json says {manifest.get('meeting')} as of {manifest.get('as_of')}, "
                   f"asked {asked.meeting} as of {asked.as_of}")
        ok = False
    docx = folder / manifest.get("files", {}).get("docx", "-")
    if not docx.is_file():
        tally.fail(f"{folder.name}: no .docx ({manifest.get('files')})")
        return False
    document = Document(str(docx))
    words = "\n".join(p.text for p in document.paragraphs)
    words += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    for section in document.sections:
        words += "\n".join(p.text for p in section.header.paragraphs)
    if manifest.get("symbol", "\0") not in words:
        tally.fail(f"{folder.name}: the .docx does not name its meeting document {manifest.get('symbol')}")
        ok = False
    if format_date(asked.as_of) not in words:
        tally.fail(f"{folder.name}: the .docx does not give the status date {format_date(asked.as_of)}")
        ok = False
    return ok


def soak(args: argparse.Namespace) -> int:
    from pipeline.inputs.load import read_inputs

    work = Path(tempfile.mkdtemp(prefix="stc-soak-"))
    inputs, outputs, home = work / "inputs", work / "outputs", work / "dagster_home"
    shutil.copytree(PROJECT / "inputs", inputs)
    outputs.mkdir()
    meeting = next((m for m in read_inputs(inputs).meetings if m.code == args.meeting), None)
    if meeting is None:
        raise SystemExit(f"Meeting {args.meeting} is not in inputs/meetings.xlsx.")
    base = meeting.as_of or meeting.start_date
    token = args.token or os.environ.get("STC_PORTAL_TOKEN") or secrets.token_urlsafe(24)
    port, dagster_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STC_") and k != "DAGSTER_HOME"}
    env.update(DAGSTER_HOME=str(home), STC_PORTAL_TOKEN=token)
    log = work / "up.log"
    tally = Tally()
    print(f"soak: {args.minutes:g} min, {args.runs} reports of {meeting.code}, {args.refreshes} monthly refreshes; "
          f"work folder {work}", flush=True)
    started = time.monotonic()
    with open(log, "wb") as out:
        process = subprocess.Popen([stc_report(), "up", "--port", str(port), "--dagster-port", str(dagster_port),
                                    "--inputs", str(inputs), "--outputs", str(outputs)],
                                   cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    watch = MemoryWatch(process.pid, args.sample, started)
    watch.start()
    url, dagster_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{dagster_port}"
    asked: list[Asked] = []
    refreshes: list[str] = []
    try:
        ready = wait_for(url + "/", {"Authorization": f"Bearer {token}"}, process, log)
        wait_for(dagster_url + "/server_info", {}, process, log)
        print(f"soak: page and Dagster answer after {ready:.0f} s", flush=True)
        page = Page(url, token, tally)
        if requests.get(url + "/", timeout=10).status_code != 401:
            tally.fail("the page answered without the token")
        page.list_page()
        load(args, page, dagster_url, meeting.code, base, inputs, asked, refreshes, tally)
        finish(args, page, dagster_url, asked, refreshes, tally)
        for one in asked:
            if one.status == "SUCCESS":
                check_report(outputs, one, tally)
        left = [str(p.relative_to(outputs)) for p in outputs.rglob(".staging-*")]
        if left:
            tally.fail(f"half-written files left: {', '.join(left)}")
        try:
            for run in all_runs(dagster_url):
                if run["status"] != "SUCCESS":
                    tally.fail(f"Dagster run {run['runId'][:8]} ({run['jobName']}) ended {run['status']}")
        except (requests.RequestException, KeyError, ValueError) as error:
            tally.fail(f"could not list Dagster's runs: {error}")
        watch.sample()
    finally:
        watch.stop()
        stop_tree(process, watch, tally)
    made = sum(1 for a in asked if a.status == "SUCCESS")
    snapshots = sorted(p.stem for p in (outputs / "snapshots").glob("*.json")) if (outputs / "snapshots").is_dir() else []
    print_summary(args, watch, tally, made, len(asked), snapshots, time.monotonic() - started, work)
    if args.samples:
        write_samples(watch, Path(args.samples))
    if tally.failures:
        print(f"soak: FAILED ({len(tally.failures)} failures); the work folder is kept: {work}")
        return 1
    if args.keep:
        print(f"soak: the work folder is kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def load(args, page: Page, dagster_url: str, code: str, base: date, inputs: Path, asked: list[Asked],
         refreshes: list[str], tally: Tally) -> None:
    """The mixed load for args.minutes: events at their times, light requests in between."""
    total = args.minutes * 60
    start = time.monotonic()
    events: list[tuple[float, str, object]] = []
    for i in range(args.runs):
        events.append((total * i / max(args.runs, 1), "run", base - timedelta(days=7 * i)))
    for j in range(args.refreshes):
        month = (base.replace(day=1) - timedelta(days=1 + 31 * j)).strftime("%Y-%m")
        events.append((total * (j + 0.5) / max(args.refreshes, 1), "refresh", month))
    events += [(total * 0.3, "upload", False), (total * 0.55, "upload", True)]
    events.sort(key=lambda e: e[0])
    downloads: list[str] = []
    turn = 0
    while time.monotonic() - start < total or events:
        now = time.monotonic() - start
        while events and events[0][0] <= now:
            _, what, value = events.pop(0)
            if what == "run":
                launch_report(page, code, value, asked)
            elif what == "refresh":
                try:
                    refreshes.append(start_refresh(dagster_url, value))
                    print(f"soak: monthly refresh of {value} started", flush=True)
                except Exception as error:  # noqa: BLE001 - any refusal is a failure to report
                    tally.fail(f"monthly refresh {value}: {error}")
            else:
                upload(page, inputs, refused=value)
        follow_runs(page, asked, downloads)
        light = ("list page", "status at a glance", "download report", "download input")[turn % 4]
        turn += 1
        if light == "list page":
            page.list_page()
        elif light == "status at a glance":
            page.request("status at a glance", "GET", f"/meetings/{code}/status", 200)
        elif light == "download report" and downloads:
            answer = page.request("download report", "GET", downloads[turn % len(downloads)], 200)
            if answer is not None and len(answer.content) < 1000:
                tally.fail(f"download {downloads[turn % len(downloads)]}: only {len(answer.content)} bytes")
        elif light == "download input":
            page.request("download input", "GET", "/inputs/meetings.xlsx", 200)
        time.sleep(args.pause)


def launch_report(page: Page, code: str, as_of: date, asked: list[Asked]) -> None:
    page.list_page()
    answer = page.request("start report (POST /runs)", "POST", "/runs", 303, data={
        "form_key": page.form_key, "meeting": code, "as_of": as_of.isoformat(), "as_of_intended": "yes"})
    if answer is None:
        return
    run_id = answer.headers["location"].split("/runs/", 1)[1].split("?")[0]
    asked.append(Asked(run_id, code, as_of))
    print(f"soak: report {len(asked)} ({code} as of {as_of}) started: run {run_id[:8]}", flush=True)


def follow_runs(page: Page, asked: list[Asked], downloads: list[str]) -> None:
    for one in asked:
        if one.status in ("SUCCESS", "FAILURE", "CANCELED"):
            continue
        answer = page.request("run progress (/api/runs)", "GET", f"/api/runs/{one.run_id}", 200)
        if answer is None:
            continue
        state = answer.json()
        one.status = state["status"]
        if state["finished"]:
            print(f"soak: run {one.run_id[:8]} ended {one.status} {state.get('failure', '')}", flush=True)
            one.downloads = state.get("downloads") or {}
            downloads.extend(one.downloads.values())
            if one.status != "SUCCESS":
                page.tally.fail(f"report run {one.run_id[:8]} ({one.meeting} as of {one.as_of}) ended {one.status}: "
                                f"{state.get('failure', '')}")


def upload(page: Page, inputs: Path, refused: bool) -> None:
    page.list_page()
    name = "meetings.xlsx"
    data = workbook_bytes(inputs / name, refused)
    kind = "upload refused" if refused else "upload accepted"
    answer = page.request(kind, "POST", f"/inputs/{name}", 400 if refused else 303,
                          data={"form_key": page.form_key}, files={"workbook": (name, data, XLSX)})
    if answer is not None:
        print(f"soak: {kind}: {name}", flush=True)


def finish(args, page: Page, dagster_url: str, asked: list[Asked], refreshes: list[str], tally: Tally) -> None:
    """After the load: wait (up to --grace minutes) for the runs still under way."""
    deadline = time.monotonic() + args.grace * 60
    downloads: list[str] = []
    from portal.dagster_link import DagsterLink, FINISHED

    link = DagsterLink(dagster_url)
    while time.monotonic() < deadline:
        follow_runs(page, asked, downloads)
        pending = [a for a in asked if a.status not in FINISHED]
        states = [link.run_state(r) for r in refreshes]
        pending_refresh = [s for s in states if s is not None and s.status not in FINISHED]
        if not pending and not pending_refresh:
            return
        time.sleep(3)
    tally.fail(f"runs still under way {args.grace:g} min after the load: "
               f"{[a.run_id[:8] for a in asked if a.status not in FINISHED]}")


# --- the summary --------------------------------------------------------------------------------

def print_summary(args, watch: MemoryWatch, tally: Tally, made: int, asked: int, snapshots: list[str],
                  seconds: float, work: Path) -> None:
    kinds = watch.by_kind()
    single, counted = watch.peak_single(), watch.processes()
    print()
    print(f"Soak test: {args.minutes:g} min of load, {seconds / 60:.1f} min in all, on {platform.node()} "
          f"({os.cpu_count()} cores, Python {platform.python_version()})")
    print()
    print("Memory (RSS, MB; a kind's processes added up at each sample, every "
          f"{args.sample:g} s; peak one = its largest single process)")
    print(f"{'process kind':<14}{'processes':>10}{'start':>9}{'peak':>9}{'end':>9}{'peak one':>10}")
    for kind in [k for k in KINDS if k in kinds] + sorted(set(kinds) - set(KINDS)):
        points = [mb for _, mb in kinds[kind]]
        print(f"{kind:<14}{counted[kind]:>10}{points[0]:>9.0f}{max(points):>9.0f}{points[-1]:>9.0f}"
              f"{single[kind]:>10.0f}")
    for kind in KINDS:
        if kind not in kinds:
            print(f"{kind:<14}{0:>10}{'-':>9}{'-':>9}{'-':>9}{'-':>10}")
    others = sorted({c[:100] for pid, c in watch.seen.items()
                     if kind_of(c, pid == watch.root) == "other"})
    for command in others:
        print(f"  other: {command}")
    print()
    print("Memory over time (MB per kind, added up)")
    times = sorted({s.at for s in watch.samples})
    shown = [times[round(i * (len(times) - 1) / 9)] for i in range(10)] if len(times) >= 10 else times
    present = [k for k in KINDS if k in kinds]
    print(f"{'minute':>7}" + "".join(f"{k:>13}" for k in present))
    for at in dict.fromkeys(shown):
        row = {k: dict(kinds[k]).get(at) for k in present}
        print(f"{at / 60:>7.1f}" + "".join(f"{row[k]:>13.0f}" if row[k] else f"{'-':>13}" for k in present))
    print()
    print(f"{'requests':<28}{'done':>6}{'median s':>10}{'max s':>8}")
    for kind, times_ in sorted(tally.latencies.items()):
        print(f"{kind:<28}{len(times_):>6}{statistics.median(times_):>10.3f}{max(times_):>8.2f}")
    print()
    print(f"reports made: {made} of {asked} asked; monthly snapshots: {', '.join(snapshots) or 'none'}")
    print(f"failures: {len(tally.failures)}")
    for failure in tally.failures:
        print(f"  - {failure}")


def write_samples(watch: MemoryWatch, path: Path) -> None:
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["seconds", "pid", "kind", "rss_mb"])
        for s in watch.samples:
            writer.writerow([f"{s.at:.1f}", s.pid, s.kind, f"{s.mb:.1f}"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmark.soak", description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30, help="how long the load lasts (default 30)")
    parser.add_argument("--runs", type=int, default=20, help="reports started through the page (default 20)")
    parser.add_argument("--refreshes", type=int, default=2, help="monthly refreshes (default 2)")
    parser.add_argument("--meeting", default="StC38", help="the meeting of the reports (default StC38)")
    parser.add_argument("--token", default="", help="the page's access token (default STC_PORTAL_TOKEN, else a new one)")
    parser.add_argument("--sample", type=float, default=3, help="seconds between memory samples (default 3)")
    parser.add_argument("--pause", type=float, default=1, help="seconds between light requests (default 1)")
    parser.add_argument("--grace", type=float, default=15,
                        help="minutes to wait after the load for runs still under way (default 15)")
    parser.add_argument("--samples", help="write every memory sample to this CSV file")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (inputs, outputs, DAGSTER_HOME, log)")
    return soak(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
