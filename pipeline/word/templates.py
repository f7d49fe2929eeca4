"""Find and open the Word template and the meeting's narrative that staff edit in templates/.

templates/report-template.docx   styles, page set-up, header and footer, the first page
                                 (header block, meeting block, title) with placeholders, and
                                 a paragraph {{ narrative }} where the narrative goes.
templates/narrative/StC38.docx   the narrative of one meeting (Background ... Action requested)
templates/narrative/default.docx the narrative used when a meeting has none of its own.
templates/narrative/StC38.fr.docx the meeting's narrative in French (.es.docx: Spanish); a
                                 report in a language without one stops (MissingNarrative) or,
                                 when asked, uses the English narrative and says so.

Every problem is a TemplateError whose message names the file (and, for a placeholder,
the paragraph), because the person who must fix it is editing that file in Word.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

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


_LANGUAGE_NAMES = {"fr": "French", "es": "Spanish"}


def narrative_in(templates_dir: Path, meeting_code: str, code: str = "en",
                 fallback_english: bool = False) -> tuple[Path, str]:
    """(the narrative of a report in a language, a note to show, '' when there is nothing to say).

    French: narrative/StC38.fr.docx; a meeting that uses default.docx in English uses
    default.fr.docx. Where the language's file is missing, MissingNarrative names it, unless
    fallback_english: then the English narrative is used and the note says so.
    """
    english = narrative_for(templates_dir, meeting_code)
    if code == "en":
        return english, ""
    name = _LANGUAGE_NAMES.get(code, code)
    folder = Path(templates_dir) / NARRATIVE_FOLDER
    wanted = folder / f"{Path(english.name).stem}.{code}.docx"  # StC38.fr.docx, or default.fr.docx
    if wanted.is_file():
        return wanted, ""
    if fallback_english:
        return english, (f"No {name} narrative ({wanted}): the {name} report uses the English narrative "
                         f"{english.name}, as asked (narrative fallback: english).")
    raise MissingNarrative(
        f"{wanted}: the {name} narrative of {meeting_code} is missing. Translate {english.name} and save it as "
        f"{wanted.name} in {folder}, or ask for the English narrative in the {name} report "
        f"(stc-report run --narrative-fallback english).")


def open_docx(path: Path, what: str) -> DocumentObject:
    """Open a .docx that staff edit; anything else (missing, .doc, text, .dotx) is a TemplateError."""
    path = Path(path)
    if not path.is_file():
        raise TemplateError(f"{path}: the {what} is missing")
    try:
        return Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise TemplateError(
            f"{path}: the {what} is not a Word document (.docx) that can be read ({_short(error)}). "
            f"Open it in Word or LibreOffice and save it as 'Word Document (.docx)'.") from None


def _short(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."
