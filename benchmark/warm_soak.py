"""The LibreOffice kept warm over many reports: its memory and its seconds per conversion.

    .venv/bin/stc-report run --meeting StC38 --no-pdf --outputs /tmp/x        # the bundled report
    .venv/bin/python -m benchmark.warm_soak --docx /tmp/x/StC38/*/UNEP-CMS-StC38-Doc3.docx \\
        --conversions 300 --every 25 --restart-after 0 --memory-mb 0            # never replaced
    .venv/bin/python -m benchmark.warm_soak --docx ... --conversions 300        # the settings' bounds

It starts the keeper `stc-report up` starts (pipeline/publish/pdf_warm.py `WarmServer`, with the
given bounds: 0 for none, left out for the settings' defaults), then converts the .docx one time
after another as a run does (`pdf.convert_to_pdf` with STC_PDF_SERVER naming the keeper's folder:
warm when it can, cold meanwhile when the LibreOffice is being replaced). Every `--every`
conversions it prints the resident memory of the LibreOffice processes (VmRSS of soffice,
oosplash and soffice.bin from /proc, the keeper's guard left out), the median seconds per
conversion over those conversions, how many of them were cold, and the replacements so far;
at the end, the median over all warm conversions. Needs LibreOffice and a Python with `uno`.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pipeline import settings
from pipeline.publish import pdf, pdf_warm


def _wait_listening(folder: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = pdf_warm._state(folder)
        if state and pdf_warm._listening(state["port"]):
            return
        time.sleep(0.1)
    raise SystemExit("the warm LibreOffice did not start listening within 60 s")


def soak(docx: Path, count: int, every: int, restart_after: int | None, memory_mb: int | None) -> int:
    soffice = pdf.find_soffice()
    python = pdf_warm.uno_python(soffice) if soffice else None
    if not soffice or not python:
        print("needs LibreOffice and a Python with uno", file=sys.stderr)
        return 1
    warm_made: list[bool] = []  # what convert_warm answered for the conversion under way
    convert_warm = pdf_warm.convert_warm

    def watched(*args, **kwargs) -> bool:
        warm_made.append(convert_warm(*args, **kwargs))
        return warm_made[-1]

    pdf_warm.convert_warm = watched  # pdf.py looks it up at each conversion
    try:
        return _soak(docx, count, every, soffice, python, restart_after, memory_mb, warm_made)
    finally:
        pdf_warm.convert_warm = convert_warm


def _soak(docx: Path, count: int, every: int, soffice: str, python: str, restart_after: int | None,
          memory_mb: int | None, warm_made: list[bool]) -> int:
    with tempfile.TemporaryDirectory(prefix="warm-soak-") as scratch:
        scratch = Path(scratch)
        server = pdf_warm.WarmServer(scratch / "warm", soffice, python,
                                     restart_after=restart_after, memory_mb=memory_mb)
        server.start()
        named = os.environ.get(settings.PDF_SERVER)
        os.environ[settings.PDF_SERVER] = str(server.folder)  # as `stc-report up` names it to the runs
        try:
            _wait_listening(server.folder)
            print(f"warm LibreOffice: replaced after {server.restart_after or 'no limit of'} conversions, "
                  f"above {server.memory_mb or 'no bound of'} MB; {docx.name} {count} times")
            print(f"{'done':>5} {'MB (LibreOffice)':>17} {'s/conv (median)':>16} {'cold':>5} {'replaced':>9}")
            print(f"{0:>5} {pdf_warm.tree_memory_mb(server.process.pid):>17.0f} {'':>16} {'':>5} {0:>9}")
            block: list[float] = []
            warm_seconds: list[float] = []
            cold_seconds: list[float] = []
            cold = cold_total = 0
            started_all = time.perf_counter()
            for done in range(1, count + 1):
                warm_made.clear()
                started = time.perf_counter()
                made = pdf.convert_to_pdf(docx, scratch / "out")
                seconds = time.perf_counter() - started
                if made is None or not made.is_file():
                    print(f"conversion {done}: no PDF", file=sys.stderr)
                    return 1
                if warm_made == [True]:
                    warm_seconds.append(seconds)
                else:
                    cold += 1
                    cold_seconds.append(seconds)
                block.append(seconds)
                if done % every == 0 or done == count:
                    memory = pdf_warm.tree_memory_mb(server.process.pid)
                    print(f"{done:>5} {memory:>17.0f} {statistics.median(block):>16.2f} {cold:>5} "
                          f"{len(server.restarts):>9}", flush=True)
                    cold_total += cold
                    block, cold = [], 0
            print(f"warm conversions: {len(warm_seconds)}, median {statistics.median(warm_seconds):.2f} s, "
                  f"mean {statistics.mean(warm_seconds):.2f} s; cold: {cold_total}"
                  + (f", median {statistics.median(cold_seconds):.2f} s" if cold_seconds else "") + "; "
                  f"replacements: {len(server.restarts)} ({', '.join(sorted(set(server.restarts))) or 'none'}); "
                  f"{time.perf_counter() - started_all:.0f} s in all")
        finally:
            server.stop()
            if named is None:
                os.environ.pop(settings.PDF_SERVER, None)
            else:
                os.environ[settings.PDF_SERVER] = named
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmark.warm_soak", description=__doc__.splitlines()[0])
    parser.add_argument("--docx", type=Path, required=True, help="the report to convert (the bundled StC38 one)")
    parser.add_argument("--conversions", type=int, default=300)
    parser.add_argument("--every", type=int, default=25, help="print a line every this many conversions")
    parser.add_argument("--restart-after", type=int, default=None,
                        help="replace it after this many conversions, 0 never (default: the setting's)")
    parser.add_argument("--memory-mb", type=int, default=None,
                        help="replace it above this resident memory, 0 no bound (default: the setting's)")
    args = parser.parse_args(argv)
    return soak(args.docx.resolve(), args.conversions, args.every, args.restart_after, args.memory_mb)


if __name__ == "__main__":
    sys.exit(main())
