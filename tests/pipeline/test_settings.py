"""The product's settings: one module, defaults a fresh clone works with, variables that override them,
and a plain message for a threshold that is not a number."""
from __future__ import annotations

import pytest

from pipeline import settings
from tests.conftest import PROJECT


def test_defaults_are_the_projects_own_folders_and_this_machines_addresses():
    assert settings.folder(settings.INPUTS_DIR, {}) == PROJECT / "inputs"
    assert settings.folder(settings.TEMPLATES_DIR, {}) == PROJECT / "templates"
    assert settings.portal_url({}) == "http://127.0.0.1:8338"
    assert settings.dagster_url({}) == "http://127.0.0.1:3000"
    assert settings.status_settings({}) == settings.StatusSettings(3, 12)


def test_environment_variables_override_them(tmp_path):
    environ = {"STC_OUTPUTS_DIR": str(tmp_path), "STC_PORTAL_URL": "https://reports.cms.int/",
               "STC_WARNING_HORIZON_MONTHS": "2", "STC_ONGOING_RECENCY_MONTHS": " 18 "}
    assert settings.folder(settings.OUTPUTS_DIR, environ) == tmp_path
    assert settings.portal_url(environ) == "https://reports.cms.int"
    assert settings.status_settings(environ) == settings.StatusSettings(2, 18)


@pytest.mark.parametrize("variable, value, words", [
    ("STC_WARNING_HORIZON_MONTHS", "three", "STC_WARNING_HORIZON_MONTHS is 'three'; a whole number of months"),
    ("STC_ONGOING_RECENCY_MONTHS", "0", "STC_ONGOING_RECENCY_MONTHS: warning_horizon_months must be >= 0 and "
                                        "ongoing_recency_months >= 1"),
])
def test_a_threshold_that_cannot_be_used_is_named(variable, value, words):
    with pytest.raises(settings.SettingError) as raised:
        settings.status_settings({variable: value})
    assert words in str(raised.value)
