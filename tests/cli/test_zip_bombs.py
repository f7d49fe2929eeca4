"""A zip bomb given to the command line is refused with a plain message and exit code 1, and the
refusing process stays small: its peak memory (ru_maxrss, measured in a process of its own) is
far below 300 MB, where unpacking the bomb took 2.9 GB."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT
from tests.zip_bombs import write_bomb, xlsx_bomb

LIMIT_MB = 300
# Runs the command in a child and prints its exit code, its output and its peak memory: the
# child is the only process this one waits for, so RUSAGE_CHILDREN is the command's own peak.
MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"code": done.returncode, "out": done.stdout, "err": done.stderr, "peak_mb": peak_mb}))
"""


def measured(*args: str, home: Path) -> dict:
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "cli.main", *args],
                          cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {"docx": write_bomb(folder / "programme.docx"),  # word/document.xml: 1.1 GB, 5 MB on disk
            "xlsx": xlsx_bomb(PROJECT / "inputs" / "meeting_log.xlsx", folder / "meeting_log.xlsx")}


def test_import_programme_refuses_a_docx_bomb_in_little_memory(bombs, tmp_path):
    result = measured("import-programme", str(bombs["docx"]), "--programme", "JWP X", home=tmp_path / "home")
    assert result["code"] == 1 and result["out"] == ""
    assert result["err"].startswith(f"{bombs['docx']} was not opened: its part word/document.xml would unpack "
                                    f"to 1,100 MB, more than the 100 MB a part may.")
    assert "Traceback" not in result["err"]
    assert not list(bombs["docx"].parent.glob("*-programme.xlsx"))  # nothing written
    assert result["peak_mb"] < LIMIT_MB, result


def test_validate_refuses_an_xlsx_bomb_in_the_inputs_in_little_memory(bombs, inputs_copy, tmp_path):
    (inputs_copy / "meeting_log.xlsx").write_bytes(bombs["xlsx"].read_bytes())
    result = measured("validate", "--inputs", str(inputs_copy), home=tmp_path / "home")
    assert result["code"] == 1 and result["out"] == ""
    assert "meeting_log.xlsx was not opened: its part xl/worksheets/sheet1.xml would unpack to 1,100 MB" \
        in result["err"]
    assert "Traceback" not in result["err"]
    assert result["peak_mb"] < LIMIT_MB, result
