"""The input workbooks, kept version by version beside the outputs, and changed only through here.

Staff replace a workbook (from the page, `stc-report inputs replace`, an import from Word with
"Add to the inputs"); the candidate is checked together with the other current workbooks exactly
as `stc-report validate` checks them, and either refused (nothing changes) or installed in one
rename, the version it replaces kept. Every report run reads one consistent set of the workbooks
(`snapshot_inputs`), and the files of every version are kept once, named by their checksum, so
that a report can be made again from exactly the inputs it used (`stc-report rerun`).

    outputs/input-versions/<sha256>.xlsx            every version ever installed or reported from
    outputs/input-versions/<sha256>.json            every version of the translation memory a run read
    outputs/input-versions/history/<workbook>.json  per workbook: who, when, size, checksum, validate counts
    outputs/input-versions/history/translation-memory.json   the same for the translation memory
    outputs/input-versions/runs/<run id>.json       the checksums a run read
    outputs/input-versions/.lock                    replacing holds it exclusively, a run's snapshot shared

Nothing is ever overwritten or deleted: a kept file's name is its content's checksum.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from pipeline.inputs import schema
from pipeline.inputs.load import check_inputs, format_issues
from pipeline.inputs.translation_memory import MEMORY_FILE
from pipeline.model import DataIssue
from pipeline.status.timeframes import timeframe_issues

STORE = "input-versions"
WORKBOOK_FILES = tuple(w.file for w in schema.WORKBOOKS)
# What a run reads from the inputs folder: the workbooks, and the translation memory beside them when there is one.
RUN_FILES = WORKBOOK_FILES + (MEMORY_FILE,)
MEMORY_CHANGED, MEMORY_RESTORED = "translations imported", "restored"
MAX_WORKBOOK_MB = 20
MAX_WORKBOOK_BYTES = MAX_WORKBOOK_MB * 1024 * 1024
HISTORY_FORMAT = "stc-input-history"
CHECKSUM = re.compile(r"^[0-9a-f]{64}$")
SHORT = 12  # characters of a checksum shown to staff; a version is named by at least 8 of them

REPLACED, RESTORED, IMPORTED, FOUND = "replaced", "restored", "added from Word", "as it was before"


class InputsRefused(ValueError):
    """The workbook was not installed; the message (what `stc-report validate` lists) is for the person."""

    def __init__(self, message: str, issues: list[DataIssue] | None = None):
        super().__init__(message)
        self.issues = issues or []


@dataclass(frozen=True)
class Version:
    """One version of a workbook in its history."""

    workbook: str
    checksum: str
    size: int
    action: str  # replaced, restored, added from Word, as it was before (the first version kept)
    by: str
    at: str  # ISO date and time
    problems: int = 0
    warnings: int = 0
    note: str = ""  # the file name it was uploaded as, the version restored, the programme imported

    @property
    def short(self) -> str:
        return self.checksum[:SHORT]


def store_folder(outputs: Path) -> Path:
    return Path(outputs) / STORE


def checksum_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def suffix_of(name: str) -> str:
    """The kept file's suffix for a stored file's name: '.json' for the translation memory, else '.xlsx'."""
    return ".json" if Path(name).suffix == ".json" else ".xlsx"


def kept_path(outputs: Path, checksum: str, suffix: str = ".xlsx") -> Path | None:
    """The kept file of a checksum (a workbook; '.json': a translation memory), or None when it is not one
    or not kept."""
    if not CHECKSUM.match(checksum or ""):
        return None
    path = store_folder(outputs) / f"{checksum}{suffix}"
    return path if path.is_file() and not path.is_symlink() else None


def keep(outputs: Path, path: Path) -> str:
    """Keep a copy of the file under its checksum (once, however often it is kept); the checksum."""
    folder = store_folder(outputs)
    folder.mkdir(parents=True, exist_ok=True)
    checksum = checksum_of(path)
    target = folder / f"{checksum}{'.json' if Path(path).suffix == '.json' else '.xlsx'}"
    if not target.is_file():
        _copy_whole(path, target, 0o444, prefix=".keep-")
    return checksum


def _copy_whole(source: Path, target: Path, mode: int, prefix: str) -> None:
    """Copy `source` to `target` whole or not at all: into a partial file beside it, then renamed."""
    handle, partial = tempfile.mkstemp(prefix=prefix, suffix=".partial", dir=Path(target).parent)
    os.close(handle)
    try:
        shutil.copyfile(source, partial)
        os.chmod(partial, mode)
        os.replace(partial, target)
    finally:
        Path(partial).unlink(missing_ok=True)


@contextmanager
def _locked(outputs: Path, exclusive: bool):
    folder = store_folder(outputs)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield


# --- the history of each workbook ----------------------------------------------------------

def _history_path(outputs: Path, workbook: str) -> Path:
    return store_folder(outputs) / "history" / f"{Path(workbook).stem}.json"


def history(outputs: Path, workbook: str) -> list[Version]:
    """The workbook's versions, newest first; none when nothing was ever replaced."""
    path = _history_path(outputs, workbook)
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return []
    fields = Version.__dataclass_fields__
    versions = []
    for entry in data.get("versions", []) if isinstance(data, dict) else []:
        if isinstance(entry, dict) and CHECKSUM.match(str(entry.get("checksum", ""))):
            versions.append(Version(**{k: v for k, v in entry.items() if k in fields}))
    return versions[::-1]


