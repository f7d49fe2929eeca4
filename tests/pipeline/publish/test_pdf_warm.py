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


def _stand_ins(monkeypatch) -> None:
    """The stand-in listener and client for LibreOffice; the cold path writes 'cold'."""
    monkeypatch.setattr(pdf_warm, "listener_command", fake_listener)
    monkeypatch.setattr(pdf, "find_soffice", lambda: "/bin/sh")
    monkeypatch.setattr(pdf, "soffice_command", cold_writes("cold"))
    monkeypatch.setattr(pdf_warm, "client_command", fake_client(WRITE_WARM))


@pytest.fixture
def warm(monkeypatch, tmp_path):
    """A kept-warm server (the stand-in listener) named by STC_PDF_SERVER; the cold path writes 'cold'."""
    _stand_ins(monkeypatch)
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


@pytest.fixture
def keeper(monkeypatch, tmp_path):
    """Start kept-warm servers (the stand-in listener) with given bounds; each named by STC_PDF_SERVER."""
    _stand_ins(monkeypatch)
    started = []

    def start(check_s=0.2, **bounds):
        server = pdf_warm.WarmServer(tmp_path / f"warm{len(started)}", "/bin/sh", sys.executable, check_s, **bounds)
        server.start()
        started.append(server)
        monkeypatch.setenv("STC_PDF_SERVER", str(server.folder))
        assert wait_for(lambda: listening(server))
        return server

    yield start
    for server in started:
        server.stop()


def listening(server) -> bool:
    current = state(server.folder)
    return current["pid"] == server.process.pid and pdf_warm._listening(current["port"])


def test_after_its_conversions_it_is_replaced_by_a_fresh_one_that_converts(keeper, docx, tmp_path):
    server = keeper(restart_after=3, memory_mb=0)
    first = server.process.pid
    made = [pdf.convert_to_pdf(docx, tmp_path / f"out{i}").read_text() for i in range(3)]
    assert made == ["%PDF warm"] * 3 and pdf_warm.conversions(server.folder, first) == 3
    assert wait_for(lambda: server.process.pid != first and listening(server))
    assert not alive(first) and server.restarts == ["conversions"]
    assert pdf.convert_to_pdf(docx, tmp_path / "next").read_text() == "%PDF warm"
    assert pdf_warm.conversions(server.folder, server.process.pid) == 1
    assert not (server.folder / f"{pdf_warm.COUNT}{first}").exists()


def test_once_it_has_made_its_conversions_runs_convert_cold_until_it_is_replaced(keeper, docx, tmp_path):
    server = keeper(check_s=600, restart_after=2, memory_mb=0)  # the keeper does not look during the test
    made = [pdf.convert_to_pdf(docx, tmp_path / f"out{i}").read_text() for i in range(3)]
    assert made == ["%PDF warm", "%PDF warm", "%PDF cold"]


def test_conversions_are_counted_across_processes(keeper, docx, tmp_path):
    """The runs are other processes than the keeper: a conversion made by another process counts."""
    server = keeper(restart_after=0, memory_mb=0)
    script = ("import sys\nfrom pathlib import Path\nfrom pipeline.publish import pdf, pdf_warm\n"
              "pdf.find_soffice = lambda: '/bin/sh'\n"
              f"pdf_warm.client_command = lambda p, port, docx, out: [sys.executable, '-c', "
              f"'import sys; open(sys.argv[1], \"w\").write(\"%PDF warm\")', str(out)]\n"
              "print(pdf.convert_to_pdf(Path(sys.argv[1]), Path(sys.argv[2])).read_text())\n")
    for i in range(2):
        run = subprocess.run([sys.executable, "-c", script, str(docx), str(tmp_path / f"out{i}")], cwd=PROJECT,
                             env={**os.environ}, capture_output=True, text=True, check=True)
        assert run.stdout.strip() == "%PDF warm"
    assert pdf_warm.conversions(server.folder, server.process.pid) == 2


def test_a_replacement_waits_for_the_conversion_under_way(keeper, docx, tmp_path, monkeypatch):
    go = tmp_path / "go"
    monkeypatch.setattr(pdf_warm, "client_command", fake_client(
        f"while not os.path.exists({str(go)!r}): time.sleep(0.02)\n{WRITE_WARM}"))
    server = keeper(restart_after=0, memory_mb=100_000)
    first = server.process.pid
    made: list[str] = []
    run = threading.Thread(target=lambda: made.append(pdf.convert_to_pdf(docx, tmp_path / "out").read_text()))
    run.start()
    assert wait_for(lambda: _lock_held(server.folder))  # the conversion is under way
    server.memory_mb = 1  # now over its bound: due for replacement
    assert wait_for(lambda: server.waiting_for_lock)
    assert server.process.pid == first and alive(first) and state(server.folder)["retiring"]
    assert pdf.convert_to_pdf(docx, tmp_path / "meanwhile").read_text() == "%PDF cold"
    go.touch()  # the conversion under way ends ...
    run.join(timeout=20)
    assert made == ["%PDF warm"]  # ... with its PDF from the LibreOffice it began with
    assert wait_for(lambda: server.process.pid != first)  # and only then is it replaced
    assert not alive(first) and server.restarts[0] == "memory"


