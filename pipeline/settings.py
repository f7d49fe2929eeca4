"""The product's settings, in one place: folders, addresses, the status rules' thresholds.

The command line, the Dagster layer and the staff page all read their defaults here, so they
agree, and no part of the product reads the environment on its own. Each setting has a
default and an environment variable (the README's "Settings" table lists them); the Dagster
resource takes the same variables through `dg.EnvVar`, so the UI shows where a value came
from. Nothing here imports Dagster or the rest of the pipeline: `stc-report --help` stays quick.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The environment variables, by setting.
INPUTS_DIR = "STC_INPUTS_DIR"
OUTPUTS_DIR = "STC_OUTPUTS_DIR"
TEMPLATES_DIR = "STC_TEMPLATES_DIR"
WARNING_HORIZON = "STC_WARNING_HORIZON_MONTHS"
ONGOING_RECENCY = "STC_ONGOING_RECENCY_MONTHS"
PORTAL_URL = "STC_PORTAL_URL"
PORTAL_TOKEN = "STC_PORTAL_TOKEN"
DAGSTER_URL = "STC_DAGSTER_URL"
SOFFICE = "STC_SOFFICE"
PDF_SERVER = "STC_PDF_SERVER"
PDF_WARM_RESTART_AFTER = "STC_PDF_WARM_RESTART_AFTER"
PDF_WARM_MEMORY = "STC_PDF_WARM_MEMORY_MB"
PORTAL_MEMORY = "STC_PORTAL_MEMORY_MB"
USERS_FILE = "STC_USERS_FILE"
SSO_HEADER = "STC_SSO_HEADER"
SSO_PROXIES = "STC_SSO_PROXIES"

# The staff page listens on this machine only unless told otherwise (and then needs a token).
PORTAL_HOST = "127.0.0.1"
PORTAL_PORT = 8338
DAGSTER_PORT = 3000
DEFAULT_DAGSTER_URL = f"http://127.0.0.1:{DAGSTER_PORT}"
DEFAULT_PORTAL_URL = f"http://{PORTAL_HOST}:{PORTAL_PORT}"

# The folders of the project, by setting: where a fresh clone keeps them.
FOLDERS = {INPUTS_DIR: "inputs", OUTPUTS_DIR: "outputs", TEMPLATES_DIR: "templates"}


@dataclass(frozen=True)
class StatusSettings:
    """Thresholds of the status rules (docs/status-rules.md): settings with defaults, not constants."""

    warning_horizon_months: int = 3  # a window closing within this, with no progress: At risk
    ongoing_recency_months: int = 12  # continuous activity evidence older than this: Stalled

    def __post_init__(self) -> None:
        if self.warning_horizon_months < 0 or self.ongoing_recency_months < 1:
            raise ValueError("warning_horizon_months must be >= 0 and ongoing_recency_months >= 1")


class SettingError(ValueError):
    """An environment variable holds a value the product cannot use; the message names it."""


def folder(variable: str, environ: Mapping[str, str] | None = None) -> Path:
    """The folder a setting names (STC_INPUTS_DIR ...), else the project's own folder."""
    environ = os.environ if environ is None else environ
    return Path(environ.get(variable) or PROJECT_ROOT / FOLDERS[variable])


def whole_number(variable: str, default: int, environ: Mapping[str, str] | None = None, unit: str = "months") -> int:
    environ = os.environ if environ is None else environ
    text = (environ.get(variable) or "").strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise SettingError(f"{variable} is '{text}'; a whole number of {unit} is expected "
                           f"(default {default}).") from None


def status_settings(environ: Mapping[str, str] | None = None) -> StatusSettings:
    """The thresholds, from STC_WARNING_HORIZON_MONTHS and STC_ONGOING_RECENCY_MONTHS or their defaults."""
    defaults = StatusSettings()
    try:
        return StatusSettings(whole_number(WARNING_HORIZON, defaults.warning_horizon_months, environ),
                              whole_number(ONGOING_RECENCY, defaults.ongoing_recency_months, environ))
    except SettingError:
        raise
    except ValueError as error:
        raise SettingError(f"{WARNING_HORIZON} / {ONGOING_RECENCY}: {error}") from None


