"""The file a translator receives and returns: XLIFF 1.2, read and written by translate-toolkit.

Each trans-unit is one staff text: its id names the workbook, sheet, the row's code and the column
(stable when rows move), its source is the English as exported, and its context (workbook, sheet,
row as Excel numbers it, code, column) and a note say where the text is printed from. Translation
tools (Trados, memoQ, OmegaT, Phrase ...) show the context and fill the target.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.inputs.translation_units import TextUnit

ORIGINAL = "stc-report inputs"
_CONTEXT = (("x-workbook", "file"), ("x-sheet", "sheet"), ("x-row", "row"), ("x-code", "code"),
            ("x-column", "column"))


class XliffError(ValueError):
    """The file cannot be read as the translations of an export; the message is for the person."""


@dataclass(frozen=True)
class ReturnedUnit:
    """A trans-unit of a returned file: what was exported (id, English) and the translation ('' when none)."""

    id: str
    source: str
    target: str
    row: str  # the row the export named, as context for a message
    approved: bool = True


def write_xliff(units: list[TextUnit], language: str) -> bytes:
    """The XLIFF of the units (all of one language), English source and empty target."""
    from translate.storage import xliff

    store = xliff.xlifffile(sourcelanguage="en", targetlanguage=language)
    for unit in units:
        trans = store.addsourceunit(unit.source, ORIGINAL, createifmissing=True)
        trans.setid(unit.id)
        trans.createcontextgroup("stc-report", [(kind, str(getattr(unit, name))) for kind, name in _CONTEXT],
                                 purpose="information")
        marks = (" Keep the marks *...* (italics), _..._ (underlined) and **...** (bold) around the words they "
                 "mark, and one line per paragraph." if any(c in unit.source for c in "*_\n") else "")
        trans.addnote(f"{unit.place}. Printed in the {language} report in place of the English; "
                      f"the translation goes into the column '{unit.target_column}'.{marks}", origin="developer")
    return bytes(store)


def read_xliff(data: bytes) -> tuple[str, list[ReturnedUnit]]:
    """(target language, units) of a returned file; XliffError saying what is wrong with it."""
    from lxml import etree
    from translate.storage import xliff

    if not data.strip():
        raise XliffError("The file is empty; give the XLIFF file the translation tool saved.")
    try:
        store = xliff.xlifffile.parsestring(data)
    except etree.XMLSyntaxError as error:
        raise XliffError(f"The file is not well-formed XML, so it is not an XLIFF file ({error.msg}).") from None
    except Exception:  # translate-toolkit stops on XML that is not XLIFF (no <file>, another root)
        raise XliffError("The file is XML but not an XLIFF file (no <xliff> with a <file> inside).") from None
    if etree.QName(store.document.getroot()).localname != "xliff":
        raise XliffError("The file is XML but not an XLIFF file (its root element is not <xliff>).")
    language = (store.gettargetlanguage() or "").strip().lower().replace("_", "-").split("-")[0]
    units = []
    for trans in store.units:
        if trans.isheader():
            continue
        unit_id = trans.xmlelement.get("id") or ""
        contexts = {kind: value for group in trans.getcontextgroups("stc-report") for kind, value in group}
        target = trans.target or ""
        units.append(ReturnedUnit(unit_id, trans.source or "", str(target).strip(), contexts.get("x-row", ""),
                                  not trans.xmlelement.get("approved") == "no"))
    return language, units
