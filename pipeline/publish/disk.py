"""A full (or read-only, or forbidden) disk said plainly: the free space of the outputs folder is
checked before a run writes, and a write that fails anyway is named by its cause and folder.

A report of the bundled data takes about 0.2 MB (the PDF about 0.5 MB more), a report at 100
times the data about 15 MB; MIN_FREE_MB leaves room for that, LibreOffice's work and the
monthly snapshots. A run refused for lack of room has written nothing. A run whose disk fills
while it writes ends with "The disk holding <folder> is full (… free)", and its staging folder
is discarded, so nothing half-written is left (output_folder.py).
"""
from __future__ import annotations

import errno
import shutil
from pathlib import Path

MIN_FREE_MB = 50
MB = 1024 * 1024
AGAIN = ("Free some space there and start the report again, or choose another outputs folder (--outputs, or "
         "STC_OUTPUTS_DIR).")


def size_text(size: int) -> str:
    """'0 bytes', '68 KB', '1.5 MB', '12.3 GB': free space as people read it."""
    if size < 1024:
        return f"{size:,} bytes"
    for unit, scale in (("GB", 1024 * MB), ("MB", MB)):
        if size >= scale:
            return f"{size / scale:,.1f} {unit}"
    return f"{size // 1024:,} KB"


def _existing(folder: Path) -> Path:
    """The folder, or the nearest folder above it that exists (where the run would create it)."""
    folder = Path(folder)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def free_bytes(folder: Path) -> int | None:
    """Free space on the disk holding `folder` for this user, or None when it cannot be told."""
    try:
        return shutil.disk_usage(_existing(Path(folder))).free
    except OSError:
        return None


def free_space_problem(folder: Path, minimum_mb: int | None = None) -> str:
    """Why the disk holding `folder` has too little room for a report (naming both), or ''."""
    minimum_mb = MIN_FREE_MB if minimum_mb is None else minimum_mb
    free = free_bytes(folder)
    if free is None or free >= minimum_mb * MB:
        return ""
    return (f"The disk holding {folder} has only {size_text(free)} free; a report needs at least {minimum_mb} MB. "
            f"Free some space there, or choose another outputs folder (--outputs, or STC_OUTPUTS_DIR).")


def writing_failed(error: OSError, folder: Path) -> str:
    """What a failed write means, in plain words naming the folder (and the file where it matters)."""
    folder = Path(folder)
    free = free_bytes(folder)
    free_text = f" ({size_text(free)} free)" if free is not None else ""
    if error.errno == errno.ENOSPC:
        return f"The disk holding {folder} is full{free_text}. {AGAIN}"
    if error.errno == errno.EDQUOT:
        return f"Your disk quota on the disk holding {folder} is used up{free_text}. {AGAIN}"
    if error.errno == errno.EROFS:
        return f"The disk holding {folder} is read-only, so the report cannot be written there. {AGAIN}"
    where = error.filename or folder
    if error.errno in (errno.EACCES, errno.EPERM):
        return (f"{where} cannot be written: permission denied. Ask for permission to write there, or choose another outputs folder (--outputs, or STC_OUTPUTS_DIR).")
    cause = (error.strerror or str(error) or type(error).__name__).rstrip(".")
    return (f"Writing the report into {folder} failed: {cause[0].lower() + cause[1:]} ({where}). Start the report "
            f"again; if it fails the same way, ask the administrator to check that disk.")
