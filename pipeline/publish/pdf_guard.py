"""Keeps LibreOffice from outliving the run that started it (started by pipeline/publish/pdf.py).

    python pdf_guard.py [--also-kill <pid>] <work folder> <command ...>

It runs as the leader of a process group of its own, starts the command in that group
and waits. Its standard input is a pipe whose other end only the run holds: when the run
ends in any way, even killed with SIGKILL, the pipe reads as closed, and the guard kills
every process of its group (soffice forks oosplash and soffice.bin, which a parent-death
signal on the first process alone would not reach), removes the work folder (the
temporary LibreOffice profile), and exits. When the command ends by itself, the guard
exits with its exit code. With `--also-kill <pid>` (a conversion by the LibreOffice kept warm,
pdf_warm.py: the command is only the client), the run's death also kills the process group led
by <pid>, the warm LibreOffice doing this run's conversion, so that it never goes on with a dead
run's document (whoever keeps it warm starts a fresh one). Standard library only: it must start
fast and stand alone.
"""
from __future__ import annotations

import ctypes
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the command's process: SIGKILL it when the guard ends (Linux; elsewhere the group kill does)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _others_in_group() -> list[int]:
    me, group = os.getpid(), os.getpgrp()
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and int(stat.parent.name) != me and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def _kill_the_rest(child: subprocess.Popen) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for _ in range(20):
        others = _others_in_group() if Path("/proc/self/stat").exists() else []
        if not others and child.poll() is not None:
            return
        for pid in others or [child.pid]:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            child.wait(timeout=0.25)
        except subprocess.TimeoutExpired:
            pass
    os.killpg(os.getpgrp(), signal.SIGTERM)  # what /proc could not show (not Linux)


def kill_warm_server(pid: int) -> None:
    """SIGKILL the group led by `pid` if it is still a LibreOffice listener (not a reused pid)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        command = b"--accept=" if not Path("/proc/self").exists() else b""
    if b"--accept=" not in command:
        return
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def main(argv: list[str]) -> int:
    also_kill = None
    if argv[:1] == ["--also-kill"]:
        also_kill, argv = int(argv[1]), argv[2:]
    work, command = Path(argv[0]), argv[1:]
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
    while True:
        if child.poll() is not None:
            return child.returncode
        ready, _, _ = select.select([sys.stdin.fileno()], [], [], 0.5)
        if ready and os.read(sys.stdin.fileno(), 1) == b"":  # the run is gone
            _kill_the_rest(child)
            if also_kill is not None:
                kill_warm_server(also_kill)
            time.sleep(0.1)
            shutil.rmtree(work, ignore_errors=True)
            return 137


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
