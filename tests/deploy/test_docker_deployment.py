"""The Docker deployment (deploy/) brought up for real, as an administrator does, and used as staff do.

deploy/bring-up.sh starts it from a fresh set of volumes; a report is made through the staff page
(its form, with the access token) and runs in a container of its own (DockerRunLauncher); its
Word document and workbook, downloaded from the page, are the requested meeting and date. Then
the stack is restarted, backed up, torn down with its volumes and restored, and upgraded
(`dagster instance migrate`) with deploy/backup.sh, restore.sh and upgrade.sh: each time the
report and its Dagster run are still there.

It replaces the volumes of the `stc_report` stack on this host, so it runs only when asked:
STC_DOCKER_TEST=1, as root (the CI stage .ci/docker-stage does both). Where Docker cannot start,
it is skipped with the reason deploy/bring-up.sh gave."""
from __future__ import annotations

import hashlib
import io
import os
import secrets
import socket
import subprocess
import time
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import requests

from tests.assets.published import long_date
from tests.conftest import PROJECT

pytestmark = [pytest.mark.docker, pytest.mark.integration]

DEPLOY = PROJECT / "deploy"
AS_OF = date(2011, 8, 31)
STACK_SERVICES = {"stc_report_postgresql", "stc_report_code", "stc_report_webserver", "stc_report_daemon",
                  "stc_report_portal"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _script(stack: dict, name: str, *args: str, timeout: float = 1800) -> subprocess.CompletedProcess:
    """Run deploy/<name> as the administrator would, with the test's env file; its output is kept
    in the test's folder (and shown when it fails)."""
    log = stack["folder"] / f"{name}.log"
    result = subprocess.run(["bash", str(DEPLOY / name), *args], env={**os.environ, "STC_ENV_FILE": str(stack["env"])},
                            capture_output=True, text=True, timeout=timeout)
    with open(log, "a", encoding="utf-8") as out:
        out.write(result.stdout + result.stderr)
    return result


def _must(result: subprocess.CompletedProcess, what: str) -> str:
    assert result.returncode == 0, f"{what} failed ({result.returncode}):\n{result.stderr[-4000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if os.environ.get("STC_DOCKER_TEST") != "1":
        pytest.skip("the Docker deployment test replaces the stc_report stack's volumes on this host: "
                    "it runs only with STC_DOCKER_TEST=1 (the CI stage .ci/docker-stage sets it)")
    if os.geteuid() != 0:
        pytest.skip("the Docker deployment test needs root (to install and start Docker)")
    folder = tmp_path_factory.mktemp("docker-deployment")
    token, portal_port, dagster_port = secrets.token_urlsafe(18), _free_port(), _free_port()
    env = folder / "stack.env"
    env.write_text(f"DAGSTER_POSTGRES_USER=dagster\nDAGSTER_POSTGRES_PASSWORD={secrets.token_urlsafe(18)}\n"
                   f"DAGSTER_POSTGRES_DB=dagster\nSTC_PORTAL_TOKEN={token}\n"
                   f"STC_PORTAL_URL=http://127.0.0.1:{portal_port}\nSTC_PORTAL_PUBLISH=127.0.0.1:{portal_port}\n"
                   f"DAGSTER_UI_PORT={dagster_port}\n", "utf-8")
    env.chmod(0o600)
    stack = {"folder": folder, "env": env, "url": f"http://127.0.0.1:{portal_port}",
             "dagster": f"http://127.0.0.1:{dagster_port}", "auth": ("staff", token)}
    up = _script(stack, "bring-up.sh", "--build-only")
    if up.returncode == 77:
        pytest.skip(f"Docker cannot run here: {up.stderr.strip().splitlines()[-1]}")
    _must(up, "bring-up.sh --build-only")
    _must(_script(stack, "tear-down.sh", "--volumes"), "tear-down.sh --volumes")  # a stack of fresh volumes
    _must(_script(stack, "bring-up.sh", "--no-build"), "bring-up.sh --no-build")
    yield stack
    _script(stack, "compose.sh", "ps")
    for name in sorted(STACK_SERVICES):  # the services' last words, for a failure's diagnosis
        logs = subprocess.run(["docker", "logs", "--tail", "200", name], capture_output=True, text=True)
        (folder / f"{name}.log").write_text(logs.stdout + logs.stderr, "utf-8")


def _page(stack: dict, path: str, **kwargs) -> requests.Response:
    return requests.get(stack["url"] + path, auth=stack["auth"], timeout=60, **kwargs)


def _generate(stack: dict, as_of: date) -> str:
    """Press "Generate the report" for StC38 on the staff page: the form as the page has it."""
    page = _page(stack, "/")
    assert page.status_code == 200, page.text[:500]
    key = page.text.split('name="form_key" value="', 1)[1].split('"', 1)[0]
    answer = requests.post(stack["url"] + "/runs", auth=stack["auth"], allow_redirects=False, timeout=120,
                           data={"form_key": key, "meeting": "StC38", "as_of": as_of.isoformat(), "language": "en"})
    assert answer.status_code == 303, answer.text[:2000]
    return answer.headers["location"].rsplit("/runs/", 1)[1].split("?")[0]


def _follow(stack: dict, run_id: str, timeout: float = 600) -> dict:
    deadline = time.monotonic() + timeout
    state: dict = {}
    while time.monotonic() < deadline:
        answer = _page(stack, f"/api/runs/{run_id}")
        if answer.status_code == 200:
            state = answer.json()
            if state.get("finished"):
                return state
        time.sleep(2)
    pytest.fail(f"run {run_id} did not finish within {timeout:.0f} s: {state}")


def _dagster_run(stack: dict, run_id: str) -> dict:
    answer = requests.post(stack["dagster"] + "/graphql", timeout=60, json={
        "query": "query($id: ID!) { runOrError(runId: $id) { __typename ... on Run { status jobName "
                 "tags { key value } } } }", "variables": {"id": run_id}}).json()
    return answer["data"]["runOrError"]


def _downloads(stack: dict, state: dict) -> dict[str, bytes]:
    files = {}
    for kind, link in state["downloads"].items():
        answer = _page(stack, link)
        assert answer.status_code == 200, (kind, link, answer.status_code)
        files[kind] = answer.content
    return files


def _docx_text(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _assert_files_as_requested(files: dict[str, bytes], as_of: date) -> None:
    """The Word document and the workbook are StC38's report as of the requested date."""
    text = _docx_text(files["docx"])
    assert "StC38" in text, text[:1000]
    assert f"As of {long_date(as_of)}," in text, text[:3000]
    book = openpyxl.load_workbook(io.BytesIO(files["xlsx"]), read_only=True)
    summary = book["Summary"]
    assert summary["A4"].value == "Status as of"
    assert summary["B4"].value == datetime(as_of.year, as_of.month, as_of.day)
    book.close()


def _assert_still_there(stack: dict, made: dict) -> None:
    """The report's run is still in Dagster's history, succeeded, and the page serves the same files."""
    run = _dagster_run(stack, made["run_id"])
    assert run["__typename"] == "Run" and run["status"] == "SUCCESS", run
    state = _follow(stack, made["run_id"], timeout=60)
    assert state["status"] == "SUCCESS" and set(state["downloads"]) == set(made["hashes"]), state
    served = {kind: hashlib.sha256(content).hexdigest() for kind, content in _downloads(stack, state).items()}
    assert served == made["hashes"]
    assert made["folder"] in _page(stack, "/").text  # listed on the staff page


def _wait_healthy(stack: dict, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            dagster = requests.post(stack["dagster"] + "/graphql", json={"query": "{ version }"}, timeout=10)
            if _page(stack, "/").status_code == 200 and dagster.json()["data"]["version"]:
                return
        except (requests.RequestException, KeyError, ValueError):
            pass
        time.sleep(2)
    pytest.fail("the staff page or Dagster did not answer after the restart")


@pytest.fixture(scope="module")
def made(stack) -> dict:
    run_id = _generate(stack, AS_OF)
    state = _follow(stack, run_id)
    assert state["status"] == "SUCCESS", state
    files = _downloads(stack, state)
    folder = state["downloads"]["docx"].split("/")[3]
    return {"run_id": run_id, "state": state, "files": files, "folder": folder,
            "hashes": {kind: hashlib.sha256(content).hexdigest() for kind, content in files.items()}}


def test_a_report_made_through_the_staff_page_ran_in_a_container_of_its_own(stack, made):
    containers = subprocess.run(
        ["docker", "ps", "-a", "--filter", f"label=dagster/run_id={made['run_id']}",
         "--format", "{{.ID}} {{.Image}} {{.Names}}"], capture_output=True, text=True, check=True).stdout.split("\n")
    containers = [line.split() for line in containers if line.strip()]
    assert len(containers) == 1, containers
    container_id, image, name = containers[0]
    assert image == "stc_report_image" and name not in STACK_SERVICES
    run = _dagster_run(stack, made["run_id"])
    tags = {tag["key"]: tag["value"] for tag in run["tags"]}
    assert run["jobName"] == "meeting_report" and tags["docker/container_id"].startswith(container_id), tags
    assert tags["meeting"] == "StC38"
    deadline = time.monotonic() + 120  # the run's process ends a moment after Dagster records the success
    while True:
        exited = subprocess.run(["docker", "inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", container_id],
                                capture_output=True, text=True, check=True).stdout.split()
        if exited[0] != "running" or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert exited == ["exited", "0"]


def test_the_downloads_are_the_requested_meeting_and_date(made):
    assert set(made["files"]) >= {"docx", "xlsx"}
    _assert_files_as_requested(made["files"], AS_OF)
    if "pdf" in made["files"]:  # the image has LibreOffice (WITH_PDF=yes, the default)
        assert made["files"]["pdf"].startswith(b"%PDF")


def test_a_restart_keeps_the_report_and_its_run_history(stack, made):
    _must(_script(stack, "compose.sh", "restart"), "docker-compose restart")
    _wait_healthy(stack)
    _assert_still_there(stack, made)


def test_a_backup_restored_into_a_fresh_stack_brings_back_the_report_and_its_history(stack, made):
    backup = stack["folder"] / "backup"
    _must(_script(stack, "backup.sh", str(backup)), "backup.sh")
    assert {p.name for p in backup.iterdir()} >= {"dagster.dump", "outputs.tar.gz", "inputs.tar.gz"}

    _must(_script(stack, "tear-down.sh", "--volumes"), "tear-down.sh --volumes")
    volumes = subprocess.run(["docker", "volume", "ls", "-q"], capture_output=True, text=True, check=True).stdout
    assert not {"stc_report_pgdata", "stc_report_outputs", "stc_report_inputs"} & set(volumes.split())

    _must(_script(stack, "restore.sh", str(backup)), "restore.sh")
    _assert_still_there(stack, made)
    # and the restored stack makes reports again, in a container of its own
    other = date(2011, 2, 28)
    run_id = _generate(stack, other)
    state = _follow(stack, run_id)
    assert state["status"] == "SUCCESS", state
    _assert_files_as_requested(_downloads(stack, state), other)


def test_an_upgrade_migrates_the_instance_and_keeps_the_history(stack, made):
    _must(_script(stack, "upgrade.sh", str(stack["folder"] / "before-upgrade")), "upgrade.sh")
    log = (stack["folder"] / "upgrade.sh.log").read_text("utf-8")
    assert "dagster instance migrate took" in log, log[-3000:]
    assert (stack["folder"] / "before-upgrade" / "dagster.dump").is_file()
    _assert_still_there(stack, made)
