"""Where a run's report lands, written so that a failure leaves nothing half-done.

Each run writes into a hidden staging folder beside the meeting's reports and,
only when every file is written, renames it into place in one step
(outputs/<meeting folder>/<run folder>/). An earlier report is never touched: a run
folder's name is unique to the run, and publishing refuses to replace one.

A run holds an exclusive lock (flock) on `.staging-<run>.lock`, beside its staging
folder, for as long as it lives; the kernel releases it when the process ends, however
it ends. Every run, before staging, sweeps the staging folders whose lock nobody holds:
what runs killed mid-way left. A live run's folder is never swept, even one started a
moment ago (its lock is taken before its folder is made).

A meeting's code becomes its folder name through `meeting_folder_name`: the command
line, the Dagster assets and the staff page all use it, so a report always lands inside
the outputs folder and the page lists it, whatever the code ('..', 'a/b', 'StC 39').
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pipeline.publish.manifest import MANIFEST, files_by_language, write_manifest
from pipeline.publish.report_index import record_report

STAGING_PREFIX = ".staging-"
LOCK_SUFFIX = ".lock"
_MAX_NAME = 60
_PLAIN = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,79}")  # also every name meeting_folder_name makes

__all__ = ["MANIFEST", "STAGING_PREFIX", "PublishedReport", "discard", "discard_run", "file_name", "file_stem",
           "meeting_folder_name", "publish", "run_folder_name", "staging_folder",
           "sweep_dead_staging"]


def file_stem(symbol: str) -> str:
    """'UNEP/CMS/StC38/Doc.3' -> 'UNEP-CMS-StC38-Doc3': a file name staff recognise."""
    stem = re.sub(r"[\\/\s]+", "-", symbol.strip()).replace(".", "")
    return re.sub(r"[^A-Za-z0-9_-]", "", stem) or "report"


def file_name(symbol: str, extension: str, language: str = "en") -> str:
    """'UNEP-CMS-StC38-Doc3.docx' in English, 'UNEP-CMS-StC38-Doc3.fr.docx' in French."""
    return f"{file_stem(symbol)}.{extension}" if language == "en" else f"{file_stem(symbol)}.{language}.{extension}"


def file_kind(name: str) -> str:
    """A report file's kind: 'docx' (English), 'fr.docx', 'es.pdf' ...: what follows the stem (which has no dot)."""
    return name.split(".", 1)[1] if "." in name else name


