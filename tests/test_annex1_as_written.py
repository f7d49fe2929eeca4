"""Annex 1 of the StC38 document, made from the bundled inputs, is the Secretariat's own text.

The expected paragraphs below are those of UNEP/CMS/StC38/Doc.3 as the Secretariat wrote it
(the "Summary of activities undertaken" column, one string per paragraph, in order): nothing
added, nothing missing, each printed once, with the labels ("1-3. African elephant:",
"February 2009:", "2-3.") as printed. And no status printed beside a task is contradicted by
the text printed beside it.
"""
from __future__ import annotations

import re
from datetime import datetime

import pytest
from docx import Document

from pipeline.assemble import build_report
from pipeline.inputs.load import read_inputs
from pipeline.word.document import write_docx
from pipeline.word.templates import narrative_for, report_template
from tests.conftest import BUNDLED_INPUTS, PROJECT

SUMMARIES = {
    'Harmonization of taxonomy and nomenclature': [
        '1-4. Comparison made of the lists.',
        'Joint presentation of the work involved in advancing the harmonization of the taxonomy and nomenclature in the species lists used by CITES and CMS, at the second meeting of the Chairs of the scientific advisory bodies of the biodiversity-related conventions (CSAB) (25 May 2008, Bonn). Support by the CSAB.',
        'Preparation and review of document UNEP/CMS/ScC/Doc. 8 on harmonization of taxonomy and nomenclature at the 15th meeting of the CMS Scientific Council (Rome, November 2008).',
        'Adoption of recommendation UNEP/CMS/9.4/Rev.1; review of this document by the CITES Animals Committee. The harmonization proposed mainly concerns:',
        'a) The new reference adopted by the CMS Scientific Council relating to marine mammals; this reference was subsequently adopted at CITES CoP15 in its list of standard references [Resolution Conf. 12.11 (Rev. CoP15)];',
        'b) A proposal regarding harmonization of taxonomy and nomenclature for birds will be discussed at the 17th meeting of the CMS Scientific Council and reported on to CMS CoP10 in November 2011;',
        'c) The benefit there would be in creating a nomenclature and taxonomy committee under the guidance of the CSAB. (The progress made in harmonization of the nomenclature for mammals is described in CITES document CoP15 Doc. 12).',
    ],
    'Joint actions for the conservation and sustainable use of shared species': [
        '1-3. African elephant:',
        'Presentation of CMS activities relating to elephants to the national focal points of the CITES MIKE programme (Mombasa, June 2008).',
        'Organization of a first joint meeting, in Accra, Ghana, on 1 April 2009, of the national focal points of the CMS MoU and the steering committee of the MIKE programme for West Africa.',
        'Adoption of a joint declaration concerning the preparation of 12 trans-boundary projects and of a summary of the trans-boundary range areas of elephants in West Africa. Preliminary development of the 12 project summary sheets.',
        'Participation of CMS in the annual meeting of MIKE national focal points for Central Africa, (Brazzaville, 5-6 October 2010) in order to inform them about the regional trans-boundary activity undertaken in West Africa.',
        'Organization of the second joint meeting in Niamey (Niger) on 23 June 2011 of the national focal points of the CMS MoU and the steering committee of the MIKE programme for West Africa. Further bilateral work on the 12 trans-boundary projects which had been adopted in Accra, and adoption of a joint declaration on the process for finalization of the projects, their implementation and their funding.',
        '1-3. Sharks: participation of CITES in the third meeting on the drafting of a memorandum of understanding concerning migratory sharks (Manila, Philippines, February 2010).',
        'Participation by CMS in the FAO/CITES workshop to review the application and effectiveness of international regulatory measures for the conservation and sustainable use of elasmobranchs (Genazzano, Italy, 19-23 July 2010).',
        '1-3. Saiga antelope: CITES CoP15 was the occasion of a bilateral meeting at which the idea was initiated of jointly organizing two meetings, one dealing with the second meeting of the signatories to the CMS Memorandum of Understanding concerning Conservation, Restoration and Sustainable Use of the Saiga Antelope (Saiga tatarica tatarica) (Ulaanbaatar, Mongolia, 7-10 September 2010), the other organized by CITES and relating to a workshop on the conservation and sustainable use of the saiga antelope (Urumqi, China, 27-29 September 2010). A further informal bilateral CMS/CITES meeting took place during AC25 (18-22 July 2011, Geneva, Switzerland) about matters of common interest.',
        '1-3. Saker falcon: Participation of the CITES Secretariat in the meeting organized by CMS on the Saker falcon (Falco cherrug) (Abu Dhabi, United Arab Emirates, April 2009).',
        '1-3. Gorillas: Participation of the CITES Secretariat in the first meeting of the Technical Committee of the Agreement on the Conservation of Gorillas and their Habitats organized by the CMS Secretariat (Kigali, Rwanda, 29-30 March 2011). As this meeting focused on law enforcement issues, the presence of the CITES Enforcement Officer was extremely beneficial.',
        '4. Relevant decisions proposed or taken by the governing bodies of CITES and CMS were identified and considered in work planning.',
    ],
    'Administrative and fund-raising cooperation': [
        '1. Four meetings of CMS and CITES were held in Geneva, Bonn or by teleconference (February and August 2009, and March and August 2011) about the implementation of joint activities and distribution of tasks.',
        '2-3. CITES provided technical support (such as document management) for CMS CoP10 (November 2011).',
        '2-3. Funds have been obtained for CITES to hire a consultant and by CMS to develop projects related to the list of joint activities.',
    ],
    'Outreach and capacity building': [
        'December 2008: Participation of the CITES Secretariat in CMS CoP9 (Rome, Italy) and a reminder in plenary to the national focal points of the decisions taken on listing sharks in the CITES Appendices.',
        'February 2009: Representation of the CMS Secretariat by the CITES Secretariat at the technical meeting of the United Nations Environmental Management Group (EMG) (Nairobi, 14-15 February 2009) on the basis of a position paper provided to the CITES representative.',
        'March 2009: In Accra (Ghana), participation of CITES in the first meeting of the signatories to the CMS Memorandum of Understanding concerning Conservation Measures for the West African Populations of the African Elephant and, on 2 April, participation of CMS in the steering committee of the system for Monitoring the Illegal Killing of Elephants (MIKE) for West Africa.',
        'March 2010: Participation of CMS in CITES CoP15 (including the discussion on sharks) and organization of two joint CMS/CITES side events, one on the cooperation already in place, the other on the state of progress of the implementation of the Accra Declaration on trans-boundary projects relating to elephants in West Africa.',
        'June 2010: Participation of CITES in the 16th meeting of the CMS Scientific Council.',
        'September 2010 and Sept 2011: Joint CMS/CITES participation in these two high-level retreats involving the Secretariats of the biodiversity-related conventions (BLG) (Bogis-Bossey, Switzerland, September 2010 and September 2011). Joint preparation in advance of the latter retreat in terms of the revised BLG Modus Operandi which was agreed there.',
        'October 2010: Participation of the two Conventions in the CBD CoP10 (Nagoya, Japan, 18-29 October 2010) and joint inputs to decision UNEP/CBD/COP10/DEC.X/20 on cooperation with other organizations and initiatives. A joint statement on behalf of CMS and other biodiversity-related conventions was made by CITES to the High Level Segment of CBD CoP10.',
        'March 2011: Representation of the CMS Secretariat by the CITES Secretariat at the CBD-led workshop on updating national biodiversity strategies and action plans (Kasane, Botswana).',
        'June 2011: In Niamey (Niger), participation of CITES in the second meeting of the signatories to the CMS Memorandum of Understanding concerning Conservation Measures for the West African Populations of the African Elephant. On 24 June, participation of CMS in the steering committee of the system for Monitoring the Illegal Killing of Elephants (MIKE) for West Africa.',
    ],
}

