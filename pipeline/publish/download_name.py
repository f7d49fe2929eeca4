"""The name a report's file is downloaded under: what it is, readable in a Downloads folder or an e-mail.

    UNEP-CMS-StC38-Doc3_2011-08-31_en_sent.docx                  the version sent to the Committee
    UNEP-CMS-StC38-Doc3_2011-08-31_fr_draft-2026-12-06-0931.pdf   any other report (a draft), with when it was made

The parts, separated by '_': the meeting document's symbol ('UNEP/CMS/StC38/Doc.3' written as
'UNEP-CMS-StC38-Doc3'), the status date (ISO, so that names sort by date), the language code,
then 'sent' or 'draft' and, for a draft, the day and minute it was made (two drafts of the same
date and language never share a name). A draft whose status date may mislead (made on purpose)
says so: 'draft-misleading-date-…'. The report folder's own file names stay as they are
(output_folder.file_name); only the name offered to the browser changes.
"""
from __future__ import annotations

from datetime import datetime

from pipeline.publish.manifest import kind_of
from pipeline.publish.output_folder import file_stem

SENT, DRAFT = "sent", "draft"
MISLEADING = "misleading-date"


def download_name(symbol: str, as_of: str, kind: str, *, sent: bool, generated_at: str = "",
                  misleading: bool = False) -> str:
    """The download name of one file of a report; `kind` as report.json names it ('docx', 'fr.pdf' ...)."""
    language, extension = kind_of(kind)
    parts = [file_stem(symbol) if symbol else "report", _day(as_of), language, SENT if sent else _draft(
        generated_at, misleading)]
    return "_".join(p for p in parts if p) + f".{extension}"


def _day(as_of: str) -> str:
    text = (as_of or "").strip()
    return text if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.replace("-", "").isdigit() else ""


def _draft(generated_at: str, misleading: bool) -> str:
    label = f"{DRAFT}-{MISLEADING}" if misleading else DRAFT
    try:
        made = datetime.fromisoformat(generated_at)
    except (TypeError, ValueError):
        return label
    return f"{label}-{made:%Y-%m-%d-%H%M}"
