"""The staff page (`stc-report serve`, a process of its own) refuses a zip bomb uploaded to "Import a
work programme from Word" without unpacking it, stays small, runs under its own memory bound, and
goes on serving."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from html import unescape
from pathlib import Path

import pytest
import requests

from pipeline import settings
from tests.conftest import PROJECT
from tests.portal.conftest import form_key, free_port
from tests.zip_bombs import write_bomb


def _status(pid: int, field: str) -> int:
    """A /proc/<pid>/status figure in kB (VmHWM: the peak resident memory)."""
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", text, re.M).group(1))


def _address_space_limit(pid: int) -> str:
    line = next(li for li in Path(f"/proc/{pid}/limits").read_text().splitlines()
                if li.startswith("Max address space"))
    return line.split()[3]  # the soft limit, in bytes


@pytest.fixture
def page(tmp_path):
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "home"), settings.PORTAL_MEMORY: "1024"}
    env.pop(settings.PORTAL_TOKEN, None)
    process = subprocess.Popen([sys.executable, "-m", "cli.main", "serve", "--port", str(port), "--outputs",
                                str(tmp_path / "outputs"), "--dagster-url", "http://127.0.0.1:9"],
                               cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(url + "/", timeout=5).ok:
                break
        except requests.RequestException:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the page did not start: {process.stderr.read().decode()}")
        time.sleep(0.3)
    yield url, process.pid
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_a_docx_bomb_upload_is_refused_in_little_memory_and_the_page_goes_on(page, tmp_path):
    url, pid = page
    assert _address_space_limit(pid) == str(1024 * 1024 * 1024)  # STC_PORTAL_MEMORY_MB=1024
    bomb = write_bomb(tmp_path / "JWP bomb.docx")  # 5 MB uploaded, 1.1 GB once unpacked
    for _ in range(3):
        answer = requests.post(url + "/imports", data={"form_key": form_key(url), "programme": "JWP X"},
                               files={"document": ("JWP bomb.docx", bomb.read_bytes(), "application/octet-stream")},
                               timeout=120)
        assert answer.status_code == 400
        assert ("JWP bomb.docx was not opened: its part word/document.xml would unpack to 1,100 MB, more than the "
                "100 MB a part may.") in unescape(answer.text)
    assert not (tmp_path / "outputs" / "imports").exists() or not any((tmp_path / "outputs" / "imports").iterdir())
    assert _status(pid, "VmHWM") < 300 * 1024  # the page's peak, in kB
    assert requests.get(url + "/", timeout=30).ok


def test_the_memory_bound_is_a_setting_checked_before_the_page_starts(monkeypatch, capsys):
    from cli.main import main

    monkeypatch.setenv(settings.PORTAL_MEMORY, "lots")
    assert main(["serve", "--port", str(free_port())]) == 2
    assert "STC_PORTAL_MEMORY_MB is 'lots'; a whole number of megabytes is expected (default 2048)." \
        in capsys.readouterr().err
    assert settings.portal_memory_mb({}) == settings.DEFAULT_PORTAL_MEMORY_MB
    assert settings.portal_memory_mb({settings.PORTAL_MEMORY: "0"}) == 0
