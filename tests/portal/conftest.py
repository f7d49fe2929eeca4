"""The portal served for real (uvicorn on a free loopback port, in a thread), over a folder of
recorded reports, with Dagster replaced by a stand-in that records what it was asked."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
import requests
import uvicorn

from portal.app import create_app
from portal.catalog import Catalog
from portal.dagster_link import DagsterLink, RunState
from tests.conftest import BUNDLED_INPUTS, PROJECT

REPORT_FOLDER = "2026-11-01_090000_as-of-2011-08-31_abcdef12"
OLDER_FOLDER = "2026-10-01_090000_as-of-2011-07-31_12345678"
RUN_ID = "abcdef12-0000-4000-8000-000000000001"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_report(meeting_dir: Path, folder: str, run_id: str, as_of: str) -> Path:
    report = meeting_dir / folder
    report.mkdir(parents=True)
    (report / "UNEP-CMS-StC38-Doc3.docx").write_bytes(b"PK docx of " + folder.encode())
    (report / "UNEP-CMS-StC38-Doc3.xlsx").write_bytes(b"PK xlsx of " + folder.encode())
    manifest = {"meeting": "StC38", "symbol": "UNEP/CMS/StC38/Doc.3", "as_of": as_of,
                "generated_at": "2026-11-01T09:00:00", "run_id": run_id,
                "summary": {"JA 2008-2011": {"In progress": 11, "Not started": 1}},
                "files": {"docx": "UNEP-CMS-StC38-Doc3.docx", "xlsx": "UNEP-CMS-StC38-Doc3.xlsx"}}
    (report / "report.json").write_text(json.dumps(manifest), "utf-8")
    return report


@pytest.fixture
def outputs(tmp_path: Path) -> Path:
    """outputs/StC38/ with two recorded reports; a secret file lies beside (outside) outputs."""
    folder = tmp_path / "outputs"
    write_report(folder / "StC38", OLDER_FOLDER, "12345678-0000-4000-8000-000000000002", "2011-07-31")
    write_report(folder / "StC38", REPORT_FOLDER, RUN_ID, "2011-08-31")
    (tmp_path / "secret.txt").write_text("SECRET-OUTSIDE-OUTPUTS", "utf-8")
    return folder


@dataclass
class FakeDagster(DagsterLink):
    """Stands in for the Dagster webserver: records submissions, keeps runs 'STARTED' until told."""

    submitted: list = field(default_factory=list)
    languages: dict = field(default_factory=dict)  # run id -> the languages it was asked for
    states: dict = field(default_factory=dict)
    up: bool = True

    def __post_init__(self):
        super().__init__("http://127.0.0.1:3999")

    def reachable(self) -> bool:
        return self.up

    def active_runs(self, meeting: str, as_of: date, languages: tuple[str, ...] = ("en",)) -> list[str]:
        return [run_id for run_id, state in self.states.items()
                if state.meeting == meeting and state.as_of == as_of.isoformat() and not state.finished
                and self.languages.get(run_id, ("en",)) == languages]

    def submit(self, meeting: str, as_of: date, languages: tuple[str, ...] = ("en",)) -> str:
        time.sleep(0.3)  # as long as a real submission takes, so that a second click arrives meanwhile
        run_id = str(uuid.uuid4())
        self.submitted.append((meeting, as_of.isoformat()))
        self.languages[run_id] = languages
        self.states[run_id] = RunState(run_id, "STARTED", meeting, as_of.isoformat())
        return run_id

    def run_state(self, run_id: str) -> RunState | None:
        return self.states.get(run_id)


class Served:
    def __init__(self, app, port: int):
        self.url = f"http://127.0.0.1:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the portal did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def fake_dagster() -> FakeDagster:
    return FakeDagster()


@pytest.fixture
def serve_portal(outputs, fake_dagster):
    """serve_portal(token='') -> the running portal's base URL."""
    running: list[Served] = []

    def start(token: str = "", dagster: DagsterLink | None = None) -> str:
        app = create_app(Catalog(BUNDLED_INPUTS, outputs), dagster or fake_dagster, token)
        served = Served(app, free_port()).__enter__()
        running.append(served)
        return served.url

    yield start
    for served in running:
        served.__exit__()


def form_key(url: str, **kwargs) -> str:
    page = requests.get(url + "/", timeout=30, **kwargs).text
    marker = 'name="form_key" value="'
    return page.split(marker, 1)[1].split('"', 1)[0]


@contextmanager
def stc_up(folder: Path):
    """`stc-report up` (dagster dev and the page) on free ports, with its own DAGSTER_HOME and outputs
    folder under `folder`; yields the page's and Dagster's addresses, stops both as Ctrl+C does."""
    portal_port, dagster_port = free_port(), free_port()
    env = {**os.environ, "DAGSTER_HOME": str(folder / "dagster_home"), "STC_OUTPUTS_DIR": str(folder / "outputs"),
           "STC_USERS_FILE": str(folder / "no-users.json")}  # no named users: the page records "staff at 127.0.0.1"
    for name in ("STC_PORTAL_TOKEN", "STC_PORTAL_URL", "STC_INPUTS_DIR", "STC_SSO_HEADER", "STC_SSO_PROXIES"):
        env.pop(name, None)
    log = open(folder / "up.log", "wb")
    process = subprocess.Popen([str(Path(sys.executable).parent / "stc-report"), "up", "--port", str(portal_port),
                                "--dagster-port", str(dagster_port)], cwd=PROJECT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{portal_port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None:
                pytest.fail(f"stc-report up ended: {(folder / 'up.log').read_text()}")
            try:
                if requests.get(url + "/", timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the portal did not answer: {(folder / 'up.log').read_text()}")
            time.sleep(1)
        yield url, f"http://127.0.0.1:{dagster_port}"
    finally:
        process.send_signal(signal.SIGINT)  # as Ctrl+C: the portal stops, then Dagster
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for the module's tests (tests/portal/chromium.py)."""
    from tests.portal.chromium import launched

    with launched() as chromium:
        yield chromium


def follow_run(url: str, run_id: str, timeout: float = 400, every: float = 1) -> dict:
    """The page's /api/runs answer for the run once it is finished; the test fails past `timeout`."""
    deadline = time.monotonic() + timeout
    state: dict = {}
    while time.monotonic() < deadline:
        state = requests.get(f"{url}/api/runs/{run_id}", timeout=30).json()
        if state.get("finished"):
            return state
        time.sleep(every)
    pytest.fail(f"run {run_id} did not finish: {state}")
