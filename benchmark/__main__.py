"""Time the product against its floor at several scales, as whole processes.

    .venv/bin/python -m benchmark                                # everything: about 15 minutes
    .venv/bin/python -m benchmark --scales 1 10 100 --page 0     # the command line only, quicker
    .venv/bin/python -m benchmark --many-reports 6 1000          # the staff page with many reports

Without options it runs, in one invocation: the command line and the floor at 1x, 10x, 100x
(three rounds) and 1000x (43,000 activities, 35,000 log rows; one round: `--once-from`), one
PDF at 1x, and the staff page's path three times; then it says which of issue 19's targets
this invocation meets (`targets`).

For each scale the inputs are scaled (benchmark/generate.py) into a temporary folder; then,
`--repeat` times and scale by scale, the floor (benchmark/floor.py) and the product
(`stc-report run --meeting StC38 --inputs … --outputs …`) each run as a process of their own,
one after the other, so that both see the same machine. Each is measured with os.wait4:
wall time, CPU time (user + system, its children included) and peak resident memory. The
product runs against a temporary DAGSTER_HOME (made ready by one untimed run first, as a
staff machine's is) and without the PDF (`--no-pdf`: the run writes the .docx and .xlsx and
says the PDF was not asked for). The time of each Dagster step, and of each of the report's
steps inside it (the "step X started/done" lines, pipeline/publish/report_steps.py), is read
from the run's event log in that DAGSTER_HOME. The PDF is timed on its own afterwards,
by converting the product's .docx with pipeline/publish/pdf.py (LibreOffice), at the
scales of `--pdf-scales`.

The product runs with STC_TIMING=1: it reports where its CPU went (cli/timing.py), and the
benchmark prints that by part at each scale (interpreter and imports, opening the Dagster
instance, Dagster's run machinery and events, the report's own steps, the exit), measured
in the product's own process, beside the floor's whole CPU. With `--before DIR` (a copy of an
earlier source tree: `git archive <commit> | tar -x -C DIR`), each round also runs that code's
product, right before this one's, and its CPU by part is printed too.

With `--page N` (3 by default), the staff page's path is timed N times at the first scale
(benchmark/page.py: the code server and `dagster dev` as `stc-report up` starts them, each report
launched through GraphQL exactly as the page does, with the PDF, until the downloads are offered) and set against the report's own work (the sum of its
steps in the command-line runs at that scale) plus one PDF conversion, from the same invocation.

Figures are medians over the repeats (min and max beside them with --verbose). The machine
is shared and noisy: compare the product with the floor of the same invocation only.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from benchmark.page import page_target_ratio, summary as page_summary, time_page

PROJECT = Path(__file__).resolve().parent.parent
MEETING = "StC38"
_RUN_ID = re.compile(r"Dagster run ([0-9a-f-]{36})")


@dataclass
class Measure:
    """One process: wall seconds, CPU seconds (user + system, children included), peak MB."""

    wall: float
    cpu: float
    peak_mb: float
    code: int
    steps: dict[str, float] = field(default_factory=dict)  # Dagster step -> seconds
    note: str = ""
    cpu_parts: dict[str, float] = field(default_factory=dict)  # part of the process (BREAKDOWN) -> CPU seconds


def _python() -> str:
    return sys.executable


def _stc_report() -> str:
    found = Path(sys.executable).with_name("stc-report")
    return str(found) if found.exists() else (shutil.which("stc-report") or "stc-report")


def measure(command: list[str], env: dict[str, str], log: Path, timeout_s: float = 3600) -> Measure:
    """Run `command` to its end; its output goes to `log`."""
    with open(log, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=PROJECT)
        deadline = start + timeout_s
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.005)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode)


# ---------------------------------------------------------------- the two programs


def scaled_inputs(factor: int, out: Path) -> Path:
    """The bundled inputs scaled `factor` times into `out`, written by a process of its own.

    Not in this process: a process started from this one reports, as its peak memory (os.wait4's
    ru_maxrss), at least this one's peak at the moment it was started (Linux counts the memory of the
    copy made by fork until exec), and writing 43,000 activities with openpyxl takes this process to
    about 650 MB, which every later floor and product at 1x would then have shown as their peak."""
    subprocess.run([_python(), "-m", "benchmark.generate", "--factor", str(factor), "--out", str(out)],
                   cwd=PROJECT, check=True, stdout=subprocess.DEVNULL)
    return out


def run_floor(inputs: Path, work: Path, tag: str) -> Measure:
    out = work / f"floor-{tag}"
    return measure([_python(), "-m", "benchmark.floor", "--inputs", str(inputs), "--out", str(out)],
                   dict(os.environ), work / f"floor-{tag}.log")


def product_env(dagster_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["DAGSTER_HOME"] = str(dagster_home)
    env["STC_TIMING"] = "1"  # the process's own account of its CPU (cli/timing.py), read by `breakdown`
    return env


# The product's CPU in parts, from the lines STC_TIMING=1 makes it print (cli/timing.py): each part the
# command line marks falls in one of these; "exit" is the process's CPU (os.wait4) after its last mark.
BREAKDOWN = (
    ("interpreter start-up, the command line's imports", ("interpreter start-up", "the command line's own imports")),
    ("importing pandas, pandera and the pipeline", ("imports: pandas, pandera and the pipeline",)),
    ("importing Dagster and the report's definitions", ("imports: Dagster and the report's definitions",
                                                        "building the definitions")),
    ("the command line's own checks (the inputs read once)", ("the command line's check of the inputs",
                                                               "the command line's checks before the run",
                                                               "the command line after the run")),
    ("opening the Dagster instance (its SQLite storage imported)", ("opening the instance",)),
    ("Dagster's run machinery and its events", ("Dagster's run machinery and events",)),
    ("the report's own steps", ("the report's step",)),
)
EXIT = "exit (the interpreter's shutdown)"


def breakdown(log_text: str, total_cpu: float) -> dict[str, float]:
    """CPU seconds per part of BREAKDOWN (and EXIT) from a product run's STC_TIMING lines; {} without them."""
    parts: dict[str, float] = {}
    for line in log_text.splitlines():
        fields = line.split("\t")
        if len(fields) != 4 or fields[0] != "STC_TIMING":
            continue
        name, cpu = fields[1], float(fields[2])
        group = next((label for label, names in BREAKDOWN if any(name.startswith(n) for n in names)), name)
        parts[group] = parts.get(group, 0.0) + cpu
    if parts:
        parts[EXIT] = max(0.0, total_cpu - sum(parts.values()))
    return parts


