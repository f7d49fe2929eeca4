"""The portal's address and its download links: shared with the Dagster assets, no dependencies."""
from __future__ import annotations

import os
from urllib.parse import quote

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8338
DEFAULT_DAGSTER_URL = "http://127.0.0.1:3000"
KINDS = ("docx", "xlsx", "pdf")
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish"}  # the report's languages, on the form
# A report's files: English keeps the plain kinds, French and Spanish are 'fr.docx', 'es.pdf' ...
REPORT_KINDS = KINDS + tuple(f"{code}.{kind}" for code in LANGUAGE_NAMES if code != "en" for kind in KINDS)


def portal_base_url() -> str:
    """Where staff reach the portal (STC_PORTAL_URL), for links written into Dagster's metadata."""
    return (os.environ.get("STC_PORTAL_URL") or f"http://{DEFAULT_HOST}:{DEFAULT_PORT}").rstrip("/")


def download_path(meeting_folder: str, report_folder: str, kind: str) -> str:
    """The portal's path of one recorded file: /reports/<meeting>/<report folder>/<kind>."""
    return "/reports/" + "/".join(quote(part, safe="") for part in (meeting_folder, report_folder, kind))


def download_url(meeting_folder: str, report_folder: str, kind: str) -> str:
    return portal_base_url() + download_path(meeting_folder, report_folder, kind)
