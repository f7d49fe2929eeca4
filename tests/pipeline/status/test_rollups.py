"""Roll-ups: status counts per programme, theme and species, and their Markdown table."""
from datetime import date

from pipeline.model import Activity, Programme, Source, Species, Theme
from pipeline.status.rollups import compute_rollups, status_table_markdown
from pipeline.status.vocabulary import STATUS_ORDER, ActivityStatus, Status, Timeframe

SRC = Source("inputs.xlsx", "Sheet", 2)
PROGRAMME = Programme("P", "Joint Work Programme 2012-2014", 2012, 2014, "", SRC)
THEMES = [Theme("P", "A", "Taxonomy", "", "", SRC), Theme("P", "B", "Shared species", "", "", SRC),
          Theme("P", "C", "Administration", "", "", SRC)]
SPECIES = [Species("Saiga antelope", "Saiga spp.", "mammal", "II", "II", SRC),
           Species("African elephant", "Loxodonta africana", "mammal", "II", "I", SRC),
           Species("Snow leopard", "Uncia uncia", "mammal", "I", "I", SRC)]


def activity(code, theme, species=(), programme_id="P"):
    return Activity(programme_id, code, theme, "", "", "desc", "2012", "Joint", tuple(species), False, "", SRC)


def status(code, theme, st, species=(), programme_id="P"):
    tf = Timeframe("2012", "fixed", date(2012, 1, 1), date(2012, 12, 31))
    return ActivityStatus(activity(code, theme, species, programme_id), tf, date(2012, 6, 1), st, "why", ())


STATUSES = [
    status("A1", "A", Status.COMPLETED),
    status("A2", "A", Status.OVERDUE),
    status("B1", "B", Status.IN_PROGRESS, ["African elephant"]),
    status("B2", "B", Status.AT_RISK, ["african elephant", "Saiga antelope"]),
    status("B3", "B", Status.NOT_STARTED, ["Uncia uncia"]),
    status("X1", "A", Status.COMPLETED, programme_id="OTHER"),
]


def rollups():
    return compute_rollups(PROGRAMME, THEMES, STATUSES, SPECIES)


def test_order_and_keys():
    keys = [(r.dimension, r.key, r.label) for r in rollups()]
    assert keys == [
        ("programme", "P", "Joint Work Programme 2012-2014"),
        ("theme", "A", "Taxonomy"), ("theme", "B", "Shared species"), ("theme", "C", "Administration"),
        ("species", "Saiga antelope", "Saiga antelope"),
        ("species", "African elephant", "African elephant"),
        ("species", "Snow leopard", "Snow leopard"),
    ]


def test_counts_include_every_status_with_zeros():
    total = rollups()[0]
    assert [s for s, _ in total.counts] == list(STATUS_ORDER)
    assert total.total == 5
    assert total.count(Status.COMPLETED) == 1 and total.count(Status.STALLED) == 0


def test_theme_counts_and_empty_theme():
    _, a, b, c, *_ = rollups()
    assert (a.total, a.count(Status.OVERDUE), b.total, c.total) == (2, 1, 3, 0)
    assert c.share_completed == 0.0 and c.share_on_schedule == 0.0


def test_shares():
    total, a, b = rollups()[:3]
    assert total.share_completed == 0.2
    assert total.share_on_schedule == 0.6  # completed, in progress, not started
    assert a.share_completed == 0.5
    assert abs(b.share_on_schedule - 2 / 3) < 1e-9


def test_species_rollups_only_for_named_species():
    by_key = {r.key: r for r in rollups() if r.dimension == "species"}
    assert by_key["African elephant"].total == 2
    assert by_key["Saiga antelope"].count(Status.AT_RISK) == 1
    assert by_key["Snow leopard"].count(Status.NOT_STARTED) == 1
    no_leopard = compute_rollups(PROGRAMME, THEMES, STATUSES[:4], SPECIES)
    assert "Snow leopard" not in {r.key for r in no_leopard}


def test_markdown_table():
    table = status_table_markdown(rollups())
    lines = table.splitlines()
    assert lines[0] == ("| Roll-up | Completed | In progress | Not started | At risk | Overdue "
                        "| Total | % completed | % on schedule |")
    assert lines[1].startswith("|---|---:|")
    assert lines[2] == "| Total: Joint Work Programme 2012-2014 | 1 | 1 | 1 | 1 | 1 | 5 | 20% | 60% |"
    assert "| Theme C: Administration | 0 | 0 | 0 | 0 | 0 | 0 | 0% | 0% |" in lines
    assert lines[-1].startswith("| Species: Snow leopard |")
    assert len(lines) == 2 + 7


def test_markdown_escapes_pipes_and_handles_nothing():
    odd = Programme("P", "A | B", 2012, 2014, "", SRC)
    assert "A \\| B" in status_table_markdown(compute_rollups(odd, [], STATUSES, []))
    assert status_table_markdown([]) == "_No activities to count._"