# A task beside which the document says something was done cannot read as if nothing had been.
NOTHING_DONE = ("Not started", "Not yet due", "At risk")


@pytest.fixture(scope="module")
def annex1_rows(tmp_path_factory):
    folder = tmp_path_factory.mktemp("annex1")
    report = build_report(read_inputs(BUNDLED_INPUTS), "StC38", generated_at=datetime(2011, 9, 27, 9, 30),
                          snapshots_dir=folder / "no-snapshots")
    templates = PROJECT / "templates"
    path = write_docx(report, folder / "doc.docx", report_template(templates), narrative_for(templates, "StC38"))
    table = next(t for t in Document(str(path)).tables if t.rows[0].cells[0].text == "Activities")
    return {row.cells[0].text: row for row in table.rows[1:]}


def test_the_areas_are_the_secretariats(annex1_rows):
    assert list(annex1_rows) == list(SUMMARIES)


@pytest.mark.parametrize("area", list(SUMMARIES))
def test_every_summary_paragraph_is_the_secretariats_text_in_its_order(annex1_rows, area):
    printed = [p.text for p in annex1_rows[area].cells[3].paragraphs]
    assert printed == SUMMARIES[area]


def test_labels_are_underlined_as_printed(annex1_rows):
    outreach = annex1_rows["Outreach and capacity building"].cells[3].paragraphs
    underlined = [" ".join(r.text for r in p.runs if r.underline) for p in outreach]
    assert underlined[:2] == ["December 2008", "February 2009"]
    assert "September 2010 and Sept 2011" in underlined
    shared = annex1_rows["Joint actions for the conservation and sustainable use of shared species"].cells[3]
    assert [r.text for r in shared.paragraphs[0].runs] == ["1-3. ", "African elephant", ":"]


def _tasks_with_status(cell) -> dict[str, str]:
    """task number ('4') or '' -> the status printed under it."""
    found, number = {}, None
    for p in cell.paragraphs:
        if p.text.startswith("Status: "):
            found[number] = p.text.removeprefix("Status: ")
        else:
            match = re.match(r"(\d+)\. ", p.text)
            number = match.group(1) if match else ""
    return found


def _numbers_reported(summaries: list[str]) -> set[str]:
    """The task numbers the summaries' labels name: '1-3.' -> 1, 2, 3; '2-3.' -> 2, 3."""
    numbers: set[str] = set()
    for text in summaries:
        label = re.match(r"(\d+(?:-\d+)?)\. ", text + " ")
        if label:
            first, _, last = label.group(1).partition("-")
            numbers |= {str(n) for n in range(int(first), int(last or first) + 1)}
    return numbers


@pytest.mark.parametrize("area", list(SUMMARIES))
def test_no_status_is_contradicted_by_the_text_beside_it(annex1_rows, area):
    tasks = _tasks_with_status(annex1_rows[area].cells[1])
    summaries = SUMMARIES[area]
    reported = _numbers_reported(summaries) if any(tasks) else set(tasks)  # unnumbered: the area's one task
    assert reported and reported <= set(tasks)
    for number in reported:
        assert tasks[number] not in NOTHING_DONE, (area, number, tasks[number])


def test_b4_is_in_progress_beside_the_decisions_identified(annex1_rows):
    row = annex1_rows["Joint actions for the conservation and sustainable use of shared species"]
    assert row.cells[3].paragraphs[-1].text.startswith("4. Relevant decisions proposed or taken")
    assert _tasks_with_status(row.cells[1])["4"] == "In progress"