def text(variable: str, default: str = "", environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    return environ.get(variable) or default


def portal_url(environ: Mapping[str, str] | None = None) -> str:
    """Where staff reach the staff page (STC_PORTAL_URL), for links written into Dagster's metadata."""
    return text(PORTAL_URL, DEFAULT_PORTAL_URL, environ).rstrip("/")


def dagster_url(environ: Mapping[str, str] | None = None) -> str:
    """The Dagster webserver the staff page talks to (STC_DAGSTER_URL)."""
    return text(DAGSTER_URL, DEFAULT_DAGSTER_URL, environ).rstrip("/")


def portal_token(environ: Mapping[str, str] | None = None) -> str:
    return text(PORTAL_TOKEN, "", environ)


def users_file(environ: Mapping[str, str] | None = None) -> Path:
    """The staff page's users file (STC_USERS_FILE): named people, their roles and hashed passwords
    (portal/users.py). Default: users.json in the project folder; no file, no named users."""
    return Path(text(USERS_FILE, "", environ) or PROJECT_ROOT / "users.json")


def sso_header(environ: Mapping[str, str] | None = None) -> str:
    """The header in which the organisation's single sign-on proxy names the person signed in
    (STC_SSO_HEADER, e.g. X-Remote-User); '' (default): no single sign-on."""
    return text(SSO_HEADER, "", environ).strip()


def sso_proxies(environ: Mapping[str, str] | None = None) -> str:
    """The addresses the proxy connects from, comma-separated (STC_SSO_PROXIES, e.g. 127.0.0.1 or
    10.0.0.5,10.0.1.0/24): the header is believed from these only."""
    return text(SSO_PROXIES, "", environ)


def soffice(environ: Mapping[str, str] | None = None) -> str:
    """The LibreOffice command for the PDF (STC_SOFFICE), or '' to look for soffice on the PATH."""
    return text(SOFFICE, "", environ)


def pdf_server(environ: Mapping[str, str] | None = None) -> str:
    """The folder of the LibreOffice kept warm by `stc-report up` (STC_PDF_SERVER), or '' for none."""
    return text(PDF_SERVER, "", environ)


# The LibreOffice kept warm is replaced by a fresh one (between two conversions, never during one)
# after this many conversions, or as soon as its processes' resident memory passes this bound.
# Measured (docs/speed.md, "The warm LibreOffice over many reports"): with the bundled report it
# holds 200 to 280 MB after 100 to 300 conversions (it varies from one LibreOffice to the next),
# 304 MB after 1000, still creeping, 0.55 s a conversion throughout; with reports ten times that
# size it levels at about 340 MB; converting one a hundred times that size takes it past 500 MB.
# A replacement costs one or two cold PDFs (2 to 2.5 s instead of 0.55 s).
DEFAULT_PDF_WARM_RESTART_AFTER = 200
DEFAULT_PDF_WARM_MEMORY_MB = 500


def _not_negative(variable: str, default: int, unit: str, environ: Mapping[str, str] | None) -> int:
    number = whole_number(variable, default, environ, unit=unit)
    if number < 0:
        raise SettingError(f"{variable} is {number}; a number of {unit} is expected, 0 for no bound "
                           f"(default {default}).")
    return number


def pdf_warm_restart_after(environ: Mapping[str, str] | None = None) -> int:
    """Conversions after which the warm LibreOffice is replaced (STC_PDF_WARM_RESTART_AFTER), 0 for never."""
    return _not_negative(PDF_WARM_RESTART_AFTER, DEFAULT_PDF_WARM_RESTART_AFTER, "conversions", environ)


def pdf_warm_memory_mb(environ: Mapping[str, str] | None = None) -> int:
    """Resident memory in MB past which the warm LibreOffice is replaced (STC_PDF_WARM_MEMORY_MB), 0 for no bound."""
    return _not_negative(PDF_WARM_MEMORY, DEFAULT_PDF_WARM_MEMORY_MB, "megabytes", environ)


# The staff page's own memory bound: its process may reserve at most this much address space
# (RLIMIT_AS, set when the page starts to serve, after `stc-report up` has started Dagster, so
# that Dagster's webserver, daemon, code server and runs are not bound by it). The page uses
# about 130 MB resident and 500 MB of address space (threads reserve stacks and malloc arenas);
# a request that would need more fails with MemoryError (the import page then refuses the file)
# and the page goes on serving the others. 0: no bound.
DEFAULT_PORTAL_MEMORY_MB = 2048


def portal_memory_mb(environ: Mapping[str, str] | None = None) -> int:
    """The staff page's memory bound in MB (STC_PORTAL_MEMORY_MB), 0 for none."""
    megabytes = whole_number(PORTAL_MEMORY, DEFAULT_PORTAL_MEMORY_MB, environ, unit="megabytes")
    if megabytes < 0:
        raise SettingError(f"{PORTAL_MEMORY} is {megabytes}; a number of megabytes is expected, 0 for no bound "
                           f"(default {DEFAULT_PORTAL_MEMORY_MB}).")
    return megabytes


def limit_address_space(megabytes: int) -> None:
    """Bound this process's address space (and that of any process it starts from now on); 0: none.
    Never above a bound the system already sets."""
    import resource

    if megabytes <= 0:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


# A report's process makes millions of small objects (openpyxl cells, python-docx elements, the
# statuses of every month of the Trend) while it holds the inputs and the report. At Python's default
# thresholds (700, 10, 10) the cyclic garbage collector walks all of them again and again: about 2 s
# of CPU at 100 times the bundled data. The objects a report makes hold few reference cycles, so a
# run's process collects far less often; memory stays the same (benchmark/, docs/speed.md).
RUN_GC_THRESHOLD = (50_000, 20, 100)


def relax_garbage_collector() -> None:
    """Collect cyclic garbage less often in this process (a report run's: the command line's, or the
    process Dagster starts for a run launched from the UI or the staff page)."""
    import gc

    gc.set_threshold(*RUN_GC_THRESHOLD)
