"""The PDF beside the .docx, made by LibreOffice in headless mode.

Each conversion runs with a LibreOffice user profile of its own (a fresh temporary
folder), so that two runs at once, or a LibreOffice a staff member has open, do not
collide on the profile lock; it runs in a process group of its own under a time limit,
and the whole group is killed when the limit passes, so a hung converter never hangs
the report run. The PDF is written in a temporary folder and moved into place only
when complete.

LibreOffice dies with the run: it is started under a small guard (pdf_guard.py) that
leads the process group and holds one end of a pipe whose other end only the run holds.
If the run is killed (even with SIGKILL), the pipe closes, and the guard kills the whole
group and removes the temporary profile. A parent-death signal alone would not do:
soffice forks oosplash and soffice.bin, and that signal is not inherited across fork.

Under `stc-report up` a LibreOffice is kept warm between runs (pdf_warm.py, named by
STC_PDF_SERVER) and a conversion uses it when it is free, with the same guards (a time limit,
never two runs at once, killed with its run); whenever it cannot be used, the conversion is
the cold one described here.

Without LibreOffice there is no PDF: `convert_to_pdf` returns None and
`NO_LIBREOFFICE` says so in words a run can print once.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline import settings

DEFAULT_TIMEOUT_S = 180
CANDIDATES = ("soffice", "libreoffice")
MAC_APP = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
NO_LIBREOFFICE = ("LibreOffice is not installed (no 'soffice' command found), so no PDF was written; "
                  "the Word and Excel files are complete. Install LibreOffice to get the PDF as well.")


class PdfConversionError(RuntimeError):
    """LibreOffice failed or took too long; the message names the file and what happened."""


def find_soffice() -> str | None:
    """The LibreOffice program: STC_SOFFICE if set, else soffice/libreoffice on the PATH."""
    override = settings.soffice()
    if override:
        return override if Path(override).is_file() or shutil.which(override) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return MAC_APP if Path(MAC_APP).is_file() else None


def libreoffice_available() -> bool:
    return find_soffice() is not None


def soffice_command(soffice: str, profile: Path, out_dir: Path, docx: Path) -> list[str]:
    """The headless conversion, with its own user profile (tests replace this)."""
    return [soffice, "--headless", "--norestore", "--nolockcheck", "--nodefault",
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)]


def convert_to_pdf(docx: Path, out_dir: Path, timeout_s: int = DEFAULT_TIMEOUT_S) -> Path | None:
    """Write <out_dir>/<docx stem>.pdf; None when LibreOffice is not installed.

    Raises PdfConversionError when LibreOffice fails, writes nothing, or runs past timeout_s.
    """
    soffice = find_soffice()
    if soffice is None:
        return None
    docx, out_dir = Path(docx).resolve(), Path(out_dir)
    if not docx.is_file():
        raise PdfConversionError(f"{docx}: no such file to convert to PDF")
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="stc-pdf-"))
    try:
        profile, staged = work / "profile", work / "out"
        staged.mkdir()
        produced = staged / f"{docx.stem}.pdf"
        if not _converted_warm(docx, produced, work, timeout_s):
            _run(soffice_command(soffice, profile, staged, docx), timeout_s, docx, work)
        if not produced.is_file() or produced.stat().st_size == 0:
            raise PdfConversionError(f"{docx}: LibreOffice ended without writing a PDF")
        target = out_dir / produced.name
        shutil.move(str(produced), str(target))
        return target
    finally:
        shutil.rmtree(work, ignore_errors=True)


GUARD = Path(__file__).with_name("pdf_guard.py")


def _converted_warm(docx: Path, produced: Path, work: Path, timeout_s: int) -> bool:
    """True when the warm LibreOffice wrote the PDF; False to convert cold (unavailable, busy, failed)."""
    folder = settings.pdf_server()
    if not folder:
        return False
    from pipeline.publish import pdf_warm

    try:
        return pdf_warm.convert_warm(Path(folder), docx, produced, work, timeout_s)
    except pdf_warm.WarmTimeout:
        raise PdfConversionError(
            f"{docx}: LibreOffice did not finish the PDF within {timeout_s} seconds and was stopped; "
            f"the Word and Excel files are complete") from None
    except pdf_warm.WarmFailed:
        produced.unlink(missing_ok=True)
        return False


def _run(command: list[str], timeout_s: int, docx: Path, work: Path) -> None:
    """Run the converter under its guard, in its own process group; kill the whole group on timeout."""
    lifeline, held = os.pipe()  # the guard reads `lifeline`; `held` stays open in this process only
    try:
        try:
            process = subprocess.Popen([sys.executable, str(GUARD), str(work), *command],
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                       stdin=lifeline, start_new_session=True)
        except OSError as error:
            raise PdfConversionError(f"{docx}: LibreOffice could not be started ({error})") from None
        finally:
            os.close(lifeline)
        _wait(process, timeout_s, docx)
    finally:
        os.close(held)


def _wait(process: subprocess.Popen, timeout_s: int, docx: Path) -> None:
    try:
        output, _ = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise PdfConversionError(
            f"{docx}: LibreOffice did not finish the PDF within {timeout_s} seconds and was stopped; "
            f"the Word and Excel files are complete") from None
    if process.returncode != 0:
        text = (output or b"").decode("utf-8", "replace").strip()
        raise PdfConversionError(f"{docx}: LibreOffice failed (exit code {process.returncode})"
                                 + (f": {text[-300:]}" if text else ""))


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the converter and everything it started (soffice forks oosplash/soffice.bin)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    try:
        process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        pass