def _append(outputs: Path, version: Version) -> None:
    """Add one version to its workbook's history, the file written whole (renamed into place)."""
    path = _history_path(outputs, version.workbook)
    path.parent.mkdir(parents=True, exist_ok=True)
    versions = [asdict(v) for v in history(outputs, version.workbook)[::-1]] + [asdict(version)]
    data = {"format": HISTORY_FORMAT, "version": 1, "workbook": version.workbook, "versions": versions}
    handle, partial = tempfile.mkstemp(prefix=".history-", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2, ensure_ascii=False)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def current_checksum(inputs: Path, workbook: str) -> str:
    path = Path(inputs) / workbook
    return checksum_of(path) if path.is_file() else ""


def find_version(outputs: Path, version: str, workbook: str = "") -> Version:
    """A kept version by its checksum or the first 8 or more characters of it (of one workbook, or any)."""
    version = (version or "").strip().lower()
    if not re.fullmatch(r"[0-9a-f]{8,64}", version):
        raise InputsRefused(f"'{version}' is not a version: give the checksum (at least its first 8 characters) "
                            f"as `stc-report inputs history` lists it.")
    found = {v.checksum: v for name in ([workbook] if workbook else RUN_FILES)
             for v in history(outputs, name) if v.checksum.startswith(version)}
    if len(found) > 1:
        raise InputsRefused(f"'{version}' names several versions; give more of the checksum.")
    if not found or kept_path(outputs, next(iter(found)), suffix_of(next(iter(found.values())).workbook)) is None:
        raise InputsRefused(f"No kept version is named '{version}'; `stc-report inputs history` lists them.")
    return next(iter(found.values()))


# --- replacing and restoring --------------------------------------------------------------

def workbook_name(file_name: str) -> str:
    """Which input workbook a file replaces, by its name ('meeting_log (2).xlsx' is not one)."""
    name = Path(file_name.replace("\\", "/")).name
    if name not in WORKBOOK_FILES:
        raise InputsRefused(f"{name or 'The file'} is not one of the input workbooks ({', '.join(WORKBOOK_FILES)}); "
                            f"name the file as the workbook it replaces. Nothing was changed.")
    return name


def check_candidate(inputs: Path, workbook: str, candidate: Path) -> list[DataIssue]:
    """Check the candidate together with the other current workbooks, as `stc-report validate` does;
    InputsRefused with the listing when a problem must be fixed."""
    size = candidate.stat().st_size
    if size > MAX_WORKBOOK_BYTES:
        raise InputsRefused(f"{workbook} is larger than {MAX_WORKBOOK_MB} MB, so it was not read. Nothing was "
                            f"changed.")
    # Where the bounded .docx/.xlsx archive check (zip bombs: the unpacked size of the parts) is called,
    # before anything is parsed: here, on `candidate`.
    with tempfile.TemporaryDirectory(prefix="stc-candidate-") as folder:
        for name in WORKBOOK_FILES:
            source = candidate if name == workbook else Path(inputs) / name
            if source.is_file():
                shutil.copyfile(source, Path(folder) / name)
        inputs_read, issues = check_inputs(Path(folder))
    if inputs_read is None:
        raise InputsRefused(f"{workbook} was not installed: checked together with the other current inputs, it "
                            f"cannot be used yet. Nothing was changed. " + format_issues(issues), issues)
    return issues + timeframe_issues(inputs_read.activities, inputs_read.programmes)


