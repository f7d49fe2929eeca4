"""Zip bombs for the tests: a .docx or .xlsx whose one part unpacks to gigabytes, written as a
stream so that making one takes a few MB of memory and disk (the part packs about 200:1)."""
from __future__ import annotations

import shutil
import struct
import zipfile
from pathlib import Path

MB = 1024 * 1024

DOCX_PARTS = {"[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                     'package/2006/content-types"/>',
              "_rels/.rels": '<?xml version="1.0"?><Relationships/>'}


def write_bomb(path: Path, part: str = "word/document.xml", megabytes: int = 1100,
               others: dict[str, str] | None = None) -> Path:
    """`path`: a zip whose `part` is `megabytes` MB of blanks inside an XML element; small on disk."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in (DOCX_PARTS if others is None else others).items():
            archive.writestr(name, text)
        with archive.open(part, "w", force_zip64=True) as stream:
            stream.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                         b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
            chunk = b" " * MB
            for _ in range(megabytes):
                stream.write(chunk)
            stream.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return path


def xlsx_bomb(original: Path, path: Path, megabytes: int = 1100) -> Path:
    """A copy of the workbook `original` whose first sheet is replaced by `megabytes` MB of blanks."""
    with zipfile.ZipFile(original) as source:
        others = {i.filename: source.read(i).decode("utf-8") for i in source.infolist()
                  if i.filename != "xl/worksheets/sheet1.xml"}
    return write_bomb(path, "xl/worksheets/sheet1.xml", megabytes, others)


def understate(path: Path, part: str, stated: int) -> Path:
    """Rewrite the zip's central directory (what readers go by) so that it says `part` unpacks to `stated` bytes (it unpacks to more)."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    central = data.find(b"PK\x01\x02")
    while central != -1:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + length] == name:
            struct.pack_into("<I", data, central + 24, stated)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path


def copy_with(folder: Path, target: Path, replaced: dict[str, Path]) -> Path:
    """A copy of `folder` at `target` with some files replaced."""
    shutil.copytree(folder, target)
    for name, source in replaced.items():
        shutil.copyfile(source, target / name)
    return target
