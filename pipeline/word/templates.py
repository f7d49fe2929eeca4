"""Find and open the Word template and the meeting's narrative that staff edit in templates/.

templates/report-template.docx   styles, page set-up, header and footer, the first page
                                 (header block, meeting block, title) with placeholders, and
                                 a paragraph {{ narrative }} where the narrative goes.
templates/narrative/StC38.docx   the narrative of one meeting (Background ... Action requested)
templates/narrative/default.docx the narrative used when a meeting has none of its own (staff
                                 are told so, naming the file to create: choose_narrative).
templates/narrative/StC38.fr.docx the meeting's narrative in French (.es.docx: Spanish); a
                                 report in a language without one stops (MissingNarrative) or,
                                 when asked, uses the English narrative and says so.

Every problem is a TemplateError whose message names the file (one that would unpack past
pipeline/inputs/archive_bounds.py's limits is refused before it is opened) (and, for a placeholder,
the paragraph), because the person who must fix it is editing that file in Word.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from pipeline.inputs.archive_bounds import unpacked_problem
from pipeline.model import ENGLISH_NAMES, REPORT_LANGUAGES as LANGUAGES

TEMPLATE_FILE = "report-template.docx"
NARRATIVE_FOLDER = "narrative"
DEFAULT_NARRATIVE = "default.docx"


class TemplateError(ValueError):
    """A template or narrative file is missing or unusable; the message names it and the place."""


def report_template(templates_dir: Path) -> Path:
    """templates/report-template.docx, which must exist."""
    path = Path(templates_dir) / TEMPLATE_FILE
    if not path.is_file():
        raise TemplateError(f"{path}: the Word template is missing; expected a .docx named {TEMPLATE_FILE}")
    return path


def narrative_for(templates_dir: Path, meeting_code: str) -> Path:
    """The meeting's own narrative (narrative/StC38.docx), else the common one (default.docx)."""
    folder = Path(templates_dir) / NARRATIVE_FOLDER
    own = folder / f"{meeting_code}.docx"
    for candidate in (own, folder / DEFAULT_NARRATIVE):
        if candidate.is_file():
            return candidate
    stray = sorted(p.name for p in folder.glob(f"{meeting_code}.*")) if folder.is_dir() else []
    hint = f" ({', '.join(stray)} is there: save it in Word as a .docx)" if stray else ""
    raise TemplateError(
        f"{folder}: no narrative for {meeting_code}; expected {own.name} or {DEFAULT_NARRATIVE} there{hint}")


class MissingNarrative(TemplateError):
    """A report in French or Spanish whose meeting has no narrative in that language."""


_LANGUAGE_NAMES = ENGLISH_NAMES  # 'French': how staff messages name a language
NARRATIVE_LANGUAGES = LANGUAGES


@dataclass(frozen=True)
class NarrativeChoice:
    """Which narrative a report of a meeting in one language uses, and what staff are told about it."""

    meeting_code: str
    language: str
    path: Path
    own: bool  # the meeting's own narrative in this language (False: the default one, or the English one)
    note: str  # what staff should read before the report is made; '' when there is nothing to say


def choose_narrative(templates_dir: Path, meeting_code: str, code: str = "en",
                     fallback_english: bool = False) -> NarrativeChoice:
    """The one rule for which narrative a report uses, for the command line, the run and the staff page.

    English: narrative/StC41.docx, else default.docx, with a note naming the file to create and
    the narrative to copy. French: narrative/StC41.fr.docx; a meeting without its own English
    narrative uses default.fr.docx (with a note). Where the language's file is missing,
    MissingNarrative names it, unless fallback_english: then the English narrative is used and
    the note says so. No narrative at all (not even default.docx): TemplateError.
    """
    folder = Path(templates_dir) / NARRATIVE_FOLDER
    english = narrative_for(templates_dir, meeting_code)
    english_own = english == folder / f"{meeting_code}.docx"
    if code == "en":
        note = "" if english_own else _default_note(folder, meeting_code, code)
        return NarrativeChoice(meeting_code, code, english, english_own, note)
    name = _LANGUAGE_NAMES.get(code, code)
    own = folder / f"{meeting_code}.{code}.docx"
    if own.is_file():
        return NarrativeChoice(meeting_code, code, own, True, "")
    wanted = own if english_own else folder / f"{Path(DEFAULT_NARRATIVE).stem}.{code}.docx"
    if not english_own and wanted.is_file():
        return NarrativeChoice(meeting_code, code, wanted, False, _default_note(folder, meeting_code, code))
    if fallback_english:
        return NarrativeChoice(meeting_code, code, english, False, (
            f"No {name} narrative ({wanted}): the {name} report uses the English narrative "
            f"{english.name}, as asked (narrative fallback: english)."))
    raise MissingNarrative(
        f"{wanted}: the {name} narrative of {meeting_code} is missing. Translate {english.name} and save it as "
        f"{wanted.name} in {folder}, or ask for the English narrative in the {name} report "
        f"(stc-report run --narrative-fallback english).")


