"""The meeting report as one Dagster asset graph node: a multi-asset that makes the .docx, the
.xlsx, the .pdf and the published folder in one step, with the report's checks and each file's
metadata.

Reading the inputs, computing the statuses and counting are not assets of their own: they are the
report's in-memory work, never materialised or reused alone, so the asset graph shows what a run
produces (input_workbooks -> the four files) and a run cannot be split into parts that would read
values another run made. Inside the step the report's steps (pipeline/publish/report_steps.py:
their keys and the labels staff read) run in order, each logging a line when it starts and when it
is done, which the command line prints and the staff page shows.

Each step calls pipeline/ and adds only what the Dagster UI shows: metadata a person reads
(counts, the status table, paths). No domain rule lives here.
"""

import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from assets.checks import (INPUTS_CHECKS, STATUS_CHECKS, PDF_CHECKS, activities_needing_attention,
                           inputs_have_no_data_issues, timeframes_recognised)
from assets.config import RunRequest
from assets.resources import ReportSettings
from pipeline.model import Inputs
from pipeline.publish.disk import free_space_problem, writing_failed
from pipeline.publish.manifest import LANGUAGE_KINDS, build_manifest, download_url, edition_counts, kind_of
from pipeline.publish.output_folder import PublishedReport, file_name, publish, run_folder_name, staging_folder
from pipeline.publish.report_steps import done_line, started_line
from pipeline.status.as_of_check import as_of_problems
from pipeline.status.vocabulary import Tally
from pipeline.inputs.load import InputError, read_inputs
from pipeline.assemble import MeetingStatuses, ReportRequestError, assemble_report, meeting_statuses
from pipeline.report_model import ReportData, in_language
from pipeline.status.rollups import status_table_markdown
from pipeline.history.snapshots import snapshots_folder
from pipeline.publish.input_changes import changes_since_sent
from pipeline.publish.input_store import materialise, record_run_inputs, run_inputs, snapshot_inputs
from pipeline.publish.report_choices import known_issues
from pipeline.request import PDF_NOT_ASKED_FOR, ReportRequest

# The Word, Excel and PDF writers are imported in the steps that use them: loading these
# definitions (the webserver, the daemon, a schedule's tick) does not load python-docx or openpyxl.

# The input workbooks (inputs/programmes.xlsx, meeting_log.xlsx, meetings.xlsx): what everything is made from.
# Not made by Dagster: an external asset, so that the graph shows where the report and the snapshots come from.
input_workbooks = dg.AssetSpec(
    "input_workbooks", group_name="inputs",
    description="The input workbooks (programmes.xlsx, meeting_log.xlsx, meetings.xlsx) in the inputs folder, "
                "kept by staff; each run reads its own copy, recorded by checksum.")

REPORT = "meeting_report_files"  # the multi-asset's name: its one step's key
# What a run produces, each with its metadata (paths, counts) and, on the report, its checks; all from the
# input workbooks, the PDF from the Word document, the published folder from the three.
FILES = {
    "word_document": ({"docx"}, "The meeting document in UNEP/CMS format (.docx), in each language of the run."),
    "excel_workbook": ({"xlsx"}, "The workbook of statuses, evidence, data issues and roll-ups (.xlsx), in each "
                                 "language of the run."),
    "pdf_document": ({"pdf"}, "The meeting document as PDF, when LibreOffice is installed and converts it."),
    "published_report": ({"folder"}, "The report folder under outputs/<meeting>/ (its files and report.json), moved "
                                     "into place once every file is written; its metadata has the run's inputs, "
                                     "statuses and download links, and the report's checks are on it."),
}
MADE_FROM = {"word_document": {input_workbooks.key}, "excel_workbook": {input_workbooks.key},
             "pdf_document": {dg.AssetKey("word_document")},
             "published_report": {dg.AssetKey(k) for k in ("word_document", "excel_workbook", "pdf_document")}}


