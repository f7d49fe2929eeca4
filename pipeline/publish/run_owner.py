"""Whether the process holding a report's run is gone: the dead-run rule, shared by the Dagster
layer (assets/run_watch.py marks such runs failed) and the staff page (which shows them failed and
lets staff make the report again at once, without waiting for the Dagster daemon's sensor).

A run records which process holds it in three tags (host name, process id, the process's start
time, so that a reused process id is not mistaken for it). A run not finished whose process is gone
on this machine died; a run that records no process and is still "Not started" or "Starting"
START_LIMIT_MINUTES after its creation never started; one "Started" (or "Canceling") that still
records no process then was killed between its start and the moment its process records itself
(the first thing it does, within seconds). Plain Python: no Dagster here.
"""
from __future__ import annotations

import os
import socket
from pathlib import Path

HOST, PID, PID_STARTED = "stc/host", "stc/pid", "stc/pid_started"
NOT_YET = ("NOT_STARTED", "STARTING")  # Dagster's run statuses before the first step
WATCHED = (*NOT_YET, "STARTED", "CANCELING")  # the statuses of a run that is not finished nor queued
START_LIMIT_MINUTES = 10
DIED = ("The process running this report (process {pid} on {host}) ended before the report was finished "
        "(it was stopped or the machine restarted). Nothing of it was published; start the report again.")
NEVER_STARTED = ("This report never started: {minutes} minutes after it was launched its process had not begun "
                 "(it was stopped, or could not start). Nothing of it was published; start the report again.")
UNRECORDED = ("The process running this report ended as it began: {minutes} minutes after it was launched it "
              "had not recorded itself (it was stopped, or the machine restarted). Nothing of it was published; "
              "start the report again.")


def _started(pid: int) -> str:
    """The process's start time (clock ticks since boot, Linux), or '' when it cannot be read."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def owner_tags() -> dict[str, str]:
    """The tags that say this process holds a run."""
    pid = os.getpid()
    return {HOST: socket.gethostname(), PID: str(pid), PID_STARTED: _started(pid)}


def process_alive(pid: int, started: str) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    return not started or not _started(pid) or _started(pid) == started


def why_dead(status: str, tags: dict[str, str], created: float | None, now: float) -> str:
    """Why a run with this status (Dagster's name, 'STARTED'), tags and creation time (seconds since
    1970) is dead, in the words shown to staff and recorded in Dagster; '' when it is not (or this
    machine cannot tell: a process on another machine, a queued run)."""
    if status not in WATCHED:
        return ""
    if PID in tags:
        if tags.get(HOST) != socket.gethostname():
            return ""
        try:
            pid = int(tags[PID])
        except ValueError:
            return ""
        return "" if process_alive(pid, tags.get(PID_STARTED, "")) else DIED.format(pid=pid, host=tags[HOST])
    if created is None or now - created <= START_LIMIT_MINUTES * 60:
        return ""
    return (NEVER_STARTED if status in NOT_YET else UNRECORDED).format(minutes=START_LIMIT_MINUTES)
