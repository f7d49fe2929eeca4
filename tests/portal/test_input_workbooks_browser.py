"""Headless Chromium (Debian's package, driven by Playwright) on the staff page's "The input workbooks":
an upload refused with the validate listing, one accepted, then the earlier version restored. Screenshots
are kept (STC_SCREENSHOTS=folder to look at them)."""
from __future__ import annotations

import shutil

import pytest

from pipeline.publish.input_store import checksum_of, history
from portal.app import create_app
from portal.catalog import Catalog
from tests.conftest import set_cell
from tests.portal.conftest import FakeDagster, Served, free_port
from tests.portal.chromium import NEEDS_CHROMIUM, SHOTS, launched

pytestmark = [pytest.mark.integration, NEEDS_CHROMIUM]


def shoot(page, tmp_path, name):
    page.screenshot(path=str(tmp_path / name), full_page=True)
    if SHOTS:
        from pathlib import Path

        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / name, Path(SHOTS) / name)


def test_an_officer_uploads_a_wrong_then_a_right_log_and_restores_the_first(inputs_copy, outputs, tmp_path):
    original = checksum_of(inputs_copy / "meeting_log.xlsx")
    for name, value in (("wrong", "someday"), ("right", "2011-02-03")):
        (tmp_path / name).mkdir()
        shutil.copy(inputs_copy / "meeting_log.xlsx", tmp_path / name / "meeting_log.xlsx")
        set_cell(tmp_path / name, "meeting_log.xlsx", "Log", 2, "Start", value)
    with Served(create_app(Catalog(inputs_copy, outputs), FakeDagster()), free_port()) as served, \
            launched() as browser:
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(served.url + "/#inputs")
        form = page.locator("#input-meeting_log form.input-upload")
        form.locator("input[type=file]").set_input_files(str(tmp_path / "wrong" / "meeting_log.xlsx"))
        form.locator("button").click()
        page.wait_for_selector("#form-message")
        assert "meeting_log.xlsx, sheet 'Log', row 2, column 'Start': found 'someday'" in page.inner_text("#form-message")
        shoot(page, tmp_path, "inputs-refused.png")
        assert checksum_of(inputs_copy / "meeting_log.xlsx") == original

        form = page.locator("#input-meeting_log form.input-upload")
        form.locator("input[type=file]").set_input_files(str(tmp_path / "right" / "meeting_log.xlsx"))
        form.locator("button").click()
        page.wait_for_selector("#input-meeting_log .input-history tr[data-version]")
        assert "replaced by staff at 127.0.0.1" in page.inner_text("#input-meeting_log")
        page.locator("#input-meeting_log").scroll_into_view_if_needed()
        shoot(page, tmp_path, "inputs-history.png")

        page.locator(f"#input-meeting_log tr[data-version='{original}'] button").click()
        page.wait_for_selector("#input-meeting_log .input-history")
        assert checksum_of(inputs_copy / "meeting_log.xlsx") == original
        assert history(outputs, "meeting_log.xlsx")[0].action == "restored"
        shoot(page, tmp_path, "inputs-restored.png")
        browser.close()
