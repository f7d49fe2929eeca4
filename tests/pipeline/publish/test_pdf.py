"""The PDF through LibreOffice: real conversion where installed, a fake slow converter always."""
from __future__ import annotations

import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pipeline.publish import pdf
from pipeline.word.document import write_docx
from tests.pipeline.word.test_document import NARRATIVE, TEMPLATE, make_report

needs_libreoffice = pytest.mark.skipif(not pdf.libreoffice_available() or not shutil.which("pdftotext"),
                                       reason="LibreOffice and poppler-utils are not installed")


@pytest.fixture(scope="module")
def report_docx(tmp_path_factory) -> Path:
    return write_docx(make_report(), tmp_path_factory.mktemp("pdf") / "UNEP-CMS-StC38-Doc3.docx",
                      TEMPLATE, NARRATIVE)


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def living_members(group: int) -> list[int]:
    """Processes of a process group that still run (zombies awaiting their reaper do not)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def page_text(path: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


@pytest.mark.integration
@needs_libreoffice
def test_converts_the_report(report_docx, tmp_path):
    made = pdf.convert_to_pdf(report_docx, tmp_path / "out")
    assert made == tmp_path / "out" / "UNEP-CMS-StC38-Doc3.pdf" and made.is_file()
    count = pages(made)
    assert count > 3
    first, second = page_text(made, 1), page_text(made, 2)
    assert "CONVENTION ON MIGRATORY SPECIES" in first and "UNEP/CMS/StC38/Doc.3" in first
    assert "COOPERATION BETWEEN CMS AND CITES" in first
    assert "UNEP/CMS/StC38/Doc.3" in second  # the running header, from page 2 on
    last = page_text(made, count)
    assert "Description of envisaged joint activities" in last  # Annex 2, its header row repeated
    assert str(count) in last.split()  # page number in the footer
    assert not list((tmp_path / "out").glob("*.partial"))


@pytest.mark.integration
@needs_libreoffice
def test_two_conversions_at_once_do_not_collide(report_docx, tmp_path):
    with ThreadPoolExecutor(2) as pool:
        made = list(pool.map(lambda n: pdf.convert_to_pdf(report_docx, tmp_path / f"run{n}"), (1, 2)))
    assert all(p is not None and p.stat().st_size > 0 for p in made)


def test_without_libreoffice_there_is_no_pdf(monkeypatch, report_docx, tmp_path):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    assert not pdf.libreoffice_available()
    assert pdf.convert_to_pdf(report_docx, tmp_path) is None
    assert not list(tmp_path.iterdir())
    assert "LibreOffice is not installed" in pdf.NO_LIBREOFFICE


def test_a_hung_converter_is_stopped_with_its_children(monkeypatch, report_docx, tmp_path):
    pid_file = tmp_path / "pid"
    monkeypatch.setattr(pdf, "find_soffice", lambda: "/bin/sh")
    monkeypatch.setattr(pdf, "soffice_command", lambda *args: [
        "/bin/sh", "-c", f"sleep 60 & echo $$ $! > {pid_file}; sleep 60"])
    started = time.monotonic()
    with pytest.raises(pdf.PdfConversionError, match="did not finish the PDF within 1 seconds"):
        pdf.convert_to_pdf(report_docx, tmp_path / "out", timeout_s=1)
    assert time.monotonic() - started < 15
    shell, background = (int(p) for p in pid_file.read_text().split())
    group = int(Path(f"/proc/{shell}/stat").read_text().rsplit(")", 1)[1].split()[2]) \
        if Path(f"/proc/{shell}/stat").exists() else None
    time.sleep(0.2)
    for pid in (shell, background):  # the shell and its background sleep are gone
        stat = Path(f"/proc/{pid}/stat")
        assert not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"
    assert group is None or not living_members(group)
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_a_failing_converter_is_reported(monkeypatch, report_docx, tmp_path):
    monkeypatch.setattr(pdf, "find_soffice", lambda: "/bin/sh")
    monkeypatch.setattr(pdf, "soffice_command", lambda *args: ["/bin/sh", "-c", "echo broken; exit 3"])
    with pytest.raises(pdf.PdfConversionError, match=r"exit code 3\): broken"):
        pdf.convert_to_pdf(report_docx, tmp_path)


def test_a_converter_that_writes_nothing_is_reported(monkeypatch, report_docx, tmp_path):
    monkeypatch.setattr(pdf, "find_soffice", lambda: "/bin/sh")
    monkeypatch.setattr(pdf, "soffice_command", lambda *args: ["/bin/sh", "-c", "exit 0"])
    with pytest.raises(pdf.PdfConversionError, match="without writing a PDF"):
        pdf.convert_to_pdf(report_docx, tmp_path)


def test_each_conversion_has_its_own_profile(tmp_path):
    a = pdf.soffice_command("soffice", tmp_path / "p1", tmp_path, tmp_path / "x.docx")
    assert "--headless" in a and "--norestore" in a
    assert f"-env:UserInstallation={(tmp_path / 'p1').resolve().as_uri()}" in a


def test_the_converter_dies_with_the_run_that_started_it(tmp_path):
    """SIGKILL of the run's process: its guard kills the converter and what it forked, and removes
    the temporary profile, as for LibreOffice's soffice -> oosplash -> soffice.bin."""
    import signal
    import sys

    pids, shell = tmp_path / "pids", tmp_path / "shell"
    script = (
        "import sys\nfrom pathlib import Path\nfrom pipeline.publish import pdf\n"
        "pdf.find_soffice = lambda: '/bin/sh'\n"
        f"pdf.soffice_command = lambda s, profile, o, d: ['/bin/sh', '-c', "
        f"'mkdir -p ' + str(profile) + '; echo $$ > {shell}; (sleep 120 & echo $! >> {pids}; wait) & "
        f"echo $! >> {pids}; sleep 120']\n"
        "docx = Path(sys.argv[1]); docx.write_bytes(b'x')\n"
        "pdf.convert_to_pdf(docx, docx.parent / 'out')\n")
    run = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "x.docx")], cwd=Path(__file__).parents[3])
    deadline = time.monotonic() + 30
    while (not pids.exists() or len(pids.read_text().split()) < 2) and time.monotonic() < deadline:
        time.sleep(0.05)
    started = [int(shell.read_text())] + [int(p) for p in pids.read_text().split()]
    guard = int(Path(f"/proc/{started[0]}/stat").read_text().rsplit(")", 1)[1].split()[1])  # the shell's parent
    arguments = Path(f"/proc/{guard}/cmdline").read_bytes().split(b"\0")
    assert arguments[1].endswith(b"pdf_guard.py")
    profiles = [Path(arguments[2].decode())]  # the guard's work folder: the converter's profile is inside
    assert len(started) == 3 and (profiles[0] / "profile").is_dir()
    run.send_signal(signal.SIGKILL)
    run.wait()

    def alive(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 10
    while (any(map(alive, started)) or any(p.exists() for p in profiles)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in started if alive(pid)]
    assert not [p for p in profiles if p.exists()]
