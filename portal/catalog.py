"""What the portal lists and serves: the meetings of the inputs and the reports the product recorded.

A file is found by identifiers only: a meeting folder, a report folder and a kind, each
looked up in what is on disk and in the report's manifest (report.json), never joined
from the request. Symbolic links are never followed, and the file's real path must lie
inside the outputs folder.
"""
from __future__ import annotations

import os
import re
import tempfile
import threading
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from pipeline.model import Inputs, Meeting
from pipeline.status.as_of_check import as_of_problems
from pipeline.publish.input_changes import input_changes
from pipeline.publish.input_store import InputsRefused, current_checksum, materialise
from pipeline.publish.download_name import download_name
from pipeline.publish.manifest import files_by_language, read_manifest
from pipeline.publish.output_folder import meeting_folder_name
from pipeline.publish.sent_copy import unmarked_file
from pipeline.publish.report_index import IndexedReport, ReportIndex, meeting_report
from pipeline.publish.report_choices import (
    CHOICES, Choice, ChoiceError, MeetingChoices, SentIssues, known_issues, read_choices, record_choice)
from pipeline.wording.sentences import ordinal
from pipeline.inputs.load import check_inputs, format_issues
from pipeline.assemble import ReportRequestError, default_as_of, meeting_statuses
from pipeline.dates import MONTHS, format_date
from pipeline.history.known_issues import MarkedIssue, mark_issues
from pipeline.history.snapshots import snapshots_folder, stored_months
from pipeline.status.glance import Glance, glance
from pipeline.word.templates import narrative_notes
from pipeline import settings
from pipeline.model import ENGLISH_NAMES, TRANSLATED_LANGUAGES as TRANSLATED

LANGUAGE_NAMES = dict(ENGLISH_NAMES)  # the report's languages, on the form (pipeline/languages.py)


def day_text(value: str | date | None) -> str:
    """'31 August 2011' for a date or an ISO date text; other text as it is."""
    if isinstance(value, date):
        return format_date(value)
    try:
        return format_date(date.fromisoformat(value or ""))
    except ValueError:
        return value or ""


def moment_text(value: str | datetime | float | None) -> str:
    """'29 November 2026, 18:31' for a date and time (ISO text, datetime or seconds since 1970)."""
    try:
        if isinstance(value, (int, float)):
            value = datetime.fromtimestamp(value)
        elif not isinstance(value, datetime):
            value = datetime.fromisoformat(value or "")
    except (ValueError, OSError, OverflowError):
        return str(value or "")
    return f"{format_date(value.date())}, {value:%H:%M}"

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
KIND_LABELS = {"docx": "Word (.docx)", "xlsx": "Excel (.xlsx)", "pdf": "PDF"}
# the French and Spanish files of a report: 'fr.docx' ... ('Word (.docx) in French')
CONTENT_TYPES.update({f"{code}.{kind}": CONTENT_TYPES[kind] for code in TRANSLATED for kind in KIND_LABELS})
KIND_LABELS.update({f"{code}.{kind}": f"{label} in {LANGUAGE_NAMES[code]}" for code in TRANSLATED
                    for kind, label in list(KIND_LABELS.items())})


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
    official: Choice | None = None  # marked as the version sent to the Committee: by whom, when
    hidden: Choice | None = None  # hidden from the list (made by mistake): by whom, when
    editions: dict | None = None  # report.json 'editions': language -> {'data_issues': n, 'still_english': n}

    @property
    def generated_text(self) -> str:
        return moment_text(self.generated_at)

    @property
    def as_of_text(self) -> str:
        return day_text(self.as_of)

    def summary_lines(self) -> list[str]:
        """'JA 2008-2011: Completed 5, In progress 3' for each programme."""
        return [
            f"{programme}: " + ", ".join(f"{status} {count}" for status, count in counts.items())
            for programme, counts in self.summary.items()
            if isinstance(counts, dict)
        ]

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages it has files in, English first: ('en', 'fr', 'es')."""
        return tuple(files_by_language(self.files))

    @property
    def language_names(self) -> str:
        """'English, French': the languages as the page names them."""
        return ", ".join(LANGUAGE_NAMES.get(code, code) for code in self.languages)

    def still_english_lines(self) -> list[str]:
        """Per French or Spanish edition, what it still prints in English, with the same counts as its workbook
        and the run's output: 'French: 110 staff texts still in English (among the 129 data issues ...)'."""
        lines = []
        for code, counts in (self.editions or {}).items():
            if code == "en" or not isinstance(counts, dict) or not isinstance(counts.get("still_english"), int):
                continue
            name, still = LANGUAGE_NAMES.get(code, code), counts["still_english"]
            lines.append(f"{name}: {still} staff texts still in English (among the {counts.get('data_issues', 0)} "
                         f"data issues of its workbook)" if still else f"{name}: no staff text still in English")
        return lines

    def download_name(self, kind: str) -> str:
        """What the file is saved as: meeting, status date, language, sent or draft (pipeline/publish/download_name.py)."""
        return download_name(self.symbol, self.as_of, kind, sent=self.official is not None,
                             generated_at=self.generated_at, misleading=bool(self.as_of_warnings))


