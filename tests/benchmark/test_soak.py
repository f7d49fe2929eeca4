"""The soak test's short version (benchmark/soak.py): `stc-report up` under two minutes of mixed
load (list pages, downloads, status at a glance, uploads, 3 reports, 1 monthly refresh) ends with
every report checked, nothing left behind, and a summary that names each kind of process."""
from __future__ import annotations

import subprocess
import sys

import pytest

from benchmark.soak import KINDS
from tests.conftest import PROJECT

pytestmark = pytest.mark.integration


def test_two_minutes_of_mixed_load_end_clean_with_each_process_kind_in_the_summary():
    done = subprocess.run([sys.executable, "-m", "benchmark.soak", "--minutes", "2", "--runs", "3", "--refreshes", "1"],
                          cwd=PROJECT, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    summary = done.stdout.split("Soak test:", 1)[1]
    for kind in KINDS:
        assert f"\n{kind} " in summary, (kind, summary)
    assert "reports made: 3 of 3 asked" in summary
    assert "failures: 0" in summary