def run_product(inputs: Path, work: Path, tag: str, dagster_home: Path, code: Path | None = None) -> Measure:
    """`stc-report run --no-pdf` as staff run it (its process relaxes the garbage collector itself:
    pipeline.settings.RUN_GC_THRESHOLD); `code`: run the product of that copy of the source tree
    instead (put first on PYTHONPATH, with the same interpreter and packages)."""
    out = work / f"product-{tag}"
    log = work / f"product-{tag}.log"
    env = product_env(dagster_home)
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(code), *filter(None, [env.get("PYTHONPATH")])])
    result = measure([_stc_report(), "run", "--meeting", MEETING, "--no-pdf", "--inputs", str(inputs),
                      "--outputs", str(out)], env, log)
    text = log.read_text("utf-8", "replace")
    result.cpu_parts = breakdown(text, result.cpu)
    found = _RUN_ID.search(text)
    if found:
        result.steps = step_times(dagster_home, found[1])
    if result.code != 0 or not list(out.rglob("*.docx")) or not list(out.rglob("*.xlsx")):
        result.note = f"FAILED (exit {result.code}); see {log}"
    return result


def step_times(dagster_home: Path, run_id: str) -> dict[str, float]:
    """Seconds from STEP_START to STEP_SUCCESS (or failure) of each step, from the run's event log."""
    db = dagster_home / "history" / "runs" / f"{run_id}.db"
    if not db.is_file():
        return {}
    from pipeline.publish.report_steps import read_line

    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT dagster_event_type, step_key, timestamp, event FROM event_logs "
            "WHERE dagster_event_type IN ('STEP_START', 'STEP_SUCCESS', 'STEP_FAILURE', 'RUN_START', 'RUN_SUCCESS') "
            "OR dagster_event_type IS NULL ORDER BY id").fetchall()
    started: dict[str, datetime] = {}
    times: dict[str, float] = {}
    for kind, step, stamp, event in rows:
        moment = datetime.fromisoformat(str(stamp))
        key = step or "(whole run)"
        if kind is None:  # a log line: one of the report's steps starting or done ('  word_document')
            line = read_line(json.loads(event).get("user_message", ""))
            if line is None:
                continue
            key, kind = f"  {line[0]}", "STEP_START" if line[1] == "started" else "STEP_SUCCESS"
        if kind in ("STEP_START", "RUN_START"):
            started[key] = moment
        elif key in started:
            times[key] = (moment - started[key]).total_seconds()
    return times


