"""A later meeting that reviews the Joint Work Programme 2012-2014: StC41 (Bonn, 27 November 2013),
status as of 31 October 2013, made from a copy of the bundled inputs with real events of 2012-2015
added to the log (two of them after the status date, which its report must not print).
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tests.conftest import edit_sheet

AS_OF = datetime(2013, 10, 31)

MEETING = {
    "Meeting": "StC41", "Number": 41, "Venue": "Bonn", "Country": "Germany",
    "Start date": datetime(2013, 11, 27), "Agenda item": "12", "Document symbol": "UNEP/CMS/StC41/Doc.12",
    "Document date": datetime(2013, 11, 5), "Original language": "English",
    "Title": "Cooperation between CMS and CITES", "Status as of": AS_OF,
    "Reported programme": "JWP 2012-2014",
}

# (entry, start, end, kind, event, venue, activities, outcome, summary)
EVENTS = [
    ("L36", "March 2012", None, "meeting", "First meeting of the Saker Falcon Task Force", "Abu Dhabi", "B18",
     "progress", "First meeting of the Saker Falcon Task Force (Abu Dhabi, March 2012), with the participation "
     "of the CITES Secretariat."),
    ("L37", datetime(2012, 9, 24), datetime(2012, 9, 27), "meeting",
     "First Meeting of the Signatories to the Sharks MOU", "Bonn", "B7", "completed",
     "CITES took part in the first Meeting of the Signatories to the CMS Sharks MOU (Bonn, 24-27 September "
     "2012), which adopted the Conservation Plan."),
    ("L38", datetime(2013, 3, 3), datetime(2013, 3, 14), "conference", "CITES CoP16", "Bangkok", "D2",
     "progress", "CMS attended CITES CoP16 (Bangkok, 3-14 March 2013), which listed five shark species in "
     "Appendix II."),
    ("L39", datetime(2013, 10, 22), datetime(2013, 10, 23), "conference", "Global Snow Leopard Forum", "Bishkek",
     "B14; B15", "progress", "Both secretariats followed the Global Snow Leopard and Ecosystem Protection "
     "Forum (Bishkek, 22-23 October 2013)."),
    ("L40", datetime(2014, 6, 2), datetime(2014, 6, 4), "meeting", "Second meeting of the Saker Falcon Task Force",
     "Abu Dhabi", "B18", "progress", "Second meeting of the Saker Falcon Task Force (Abu Dhabi, June 2014)."),
    ("L41", datetime(2015, 9, 10), datetime(2015, 9, 11), "meeting", "Third Meeting of the Signatories to the "
     "Saiga MOU", "Tashkent", "B11", "progress", "CITES took part in the third Meeting of the Signatories to the "
     "Saiga MOU (Tashkent, September 2015)."),
]
AFTER_THE_STATUS_DATE = ("Second meeting of the Saker Falcon Task Force", "Tashkent")


def _append(ws, values: dict[str, object]) -> None:
    """Write a row by header under the last row that holds anything."""
    headers = [c.value for c in ws[1]]
    last = max((c.row for row in ws.iter_rows(min_row=2) for c in row if c.value not in (None, "")), default=1)
    for header, value in values.items():
        ws.cell(last + 1, headers.index(header) + 1).value = value


def add_stc41(folder: Path) -> Path:
    """Add StC41 and its events to a copy of the bundled inputs (conftest's inputs_copy); the folder."""
    edit_sheet(folder, "meetings.xlsx", "Meetings", lambda ws: _append(ws, MEETING))

    def log(ws):
        for entry, start, end, kind, event, venue, activities, outcome, summary in EVENTS:
            _append(ws, {"Entry": entry, "Start": start, "End": end, "Kind": kind, "Event": event, "Venue": venue,
                         "Programme": "JWP 2012-2014", "Activities": activities, "Outcome": outcome,
                         "Group": "", "Summary": summary})

    edit_sheet(folder, "meeting_log.xlsx", "Log", log)
    return folder
