"""`report.json`, the manifest of a published report: what was generated, when, by which
Dagster run, the status counts, the files, why there is no PDF when there is none, why
its status date may mislead when it may (pipeline/status/as_of_check.py), and the data issues
it listed (`issues`: place and text of each, so that the next report can mark them as known),
the inputs it was made from (`inputs`: each workbook's sha256, kept in outputs/input-versions/)
and what the run was asked (`request`), so that `stc-report rerun` makes it again exactly.

One home for it: the Dagster assets write it (through `publish`), the staff page reads
it. It is written into the staging folder, so it appears together with the files it
names, in one rename.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pipeline.history.known_issues import issue_record, keys_of_record
from pipeline.model import REPORT_LANGUAGES, TRANSLATED_LANGUAGES as TRANSLATED
from pipeline.request import ReportRequest

MANIFEST = "report.json"
KINDS = ("docx", "xlsx", "pdf")
LANGUAGES = REPORT_LANGUAGES  # the one table of languages (pipeline/languages.py)
# Every kind of file a report folder may hold: English keeps the plain kinds, the other
# languages' files are 'fr.docx', 'es.pdf' ... ('UNEP-CMS-StC38-Doc3.fr.docx').
LANGUAGE_KINDS = KINDS + tuple(f"{code}.{kind}" for code in TRANSLATED for kind in KINDS)


def kind_of(kind: str) -> tuple[str, str]:
    """'fr.docx' -> ('fr', 'docx'); 'docx' -> ('en', 'docx')."""
    code, _, extension = kind.rpartition(".")
    return code or "en", extension


def files_by_language(files: dict[str, str]) -> dict[str, dict[str, str]]:
    """{"en": {"docx": name, ...}, "fr": {...}}: the report's files per language, for report.json."""
    found: dict[str, dict[str, str]] = {}
    for kind, name in files.items():
        if kind in LANGUAGE_KINDS:
            code, extension = kind_of(kind)
            found.setdefault(code, {})[extension] = name
    return {code: found[code] for code in LANGUAGES if code in found}


def build_manifest(*, meeting: str, symbol: str, as_of: date, generated_at: datetime, run_id: str,
                   summary: dict[str, dict[str, int]], no_pdf: str = "",
                   as_of_warnings: list[str] | tuple[str, ...] = (), issues=None,
                   inputs: dict[str, str] | None = None, request: dict | None = None,
                   editions: dict[str, dict[str, int]] | None = None) -> dict:
    """The manifest's fields (publish adds `files`). `issues`: the report's DataIssues, recorded
    by place and text (pipeline/history/known_issues.py); None records nothing. `editions`: per
    language, what its workbook's Data issues sheet lists (`data_issues`) and how many of those are
    staff texts printed in English for want of a translation (`still_english`; see edition_counts)."""
    manifest = {"meeting": meeting, "symbol": symbol, "as_of": as_of.isoformat(),
                "generated_at": generated_at.isoformat(), "run_id": run_id, "summary": summary}
    if no_pdf:
        manifest["no_pdf"] = no_pdf
    if as_of_warnings:  # the status date would mislead (future, after the meeting, before the programmes)
        manifest["as_of_warnings"] = list(as_of_warnings)
    if issues is not None:
        manifest["issues"] = issue_record(issues)
    if inputs:  # workbook -> sha256 of the version the run read
        manifest["inputs"] = dict(inputs)
    if request:
        manifest["request"] = dict(request)
    if editions:
        manifest["editions"] = {code: dict(counts) for code, counts in editions.items()}
    return manifest


def edition_counts(report_in_language) -> dict[str, int]:
    """{'data_issues': what the edition's Data issues sheet lists, 'still_english': the staff texts among
    them that it prints in English}: the same figures the workbook's Summary and the run's output give."""
    from pipeline.report_model import still_english

    return {"data_issues": len(report_in_language.issues), "still_english": len(still_english(report_in_language))}


def write_manifest(folder: Path, manifest: dict) -> Path:
    """Write folder/report.json whole (a temporary file renamed into place)."""
    path = Path(folder) / MANIFEST
    partial = path.with_name(f".{MANIFEST}.partial")
    partial.write_text(json.dumps(manifest, indent=2, default=str, ensure_ascii=False), "utf-8")
    os.replace(partial, path)
    return path


