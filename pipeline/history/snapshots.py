"""Monthly status snapshots: what every activity's status was at a month's end, kept.

A snapshot is one JSON file per month, `<folder>/<YYYY-MM>.json` (the folder is
`<outputs>/snapshots/` by default), written whole or not at all: into a hidden
temporary file first, then linked into place in one step. A month that is
stored already is never overwritten unless `replace=True` is passed on
purpose, and writing one month never touches another. The format is described
in FORMAT_NOTE, which is also written as README.txt beside the snapshots, so
that the files can be read without this product (any JSON reader; in pandas,
`pandas.json_normalize(json.load(f)["activities"])`).

The records here (SnapshotRow, EvidenceRef) are also what changes.py compares,
so "what changed" works the same on stored snapshots and on statuses just computed.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pipeline.dates import format_date, month_end
from pipeline.status.vocabulary import STATUS_ORDER, ActivityStatus, Status

FORMAT_NAME = "stc-status-snapshot"
FORMAT_VERSION = 1
SNAPSHOTS_FOLDER = "snapshots"
README_NAME = "README.txt"
_MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})$")
_MONTH_OR_DAY = re.compile(r"^(\d{4})-(\d{2})(?:-\d{2})?$")

FORMAT_NOTE = """\
Monthly status snapshots of the CMS/CITES joint activities
==========================================================

One file per month, named YYYY-MM.json (e.g. 2011-08.json): the implementation
status of every activity as of the last day of that month, with the log rows
(evidence) each status rests on. Files are UTF-8 JSON. A month's file is written
once; a later run for the same month replaces it only when asked to on purpose,
and other months are never rewritten.

Top-level fields
  format             "stc-status-snapshot"
  version            1
  month              "2011-08"
  as_of              "2011-08-31"  the date the statuses are computed at (the month's end)
  generated_at       when the snapshot was computed (ISO 8601)
  run_id             the Dagster run that wrote it ("" outside Dagster)
  meeting            the Standing Committee meeting whose programmes are followed (e.g. "StC38")
  programmes         the programme identifiers included
  settings           the thresholds used: warning_horizon_months, ongoing_recency_months
  counts             per programme: {status: number of activities}, only statuses that occur
  activities         one object per activity, in document order

Fields of each activity
  programme          programme identifier (as in programmes.xlsx)
  code               activity code, unique within the programme
  theme              theme letter
  group              group heading inside the theme
  description        the activity as written
  timeframe          the timeframe as written
  timeframe_read_as  how the timeframe was read, in words
  lead               CMS, the programme's partner (e.g. CITES), Joint or empty
  species            list of species common names
  external_funding   true when subject to external funding
  status             one of: Completed, In progress, Ongoing, Not yet due, Not started, At risk,
                     Stalled, Pending decision, Overdue, Postponed, Cancelled, Timeframe not recognised
  reason             one sentence: why this status
  since              date it entered this status, or null
  next_due           next date something is due, or null
  last_evidence      date of the latest evidence, or null
  evidence           list of the log rows counted: {entry, date, outcome, event}; entry is the
                     Entry column of meeting_log.xlsx, date the last day the event can have happened

Dates are written YYYY-MM-DD; a missing date is null.
"""


# ---------------------------------------------------------------- months


def month_key(d: date) -> str:
    """'2011-08' for any day of August 2011."""
    return f"{d.year:04d}-{d.month:02d}"


def parse_month_key(key: str) -> date:
    """The month's end for '2011-08' (also accepts '2011-08-01', a Dagster-style key)."""
    m = _MONTH_OR_DAY.match(key.strip())
    if m is None or not 1 <= int(m[2]) <= 12:
        raise ValueError(f"'{key}' is not a month; expected YYYY-MM, e.g. 2011-08")
    return month_end(date(int(m[1]), int(m[2]), 1))


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class EvidenceRef:
    """A log row a status rests on, as a snapshot keeps it."""

    entry: str  # the log's Entry id
    date: date | None  # the last day it can have happened
    outcome: str = ""
    event: str = ""

    @property
    def label(self) -> str:
        """'L21 Second joint meeting (31 August 2011)': enough to find the row in the log."""
        text = f"{self.entry} {self.event}".strip()
        return f"{text} ({format_date(self.date)})" if self.date else text


@dataclass(frozen=True)
class SnapshotRow:
    """One activity's status as of a date: what a snapshot stores and what changes compare."""

    programme_id: str
    code: str
    theme: str
    description: str
    status: Status
    evidence: tuple[EvidenceRef, ...] = ()
    group: str = ""
    timeframe: str = ""
    timeframe_read_as: str = ""
    lead: str = ""
    species: tuple[str, ...] = ()
    external_funding: bool = False
    reason: str = ""
    since: date | None = None
    next_due: date | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.programme_id, self.code.strip().upper())

    @property
    def evidence_ids(self) -> frozenset[str]:
        return frozenset(e.entry for e in self.evidence)

    @property
    def last_evidence(self) -> date | None:
        dates = [e.date for e in self.evidence if e.date]
        return max(dates) if dates else None


