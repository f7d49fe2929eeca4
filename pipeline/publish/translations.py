"""The translator's loop: export the staff texts a language lacks as XLIFF, import the translated file.

The command line (`stc-report translations export|import`) and the staff page both come here, so the
checks are the same: a unit whose English has changed since the export is refused, naming its row;
a file that is not a readable XLIFF changes nothing. Accepted translations are written into their
'... (fr)' column (added to the sheet when it has none) and installed through the input store, so
the version replaced is kept as for any other change of the inputs; they also go into the translation
memory, whose versions are kept beside the workbooks' (input-versions/<sha256>.json).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from pipeline.inputs.translation_memory import (LANGUAGE_NAMES, Memory, MemoryError_, load_memory, memory_path,
                                                save_memory)
from pipeline.inputs.translation_units import TextUnit, header_positions, input_units
from pipeline.inputs.xliff_file import XliffError, read_xliff, write_xliff
from pipeline.model import TRANSLATED_LANGUAGES
from pipeline.publish.input_store import InputsRefused, install_edited, keep, record_memory

TRANSLATIONS_IMPORTED = "translations imported"


class TranslationsRefused(ValueError):
    """Nothing was written; the message says why, for the person."""


@dataclass
class ImportResult:
    language: str
    written: list[TextUnit] = field(default_factory=list)
    unchanged: int = 0
    untranslated: int = 0  # units returned without a translation
    refused: list[str] = field(default_factory=list)  # one sentence per refused unit, naming its row
    versions: list = field(default_factory=list)  # the input store's Version of each workbook changed

    def summary(self) -> str:
        name = LANGUAGE_NAMES[self.language]
        lines = [f"{len(self.written)} {name} translations written into the inputs"
                 + (f" ({', '.join(f'{v.workbook} version {v.short}' for v in self.versions)})"
                    if self.versions else "")
                 + f"; {self.unchanged} already there; {self.untranslated} still without a translation in the file."]
        if self.refused:
            lines.append(f"{len(self.refused)} refused (nothing written for them):")
            lines += [f"  - {reason}" for reason in self.refused]
        return "\n".join(lines)


def _language(code: str) -> str:
    code = (code or "").strip().lower()
    if code not in TRANSLATED_LANGUAGES:
        raise TranslationsRefused(f"'{code}' is not a language staff's texts are translated into; give one of: "
                                  f"{', '.join(TRANSLATED_LANGUAGES)}.")
    return code


def _memory(inputs: Path) -> Memory:
    try:
        return load_memory(inputs)
    except MemoryError_ as error:
        raise TranslationsRefused(str(error)) from None


def units_to_translate(inputs: Path, language: str, meeting: str = "") -> list[TextUnit]:
    """The texts the language lacks: no translation in their column nor in the memory, or one whose English
    has changed since it was translated (it needs review). With a meeting: only those its edition prints
    in English (the data issues of its report in that language), and those needing review."""
    language = _language(language)
    memory = _memory(inputs)
    printed = _printed_in_english(Path(inputs), language, meeting) if meeting else None
    return [u for u in input_units(inputs, (language,))
            if memory.changed_since(language, u.id, u.source) is not None
            or (not u.target and not memory.lookup(language, u.source)
                and (printed is None or (u.file, u.sheet, u.row, u.target_column) in printed))]


def _printed_in_english(inputs: Path, language: str, meeting: str) -> set[tuple]:
    """(file, sheet, row, column) of each text the meeting's edition in the language prints in English."""
    import tempfile

    from pipeline.assemble import ReportRequestError, build_report
    from pipeline.inputs.load import InputError, read_inputs
    from pipeline.report_model import in_language, still_english

    try:
        with tempfile.TemporaryDirectory(prefix="stc-translations-") as none:
            report = build_report(read_inputs(inputs), meeting, snapshots_dir=Path(none) / "none")
    except InputError as error:
        raise TranslationsRefused(f"The inputs in {inputs} cannot be used yet, so the texts {meeting} needs cannot "
                                  f"be worked out. {error}") from None
    except ReportRequestError as error:
        raise TranslationsRefused(str(error)) from None
    return {(i.file, i.sheet, i.row, i.column) for i in still_english(in_language(report, language))}


