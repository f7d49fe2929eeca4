"""Where a run's report lands, written so that a failure leaves nothing half-done.

Each run writes into a hidden staging folder beside the meeting's reports and,
only when every file is written, renames it into place in one step
(outputs/<meeting>/<run folder>/). An earlier report is never touched: a run
folder's name is unique to the run, and publishing refuses to replace one.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

STAGING_PREFIX = ".staging-"
MANIFEST = "report.json"


def file_stem(symbol: str) -> str:
    """'UNEP/CMS/StC38/Doc.3' -> 'UNEP-CMS-StC38-Doc3': a file name staff recognise."""
    stem = re.sub(r"[\\/\s]+", "-", symbol.strip()).replace(".", "")
    return re.sub(r"[^A-Za-z0-9_-]", "", stem) or "report"


def _safe(part: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", part) or "_"


def staging_folder(outputs: Path, meeting_code: str, run_id: str) -> Path:
    folder = Path(outputs) / _safe(meeting_code) / f"{STAGING_PREFIX}{_safe(run_id)}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def run_folder_name(as_of: date, generated_at: datetime, run_id: str) -> str:
    return f"{generated_at:%Y-%m-%d_%H%M%S}_as-of-{as_of.isoformat()}_{_safe(run_id)[:8]}"


@dataclass(frozen=True)
class PublishedReport:
    folder: Path
    files: dict[str, Path]  # "docx", "xlsx", "pdf" -> path


def publish(staging: Path, final_name: str, manifest: dict) -> PublishedReport:
    """Write the manifest, then move the staging folder into place in one rename."""
    files = {p.suffix.lstrip("."): p.name for p in sorted(staging.iterdir()) if p.is_file()}
    (staging / MANIFEST).write_text(json.dumps({**manifest, "files": files}, indent=2, default=str), "utf-8")
    final = staging.parent / final_name
    if final.exists():
        raise FileExistsError(f"{final} exists already; an earlier report is never replaced")
    os.replace(staging, final)
    return PublishedReport(final, {kind: final / name for kind, name in files.items()})


def discard(staging: Path) -> None:
    """Remove a failed run's staging folder, and only a staging folder."""
    if staging.name.startswith(STAGING_PREFIX) and staging.is_dir():
        shutil.rmtree(staging, ignore_errors=True)


def discard_run(outputs: Path, run_id: str) -> None:
    for staging in Path(outputs).glob(f"*/{STAGING_PREFIX}{_safe(run_id)}"):
        discard(staging)


def published_reports(outputs: Path, meeting_code: str) -> list[Path]:
    """The meeting's published report folders, newest first."""
    folder = Path(outputs) / _safe(meeting_code)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_dir() and (p / MANIFEST).is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)
