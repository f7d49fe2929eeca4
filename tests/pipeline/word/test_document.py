"""The Word writer, read back as a reader would see it (offline: a hand-made ReportData)."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from pipeline.word.annex1 import summary_groups, task_label
from pipeline.word.text import parse_inline
from pipeline.word.document import write_docx
from pipeline.model import Activity, FuzzyDate, LogEntry, Meeting, Programme, Source, Theme
from pipeline.report_model import ProgrammeReport, ReportData
from pipeline.status.vocabulary import STATUS_ORDER, ActivityStatus, Rollup, Status, Timeframe

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE = ROOT / "templates" / "report-template.docx"
NARRATIVE = ROOT / "templates" / "narrative" / "StC38.docx"
SRC = Source("test.xlsx", "Sheet", 2)
AS_OF = date(2011, 8, 31)


# ---------------------------------------------------------------- building a report by hand

def day(y, m, d):
    return FuzzyDate(date(y, m, d), date(y, m, d), "day", f"{d}/{m}/{y}")


def month(y, m):
    last = (date(y + (m == 12), m % 12 + 1, 1) - date.resolution)
    return FuzzyDate(date(y, m, 1), last, "month", f"{date(y, m, 1):%B} {y}")


def year(y):
    return FuzzyDate(date(y, 1, 1), date(y, 12, 31), "year", str(y))


def entry(id, start, summary, activities, *, end=None, group="", venue="", title="Meeting",
          programme="R"):
    return LogEntry(id, start, end, "meeting", title, venue, "", "", "", programme,
                    tuple(activities), (), "progress", group, summary, "", SRC)


def activity(programme, code, theme, number, description, timeframe, group=""):
    return Activity(programme, code, theme, number, group, description, timeframe, "", (), False, "", SRC)


def status(act, st, evidence=(), reason="Because the log says so."):
    tf = Timeframe(act.timeframe, "fixed", date(2012, 1, 1), date(2012, 12, 31))
    return ActivityStatus(act, tf, AS_OF, st, reason, tuple(evidence))


def rollups(programme_id, themes, statuses):
    def counts(items):
        return tuple((s, sum(1 for x in items if x.status is s)) for s in STATUS_ORDER)

    out = [Rollup(programme_id, "programme", programme_id, programme_id, counts(statuses))]
    for t in themes:
        mine = [s for s in statuses if s.activity.theme_code == t.code]
        out.append(Rollup(programme_id, "theme", t.code, t.title, counts(mine)))
    return tuple(out)


ELEPHANT_JUNE = entry("L2", month(2008, 6), "Presentation to MIKE focal points (Mombasa, June 2008).",
                      ["B.1", "B.2", "B.3"], group="African elephant")
ELEPHANT_ACCRA = entry("L3", day(2009, 4, 1), "First joint meeting in Accra.\nAdoption of a joint declaration.",
                       ["B.1", "B.2", "B.3"], group="African elephant")
ELEPHANT_UNDATED = entry("L4", None, "Preliminary development of the 12 project sheets.",
                         ["B.1", "B.2", "B.3"], group="African elephant")
GENAZZANO = entry("P1", day(2010, 7, 19), "Participation by CMS in the FAO/CITES workshop.",
                  ["B1"], end=day(2010, 7, 23), venue="Genazzano", title="FAO/CITES workshop on elasmobranchs",
                  programme="P")
CAIRO = entry("P2", month(2011, 3), "Teleconference.", ["A2"], venue="Bonn", title="Secretariats' call",
              programme="P")


def reported_programme() -> ProgrammeReport:
    prog = Programme("R", "CITES/CMS list of joint activities 2008-2011", 2008, 2011, "", SRC)
    themes = (
        Theme("R", "B", "Joint actions for the conservation and sustainable use of shared species",
              "", "1-2. In the interests of efficiency, joint actions are needed.\nSharks: the MoU.", SRC),
        Theme("R", "D", "Outreach and capacity building", "", "", SRC),
    )
    acts = [activity("R", f"B.{n}", "B", str(n), f"Task {n} on *shared species*.", "2008-2011")
            for n in range(1, 5)]
    acts.append(activity("R", "D.1", "D", "", "Explore possibilities for coordinated outreach.", "2008-2011"))
    kinds = [Status.IN_PROGRESS, Status.IN_PROGRESS, Status.NOT_STARTED, Status.COMPLETED, Status.OVERDUE]
    statuses = tuple(status(a, k) for a, k in zip(acts, kinds))
    log = (
        ELEPHANT_ACCRA,  # listed before the older June 2008 row: the annex keeps the log's order
        ELEPHANT_JUNE,
        entry("L5", day(2010, 7, 19), "Participation by CMS in the FAO/CITES workshop.",
              ["B.1", "B.2", "B.3"], end=day(2010, 7, 23), group="Sharks"),
        ELEPHANT_UNDATED,
        entry("L6", None, "Relevant decisions were identified.", ["B.4"]),
        entry("L7", month(2008, 12), "Participation of CITES in CMS CoP9 (Rome, Italy).", ["D.1"]),
        entry("L8", month(2010, 9), "Joint participation in the BLG retreats.", ["D.1"]),
        entry("L8b", month(2011, 3), "Representation at the CBD-led workshop (Kasane).", ["D.1"]),
        entry("L9", month(2011, 9), "Joint participation in the BLG retreats.", ["D.1"]),
        entry("L10", day(2012, 1, 10), "A meeting after the as-of date.", ["D.1"]),
    )
    return ProgrammeReport(prog, themes, statuses, log, rollups("R", themes, statuses))


def planned_programme() -> ProgrammeReport:
    prog = Programme("P", "Draft CMS CITES Joint Work Programme 2012-2014", 2012, 2014,
                     "Background: the programme comprises a non-exhaustive list, in four themes:\n(A) Harmonization;", SRC)
    themes = (
        Theme("P", "A", "Harmonization of taxonomy and nomenclature activities",
              "Joint activities in this area relate to updating the concordance list.", "", SRC),
        Theme("P", "B", "Joint actions for the conservation and sustainable use of shared species",
              "Joint activities in this area relate to shared species.\nOther species may be added.", "", SRC),
    )
    a1 = activity("P", "A1", "A", "", "On-going update of the concordance list.", "2012",
                  group="Concordance List of Species and Common Database")
    a2 = activity("P", "A2", "A", "", "Work with UNEP-WCMC on a single database.", "2012-13",
                  group="Concordance List of Species and Common Database")
    b1 = activity("P", "B1", "B", "", "Follow up on the second joint meeting, by:\n• Assisting countries;",
                  "2012-2014", group="African elephant")
    b5 = activity("P", "B5", "B", "", "Follow up on any decisions adopted at CMS CoP10 regarding elephants.",
                  "Will depend on decisions adopted at CMS CoP10", group="African elephant")
    b6 = activity("P", "B6", "B", "", "CITES will participate in finalizing the Conservation Management Plan.",
                  "2012 – 14", group="Sharks")
    statuses = (
        status(a1, Status.NOT_YET_DUE),
        status(a2, Status.OVERDUE, [CAIRO], reason="Its window closed on 31 December 2013."),
        status(b1, Status.IN_PROGRESS, [GENAZZANO]),
        status(b5, Status.PENDING_DECISION),
        status(b6, Status.AT_RISK),
    )
    return ProgrammeReport(prog, themes, statuses, (GENAZZANO, CAIRO), rollups("P", themes, statuses))


def make_report(**meeting_changes) -> ReportData:
    meeting = Meeting("StC38", 38, "Bergen", "Norway", date(2011, 11, 19), None, "5(a)",
                      "UNEP/CMS/StC38/Doc.3", date(2011, 9, 27), "English",
                      "Cooperation between CMS and CITES", AS_OF, "R", "P", SRC)
    meeting = replace(meeting, **meeting_changes)
    return ReportData(meeting, AS_OF, reported_programme(), planned_programme(), (), (),
                      datetime(2011, 9, 27, 12, 0))


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Document:
    path = tmp_path_factory.mktemp("docx") / "StC38.docx"
    write_docx(make_report(), path, TEMPLATE, NARRATIVE)
    return Document(str(path))


def texts(doc):
    return [p.text for p in doc.paragraphs]


def all_text(doc) -> str:
    parts = texts(doc)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def numbering_of(paragraph):
    """The numPr that numbers a paragraph: on the paragraph, or on its style (or base styles)."""
    direct = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    if direct is not None:
        return direct
    style = paragraph.style
    while style is not None:
        found = style.element.xpath("./w:pPr/w:numPr")
        if found:
            return found[0]
        style = style.base_style
    return None


# ---------------------------------------------------------------- first page

def test_header_block_cells(written):
    cells = written.tables[0].rows[0].cells
    assert cells[0].text == "CONVENTION ON MIGRATORY SPECIES"
    assert all(r.bold or r.style.font.bold or cells[0].paragraphs[0].style.font.bold
               for r in cells[0].paragraphs[0].runs)
    right = [p.text for p in cells[1].paragraphs]
    assert right == ["Distribution: General", "UNEP/CMS/StC38/Doc.3", "27 September 2011", "Original: English"]


def test_header_block_has_no_borders(written):
    borders = written.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_meeting_block_and_title(written):
    t = texts(written)
    i = t.index("38TH MEETING OF THE") + 1
    assert t[i] == "STANDING COMMITTEE"
    assert t[i + 1:i + 5] == ["Bergen, 19 November 2011", "Agenda Item 5(a)",
                              "COOPERATION BETWEEN CMS AND CITES", "(Prepared by the Secretariat)"]
    title = written.paragraphs[i + 3]
    assert title.style.font.bold and title.alignment is None and title.style.paragraph_format.alignment == 1


def test_meeting_over_several_days(tmp_path):
    path = write_docx(make_report(end_date=date(2011, 11, 21), number=21), tmp_path / "x.docx",
                      TEMPLATE, NARRATIVE)
    t = texts(Document(str(path)))
    assert "21ST MEETING OF THE" in t and "STANDING COMMITTEE" in t
    assert "Bergen, 19-21 November 2011" in t


# ---------------------------------------------------------------- narrative

def test_body_paragraphs_are_numbered_by_word_not_typed(written):
    numbered = [p for p in written.paragraphs if p.style.name == "Numbered Paragraph"]
    # 12 transcribed + status summary + 2 theme summaries + attention sentences (2 programmes)
    assert len(numbered) >= 15
    for p in numbered:
        assert numbering_of(p) is not None
        assert not re.match(r"^\s*\d+\.", p.text), p.text
    assert numbered[0].text.startswith("In 2002, a Memorandum of Cooperation")
    assert numbered[-1].text.startswith("The 62nd meeting of the CITES Standing Committee")


def test_generated_paragraphs_follow_paragraph_7(written):
    numbered = [p.text for p in written.paragraphs if p.style.name == "Numbered Paragraph"]
    i = next(k for k, t in enumerate(numbered) if t.startswith("The joint activities undertaken between"))
    assert numbered[i + 1].startswith("As of 31 August 2011, of the five joint activities of the CITES/CMS list")
    assert numbered[i + 2].startswith("Joint actions for the conservation")
    assert numbered[i + 3].startswith("Outreach and capacity building: its only activity is overdue")
    assert "D.1 (Explore possibilities for coordinated outreach)" in numbered[i + 4]


def test_headings_and_emphasis(written):
    headings = [p.text for p in written.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Background", "Joint activities undertaken since 2008",
                        "Joint activities planned for the period 2012-2014"]
    p7 = next(p for p in written.paragraphs if p.text.startswith("The joint activities undertaken between"))
    assert [r.text for r in p7.runs if r.bold] == ["Annex 1"]
    p2 = next(p for p in written.paragraphs if p.text.startswith("In 2005, CMS Res.8.11"))
    assert [r.text for r in p2.runs if r.italic] == ["CMS Strategic Plan 2006-2011"]


def test_sub_items_are_lettered_by_word(written):
    subs = [p for p in written.paragraphs if p.style.name == "Sub Item"]
    assert len(subs) == 4
    assert subs[0].text.startswith("To ensure that the conservation")
    assert subs[0]._p.pPr.numPr is not None  # restarts at a)
    assert all(numbering_of(p) is not None and not re.match(r"^[a-z]\)", p.text) for p in subs)


def test_action_requested(written):
    t = texts(written)
    i = t.index("Action requested:")
    assert written.paragraphs[i].style.font.bold
    assert t[i + 1] == "The Standing Committee is invited to:"
    items = written.paragraphs[i + 2:i + 4]
    assert [p.text for p in items] == ["review the activities carried out between 2008-2011 in Annex 1; and",
                                       "approve the draft joint work plan for 2012-2014 in Annex 2."]
    assert all(p.style.name == "Action Item" and numbering_of(p) is not None for p in items)


def test_footnote_is_a_real_word_footnote(written):
    p4 = next(p for p in written.paragraphs if p.text.startswith("In July 2008"))
    refs = p4._p.findall(".//" + qn("w:footnoteReference"))
    assert len(refs) == 1
    part = next(r.target_part for r in written.part.rels.values() if r.reltype.endswith("/footnotes"))
    assert b"at its 59th meeting, the CITES Standing Committee endorsed" in part.blob
    assert "[^1]" not in all_text(written)


def test_no_empty_paragraphs_for_spacing(written):
    for p in written.paragraphs:
        if not p.text.strip():
            has_break = p._p.pPr is not None and p._p.pPr.sectPr is not None
            assert has_break, "an empty paragraph that is not a section break"


def test_inline_markup_of_spreadsheet_cells():
    spans = parse_inline("A **bold** and *italic* word.")
    assert [(s.text, s.bold, s.italic) for s in spans] == [
        ("A ", False, False), ("bold", True, False), (" and ", False, False),
        ("italic", False, True), (" word.", False, False)]


def test_template_comments_stay_out_of_the_report(written):
    assert not any(r.reltype.endswith("/comments") for r in written.part.rels.values())
    assert "{{" not in all_text(written) and "}}" not in all_text(written)
    assert written.element.body.find(".//" + qn("w:commentReference")) is None


# ---------------------------------------------------------------- sections, header, footer

def test_annexes_are_landscape_sections(written):
    sections = written.sections
    assert len(sections) == 3
    assert sections[0].orientation == WD_ORIENT.PORTRAIT
    for s in sections[1:]:
        assert s.orientation == WD_ORIENT.LANDSCAPE and s.page_width > s.page_height
        assert s.header.is_linked_to_previous and s.footer.is_linked_to_previous


def test_footer_page_field_and_running_header(written):
    first = written.sections[0]
    assert first.different_first_page_header_footer
    assert "PAGE" in first.footer._element.xml and "instrText" in first.footer._element.xml
    assert first.header.paragraphs[0].text == "UNEP/CMS/StC38/Doc.3"
    assert not "".join(p.text for p in first.first_page_header.paragraphs).strip()


def test_report_tables_repeat_header_and_keep_rows_whole(written):
    for table in written.tables[1:]:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        if table.rows[0].cells[0].text == "Activities":
            continue  # Annex 1: an area's row is taller than a page and must break
        for row in table.rows:
            if max(len(c.paragraphs) for c in row.cells) > 2:
                continue  # a row of more than four lines (annex2.LINES_KEPT_WHOLE) may break
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None


# ---------------------------------------------------------------- Annex 1

def annex1(doc):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == "Activities")


def test_annex1_titles_and_columns(written):
    t = texts(written)
    assert "CITES/CMS LIST OF JOINT ACTIVITIES 2008-2011" in t
    assert "STATE OF IMPLEMENTATION (AUGUST 2011)" in t
    assert [c.text for c in annex1(written).rows[0].cells] == [
        "Activities", "Indicative list of common tasks", "Comments", "Summary of activities undertaken"]


def test_annex1_tasks_with_status_lines(written):
    cell = annex1(written).rows[1].cells[1]
    paras = [p.text for p in cell.paragraphs]
    assert paras[:2] == ["1. Task 1 on shared species.", "Status: In progress"]
    shaded = cell.paragraphs[1].runs[1]._r.rPr.find(qn("w:shd"))
    assert shaded.get(qn("w:fill")) == Status.IN_PROGRESS.fill
    outreach = annex1(written).rows[2].cells[1].paragraphs[0].text
    assert outreach == "Explore possibilities for coordinated outreach."  # no number: no "N."


def test_annex1_comments_one_paragraph_per_line(written):
    paras = [p.text for p in annex1(written).rows[1].cells[2].paragraphs]
    assert paras == ["1-2. In the interests of efficiency, joint actions are needed.", "Sharks: the MoU."]


def test_annex1_summaries_grouped_and_in_log_order(written):
    paras = [p.text for p in annex1(written).rows[1].cells[3].paragraphs]
    assert paras[:4] == [
        "1-3. African elephant: First joint meeting in Accra.",  # staff's order, not re-sorted by date
        "Adoption of a joint declaration.",
        "Presentation to MIKE focal points (Mombasa, June 2008).",
        "Preliminary development of the 12 project sheets.",  # undated: where the log puts it
    ]
    assert paras[4] == "1-3. Sharks: Participation by CMS in the FAO/CITES workshop."
    assert paras[5] == "4. Relevant decisions were identified."
    first = annex1(written).rows[1].cells[3].paragraphs[0]
    assert [r.text for r in first.runs if r.underline] == ["African elephant"]


def test_annex1_outreach_date_labels_and_duplicates(written):
    paras = [p.text for p in annex1(written).rows[2].cells[3].paragraphs]
    assert paras == [
        "December 2008: Participation of CITES in CMS CoP9 (Rome, Italy).",
        "September 2010 and September 2011: Joint participation in the BLG retreats.",  # printed once
        "March 2011: Representation at the CBD-led workshop (Kasane).",
        "10 January 2012: A meeting after the as-of date.",  # after as-of, still listed
    ]


def test_task_labels():
    assert task_label(["1", "2", "3", "4"]) == "1-4."
    assert task_label(["2", "3"]) == "2-3."
    assert task_label(["4"]) == "4."
    assert task_label(["1", "2", "4"]) == "1-2, 4."
    assert task_label(["", ""]) == ""


def test_summary_groups_in_first_appearance_order():
    groups = summary_groups(reported_programme(), "B")
    assert [(g.label, g.group) for g in groups] == [
        ("1-3.", "African elephant"), ("1-3.", "Sharks"), ("4.", "")]


# ---------------------------------------------------------------- Annex 2

def annex2_tables(doc):
    return [t for t in doc.tables if t.rows[0].cells[0].text == "Description of envisaged joint activities"]


def test_annex2_title_intro_and_theme_headings(written):
    t = texts(written)
    assert "DRAFT CMS CITES JOINT WORK PROGRAMME 2012-2014" in t
    assert "Background: the programme comprises a non-exhaustive list, in four themes:" in t
    assert "(A) Harmonization of taxonomy and nomenclature activities" in t
    assert "Other species may be added." in t
    assert len(annex2_tables(written)) == 2
    assert [c.text for c in annex2_tables(written)[0].rows[0].cells] == [
        "Description of envisaged joint activities", "Timeframe", "Status", "Evidence"]


def test_annex2_every_code_and_exact_timeframe(written):
    rows = [row for t in annex2_tables(written) for row in t.rows[1:]]
    by_code = {r.cells[0].paragraphs[0].text.split(".")[0]: r for r in rows if r.cells[0] is not r.cells[1]}
    for s in planned_programme().statuses:
        row = by_code[s.activity.code]
        assert row.cells[0].paragraphs[0].text.startswith(f"{s.activity.code}. ")
        assert row.cells[1].text == s.activity.timeframe
    item = by_code["B1"].cells[0].paragraphs[1]
    assert item.text == "Assisting countries;"  # the bullet is Word's, not a typed '•'
    assert item.style.name == "Table Bullet"
    assert numbering_of(item) is not None


def test_annex2_group_rows_span_the_table(written):
    table = annex2_tables(written)[1]
    group_rows = [r for r in table.rows[1:] if r.cells[0] is r.cells[3] or r.cells[0]._tc is r.cells[3]._tc]
    assert [r.cells[0].text for r in group_rows] == ["African elephant", "Sharks"]


def test_annex2_status_cell_shading_and_reason(written):
    rows = [row for t in annex2_tables(written) for row in t.rows[1:]]
    a2 = next(r for r in rows if r.cells[0].text.startswith("A2."))
    status = a2.cells[2]
    assert status.paragraphs[0].text == "Overdue"
    assert status.paragraphs[1].text == "Its window closed on 31 December 2013."
    assert status._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == Status.OVERDUE.fill == "FFC7CE"


def test_annex2_evidence_lines(written):
    rows = [row for t in annex2_tables(written) for row in t.rows[1:]]
    b1 = next(r for r in rows if r.cells[0].text.startswith("B1."))
    assert b1.cells[3].text == "19-23 July 2010, Genazzano: FAO/CITES workshop on elasmobranchs"
    a2 = next(r for r in rows if r.cells[0].text.startswith("A2."))
    assert a2.cells[3].text == "March 2011, Bonn: Secretariats' call"
    a1 = next(r for r in rows if r.cells[0].text.startswith("A1."))
    assert a1.cells[3].text == "—"


def test_without_planned_programme_there_is_one_annex(tmp_path):
    report = replace(make_report(), planned=None)
    doc = Document(str(write_docx(report, tmp_path / "x.docx", TEMPLATE, NARRATIVE)))
    assert len(doc.sections) == 2
    assert not annex2_tables(doc)


def test_annex2_introduction_lists_are_bullets(written):
    intro = [p for p in written.paragraphs if p.text in ("(A) Harmonization;",)]
    assert intro and intro[0].style.name == "Annex Bullet" and numbering_of(intro[0]) is not None
    background = next(p for p in written.paragraphs if p.text.startswith("Background: the programme"))
    assert background.style.name == "Annex Text"


def test_theme_introduction_stays_with_its_table(written):
    p = next(p for p in written.paragraphs if p.text == "Other species may be added.")
    assert p.paragraph_format.keep_with_next


def test_every_activity_and_every_evidence_row_is_there(written):
    text = all_text(written)
    for s in reported_programme().statuses:
        assert s.activity.description.replace("*", "").split("\n")[0] in text
    for s in planned_programme().statuses:
        assert f"{s.activity.code}. " in text
    from pipeline.word.annex2 import evidence_line
    evidence = "\n".join(r.cells[3].text for t in annex2_tables(written) for r in t.rows[1:])
    for s in planned_programme().statuses:
        for e in s.evidence:
            assert evidence_line(e) in evidence
    summaries = "\n".join(r.cells[3].text for r in annex1(written).rows[1:])
    for e in reported_programme().log:
        assert e.summary.splitlines()[0] in summaries


def test_list_items():
    from pipeline.word.annex2 import list_items
    lines = ["Focus on:", "Elephants;", "Sharks; and", "Tigers.", "Other species may be added."]
    assert [b for _, b in list_items(lines)] == [False, True, True, True, False]


# ---------------------------------------------------------------- Annex 1 as staff lay it out in the log

def _annex1_summaries(tmp_path, log) -> list[list[str]]:
    """The Summary cell of every Annex 1 row, paragraph by paragraph, for a reported log."""
    report = make_report()
    report = replace(report, reported=replace(report.reported, log=tuple(log)))
    path = write_docx(report, tmp_path / "annex.docx", TEMPLATE, NARRATIVE)
    return [[p.text for p in row.cells[3].paragraphs] for row in annex1(Document(str(path))).rows[1:]]


def test_a_row_not_printed_in_annex_1_is_left_out_of_it(tmp_path):
    printed = entry("L1", month(2010, 3), "A bilateral meeting at CoP15 initiated two meetings.", ["B.1"],
                    group="Saiga antelope")
    evidence_only = replace(entry("L2", day(2010, 9, 7), "Second meeting of the signatories (Ulaanbaatar).",
                                  ["B.1"], group="Saiga antelope"), in_annex=False)
    b_row, _ = _annex1_summaries(tmp_path, [printed, evidence_only])
    assert b_row == ["1. Saiga antelope: A bilateral meeting at CoP15 initiated two meetings."]


def test_labels_as_staff_wrote_them(tmp_path):
    log = [
        replace(entry("L1", day(2009, 2, 14), "Representation at the EMG (Nairobi, 14-15 February 2009).",
                      ["D.1"], end=day(2009, 2, 15)), annex_label="February 2009"),
        entry("L2", month(2010, 6), "Participation of CITES in the 16th ScC.", ["D.1"]),
        replace(entry("L3", month(2010, 9), "The two BLG retreats.", ["D.1"]),
                annex_label="September 2010 and Sept 2011"),
        entry("L4", month(2011, 9), "The two BLG retreats.", ["D.1"]),
        entry("L5", month(2011, 11), "Technical support for CoP10.", ["B.2", "B.3"]),
        replace(entry("L6", year(2009), "Funds have been obtained.", ["B.2", "B.3"]), annex_label="2-3."),
    ]
    b_row, d_row = _annex1_summaries(tmp_path, log)
    assert d_row == [
        "February 2009: Representation at the EMG (Nairobi, 14-15 February 2009).",  # not '14-15 February 2009'
        "June 2010: Participation of CITES in the 16th ScC.",
        "September 2010 and Sept 2011: The two BLG retreats.",  # printed once, with the staff's label
    ]
    assert b_row == ["2-3. Technical support for CoP10.", "2-3. Funds have been obtained."]


def test_a_label_on_its_own_line_and_a_summary_run_on(tmp_path):
    log = [
        replace(entry("L1", month(2008, 6), "Presentation to MIKE focal points.", ["B.1", "B.2"],
                      group="African elephant"), annex_paragraph="label on its own line"),
        entry("L2", day(2009, 4, 1), "First joint meeting in Accra.", ["B.1", "B.2"], group="African elephant"),
        entry("L3", month(2010, 3), "CoP15 was the occasion of a bilateral meeting.", ["B.1", "B.2"],
              group="Saiga antelope"),
        replace(entry("L4", day(2011, 7, 18), "A further meeting took place during AC25.", ["B.1", "B.2"],
                      group="Saiga antelope"), annex_paragraph="continues the row before"),
    ]
    b_row, _ = _annex1_summaries(tmp_path, log)
    assert b_row == [
        "1-2. African elephant:",
        "Presentation to MIKE focal points.",
        "First joint meeting in Accra.",
        "1-2. Saiga antelope: CoP15 was the occasion of a bilateral meeting. A further meeting took place during AC25.",
    ]


def test_split_label():
    from pipeline.word.annex1 import split_label
    assert split_label("2-3.") == ("2-3.", "")
    assert split_label("1-3. African elephant") == ("1-3.", "African elephant")
    assert split_label("1-2, 4. Sharks:") == ("1-2, 4.", "Sharks")
    assert split_label("February 2009") == ("", "February 2009")
    assert split_label("2009") == ("", "2009")


def test_header_block_as_the_secretariat_lays_it_out(written):
    """'38TH MEETING OF THE' / 'STANDING COMMITTEE' on two lines; the convention's name at the
    top of its cell, level with 'Distribution: General'."""
    texts = [p.text for p in written.paragraphs]
    first = next(i for i, t in enumerate(texts) if t.endswith("MEETING OF THE"))
    assert texts[first + 1] == "STANDING COMMITTEE"
    left = written.tables[0].rows[0].cells[0]
    assert left.paragraphs[0].text == "CONVENTION ON MIGRATORY SPECIES"
    assert left._tc.tcPr.find(qn("w:vAlign")).get(qn("w:val")) == "top"
