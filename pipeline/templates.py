"""Find the Word template and the meeting's narrative that staff edit in templates/."""
from __future__ import annotations

from pathlib import Path

TEMPLATE_FILE = "report-template.docx"
NARRATIVE_FOLDER = "narrative"
DEFAULT_NARRATIVE = "default.md"


class TemplateError(ValueError):
    """A template or narrative file is missing or unusable; the message names it."""


def report_template(templates_dir: Path) -> Path:
    path = Path(templates_dir) / TEMPLATE_FILE
    if not path.is_file():
        raise TemplateError(f"{path}: the Word template is missing; expected a .docx named {TEMPLATE_FILE}")
    return path


def narrative_for(templates_dir: Path, meeting_code: str) -> Path:
    """The meeting's own narrative (narrative/StC38.md), else the common one (default.md)."""
    folder = Path(templates_dir) / NARRATIVE_FOLDER
    for candidate in (folder / f"{meeting_code}.md", folder / DEFAULT_NARRATIVE):
        if candidate.is_file():
            return candidate
    raise TemplateError(
        f"{folder}: no narrative for {meeting_code}; expected {meeting_code}.md or {DEFAULT_NARRATIVE} there"
    )