@dataclass(frozen=True)
class MeetingView:
    code: str
    heading: str
    default_as_of: str
    reports: list[Report] = field(default_factory=list)  # shown, newest first (hidden ones left out)
    hidden: list[Report] = field(default_factory=list)  # hidden by staff, restorable
    folder: str = ""  # the meeting's folder under outputs/
    narrative_notes: tuple[str, ...] = ()  # the meeting has no narrative of its own: the default is used

    @property
    def default_as_of_text(self) -> str:
        return day_text(self.default_as_of)

    @property
    def official(self) -> Report | None:
        """The report staff marked as the version sent to the Committee."""
        return next((r for r in self.reports if r.official), None)

    @property
    def latest(self) -> Report | None:
        """The report listed first, the meeting's report: the one marked as sent; else the newest made at
        the meeting's own status date, in the most languages; else the newest whose status date is
        sensible (one made with a date that may mislead, confirmed on purpose, is listed, labelled,
        never first). report_index.meeting_report has the rule."""
        return self.official or meeting_report(self.reports, self.default_as_of)

    @property
    def others(self) -> list[Report]:
        """Every listed report but the one on top, newest first (the page shows them a page at a time:
        portal/report_list.py)."""
        top = self.latest
        return [r for r in self.reports if r is not top]


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

    def __init__(self, inputs: Path, outputs: Path, templates: Path | None = None):
        self.inputs = Path(inputs)
        self.outputs = Path(outputs)
        self.templates = Path(templates or settings.folder(settings.TEMPLATES_DIR))
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._meetings: list[Meeting] = []
        self._inputs: Inputs | None = None
        self._problem = ""
        self._changes: dict[tuple, list[str]] = {}
        self._index = ReportIndex()  # the meetings' indexes of reports, kept while unchanged
        self._listed: dict[str, tuple[tuple, list[Report]]] = {}  # meeting folder -> ((index list, choices stamp), reports)

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

    def programme_titles(self) -> dict[str, str]:
        """Programme id -> title (the adopted one when there is one), for the page to explain ids."""
        with self._lock:
            self._refresh()
            inputs = self._inputs
        return {p.id: p.adopted_title or p.title for p in inputs.programmes} if inputs is not None else {}

    def meeting(self, code: str) -> Meeting | None:
        return next((m for m in self.meetings()[0] if m.code == code), None)

    @staticmethod
    def heading(meeting: Meeting) -> str:
        return _meeting_heading(meeting)

    def narrative_notes(self, code: str, languages: tuple[str, ...] = ("en",)) -> list[str]:
        """What staff should know before a report of the meeting is made: which narrative it would use
        when the meeting has none of its own (the rule: pipeline.word.templates.choose_narrative)."""
        return narrative_notes(self.templates, code, languages)

    def meeting_views(self) -> tuple[list[MeetingView], str]:
        """Every meeting with its reports, latest meeting first, and the inputs' problem."""
        meetings, problem = self.meetings()
        views = [replace(self._view(m.code, _meeting_heading(m), default_as_of(m).isoformat(),
                                    meeting_folder_name(m.code)), narrative_notes=tuple(self.narrative_notes(m.code)))
                 for m in meetings]
        if problem:  # the inputs cannot be read: still list the reports already made
            views += [self._view(folder, folder, "", folder) for folder in self._meeting_folders()]
        return views, problem

    def _view(self, code: str, heading: str, as_of: str, folder: str) -> MeetingView:
        everything = self.reports(folder, with_hidden=True)
        return MeetingView(code, heading, as_of, [r for r in everything if not r.hidden],
                           [r for r in everything if r.hidden], folder)

    # --- staff's choices: the official version, hidden reports ----------------------------
    def choose(self, meeting_folder: str, folder: str, action: str, by: str) -> None:
        """Record a choice about a listed report; ChoiceError (plain words) when it cannot be made."""
        if meeting_folder not in self._meeting_folders():
            raise ChoiceError("That meeting has no reports in the outputs folder; reload the page.")
        with self._lock:
            record_choice(self.outputs / meeting_folder, folder, action, by)

    # --- status at a glance, data issues new and known ------------------------------------
    def glance(self, code: str, as_of_text: str = "") -> tuple[Glance, list[MarkedIssue], SentIssues | None]:
        """The meeting's statuses and counts as of a date (the report's own code), its data issues marked
        new or known against the report marked as sent to the Committee (the meeting's, else the previous
        meeting's; never a draft), and that report (None: none to compare with, every issue is new).
        ValueError in plain words."""
        with self._lock:
            self._refresh()
            inputs, problem = self._inputs, self._problem
        if inputs is None or problem:
            raise ValueError("The input workbooks have problems; fix them first (see the list on the first page).")
        meeting = inputs.meeting(code)
        if meeting is None:
            raise LookupError(code)
        as_of = parse_as_of(as_of_text, meeting)
        try:
            computed = meeting_statuses(inputs, code, as_of)
        except ReportRequestError as error:
            raise ValueError(str(error)) from None
        sent = known_issues(self.outputs, inputs, meeting)
        return (glance(inputs, computed.meeting, computed.as_of, computed.statuses),
                mark_issues(computed.issues, sent.keys if sent else None), sent)

    # --- what changed in the inputs since the report sent to the Committee ---------------------
    def changes_since_sent(self, meeting: Meeting) -> list[str] | None:
        """One line per sheet whose rows changed since the report marked as sent was made; None when no
        report is marked or it did not record its inputs (pipeline/publish/input_changes.py)."""
        official = read_choices(self.outputs / meeting_folder_name(meeting.code)).official
        manifest = read_manifest(self.outputs / meeting_folder_name(meeting.code) / official.folder) if official else None
        if manifest is None or not manifest.inputs:
            return None
        current = {name: current_checksum(self.inputs, name) for name in manifest.inputs}
        key = (official.folder, tuple(sorted(current.items())))
        if key not in self._changes:
            if current == manifest.inputs:
                self._changes[key] = []
            else:
                with tempfile.TemporaryDirectory(prefix="stc-sent-inputs-") as folder:
                    try:
                        materialise(self.outputs, manifest.inputs, Path(folder))
                    except InputsRefused:
                        return None
                    self._changes[key] = [c.line() for c in input_changes(Path(folder), self.inputs)]
        return self._changes[key]

    # --- the monthly history ----------------------------------------------------------------
    def snapshot_months(self) -> list[str]:
        """The months ('2011-08') with a stored status snapshot, oldest first."""
        return stored_months(snapshots_folder(self.outputs))

    def last_snapshot_written(self) -> str:
        """When the newest snapshot file was written ('29 November 2026, 18:31'), or ''."""
        folder = snapshots_folder(self.outputs)
        months = self.snapshot_months()
        if not months:
            return ""
        times = [(folder / f"{m}.json").stat().st_mtime for m in months if (folder / f"{m}.json").is_file()]
        return moment_text(max(times)) if times else ""

    # --- the outputs ------------------------------------------------------------------
    def _meeting_folders(self) -> list[str]:
        """The folders under outputs/ holding reports (their index lists at least one)."""
        if not self.outputs.is_dir():
            return []
        with os.scandir(self.outputs) as found:
            names = sorted(e.name for e in found if not e.name.startswith(".") and e.is_dir(follow_symlinks=False))
        return [name for name in names if self._index.reports(self.outputs / name)]

    def reports(self, meeting_folder: str, with_hidden: bool = False) -> list[Report]:
        """The meeting's published reports, newest first, each with staff's choices about it, from the
        meeting's index (pipeline/publish/report_index.py), not from every report.json; symbolic links
        are skipped; hidden ones only `with_hidden` (a hidden report's files are still served)."""
        folder = self.outputs / meeting_folder
        if "/" in meeting_folder or meeting_folder.startswith(".") or folder.is_symlink() or not folder.is_dir():
            return []
        entries = self._index.reports(folder)
        choices_stamp = _stamp(folder / CHOICES)
        cached = self._listed.get(meeting_folder)
        if cached is not None and cached[0][0] is entries and cached[0][1] == choices_stamp:
            everything = cached[1]
        else:
            choices = read_choices(folder)
            everything = [_report(meeting_folder, entry, choices) for entry in entries]
            self._listed[meeting_folder] = ((entries, choices_stamp), everything)
        return everything if with_hidden else [r for r in everything if r.hidden is None]

    def report_of_run(self, run_id: str) -> Report | None:
        for meeting_folder in self._meeting_folders():
            for report in self.reports(meeting_folder, with_hidden=True):
                if report.run_id == run_id:
                    return report
        return None

    def find_file(self, meeting_folder: str, folder: str, kind: str) -> FoundFile | None:
        """The recorded file, or None: every step is a lookup, and the path must stay inside outputs."""
        if kind not in CONTENT_TYPES or meeting_folder not in self._meeting_folders():
            return None
        report = next((r for r in self.reports(meeting_folder, with_hidden=True) if r.folder == folder), None)
        if report is None or kind not in report.files or (self.outputs / meeting_folder / folder).is_symlink():
            return None
        path = self.outputs / meeting_folder / folder / report.files[kind]
        if path.is_symlink() or not path.is_file():
            return None
        root = self.outputs.resolve()
        real = path.resolve()
        if not real.is_relative_to(root) or real.parent.parent.parent != root:
            return None
        if report.official and report.as_of_warnings:  # sent: without the what-if line (sent_copy.py)
            clean = unmarked_file(self.outputs / meeting_folder, folder, report.files[kind])
            if clean is not None and not clean.is_symlink() and clean.resolve().is_relative_to(root):
                real = clean.resolve()
        return FoundFile(real, CONTENT_TYPES[kind], report.download_name(kind))