@dataclass(frozen=True)
class Manifest:
    """A manifest as read back; anything missing or of the wrong kind reads as empty."""

    meeting: str
    symbol: str
    as_of: str
    generated_at: str
    run_id: str
    summary: dict
    files: dict[str, str]  # kind ('docx', 'fr.docx' ...) -> plain file name inside the report folder
    no_pdf: str = ""  # why the report has no PDF, when it has none
    as_of_warnings: tuple[str, ...] = ()  # why its status date may mislead; made anyway, on purpose
    issues: frozenset[tuple[str, str]] | None = None  # (place, text) of its data issues; None: not recorded
    inputs: dict | None = None  # workbook -> sha256 of the version it was made from; None: not recorded
    request: dict | None = None  # the run's request (ReportRequest.config()); None: not recorded
    editions: dict | None = None  # language -> {'data_issues': n, 'still_english': n}; None: not recorded

    def still_english(self, code: str) -> int | None:
        """How many staff texts the edition in a language prints in English; None when not recorded."""
        counts = (self.editions or {}).get(code)
        value = counts.get("still_english") if isinstance(counts, dict) else None
        return value if isinstance(value, int) else None


def read_json_object(path: Path) -> dict | None:
    """A small JSON file the product wrote beside the reports (report.json, choices.json, the index),
    read leniently: None when it is missing, a symbolic link (never followed), unreadable or not an object."""
    path = Path(path)
    if path.is_symlink():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def read_manifest(folder: Path) -> Manifest | None:
    """The report folder's manifest, or None when it is missing or not a manifest."""
    data = read_json_object(Path(folder) / MANIFEST)
    if data is None:
        return None
    text = lambda key: str(data.get(key) or "")  # noqa: E731
    files = {
        kind: name for kind, name in (data.get("files") if isinstance(data.get("files"), dict) else {}).items()
        if kind in LANGUAGE_KINDS and isinstance(name, str) and name and Path(name).name == name and name not in (".", "..")
    }
    return Manifest(
        meeting=text("meeting"), symbol=text("symbol"), as_of=text("as_of"), generated_at=text("generated_at"),
        run_id=text("run_id"), summary=data.get("summary") if isinstance(data.get("summary"), dict) else {},
        files=files, no_pdf=text("no_pdf"),
        as_of_warnings=tuple(str(w) for w in data["as_of_warnings"]) if isinstance(data.get("as_of_warnings"), list)
        else (),
        issues=keys_of_record(data.get("issues")),
        inputs={str(k): str(v) for k, v in data["inputs"].items()} if isinstance(data.get("inputs"), dict) else None,
        request=data.get("request") if isinstance(data.get("request"), dict) else None,
        editions=data.get("editions") if isinstance(data.get("editions"), dict) else None)


def request_of(manifest: Manifest, before: str = "", pdf: bool = True) -> ReportRequest:
    """The request that makes the report again: its meeting, dates and languages, the data issues marked
    known against the reports made `before` it (its own folder name), as they were then."""
    asked = manifest.request or {}
    day = lambda key: date.fromisoformat(str(asked[key])) if asked.get(key) else None  # noqa: E731
    languages = tuple(asked.get("languages") or ()) or tuple(files_by_language(manifest.files)) or ("en",)
    return ReportRequest(meeting=manifest.meeting, as_of=date.fromisoformat(manifest.as_of), since=day("since"),
                         languages=languages, narrative_fallback=str(asked.get("narrative_fallback") or ""),
                         pdf=pdf, known_before=before)


def download_path(meeting_folder: str, report_folder: str, kind: str) -> str:
    """The staff page's path of one published file: /reports/<meeting>/<report folder>/<kind>."""
    from urllib.parse import quote

    return "/reports/" + "/".join(quote(part, safe="") for part in (meeting_folder, report_folder, kind))


def download_url(base_url: str, meeting_folder: str, report_folder: str, kind: str) -> str:
    """The same, in full, on the staff page at `base_url` (settings.portal_url()), for Dagster's metadata."""
    return base_url.rstrip("/") + download_path(meeting_folder, report_folder, kind)
