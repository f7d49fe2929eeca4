"""benchmark/warm_soak.py prints the warm LibreOffice's memory and seconds per conversion over many.

A small listener and client stand in for LibreOffice (as in tests/pipeline/publish/test_pdf_warm.py),
so this checks the measuring, not LibreOffice: docs/speed.md has the real figures.
"""
from __future__ import annotations

import os
import re
import sys

from benchmark import warm_soak
from pipeline.publish import pdf, pdf_warm
from tests.pipeline.publish.test_pdf_warm import WRITE_WARM, cold_writes, fake_client, fake_listener


def test_it_converts_the_report_many_times_and_prints_memory_and_seconds(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(pdf_warm, "listener_command", fake_listener)
    monkeypatch.setattr(pdf_warm, "client_command", fake_client(WRITE_WARM))
    monkeypatch.setattr(pdf_warm, "uno_python", lambda soffice: sys.executable)
    monkeypatch.setattr(pdf, "find_soffice", lambda: "/bin/sh")
    monkeypatch.setattr(pdf, "soffice_command", cold_writes("cold"))
    monkeypatch.delenv("STC_PDF_SERVER", raising=False)  # the soak names its own, then takes it away
    docx = tmp_path / "report.docx"
    docx.write_bytes(b"docx")
    assert warm_soak.main(["--docx", str(docx), "--conversions", "6", "--every", "3",
                           "--restart-after", "2", "--memory-mb", "0"]) == 0
    out = capsys.readouterr().out
    assert "replaced after 2 conversions, above no bound of MB" in out
    rows = [line.split() for line in out.splitlines() if line.split()[:1] in (["3"], ["6"])]
    assert len(rows) == 2 and all(float(row[1]) > 0 for row in rows)  # the listener's memory, from /proc
    warm = int(re.search(r"warm conversions: (\d+),", out).group(1))
    assert 2 <= warm <= 6 and re.search(r"cold: \d+", out)  # the first two at least are warm
    assert pdf_warm.convert_warm.__name__ == "convert_warm" and "STC_PDF_SERVER" not in os.environ  # put back
