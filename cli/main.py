"""`stc-report`: run a meeting's report through Dagster, check the inputs, write blank inputs.

Every problem a person can fix (the inputs, the arguments) ends in a plain
message and exit code 1 (the data) or 2 (the command line), never a traceback.
"""
from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from datetime import date
from pathlib import Path

from cli import timing  # first: what the interpreter spent before this module is its start-up
from pipeline import settings  # no Dagster: --help, validate, status
from pipeline.model import TRANSLATED_LANGUAGES  # plain records: as light as settings

EXIT_DATA = 1
EXIT_USAGE = 2


def _date(text: str) -> date:
    from pipeline.dates import parse_iso_date

    try:
        return parse_iso_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _languages(text: str) -> tuple[str, ...]:
    """--language fr, es, fr,es or all: the languages of the report (exit 2 naming them for another)."""
    from pipeline.wording.language import language_codes

    try:
        return language_codes(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stc-report", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="produce a meeting's .docx and .xlsx through Dagster")
    run.add_argument("--meeting", required=True, help="meeting code from meetings.xlsx, e.g. StC38")
    run.add_argument("--as-of", type=_date, help="status date, YYYY-MM-DD (default: the meeting's 'Status as of')")
    run.add_argument("--since", type=_date,
                     help="show what changed since this date, YYYY-MM-DD (default: the previous meeting's date)")
    run.add_argument("--as-of-intended", action="store_true",
                     help="make the report even though its status date is in the future, after the meeting, "
                          "or before its programmes start")
    run.add_argument("--language", type=_languages, default=("en",), metavar="LANG",
                     help="the report's language: en (default), fr, es, several as fr,es, or all (the three "
                          "in the run's one folder)")
    run.add_argument("--narrative-fallback", choices=("english",),
                     help="where a language has no narrative of its own (templates/narrative/StC38.fr.docx), "
                          "use the English one instead of stopping")
    run.add_argument("--no-pdf", action="store_true",
                     help="make the .docx and .xlsx only, without the PDF (quicker; the report says it was not asked for)")
    run.add_argument("--inputs", default=str(settings.folder(settings.INPUTS_DIR)), help="folder of input workbooks")
    run.add_argument("--outputs", default=str(settings.folder(settings.OUTPUTS_DIR)), help="folder reports go to")

    validate = commands.add_parser("validate", help="check the input workbooks and list every problem")
    validate.add_argument("--inputs", default=str(settings.folder(settings.INPUTS_DIR)), help="folder of input workbooks")
    validate.add_argument("--meeting", help="mark the data issues already in this meeting's previous report as known "
                                            "(default: the latest meeting of meetings.xlsx)")
    validate.add_argument("--outputs", default=str(settings.folder(settings.OUTPUTS_DIR)),
                          help="folder the reports are in (to find the previous report)")

    status = commands.add_parser("status", help="every activity's status and the counts, without making a report")
    status.add_argument("--meeting", required=True, help="meeting code from meetings.xlsx, e.g. StC38")
    status.add_argument("--as-of", type=_date, help="status date, YYYY-MM-DD (default: the meeting's 'Status as of')")
    status.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help="table (default), csv or json")
    status.add_argument("--inputs", default=str(settings.folder(settings.INPUTS_DIR)), help="folder of input workbooks")
    status.add_argument("--outputs", default=str(settings.folder(settings.OUTPUTS_DIR)),
                        help="folder the reports are in (to mark data issues already in the report sent to the Committee)")

    template = commands.add_parser("template", help="write blank input workbooks to start a programme or log")
    template.add_argument("folder", help="folder to write the blank workbooks into")

    imported = commands.add_parser(
        "import-programme", help="read a work programme's activity tables from Word into a workbook for review")
    imported.add_argument("file", help="the Word document (.docx) of the adopted work programme")
    imported.add_argument("--programme", required=True, help='id of the new programme, e.g. "JWP 2015-2017"')
    imported.add_argument("--title", help="the programme's title (default: as the document prints it)")
    imported.add_argument("--years", help="first and last year, e.g. 2015-2017 (default: from the id, the title "
                                          "or the timeframes)")
    imported.add_argument("--partner", help="the partner convention, e.g. Ramsar (default: the one the title names "
                                            "beside CMS, else CITES); a Lead column may name it")
    imported.add_argument("--into", help="also add the rows to the programmes.xlsx of this inputs folder (checked "
                                         "with the other inputs first; the previous version is kept)")
    imported.add_argument("--outputs", default=str(settings.folder(settings.OUTPUTS_DIR)),
                          help="folder reports go to (the inputs' versions are kept in its input-versions/)")
    imported.add_argument("--output", help="the new workbook (default: FILE-programme.xlsx beside the document; "
                                           "with --into, none unless given)")

    _inputs_commands(commands)
    _translations_commands(commands)

    rerun = commands.add_parser("rerun", help="make a report again from exactly the inputs it was made from")
    rerun.add_argument("folder", help="the report's folder (outputs/<meeting>/<report folder>, with its report.json)")
    rerun.add_argument("--outputs", default=str(settings.folder(settings.OUTPUTS_DIR)),
                       help="folder reports go to (and where the inputs' versions are kept)")
    rerun.add_argument("--no-pdf", action="store_true", help="make the .docx and .xlsx only, without the PDF")

    serve = commands.add_parser("serve", help="the staff web page: start a report and download it")
    _portal_arguments(serve)
    serve.add_argument("--dagster-url", default=settings.dagster_url(),
                       help=f"the running Dagster webserver (default {settings.DEFAULT_DAGSTER_URL}, "
                            f"or {settings.DAGSTER_URL})")

    users = commands.add_parser("users", help="the staff page's named people and their roles (the users file)")
    user_actions = users.add_subparsers(dest="action", required=True)
    add = user_actions.add_parser("add", help="add a person (or change their role and password); asks for the password")
    add.add_argument("name", help="their user name, as they will type it (or as the single sign-on names them)")
    add.add_argument("--role", required=True, choices=["officer", "reader"],
                     help="officer: make, mark, hide, upload; reader: download only")
    add.add_argument("--sso-only", action="store_true",
                     help="no password: they sign in only through the organisation's single sign-on")
    user_actions.add_parser("list", help="the people in the users file and their roles")

    up = commands.add_parser("up", help="Dagster (dagster dev) and the staff web page together, on this machine")
    _portal_arguments(up)
    up.add_argument("--dagster-port", type=int, default=settings.DAGSTER_PORT,
                    help=f"port of the Dagster UI (default {settings.DAGSTER_PORT})")

    code = commands.add_parser("code-server", help="the code server of a server deployment (systemd): runs start warm")
    code.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    code.add_argument("--port", type=int, default=4000, help="port to listen on (default 4000)")
    return parser


