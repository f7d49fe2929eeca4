"""The index of a meeting's reports: one small JSON file per meeting folder, so that listing a
thousand reports, finding one file or one run reads one file instead of a thousand report.json.

`outputs/<meeting>/.reports-index.json` holds, per report folder, what the staff page shows of
its report.json (symbol, status date, when made, run, counts, files, languages, why no PDF, why
its date may mislead). It is:

- written when a report is published (output_folder.publish calls `record_report` once the
  report's folder is in place): the report is added to what the index holds;
- checked on every read against the meeting folder's listing, and brought up to date when a
  report folder appeared or went (a report copied in by hand, a folder removed), rebuilt whole
  when it is missing, unreadable or of another format. A report.json is read only for a
  folder the index does not know yet;
- always written whole (a temporary file renamed into place) while holding an exclusive lock
  (flock on `.reports-index.lock` beside it), after reading it again under that lock: runs
  publishing at the same moment each add their report, none is lost. Readers never wait: a
  rename replaces the file in one step.

Staff's choices (sent to the Committee, hidden) stay in choices.json (report_choices.py), a
small file of its own; the index holds only what never changes once a report is published.
`ReportIndex` keeps what it read in memory and reads again only when the meeting folder or
the index file changed (their modification times), which is what lets the page serve a
thousand reports as fast as six.
"""
from __future__ import annotations

import fcntl
import json
import os
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.publish.manifest import MANIFEST, files_by_language, read_json_object, read_manifest

INDEX = ".reports-index.json"
INDEX_LOCK = ".reports-index.lock"
FORMAT = "stc-reports-index"
VERSION = 2  # 2: with each edition's counts (editions)


@dataclass(frozen=True)
class IndexedReport:
    """One published report as the index holds it (what its report.json says, and its folder)."""

    folder: str
    meeting: str
    symbol: str
    as_of: str  # ISO date
    generated_at: str  # ISO date and time
    run_id: str
    summary: dict
    files: dict  # kind ('docx', 'fr.pdf' ...) -> file name in the folder
    no_pdf: str = ""
    as_of_warnings: tuple[str, ...] = ()
    editions: dict | None = None  # language -> {'data_issues': n, 'still_english': n}, as report.json says

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages it has files in, English first: ('en', 'fr')."""
        return tuple(files_by_language(self.files))

    def record(self) -> dict:
        return {"folder": self.folder, "meeting": self.meeting, "symbol": self.symbol, "as_of": self.as_of,
                "generated_at": self.generated_at, "run_id": self.run_id, "summary": self.summary,
                "files": self.files, "no_pdf": self.no_pdf, "as_of_warnings": list(self.as_of_warnings),
                "editions": self.editions}


def _entry(record: object) -> IndexedReport | None:
    if not isinstance(record, dict) or not isinstance(record.get("folder"), str):
        return None
    text = lambda key: str(record.get(key) or "")  # noqa: E731
    files = record.get("files") if isinstance(record.get("files"), dict) else {}
    return IndexedReport(
        folder=record["folder"], meeting=text("meeting"), symbol=text("symbol"), as_of=text("as_of"),
        generated_at=text("generated_at"), run_id=text("run_id"),
        summary=record.get("summary") if isinstance(record.get("summary"), dict) else {},
        files={str(k): str(v) for k, v in files.items()}, no_pdf=text("no_pdf"),
        as_of_warnings=tuple(str(w) for w in record.get("as_of_warnings") or () if isinstance(w, str)),
        editions=record.get("editions") if isinstance(record.get("editions"), dict) else None)


def entry_of(report_dir: Path) -> IndexedReport | None:
    """What the index holds of one report folder, from its report.json; None when it has none."""
    manifest = read_manifest(report_dir)
    if manifest is None:
        return None
    return IndexedReport(folder=Path(report_dir).name, meeting=manifest.meeting, symbol=manifest.symbol,
                         as_of=manifest.as_of, generated_at=manifest.generated_at, run_id=manifest.run_id,
                         summary=manifest.summary, files=manifest.files,
                         no_pdf=manifest.no_pdf if "pdf" not in manifest.files else "",
                         as_of_warnings=manifest.as_of_warnings, editions=manifest.editions)


def report_folder_names(meeting_dir: Path) -> set[str]:
    """The names of the folders in the meeting folder that may be reports: not hidden (staging folders
    start with a dot), not symbolic links. One listing, no file opened."""
    try:
        with os.scandir(meeting_dir) as found:
            return {e.name for e in found if not e.name.startswith(".") and e.is_dir(follow_symlinks=False)}
    except OSError:
        return set()


def _load(meeting_dir: Path) -> tuple[dict[str, IndexedReport], set[str]] | None:
    """(reports by folder, folders known to hold no report) as the index file holds them; None when it is
    missing, a symbolic link, unreadable or of another format."""
    data = read_json_object(Path(meeting_dir) / INDEX)
    if data is None or data.get("format") != FORMAT or data.get("version") != VERSION:
        return None
    reports = {e.folder: e for e in map(_entry, data.get("reports") or ()) if e is not None}
    others = {str(n) for n in data.get("not_reports") or () if isinstance(n, str)}
    return reports, others


def _write(meeting_dir: Path, reports: dict[str, IndexedReport], others: set[str]) -> None:
    data = {"format": FORMAT, "version": VERSION,
            "reports": [reports[name].record() for name in sorted(reports, reverse=True)],
            "not_reports": sorted(others)}
    handle, partial = tempfile.mkstemp(prefix=".reports-index-", suffix=".partial", dir=meeting_dir)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(partial, Path(meeting_dir) / INDEX)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


class _Locked:
    """The index's exclusive lock, for reading it again, changing it and writing it."""

    def __init__(self, meeting_dir: Path):
        self.path = Path(meeting_dir) / INDEX_LOCK

    def __enter__(self):
        self.handle = open(self.path, "a+")
        fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def _brought_up_to_date(meeting_dir: Path, loaded, names: set[str]) -> tuple[dict, set, bool]:
    """The index made to match the listing `names`: (reports, not reports, whether anything changed)."""
    reports, others = (dict(loaded[0]), set(loaded[1])) if loaded else ({}, set())
    changed = loaded is None
    for gone in (set(reports) | others) - names:
        reports.pop(gone, None)
        others.discard(gone)
        changed = True
    for name in sorted(names - set(reports) - others):
        entry = entry_of(meeting_dir / name)
        if entry is None:
            if (meeting_dir / name / MANIFEST).exists():
                continue  # a report.json that cannot be read now: not recorded, looked at again next time
            others.add(name)
        else:
            reports[name] = entry
        changed = True
    return reports, others, changed