def snapshot_row(s: ActivityStatus | SnapshotRow) -> SnapshotRow:
    """The row a snapshot keeps for a computed status (a row is returned as it is)."""
    if isinstance(s, SnapshotRow):
        return s
    a, t = s.activity, s.timeframe
    evidence = tuple(EvidenceRef(e.id, e.latest, e.outcome, e.title) for e in s.evidence)
    return SnapshotRow(
        programme_id=a.programme_id, code=a.code, theme=a.theme_code, description=a.description,
        status=s.status, evidence=evidence, group=a.group, timeframe=a.timeframe,
        timeframe_read_as=t.read_as, lead=a.lead, species=tuple(a.species),
        external_funding=a.external_funding, reason=s.reason, since=s.since, next_due=s.next_due)


def snapshot_rows(items: Iterable[ActivityStatus | SnapshotRow]) -> tuple[SnapshotRow, ...]:
    return tuple(snapshot_row(s) for s in items)


@dataclass(frozen=True)
class Snapshot:
    """Every followed activity's status as of one date (a month's end when stored)."""

    as_of: date
    rows: tuple[SnapshotRow, ...]
    meeting: str = ""
    programmes: tuple[str, ...] = ()
    settings: Mapping[str, int] = field(default_factory=dict)
    generated_at: datetime | None = None
    run_id: str = ""

    @property
    def month(self) -> str:
        return month_key(self.as_of)

    def rows_of(self, programme_id: str) -> tuple[SnapshotRow, ...]:
        return tuple(r for r in self.rows if r.programme_id == programme_id)

    def counts(self) -> dict[str, dict[str, int]]:
        """Per programme, {status: activities}, statuses in report order, only those that occur."""
        result: dict[str, dict[str, int]] = {}
        for programme in self.programmes or tuple(dict.fromkeys(r.programme_id for r in self.rows)):
            rows = self.rows_of(programme)
            result[programme] = {s.value: n for s in STATUS_ORDER if (n := sum(r.status is s for r in rows))}
        return result


def make_snapshot(
    as_of: date,
    statuses: Mapping[str, Sequence[ActivityStatus | SnapshotRow]] | Sequence[ActivityStatus | SnapshotRow],
    meeting: str = "",
    settings: object | None = None,
    generated_at: datetime | None = None,
    run_id: str = "",
) -> Snapshot:
    """A snapshot of statuses computed as of `as_of` (by programme, or one flat sequence)."""
    if isinstance(statuses, Mapping):
        rows = snapshot_rows(s for group in statuses.values() for s in group)
        programmes = tuple(statuses)
    else:
        rows = snapshot_rows(statuses)
        programmes = tuple(dict.fromkeys(r.programme_id for r in rows))
    thresholds = {}
    if settings is not None:
        thresholds = {k: getattr(settings, k) for k in ("warning_horizon_months", "ongoing_recency_months")}
    return Snapshot(as_of, rows, meeting, programmes, thresholds,
                    generated_at or datetime.now().replace(microsecond=0), run_id)


# ---------------------------------------------------------------- the file format


class SnapshotExistsError(FileExistsError):
    """A snapshot for this month is stored already and was not asked to be replaced."""


class SnapshotFormatError(ValueError):
    """A file in the snapshots folder is not a snapshot this product can read."""


def snapshots_folder(outputs: Path) -> Path:
    """Where the monthly snapshots live by default: <outputs>/snapshots/."""
    return Path(outputs) / SNAPSHOTS_FOLDER


def snapshot_path(folder: Path, month: str) -> Path:
    parse_month_key(month)
    return Path(folder) / f"{month[:7]}.json"


def _iso(d: date | datetime | None) -> str | None:
    return d.isoformat() if d else None


def _to_json(snapshot: Snapshot) -> dict:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "month": snapshot.month,
        "as_of": snapshot.as_of.isoformat(),
        "generated_at": _iso(snapshot.generated_at),
        "run_id": snapshot.run_id,
        "meeting": snapshot.meeting,
        "programmes": list(snapshot.programmes),
        "settings": dict(snapshot.settings),
        "counts": snapshot.counts(),
        "activities": [
            {
                "programme": r.programme_id, "code": r.code, "theme": r.theme, "group": r.group,
                "description": r.description, "timeframe": r.timeframe,
                "timeframe_read_as": r.timeframe_read_as, "lead": r.lead, "species": list(r.species),
                "external_funding": r.external_funding, "status": r.status.value, "reason": r.reason,
                "since": _iso(r.since), "next_due": _iso(r.next_due), "last_evidence": _iso(r.last_evidence),
                "evidence": [{"entry": e.entry, "date": _iso(e.date), "outcome": e.outcome, "event": e.event}
                             for e in r.evidence],
            }
            for r in snapshot.rows
        ],
    }


