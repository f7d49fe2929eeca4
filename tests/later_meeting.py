"""A later meeting added to a copy of the bundled inputs: StC41 (January 2016), whose Annex 1
reviews JWP 2012-2014 as of 31 December 2015. The bundled log has few rows after 2011, so most
of the programme's activities are overdue by then; the meeting has no narrative of its own."""
from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import openpyxl

from tests.conftest import BUNDLED_INPUTS


def inputs_with_stc41(folder: Path) -> Path:
    """The bundled inputs copied into `folder`, with StC41 added to meetings.xlsx."""
    shutil.copytree(BUNDLED_INPUTS, folder)
    book = openpyxl.load_workbook(folder / "meetings.xlsx")
    sheet = book["Meetings"]
    header = [c.value for c in sheet[1]]
    row = dict.fromkeys(header)
    row.update({"Meeting": "StC41", "Number": 41, "Venue": "Bonn", "Country": "Germany",
                "Start date": datetime(2016, 1, 20), "Agenda item": "5(a)", "Document symbol": "UNEP/CMS/StC41/Doc.3",
                "Document date": datetime(2016, 1, 10), "Original language": "English",
                "Title": "Cooperation between CMS and CITES", "Status as of": datetime(2015, 12, 31),
                "Reported programme": "JWP 2012-2014"})
    sheet.append([row[h] for h in header])
    book.save(folder / "meetings.xlsx")
    return folder
