"""A full disk said plainly: the run is refused before writing when the outputs folder's disk has too
little room (naming the folder and its free space); a run whose disk fills, turns read-only or
forbids writing while the Word, Excel, PDF or publish step writes ends with the cause in plain words
(no Dagster class name, no traceback, no "Exception ignored"), and nothing half-written is left."""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from assets.runner import last_step_started, run_meeting_report
from pipeline.publish import disk, output_folder, pdf
from pipeline.request import ReportRequest
from tests.conftest import BUNDLED_INPUTS, PROJECT

REQUEST = ReportRequest("StC38", date(2011, 8, 31), pdf=False)


@pytest.fixture
def instance():
    with dg.instance_for_test() as test_instance:
        yield test_instance


def left_behind(outputs: Path) -> list[Path]:
    """Every file of a report under outputs (an empty meeting folder may stay: it holds nothing). The
    input store (outputs/input-versions/: the workbooks a run read, kept by checksum) is not a report:
    a run keeps the inputs it read whether or not it ends well."""
    if not outputs.exists():
        return []
    return [p for p in outputs.rglob("*") if not p.is_dir() and "input-versions" not in p.relative_to(outputs).parts]


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB file system of its own (tmpfs), filled but for `leave(kb)`; root only."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root (and mount): the full-disk test with a real file "
                    "system is skipped; the tests with writers that raise ENOSPC still run")
    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2M", "tmpfs", str(mount)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.skip(f"tmpfs cannot be mounted here: {done.stderr.strip()}")

    def leave(kb: int) -> Path:
        free = shutil.disk_usage(mount).free
        (mount / "filler").write_bytes(b"\0" * max(free - kb * 1024, 0))
        return mount / "outputs"

    try:
        yield leave
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize("free_kb", [16, 80])
def test_a_run_whose_real_disk_fills_says_so_and_leaves_nothing(small_disk, free_kb, instance, monkeypatch, capfd):
    outputs = small_disk(free_kb)  # 16 KB: the workbook does not fit; 80 KB: it does, the Word document not
    monkeypatch.setattr(disk, "MIN_FREE_MB", 0)  # past the check before writing, to fail while writing
    outcome = run_meeting_report(REQUEST, BUNDLED_INPUTS, outputs, instance=instance)
    assert not outcome.success
    assert outcome.error.startswith(f"The disk holding {outputs} is full (")
    assert " free). Free some space there and start the report again" in outcome.error
    assert "dagster" not in outcome.error.lower() and "Error" not in outcome.error
    assert left_behind(outputs) == []  # the staging folder (and its lock) were discarded
    err = capfd.readouterr().err
    assert "Exception ignored" not in err and "Traceback" not in err


def test_the_command_line_refuses_a_disk_without_room_before_the_run(small_disk, tmp_path):
    outputs = small_disk(64)
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "cli.main", "run", "--meeting", "StC38", "--no-pdf",
                           "--outputs", str(outputs)], cwd=PROJECT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"The disk holding {outputs} has only ")
    assert "KB free; a report needs at least 50 MB. Free some space there, or choose another outputs folder" \
        in done.stderr
    assert done.stderr.rstrip().endswith("No report was written.")
    assert not outputs.exists()


def test_a_run_started_elsewhere_is_refused_before_writing_without_room(tmp_path, instance, monkeypatch):
    """The Dagster steps check too: a run launched from the UI or the staff page never reaches the writers."""
    monkeypatch.setattr(disk, "free_bytes", lambda folder: 3 * 1024 * 1024)
    outputs = tmp_path / "outputs"
    outcome = run_meeting_report(REQUEST, BUNDLED_INPUTS, outputs, instance=instance)
    assert not outcome.success
    assert outcome.error == (f"The disk holding {outputs} has only 3.0 MB free; a report needs at least 50 MB. "
                             f"Free some space there, or choose another outputs folder (--outputs, or "
                             f"STC_OUTPUTS_DIR).")
    assert left_behind(outputs) == []


def _raising(number: int):
    def write(*args, **kwargs):
        raise OSError(number, os.strerror(number))
    return write


STEPS = {  # where the error is raised: the module attribute a writing step calls
    "excel_workbook": ("pipeline.excel.workbook", "write_xlsx"),
    "word_document": ("pipeline.word.document", "write_docx"),
    "pdf_document": ("pipeline.publish.pdf", "convert_to_pdf"),
    "published_report": ("pipeline.publish.output_folder", "write_manifest"),
}


CAUSES = [  # each cause, and the words that say it
    (errno.ENOSPC, "The disk holding {outputs} is full ("),
    (errno.EDQUOT, "Your disk quota on the disk holding {outputs} is used up ("),
    (errno.EROFS, "The disk holding {outputs} is read-only, so the report cannot be written there."),
    (errno.EACCES, "{outputs} cannot be written: permission denied. Ask for permission to write there"),
]


@pytest.mark.parametrize("number, words", CAUSES)
def test_each_cause_of_a_failed_write_has_its_own_words(number, words, tmp_path):
    message = disk.writing_failed(OSError(number, os.strerror(number)), tmp_path)
    assert message.startswith(words.format(outputs=tmp_path)), message
    assert "Errno" not in message


# Each writing step fails once, each with another cause (the words of every cause are checked above):
# a whole run per step shows the step turns the failure into those words and leaves nothing behind.
@pytest.mark.parametrize("step, number, words", [(step, *cause) for step, cause in zip(STEPS, CAUSES)])
def test_a_write_that_fails_in_any_step_says_why_in_plain_words(step, number, words, tmp_path, instance,
                                                               monkeypatch):
    module, name = STEPS[step]
    monkeypatch.setattr(f"{module}.{name}", _raising(number))
    if step == "pdf_document":
        monkeypatch.setattr(pdf, "find_soffice", lambda: "/usr/bin/soffice")
    outputs = tmp_path / f"outputs-{uuid.uuid4().hex[:6]}"
    request = ReportRequest("StC38", date(2011, 8, 31), pdf=step == "pdf_document")
    outcome = run_meeting_report(request, BUNDLED_INPUTS, outputs, instance=instance)
    assert not outcome.success
    assert outcome.error.startswith(words.format(outputs=outputs)), outcome.error
    assert "dagster" not in outcome.error.lower() and "Errno" not in outcome.error
    assert left_behind(outputs) == []
    failed = [e.step_key for e in instance.all_logs(outcome.run_id) if e.dagster_event
              and e.dagster_event.is_step_failure]
    assert failed == ["meeting_report_files"] and last_step_started(instance, outcome.run_id) == step


def test_an_unexpected_error_is_named_by_its_own_cause_not_by_dagster(tmp_path, instance, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("the workbook writer broke")

    monkeypatch.setattr("pipeline.excel.workbook.write_xlsx", broken)
    outcome = run_meeting_report(REQUEST, BUNDLED_INPUTS, tmp_path / "outputs", instance=instance)
    assert outcome.error == ("the step excel_workbook stopped on an unexpected error: ValueError: the workbook "
                             "writer broke")


def test_the_words_for_sizes_and_causes():
    assert [disk.size_text(n) for n in (0, 1023, 68 * 1024, 1536 * 1024, 12 * 1024 ** 3)] == \
        ["0 bytes", "1,023 bytes", "68 KB", "1.5 MB", "12.0 GB"]
    other = OSError(errno.EIO, "Input/output error", "/x/report.json")
    assert disk.writing_failed(other, Path("/x")) == (
        "Writing the report into /x failed: input/output error (/x/report.json). Start the report again; if it "
        "fails the same way, ask the administrator to check that disk.")
    assert output_folder.write_manifest  # the publish step's writer, patched above
