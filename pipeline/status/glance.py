"""Status at a glance: every activity of a meeting's programmes with its status and reason, and
the counts per theme and per species, without making a report.

The statuses come from pipeline.assemble.meeting_statuses and the counts from
pipeline.status.rollups.compute_rollups, the code the report itself uses, so the numbers are
the report's. `stc-report status` prints it (table, CSV or JSON) and the staff page shows it.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pipeline.dates import format_date
from pipeline.model import Inputs, Meeting
from pipeline.status.rollups import compute_rollups
from pipeline.status.vocabulary import STATUS_ORDER, ActivityStatus, Rollup, Status

FORMATS = ("table", "csv", "json")
ACTIVITY_HEADERS = ("Programme", "Code", "Theme", "Status", "Reason", "Lead", "Next due", "Last evidence",
                    "Description")


@dataclass(frozen=True)
class ProgrammeGlance:
    id: str
    title: str
    statuses: tuple[ActivityStatus, ...]
    rollups: tuple[Rollup, ...]  # the programme total, then per theme, then per species

    @property
    def total(self) -> Rollup:
        return self.rollups[0]

    def of(self, dimension: str) -> list[Rollup]:
        return [r for r in self.rollups if r.dimension == dimension]


@dataclass(frozen=True)
class Glance:
    meeting: Meeting
    as_of: date
    programmes: tuple[ProgrammeGlance, ...]

    @property
    def shown_statuses(self) -> list[Status]:
        """The statuses that occur, in report order: the columns of the count tables."""
        return [s for s in STATUS_ORDER if any(p.total.count(s) for p in self.programmes)]


def glance(inputs: Inputs, meeting: Meeting, as_of: date,
           statuses: Mapping[str, Sequence[ActivityStatus]]) -> Glance:
    """The glance of `statuses` (by programme id, as meeting_statuses gives them)."""
    programmes = []
    for programme_id, found in statuses.items():
        programme = inputs.programme(programme_id).as_of(as_of)  # its title on the status date
        rollups = compute_rollups(programme, inputs.themes_of(programme_id), found, inputs.species)
        programmes.append(ProgrammeGlance(programme_id, programme.title, tuple(found), rollups))
    return Glance(meeting, as_of, tuple(programmes))


SHORT = 70  # characters of an activity's description shown beside its code


def short_description(text: str, limit: int = SHORT) -> str:
    """An activity's description, short enough to stand beside its code: its first sentence when that is
    short, else cut at a word and ended with '…' ('Organize a workshop on saiga conservation …')."""
    text = " ".join((text or "").split())
    first = text.split(". ", 1)[0].rstrip(".")
    if len(first) <= limit:
        return first
    cut = first[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:-")
    return f"{cut}…"


def _date(d: date | None) -> str:
    return format_date(d) if d else ""


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def activity_rows(g: Glance, dates=_date) -> list[tuple[str, ...]]:
    """(programme, code, theme, status, reason, lead, next due, last evidence, description) per activity."""
    return [(p.id, s.activity.code, s.activity.theme_code, s.status.value, s.reason, s.activity.lead,
             dates(s.next_due), dates(s.last_evidence), " ".join(s.activity.description.split()))
            for p in g.programmes for s in p.statuses]


def count_rows(g: Glance) -> list[tuple]:
    """(programme, 'Theme'/'Species'/'Total', name, total, count per shown status)."""
    shown = g.shown_statuses
    rows = []
    for p in g.programmes:
        for r in p.rollups:
            kind = {"programme": "Total", "theme": "Theme", "species": "Species"}[r.dimension]
            name = p.title if r.dimension == "programme" else (f"({r.key}) {r.label}" if r.dimension == "theme"
                                                               else r.label)
            rows.append((p.id, kind, name, r.total, *(r.count(s) for s in shown)))
    return rows


def as_json(g: Glance) -> str:
    return json.dumps({
        "meeting": g.meeting.code, "as_of": g.as_of.isoformat(),
        "programmes": [{
            "id": p.id, "title": p.title,
            "counts": {s.value: n for s, n in p.total.counts if n},
            "themes": {r.key: {"title": r.label, "total": r.total, "counts": {s.value: n for s, n in r.counts if n}}
                       for r in p.of("theme")},
            "species": {r.key: {"total": r.total, "counts": {s.value: n for s, n in r.counts if n}}
                        for r in p.of("species")},
            "activities": [{
                "code": s.activity.code, "theme": s.activity.theme_code, "status": s.status.value,
                "reason": s.reason, "lead": s.activity.lead,
                "next_due": s.next_due.isoformat() if s.next_due else None,
                "last_evidence": s.last_evidence.isoformat() if s.last_evidence else None,
                "description": s.activity.description,
            } for s in p.statuses],
        } for p in g.programmes],
    }, indent=2, ensure_ascii=False)


# A text cell that starts with one of these is taken by Excel (and LibreOffice) for a formula when
# the CSV is opened: '=HYPERLINK("http://…?"&A1,"click")' would send the sheet away. As OWASP
# advises for CSV injection, such a cell is written with a leading single quote, which Excel
# shows as text. The JSON stays exact: it is for programs, not spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """`value`, or a text that starts like a formula with a single quote before it."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value