def install(inputs: Path, outputs: Path, workbook: str, candidate: Path, by: str, action: str = REPLACED,
            note: str = "", at: datetime | None = None) -> Version:
    """Check the candidate and install it as the workbook, keeping the version it replaces; the new Version.
    InputsRefused (nothing changed) when it cannot be used or is the current version already."""
    inputs, outputs = Path(inputs), Path(outputs)
    workbook = workbook_name(workbook)
    with _locked(outputs, exclusive=True):
        issues = check_candidate(inputs, workbook, candidate)
        current = inputs / workbook
        checksum = checksum_of(candidate)
        if current.is_file():
            before = keep(outputs, current)
            if before == checksum:
                raise InputsRefused(f"This file is the current version of {workbook} already. Nothing was changed.")
            if not history(outputs, workbook):
                _append(outputs, Version(workbook, before, current.stat().st_size, FOUND, "",
                                         datetime.fromtimestamp(current.stat().st_mtime).replace(microsecond=0)
                                         .isoformat()))
        keep(outputs, candidate)
        _copy_whole(candidate, current, 0o644, prefix=f".{workbook}-")
        version = Version(workbook, checksum, candidate.stat().st_size, action, by,
                          (at or datetime.now()).replace(microsecond=0).isoformat(),
                          sum(i.fatal for i in issues), sum(not i.fatal for i in issues), note)
        _append(outputs, version)
    return version


def replace_input(inputs: Path, outputs: Path, workbook: str, data: bytes, by: str, note: str = "",
                  action: str = REPLACED) -> Version:
    """An uploaded workbook's bytes, checked and installed (see install)."""
    if len(data) > MAX_WORKBOOK_BYTES:
        raise InputsRefused(f"The file is larger than {MAX_WORKBOOK_MB} MB, so it was not read. Nothing was changed.")
    with tempfile.TemporaryDirectory(prefix="stc-upload-") as folder:
        candidate = Path(folder) / "candidate.xlsx"
        candidate.write_bytes(data)
        return install(inputs, outputs, workbook, candidate, by, action, note)


def install_edited(inputs: Path, outputs: Path, workbook: str, edit, by: str, action: str = IMPORTED,
                   note: str = "") -> Version:
    """`edit(folder)` changes a copy of the current inputs in a temporary folder (an import from Word adds
    its rows to programmes.xlsx); the changed workbook is then checked and installed as any other."""
    with tempfile.TemporaryDirectory(prefix="stc-edit-") as folder:
        for name in WORKBOOK_FILES:
            if (Path(inputs) / name).is_file():
                shutil.copyfile(Path(inputs) / name, Path(folder) / name)
        try:
            edit(Path(folder))
        except Exception as error:  # its message names the inputs folder, not this temporary copy
            error.args = tuple(a.replace(folder, str(inputs)) if isinstance(a, str) else a for a in error.args)
            raise
        return install(inputs, outputs, workbook, Path(folder) / workbook, by, action, note)


def restore_input(inputs: Path, outputs: Path, version: str, by: str, workbook: str = "") -> Version:
    """Install a kept version again (checked as any other), recorded as restored: a workbook, or the
    translation memory."""
    kept = find_version(outputs, version, workbook)
    note = f"the version of {moment(kept.at)}"
    if kept.workbook == MEMORY_FILE:
        return _install_memory(inputs, outputs, kept_path(outputs, kept.checksum, ".json"), by, note)
    return install(inputs, outputs, kept.workbook, kept_path(outputs, kept.checksum), by, RESTORED, note)