def _inputs_commands(commands) -> None:
    inputs = commands.add_parser("inputs", help="the input workbooks' versions: history, replace, restore, download")
    actions = inputs.add_subparsers(dest="action", required=True)
    listed = actions.add_parser("history", help="every kept version of each input workbook and of the translation "
                                                "memory, newest first")
    replace = actions.add_parser("replace", help="check a new version of an input workbook with the other inputs "
                                                 "and install it, keeping the current one")
    replace.add_argument("file", help="the new workbook, named as the one it replaces (e.g. meeting_log.xlsx)")
    restore = actions.add_parser("restore", help="install a kept version again: a workbook (checked as a new one) "
                                                 "or the translation memory")
    restore.add_argument("version", help="the version's checksum, or its first 8 or more characters")
    download = actions.add_parser("download", help="copy the current (or a kept) version of a workbook")
    download.add_argument("name", help="the workbook, e.g. meeting_log.xlsx")
    download.add_argument("--version", help="a kept version (default: the current one)")
    download.add_argument("--to", required=True, help="the file to write (never overwritten)")
    for command in (listed, replace, restore, download):
        command.add_argument("--inputs", default=str(settings.folder(settings.INPUTS_DIR)),
                             help="folder of input workbooks")
        command.add_argument("--outputs", default=str(settings.folder(settings.OUTPUTS_DIR)),
                             help="folder reports go to (the versions are kept in its input-versions/)")


def _translations_commands(commands) -> None:
    translations = commands.add_parser(
        "translations", help="staff's texts a French or Spanish edition lacks: export them as XLIFF for a "
                             "translator, import the translated file")
    actions = translations.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="write the texts the language lacks as an XLIFF file")
    export.add_argument("--language", required=True, choices=TRANSLATED_LANGUAGES, help="the language to translate into")
    export.add_argument("file", help="the XLIFF file to write, e.g. fr.xlf (never overwritten)")
    export.add_argument("--meeting", help="only the texts this meeting's edition prints in English, e.g. StC41 "
                                          "(default: every text of the inputs the language lacks)")
    imported = actions.add_parser("import", help="check a translated XLIFF file and write its translations into "
                                                 "the inputs (the versions replaced are kept)")
    imported.add_argument("file", help="the XLIFF file the translation tool saved")
    for command in (export, imported):
        command.add_argument("--inputs", default=str(settings.folder(settings.INPUTS_DIR)),
                             help="folder of input workbooks")
        command.add_argument("--outputs", default=str(settings.folder(settings.OUTPUTS_DIR)),
                             help="folder reports go to (the inputs' versions are kept in its input-versions/)")


