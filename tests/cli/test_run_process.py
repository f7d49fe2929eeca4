"""`stc-report run` as staff start it, a process of its own: what it prints, its exit code and the run it
records, with the process ended early (cli/main.py, `_end_process`), and where its CPU went when asked
(STC_TIMING=1, cli/timing.py). Nothing here is timed against a limit: the figures are only checked to add up."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from assets.runner import OWN_STEP, RUN_MACHINERY
from benchmark.__main__ import BREAKDOWN, EXIT, breakdown
from pipeline.publish.report_steps import STEPS
from tests.conftest import BUNDLED_INPUTS

STC_REPORT = Path(sys.executable).parent / "stc-report"


def _run(tmp_path: Path, *arguments: str, timing: bool = False) -> tuple[subprocess.CompletedProcess, Path]:
    home = tmp_path / "home"
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    env.pop("STC_TIMING", None)
    if timing:
        env["STC_TIMING"] = "1"
    done = subprocess.run([str(STC_REPORT), *arguments], capture_output=True, text=True, env=env, timeout=300)
    return done, home


def _timing_lines(stderr: str) -> list[tuple[str, float, float]]:
    return [(f[1], float(f[2]), float(f[3])) for f in (line.split("\t") for line in stderr.splitlines())
            if len(f) == 4 and f[0] == "STC_TIMING"]


def test_a_run_prints_everything_exits_0_and_is_in_the_history_with_its_cpu_by_part(tmp_path):
    done, home = _run(tmp_path, "run", "--meeting", "StC38", "--no-pdf", "--inputs", str(BUNDLED_INPUTS),
                      "--outputs", str(tmp_path / "out"), timing=True)
    assert done.returncode == 0, done.stderr
    # the output is all there although the process ends without the interpreter's shutdown (a pipe: block-buffered)
    assert "  done   published_report" in done.stdout
    assert done.stdout.rstrip().endswith("No PDF: not asked for (the run was started without the PDF)")
    docx = next((tmp_path / "out").rglob("*.docx"))
    assert str(docx) in done.stdout
    with dg.DagsterInstance.from_config(str(home)) as instance:  # recorded in the instance's history
        [record] = instance.get_run_records()
        assert record.dagster_run.status == dg.DagsterRunStatus.SUCCESS
        assert record.dagster_run.tags["started_from"] == "command line"
        assert record.dagster_run.run_id in done.stdout
    parts = _timing_lines(done.stderr)
    names = [name for name, _, _ in parts]
    assert names[0] == "interpreter start-up"
    for expected in ("imports: pandas, pandera and the pipeline", "imports: Dagster and the report's definitions",
                     "opening the instance", RUN_MACHINERY, "the command line after the run"):
        assert expected in names
    assert [n for n in names if n.startswith(OWN_STEP)] == [f"{OWN_STEP} {key}" for key, _ in STEPS]
    assert all(cpu >= 0 and wall >= 0 for _, cpu, wall in parts)
    grouped = breakdown(done.stderr, total_cpu=sum(cpu for _, cpu, _ in parts) + 0.5)
    assert set(grouped) == {label for label, _ in BREAKDOWN} | {EXIT}  # every part falls in a group
    assert grouped[EXIT] == pytest.approx(0.5)


def test_without_stc_timing_nothing_is_printed_and_a_refusal_still_says_why(tmp_path):
    done, _ = _run(tmp_path, "run", "--meeting", "StC38", "--inputs", str(tmp_path / "missing"),
                   "--outputs", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "The inputs folder" in done.stderr and "does not exist" in done.stderr
    assert "STC_TIMING" not in done.stderr


def test_the_breakdown_groups_the_parts_and_leaves_the_rest_to_the_exit():
    text = "\n".join(["report line", "STC_TIMING\tinterpreter start-up\t0.0300\t0.0000",
                      "STC_TIMING\topening the instance\t0.3000\t0.3100",
                      f"STC_TIMING\t{RUN_MACHINERY}\t0.2000\t0.2500",
                      f"STC_TIMING\t{OWN_STEP} word_document\t0.1500\t0.1600",
                      f"STC_TIMING\t{OWN_STEP} excel_workbook\t0.2000\t0.2100",
                      f"STC_TIMING\t{RUN_MACHINERY}\t0.1000\t0.1000"])
    parts = breakdown(text, total_cpu=1.08)
    assert parts["the report's own steps"] == pytest.approx(0.35)
    assert parts["Dagster's run machinery and its events"] == pytest.approx(0.30)
    assert parts[EXIT] == pytest.approx(0.10)
    assert breakdown("no timing here", 2.0) == {}


def test_the_command_ends_its_process_itself_only_when_it_is_the_program(tmp_path, monkeypatch):
    import atexit

    from cli import main as cli_main

    ended: list = []
    monkeypatch.setattr(cli_main.os, "_exit", lambda code: ended.append(code))
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: ended.append("atexit functions"))
    arguments = ["run", "--meeting", "StC38", "--inputs", str(tmp_path / "missing"), "--outputs", str(tmp_path)]
    monkeypatch.setattr(sys, "argv", ["stc-report", *arguments])
    assert cli_main.main() == 2  # as the program: the atexit functions, then the exit with the command's code
    assert ended == ["atexit functions", 2]
    ended.clear()
    assert cli_main.main(arguments) == 2  # called by other code: returns, its caller goes on
    assert cli_main.main(["template", str(tmp_path / "blank")]) == 0
    assert ended == []


def test_the_benchmark_prints_the_cpu_by_part_at_each_scale_and_the_earlier_code_beside_it():
    from benchmark.__main__ import Measure, summarise

    def product(total: float, steps: float) -> Measure:
        parts = {"importing Dagster and the report's definitions": 0.4, "the report's own steps": steps}
        return Measure(total + 1, total, 190, 0, cpu_parts={**parts, EXIT: total - sum(parts.values())})

    floor = Measure(0.4, 0.3, 55, 0)
    results = {1: {"floor": [floor], "product": [product(2.0, 0.4)], "before": [product(2.4, 0.4)]},
               10: {"floor": [floor], "product": [product(3.0, 1.0)], "before": []}}
    text = summarise(results, {1: (43, 35), 10: (430, 350)}, verbose=False)
    lines = text.splitlines()
    mine = next(i for i, line in enumerate(lines) if line.startswith("CPU of the product by part"))
    assert "1x" in lines[mine + 1] and "10x" in lines[mine + 1]
    steps = next(line for line in lines[mine:] if line.startswith("the report's own steps"))
    assert "0.40 ( 20%)" in steps and "1.00 ( 33%)" in steps
    assert next(line for line in lines[mine:] if line.startswith("product, whole process")).split()[3:5] == ["2.00", "3.00"]
    earlier = lines.index("The earlier code (--before), same rounds:")
    assert next(line for line in lines[earlier:] if line.startswith(EXIT)).split()[4] == "1.60"
