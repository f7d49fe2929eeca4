"""The report's stages as software-defined assets: read, status, roll-ups, Word, Excel, publish.

Each asset calls pipeline/ and adds only what the Dagster UI shows: metadata a
person reads (counts, the status table, paths). No domain rule lives here.
"""

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import dagster as dg

from assets.checks import (INPUTS_CHECKS, STATUS_CHECKS, activities_needing_attention, inputs_have_no_data_issues,
                           timeframes_recognised)
from assets.config import RunRequest
from assets.resources import ReportSettings
from pipeline.model import Inputs
from pipeline.publish.disk import free_space_problem, writing_failed
from pipeline.publish.manifest import LANGUAGE_KINDS, build_manifest, download_url, edition_counts, kind_of
from pipeline.publish.output_folder import PublishedReport, file_name, publish, run_folder_name, staging_folder
from pipeline.status.as_of_check import as_of_problems
from pipeline.status.vocabulary import Tally
from pipeline.inputs.load import InputError, read_inputs
from pipeline.assemble import MeetingStatuses, ReportRequestError, assemble_report, meeting_statuses
from pipeline.report_model import ReportData, in_language
from pipeline.status.rollups import status_table_markdown
from pipeline.history.snapshots import snapshots_folder
from pipeline.publish.input_changes import changes_since_sent
from pipeline.publish.input_store import materialise, record_run_inputs, run_inputs, snapshot_inputs
from pipeline.publish.report_choices import previous_issue_keys
from pipeline.request import PDF_NOT_ASKED_FOR

# The Word, Excel and PDF writers are imported in the steps that use them: loading these
# definitions (the webserver, the daemon, a schedule's tick) does not load python-docx or openpyxl.

@dg.asset(group_name="inputs", description="The input workbooks, read and validated.", check_specs=INPUTS_CHECKS)
def validated_inputs(context: dg.AssetExecutionContext, report_settings: ReportSettings):
    """The Inputs, read from the run's own snapshot of the workbooks (kept by checksum beside the outputs),
    so that a workbook replaced during the run never mixes with the others; its check (the data issues)
    is evaluated in this step, not in a step of its own."""
    try:  # the run's copy of the workbooks is written beside the outputs: a full disk is said plainly
        checksums = snapshot_inputs(report_settings.inputs, report_settings.outputs)
        record_run_inputs(report_settings.outputs, context.run.run_id, checksums)
    except OSError as error:
        raise _write_failure(error, report_settings) from None
    try:
        with tempfile.TemporaryDirectory(prefix="stc-run-inputs-") as folder:
            inputs = read_inputs(materialise(report_settings.outputs, checksums, Path(folder)))
    except InputError as error:
        raise dg.Failure(description=str(error).replace(folder, str(report_settings.inputs)),
                         allow_retries=False) from None
    yield dg.Output(
        inputs,
        metadata={
            "inputs_dir": dg.MetadataValue.path(str(report_settings.inputs)),
            **{f"sha256 {name}": checksum for name, checksum in checksums.items()},
            "programmes": len(inputs.programmes),
            "themes": len(inputs.themes),
            "activities": len(inputs.activities),
            "species": len(inputs.species),
            "log_entries": len(inputs.log),
            "meetings": len(inputs.meetings),
            "data_issues": len(inputs.issues),
        },
    )
    yield inputs_have_no_data_issues(inputs)


@dg.asset(group_name="status", description="Implementation status of every activity as of a date, with its evidence.",
          check_specs=STATUS_CHECKS)