def narrative_in(templates_dir: Path, meeting_code: str, code: str = "en",
                 fallback_english: bool = False) -> tuple[Path, str]:
    """(the narrative of a report in a language, a note to show, '' when there is nothing to say):
    choose_narrative's path and note."""
    choice = choose_narrative(templates_dir, meeting_code, code, fallback_english)
    return choice.path, choice.note


def narrative_notes(templates_dir: Path, meeting_code: str, languages: tuple[str, ...] = NARRATIVE_LANGUAGES,
                    fallback_english: bool = False) -> list[str]:
    """Every note staff should read about the meeting's narratives before a report is made, one per
    language that needs one (the default narrative used; a language whose report would stop); never
    raises. Empty when the meeting has its own narrative in each language."""
    notes = []
    for code in languages:
        try:
            note = choose_narrative(templates_dir, meeting_code, code, fallback_english).note
        except TemplateError as problem:
            note = str(problem)
        if note and note not in notes:
            notes.append(note)
    return notes


def _default_note(folder: Path, meeting_code: str, code: str) -> str:
    """'StC41 has no narrative of its own: ... copy StC38.docx to StC41.docx ...'."""
    suffix = "" if code == "en" else f".{code}"
    default = folder / f"{Path(DEFAULT_NARRATIVE).stem}{suffix}.docx"
    own = folder / f"{meeting_code}{suffix}.docx"
    model = _model_narrative(folder, meeting_code, suffix) or default
    if code == "en":
        return (f"{meeting_code} has no narrative of its own ({own} does not exist): the report uses the default "
                f"narrative {default.name} (one general Background sentence, then the generated paragraphs). To give "
                f"{meeting_code} its own text, copy {model.name} to {own.name} in {folder} and edit it in Word.")
    name = _LANGUAGE_NAMES.get(code, code)
    return (f"{meeting_code} has no {name} narrative of its own ({own} does not exist): the {name} report uses the "
            f"default narrative {default.name}. To give it its own text, copy {model.name} to {own.name} in "
            f"{folder} and edit it in Word.")


def _model_narrative(folder: Path, meeting_code: str, suffix: str) -> Path | None:
    """The narrative to copy for a new meeting: the latest earlier meeting's own (StC38.docx for StC41)."""
    if not folder.is_dir():
        return None
    default = Path(DEFAULT_NARRATIVE).stem.lower()
    found = [p for p in folder.glob(f"*{suffix}.docx") if p.is_file() and not p.name.startswith("~$")]
    stems = {p: p.name[:-len(f"{suffix}.docx")] for p in found}
    own = sorted((p for p, stem in stems.items() if stem and "." not in stem and stem.lower() != default
                  and stem != meeting_code), key=lambda p: _natural(stems[p]))
    earlier = [p for p in own if _natural(stems[p]) < _natural(meeting_code)]
    return (earlier or own or [None])[-1]


def _natural(text: str) -> tuple:
    """'StC9' before 'StC38': numbers compared as numbers."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.lower())
                 for part in re.split(r"(\d+)", text) if part)


def open_docx(path: Path, what: str) -> DocumentObject:
    """Open a .docx that staff edit; anything else (missing, .doc, text, .dotx) is a TemplateError."""
    path = Path(path)
    if not path.is_file():
        raise TemplateError(f"{path}: the {what} is missing")
    too_large = unpacked_problem(path, kind=f"{what} (.docx)")  # before python-docx unpacks it (a zip bomb)
    if too_large:
        raise TemplateError(too_large)
    try:
        return Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise TemplateError(
            f"{path}: the {what} is not a Word document (.docx) that can be read ({_short(error)}). "
            f"Open it in Word or LibreOffice and save it as 'Word Document (.docx)'.") from None


def _short(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."
