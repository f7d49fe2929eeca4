"""Staff's choices about a meeting's reports: which one is the version sent to the Committee
(the official one), which are hidden from the list (made by mistake), with who chose and when.

One small JSON file per meeting folder, `outputs/<meeting>/choices.json`, read and written
only here. It is written whole (a temporary file renamed into place) under a lock, so two
people choosing at once never leave half a file, and it survives restarts. Report files are
never deleted: hiding only leaves a report out of the list, and it can be restored.

Also here: the data issues of the report marked as sent (its report.json), to mark the issues
of a new run, of the command line and of the staff page as known or new, by one rule
(known_issues; pipeline/history/known_issues.py).
"""
from __future__ import annotations

import fcntl
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.assemble import previous_meeting
from pipeline.model import Inputs, Meeting
from pipeline.publish.manifest import read_json_object, read_manifest
from pipeline.publish.output_folder import meeting_folder_name

CHOICES = "choices.json"
LOCK = ".choices.lock"
FORMAT = "stc-report-choices"
HISTORY_KEPT = 200  # the latest choices kept in the file's history


class ChoiceError(ValueError):
    """The choice cannot be made (no such report); the message is for the person."""


@dataclass(frozen=True)
class Choice:
    folder: str
    by: str
    at: str  # ISO date and time


@dataclass(frozen=True)
class MeetingChoices:
    official: Choice | None = None
    hidden: dict[str, Choice] = field(default_factory=dict)  # report folder -> who hid it, when
    history: tuple[dict, ...] = ()  # every choice made, oldest first: {"action", "folder", "by", "at"}


def _path(meeting_dir: Path) -> Path:
    return Path(meeting_dir) / CHOICES


def _choice(value: object) -> Choice | None:
    if not isinstance(value, dict) or not isinstance(value.get("folder"), str) or not value["folder"]:
        return None
    return Choice(value["folder"], str(value.get("by") or ""), str(value.get("at") or ""))


def read_choices(meeting_dir: Path) -> MeetingChoices:
    """The meeting's choices; none when the file is missing or cannot be read (a symbolic link is not read)."""
    data = read_json_object(_path(meeting_dir))
    if data is None:
        return MeetingChoices()
    hidden_raw = data.get("hidden") if isinstance(data.get("hidden"), dict) else {}
    hidden = {folder: c for folder, value in hidden_raw.items()
              if (c := _choice({**value, "folder": folder} if isinstance(value, dict) else None))}
    history = tuple(h for h in data.get("history") or () if isinstance(h, dict)) if isinstance(
        data.get("history"), list) else ()
    return MeetingChoices(_choice(data.get("official")), hidden, history)


def _write(meeting_dir: Path, choices: MeetingChoices) -> None:
    data = {
        "format": FORMAT, "version": 1,
        "official": None if choices.official is None else vars(choices.official),
        "hidden": {folder: {"by": c.by, "at": c.at} for folder, c in choices.hidden.items()},
        "history": list(choices.history[-HISTORY_KEPT:]),
    }
    handle, partial = tempfile.mkstemp(prefix=".choices-", suffix=".partial", dir=meeting_dir)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2, ensure_ascii=False)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, _path(meeting_dir))
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


OFFICIAL, NOT_OFFICIAL, HIDE, RESTORE = "official", "not official", "hide", "restore"
ACTIONS = (OFFICIAL, NOT_OFFICIAL, HIDE, RESTORE)


def record_choice(meeting_dir: Path, folder: str, action: str, by: str, at: datetime | None = None) -> MeetingChoices:
    """Record one choice about the report `folder` of this meeting folder and return the choices.

    `official` makes it the version sent to the Committee (replacing another one, and restoring it
    when hidden); `not official` takes that mark away; `hide` leaves it out of the list (an
    official report loses the mark); `restore` lists it again. The report must be published there.
    """
    meeting_dir = Path(meeting_dir)
    if action not in ACTIONS:
        raise ChoiceError(f"'{action}' is not a choice this page knows.")
    if (meeting_dir.is_symlink() or not (meeting_dir / folder).is_dir() or "/" in folder or folder.startswith(".")
            or read_manifest(meeting_dir / folder) is None):
        raise ChoiceError("That report is not in the outputs folder any more; reload the page.")
    stamp = (at or datetime.now()).replace(microsecond=0).isoformat()
    with open(meeting_dir / LOCK, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        current = read_choices(meeting_dir)
        official, hidden = current.official, dict(current.hidden)
        if action == OFFICIAL:
            official = Choice(folder, by, stamp)
            hidden.pop(folder, None)
        elif action == NOT_OFFICIAL:
            if official is not None and official.folder == folder:
                official = None
        elif action == HIDE:
            hidden[folder] = Choice(folder, by, stamp)
            if official is not None and official.folder == folder:
                official = None
        else:
            hidden.pop(folder, None)
        entry = {"action": action, "folder": folder, "by": by, "at": stamp}
        updated = MeetingChoices(official, hidden, current.history + (entry,))
        _write(meeting_dir, updated)
    return updated


@dataclass(frozen=True)
class SentIssues:
    """The data issues of a report marked as sent to the Committee: what 'known' is measured against."""

    keys: frozenset[tuple[str, str]]  # (place, text) of each issue it listed
    meeting: str  # the meeting it was sent to (this meeting's, or the previous meeting's)
    folder: str  # its report folder
    as_of: str  # its status date (ISO)


def _sent_issues(outputs: Path, meeting_code: str, before: str = "") -> SentIssues | None:
    meeting_dir = Path(outputs) / meeting_folder_name(meeting_code)
    official = read_choices(meeting_dir).official
    if official is not None and before and official.folder >= before:
        official = None  # made after the report being made again: it cannot have been sent then
    manifest = read_manifest(meeting_dir / official.folder) if official else None
    if manifest is None or manifest.issues is None:
        return None
    return SentIssues(manifest.issues, meeting_code, official.folder, manifest.as_of)


def sent_issue_keys(outputs: Path, meeting_code: str, previous_meeting: str = "",
                    before: str = "") -> SentIssues | None:
    """The data issues a person has seen go to the Committee: those listed in the meeting's report marked
    as sent; when none is marked, those of the previous meeting's report marked as sent
    (`previous_meeting`, its code); None when neither exists (every issue is then new). Drafts never
    count: an issue listed only in a draft made minutes earlier has been reviewed by nobody.
    `before`: a report folder's name, when that report is made again: a report of this meeting made
    at or after it is not taken as the one sent."""
    found = _sent_issues(outputs, meeting_code, before)
    if found is None and previous_meeting:
        found = _sent_issues(outputs, previous_meeting)
    return found


def known_issues(outputs: Path, inputs: Inputs, meeting: Meeting, before: str = "") -> SentIssues | None:
    """What 'known' means for a data issue, the same everywhere (the staff page's status at a glance,
    a run's workbook, the command line): listed in the report marked as sent to the Committee for
    this meeting, else for the previous meeting (sent_issue_keys)."""
    previous = previous_meeting(inputs, meeting)
    return sent_issue_keys(outputs, meeting.code, previous.code if previous else "", before)
