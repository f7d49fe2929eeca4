"""The production instance (deploy/dagster.yaml): the meeting job against a real PostgreSQL.

A throwaway cluster is made with Debian's postgresql binaries (initdb, pg_ctl) in a temporary
folder, on a free loopback port; as root it runs as the `postgres` user. The test loads
deploy/dagster.yaml as it is (its connection comes from DAGSTER_POSTGRES_* variables), runs
the meeting job, and reads the run and its materialisations back from the database itself.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import BUNDLED_INPUTS, PROJECT

dg = pytest.importorskip("dagster")
psycopg2 = pytest.importorskip("psycopg2", reason="dagster-postgres (with psycopg2) is not installed: pip install -e '.[test]'")
pytest.importorskip("dagster_postgres", reason="dagster-postgres is not installed: pip install -e '.[test]'")

REPORT_ASSETS = {"word_document", "pdf_document", "excel_workbook", "published_report"}


pytestmark = pytest.mark.integration  # a real PostgreSQL server


def _postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres():
    """A PostgreSQL server of our own on 127.0.0.1:<free port>, with an empty database `dagster`."""
    bin_dir = _postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (Debian: apt-get install postgresql); .ci/run installs it")
    as_server_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="stc-postgres-"))
    if os.geteuid() == 0:  # postgres refuses to run as root
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL as another user")
        as_server_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
    data, port = folder / "data", _free_port()

    def server(*command: str) -> None:
        subprocess.run([*as_server_user, *command], check=True, capture_output=True, text=True, timeout=120)

    server(str(bin_dir / "initdb"), "-D", str(data), "-U", "dagster", "--auth=trust", "-E", "UTF8")
    server(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w", "-t", "60",
           "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1", "start")
    try:
        connection = psycopg2.connect(host="127.0.0.1", port=port, user="dagster", dbname="postgres")
        connection.autocommit = True  # CREATE DATABASE runs outside a transaction
        connection.cursor().execute("CREATE DATABASE dagster")
        connection.close()
        yield {"host": "127.0.0.1", "port": port, "user": "dagster", "dbname": "dagster"}
    finally:
        server(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_instance(postgres, tmp_path, monkeypatch):
    """A DAGSTER_HOME holding deploy/dagster.yaml unchanged, connected through its env variables."""
    for name, value in {"HOST": postgres["host"], "PORT": str(postgres["port"]), "USER": postgres["user"],
                        "PASSWORD": "unused-with-trust-auth", "DB": postgres["dbname"]}.items():
        monkeypatch.setenv(f"DAGSTER_POSTGRES_{name}", value)
    monkeypatch.setenv("STC_PORTAL_URL", "http://reports.example.org")
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    instance = dg.DagsterInstance.from_config(str(home))
    try:
        yield instance
    finally:
        instance.dispose()


def _query(postgres: dict, sql: str, *params) -> list[tuple]:
    connection = psycopg2.connect(host=postgres["host"], port=postgres["port"], user=postgres["user"],
                                  dbname=postgres["dbname"])
    try:
        cursor = connection.cursor()
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        connection.close()


def _production_home(postgres: dict, database: str, folder: Path) -> tuple[Path, Path, dict[str, str]]:
    """A new empty database, a DAGSTER_HOME holding deploy/dagster.yaml as it is, an outputs folder, and
    the DAGSTER_POSTGRES_* variables that connect the home to the database."""
    connection = psycopg2.connect(host=postgres["host"], port=postgres["port"], user=postgres["user"],
                                  dbname="postgres")
    connection.autocommit = True  # CREATE DATABASE runs outside a transaction
    connection.cursor().execute(f"CREATE DATABASE {database}")
    connection.close()
    home = folder / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    return home, folder / "outputs", {
        "DAGSTER_POSTGRES_HOST": postgres["host"], "DAGSTER_POSTGRES_PORT": str(postgres["port"]),
        "DAGSTER_POSTGRES_USER": postgres["user"], "DAGSTER_POSTGRES_PASSWORD": "unused",
        "DAGSTER_POSTGRES_DB": database}


def test_production_instance_config_is_postgres_with_a_queue(postgres_instance):
    from dagster._core.run_coordinator import QueuedRunCoordinator
    from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage, PostgresScheduleStorage

    assert isinstance(postgres_instance.run_storage, PostgresRunStorage)
    assert isinstance(postgres_instance.event_log_storage, PostgresEventLogStorage)
    assert isinstance(postgres_instance.schedule_storage, PostgresScheduleStorage)
    assert isinstance(postgres_instance.run_coordinator, QueuedRunCoordinator)
    queue = postgres_instance.get_concurrency_config().run_queue_config
    assert queue.max_concurrent_runs == 2
    assert postgres_instance.scheduler.__class__.__name__ == "DagsterDaemonScheduler"


def test_meeting_job_runs_against_postgres_and_is_recorded_there(postgres, postgres_instance, tmp_path):
    from assets.runner import run_meeting_report
    from pipeline.request import ReportRequest

    outcome = run_meeting_report(ReportRequest("StC38", None), BUNDLED_INPUTS, tmp_path / "outputs", instance=postgres_instance)
    assert outcome.success, outcome.error
    docx = Path(outcome.files["docx"])
    assert docx.is_file() and docx.name == "UNEP-CMS-StC38-Doc3.docx"

    runs = _query(postgres, "SELECT pipeline_name, status FROM runs WHERE run_id = %s", outcome.run_id)
    assert runs == [("meeting_report", "SUCCESS")]
    materialised = {
        key for (key,) in _query(postgres, "SELECT DISTINCT asset_key FROM event_logs "
                                           "WHERE run_id = %s AND dagster_event_type = 'ASSET_MATERIALIZATION'",
                                 outcome.run_id)
    }
    assert {dg.AssetKey.from_db_string(key).to_user_string() for key in materialised} == REPORT_ASSETS

    published = postgres_instance.get_latest_materialization_event(dg.AssetKey("published_report"))
    link = published.asset_materialization.metadata["docx download"]
    assert isinstance(link, dg.UrlMetadataValue)
    assert link.value == f"http://reports.example.org/reports/StC38/{docx.parent.name}/docx"


def test_six_command_line_runs_at_once_on_a_fresh_postgres_database(postgres, tmp_path):
    """deploy/dagster.yaml on an empty database: six `stc-report run` at once, six dates, each as asked."""
    import json
    from datetime import date

    from tests.assets.published import AS_OF_DATES, assert_report_as_requested, start_run, visible_reports

    home, outputs, connection_env = _production_home(postgres, "dagster_concurrent", tmp_path)

    runs = {as_of: start_run(home, outputs, as_of, **connection_env) for as_of in AS_OF_DATES}
    for as_of, process in runs.items():
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, f"{as_of}: {out}\n{err}"

    folders = visible_reports(outputs)
    seen = []
    for folder in folders:
        as_of = date.fromisoformat(json.loads((folder / "report.json").read_text("utf-8"))["as_of"])
        assert_report_as_requested(folder, "StC38", as_of, AS_OF_DATES)
        seen.append(as_of)
    assert sorted(seen) == sorted(AS_OF_DATES)
    rows = _query({**postgres, "dbname": "dagster_concurrent"},
                  "SELECT status, count(*) FROM runs WHERE pipeline_name = 'meeting_report' GROUP BY status")
    assert rows == [("SUCCESS", len(AS_OF_DATES))]


def _unit_command(unit: str, replacements: dict[str, str]) -> list[str]:
    """A systemd unit's ExecStart (deploy/systemd/), with the server's paths and ports replaced for this test."""
    text = (PROJECT / "deploy" / "systemd" / unit).read_text("utf-8")
    line = next(l for l in text.splitlines() if l.startswith("ExecStart="))[len("ExecStart="):]
    for old, new in replacements.items():
        line = line.replace(old, new)
    return line.split()


def test_the_one_server_services_make_a_report_launched_as_the_page_launches_it(postgres, tmp_path):
    """deploy/systemd as it is (code server, webserver, daemon; deploy/dagster.yaml on PostgreSQL; the
    workspace pointing at the code server), on free ports: a report launched through GraphQL with the
    page's own code is made by a process forked from the code server's warm process, and recorded in
    PostgreSQL."""
    import json
    import signal
    import sys
    import time
    from datetime import date

    import requests
    import yaml

    from portal.dagster_link import DagsterLink
    from tests.assets.published import assert_report_as_requested, visible_reports

    home, outputs, connection_env = _production_home(postgres, "dagster_services", tmp_path)
    code_port, web_port = _free_port(), _free_port()
    workspace = yaml.safe_load((PROJECT / "deploy" / "systemd" / "workspace.yaml").read_text("utf-8"))
    workspace["load_from"][0]["grpc_server"]["port"] = code_port
    (tmp_path / "workspace.yaml").write_text(yaml.safe_dump(workspace), encoding="utf-8")
    replacements = {"/srv/stc-report/app/.venv/bin/": str(Path(sys.executable).parent) + "/",
                    "--port 4000": f"--port {code_port}", "-p 3000": f"-p {web_port}",
                    "deploy/systemd/workspace.yaml": str(tmp_path / "workspace.yaml")}
    env = {**os.environ, "DAGSTER_HOME": str(home), "STC_OUTPUTS_DIR": str(outputs), "STC_INPUTS_DIR": str(BUNDLED_INPUTS),
           **connection_env, "STC_PORTAL_URL": "http://reports.example.org"}
    services = []
    try:
        for unit in ("stc-code-server.service", "stc-dagster-webserver.service", "stc-dagster-daemon.service"):
            services.append(subprocess.Popen(_unit_command(unit, replacements), cwd=PROJECT, env=env,
                                             stdout=open(tmp_path / f"{unit}.log", "wb"), stderr=subprocess.STDOUT,
                                             start_new_session=True))
            if unit == "stc-code-server.service":  # the others load the code location from it
                deadline = time.monotonic() + 180
                while True:
                    assert services[0].poll() is None, (tmp_path / f"{unit}.log").read_text()
                    try:
                        socket.create_connection(("127.0.0.1", code_port), timeout=1).close()
                        break
                    except OSError:
                        assert time.monotonic() < deadline, "the code server never listened"
                        time.sleep(0.5)
        url = f"http://127.0.0.1:{web_port}"
        deadline = time.monotonic() + 180
        while True:
            try:
                if requests.get(url + "/server_info", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, (tmp_path / "stc-dagster-webserver.service.log").read_text()
            time.sleep(1)
        link = DagsterLink(url)
        run_id, new = link.launch("StC38", date(2011, 2, 28), ("en",))
        assert new
        deadline, parent = time.monotonic() + 300, None
        while not (state := link.run_state(run_id)).finished:
            tags = dict(_query({**postgres, "dbname": "dagster_services"},
                               "SELECT key, value FROM run_tags WHERE run_id = %s", run_id))
            if parent is None and "stc/pid" in tags:
                try:
                    parent = int(Path(f"/proc/{tags['stc/pid']}/stat").read_text().rsplit(")", 1)[1].split()[1])
                    parent_command = Path(f"/proc/{parent}/cmdline").read_bytes().decode("utf-8", "replace")
                except OSError:
                    parent, parent_command = -1, "(the run had ended)"
            assert time.monotonic() < deadline, f"the run did not finish: {state}"
            time.sleep(0.2)
        assert state.status == "SUCCESS", (state, (tmp_path / "stc-code-server.service.log").read_text()[-3000:])
        assert parent not in (None, -1), "the run's process was never seen"
        assert "multiprocessing.forkserver" in parent_command, parent_command
        folder = next(f for f in visible_reports(outputs)
                      if json.loads((f / "report.json").read_text("utf-8"))["run_id"] == run_id)
        assert_report_as_requested(folder, "StC38", date(2011, 2, 28))
        assert _query({**postgres, "dbname": "dagster_services"},
                      "SELECT pipeline_name, status FROM runs WHERE run_id = %s", run_id) == [("meeting_report", "SUCCESS")]
    finally:
        for service in reversed(services):
            if service.poll() is None:
                os.killpg(service.pid, signal.SIGTERM)
        for service in services:
            try:
                service.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(service.pid, signal.SIGKILL)
                service.wait()