def _portal_arguments(command: argparse.ArgumentParser) -> None:
    host, port = settings.PORTAL_HOST, settings.PORTAL_PORT
    command.add_argument("--host", default=host, help=f"address to listen on (default {host}: this machine only)")
    command.add_argument("--port", type=int, default=port, help=f"port of the page (default {port})")
    command.add_argument("--token", default=settings.portal_token(),
                         help="access token staff give as the password (or STC_PORTAL_TOKEN); needed beyond this machine")
    command.add_argument("--allow-remote", action="store_true",
                         help="listen on another address without a token (only behind a proxy that checks access)")
    command.add_argument("--inputs", default=str(settings.folder(settings.INPUTS_DIR)), help="folder of input workbooks")
    command.add_argument("--outputs", default=str(settings.folder(settings.OUTPUTS_DIR)), help="folder reports go to")


class Stop(Exception):
    """Ends a command with a message for the person and an exit code."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def main(argv: list[str] | None = None) -> int:
    timing.mark("the command line's own imports")
    args = _parser().parse_args(argv)
    handler = {"run": _run, "validate": _validate, "template": _template, "serve": _serve, "up": _up,
               "import-programme": _import_programme, "status": _status, "inputs": _inputs,
                "rerun": _rerun, "users": _users, "translations": _translations,
               "code-server": _code_server}[args.command]
    try:
        code = handler(args)
    except Stop as stop:
        print(stop, file=sys.stderr)
        code = stop.code
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    if argv is None and args.command in ("run", "rerun"):
        _end_process(code)
    return code


def _end_process(code: int) -> None:
    """End a report run's process now, as the interpreter would but without freeing its objects one by one.

    After a run the process holds Dagster's, pandas' and the report's millions of objects; the
    interpreter's own shutdown frees each of them (0.2 s of CPU at 1x) before the operating system
    takes the memory back whole. What a normal exit does that matters is done here: the atexit
    functions (logging's flush, openpyxl's temporary files, the STC_TIMING lines) and the output's
    flush. Only for the command itself (`argv is None`): a caller in the same process keeps running.
    Left to the normal exit when another thread is still at work (its end would be waited for)."""
    import atexit
    import threading

    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        return
    atexit._run_exitfuncs()  # noqa: SLF001  (CPython's own exit runs exactly these)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _checked_inputs(folder: Path, consequence: str = ""):
    """The validated inputs and their data issues, or Stop with every problem listed."""
    from pipeline.inputs.load import check_inputs, format_issues

    if not folder.is_dir():
        problem = "is a file, not a folder" if folder.exists() else "does not exist"
        raise Stop(f"The inputs folder {folder} {problem}; give the folder that holds the input workbooks "
                   f"with --inputs.{consequence}", EXIT_USAGE)
    inputs, issues = check_inputs(folder)
    if inputs is None:
        raise Stop(f"The inputs in {folder} cannot be used yet. " + format_issues(issues) + consequence, EXIT_DATA)
    return inputs, issues


def _validate(args: argparse.Namespace) -> int:
    from pipeline.assemble import ReportRequestError, find_meeting, latest_meeting
    from pipeline.inputs.load import format_issues
    from pipeline.status.timeframes import timeframe_issues

    folder = Path(args.inputs)
    inputs, issues = _checked_inputs(folder)
    issues = issues + timeframe_issues(inputs.activities, inputs.programmes)
    try:
        meeting = find_meeting(inputs, args.meeting) if args.meeting else (
            latest_meeting(inputs) if inputs.meetings else None)
    except ReportRequestError as error:
        raise Stop(str(error), EXIT_USAGE) from None
    print(f"Inputs in {folder} are usable: {len(inputs.programmes)} programmes, {len(inputs.activities)} activities, "
          f"{len(inputs.species)} species, {len(inputs.log)} log entries, {len(inputs.meetings)} meetings.")
    known = _previous_issues(Path(args.outputs), inputs, meeting) if meeting else None
    print(format_issues(issues) if known is None else _marked_issues(issues, known, meeting.code))
    if meeting is not None:
        _print_narrative_notes(meeting.code)
    return 0


def _print_narrative_notes(meeting_code: str) -> None:
    """Which narrative the meeting's report would use, when it is not the meeting's own (see choose_narrative)."""
    from pipeline.word.templates import narrative_notes

    for note in narrative_notes(settings.folder(settings.TEMPLATES_DIR), meeting_code):
        print(f"Narrative: {note}")


def _previous_issues(outputs: Path, inputs, meeting):
    """The (place, text) of the data issues listed in the report marked as sent (the meeting's, else the
    previous meeting's): 'known' by the staff page's rule; None without one."""
    from pipeline.publish.report_choices import known_issues

    try:
        sent = known_issues(outputs, inputs, meeting)
    except OSError:
        return None
    return sent.keys if sent else None


def _marked_issues(issues, known, meeting_code: str) -> str:
    """As format_issues, with the warnings marked new or known, the new ones first, and a line counting them."""
    from pipeline.history.known_issues import count_line, mark_issues
    from pipeline.inputs.messages import listing

    marked = mark_issues([i for i in issues if not i.fatal], known)
    return listing(list(issues), ["Compared with the report sent to the Committee: " + count_line(marked, True)],
                   [(m.mark, m.issue) for m in marked], ", new first")


def _status(args: argparse.Namespace) -> int:
    """Every activity's status with its reason, and the counts per theme and species: no report, no Dagster."""
    from pipeline.assemble import ReportRequestError, meeting_statuses
    from pipeline.history.known_issues import count_line, mark_issues
    from pipeline.inputs.messages import describe
    from pipeline.status.glance import glance, render

    folder = Path(args.inputs)
    inputs, _ = _checked_inputs(folder)
    try:
        computed = meeting_statuses(inputs, args.meeting, args.as_of)
    except ReportRequestError as error:
        raise Stop(str(error), EXIT_USAGE) from None
    print(render(glance(inputs, computed.meeting, computed.as_of, computed.statuses), args.format))
    if computed.issues and args.format == "table":
        known = _previous_issues(Path(args.outputs), inputs, computed.meeting)
        marked = mark_issues(computed.issues, known)
        print(f"\nData issues: {count_line(marked, known is not None)}")
        for m in marked:
            print(f"  - {m.mark + ': ' if known is not None else ''}{describe(m.issue)}")
    elif computed.issues:  # the data stays clean for a program reading it; the note goes to stderr
        known = _previous_issues(Path(args.outputs), inputs, computed.meeting)
        print(f"Data issues: {count_line(mark_issues(computed.issues, known), known is not None)} "
              f"See `stc-report validate`.", file=sys.stderr)
    return 0


def _template(args: argparse.Namespace) -> int:
    from pipeline.inputs.blank_workbooks import write_blank_inputs

    try:
        written = write_blank_inputs(Path(args.folder))
    except FileExistsError as error:
        print(f"Nothing written: {error}. Choose an empty folder.", file=sys.stderr)
        return EXIT_DATA
    except OSError as error:
        print(f"Cannot write to {args.folder}: {error.strerror or error}", file=sys.stderr)
        return EXIT_DATA
    for path in written:
        print(path)
    return 0


def _import_programme(args: argparse.Namespace) -> int:
    """Read a work programme from Word; write it as a workbook for review and/or add it to programmes.xlsx."""
    from pipeline.inputs.programme_workbook import default_output, import_programme, parse_years, summary_lines
    from pipeline.inputs.word_programme import WordProgrammeError
    from pipeline.publish.input_store import InputsRefused, install_edited

    docx = Path(args.file)
    if not docx.exists():
        raise Stop(f"{docx} does not exist; give the Word document (.docx) of the work programme.", EXIT_USAGE)
    if args.into is not None and not Path(args.into).is_dir():
        raise Stop(f"The inputs folder {args.into} does not exist; give the folder that holds programmes.xlsx "
                   f"with --into.\nNothing was written.", EXIT_USAGE)
    try:
        years = parse_years(args.years) if args.years else None
    except ValueError as error:
        raise Stop(f"--years {error}.", EXIT_USAGE) from None
    output = Path(args.output) if args.output else (None if args.into else default_output(docx))
    found = []

    def read(into: Path | None):
        found.append(import_programme(docx, args.programme, title=args.title, years=years, output=output,
                                      into=into, partner=args.partner))

    try:
        if args.into:  # through the inputs' store: checked with the other inputs, the previous version kept
            version = install_edited(Path(args.into), Path(args.outputs), "programmes.xlsx", read, _who(),
                                     note=f"{args.programme} from {docx.name}")
            found[0].added_to = Path(args.into) / "programmes.xlsx"
        else:
            read(None)
    except WordProgrammeError as error:
        raise Stop(str(error), EXIT_DATA) from None
    except InputsRefused as refused:
        raise Stop(str(refused), EXIT_DATA) from None
    result = found[0]
    if args.into:
        print(f"Checked with the other inputs and installed as version {version.short} of programmes.xlsx; the "
              f"previous version is kept (`stc-report inputs history`).")
    print("\n".join(summary_lines(result)))
    if result.added_to is not None:
        print(f"Check the inputs with: stc-report validate --inputs {args.into}")
    return 0


def _who() -> str:
    """Who changed the inputs from the command line: the system's user name."""
    import getpass

    try:
        return f"{getpass.getuser()} (command line)"
    except (KeyError, OSError):
        return "command line"


def _inputs(args: argparse.Namespace) -> int:
    """`stc-report inputs history|replace|restore|download`: the input workbooks through their store."""
    from pipeline.publish import input_store as store

    folder, outputs = Path(args.inputs), Path(args.outputs)
    if not folder.is_dir():
        raise Stop(f"The inputs folder {folder} does not exist; give it with --inputs.", EXIT_USAGE)
    try:
        if args.action == "history":
            for name in store.RUN_FILES:
                current = store.current_checksum(folder, name)
                memory = name not in store.WORKBOOK_FILES
                print(f"{name}: current version {current[:store.SHORT] or ('(none yet)' if memory else '(missing)')}")
                versions = store.history(outputs, name)
                for v in versions:
                    print("  " + version_line(v, v.checksum == current))
                if not versions:
                    print("  never changed by an import of translations" if memory else
                          "  never replaced through the page or `stc-report inputs replace`")
            return 0
        if args.action == "replace":
            path = Path(args.file)
            if not path.is_file():
                raise Stop(f"{path} does not exist; give the new workbook's file.", EXIT_USAGE)
            version = store.install(folder, outputs, store.workbook_name(path.name), path, _who(),
                                    note=f"from {path.resolve()}")
        elif args.action == "restore":
            version = store.restore_input(folder, outputs, args.version, _who())
        else:
            return _download_input(args, folder, outputs)
    except store.InputsRefused as refused:
        raise Stop(str(refused), EXIT_DATA) from None
    print(f"Installed {folder / version.workbook} (version {version.short}, {version.action} by {version.by}); "
          f"the previous version is kept (`stc-report inputs history`).")
    return 0


def _translations(args: argparse.Namespace) -> int:
    """`stc-report translations export|import`: the translator's loop (pipeline/publish/translations.py)."""
    from pipeline.inputs.translation_memory import LANGUAGE_NAMES
    from pipeline.publish.translations import TranslationsRefused, export_translations, import_translations

    folder, outputs, path = Path(args.inputs), Path(args.outputs), Path(args.file)
    if not folder.is_dir():
        raise Stop(f"The inputs folder {folder} does not exist; give it with --inputs.", EXIT_USAGE)
    try:
        if args.action == "export":
            if path.exists():
                raise Stop(f"{path} exists already; give a new file name (nothing is overwritten).", EXIT_USAGE)
            data, count = export_translations(folder, args.language, args.meeting or "")
            path.write_bytes(data)
            print(f"Wrote {path}: {count} texts to translate into {LANGUAGE_NAMES[args.language]}. Give it to "
                  f"the translator, then `stc-report translations import` the file they return.")
            return 0
        if not path.is_file():
            raise Stop(f"{path} does not exist; give the XLIFF file the translation tool saved.", EXIT_USAGE)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise Stop(f"{path} cannot be read ({error.strerror}).", EXIT_USAGE) from None
        result = import_translations(folder, outputs, data, _who(), path.name)
    except TranslationsRefused as refused:
        raise Stop(str(refused), EXIT_DATA) from None
    print(result.summary())
    return EXIT_DATA if result.refused else 0


def version_line(v, current: bool = False) -> str:
    """One version as the history lists it."""
    checked = (f"{v.problems} problems, {v.warnings} warnings" if v.action != "as it was before" and
               not v.workbook.endswith(".json") else "not checked" if v.action == "as it was before" else "")
    return (f"{v.short}  {v.at.replace('T', ' ') or '(before the first import)'}  {v.action}"
            f"{' by ' + v.by if v.by else ''}  {v.size:,} bytes{'  ' + checked if checked else ''}"
            f"{'  ' + v.note if v.note else ''}{'  (current)' if current else ''}")


def _download_input(args: argparse.Namespace, folder: Path, outputs: Path) -> int:
    import shutil

    from pipeline.publish import input_store as store

    name = store.workbook_name(args.name)
    source = (store.kept_path(outputs, store.find_version(outputs, args.version, name).checksum) if args.version
              else folder / name)
    target = Path(args.to)
    if target.exists():
        raise Stop(f"{target} exists already and is never overwritten; choose another file with --to.", EXIT_USAGE)
    shutil.copyfile(source, target)
    print(target)
    return 0


def _rerun(args: argparse.Namespace) -> int:
    """A report made again from the inputs, meeting, status date and languages its report.json recorded."""
    import tempfile

    from assets.instance import prepare_dagster_home
    from assets.runner import run_meeting_report
    from pipeline.publish.input_store import InputsRefused, materialise
    from pipeline.publish.manifest import read_manifest, request_of

    report = Path(args.folder)
    manifest = read_manifest(report)
    if manifest is None:
        raise Stop(f"{report} is not a report folder (it has no readable report.json).", EXIT_USAGE)
    if not manifest.inputs:
        raise Stop(f"The report in {report} did not record its inputs (it was made before they were kept), so it "
                   f"cannot be made again exactly.", EXIT_DATA)
    outputs = Path(args.outputs)
    request = request_of(manifest, before=report.name, pdf=not args.no_pdf)
    prepare_dagster_home()
    with tempfile.TemporaryDirectory(prefix="stc-rerun-") as folder:
        try:
            materialise(outputs, manifest.inputs, Path(folder))
        except InputsRefused as refused:
            raise Stop(str(refused), EXIT_DATA) from None
        print(f"Making the report of {manifest.meeting} as of {request.as_of} again from the inputs of {report.name}",
              flush=True)
        outcome = run_meeting_report(request, Path(folder), outputs, progress=_progress)
    if not outcome.success:
        print(f"The report run failed: {outcome.error}\nNo report was written.", file=sys.stderr)
        return EXIT_DATA
    print(f"Report for {manifest.meeting} (Dagster run {outcome.run_id}), made from the same inputs:")
    for path in outcome.files.values():
        print(f"  {path}")
    return 0


def _run(args: argparse.Namespace) -> int:
    settings.relax_garbage_collector()  # from the first input read on: this process is a report run's
    folder = Path(args.inputs)
    with _loading_for_good():
        import pipeline.inputs.load  # noqa: F401  (pandas and pandera: timed apart from the reading)
        from pipeline.assemble import ReportRequestError, default_as_of, find_meeting

    timing.mark("imports: pandas, pandera and the pipeline")
    inputs, issues = _checked_inputs(folder, "\nNo report was written.")
    try:
        meeting = find_meeting(inputs, args.meeting)
    except ReportRequestError as error:
        raise Stop(str(error), EXIT_USAGE) from None
    timing.mark("the command line's check of the inputs")
    with _loading_for_good():
        from assets.instance import prepare_dagster_home
        from assets.runner import run_meeting_report
        from pipeline.request import ReportRequest

    timing.mark("imports: Dagster and the report's definitions")
    as_of = args.as_of or default_as_of(meeting)
    _check_as_of(meeting, as_of, inputs, args.as_of_intended)
    if args.since and args.since >= as_of:
        raise Stop(f"--since {args.since} must be before the status date {as_of}.\nNo report was written.",
                   EXIT_USAGE)
    outputs = Path(args.outputs)
    problem = outputs_problem(outputs)
    if problem:
        raise Stop(problem + "\nNo report was written.", EXIT_USAGE)
    _check_narratives(meeting.code, args.language, args.narrative_fallback or "")
    known = _previous_issues(outputs, inputs, meeting)
    prepare_dagster_home()
    request = ReportRequest(meeting=meeting.code, as_of=args.as_of, since=args.since, languages=args.language,
                            narrative_fallback=args.narrative_fallback or "", pdf=not args.no_pdf)
    del inputs  # the run reads its own snapshot of the workbooks: two copies at once were 150 MB at 1000x
    _freeze_what_is_loaded()
    timing.mark("the command line's checks before the run")
    with _loading_for_good():  # the instance's storage modules (SQLAlchemy, Alembic) are imported as it opens
        instance = _open_instance()
    timing.mark("opening the instance")
    outcome = run_meeting_report(request, folder, outputs, instance=instance, progress=_progress, mark=timing.mark)
    if not outcome.success:
        print(f"The report run failed: {outcome.error}", file=sys.stderr)
        print("No report was written.", file=sys.stderr)
        return EXIT_DATA
    _print_run_issues(lambda: _checked_inputs(folder)[0], meeting.code, args.as_of or as_of, known, outcome.issues,
                      "en" in args.language)
    _print_still_english(outcome.files, args.language)
    print(f"Report for {meeting.code} (Dagster run {outcome.run_id}):")
    for code in args.language:
        for kind in ("docx", "xlsx", "pdf"):
            kind = kind if code == "en" else f"{code}.{kind}"  # 'UNEP-CMS-StC38-Doc3.fr.docx'
            if kind in outcome.files:
                print(f"  {outcome.files[kind]}")
    if not any(kind.endswith("pdf") for kind in outcome.files):
        from pipeline.publish.pdf import NO_LIBREOFFICE, libreoffice_available

        print(f"No PDF: {outcome.no_pdf}" if args.no_pdf or libreoffice_available() else NO_LIBREOFFICE)
    timing.mark("the command line after the run")
    return 0


def _open_instance():
    """The Dagster instance of DAGSTER_HOME, as the run would open it (its dagster.yaml, its storage)."""
    import dagster as dg

    return dg.DagsterInstance.get()


@contextlib.contextmanager
def _loading_for_good():
    """Imports make objects that live as long as the process (modules, classes, functions, Dagster's
    and pandas' tables): the cyclic garbage collector, which walks the new objects every 50,000 made
    (pipeline.settings.RUN_GC_THRESHOLD), has nothing to find among them. It is paused while they are
    made, and what they made is frozen (left out of its walks) before it starts again."""
    import gc

    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if paused:
            gc.enable()


def _freeze_what_is_loaded() -> None:
    """Leave what is loaded so far (Dagster's, pandas' and the other modules, the inputs) out of the
    cyclic garbage collector's walks for the rest of this process: the run's full collection between
    the writers (assets/report_assets.py) walked them all, 0.3-0.7 s at 1x; now only what the run makes."""
    import gc

    gc.freeze()


def _check_narratives(meeting_code: str, languages: tuple[str, ...], fallback: str) -> None:
    """Stop (exit 1) before the run when a language of the report has no narrative, naming the
    file, unless the English one is to be used (then say so)."""
    from pipeline.word.templates import MissingNarrative, TemplateError, narrative_in

    templates = settings.folder(settings.TEMPLATES_DIR)
    for code in languages:
        try:
            _, note = narrative_in(templates, meeting_code, code, fallback_english=fallback == "english")
        except MissingNarrative as missing:
            raise Stop(f"{missing}\nNo report was written.", EXIT_DATA) from None
        except TemplateError:
            continue  # the run names any other template problem itself
        if note:
            print(f"Note: {note}", flush=True)


def _print_run_issues(inputs, meeting_code: str, as_of: date, known, issues=None, english: bool = True) -> None:
    """The run's data issues (`issues`, as the run found them; else worked out again from `inputs()`,
    which reads them: the command line does not hold the inputs during the run): how many are
    new since the previous report, the new ones listed. `english`: the run writes the English edition,
    whose workbook lists exactly these (a French or Spanish one adds its texts still in English)."""
    from pipeline.assemble import meeting_statuses
    from pipeline.history.known_issues import count_line, mark_issues
    from pipeline.inputs.messages import describe

    issues = meeting_statuses(inputs(), meeting_code, as_of).issues if issues is None else issues
    if not issues:
        return
    marked = mark_issues(issues, known)
    where = "listed in the workbook's 'Data issues' sheet" if english else "in the inputs"
    print(f"Data issues, {where} (see `stc-report validate`): {count_line(marked, known is not None)}")
    for m in marked:
        if known is not None and not m.known:
            print(f"  - new: {describe(m.issue)}")


def _print_still_english(files: dict[str, str], languages: tuple[str, ...]) -> None:
    """Per French or Spanish edition, what its workbook's Data issues sheet counts and how many of those are
    staff texts still in English: read from the report.json the page reads too, so the figures agree."""
    from pipeline.inputs.translation_memory import LANGUAGE_NAMES
    from pipeline.publish.manifest import read_manifest

    manifest = read_manifest(Path(next(iter(files.values()))).parent) if files else None
    for code in languages:
        counts = (manifest.editions or {}).get(code) if manifest is not None else None
        if code == "en" or not isinstance(counts, dict):
            continue
        total, still = counts.get("data_issues", 0), counts.get("still_english", 0)
        name = LANGUAGE_NAMES.get(code, code)
        if still:
            print(f"{name} edition: still in English: {still} staff texts with no {name} translation. Its "
                  f"workbook's 'Data issues' sheet lists {total} data issues: those {still} and {total - still} "
                  f"about the inputs. `stc-report translations export --language {code} FILE.xlf` gives them "
                  f"to a translator.")
        else:
            print(f"{name} edition: no staff text is still in English. Its workbook's 'Data issues' sheet lists "
                  f"{total} data issues, about the inputs.")


def _check_as_of(meeting, as_of: date, inputs, intended: bool) -> None:
    """Stop (exit 2) when the status date would make a misleading report, unless it is intended."""
    from pipeline.status.as_of_check import as_of_problems

    problems = as_of_problems(meeting, as_of, inputs, date.today())
    if problems and not intended:
        listed = "\n".join(f"  - {p}" for p in problems)
        raise Stop(f"The report for {meeting.code} as of {as_of.isoformat()} was not started:\n{listed}\n"
                   f"If this date is what you want, run the same command again with --as-of-intended.\n"
                   f"No report was written.", EXIT_USAGE)
    for problem in problems:
        print(f"Note (--as-of-intended): {problem}", flush=True)


def outputs_problem(folder: Path) -> str:
    """Why reports cannot be written into `folder` (naming it and the cause), or '' when they can.

    The folder is not created: a file is made and removed in it, or in the nearest folder
    above it that exists (where the run would create it); then its disk must have room for a
    report (pipeline/publish/disk.py).
    """
    import errno
    import tempfile

    folder = Path(folder)
    advice = "Choose another folder with --outputs (or STC_OUTPUTS_DIR), or ask for permission to write in it."
    if folder.exists() and not folder.is_dir():
        return f"The outputs folder {folder} cannot be used: it is a file, not a folder. {advice}"
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return f"The outputs folder {folder} cannot be created: {existing} is a file, not a folder. {advice}"
    try:
        handle, probe = tempfile.mkstemp(prefix=".stc-write-check-", dir=existing)
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        causes = {errno.EACCES: "permission denied", errno.EPERM: "the system does not allow it",
                  errno.EROFS: "it is on a read-only disk", errno.ENOSPC: "the disk is full",
                  errno.EDQUOT: "the disk quota is used up"}
        cause = causes.get(error.errno, (error.strerror or str(error)).lower())
        where = "" if existing == folder else f" (it would be created in {existing})"
        return f"The outputs folder {folder} cannot be written{where}: {cause}. {advice}"
    from pipeline.publish.disk import free_space_problem

    return free_space_problem(folder)  # an empty file fits on a full disk; a report does not


def _progress(message: str) -> None:
    print(message, flush=True)


def _portal_app(args: argparse.Namespace, dagster_url: str):
    """The portal's app, once the address, the port and the folders are known to be usable."""
    from portal.server import access_settings, bind_problem, build_app, port_problem
    from portal.users import UsersFileError

    try:
        users, sso = access_settings()
        named_people = bool(users) or sso is not None
    except (UsersFileError, ValueError) as error:
        raise Stop(str(error), EXIT_USAGE) from None
    problem = bind_problem(args.host, args.token, args.allow_remote, named_people)
    if problem:
        raise Stop(problem, EXIT_USAGE)
    try:
        settings.portal_memory_mb()  # the page's memory bound, applied when it starts serving
    except settings.SettingError as error:
        raise Stop(str(error), EXIT_USAGE) from None
    if not Path(args.inputs).is_dir():
        raise Stop(f"The inputs folder {args.inputs} does not exist.", EXIT_USAGE)
    problem = port_problem(args.host, args.port)
    if problem:
        raise Stop(problem, EXIT_USAGE)
    try:
        return build_app(Path(args.inputs), Path(args.outputs), dagster_url, args.token)
    except ValueError as error:
        raise Stop(str(error), EXIT_USAGE) from None


def _users(args: argparse.Namespace) -> int:
    """`stc-report users add NAME --role officer` and `stc-report users list`, on settings.users_file()."""
    import getpass

    from portal.users import ROLES, UsersFileError, add_user, read_users

    path = settings.users_file()
    try:
        if args.action == "list":
            for name, user in sorted(read_users(path).items()):
                sign_in = "password" if user["password"] else "single sign-on only"
                print(f"{name}\t{user['role']}\t{sign_in}")
            return 0
        password = ""
        if not args.sso_only:
            password = getpass.getpass(f"Password for {args.name} (at least 8 characters): ")
            if getpass.getpass("The same password again: ") != password:
                raise Stop("The two passwords differ; nothing was changed.", EXIT_USAGE)
        new = add_user(path, args.name, args.role, password)
    except UsersFileError as error:
        raise Stop(str(error), EXIT_USAGE) from None
    print(f"{'Added' if new else 'Changed'} {args.name}: {args.role} ({ROLES[args.role]}), in {path}.")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from portal.server import local_url, serve

    app = _portal_app(args, args.dagster_url)
    print(f"Standing Committee reports: open {local_url(args.host, args.port)} (Dagster: {args.dagster_url}). "
          f"Press Ctrl+C to stop.", flush=True)
    serve(app, args.host, args.port)
    return 0


def _up(args: argparse.Namespace) -> int:
    """Dagster's webserver and daemon (`dagster dev`) in a child process, then the portal; Ctrl+C stops both."""
    from assets.instance import prepare_dagster_home
    from portal.launcher import LaunchProblem, run_dagster_and_page

    from portal.server import port_problem

    app = _portal_app(args, f"http://127.0.0.1:{args.dagster_port}")
    problem = port_problem("127.0.0.1", args.dagster_port)
    if problem:
        raise Stop(problem.replace("--port", "--dagster-port"), EXIT_USAGE)
    try:
        run_dagster_and_page(app, settings.PROJECT_ROOT, prepare_dagster_home(), args.host, args.port, args.dagster_port,
                             Path(args.inputs), Path(args.outputs))
    except LaunchProblem as problem:
        raise Stop(str(problem), EXIT_DATA) from None
    return 0


def _code_server(args: argparse.Namespace) -> int:
    """assets/code_server.py: Dagster's code server whose runs fork from a warm process, with a warm LibreOffice."""
    from assets.code_server import main as code_server

    return code_server(["--host", args.host, "--port", str(args.port)])


if __name__ == "__main__":
    logging.captureWarnings(True)
    sys.exit(main())
