"""What the portal lists and serves: the meetings of the inputs and the reports the product recorded.

A file is found by identifiers only: a meeting folder, a report folder and a kind, each
looked up in what is on disk and in the report's manifest (report.json), never joined
from the request. Symbolic links are never followed, and the file's real path must lie
inside the outputs folder.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pipeline.model import Inputs, Meeting
from pipeline.status.as_of_check import as_of_problems
from pipeline.publish.manifest import MANIFEST, read_manifest
from pipeline.publish.output_folder import file_stem, meeting_folder_name, published_reports
from pipeline.wording.sentences import ordinal
from pipeline.inputs.load import check_inputs, format_issues
from pipeline.assemble import default_as_of
from pipeline.dates import parse_iso_date

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
KIND_LABELS = {"docx": "Word (.docx)", "xlsx": "Excel (.xlsx)", "pdf": "PDF"}


@dataclass(frozen=True)
class Report:
    """One published report folder, as its manifest records it."""

    meeting_folder: str
    folder: str
    symbol: str
    as_of: str
    generated_at: str
    run_id: str
    summary: dict
    files: dict[str, str]  # kind -> file name inside the folder, for the kinds the portal serves
    no_pdf: str = ""  # why the report has no PDF, when it has none
    as_of_warnings: tuple[str, ...] = ()  # why its status date may mislead (made on purpose all the same)

    @property
    def generated_text(self) -> str:
        try:
            return datetime.fromisoformat(self.generated_at).strftime("%d %B %Y, %H:%M").lstrip("0")
        except ValueError:
            return self.generated_at

    def summary_lines(self) -> list[str]:
        """'JA 2008-2011: Completed 5, In progress 3' for each programme."""
        return [
            f"{programme}: " + ", ".join(f"{status} {count}" for status, count in counts.items())
            for programme, counts in self.summary.items()
            if isinstance(counts, dict)
        ]

    def download_name(self, kind: str) -> str:
        return f"{file_stem(self.symbol)}.{kind}" if self.symbol else self.files[kind]


@dataclass(frozen=True)
class MeetingView:
    code: str
    heading: str
    default_as_of: str
    reports: list[Report] = field(default_factory=list)  # newest first

    @property
    def latest(self) -> Report | None:
        """The newest report whose status date is sensible: one made with a date that may mislead
        (confirmed on purpose) is listed, labelled, but never silently the meeting's latest report."""
        return next((r for r in self.reports if not r.as_of_warnings), None)

    @property
    def others(self) -> list[Report]:
        return [r for r in self.reports if r is not self.latest]


@dataclass(frozen=True)
class FoundFile:
    path: Path
    content_type: str
    download_name: str


def _meeting_heading(meeting: Meeting) -> str:
    day = f"{meeting.start_date.day} {meeting.start_date:%B %Y}"
    return f"{meeting.code}: {ordinal(meeting.number)} meeting of the Standing Committee, {meeting.venue}, {day} ({meeting.symbol})"


