"""The LibreOffice kept warm (pipeline/publish/pdf_warm.py) keeps the cold path's guards.

Most tests stand a small listener in for LibreOffice and a script in for the UNO client, so they
run without LibreOffice; the last one converts with the real one when the machine has it.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.publish import pdf, pdf_warm
from assets import code_server
from assets.code_server import start_warm_libreoffice

PROJECT = Path(__file__).parents[3]
LISTENER = ("import socket, sys, time\n"
            "s = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen()\n"
            "time.sleep(600)\n")


def fake_listener(soffice, profile, port):
    return [sys.executable, "-c", LISTENER, str(port), "--accept=socket,host=127.0.0.1"]


def fake_client(script: str):
    """A stand-in for pdf_uno_client.py: `script` runs with PDF as the path to write."""
    return lambda python, port, docx, out: [sys.executable, "-c", f"import sys, time, os\nPDF = sys.argv[1]\n{script}",
                                            str(out)]


WRITE_WARM = "open(PDF, 'w').write('%PDF warm')"


def cold_writes(label: str):
    return lambda soffice, profile, out_dir, docx: [
        "/bin/sh", "-c", f"printf '%%PDF {label}' > '{out_dir}/{Path(docx).stem}.pdf'"]


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def state(folder: Path) -> dict:
    return json.loads((folder / pdf_warm.STATE).read_text())


@pytest.fixture
def docx(tmp_path) -> Path:
    path = tmp_path / "report.docx"
    path.write_bytes(b"docx")
    return path


@pytest.fixture
def warm(monkeypatch, tmp_path):
    """A kept-warm server (the stand-in listener) named by STC_PDF_SERVER; the cold path writes 'cold'."""
    monkeypatch.setattr(pdf_warm, "listener_command", fake_listener)
    monkeypatch.setattr(pdf, "find_soffice", lambda: "/bin/sh")
    monkeypatch.setattr(pdf, "soffice_command", cold_writes("cold"))
    monkeypatch.setattr(pdf_warm, "client_command", fake_client(WRITE_WARM))
    server = pdf_warm.WarmServer(tmp_path / "warm", "/bin/sh", sys.executable, check_s=0.2)
    server.start()
    monkeypatch.setenv("STC_PDF_SERVER", str(server.folder))
    assert wait_for(lambda: pdf_warm._listening(state(server.folder)["port"]))
    yield server
    server.stop()


def test_a_free_warm_libreoffice_makes_the_pdf(warm, docx, tmp_path):
    made = pdf.convert_to_pdf(docx, tmp_path / "out")
    assert made.read_text() == "%PDF warm"
    assert not list(Path(p) for p in os.listdir(tmp_path / "out") if p != "report.pdf")


def test_without_the_setting_the_conversion_is_cold(warm, docx, tmp_path, monkeypatch):
    monkeypatch.delenv("STC_PDF_SERVER")
    assert pdf.convert_to_pdf(docx, tmp_path / "out").read_text() == "%PDF cold"


def test_a_run_finding_it_busy_converts_cold_and_never_shares_it(warm, docx, tmp_path):
    held = os.open(warm.folder / pdf_warm.BUSY, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another run is converting
        assert pdf.convert_to_pdf(docx, tmp_path / "out").read_text() == "%PDF cold"
    finally:
        os.close(held)
    assert pdf.convert_to_pdf(docx, tmp_path / "again").read_text() == "%PDF warm"


def test_runs_at_once_never_use_it_together(warm, docx, tmp_path, monkeypatch):
    """Four conversions at once: the warm one is never used by two (an exclusive marker while in use)."""
    marker = tmp_path / "in-use"
    monkeypatch.setattr(pdf_warm, "client_command", fake_client(
        f"try:\n    os.close(os.open({str(marker)!r}, os.O_CREAT | os.O_EXCL))\n"  # fails if another client is inside
        f"except FileExistsError:\n    open(PDF, 'w').write('%PDF shared'); sys.exit(0)\n"
        f"time.sleep(0.5); os.remove({str(marker)!r}); {WRITE_WARM}"))
    made: list[str] = []
    threads = [threading.Thread(target=lambda i=i: made.append(
        pdf.convert_to_pdf(docx, tmp_path / f"out{i}").read_text())) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 4 and set(made) <= {"%PDF warm", "%PDF cold"}  # never "%PDF shared"
    assert "%PDF cold" in made  # the ones that found it busy did not wait for it or share it


def test_a_dead_warm_libreoffice_falls_back_to_the_cold_path(monkeypatch, warm, docx, tmp_path):
    warm._stopping.set()  # the keeper does not restart it during this test
    os.killpg(warm.process.pid, signal.SIGKILL)
    warm.process.wait()
    assert pdf.convert_to_pdf(docx, tmp_path / "out").read_text() == "%PDF cold"


def test_no_warm_libreoffice_named_or_its_folder_empty_means_cold(monkeypatch, docx, tmp_path):
    monkeypatch.setattr(pdf, "find_soffice", lambda: "/bin/sh")
    monkeypatch.setattr(pdf, "soffice_command", cold_writes("cold"))
    monkeypatch.setenv("STC_PDF_SERVER", str(tmp_path / "nothing-here"))
    assert pdf.convert_to_pdf(docx, tmp_path / "out").read_text() == "%PDF cold"


@pytest.mark.parametrize("script", ["sys.exit(75)", "print('broke'); sys.exit(1)", "sys.exit(0)"])
def test_a_client_that_cannot_make_it_leaves_it_to_the_cold_path(monkeypatch, warm, docx, tmp_path, script):
    monkeypatch.setattr(pdf_warm, "client_command", fake_client(script))
    assert pdf.convert_to_pdf(docx, tmp_path / "out").read_text() == "%PDF cold"


def test_a_hung_warm_conversion_is_stopped_and_a_fresh_libreoffice_started(monkeypatch, warm, docx, tmp_path):
    monkeypatch.setattr(pdf_warm, "client_command", fake_client("time.sleep(60)"))
    first = state(warm.folder)["pid"]
    with pytest.raises(pdf.PdfConversionError, match="did not finish the PDF within 1 seconds"):
        pdf.convert_to_pdf(docx, tmp_path / "out", timeout_s=1)
    assert wait_for(lambda: not alive(first))  # the hung LibreOffice is killed ...
    assert wait_for(lambda: state(warm.folder)["pid"] != first and alive(state(warm.folder)["pid"]))  # ... and replaced
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_a_killed_run_kills_its_warm_conversion(warm, tmp_path):
    """SIGKILL of the run mid-conversion: the client and the warm LibreOffice die with it, the lock is free."""
    client_pid = tmp_path / "client.pid"
    client = f"import os, time; open({str(client_pid)!r}, 'w').write(str(os.getpid())); time.sleep(120)"
    script = (
        "import sys\nfrom pathlib import Path\nfrom pipeline.publish import pdf, pdf_warm\n"
        "pdf.find_soffice = lambda: '/bin/sh'\n"
        f"pdf_warm.client_command = lambda *a: [sys.executable, '-c', {client!r}]\n"
        "docx = Path(sys.argv[1]); docx.write_bytes(b'x')\n"
        "pdf.convert_to_pdf(docx, docx.parent / 'out')\n")
    server = state(warm.folder)["pid"]
    warm._stopping.set()  # see the kill, not the keeper's replacement
    run = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "x.docx")], cwd=PROJECT,
                           env={**os.environ, "STC_PDF_SERVER": str(warm.folder)})
    assert wait_for(lambda: client_pid.exists() and client_pid.read_text())
    client = int(client_pid.read_text())
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert wait_for(lambda: not alive(client) and not alive(server))
    held = os.open(warm.folder / pdf_warm.BUSY, os.O_RDWR)
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if still held
    finally:
        os.close(held)


def test_the_keeper_stops_it_and_dies_with_it(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf_warm, "listener_command", fake_listener)
    server = pdf_warm.WarmServer(tmp_path / "warm", "/bin/sh", sys.executable)
    server.start()
    pid = server.process.pid
    assert wait_for(lambda: pdf_warm._listening(state(server.folder)["port"]))
    server.stop()
    assert not alive(pid) and not (server.folder / pdf_warm.STATE).exists()


def test_the_code_server_names_it_to_the_runs_unless_turned_off(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf_warm, "listener_command", fake_listener)
    monkeypatch.setattr(pdf_warm, "uno_python", lambda soffice: sys.executable)
    monkeypatch.setattr(code_server, "find_soffice", lambda: "/bin/sh")
    env = {"STC_PDF_SERVER": "off"}
    assert start_warm_libreoffice(tmp_path, env) is None and "STC_PDF_SERVER" not in env
    env = {}
    server = start_warm_libreoffice(tmp_path, env)
    try:
        assert env["STC_PDF_SERVER"] == str(tmp_path / "libreoffice-warm")
    finally:
        server.stop()
    monkeypatch.setattr(pdf_warm, "uno_python", lambda soffice: None)  # no Python with uno: cold only
    env = {"STC_PDF_SERVER": "/somewhere"}
    assert start_warm_libreoffice(tmp_path, env) is None and "STC_PDF_SERVER" not in env


def _uno_python() -> str | None:
    soffice = pdf.find_soffice()
    return pdf_warm.uno_python(soffice) if soffice else None


@pytest.mark.integration
@pytest.mark.skipif(not shutil.which("pdftotext") or not pdf.libreoffice_available() or not _uno_python(),
                    reason="LibreOffice, python3-uno and poppler-utils are not all installed")
def test_the_real_warm_libreoffice_writes_the_same_pdf_as_the_cold_one(monkeypatch, tmp_path):
    from pipeline.word.document import write_docx
    from tests.pipeline.word.test_document import NARRATIVE, TEMPLATE, make_report

    docx = write_docx(make_report(), tmp_path / "UNEP-CMS-StC38-Doc3.docx", TEMPLATE, NARRATIVE)
    cold = pdf.convert_to_pdf(docx, tmp_path / "cold")
    server = pdf_warm.WarmServer.for_machine(tmp_path / "warm", pdf.find_soffice())
    server.start()
    try:
        assert wait_for(lambda: pdf_warm._listening(state(server.folder)["port"]), 60)
        made = tmp_path / "warm-out" / "made.pdf"
        made.parent.mkdir()
        assert pdf_warm.convert_warm(server.folder, docx, made, tmp_path / "work", 120)
        text = [subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True, check=True).stdout
                for p in (cold, made)]
        assert text[0] == text[1] and "Standing Committee" in text[0]
    finally:
        server.stop()