def time_pdf(docx: Path, work: Path, tag: str) -> Measure:
    """The PDF of a .docx, as the product makes it (LibreOffice under pdf.py's guard and time limit)."""
    code = ("import sys; from pathlib import Path; from pipeline.publish.pdf import convert_to_pdf; "
            "p = convert_to_pdf(Path(sys.argv[1]), Path(sys.argv[2])); sys.exit(0 if p else 3)")
    env = dict(os.environ)
    env.pop("STC_SOFFICE", None)
    return measure([_python(), "-c", code, str(docx), str(work / f"pdf-{tag}")], env, work / f"pdf-{tag}.log")


# ---------------------------------------------------------------- import costs


IMPORT_CASES = (
    ("stc-report --help", ["-m", "cli.main", "--help"]),
    ("stc-report validate", ["-m", "cli.main", "validate"]),
    ("import assets.runner (what a run loads)", ["-c", "import assets.runner"]),
)


def import_costs(arguments: list[str], top: int = 8) -> list[tuple[str, float]]:
    """What `python -X importtime <arguments>` imports (s), per top-level package, largest first.

    Each package's cumulative time where it is first imported (a package imported inside
    another, numpy inside pandas, counts in both).
    """
    result = subprocess.run([_python(), "-X", "importtime", *arguments], cwd=PROJECT,
                            capture_output=True, text=True, check=False)
    totals: dict[str, float] = {}
    for line in result.stderr.splitlines():
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2].strip()
        if "." not in name and not name.startswith("_") and name not in ("encodings", "site", "codecs", "io"):
            totals[name] = max(totals.get(name, 0.0), int(parts[1]) / 1e6)
    return sorted(totals.items(), key=lambda kv: -kv[1])[:top]