def _report(meeting_folder: str, entry: IndexedReport, choices: MeetingChoices) -> Report:
    official = choices.official if choices.official and choices.official.folder == entry.folder else None
    return Report(meeting_folder=meeting_folder, folder=entry.folder, symbol=entry.symbol, as_of=entry.as_of,
                  generated_at=entry.generated_at, run_id=entry.run_id, summary=entry.summary,
                  files=entry.files, no_pdf=entry.no_pdf, as_of_warnings=entry.as_of_warnings, official=official,
                  hidden=choices.hidden.get(entry.folder), editions=entry.editions)


def _stamp(path: Path) -> tuple | None:
    """When and how a file last changed (None when it is missing): what cached readings are keyed by."""
    try:
        s = path.stat()
    except OSError:
        return None
    return s.st_mtime_ns, s.st_size, s.st_ino


_WRITTEN_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
DATE_HINT = "write it as 31 August 2011, 31 Aug 2011 or 2011-08-31"


def parse_day(text: str) -> date:
    """A date as staff type it: '31 August 2011', '31 Aug 2011' or 2011-08-31; ValueError in plain words."""
    text = " ".join((text or "").split())
    found = _WRITTEN_DATE.match(text)
    try:
        if found and found.group(2).lower() in MONTHS:
            return date(int(found.group(3)), MONTHS[found.group(2).lower()], int(found.group(1)))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a day of the calendar; {DATE_HINT}.") from None
    raise ValueError(f"'{text}' is not a date this page can read; {DATE_HINT}.")


def parse_as_of(text: str, meeting: Meeting) -> date:
    """The form's date, or the meeting's 'Status as of' when left empty; ValueError in plain words."""
    text = (text or "").strip()
    if not text:
        return default_as_of(meeting)
    return parse_day(text)