def _safe(part: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", part) or "_"


def meeting_folder_name(code: str) -> str:
    """The folder of a meeting's reports: the code itself when it is a plain name ('StC38');
    otherwise letters, digits, '-' and '_' only, never starting with a dot, plus a short
    fingerprint of the code so that two codes never share a folder ('StC 39' -> 'StC_39-3c1f0a')."""
    if _PLAIN.fullmatch(code):
        return code
    plain = re.sub(r"[^A-Za-z0-9_.-]", "_", code.strip()).lstrip(".")[:_MAX_NAME] or "meeting"
    return f"{plain}-{hashlib.sha256(code.encode('utf-8')).hexdigest()[:6]}"


# --- the lock a live run holds on its staging folder -------------------------------------------

_held: dict[Path, int] = {}  # staging folder -> the open, locked lock file of this process
_held_guard = threading.Lock()


def _lock_path(staging: Path) -> Path:
    return staging.parent / f"{staging.name}{LOCK_SUFFIX}"


def _try_lock(path: Path) -> int | None:
    """An open fd holding an exclusive lock on path, or None when another process holds it.

    The lock counts only if `path` still names the file locked: between opening and locking, a sweep
    may have locked, then removed it (a lock on a removed file guards nothing, and a sweep would then
    take the new file's lock and remove a live run's folder); then the file now there is tried."""
    for _ in range(5):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return None
        try:
            named = os.stat(path)
        except OSError:
            named = None
        held = os.fstat(fd)
        if named is not None and (named.st_ino, named.st_dev) == (held.st_ino, held.st_dev):
            return fd
        os.close(fd)
    return None


def _release(staging: Path) -> None:
    with _held_guard:
        fd = _held.pop(staging, None)
    if fd is not None:
        _lock_path(staging).unlink(missing_ok=True)  # while still holding it: nobody sweeps it meanwhile
        os.close(fd)


def staging_folder(outputs: Path, meeting_code: str, run_id: str) -> Path:
    """This run's hidden staging folder (made, and locked for the run's life, on first call)."""
    folder = Path(outputs) / meeting_folder_name(meeting_code) / f"{STAGING_PREFIX}{_safe(run_id)}"
    with _held_guard:
        if folder in _held and folder.is_dir():
            return folder
    sweep_dead_staging(outputs)
    folder.parent.mkdir(parents=True, exist_ok=True)
    fd = _try_lock(_lock_path(folder))
    for _ in range(100):  # another run's sweep may hold it for a moment (it then removes the lock file)
        if fd is not None:
            break
        time.sleep(0.02)
        fd = _try_lock(_lock_path(folder))
    if fd is None:
        raise RuntimeError(f"{folder} is in use by another process")
    with _held_guard:
        _held[folder] = fd
    folder.mkdir(exist_ok=True)
    return folder


def sweep_dead_staging(outputs: Path) -> list[Path]:
    """Remove the staging folders (and stray lock files) of runs that are no longer alive."""
    swept = []
    outputs = Path(outputs)
    if not outputs.is_dir():
        return swept
    for meeting in outputs.iterdir():
        if not meeting.is_dir() or meeting.is_symlink() or meeting.name.startswith("."):
            continue
        try:
            leftovers = [p for p in meeting.iterdir() if p.name.startswith(STAGING_PREFIX)]
        except OSError:
            continue
        stagings = {p if not p.name.endswith(LOCK_SUFFIX) else p.with_name(p.name[:-len(LOCK_SUFFIX)])
                    for p in leftovers}
        for staging in stagings:
            with _held_guard:
                if staging in _held:
                    continue  # this process's own live run
            lock = _lock_path(staging)
            fd = _try_lock(lock)
            if fd is None:
                continue  # a live run holds it
            try:
                if staging.is_dir() and not staging.is_symlink():
                    shutil.rmtree(staging, ignore_errors=True)
                    swept.append(staging)
                lock.unlink(missing_ok=True)
            finally:
                os.close(fd)
    return swept


def run_folder_name(as_of: date, generated_at: datetime, run_id: str) -> str:
    return f"{generated_at:%Y-%m-%d_%H%M%S}_as-of-{as_of.isoformat()}_{_safe(run_id)[:8]}"


@dataclass(frozen=True)
class PublishedReport:
    folder: Path
    files: dict[str, Path]  # "docx", "xlsx", "pdf" (English), "fr.docx", "es.pdf" ... -> path


def publish(staging: Path, final_name: str, manifest: dict) -> PublishedReport:
    """Write the manifest, then move the staging folder into place in one rename, and add the report to
    the meeting's index of reports (report_index.py)."""
    files = {file_kind(p.name): p.name for p in sorted(staging.iterdir()) if p.is_file()}
    write_manifest(staging, {**manifest, "files": files, "languages": files_by_language(files)})
    final = staging.parent / final_name
    if final.exists():
        raise FileExistsError(f"{final} exists already; an earlier report is never replaced")
    os.replace(staging, final)
    _release(staging)
    try:  # the staff page's index of the meeting's reports; when it cannot be written, the page rebuilds it
        record_report(final.parent, final.name)
    except OSError:
        pass
    return PublishedReport(final, {kind: final / name for kind, name in files.items()})


def discard(staging: Path) -> None:
    """Remove a failed run's staging folder, and only a staging folder."""
    if staging.name.startswith(STAGING_PREFIX) and staging.is_dir():
        shutil.rmtree(staging, ignore_errors=True)
    _release(staging)


def discard_run(outputs: Path, run_id: str) -> None:
    for staging in Path(outputs).glob(f"*/{STAGING_PREFIX}{_safe(run_id)}"):
        discard(staging)
