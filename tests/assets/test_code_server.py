"""The code server `stc-report up` runs (assets/code_server.py): a report launched from the page runs in
a process of its own, forked from the warm process (not a new interpreter), one per run; a run killed
is shown failed and the next one is made; the server, its forkserver and its warm LibreOffice end
when the process that started them is gone."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import requests

from tests.assets.published import assert_report_as_requested, visible_reports
from tests.conftest import PROJECT
from tests.portal.conftest import follow_run, form_key, free_port, stc_up

pytestmark = pytest.mark.integration


def _stat(pid: int) -> tuple[str, int]:
    """(state, parent pid) of a living process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return fields[0], int(fields[1])


def _cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")


def _alive(pid: int) -> bool:
    try:
        return _stat(pid)[0] != "Z"
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if _stat(int(entry.name))[1] == pid:
                found.append(int(entry.name))
        except (OSError, IndexError):
            continue
    return found


def _run_pid(home: Path, run_id: str, timeout: float = 120) -> int:
    """The process that holds the run (its stc/pid tag), as soon as the run records it."""
    import dagster as dg

    os.environ["DAGSTER_HOME"] = str(home)
    with dg.DagsterInstance.get() as instance:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            run = instance.get_run_by_id(run_id)
            if run is not None and "stc/pid" in run.tags:
                return int(run.tags["stc/pid"])
            time.sleep(0.02)
    pytest.fail(f"run {run_id} never recorded its process")


def _generate(url: str, as_of: date) -> str:
    answer = requests.post(url + "/runs", data={"meeting": "StC38", "as_of": as_of.isoformat(),
                                                "form_key": form_key(url)}, allow_redirects=False, timeout=120)
    assert answer.status_code == 303, answer.text
    return answer.headers["location"].rsplit("/", 1)[1].split("?")[0]


@pytest.fixture(scope="module")
def up(tmp_path_factory):
    folder = tmp_path_factory.mktemp("code-server")
    saved = os.environ.get("DAGSTER_HOME")
    with stc_up(folder) as (url, dagster):
        yield {"url": url, "home": folder / "dagster_home", "outputs": folder / "outputs"}
    if saved is None:
        os.environ.pop("DAGSTER_HOME", None)
    else:
        os.environ["DAGSTER_HOME"] = saved


def test_each_report_from_the_page_runs_in_its_own_process_forked_from_the_warm_one(up):
    first, second = date(2010, 8, 31), date(2011, 8, 31)
    runs = [_generate(up["url"], first), _generate(up["url"], second)]
    pids = []
    for run_id in runs:
        pid = _run_pid(up["home"], run_id)
        pids.append(pid)
        if _alive(pid):  # it may already be done; while alive, its parent is the forkserver, not a new interpreter
            parent = _stat(pid)[1]
            assert "multiprocessing.forkserver" in _cmdline(parent) and "assets.warm_run_imports" in _cmdline(parent)
    assert pids[0] != pids[1]
    for run_id in runs:
        assert follow_run(up["url"], run_id)["status"] == "SUCCESS"
    folders = {json.loads((f / "report.json").read_text("utf-8"))["run_id"]: f for f in visible_reports(up["outputs"])}
    assert_report_as_requested(folders[runs[0]], "StC38", first, [second])
    assert_report_as_requested(folders[runs[1]], "StC38", second, [first])


def test_a_killed_run_is_failed_and_the_next_report_is_made(up):
    run_id = _generate(up["url"], date(2010, 2, 28))
    pid = _run_pid(up["home"], run_id)
    assert "multiprocessing.forkserver" in _cmdline(_stat(pid)[1])
    os.kill(pid, signal.SIGKILL)
    state = follow_run(up["url"], run_id, timeout=150)
    assert state["status"] == "FAILURE"
    page = requests.get(f"{up['url']}/runs/{run_id}", timeout=30).text
    assert "The report could not be made" in page
    again = _generate(up["url"], date(2010, 2, 28))
    assert again != run_id
    assert follow_run(up["url"], again)["status"] == "SUCCESS"


def test_the_code_server_ends_with_the_process_that_started_it(tmp_path):
    """Its lifeline (standard input) closed, as when `stc-report up` is killed: the server, the
    forkserver runs fork from, and the warm LibreOffice all end."""
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "home"), "STC_OUTPUTS_DIR": str(tmp_path / "outputs")}
    (tmp_path / "home").mkdir()
    server = subprocess.Popen([sys.executable, "-m", "assets.code_server", "--port", str(port), "--lifeline"],
                              cwd=PROJECT, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, "the code server stopped while starting"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the code server never listened"
                time.sleep(0.3)
        helpers = _children(server.pid)
        assert any("multiprocessing.forkserver" in _cmdline(pid) for pid in helpers), [_cmdline(p) for p in helpers]
        family = helpers + [grandchild for pid in helpers for grandchild in _children(pid)]
        server.stdin.close()
        server.wait(timeout=60)
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in family) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [_cmdline(pid) for pid in family if _alive(pid)]
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@pytest.mark.parametrize("command", [[sys.executable, "-m", "assets.code_server"],
                                     [str(Path(sys.executable).parent / "stc-report"), "code-server"]])
def test_without_dagster_home_it_says_so(command):
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    done = subprocess.run(command + ["--port", "1"], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "DAGSTER_HOME is not set" in done.stderr and "Traceback" not in done.stderr
