"""LibreOffice kept warm between runs, so that a PDF does not pay LibreOffice's start each time.

A cold conversion (pdf.py) starts LibreOffice, converts and quits: most of its seconds are the
start. `stc-report up` keeps one LibreOffice listening on a loopback port (`WarmServer`, in a
folder of its own named to its runs by STC_PDF_SERVER) and a run's conversion talks to it
(`convert_warm`) with the same guards as the cold path:

- **never shared by two runs at once**: a conversion holds an exclusive lock on the folder's
  `busy.lock` for its whole length; a run that finds it held converts cold meanwhile (the lock
  goes with the process that held it, even when that process is killed);
- **a time limit**: past it the client and the warm LibreOffice are both killed (the keeper
  starts a fresh one) and the run gets the cold path's timeout error;
- **killed with its run**: the client runs under the run's guard (pdf_guard.py
  `--also-kill`): when the run dies, even by SIGKILL, the guard kills the client and the warm
  LibreOffice, which never goes on with a dead run's document;
- **the cold path stays the fallback**: no STC_PDF_SERVER (the command line, CI, tests), no
  Python with `uno`, a LibreOffice not (yet) listening or dead, a client that cannot talk to
  it, or one due for replacement: `convert_warm` answers False and pdf.py converts cold, as before.

Each conversion opens the document hidden and read-only and closes it, so nothing of one run
stays for the next. Over many reports LibreOffice's own memory still grows (its caches; measured in
docs/speed.md), so the keeper replaces it with a fresh one after STC_PDF_WARM_RESTART_AFTER
conversions or when its processes' resident memory passes STC_PDF_WARM_MEMORY_MB:

- **never in the middle of a conversion**: it marks the LibreOffice as retiring (runs then convert
  cold), takes `busy.lock`, the lock every warm conversion holds, so it waits for the one under way,
  and only then stops it and starts the fresh one; runs convert cold until that one listens;
- **counted across processes**: the runs are other processes than the keeper, so each warm
  conversion appends one byte, under the lock, to `conversions.<pid>` (pid: the LibreOffice it
  used), whose size the keeper reads; a run that finds the count reached converts cold, so the
  keeper finds the lock free at its next look.

Standard library only; the client (pdf_uno_client.py) runs in the Python that has `uno`
(Debian's python3-uno belongs to /usr/bin/python3).
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

STATE = "server.json"
BUSY = "busy.lock"
COUNT = "conversions."  # + the pid of the LibreOffice: one byte per conversion it made
CLIENT = Path(__file__).with_name("pdf_uno_client.py")
GUARD = Path(__file__).with_name("pdf_guard.py")
UNAVAILABLE = 75  # pdf_uno_client.UNAVAILABLE
UNO_PYTHONS = ("/usr/bin/python3", "/usr/local/bin/python3")


class WarmTimeout(RuntimeError):
    """The warm conversion ran past its limit; the client and the warm LibreOffice were killed."""


class WarmFailed(RuntimeError):
    """The warm LibreOffice was reached but did not write the PDF (the caller converts cold)."""


def uno_python(soffice: str) -> str | None:
    """A Python that can `import uno`: this one, the system's, or the one LibreOffice ships."""
    program = Path(os.path.realpath(soffice)).parent
    for candidate in (sys.executable, *UNO_PYTHONS, str(program / "python")):
        if not Path(candidate).is_file():
            continue
        try:
            if subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0:
                return candidate
        except (OSError, subprocess.TimeoutExpired):
            continue
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listener_command(soffice: str, profile: Path, port: int) -> list[str]:
    """LibreOffice headless, listening on loopback, with the folder's own profile (tests replace this)."""
    return [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nolockcheck", "--nodefault",
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            f"--accept=socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"]


def tree_memory_mb(leader: int) -> float:
    """Resident memory (MB, VmRSS from /proc) of the processes in the group led by `leader`, the
    leader itself left out: under the keeper, LibreOffice's processes (soffice, oosplash,
    soffice.bin) without the small guard that leads them. 0 where /proc does not show them."""
    total_kb = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != leader or int(stat.parent.name) == leader:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024