def _date(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _check_format(data: object, where: Path) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise SnapshotFormatError(f"{where} is not a status snapshot (no \"format\": \"{FORMAT_NAME}\").")
    if data.get("version") != FORMAT_VERSION:
        raise SnapshotFormatError(f"{where} is version {data.get('version')}; this product reads version {FORMAT_VERSION}.")


def _from_json(data: dict, where: Path) -> Snapshot:
    _check_format(data, where)
    try:
        rows = tuple(
            SnapshotRow(
                programme_id=a["programme"], code=a["code"], theme=a.get("theme", ""),
                description=a.get("description", ""), status=Status(a["status"]),
                evidence=tuple(EvidenceRef(e["entry"], _date(e.get("date")), e.get("outcome", ""),
                                           e.get("event", "")) for e in a.get("evidence", ())),
                group=a.get("group", ""), timeframe=a.get("timeframe", ""),
                timeframe_read_as=a.get("timeframe_read_as", ""), lead=a.get("lead", ""),
                species=tuple(a.get("species", ())), external_funding=bool(a.get("external_funding")),
                reason=a.get("reason", ""), since=_date(a.get("since")), next_due=_date(a.get("next_due")))
            for a in data["activities"])
        generated = data.get("generated_at")
        return Snapshot(
            as_of=date.fromisoformat(data["as_of"]), rows=rows, meeting=data.get("meeting", ""),
            programmes=tuple(data.get("programmes", ())), settings=dict(data.get("settings", {})),
            generated_at=datetime.fromisoformat(generated) if generated else None,
            run_id=data.get("run_id", ""))
    except (KeyError, TypeError, ValueError) as error:
        raise SnapshotFormatError(f"{where} could not be read as a status snapshot: {error}") from None


def write_snapshot(folder: Path, snapshot: Snapshot, replace: bool = False) -> Path:
    """Store the snapshot as <folder>/<YYYY-MM>.json and return its path.

    The file appears whole or not at all. An existing month raises
    SnapshotExistsError (the stored file is left as it was) unless replace=True.
    """
    if snapshot.as_of != month_end(snapshot.as_of):
        raise ValueError(f"A monthly snapshot is as of a month's end; {snapshot.as_of.isoformat()} is not one.")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    final = snapshot_path(folder, snapshot.month)
    if final.exists() and not replace:
        raise _exists(final, snapshot.month)
    _write_readme(folder)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{snapshot.month}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(_to_json(snapshot), out, ensure_ascii=False, indent=1)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        if replace:
            os.replace(tmp, final)
        else:
            _link_new(tmp, final, snapshot.month)
    finally:
        tmp.unlink(missing_ok=True)
    return final


def _exists(path: Path, month: str) -> SnapshotExistsError:
    return SnapshotExistsError(
        f"The snapshot for {month} is stored already ({path}) and was kept as it is. "
        "To replace it on purpose, run again with replace set to true.")


def _link_new(tmp: Path, final: Path, month: str) -> None:
    """Put tmp in place only if nothing is there, even if another run writes the same month now."""
    try:
        os.link(tmp, final)
    except FileExistsError:
        raise _exists(final, month) from None
    except OSError:  # a file system without hard links
        if final.exists():
            raise _exists(final, month) from None
        os.replace(tmp, final)


def _write_readme(folder: Path) -> None:
    readme = folder / README_NAME
    if not readme.exists():
        readme.write_text(FORMAT_NOTE, encoding="utf-8")


def _load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise SnapshotFormatError(f"{path} is not valid JSON: {error}") from None


def read_snapshot(path: Path) -> Snapshot:
    path = Path(path)
    return _from_json(_load(path), path)


_STATUS_BY_VALUE = {status.value: status for status in Status}  # Status(value), without the enum's lookup


@dataclass(frozen=True)
class StoredStatuses:
    """What counting needs of a stored month: its date, its programmes, and per activity
    (programme, theme, status), in the file's order."""

    as_of: date
    programmes: tuple[str, ...]
    rows: tuple[tuple[str, str, Status], ...]


def read_statuses(path: Path) -> StoredStatuses:
    """Only the statuses of a stored snapshot, for the trend: the same file and format checks
    as read_snapshot, without building every row's evidence and texts (at a hundred times
    the bundled data a month is 4 MB, and the trend reads every month)."""
    path = Path(path)
    data = _load(path)
    _check_format(data, path)
    try:
        by_value = _STATUS_BY_VALUE
        rows = tuple((a["programme"], a.get("theme", ""), by_value.get(a["status"]) or Status(a["status"]))
                     for a in data["activities"])
        return StoredStatuses(date.fromisoformat(data["as_of"]), tuple(data.get("programmes", ())), rows)
    except (KeyError, TypeError, ValueError) as error:
        raise SnapshotFormatError(f"{path} could not be read as a status snapshot: {error}") from None


def stored_months(folder: Path) -> list[str]:
    """The months stored in the folder, oldest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json") if _MONTH_KEY.match(p.stem))


def read_month(folder: Path, month: str) -> Snapshot | None:
    """The stored snapshot of a month ('2011-08'), or None when there is none."""
    path = snapshot_path(folder, month)
    return read_snapshot(path) if path.is_file() else None


def read_snapshots(folder: Path) -> tuple[Snapshot, ...]:
    """Every stored snapshot, oldest first."""
    return tuple(read_snapshot(snapshot_path(folder, m)) for m in stored_months(folder))
