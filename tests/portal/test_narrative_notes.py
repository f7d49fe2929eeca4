"""The staff page says when a meeting has no narrative of its own and the default is used: in the
meeting's section, beside the form before "Generate the report", and on the run's page."""
from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest
import requests

from portal.app import create_app
from portal.catalog import Catalog
from portal.dagster_link import RunState
from tests.conftest import PROJECT
from tests.later_meeting import inputs_with_stc41
from tests.portal.conftest import Served, free_port

TEMPLATES = PROJECT / "templates"
RUN = "0badc0de-0000-4000-8000-000000000041"


@pytest.fixture
def folders(tmp_path) -> tuple[Path, Path]:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    return inputs_with_stc41(tmp_path / "inputs"), templates


def page(folders, fake_dagster, tmp_path, path: str = "/") -> str:
    inputs, templates = folders
    app = create_app(Catalog(inputs, tmp_path / "outputs", templates), fake_dagster)
    with Served(app, free_port()) as served:
        return html.unescape(requests.get(served.url + path, timeout=30).text)


def section(text: str, code: str) -> str:
    return text.split(f'id="meeting-{code}"', 1)[1].split("</section>", 1)[0]


def test_the_meeting_list_and_the_form_say_the_default_narrative_is_used(folders, fake_dagster, tmp_path):
    text = page(folders, fake_dagster, tmp_path)
    narrative = folders[1] / "narrative"
    stc41 = section(text, "StC41")
    assert (f"StC41 has no narrative of its own ({narrative / 'StC41.docx'} does not exist): the report uses the "
            f"default narrative default.docx") in stc41
    assert "copy StC38.docx to StC41.docx" in stc41
    assert "has no narrative of its own" not in section(text, "StC38")
    form = text.split('id="new-report"', 1)[1].split("</section>", 1)[0]
    note = form.split('id="narrative-note"', 1)[1].split("</p>", 1)[0]
    assert "hidden" not in note.split(">", 1)[0]  # StC41, the latest meeting, is the one chosen
    assert "StC41 has no narrative of its own" in note
    assert 'data-narrative=""' in form  # StC38's option: nothing to say when it is chosen


def test_once_staff_copy_the_narrative_the_page_says_nothing(folders, fake_dagster, tmp_path):
    narrative = folders[1] / "narrative"
    shutil.copy(narrative / "StC38.docx", narrative / "StC41.docx")
    text = page(folders, fake_dagster, tmp_path)
    assert "StC41 has no narrative" not in text
    assert 'id="narrative-note" hidden>' in text  # the place beside the form, empty and hidden


def test_the_run_page_says_it_for_each_language_of_the_run(folders, fake_dagster, tmp_path):
    fake_dagster.states[RUN] = RunState(RUN, "STARTED", "StC41", "2015-12-31", languages=("en", "fr"))
    text = page(folders, fake_dagster, tmp_path, f"/runs/{RUN}")
    notes = text.split('id="narrative-notes"', 1)[1].split("</ul>", 1)[0]
    assert "StC41 has no narrative of its own" in notes and "copy StC38.docx to StC41.docx" in notes
    assert "StC41 has no French narrative of its own" in notes and "Spanish" not in notes
    fake_dagster.states[RUN] = RunState(RUN, "STARTED", "StC38", "2011-08-31")
    assert 'id="narrative-notes"' not in page(folders, fake_dagster, tmp_path, f"/runs/{RUN}")