def _lock_held(folder: Path) -> bool:
    probe = os.open(folder / pdf_warm.BUSY, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except OSError:
        return True
    finally:
        os.close(probe)


BIG_LISTENER = "import sys\nheld = b'x' * (60 * 1024 * 1024)\n" + LISTENER


def test_over_its_memory_bound_it_is_replaced(keeper, monkeypatch, docx, tmp_path):
    monkeypatch.setattr(pdf_warm, "listener_command",
                        lambda soffice, profile, port: [sys.executable, "-c", BIG_LISTENER, str(port), "--accept="])
    under = keeper(restart_after=0, memory_mb=500)
    assert pdf_warm.tree_memory_mb(under.process.pid) >= 60  # the listener's memory, read from /proc
    first = under.process.pid
    assert wait_for(lambda: under.checks >= 3)
    assert under.process.pid == first and under.restarts == []  # under its bound: kept
    over = keeper(restart_after=0, memory_mb=40)
    first = over.process.pid
    assert wait_for(lambda: over.process.pid != first and listening(over))
    assert not alive(first) and "memory" in over.restarts
    assert pdf.convert_to_pdf(docx, tmp_path / "out").read_text() in ("%PDF warm", "%PDF cold")


def test_the_bounds_are_settings(monkeypatch, tmp_path):
    from pipeline import settings

    monkeypatch.setenv(settings.PDF_WARM_RESTART_AFTER, "7")
    monkeypatch.setenv(settings.PDF_WARM_MEMORY, "0")
    server = pdf_warm.WarmServer(tmp_path, "/bin/sh", sys.executable)
    assert (server.restart_after, server.memory_mb) == (7, 0)
    monkeypatch.delenv(settings.PDF_WARM_RESTART_AFTER)
    monkeypatch.delenv(settings.PDF_WARM_MEMORY)
    assert pdf_warm.WarmServer(tmp_path, "/bin/sh", sys.executable).restart_after == \
        settings.DEFAULT_PDF_WARM_RESTART_AFTER
    for wrong in ("-1", "many"):
        monkeypatch.setenv(settings.PDF_WARM_MEMORY, wrong)
        with pytest.raises(settings.SettingError, match="STC_PDF_WARM_MEMORY_MB"):
            pdf_warm.WarmServer(tmp_path, "/bin/sh", sys.executable)


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


@pytest.mark.integration
@pytest.mark.skipif(not pdf.libreoffice_available() or not _uno_python(),
                    reason="LibreOffice and python3-uno are not both installed")
def test_the_real_warm_libreoffice_is_replaced_after_its_conversions_and_the_fresh_one_converts(tmp_path):
    from pipeline.word.document import write_docx
    from tests.pipeline.word.test_document import NARRATIVE, TEMPLATE, make_report

    docx = write_docx(make_report(), tmp_path / "UNEP-CMS-StC38-Doc3.docx", TEMPLATE, NARRATIVE)
    soffice = pdf.find_soffice()
    server = pdf_warm.WarmServer(tmp_path / "warm", soffice, _uno_python(), check_s=0.5, restart_after=1, memory_mb=0)
    server.start()
    try:
        pids = []
        for i in range(2):
            assert wait_for(lambda: state(server.folder).get("pid") == server.process.pid
                            and not state(server.folder).get("retiring")
                            and pdf_warm._listening(state(server.folder)["port"]), 60)
            pids.append(server.process.pid)
            assert pdf_warm.tree_memory_mb(pids[-1]) > 20  # LibreOffice's processes (soffice.bin), from /proc
            made = tmp_path / f"made{i}.pdf"
            assert pdf_warm.convert_warm(server.folder, docx, made, tmp_path / f"work{i}", 120)
            assert made.read_bytes().startswith(b"%PDF")
            assert wait_for(lambda: server.process.pid != pids[-1], 60)  # replaced after its one conversion
        assert len(set(pids)) == 2 and not alive(pids[0])
    finally:
        server.stop()