def conversions(folder: Path, pid: int) -> int:
    """How many conversions the warm LibreOffice `pid` of `folder` has made (any run's)."""
    try:
        return (Path(folder) / f"{COUNT}{pid}").stat().st_size
    except OSError:
        return 0


def _counted(folder: Path, pid: int) -> None:
    try:
        with open(Path(folder) / f"{COUNT}{pid}", "ab") as count:
            count.write(b".")
    except OSError:
        pass


class WarmServer:
    """One LibreOffice kept listening in `folder`, restarted when it dies, stopped with its keeper.

    It runs under pdf_guard.py whose lifeline only the keeper (`stc-report up`) holds: if the
    keeper dies in any way, LibreOffice goes with it. A thread checks every `check_s` seconds and
    starts a fresh LibreOffice when the last one is gone (killed with a run, past its time limit),
    or, between two conversions, in place of one that has made `restart_after` conversions or
    whose resident memory passed `memory_mb` (0: no such bound; None: the settings').
    """

    def __init__(self, folder: Path, soffice: str, python: str, check_s: float = 2.0,
                 restart_after: int | None = None, memory_mb: int | None = None):
        from pipeline import settings

        self.folder, self.soffice, self.python, self.check_s = Path(folder), soffice, python, check_s
        self.restart_after = settings.pdf_warm_restart_after() if restart_after is None else restart_after
        self.memory_mb = settings.pdf_warm_memory_mb() if memory_mb is None else memory_mb
        self.process: subprocess.Popen | None = None
        self.restarts: list[str] = []  # why each replacement happened ("conversions", "memory")
        self.waiting_for_lock = False  # a replacement is due and waits for the conversion under way
        self.checks = 0  # the keeper's looks so far (tests wait on it instead of on time)
        self._held: int | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def for_machine(cls, folder: Path, soffice: str | None) -> WarmServer | None:
        """A keeper for `soffice` (pdf.find_soffice()), or None without LibreOffice or a Python with uno."""
        python = uno_python(soffice) if soffice else None
        return cls(folder, soffice, python) if soffice and python else None

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._launch()
        self._thread = threading.Thread(target=self._keep, name="warm-libreoffice", daemon=True)
        self._thread.start()

    def _launch(self) -> None:
        profile = self.folder / "profile"
        shutil.rmtree(profile, ignore_errors=True)  # a killed LibreOffice may leave it half written
        port = _free_port()
        lifeline, held = os.pipe()
        try:
            self.process = subprocess.Popen(
                [sys.executable, str(GUARD), str(profile), *listener_command(self.soffice, profile, port)],
                stdin=lifeline, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        finally:
            os.close(lifeline)
        if self._held is not None:
            os.close(self._held)
        self._held = held
        self._forget_counts(keep=self.process.pid)
        self._write_state({"pid": self.process.pid, "port": port, "python": self.python,
                           "restart_after": self.restart_after})

    def _write_state(self, state: dict) -> None:
        staged = self.folder / f".{STATE}.tmp"
        staged.write_text(json.dumps(state))
        staged.replace(self.folder / STATE)

    def _forget_counts(self, keep: int | None = None) -> None:
        for count in self.folder.glob(f"{COUNT}*"):
            if count.name != f"{COUNT}{keep}":
                count.unlink(missing_ok=True)

    def _keep(self) -> None:
        while not self._stopping.wait(self.check_s):
            if self.process is not None and self.process.poll() is not None and not self._stopping.is_set():
                self._launch()
            else:
                reason = self._replacement_due()
                if reason:
                    self._replace(reason)
            self.checks += 1

    def _replacement_due(self) -> str | None:
        if self.process is None:
            return None
        if self.restart_after and conversions(self.folder, self.process.pid) >= self.restart_after:
            return "conversions"
        if self.memory_mb and tree_memory_mb(self.process.pid) > self.memory_mb:
            return "memory"
        return None

    def _replace(self, reason: str) -> None:
        """Stop the LibreOffice between two conversions (holding busy.lock) and start a fresh one."""
        state = _state(self.folder)
        if state is not None:
            self._write_state({**state, "retiring": True})  # runs convert cold from now on
        lock = os.open(self.folder / BUSY, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            while True:  # the conversion under way, if any, ends (or meets its time limit)
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError:
                    self.waiting_for_lock = True
                    if self._stopping.wait(0.05):
                        return
            self.waiting_for_lock = False
            if self._stopping.is_set():
                return
            self.restarts.append(reason)  # before the new pid shows, so whoever sees it sees why
            self._kill()
            self._launch()
        finally:
            self.waiting_for_lock = False
            os.close(lock)  # releases the lock

    def _kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.process.wait(timeout=10)

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=self.check_s + 15)
        (self.folder / STATE).unlink(missing_ok=True)
        self._kill()
        if self._held is not None:
            os.close(self._held)
            self._held = None
        self._forget_counts()
        shutil.rmtree(self.folder / "profile", ignore_errors=True)


def _state(folder: Path) -> dict | None:
    try:
        state = json.loads((folder / STATE).read_text())
        return state if {"pid", "port", "python"} <= state.keys() else None
    except (OSError, ValueError, AttributeError):
        return None


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def client_command(python: str, port: int, docx: Path, pdf: Path) -> list[str]:
    """The client that asks the warm LibreOffice for one PDF (tests replace this)."""
    return [python, str(CLIENT), str(port), str(docx), str(pdf)]


def convert_warm(folder: Path | None, docx: Path, pdf: Path, work: Path, timeout_s: int) -> bool:
    """Write `pdf` with the warm LibreOffice of `folder`; False when it cannot be used (convert cold).

    Raises WarmTimeout past timeout_s (both the client and the warm LibreOffice killed).
    """
    if folder is None:
        return False
    folder = Path(folder)
    state = _state(folder)
    if state is None:
        return False
    try:
        lock = os.open(folder / BUSY, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # another run is converting with it: this one goes cold, never shares
        state = _state(folder)  # read again under the lock: the keeper may have restarted it
        if state is None or _retiring(folder, state) or not _alive(state["pid"]) or not _listening(state["port"]):
            return False
        try:
            return _convert(state, docx, pdf, work, timeout_s)
        finally:
            _counted(folder, state["pid"])
    finally:
        os.close(lock)  # releases the lock


def _retiring(folder: Path, state: dict) -> bool:
    """Due for replacement: the keeper said so, or it has made its conversions (the keeper replaces it next)."""
    limit = state.get("restart_after") or 0
    return bool(state.get("retiring")) or (limit > 0 and conversions(folder, state["pid"]) >= limit)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def _convert(state: dict, docx: Path, pdf: Path, work: Path, timeout_s: int) -> bool:
    lifeline, held = os.pipe()  # as in pdf._run: the guard outlives nothing of this run
    try:
        try:
            process = subprocess.Popen(
                [sys.executable, str(GUARD), "--also-kill", str(state["pid"]), str(work),
                 *client_command(state["python"], state["port"], docx, pdf)],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=lifeline, start_new_session=True)
        except OSError:
            return False
        finally:
            os.close(lifeline)
        try:
            output, _ = process.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            from pipeline.publish.pdf_guard import kill_warm_server

            for pid in (process.pid, state["pid"]):
                try:
                    os.killpg(pid, signal.SIGKILL) if pid == process.pid else kill_warm_server(pid)
                except (ProcessLookupError, PermissionError):
                    pass
            process.communicate()
            raise WarmTimeout() from None
    finally:
        os.close(held)
    if process.returncode == UNAVAILABLE:
        return False
    if process.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        text = (output or b"").decode("utf-8", "replace").strip()
        raise WarmFailed(f"exit code {process.returncode}" + (f": {text[-300:]}" if text else ""))
    return True