def activity_status(report_request: RunRequest, validated_inputs: Inputs, report_settings: ReportSettings):
    """The MeetingStatuses; its checks (timeframes read, activities needing attention) are evaluated here."""
    request = report_request.request()
    try:
        computed = meeting_statuses(validated_inputs, request.meeting, request.as_of,
                                    report_settings.status_settings(), since=request.since)
    except ReportRequestError as error:
        raise dg.Failure(description=str(error), allow_retries=False) from None
    counts = Tally.of(s.status for group in computed.statuses.values() for s in group)
    yield dg.Output(
        computed,
        metadata={
            "meeting": computed.meeting.code,
            "as_of": computed.as_of.isoformat(),
            "languages": ", ".join(request.languages),
            "activities": counts.total,
            **{f"status: {status.value}": n for status, n in counts.counts if n},
        },
    )
    yield timeframes_recognised(computed)
    yield activities_needing_attention(computed)


@dg.asset(group_name="status", description="Status counts per programme, theme and species.")
def status_rollups(
    validated_inputs: Inputs, activity_status: MeetingStatuses, report_settings: ReportSettings
) -> dg.Output[ReportData]:
    snapshots = snapshots_folder(report_settings.outputs)
    report = assemble_report(validated_inputs, activity_status, snapshots_dir=snapshots)
    tables = [f"**{p.programme.title}**\n\n{status_table_markdown(p.rollups)}" for p in _programmes(report)]
    return dg.Output(
        report,
        metadata={
            "meeting": report.meeting.code,
            "as_of": report.as_of.isoformat(),
            "status_table": dg.MetadataValue.md("\n\n".join(tables)),
        },
    )


def _programmes(report: ReportData):
    return [p for p in (report.reported, report.planned) if p is not None]


def _staging(context: dg.AssetExecutionContext, settings: ReportSettings, report: ReportData) -> Path:
    return staging_folder(settings.outputs, report.meeting.code, context.run.run_id)


def _room_to_write(settings: ReportSettings) -> None:
    """Stop before writing when the outputs folder's disk has too little room (naming it and its free space)."""
    problem = free_space_problem(settings.outputs)
    if problem:
        raise dg.Failure(description=problem, allow_retries=False)


def _write_failure(error: OSError, settings: ReportSettings) -> dg.Failure:
    """A write that failed (a full or read-only disk, no permission), in plain words: no class names, no
    traceback. The failed run's staging folder is discarded (assets/jobs.py, assets/runner.py)."""
    if isinstance(error, FileExistsError):
        return dg.Failure(description=str(error), allow_retries=False)
    return dg.Failure(description=writing_failed(error, settings.outputs), allow_retries=False)


PROGRESS_EVERY_S = 3.0  # a long step says how far it is at most this often


def progress_logger(context: dg.AssetExecutionContext, what: str, unit: str,
                    every_s: float | None = None) -> Callable[[int, int], None]:
    """A writer's `progress(done, total)` as a line in the run's log, at most every `every_s` seconds
    and never for the finished whole: 'writing the Word document: 2,150 of 4,300 activities'. The
    command line prints it, the staff page and the Dagster UI show it (context.log)."""
    every_s = PROGRESS_EVERY_S if every_s is None else every_s
    last = time.monotonic()

    def progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done >= total or now - last < every_s:
            return
        last = now
        context.log.info(f"{what}: {done:,} of {total:,} {unit}")

    return progress


def _counts(report: ReportData) -> dict[str, int]:
    """How much a written file holds: activities and log rows of its annexes."""
    programmes = _programmes(report)
    log = {id(entry) for p in programmes for entry in p.log}
    return {"activities": sum(len(p.statuses) for p in programmes), "log_rows": len(log)}


@dg.asset(group_name="report", description="The meeting document in UNEP/CMS format (.docx), staged, "
                                             "in each language of the run.")
