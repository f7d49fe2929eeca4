"""The staff page's "Monthly status history" box: the months kept, whether the monthly update is
switched on and how its last run went, in the page's words."""
from __future__ import annotations

from portal.catalog import Catalog, day_text, moment_text
from portal.dagster_link import DagsterLink

RUN_WORDS = {"SUCCESS": "made", "FAILURE": "failed", "CANCELED": "stopped", "STARTED": "under way",
             "QUEUED": "waiting to start", "STARTING": "starting", "NOT_STARTED": "waiting to start"}


def history(catalog: Catalog, dagster: DagsterLink, reachable: bool) -> dict:
    """What the box shows; without Dagster, the schedule and the last run are unknown (None)."""
    months = catalog.snapshot_months()
    last_runs = dagster.last_monthly_runs() if reachable else None
    last = last_runs[0] if last_runs else None
    return {"years": months_by_year(months), "count": len(months), "written": catalog.last_snapshot_written(),
            "schedule_on": dagster.schedule_on() if reachable else None,
            "last_run": {"words": RUN_WORDS.get(last["status"], last["status"].capitalize()),
                         "month": month_text(last["partition"]), "ended": moment_text(last["ended"])
                         if last["ended"] else ""} if last else None}


def month_text(key: str) -> str:
    """'2011-08' -> 'August 2011'."""
    try:
        return day_text(f"{key}-01").split(" ", 1)[1]
    except IndexError:
        return key


def months_by_year(months: list[str]) -> list[tuple[str, list[str]]]:
    """[('2011', ['Jan', …]), …]: the stored months, newest year first."""
    years: dict[str, list[str]] = {}
    for key in months:
        years.setdefault(key[:4], []).append(month_text(key).split(" ")[0][:3])
    return sorted(years.items(), reverse=True)