def export_translations(inputs: Path, language: str, meeting: str = "") -> tuple[bytes, int]:
    """(the XLIFF file, how many texts it holds) of what the language lacks (in a meeting's edition)."""
    units = units_to_translate(Path(inputs), language, meeting)
    return write_xliff(units, _language(language)), len(units)


def import_translations(inputs: Path, outputs: Path, data: bytes, by: str, file_name: str = "") -> ImportResult:
    """Check a returned XLIFF against the current inputs and write its translations (see the module)."""
    inputs, outputs = Path(inputs), Path(outputs)
    try:
        language, returned = read_xliff(data)
    except XliffError as error:
        raise TranslationsRefused(f"{file_name or 'The file'}: {error} Nothing was changed.") from None
    if language not in TRANSLATED_LANGUAGES:
        raise TranslationsRefused(f"{file_name or 'The file'}: its target language is '{language or 'not given'}'; "
                                  f"expected one of {', '.join(TRANSLATED_LANGUAGES)} (as exported). Nothing was "
                                  f"changed.")
    memory = _memory(inputs)
    current = {u.id: u for u in input_units(inputs, (language,))}
    result = ImportResult(language)
    accepted: list[tuple[TextUnit, str]] = []
    for unit in returned:
        if not unit.target:
            result.untranslated += 1
            continue
        here = current.get(unit.id)
        if here is None:
            row = f" (row {unit.row} at the export)" if unit.row else ""
            result.refused.append(f"{unit.id}{row}: no such text in the inputs any more (its row or code was "
                                  f"changed or removed since the export).")
        elif here.source != unit.source.strip():
            result.refused.append(f"{here.place}: the English text has changed since the export; export the "
                                  f"{LANGUAGE_NAMES[language]} translations again and translate the new text.")
        elif here.target == unit.target and memory.changed_since(language, here.id, here.source) is None:
            result.unchanged += 1
            memory.add(here, unit.target)
        else:
            accepted.append((here, unit.target))
    by_workbook: dict[str, list[tuple[TextUnit, str]]] = {}
    for unit, text in accepted:
        by_workbook.setdefault(unit.file, []).append((unit, text))
    for workbook, units in by_workbook.items():
        note = f"{len(units)} {LANGUAGE_NAMES[language]} translations" + (f" from {file_name}" if file_name else "")
        try:
            result.versions.append(install_edited(inputs, outputs, workbook, lambda folder: _write(folder, units),
                                                  by, TRANSLATIONS_IMPORTED, note))
        except InputsRefused as error:
            result.refused += [f"{u.place}: {workbook} could not be installed with it: {error}" for u, _ in units]
            continue
        for unit, text in units:
            memory.add(unit, text)
            result.written.append(unit)
    if result.written or result.unchanged:
        before = keep(outputs, memory_path(inputs)) if memory_path(inputs).is_file() else ""
        save_memory(inputs, memory)
        record_memory(inputs, outputs, before, by,
                      LANGUAGE_NAMES[language] + (f" from {file_name}" if file_name else ""))
    return result


def _write(folder: Path, units: list[tuple[TextUnit, str]]) -> None:
    """Put each translation into its row's '... (fr)' column, adding the column after the last one if needed."""
    path = folder / units[0][0].file
    book = openpyxl.load_workbook(path)
    for unit, text in units:
        sheet = book[next(n for n in book.sheetnames if n.casefold() == unit.sheet.casefold())]
        positions = header_positions(sheet)
        wanted = " ".join(unit.target_column.split()).casefold()
        if wanted not in positions:
            column = sheet.max_column + 1
            sheet.cell(1, column, unit.target_column)
            positions[wanted] = column
        sheet.cell(unit.row, positions[wanted], text)
    book.save(path)
