"""Save a python-docx document with each XML part serialised straight into the zip.

python-docx's `Document.save` makes each part's whole XML text as one bytes object before it
is compressed (`XmlPart.blob`): at 1000 times the bundled inputs document.xml is 54 MB of text
on top of its element tree, at the moment the run's memory is highest. Here lxml writes each XML
part into the zip member as it serialises it; the parts, their order and their text are those
`Document.save` writes (tests/pipeline/word/test_streamed_save.py).
"""
from __future__ import annotations

import time
from typing import IO
from zipfile import ZIP_DEFLATED, ZipInfo

from docx.opc.part import XmlPart
from docx.opc.phys_pkg import PhysPkgWriter
from docx.opc.pkgwriter import PackageWriter
from lxml import etree


def save_document(document, stream: IO[bytes]) -> None:
    """`document.save(stream)`, without any XML part's text held whole in memory."""
    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    writer = PhysPkgWriter(stream)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    archive = writer._zipf
    for part in parts:
        if isinstance(part, XmlPart):
            member = ZipInfo(part.partname.membername, date_time=time.localtime(time.time())[:6])
            member.compress_type = ZIP_DEFLATED  # as ZipFile.writestr makes a member
            member.external_attr = 0o600 << 16
            with archive.open(member, "w") as out:  # what serialize_part_xml writes, written as it is made
                etree.ElementTree(part.element).write(out, encoding="UTF-8", standalone=True)
        else:
            writer.write(part.partname, part.blob)
        if len(part.rels):
            writer.write(part.partname.rels_uri, part.rels.xml)
    writer.close()