class Catalog:
    """The meetings (from the inputs, re-read when a workbook changes) and the recorded reports."""

    def __init__(self, inputs: Path, outputs: Path):
        self.inputs = Path(inputs)
        self.outputs = Path(outputs)
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._meetings: list[Meeting] = []
        self._inputs: Inputs | None = None
        self._problem = ""

    # --- the inputs -------------------------------------------------------------------
    def _input_stamp(self) -> tuple:
        if not self.inputs.is_dir():
            return ("missing",)
        return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in self.inputs.glob("*.xlsx")))

    def _refresh(self) -> None:
        stamp = self._input_stamp()
        if stamp == self._stamp:
            return
        if not self.inputs.is_dir():
            self._meetings, self._problem = [], f"The inputs folder {self.inputs} does not exist."
        else:
            inputs, issues = check_inputs(self.inputs)
            self._inputs = inputs
            if inputs is None:
                self._meetings, self._problem = [], format_issues(issues)
            else:
                self._meetings = sorted(inputs.meetings, key=lambda m: m.start_date, reverse=True)
                self._problem = ""
        self._stamp = stamp

    def meetings(self) -> tuple[list[Meeting], str]:
        """The meetings, latest first, and the inputs' problem in plain words (empty when usable)."""
        with self._lock:
            self._refresh()
            return list(self._meetings), self._problem

    def as_of_problems(self, meeting: Meeting, as_of: date, today: date) -> list[str]:
        """Why a report of the meeting as of this date would mislead (pipeline/status/as_of_check.py)."""
        with self._lock:
            self._refresh()
            inputs = self._inputs
        return as_of_problems(meeting, as_of, inputs, today) if inputs is not None else []

    def meeting(self, code: str) -> Meeting | None:
        return next((m for m in self.meetings()[0] if m.code == code), None)

    @staticmethod
    def heading(meeting: Meeting) -> str:
        return _meeting_heading(meeting)

    def meeting_views(self) -> tuple[list[MeetingView], str]:
        meetings, problem = self.meetings()
        views = [
            MeetingView(m.code, _meeting_heading(m), default_as_of(m).isoformat(),
                        self.reports(meeting_folder_name(m.code)))
            for m in meetings
        ]
        if problem:  # the inputs cannot be read: still list the reports already made
            views += [MeetingView(folder, folder, "", self.reports(folder)) for folder in self._meeting_folders()]
        return views, problem

    # --- the outputs ------------------------------------------------------------------
    def _meeting_folders(self) -> list[str]:
        if not self.outputs.is_dir():
            return []
        return sorted(p.name for p in self.outputs.iterdir()
                      if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))

    def reports(self, meeting_folder: str) -> list[Report]:
        """The meeting's published reports, newest first; symbolic links are skipped."""
        folder = self.outputs / meeting_folder
        if folder.is_symlink() or not folder.is_dir() or folder.parent != self.outputs:
            return []
        found = []
        for path in published_reports(self.outputs, meeting_folder):
            if path.parent.name != meeting_folder or path.is_symlink() or (path / MANIFEST).is_symlink():
                continue
            report = _read_manifest(meeting_folder, path)
            if report is not None:
                found.append(report)
        return found

    def report_of_run(self, run_id: str) -> Report | None:
        for meeting_folder in self._meeting_folders():
            for report in self.reports(meeting_folder):
                if report.run_id == run_id:
                    return report
        return None

    def find_file(self, meeting_folder: str, folder: str, kind: str) -> FoundFile | None:
        """The recorded file, or None: every step is a lookup, and the path must stay inside outputs."""
        if kind not in CONTENT_TYPES or meeting_folder not in self._meeting_folders():
            return None
        report = next((r for r in self.reports(meeting_folder) if r.folder == folder), None)
        if report is None or kind not in report.files:
            return None
        path = self.outputs / meeting_folder / folder / report.files[kind]
        if path.is_symlink() or not path.is_file():
            return None
        root = self.outputs.resolve()
        real = path.resolve()
        if not real.is_relative_to(root) or real.parent.parent.parent != root:
            return None
        return FoundFile(real, CONTENT_TYPES[kind], report.download_name(kind))


def _read_manifest(meeting_folder: str, path: Path) -> Report | None:
    manifest = read_manifest(path)
    if manifest is None:
        return None
    return Report(meeting_folder=meeting_folder, folder=path.name, symbol=manifest.symbol, as_of=manifest.as_of,
                  generated_at=manifest.generated_at, run_id=manifest.run_id, summary=manifest.summary,
                  files=manifest.files, no_pdf=manifest.no_pdf if "pdf" not in manifest.files else "",
                  as_of_warnings=manifest.as_of_warnings)


def parse_as_of(text: str, meeting: Meeting) -> date:
    """The form's date, or the meeting's 'Status as of' when left empty; ValueError in plain words."""
    text = (text or "").strip()
    if not text:
        return default_as_of(meeting)
    return parse_iso_date(text)
