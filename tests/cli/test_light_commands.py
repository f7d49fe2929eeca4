"""`stc-report --help` and `validate` load no Dagster: only a run needs it (issue 9, part 3).

Each command runs in a process of its own under `python -X importtime`, which lists every
module the process imports; Dagster must not be among them.
"""
from __future__ import annotations

import subprocess
import sys

import dagster as dg

from pipeline import settings as product_settings
from tests.conftest import PROJECT


def imported_modules(*arguments: str, env_home) -> tuple[set[str], subprocess.CompletedProcess]:
    import os

    env = {**os.environ, "DAGSTER_HOME": str(env_home)}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "cli.main", *arguments], cwd=PROJECT,
                          capture_output=True, text=True, timeout=120, env=env)
    modules = {line.split("|")[2].strip() for line in done.stderr.splitlines()
               if line.startswith("import time:") and line.count("|") == 2}
    return modules, done


def dagster_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m == "dagster" or m.startswith(("dagster.", "dagster_")))


def test_help_imports_no_dagster(tmp_path):
    modules, done = imported_modules("--help", env_home=tmp_path / "home")
    assert done.returncode == 0 and "stc-report" in done.stdout, done.stderr[-2000:]
    assert "pipeline.settings" in modules  # the listing is real: our own module is in it
    assert dagster_in(modules) == []


def test_validate_imports_no_dagster(tmp_path):
    modules, done = imported_modules("validate", "--outputs", str(tmp_path / "out"), env_home=tmp_path / "home")
    assert done.returncode == 0 and "usable" in done.stdout, done.stderr[-2000:]
    assert dagster_in(modules) == []


def test_the_dagster_resource_takes_its_folders_from_the_same_place(monkeypatch, tmp_path):
    from assets.resources import report_settings

    assert product_settings.PROJECT_ROOT == PROJECT
    monkeypatch.delenv("STC_INPUTS_DIR", raising=False)
    monkeypatch.setenv("STC_OUTPUTS_DIR", str(tmp_path))
    resource = report_settings()
    assert resource.inputs_dir == str(product_settings.folder("STC_INPUTS_DIR")) == str(PROJECT / "inputs")
    assert resource.outputs_dir == dg.EnvVar("STC_OUTPUTS_DIR")  # read through Dagster, shown so in its UI
    assert resource.process_config_and_initialize().outputs_dir == str(tmp_path)