# --- the translation memory's versions ------------------------------------------------------

def record_memory(inputs: Path, outputs: Path, before: str, by: str, note: str = "",
                  action: str = MEMORY_CHANGED) -> Version | None:
    """After the memory in `inputs` was written (an import of translations): keep it and add it to the
    memory's history, with the version it replaced (checksum `before`, '' when there was none) first when
    the history is empty. None when the memory did not change."""
    path = Path(inputs) / MEMORY_FILE
    if not path.is_file():
        return None
    with _locked(outputs, exclusive=True):
        checksum = keep(outputs, path)
        if checksum == before:
            return None
        if before and not history(outputs, MEMORY_FILE) and kept_path(outputs, before, ".json") is not None:
            kept = kept_path(outputs, before, ".json")
            _append(outputs, Version(MEMORY_FILE, before, kept.stat().st_size, FOUND, "", ""))
        version = Version(MEMORY_FILE, checksum, path.stat().st_size, action, by,
                          datetime.now().replace(microsecond=0).isoformat(), note=note)
        _append(outputs, version)
    return version


def _install_memory(inputs: Path, outputs: Path, kept: Path, by: str, note: str) -> Version:
    """A kept translation memory installed again, once it reads as one; the version it replaces kept."""
    from pipeline.inputs.translation_memory import MemoryError_, load_memory

    with tempfile.TemporaryDirectory(prefix="stc-memory-") as folder:
        shutil.copyfile(kept, Path(folder) / MEMORY_FILE)
        try:
            load_memory(Path(folder))
        except MemoryError_ as error:
            raise InputsRefused(f"The kept translation memory cannot be used: "
                                f"{str(error).replace(folder, str(store_folder(outputs)))} Nothing was changed.") from None
    current = Path(inputs) / MEMORY_FILE
    before = keep(outputs, current) if current.is_file() else ""
    if before == checksum_of(kept):
        raise InputsRefused(f"This is the current version of {MEMORY_FILE} already. Nothing was changed.")
    _copy_whole(kept, current, 0o644, prefix=".translation-memory-")
    return record_memory(inputs, outputs, before, by, note, MEMORY_RESTORED)


def moment(iso: str) -> str:
    try:
        return f"{datetime.fromisoformat(iso):%d %B %Y, %H:%M}".lstrip("0")
    except ValueError:
        return iso


# --- what a run reads ------------------------------------------------------------------------

def snapshot_inputs(inputs: Path, outputs: Path) -> dict[str, str]:
    """Keep the current workbooks and translation memory (one consistent set: no replacement is installed
    meanwhile); their checksums by file name. A workbook that is missing is left out (the check then names
    it), as is the memory when there is none."""
    with _locked(outputs, exclusive=False):
        return {name: keep(outputs, Path(inputs) / name) for name in RUN_FILES
                if (Path(inputs) / name).is_file()}


def materialise(outputs: Path, checksums: dict[str, str], folder: Path) -> Path:
    """The kept workbooks of these checksums under their own names in `folder` (made); InputsRefused
    naming a workbook whose version is not kept."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, checksum in checksums.items():
        kept = kept_path(outputs, checksum, Path(name).suffix)
        if name not in RUN_FILES or kept is None:
            raise InputsRefused(f"The version {checksum[:SHORT]} of {name} is not kept in {store_folder(outputs)}.")
        try:
            os.link(kept, folder / name)
        except OSError:
            shutil.copyfile(kept, folder / name)
    return folder


def record_run_inputs(outputs: Path, run_id: str, checksums: dict[str, str]) -> None:
    path = store_folder(outputs) / "runs" / f"{re.sub(r'[^A-Za-z0-9_-]', '_', run_id)}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps({"run_id": run_id, "inputs": checksums}, indent=2), "utf-8")
    os.replace(partial, path)


def run_inputs(outputs: Path, run_id: str) -> dict[str, str] | None:
    """The checksums a run read (record_run_inputs), or None."""
    path = store_folder(outputs) / "runs" / f"{re.sub(r'[^A-Za-z0-9_-]', '_', run_id)}.json"
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    found = data.get("inputs") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else None