def _give_memory_back() -> None:
    """Between the writers: collect the Word document's garbage and hand the freed C heap (lxml's tree
    of the document) back to the system, so that the workbook's objects do not come on top of it in
    the run's peak memory (glibc keeps freed heap otherwise; elsewhere this does nothing)."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


@contextmanager
def report_step(context: dg.AssetExecutionContext, key: str, counts: dict | None = None):
    """One of the report's steps: a log line when it starts and when it is done, with what it counted
    (`counts`, filled in by the step)."""
    context.log.info(started_line(key))
    yield
    context.log.info(done_line(key, counts))


def _read_inputs(context: dg.AssetExecutionContext, settings: ReportSettings) -> tuple[Inputs, dict]:
    """The Inputs, read from the run's own snapshot of the workbooks (kept by checksum beside the outputs),
    so that a workbook replaced during the run never mixes with the others."""
    try:  # the run's copy of the workbooks is written beside the outputs: a full disk is said plainly
        checksums = snapshot_inputs(settings.inputs, settings.outputs)
        record_run_inputs(settings.outputs, context.run.run_id, checksums)
    except OSError as error:
        raise _write_failure(error, settings) from None
    try:
        with tempfile.TemporaryDirectory(prefix="stc-run-inputs-") as folder:
            inputs = read_inputs(materialise(settings.outputs, checksums, Path(folder)))
    except InputError as error:
        raise dg.Failure(description=str(error).replace(folder, str(settings.inputs)), allow_retries=False) from None
    return inputs, checksums


def _inputs_metadata(inputs: Inputs, checksums: dict, settings: ReportSettings) -> dict:
    return {"inputs_dir": dg.MetadataValue.path(str(settings.inputs)),
            **{f"sha256 {name}": checksum for name, checksum in checksums.items()},
            "programmes": len(inputs.programmes), "themes": len(inputs.themes),
            "activities": len(inputs.activities), "species": len(inputs.species),
            "log_entries": len(inputs.log), "meetings": len(inputs.meetings), "data_issues": len(inputs.issues)}


def _statuses(inputs: Inputs, request: ReportRequest, settings: ReportSettings) -> MeetingStatuses:
    try:
        return meeting_statuses(inputs, request.meeting, request.as_of, settings.status_settings(),
                                since=request.since)
    except ReportRequestError as error:
        raise dg.Failure(description=str(error), allow_retries=False) from None


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


def _write_word(context, report: ReportData, request: ReportRequest, settings: ReportSettings) -> tuple[dict, dict]:
    """({language: the staged .docx}, metadata); every language's narrative is found before any is written."""
    from pipeline.word.document import write_docx
    from pipeline.word.templates import TemplateError, narrative_in, report_template

    _room_to_write(settings)
    try:
        staging = staging_folder(settings.outputs, report.meeting.code, context.run.run_id)
        template = report_template(settings.templates)
        narratives = {code: narrative_in(settings.templates, report.meeting.code, code,
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
        raise _write_failure(error, settings) from None
    notes = [note for _, note in narratives.values() if note]
    return paths, {
        "template": dg.MetadataValue.path(str(template)),
        **{f"narrative {code}" if code != "en" else "narrative": dg.MetadataValue.path(str(narrative))
           for code, (narrative, _) in narratives.items()},
        **({"narrative_notes": dg.MetadataValue.md("\n".join(f"- {n}" for n in notes))} if notes else {}),
        **_counts(report),
    }


def _write_pdf(context, word: dict, request: ReportRequest, settings: ReportSettings) -> tuple[dict, str]:
    """({language: the staged PDF}, '') or ({}, why there is none)."""
    from pipeline.publish.pdf import NO_LIBREOFFICE, PdfConversionError, convert_to_pdf, libreoffice_available

    if not request.pdf:
        return {}, PDF_NOT_ASKED_FOR
    if not libreoffice_available():
        return {}, NO_LIBREOFFICE
    pdfs: dict[str, str] = {}
    for code, docx in word.items():
        try:
            pdf = convert_to_pdf(Path(docx), Path(docx).parent)
        except PdfConversionError as error:
            return {}, str(error)
        except OSError as error:  # moving the PDF into the staging folder: a full disk
            raise _write_failure(error, settings) from None
        if pdf is None:
            return {}, NO_LIBREOFFICE
        pdfs[code] = str(pdf)
    return pdfs, ""


def _write_excel(context, report: ReportData, request: ReportRequest, settings: ReportSettings,
                 inputs: Inputs) -> tuple[dict, dict]:
    from pipeline.excel.workbook import SHEETS, write_xlsx

    _room_to_write(settings)
    # the data issues listed in the report marked as sent are marked known, the new ones listed first
    sent = known_issues(settings.outputs, inputs, report.meeting, before=request.known_before)
    known = sent.keys if sent else None
    # the input rows added, changed, removed since the inputs of the report marked as sent: a sheet when any
    changed = changes_since_sent(settings.outputs, report.meeting.code, run_inputs(settings.outputs, context.run.run_id))
    several = request.several_languages
    try:
        staging = staging_folder(settings.outputs, report.meeting.code, context.run.run_id)
        paths = {code: str(write_xlsx(in_language(report, code),
                                      staging / file_name(report.meeting.symbol, "xlsx", code), known_issues=known,
                                      progress=progress_logger(context, "writing the Excel workbook"
                                                               + (f" ({code})" if several else ""), "sheets"),
                                      input_changes=changed))
                 for code in request.languages}
    except OSError as error:
        raise _write_failure(error, settings) from None
    return paths, {**_counts(report), "sheets": len(SHEETS),
                   **({"input_rows_changed_since_sent": changed.rows} if changed else {})}


def _published(files: dict[str, str], language_of: Callable[[str], str], suffix: str) -> dict[str, str]:
    """{language: the published path} of one kind of file ('docx' -> en, 'fr.docx' -> fr)."""
    return {language_of(kind): path for kind, path in files.items() if kind_of(kind)[1] == suffix}


def _paths_metadata(paths: dict[str, str]) -> dict:
    return {f"path {code}" if code != "en" else "path": dg.MetadataValue.path(path) for code, path in paths.items()}


@dg.multi_asset(
    name=REPORT,
    group_name="report",
    can_subset=False,
    description="The Standing Committee document and workbook for one meeting as of a date, made in one step: "
                "the inputs read and checked, each activity's status, the counts, the .docx, the .xlsx, the PDF, "
                "then the folder published under outputs/<meeting>/ once every file is written.",
    deps=[input_workbooks],
    outs={name: dg.AssetOut(kinds=kinds, description=text, dagster_type=dict) for name, (kinds, text) in FILES.items()},
    internal_asset_deps=MADE_FROM,
    check_specs=INPUTS_CHECKS + STATUS_CHECKS + PDF_CHECKS,
)
def meeting_report_files(context: dg.AssetExecutionContext, report_request: RunRequest,
                         report_settings: ReportSettings):
    """The report's steps in order, in this one process: no value is handed to another step or run."""
    settings, request = report_settings, report_request.request()
    counts: dict = {}
    with report_step(context, "validated_inputs", counts):
        inputs, checksums = _read_inputs(context, settings)
        inputs_metadata = _inputs_metadata(inputs, checksums, settings)
        counts.update(activities=len(inputs.activities), log_entries=len(inputs.log), data_issues=len(inputs.issues))
    counts = {}
    with report_step(context, "activity_status", counts):
        statuses = _statuses(inputs, request, settings)
        tally = Tally.of(s.status for group in statuses.statuses.values() for s in group)
        counts.update(activities=tally.total)
    with report_step(context, "status_rollups"):
        report = assemble_report(inputs, statuses, snapshots_dir=snapshots_folder(settings.outputs))
        tables = [f"**{p.programme.title}**\n\n{status_table_markdown(p.rollups)}" for p in _programmes(report)]
    counts = {}
    with report_step(context, "word_document", counts):
        word, word_metadata = _write_word(context, report, request, settings)
        counts.update(_counts(report))
    _give_memory_back()
    counts = {}
    with report_step(context, "excel_workbook", counts):
        excel, excel_metadata = _write_excel(context, report, request, settings, inputs)
        counts.update(_counts(report), sheets=excel_metadata["sheets"])
    with report_step(context, "pdf_document"):
        pdfs, no_pdf = _write_pdf(context, word, request, settings)
        if no_pdf:
            context.log.warning(f"No PDF: {no_pdf}")
    with report_step(context, "published_report"):
        # a date that may mislead was confirmed by whoever started the run; the report says so, on the page too
        misleading = as_of_problems(report.meeting, report.as_of, inputs, report.generated_at.date())
        manifest = build_manifest(
            meeting=report.meeting.code, symbol=report.meeting.symbol, as_of=report.as_of,
            generated_at=report.generated_at, run_id=context.run.run_id,
            summary={p.programme.id: {s.value: n for s, n in p.total.counts if n} for p in _programmes(report)},
            no_pdf=no_pdf, as_of_warnings=misleading, issues=report.issues,
            inputs=run_inputs(settings.outputs, context.run.run_id), request=request.config(),
            editions={code: edition_counts(in_language(report, code)) for code in request.languages},
        )
        try:
            published: PublishedReport = publish(
                _staging(context, settings, report),
                run_folder_name(report.as_of, report.generated_at, context.run.run_id), manifest)
        except OSError as error:
            raise _write_failure(error, settings) from None
    paths = {kind: str(path) for kind, path in published.files.items()}  # 'docx', 'fr.docx' ...
    meeting_folder, report_folder = published.folder.parent.name, published.folder.name  # the portal's link
    pdf_written = any(kind_of(kind)[1] == "pdf" for kind in paths)
    language = lambda kind: kind_of(kind)[0] or "en"  # noqa: E731
    yield dg.Output(_published(paths, language, "docx"), output_name="word_document",
                    metadata={**_paths_metadata(_published(paths, language, "docx")), **word_metadata})
    yield dg.Output(_published(paths, language, "xlsx"), output_name="excel_workbook",
                    metadata={**_paths_metadata(_published(paths, language, "xlsx")), **excel_metadata})
    yield dg.Output({"paths": _published(paths, language, "pdf"), "no_pdf": no_pdf}, output_name="pdf_document",
                    metadata={"pdf_written": pdf_written,
                              **(_paths_metadata(_published(paths, language, "pdf")) if pdf_written
                                 else {"no_pdf": no_pdf})})
    yield dg.Output(
        {"folder": str(published.folder), **paths, **({"no_pdf": no_pdf} if not pdf_written else {}),
         "issues": tuple(statuses.issues)},
        output_name="published_report",
        metadata={
            "folder": dg.MetadataValue.path(str(published.folder)),
            "meeting": report.meeting.code,
            "as_of": report.as_of.isoformat(),
            **({"since": report.changes_since_meeting.since.isoformat()} if report.changes_since_meeting else {}),
            "languages": ", ".join(request.languages),
            "pdf_written": pdf_written,
            **({"as_of_warnings": dg.MetadataValue.md("\n".join(f"- {w}" for w in misleading))} if misleading else {}),
            **({"no_pdf": no_pdf} if not pdf_written else {}),
            **{kind: dg.MetadataValue.path(path) for kind, path in paths.items()},
            **{f"{kind} download": dg.MetadataValue.url(
                download_url(settings.portal_url, meeting_folder, report_folder, kind))
               for kind in paths if kind in LANGUAGE_KINDS},
            **{f"status: {status.value}": n for status, n in tally.counts if n},
            "status_table": dg.MetadataValue.md("\n\n".join(tables)),
            **inputs_metadata,
        },
    )
    yield inputs_have_no_data_issues(inputs)
    yield timeframes_recognised(statuses)
    yield activities_needing_attention(statuses)
    yield dg.AssetCheckResult(
        asset_key="pdf_document", check_name="pdf_written", passed=not no_pdf or not request.pdf,
        severity=dg.AssetCheckSeverity.WARN, metadata={"pdf_written": not no_pdf, **({"why_not": no_pdf} if no_pdf else {})},
    )


REPORT_ASSETS = [input_workbooks, meeting_report_files]