def word_document(
    context: dg.AssetExecutionContext, status_rollups: ReportData, report_settings: ReportSettings,
    report_request: RunRequest,
) -> dg.Output[dict]:
    """{language: the staged .docx}; every language's narrative is found before any is written."""
    from pipeline.word.document import write_docx
    from pipeline.word.templates import TemplateError, narrative_in, report_template

    report, request = status_rollups, report_request.request()
    _room_to_write(report_settings)
    try:
        staging = _staging(context, report_settings, report)
        template = report_template(report_settings.templates)
        narratives = {code: narrative_in(report_settings.templates, report.meeting.code, code,
                                         fallback_english=request.english_fallback)
                      for code in request.languages}
        paths = {}
        for code, (narrative, note) in narratives.items():
            if note:
                context.log.warning(note)
            what = "writing the Word document" + (f" ({code})" if len(narratives) > 1 else "")
            paths[code] = str(write_docx(in_language(report, code), staging / file_name(report.meeting.symbol,
                                                                                        "docx", code),
                                         template, narrative, progress=progress_logger(context, what, "activities")))
    except TemplateError as error:
        raise dg.Failure(description=str(error), allow_retries=False) from None
    except OSError as error:
        raise _write_failure(error, report_settings) from None
    notes = [note for _, note in narratives.values() if note]
    return dg.Output(
        paths,
        metadata={
            **{f"staged_path {code}" if code != "en" else "staged_path": dg.MetadataValue.path(path)
               for code, path in paths.items()},
            "template": dg.MetadataValue.path(str(template)),
            **{f"narrative {code}" if code != "en" else "narrative": dg.MetadataValue.path(str(narrative))
               for code, (narrative, _) in narratives.items()},
            **({"narrative_notes": dg.MetadataValue.md("\n".join(f"- {n}" for n in notes))} if notes else {}),
            **_counts(report),
        },
    )


@dg.asset(
    group_name="report",
    description="The meeting document as PDF, when LibreOffice is installed and converts it.",
    check_specs=[dg.AssetCheckSpec("pdf_written", asset="pdf_document",
                                   description="The PDF was written; when not, why not.")],
)
def pdf_document(context: dg.AssetExecutionContext, report_request: RunRequest, word_document: dict,
                 report_settings: ReportSettings):
    """{"paths": {language: the staged PDF}, "path": the first, or "" and "no_pdf": why there is none};
    the check says the same (and passes when the PDF was not asked for)."""
    from pipeline.publish.pdf import NO_LIBREOFFICE, PdfConversionError, convert_to_pdf, libreoffice_available

    reason = ""
    pdfs: dict[str, str] = {}
    skip = not report_request.pdf
    if skip:
        reason = PDF_NOT_ASKED_FOR
    elif not libreoffice_available():
        reason = NO_LIBREOFFICE
    else:
        for code, docx in word_document.items():
            try:
                pdf = convert_to_pdf(Path(docx), Path(docx).parent)
            except PdfConversionError as error:
                reason = str(error)
                break
            except OSError as error:  # moving the PDF into the staging folder: a full disk
                raise _write_failure(error, report_settings) from None
            if pdf is None:
                reason = NO_LIBREOFFICE
                break
            pdfs[code] = str(pdf)
    if reason:
        pdfs = {}
        context.log.warning(f"No PDF: {reason}")
    first = next(iter(pdfs.values()), "")
    yield dg.Output(
        {"path": first, "paths": pdfs, "no_pdf": reason},
        metadata={"pdf_written": not reason,
                  **({f"staged_path {code}" if code != "en" else "staged_path": dg.MetadataValue.path(path)
                      for code, path in pdfs.items()} if pdfs else {"no_pdf": reason})},
    )
    yield dg.AssetCheckResult(
        check_name="pdf_written", passed=not reason or skip, severity=dg.AssetCheckSeverity.WARN,
        metadata={"pdf_written": not reason, **({"why_not": reason} if reason else {})},
    )


