"""Headless Chromium for the page's browser tests: Debian's package, driven by Playwright (whose own
browser download does not work offline). One place for its path, its flags and the skip when it is
missing; tests take the module-scoped `browser` fixture of tests/portal/conftest.py."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("STC_CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NEEDS_CHROMIUM = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium is not installed at {CHROMIUM} "
                                    "(Debian: apt-get install chromium); .ci/run installs it")
SHOTS = os.environ.get("STC_SCREENSHOTS")  # a folder to keep the screenshots in, to look at them


@contextmanager
def launched() -> Iterator:
    """A headless Chromium, closed on leaving; the test is skipped without Chromium or Playwright."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()