# ---------------------------------------------------------------- report


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _spread(values: list[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f}" if values else ""


def summarise(results: dict[int, dict[str, list[Measure]]], sizes: dict[int, tuple[int, int]],
              verbose: bool) -> str:
    lines = ["scale  activities  log rows |  floor wall   cpu  peak MB | product wall   cpu  peak MB |"
             " product/floor wall  cpu"]
    for scale, runs in results.items():
        f, p = runs["floor"], [m for m in runs["product"] if not m.note]
        fw, fc, fm = (_median([m.wall for m in f]), _median([m.cpu for m in f]), max(m.peak_mb for m in f))
        if not p:
            lines.append(f"{scale:>4}x  {sizes[scale][0]:>10}  {sizes[scale][1]:>8} | {fw:10.2f} {fc:6.2f} {fm:8.0f} |"
                         f" product failed: {runs['product'][0].note}")
            continue
        pw, pc, pm = (_median([m.wall for m in p]), _median([m.cpu for m in p]), max(m.peak_mb for m in p))
        lines.append(f"{scale:>4}x  {sizes[scale][0]:>10}  {sizes[scale][1]:>8} | {fw:10.2f} {fc:6.2f} {fm:8.0f} |"
                     f" {pw:12.2f} {pc:5.2f} {pm:8.0f} | {pw / fw:18.2f} {pc / fc:4.2f}")
        if verbose:
            lines.append(f"        wall min-max: floor {_spread([m.wall for m in f])}, product {_spread([m.wall for m in p])}")
    scales = [s for s in results if [m for m in results[s]["product"] if not m.note]]
    for small, large in zip(scales, scales[1:]):
        grow_p = _median([m.wall for m in results[large]["product"] if not m.note]) / \
            _median([m.wall for m in results[small]["product"] if not m.note])
        grow_f = _median([m.wall for m in results[large]["floor"]]) / _median([m.wall for m in results[small]["floor"]])
        lines.append(f"wall {large}x / {small}x: product {grow_p:.1f}, floor {grow_f:.1f}")
    lines.extend(["", *cpu_breakdown(results, scales)])
    if any(results[s]["before"] for s in scales):
        before = {s: {"floor": results[s]["floor"], "product": results[s]["before"]} for s in scales}
        lines.extend(["", "The earlier code (--before), same rounds:", *cpu_breakdown(before, scales)])
    lines.append("")
    lines.append("Dagster steps of the product run (median seconds):")
    steps = [k for s in scales for m in results[s]["product"] for k in m.steps]
    order = list(dict.fromkeys(steps))
    if order:
        width = max(len(step) for step in order) + 2
        lines.append("step".ljust(width) + "".join(f"{s:>9}x" for s in scales))
        for step in order:
            cells = []
            for s in scales:
                values = [m.steps[step] for m in results[s]["product"] if step in m.steps]
                cells.append(f"{_median(values):10.2f}" if values else " " * 10)
            lines.append(step.ljust(width) + "".join(cells))
    return "\n".join(lines)


def cpu_breakdown(results: dict[int, dict[str, list[Measure]]], scales: list[int]) -> list[str]:
    """The product's CPU by part at each scale (medians of the repeats; STC_TIMING, cli/timing.py), with
    the floor's whole CPU beside it."""
    runs = {s: [m for m in results[s]["product"] if not m.note and m.cpu_parts] for s in scales}
    names = list(dict.fromkeys([label for label, _ in BREAKDOWN] +
                               [k for s in scales for m in runs[s] for k in m.cpu_parts if k != EXIT] + [EXIT]))
    if not any(runs.values()):
        return ["CPU of the product by part: not reported (the product printed no STC_TIMING lines)"]
    width = max(len(n) for n in names) + 2
    lines = ["CPU of the product by part (median s; its share of the product's CPU):",
             "part".ljust(width) + "".join(f"{s:>15}x" for s in scales)]

    def cell(s: int, values: list[float]) -> str:
        total = _median([m.cpu for m in runs[s]])
        value = _median(values)
        return f"{value:9.2f} ({value / total:4.0%})" if values else " " * 16

    for name in names:
        lines.append(name.ljust(width) + "".join(cell(s, [m.cpu_parts.get(name, 0.0) for m in runs[s]])
                                                 if runs[s] else " " * 16 for s in scales))
    lines.append("product, whole process".ljust(width) + "".join(
        f"{_median([m.cpu for m in runs[s]]):9.2f}       " if runs[s] else " " * 16 for s in scales))
    lines.append("floor, whole process".ljust(width) + "".join(
        f"{_median([m.cpu for m in results[s]['floor']]):9.2f}       " for s in scales))
    return lines


# Issue 19's targets, and the figures of the issue that "no worse than today" means at 1000x.
PAGE_TARGET = 2.0  # the page's path within 2x of the report's own work + one PDF
ONE_X_TARGET = 3.0  # the command line at 1x within 3x of the floor (CPU)
MEMORY_TARGET_MB = 1024  # 1000x peak
TODAY_1000X = (66.0, 146.0)  # 1000x wall, product and floor, when the issue was written


def targets(results: dict[int, dict[str, list[Measure]]], page_ratio: float | None) -> str:
    """Issue 19's targets against this invocation's figures: met or not, with the figure."""
    def ok(met: bool) -> str:
        return "met" if met else "NOT met"

    def medians(scale: int) -> tuple[float, float, float, float, float] | None:
        product = [m for m in results.get(scale, {}).get("product", []) if not m.note]
        floor = results.get(scale, {}).get("floor", [])
        if not product or not floor:
            return None
        return (_median([m.wall for m in product]), _median([m.cpu for m in product]),
                _median([m.wall for m in floor]), _median([m.cpu for m in floor]), max(m.peak_mb for m in product))

    lines = ["Targets (issue 19), this invocation:"]
    if page_ratio is not None:
        lines.append(f"  page path / (report's own work + one PDF) = {page_ratio:.2f}, target <= {PAGE_TARGET:g}: "
                     f"{ok(page_ratio <= PAGE_TARGET)}")
    else:
        lines.append("  page path: not timed (--page 0, or no PDF at the first scale)")
    one = medians(1)
    if one:
        lines.append(f"  command line at 1x, CPU / floor's = {one[1] / one[3]:.2f} ({one[1]:.2f} s against "
                     f"{one[3]:.2f} s), target <= {ONE_X_TARGET:g}: {ok(one[1] / one[3] <= ONE_X_TARGET)}")
    big = medians(1000)
    if big:
        today = TODAY_1000X[0] / TODAY_1000X[1]
        lines.append(f"  1000x peak memory {big[4]:.0f} MB, target <= {MEMORY_TARGET_MB} MB: "
                     f"{ok(big[4] <= MEMORY_TARGET_MB)}")
        lines.append(f"  1000x wall / floor's = {big[0] / big[2]:.2f} ({big[0]:.0f} s against {big[2]:.0f} s), "
                     f"no worse than when the issue was written ({today:.2f}: {TODAY_1000X[0]:g} s against "
                     f"{TODAY_1000X[1]:g} s): {ok(big[0] / big[2] <= today)}")
    else:
        lines.append("  1000x: not run (--scales without 1000)")
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmark", description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--once-from", type=int, default=1000, metavar="SCALE",
                        help="scales from this one up run in the first round only (default 1000: its floor alone "
                             "takes minutes)")
    parser.add_argument("--pdf-scales", type=int, nargs="*", default=[1],
                        help="scales at which the PDF is timed on its own (none: --pdf-scales)")
    parser.add_argument("--imports", action="store_true", help="also print what importing each entry point costs")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="write every measurement to this file")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--many-reports", type=int, nargs="+", metavar="COUNT",
                        help="instead: the staff page with this many report folders (e.g. 6 1000): list, "
                             "requests/s at 10 concurrent, a download, /api/runs (benchmark/many_reports.py)")
    parser.add_argument("--before", type=Path, metavar="DIR",
                        help="also run the product of this copy of an earlier source tree in each round (e.g. "
                             "`git archive <commit> | tar -x -C DIR`), and print its CPU by part beside this one's")
    parser.add_argument("--page", type=int, default=3, metavar="N",
                        help="also time the staff page's path N times at the first scale (starts the code server "
                             "and dagster dev as `stc-report up` does; 0: not)")
    args = parser.parse_args(argv)
    if args.many_reports:
        from benchmark import many_reports

        return many_reports.main(["--reports", *map(str, args.many_reports),
                                  *(["--keep", str(args.keep)] if args.keep else []),
                                  *(["--json", str(args.json)] if args.json else [])])

    work = args.keep or Path(tempfile.mkdtemp(prefix="stc-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    home = work / "dagster_home"
    print(f"# {machine()}", flush=True)
    print(f"# work folder: {work}", flush=True)
    inputs = {s: scaled_inputs(s, work / f"inputs-{s}x") for s in args.scales}
    sizes = {s: _sizes_counted_apart(folder) for s, folder in inputs.items()}
    warm = run_product(inputs[args.scales[0]], work, "warm-up", home)  # DAGSTER_HOME made ready, files cached
    run_floor(inputs[args.scales[0]], work, "warm-up")
    if warm.note:
        print(f"warm-up run: {warm.note}", flush=True)
    results: dict[int, dict[str, list[Measure]]] = {s: {"floor": [], "product": [], "before": []}
                                                    for s in args.scales}
    for r in range(args.repeat):
        for s in [s for s in args.scales if r == 0 or s < args.once_from]:
            tag = f"{s}x-{r}"
            floor = run_floor(inputs[s], work, tag)
            if args.before:  # the earlier code first, then this one: each round sees the same machine
                results[s]["before"].append(run_product(inputs[s], work, f"before-{tag}", home, args.before))
            product = run_product(inputs[s], work, tag, home)
            results[s]["floor"].append(floor)
            results[s]["product"].append(product)
            line = (f"  run {r + 1}/{args.repeat if s < args.once_from else 1} {s}x: floor {floor.wall:.2f} s, "
                    f"product {product.wall:.2f} s")
            print(f"{line} {product.note}", flush=True)
    print()
    print(summarise(results, sizes, args.verbose))
    pdfs: dict[int, Measure] = {}
    for s in args.pdf_scales:
        docx = next(iter(sorted((work / f"product-{s}x-0").rglob("*.docx"))), None) if s in args.scales else None
        if docx is None:
            continue
        pdfs[s] = time_pdf(docx, work, f"{s}x")
        m = pdfs[s]
        state = "written" if m.code == 0 else f"NOT written (exit {m.code}; see {work / f'pdf-{s}x.log'})"
        print(f"PDF at {s}x: {m.wall:.2f} s wall, {m.cpu:.2f} s CPU, {m.peak_mb:.0f} MB peak, {state}")
    if args.page:
        first = args.scales[0]
        own = [sum(t for k, t in m.steps.items() if k.startswith("  "))  # the report's steps, inside its one
               or sum(t for k, t in m.steps.items() if k != "(whole run)")  # Dagster step (else Dagster's steps)
               for m in results[first]["product"] if not m.note and m.steps]
        runs = time_page(inputs[first], work, args.page)
        pdf = pdfs[first].wall if first in pdfs and pdfs[first].code == 0 else None
        print(page_summary(runs, _median(own) if own else None, pdf))
        page_ratio = page_target_ratio(runs, _median(own) if own else None, pdf)
        if args.json:
            extra_page = [asdict(r) for r in runs]
    else:
        page_ratio = None
    print()
    print(targets(results, page_ratio))
    if args.imports:
        for label, arguments in IMPORT_CASES:
            costs = ", ".join(f"{name} {seconds:.2f}" for name, seconds in import_costs(arguments) if seconds >= 0.01)
            print(f"imports of {label}: {costs or 'nothing above 0.01 s'}")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "sizes": sizes,
                                         "runs": {s: {k: [asdict(m) for m in v] for k, v in r.items()}
                                                  for s, r in results.items()},
                                         "pdf": {s: asdict(m) for s, m in pdfs.items()},
                                         **({"page": extra_page} if args.page else {})}, indent=1))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _sizes_counted_apart(folder: Path) -> tuple[int, int]:
    """_sizes in a process of its own, for the reason given in scaled_inputs."""
    done = subprocess.run([_python(), "-c", "import json, sys; from pathlib import Path; "
                           "from benchmark.__main__ import _sizes; print(json.dumps(_sizes(Path(sys.argv[1]))))",
                           str(folder)], cwd=PROJECT, check=True, capture_output=True, text=True)
    activities, log_rows = json.loads(done.stdout)
    return activities, log_rows


def _sizes(folder: Path) -> tuple[int, int]:
    from python_calamine import CalamineWorkbook

    def count(file: str, sheet: str) -> int:
        rows = CalamineWorkbook.from_path(str(folder / file)).get_sheet_by_name(sheet).to_python(skip_empty_area=True)
        return sum(1 for r in rows[1:] if any(v not in ("", None) for v in r))

    return count("programmes.xlsx", "Activities"), count("meeting_log.xlsx", "Log")


if __name__ == "__main__":
    raise SystemExit(main())