def read_index(meeting_dir: Path) -> list[IndexedReport]:
    """The meeting folder's reports, newest first (by folder name, which starts with when it was made),
    from its index, brought up to date (and written) when the folder's listing differs from it.
    A folder without reports gets no index file."""
    meeting_dir = Path(meeting_dir)
    if meeting_dir.is_symlink() or not meeting_dir.is_dir():
        return []
    names = report_folder_names(meeting_dir)
    loaded = _load(meeting_dir)
    if loaded is not None and set(loaded[0]) | loaded[1] == names:
        reports = loaded[0]
    elif loaded is None and not any((meeting_dir / name / MANIFEST).is_file() for name in names):
        return []  # not a meeting's folder (snapshots/, input-versions/ ...): nothing written there
    else:
        try:
            with _Locked(meeting_dir):
                names = report_folder_names(meeting_dir)
                reports, others, changed = _brought_up_to_date(meeting_dir, _load(meeting_dir), names)
                if changed and (reports or (meeting_dir / INDEX).exists()):
                    _write(meeting_dir, reports, others)
        except OSError:  # a read-only outputs folder: the listing is still right, only not kept
            reports, _, _ = _brought_up_to_date(meeting_dir, loaded, names)
    return [reports[name] for name in sorted(reports, reverse=True)]


def record_report(meeting_dir: Path, folder: str) -> None:
    """Add a report just published into `meeting_dir`/`folder` to the index (made first when missing)."""
    meeting_dir = Path(meeting_dir)
    with _Locked(meeting_dir):
        loaded = _load(meeting_dir)
        reports, others, _ = _brought_up_to_date(meeting_dir, loaded, report_folder_names(meeting_dir))
        entry = entry_of(meeting_dir / folder)
        if entry is not None:
            reports[folder] = entry
            others.discard(folder)
        _write(meeting_dir, reports, others)


# --- what the list shows: the meeting's report on top, the others grouped, one page at a time -----

@dataclass(frozen=True)
class ReportGroup:
    """Reports of the same status date and languages, newest first: made again, they differ only by when."""

    as_of: str
    languages: tuple[str, ...]
    reports: tuple  # newest first

    @property
    def newest(self):
        return self.reports[0]


def group_reports(reports: Iterable, as_of_of=lambda r: r.as_of, languages_of=lambda r: r.languages) -> list[ReportGroup]:
    """The reports grouped by (status date, languages): the newest status date first, then the most
    languages first; inside a group, newest made first (the order `reports` comes in)."""
    groups: dict[tuple[str, tuple[str, ...]], list] = {}
    for report in reports:
        groups.setdefault((as_of_of(report), tuple(languages_of(report))), []).append(report)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0][0], len(kv[0][1]), kv[0][1]), reverse=True)
    return [ReportGroup(as_of, languages, tuple(found)) for (as_of, languages), found in ordered]


def meeting_report(reports: Iterable, meeting_as_of: str, is_flagged=lambda r: bool(r.as_of_warnings),
                   as_of_of=lambda r: r.as_of, languages_of=lambda r: r.languages):
    """The report to put on top when none is marked as sent: the newest made at the meeting's own status
    date (`meeting_as_of`, ISO) among those in the most languages; else the newest whose date does not
    mislead; None when every report's date may mislead. `reports` newest first."""
    reports = [r for r in reports if not is_flagged(r)]
    at_date = [r for r in reports if as_of_of(r) == meeting_as_of]
    if at_date:
        most = max(len(tuple(languages_of(r))) for r in at_date)
        return next(r for r in at_date if len(tuple(languages_of(r))) == most)
    return reports[0] if reports else None


class ReportIndex:
    """The indexes of several meeting folders, kept in memory while the folder and its index file are
    unchanged (their modification times); safe to share between threads."""

    def __init__(self):
        self._cache: dict[Path, tuple[tuple, list[IndexedReport]]] = {}
        self._guard = threading.Lock()

    @staticmethod
    def _stamp(meeting_dir: Path) -> tuple:
        stamps = []
        for path in (meeting_dir, meeting_dir / INDEX):
            try:
                s = path.stat()
                stamps.append((s.st_mtime_ns, s.st_size, s.st_ino))
            except OSError:
                stamps.append(None)
        return tuple(stamps)

    def reports(self, meeting_dir: Path) -> list[IndexedReport]:
        """The meeting folder's reports, newest first (read_index, or what it gave while nothing changed)."""
        meeting_dir = Path(meeting_dir)
        stamp = self._stamp(meeting_dir)
        with self._guard:
            cached = self._cache.get(meeting_dir)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        found = read_index(meeting_dir)
        with self._guard:
            self._cache[meeting_dir] = (stamp, found)
        return found