@dg.asset(group_name="report", description="The workbook of statuses, evidence and roll-ups (.xlsx), staged.")
def excel_workbook(
    context: dg.AssetExecutionContext, status_rollups: ReportData, report_settings: ReportSettings,
    report_request: RunRequest,
) -> dg.Output[str]:
    from pipeline.excel.workbook import SHEETS, write_xlsx

    report, request = status_rollups, report_request.request()
    _room_to_write(report_settings)
    # the data issues already in the meeting's previous report are marked known, the new ones listed first
    known = previous_issue_keys(report_settings.outputs, report.meeting.code, before=request.known_before)
    # the input rows added, changed, removed since the inputs of the report marked as sent: a sheet when any
    changed = changes_since_sent(report_settings.outputs, report.meeting.code,
                                 run_inputs(report_settings.outputs, context.run.run_id))
    several = request.several_languages
    try:
        staging = _staging(context, report_settings, report)
        paths = {code: str(write_xlsx(in_language(report, code),
                                      staging / file_name(report.meeting.symbol, "xlsx", code), known_issues=known,
                                      progress=progress_logger(context, "writing the Excel workbook"
                                                               + (f" ({code})" if several else ""), "sheets"),
                                      input_changes=changed))
                 for code in request.languages}
    except OSError as error:
        raise _write_failure(error, report_settings) from None
    return dg.Output(next(iter(paths.values())),
                     metadata={**{f"staged_path {code}" if code != "en" else "staged_path": dg.MetadataValue.path(path)
                                  for code, path in paths.items()},
                               **_counts(report), "sheets": len(SHEETS),
                               **({"input_rows_changed_since_sent": changed.rows} if changed else {})})


@dg.asset(
    group_name="report",
    deps=[word_document, excel_workbook],
    description="The report folder under outputs/<meeting>/, moved into place once every file is written.",
)
def published_report(
    context: dg.AssetExecutionContext, validated_inputs: Inputs, status_rollups: ReportData, pdf_document: dict,
    report_settings: ReportSettings, report_request: RunRequest,
) -> dg.Output[dict]:
    report = status_rollups
    staging = _staging(context, report_settings, report)
    # a date that may mislead was confirmed by whoever started the run; the report says so, on the page too
    misleading = as_of_problems(report.meeting, report.as_of, validated_inputs, report.generated_at.date())
    manifest = build_manifest(
        meeting=report.meeting.code, symbol=report.meeting.symbol, as_of=report.as_of,
        generated_at=report.generated_at, run_id=context.run.run_id,
        summary={p.programme.id: {s.value: n for s, n in p.total.counts if n} for p in _programmes(report)},
        no_pdf=pdf_document["no_pdf"], as_of_warnings=misleading, issues=report.issues,
        inputs=run_inputs(report_settings.outputs, context.run.run_id), request=report_request.request().config(),
        editions={code: edition_counts(in_language(report, code)) for code in report_request.request().languages},
    )
    try:
        published: PublishedReport = publish(
            staging, run_folder_name(report.as_of, report.generated_at, context.run.run_id), manifest
        )
    except OSError as error:
        raise _write_failure(error, report_settings) from None
    paths = {kind: str(path) for kind, path in published.files.items()}  # 'docx', 'fr.docx' ...
    meeting_folder, report_folder = published.folder.parent.name, published.folder.name  # the portal's link
    pdf_written = any(kind_of(kind)[1] == "pdf" for kind in paths)
    return dg.Output(
        {"folder": str(published.folder), **paths, **({"no_pdf": pdf_document["no_pdf"]} if not pdf_written else {})},
        metadata={
            "folder": dg.MetadataValue.path(str(published.folder)),
            "as_of": report.as_of.isoformat(),
            "languages": ", ".join(report_request.request().languages),
            "pdf_written": pdf_written,
            **({"as_of_warnings": dg.MetadataValue.md("\n".join(f"- {w}" for w in misleading))} if misleading else {}),
            **({"no_pdf": pdf_document["no_pdf"]} if not pdf_written else {}),
            **{kind: dg.MetadataValue.path(path) for kind, path in paths.items()},
            **{f"{kind} download": dg.MetadataValue.url(
                download_url(report_settings.portal_url, meeting_folder, report_folder, kind))
               for kind in paths if kind in LANGUAGE_KINDS},
        },
    )


REPORT_ASSETS = [
    validated_inputs, activity_status, status_rollups, word_document, pdf_document, excel_workbook, published_report,
]