def _safe_rows(rows: Sequence[Sequence[object]]) -> list[list[object]]:
    return [[spreadsheet_safe(v) for v in row] for row in rows]


def as_csv(g: Glance) -> str:
    """The activities, one row each; then a blank line and the counts. Every text cell is safe to open
    in a spreadsheet (spreadsheet_safe)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ACTIVITY_HEADERS)
    writer.writerows(_safe_rows(activity_rows(g, dates=_iso)))  # YYYY-MM-DD: what a spreadsheet reads as a date
    writer.writerow(())
    writer.writerow(("Programme", "Counted", "Name", "Activities", *(s.value for s in g.shown_statuses)))
    writer.writerows(_safe_rows(count_rows(g)))
    return out.getvalue()


def _fixed(rows: Sequence[Sequence[object]], headers: Sequence[str], widest: int = 60) -> list[str]:
    texts = [[str(v) for v in row] for row in rows]
    widths = [min(widest, max([len(h)] + [len(r[i]) for r in texts])) for i, h in enumerate(headers)]
    widths[-1] = max([len(headers[-1])] + [len(r[-1]) for r in texts])  # the last column is never cut
    cut = lambda v, w: v if len(v) <= w else v[: w - 1] + "…"  # noqa: E731
    line = lambda row: "  ".join(cut(v, w).ljust(w) for v, w in zip(row, widths)).rstrip()  # noqa: E731
    return [line(headers), line(["-" * w for w in widths])] + [line(r) for r in texts]


def as_table(g: Glance) -> str:
    """A plain-text table per programme: its activities, then the counts per theme and species."""
    lines = [f"Status of the activities of {g.meeting.code} as of {format_date(g.as_of)}"]
    shown = g.shown_statuses
    for p in g.programmes:
        lines += ["", f"{p.title} ({p.id}): {p.total.total} activities", ""]
        order = (1, 2, 3, 5, 6, 7, 4)  # code, theme, status, lead, next due, last evidence, then the reason whole
        rows = [[r[i] for i in order] for r in activity_rows(g) if r[0] == p.id]
        lines += _fixed(rows, [ACTIVITY_HEADERS[i] for i in order])
        lines.append("")
        counts = [r[1:] for r in count_rows(g) if r[0] == p.id]
        lines += _fixed(counts, ("Counted", "Name", "Activities", *(s.value for s in shown)), widest=50)
    return "\n".join(lines)


def render(g: Glance, fmt: str) -> str:
    return {"table": as_table, "csv": as_csv, "json": as_json}[fmt](g)
