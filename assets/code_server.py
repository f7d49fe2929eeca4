"""The code server whose runs start warm: Dagster's `dagster api grpc`, with each run forked from a ready process.

Dagster 1.13's code server starts every run with Python's `spawn`: a new interpreter that imports
Dagster, pandas and the code location before the run's first step, 1.5 to 3 seconds that staff wait
for after "Generate". Here the code server starts its runs with `forkserver` instead: one process,
started when the server starts, imports what a run needs (RUN_MODULES) and then does nothing else;
each run is a fork of it. So a run is still a process of its own, made fresh for it and for no other
run (never a process that ran another report: nothing of one run can be seen by the next), killed on
its own (a kill ends exactly that run), and its PDF guard and the dead-run sensor see its pid as
before; only the imports are done once, ahead of time.

The LibreOffice kept warm for the runs' PDFs (pipeline/publish/pdf_warm.py) is started here too,
before the runs' parent process, so that every run is told of it (STC_PDF_SERVER) and it stops with
the server. `stc-report up` and the systemd deployment run this server; the webserver and the daemon
reach it over gRPC (a `grpc_server` in their workspace). The Docker deployment runs each report in a
container of its own and keeps Dagster's own code server.

    stc-report code-server --port 4000 [--host 127.0.0.1] [--lifeline]
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import MutableMapping
from pathlib import Path

from pipeline import settings
from pipeline.publish.pdf import find_soffice
from pipeline.publish.pdf_warm import WarmServer

LOCATION = "stc_report"  # the code location's name: the staff page launches its runs there
DEFINITIONS = "assets.definitions"
# What a run imports, loaded once in the process runs are forked from: the definitions (Dagster, pandas,
# pandera, the domain) and the writers the report's step imports when it runs.
RUN_MODULES = ("assets.warm_run_imports",)


def forkserver_context() -> multiprocessing.context.BaseContext:
    """Python's forkserver, loading RUN_MODULES before the first run asks for it."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(RUN_MODULES))
    return context


def start_runs_from_forkserver(context: multiprocessing.context.BaseContext) -> None:
    """Make Dagster's gRPC server start its runs from `context` instead of `spawn`.

    DagsterApiServer keeps its multiprocessing context in `_mp_ctx` (set to spawn in its __init__,
    Dagster 1.13) and starts each run with `_mp_ctx.Process`. tests/assets/test_code_server.py runs a
    report through this server and checks that the run's process is a child of the forkserver, so a
    Dagster upgrade that moves this fails a test instead of silently going back to spawn."""
    from dagster._grpc.server import DagsterApiServer

    original = DagsterApiServer.__init__
    if getattr(original, "_stc_forkserver", False):
        return

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if not hasattr(self, "_mp_ctx"):
            raise RuntimeError("Dagster's code server no longer keeps its multiprocessing context in _mp_ctx: "
                               "assets/code_server.py needs updating for this Dagster version.")
        self._mp_ctx = context

    __init__._stc_forkserver = True
    DagsterApiServer.__init__ = __init__


def start_forkserver() -> None:
    """Start the forkserver now (it imports RUN_MODULES), so that the first run does not wait for it."""
    from multiprocessing import forkserver

    forkserver.ensure_running()


def end_with_parent() -> None:
    """Stop this server when the process that started it closes our stdin (or dies)."""
    def wait() -> None:
        try:
            while sys.stdin.buffer.read(1024):
                pass
        except (OSError, ValueError):
            pass
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=wait, name="lifeline", daemon=True).start()


def start_warm_libreoffice(home: Path, env: MutableMapping[str, str]) -> WarmServer | None:
    """The LibreOffice kept warm for the runs, named to them in `env`'s STC_PDF_SERVER (this process's
    environment, which the runs inherit); None, and the setting removed, when it is off or there is none."""
    if env.get(settings.PDF_SERVER, "").lower() == "off":
        env.pop(settings.PDF_SERVER)
        return None
    warm = WarmServer.for_machine(home / "libreoffice-warm", find_soffice())
    if warm is None:
        env.pop(settings.PDF_SERVER, None)
        return None
    warm.start()
    env[settings.PDF_SERVER] = str(warm.folder)
    return warm


def grpc_arguments(host: str, port: int) -> list[str]:
    """`dagster api grpc`'s arguments for the project's code location."""
    return ["-m", DEFINITIONS, "--location-name", LOCATION, "-h", host, "-p", str(port)]


def serve(host: str, port: int, home: Path, lifeline: bool = False) -> int:
    """Run the code server until it is stopped (SIGTERM, SIGINT, or its lifeline closing); its exit code."""
    from dagster._cli.api import grpc_command

    if lifeline:
        end_with_parent()
    warm = start_warm_libreoffice(home, os.environ)
    try:
        start_runs_from_forkserver(forkserver_context())
        start_forkserver()  # after the warm LibreOffice: the runs inherit STC_PDF_SERVER from it
        try:
            grpc_command.main(args=grpc_arguments(host, port), standalone_mode=False)
        except KeyboardInterrupt:
            pass
        return 0
    finally:
        if warm is not None:
            warm.stop()


def main(argv: list[str] | None = None) -> int:
    """`python -m assets.code_server --port N`: the entry `stc-report code-server` and the tests use."""
    import argparse

    parser = argparse.ArgumentParser(prog="stc-report code-server", description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--lifeline", action="store_true",
                        help="stop when standard input closes (the process that started this server is gone)")
    args = parser.parse_args(argv)
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        print("DAGSTER_HOME is not set: the code server needs the Dagster home its runs are recorded in.",
              file=sys.stderr)
        return 2
    return serve(args.host, args.port, Path(home), lifeline=args.lifeline)


if __name__ == "__main__":
    sys.exit(main())
