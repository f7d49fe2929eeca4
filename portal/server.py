"""Serving the portal (uvicorn), the safety rule for the address it binds to, and
`stc-report up`: Dagster (`dagster dev`) and the portal together on one machine."""
from __future__ import annotations

import ipaddress
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from pipeline import settings
from portal.access import SingleSignOn
from portal.app import create_app
from portal.catalog import Catalog
from portal.dagster_link import DagsterLink
from portal.users import Users

LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_local(host: str) -> bool:
    host = host.strip().strip("[]").lower()
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind_problem(host: str, token: str, allow_remote: bool, named_people: bool = False) -> str:
    """Why the portal must not listen on this address, or '' when it may (named people: a users file
    or single sign-on is set up)."""
    if is_local(host) or token or allow_remote or named_people:
        return ""
    return (f"The portal would be reachable from other machines on {host} without an access token. "
            f"Set one with --token or STC_PORTAL_TOKEN (staff then give it as the password), "
            f"or add --allow-remote if another layer (a reverse proxy, a firewall) protects it.")


def port_problem(host: str, port: int) -> str:
    try:
        with socket.create_server((host, port)):
            return ""
    except OSError as error:
        return f"Cannot listen on {host}:{port}: {error.strerror or error}. Choose another port with --port."


def access_settings() -> tuple[Users, SingleSignOn | None]:
    """The users file and the single sign-on rule, from settings; ValueError in plain words."""
    return (Users(settings.users_file()),
            SingleSignOn.from_settings(settings.sso_header(), settings.sso_proxies()))


def build_app(inputs: Path, outputs: Path, dagster_url: str, token: str = ""):
    users, sso = access_settings()
    return create_app(Catalog(inputs, outputs), DagsterLink(dagster_url), token, users, sso)


def serve(app, host: str, port: int) -> None:
    """Serve until stopped, within the page's own memory bound (settings.portal_memory_mb)."""
    import uvicorn

    settings.limit_address_space(settings.portal_memory_mb())
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def local_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"http://{'[' + shown + ']' if ':' in shown else shown}:{port}"


class CodeServer:
    """The project's code server (assets/code_server.py: runs forked from a warm process, the LibreOffice
    kept warm) as a child process, on a loopback port; it stops when this process closes its lifeline
    (its standard input), so it never outlives `stc-report up`, even when that is killed."""

    def __init__(self, project: Path, port: int, log: Path, env: dict[str, str]):
        self.port = port
        self.log = log
        command = [sys.executable, "-m", "assets.code_server", "--host", "127.0.0.1", "--port", str(port), "--lifeline"]
        self._out = open(log, "ab")
        self.process = subprocess.Popen(command, cwd=project, env=env, stdout=self._out, stderr=subprocess.STDOUT,
                                        stdin=subprocess.PIPE, start_new_session=True)

    def workspace(self, folder: Path) -> Path:
        """A workspace file that points Dagster's webserver and daemon at this server (the code location
        the page launches its runs in)."""
        path = folder / "stc-workspace.yaml"
        path.write_text("# written by stc-report up: the code location is served by assets/code_server.py\n"
                        "load_from:\n  - grpc_server:\n      host: 127.0.0.1\n"
                        f"      port: {self.port}\n      location_name: stc_report\n", encoding="utf-8")
        return path

    def wait_until_ready(self, timeout: float = 240) -> str:
        """'' once the server listens (it has loaded the definitions by then); else what went wrong."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return f"The code server stopped while starting (exit code {self.process.returncode}); see {self.log}."
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return ""
            except OSError:
                time.sleep(0.3)
        return f"The code server did not answer within {timeout:.0f} seconds; see {self.log}."

    def stop(self) -> None:
        """Close its lifeline (it stops itself and its warm LibreOffice), then make sure its group is gone."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        for number in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, number)
            except (ProcessLookupError, PermissionError):
                break
            time.sleep(0.5)
        self.process.wait(timeout=10)
        self._out.close()


class DagsterDev:
    """`dagster dev -w <workspace>` as a child process: the webserver and the daemon (and, for the
    project's own workspace.yaml, Dagster's code server)."""

    def __init__(self, project: Path, port: int, log: Path, env: dict[str, str], workspace: Path | None = None):
        self.url = f"http://127.0.0.1:{port}"
        self.log = log
        dagster = Path(sys.executable).parent / "dagster"
        command = [str(dagster), "dev", "-w", str(workspace or project / "workspace.yaml"), "-h", "127.0.0.1",
                   "-p", str(port)]
        self._out = open(log, "ab")
        self.process = subprocess.Popen(command, cwd=project, env=env, stdout=self._out, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)

    def wait_until_ready(self, timeout: float = 240) -> str:
        """'' once Dagster answers; else what went wrong, in plain words."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return f"Dagster stopped while starting (exit code {self.process.returncode}); see {self.log}."
            try:
                if requests.get(f"{self.url}/server_info", timeout=2).ok:
                    return ""
            except requests.RequestException:
                pass
            time.sleep(1)
        return f"Dagster did not answer within {timeout:.0f} seconds; see {self.log}."

    def stop(self) -> None:
        """Stop the process group this object started: dagster dev and the services it spawned."""
        if self.process.poll() is None:
            self._signal(signal.SIGINT)  # what Ctrl+C in its own terminal would send
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        deadline = time.monotonic() + 5
        while self._signal(0) and time.monotonic() < deadline:
            time.sleep(0.2)
        self._signal(signal.SIGKILL)  # whatever of the group is still there
        self.process.wait(timeout=10)
        self._out.close()

    def _signal(self, number: int) -> bool:
        """Send a signal to the group; False when none of it is left."""
        try:
            os.killpg(self.process.pid, number)
            return True
        except (ProcessLookupError, PermissionError):
            return False
