"""Refuse a .docx or .xlsx that would unpack past a bound, before anything parses it.

A .docx or .xlsx is a zip of XML parts. A few kilobytes of zip can hold a part that unpacks
to gigabytes (a "zip bomb"), and python-docx, openpyxl and python-calamine unpack a part
whole before they know what is in it: a 1.5 MB upload once drove the staff page to 3.6 GB.
So every .docx and .xlsx the product opens (the input workbooks, the Word work programme of
`import-programme` and of the page's import, the report template and the narratives) is
first checked here, on its zip's central directory only (names and sizes, read in
kilobytes):

- at most MAX_ENTRIES parts;
- no part larger than MAX_PART_MB once unpacked, and all of them together at most
  MAX_TOTAL_MB (a real work programme, workbook or template is a few MB at most: the
  bundled inputs unpack to 0.1 MB each, the template to 0.9 MB, the inputs at 100 times
  the bundled data to about 15 MB);
- no part larger than RATIO_FROM_MB that unpacks to more than MAX_RATIO times its packed
  size (real XML packs 5 to 40 times; a bomb packs 1,000 times).

The directory could understate a part's size, so the parts are then unpacked once as a
stream, a megabyte at a time and never kept, and a part that unpacks to more than it says
is refused as well: that pass costs at most the stated sizes, which the bounds cap. Memory
stays flat whatever the file holds (the tests measure a refusal's peak: far below 300 MB).
"""
from __future__ import annotations

import copy
import zipfile
from pathlib import Path

MAX_TOTAL_MB = 200
MAX_PART_MB = 100
MAX_ENTRIES = 5_000
MAX_RATIO = 100
RATIO_FROM_MB = 10
MB = 1024 * 1024
CHUNK = MB


class ArchiveTooLarge(ValueError):
    """The file would unpack past a bound; the message names the file, the part and the bound."""


def _mb(size: int) -> str:
    if size < MB:
        return f"{size:,} bytes"
    return f"{size / MB:,.1f} MB" if size < 10 * MB else f"{size / MB:,.0f} MB"


def unpacked_problem(path: Path, shown_as: str | None = None, kind: str = "document") -> str:
    """Why `path` must not be opened (naming it, the part and the bound), or '' when it may be.

    A file that is not a zip at all, or a damaged one, gives '': the caller's own checks say
    what it is. `kind` is what the file should be ('Word document', 'Excel workbook').
    """
    name = shown_as or str(path)
    advice = (f"A real {kind} is far smaller; open it in the program that made it and save it again, or ask "
              f"whoever sent it for the original (a file built to unpack this much is a \"zip bomb\").")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_ENTRIES:
                return (f"{name} was not opened: it holds {len(parts):,} parts, more than the {MAX_ENTRIES:,} a "
                        f"{kind} may hold. {advice}")
            for part in parts:
                problem = _part_problem(part)
                if problem:
                    return f"{name} was not opened: its part {part.filename} {problem}. {advice}"
            total = sum(p.file_size for p in parts)
            if total > MAX_TOTAL_MB * MB:
                return (f"{name} was not opened: its parts would unpack to {_mb(total)} together, more than the "
                        f"{MAX_TOTAL_MB} MB a {kind} may. {advice}")
            for part in parts:
                if _unpacks_past_stated(archive, part):
                    return (f"{name} was not opened: its part {part.filename} unpacks to more than the "
                            f"{_mb(part.file_size)} the file says. {advice}")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError,
            RuntimeError):
        return ""  # not a zip, damaged, encrypted: the caller says what it is
    return ""


def _part_problem(part: zipfile.ZipInfo) -> str:
    if part.file_size > MAX_PART_MB * MB:
        return f"would unpack to {_mb(part.file_size)}, more than the {MAX_PART_MB} MB a part may"
    ratio = part.file_size / max(part.compress_size, 1)
    if part.file_size > RATIO_FROM_MB * MB and ratio > MAX_RATIO:
        return (f"would unpack to {_mb(part.file_size)} from {_mb(part.compress_size)}, {ratio:,.0f} times its "
                f"packed size (more than {MAX_RATIO} times is refused for a part over {RATIO_FROM_MB} MB)")
    return ""


def _unpacks_past_stated(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Whether the part holds more than its stated size: unpacked a chunk at a time, stopping one
    byte past the stated size (zipfile itself would stop at it and so never see the rest)."""
    if part.is_dir():
        return False
    probe = copy.copy(part)
    probe.file_size = part.file_size + 1
    del probe.CRC  # zipfile checks the checksum at the stated end, which would hide what follows
    seen = 0
    try:
        with archive.open(probe) as stream:
            while chunk := stream.read(CHUNK):
                seen += len(chunk)
                if seen > part.file_size:
                    return True
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        return False  # damaged: the caller reports it in its own words
    return False


def check_unpacked_size(path: Path, shown_as: str | None = None, kind: str = "document") -> None:
    """Raise ArchiveTooLarge when `path` would unpack past a bound (see unpacked_problem)."""
    problem = unpacked_problem(Path(path), shown_as, kind)
    if problem:
        raise ArchiveTooLarge(problem)
