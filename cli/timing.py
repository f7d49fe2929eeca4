"""Where a command's CPU goes, measured in its own process: `STC_TIMING=1 stc-report run ...`.

The command marks the end of each part as it goes (`mark("…")`): the CPU (time.process_time, this
process's user + system time) and the wall time since the previous mark. The first part is what
the interpreter spent before the command line's module was imported (the CPU of the process so
far). At exit the parts are printed to stderr, one line each, `STC_TIMING<TAB>part<TAB>cpu<TAB>wall`,
which `python -m benchmark` reads and groups (benchmark/__main__.py, `breakdown`). What follows
the last mark (the interpreter's shutdown) is the process's total, measured outside, minus their sum.

Off (the default), `mark` does nothing and nothing is printed.
"""
from __future__ import annotations

import time

_last = (time.process_time(), time.perf_counter())  # first: the interpreter's start-up ends here

import atexit  # noqa: E402
import sys  # noqa: E402

from pipeline import settings  # noqa: E402  (no Dagster, nothing heavy: it reads the environment)

PREFIX = VARIABLE = "STC_TIMING"
INTERPRETER = "interpreter start-up"

_on = settings.text(VARIABLE) not in ("", "0")
_parts: list[tuple[str, float, float]] = []
if _on:
    _parts.append((INTERPRETER, _last[0], 0.0))


def enabled() -> bool:
    return _on


def mark(part: str) -> None:
    """The part of the command that ends now (its CPU and wall seconds since the previous mark)."""
    global _last
    if not _on:
        return
    now = (time.process_time(), time.perf_counter())
    _parts.append((part, now[0] - _last[0], now[1] - _last[1]))
    _last = now


def parts() -> list[tuple[str, float, float]]:
    """(part, CPU seconds, wall seconds) in order; a part marked twice appears twice."""
    return list(_parts)


def _print() -> None:
    for part, cpu, wall in _parts:
        print(f"{PREFIX}\t{part}\t{cpu:.4f}\t{wall:.4f}", file=sys.stderr)
    sys.stderr.flush()


if _on:
    atexit.register(_print)
