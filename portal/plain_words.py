"""Words of the staff page for what staff would otherwise meet as codes: a programme's short id
('JA 2008-2011') beside its title, how long a report takes, the monthly snapshots' links."""
from __future__ import annotations

REPORT_TAKES = "A report usually takes 15 to 30 seconds; with French and Spanish, a little longer."


def programme_names(catalog) -> dict[str, str]:
    """Programme id -> 'its title', from the inputs; {} when they cannot be read."""
    return catalog.programme_titles()


def programme_line(programme: str, counts: dict, names: dict[str, str]) -> str:
    """'CMS-CITES Joint Work Programme 2012-2014 (JWP 2012-2014): Completed 5, In progress 3'."""
    title = names.get(programme, "")
    named = f"{title} ({programme})" if title and title != programme else programme
    return f"{named}: " + ", ".join(f"{status} {count}" for status, count in counts.items())


def month_links(year: str, names: list[str]) -> list[tuple[str, str]]:
    """[('2011-08', 'Aug'), …]: the history box's months of a year, each with its snapshot's key."""
    from pipeline.dates import MONTHS

    return [(f"{year}-{MONTHS[name.lower()]:02d}", name) for name in names if name.lower() in MONTHS]
