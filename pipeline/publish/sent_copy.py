"""The files of the version sent to the Committee, without the what-if mark.

A report made on purpose with a status date that may mislead carries a line in its header, "Not
the version sent to the Committee: …" (pipeline/word/draft_mark.py), in its .docx and so in its
PDF. When staff mark such a report as the version sent, the line must go; the files as made are
never changed (a published report folder is never touched). So the staff page serves, for the
report marked as sent, copies without the line, made on first download and kept in
`outputs/<meeting>/.sent-copies/<report folder>/`: the .docx with the line taken out, the PDF
converted from that .docx (LibreOffice, as a run makes it; a few seconds, once). The workbook
(.xlsx) carries no mark and is served as made.

The design chosen is the simplest honest one: the mark is part of every file as made, the clean
copy exists only once a person marked the report as sent, and a report that loses that mark is
served with its line again (its own files). Copies are made under an exclusive lock, written
whole and renamed into place, so two downloads at once never serve half a file.
"""
from __future__ import annotations

import fcntl
import io
import os
from pathlib import Path

from docx import Document

from pipeline.publish.pdf import PdfConversionError, convert_to_pdf
from pipeline.word.draft_mark import remove_mark

SENT_COPIES = ".sent-copies"


def copy_folder(meeting_dir: Path, report_folder: str) -> Path:
    return Path(meeting_dir) / SENT_COPIES / report_folder


def _write_whole(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def _unmarked_docx(source: Path, target: Path) -> bool:
    """Write `source` without its mark to `target`; False when it had no mark (nothing written)."""
    document = Document(str(source))
    if not remove_mark(document):
        return False
    buffer = io.BytesIO()
    document.save(buffer)
    _write_whole(target, buffer.getvalue())
    return True


def unmarked_file(meeting_dir: Path, report_folder: str, file_name: str) -> Path | None:
    """The file `file_name` of the report (a .docx or a .pdf) without the what-if mark, made when first
    asked; None when the file has no mark (serve it as made) or the clean copy cannot be made (no
    LibreOffice for the PDF)."""
    source_dir = Path(meeting_dir) / report_folder
    stem, _, extension = file_name.rpartition(".")
    if extension not in ("docx", "pdf"):
        return None
    docx_name = f"{stem}.docx"
    if not (source_dir / docx_name).is_file():
        return None
    folder = copy_folder(meeting_dir, report_folder)
    target = folder / file_name
    if target.is_file():
        return target
    unmarked = folder / f".no-mark-{docx_name}"  # made before marks existed, or never marked: said once
    if unmarked.exists():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.is_file():
            return target
        clean_docx = folder / docx_name
        if not clean_docx.is_file() and not _unmarked_docx(source_dir / docx_name, clean_docx):
            unmarked.touch()
            return None
        if extension == "docx":
            return clean_docx
        try:
            return convert_to_pdf(clean_docx, folder)
        except (PdfConversionError, OSError):
            return None
