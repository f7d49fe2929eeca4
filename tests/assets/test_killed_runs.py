"""A run killed at any point (SIGKILL of `stc-report run`, as when the machine stops) leaves no
visible report; the next run sweeps what it left, its LibreOffice dies with it, and it is
recorded as failed, not running. A live run's staging folder is never swept."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import dagster as dg
import pytest

from assets.run_watch import (DIED, HOST, NEVER_STARTED, PID, PID_STARTED, START_LIMIT_MINUTES, fail_dead_runs,
                              owner_tags)
from pipeline.publish import pdf
from pipeline.publish.output_folder import STAGING_PREFIX, staging_folder, sweep_dead_staging
from tests.assets.published import assert_report_as_requested, checksums, start_run, visible_reports
from tests.conftest import PROJECT


def _processes() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, command line) of every living process."""
    found = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if fields[0] != "Z":
            found[int(entry.name)] = (int(fields[1]), command)
    return found


def _converters(root: int) -> dict[int, str]:
    """The PDF converter processes (guard, soffice and what it forked) started by process `root`."""
    table = _processes()
    mine = {}
    for pid, (_, command) in table.items():
        ancestor = pid
        while ancestor in table and ancestor not in (0, 1, root):
            ancestor = table[ancestor][0]
        if ancestor == root and pid != root and "stc-pdf-" in command:
            mine[pid] = command
    return mine


def _alive(pids) -> set[int]:
    return set(pids) & set(_processes())


def _wait_for(condition, timeout: float = 120) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _staging(outputs: Path) -> list[Path]:
    folder = outputs / "StC38"
    return [p for p in folder.iterdir() if p.name.startswith(STAGING_PREFIX)] if folder.is_dir() else []


POINTS = {
    "as soon as it starts": lambda outputs, pid: True,
    "while the files are being written":
        lambda outputs, pid: any(p.is_dir() and any(p.iterdir()) for p in _staging(outputs)),
    "while LibreOffice makes the PDF":
        lambda outputs, pid: any("pdf_guard" not in c for c in _converters(pid).values()),  # LibreOffice itself
}


@pytest.mark.integration
@pytest.mark.parametrize("point", list(POINTS))
def test_a_killed_run_leaves_nothing_and_is_shown_failed(point, tmp_path):
    if point == "while LibreOffice makes the PDF" and not pdf.libreoffice_available():
        pytest.skip("LibreOffice is not installed")
    home, outputs = tmp_path / "home", tmp_path / "outputs"
    first = start_run(home, outputs, date(2011, 2, 28))  # an earlier report, which must not change
    assert first.wait(timeout=300) == 0
    earlier, before = visible_reports(outputs), checksums(outputs)

    victim = start_run(home, outputs, date(2010, 8, 31))
    reached = _wait_for(lambda: POINTS[point](outputs, victim.pid), timeout=120)
    converters = _converters(victim.pid)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    assert reached, f"the run never reached the point: {point}"

    assert visible_reports(outputs) == earlier  # nothing visible of the killed run
    assert _wait_for(lambda: not _alive(converters), timeout=15), "LibreOffice outlived its run"
    work = {Path(c.split()[2]) for c in converters.values() if "pdf_guard" in c}  # the guard's work folder
    assert _wait_for(lambda: not any(w.exists() for w in work), timeout=15), "LibreOffice's profile was left"
    if point == "while LibreOffice makes the PDF":
        assert work and len(converters) >= 2  # the guard and LibreOffice were both seen

    following = start_run(home, outputs, date(2011, 8, 31))
    out, err = following.communicate(timeout=300)
    assert following.returncode == 0, out + err
    new = [f for f in visible_reports(outputs) if f not in earlier]
    assert len(new) == 1
    assert_report_as_requested(new[0], "StC38", date(2011, 8, 31), [date(2010, 8, 31)])
    assert _staging(outputs) == []  # the killed run's hidden staging folder (and lock) are swept
    after = checksums(outputs)
    assert {name: after[name] for name in before} == before

    with dg.DagsterInstance.from_config(str(home)) as instance:
        killed = [r for r in instance.get_runs() if r.tags.get("as_of") == "2010-08-31"]
        if killed:  # killed before Dagster recorded it: nothing to show
            assert [r.status for r in killed] == [dg.DagsterRunStatus.FAILURE]
            logs = instance.all_logs(killed[0].run_id)
            assert any("ended before the report was finished" in (e.message or "") for e in logs)
        elif point != "as soon as it starts":
            pytest.fail("the killed run is not in Dagster's history")


def test_a_live_runs_staging_folder_is_never_swept_and_a_dead_ones_is(tmp_path):
    """Another process holds its run's lock: its folder stays. Once that process is gone, it goes."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pipeline.publish.output_folder import staging_folder\n"
         "f = staging_folder(sys.argv[1], 'StC38', 'live-run')\n(f / 'half.docx').write_bytes(b'half')\n"
         "print('ready', flush=True)\ntime.sleep(60)", str(tmp_path)],
        cwd=PROJECT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        live = tmp_path / "StC38" / f"{STAGING_PREFIX}live-run"
        dead = tmp_path / "StC38" / f"{STAGING_PREFIX}dead-run"
        dead.mkdir()  # what a run killed before it could lock anything would leave
        (dead / "half.xlsx").write_bytes(b"half")
        mine = staging_folder(tmp_path, "StC38", "this-run")  # sweeps, then stages
        assert live.is_dir() and (live / "half.docx").is_file()
        assert not dead.exists()
        assert mine.is_dir()
    finally:
        holder.kill()
        holder.wait()
    assert sweep_dead_staging(tmp_path) == [live]
    assert sorted(p.name for p in (tmp_path / "StC38").iterdir()) == [f"{STAGING_PREFIX}this-run",
                                                                      f"{STAGING_PREFIX}this-run.lock"]


def test_runs_whose_process_is_gone_are_marked_failed_and_live_ones_are_not(tmp_path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        def started_run(tags: dict) -> str:
            run = instance.create_run_for_job(dg.GraphDefinition("g").to_job(), tags=tags)
            instance.handle_new_event(dg.EventLogEntry(
                error_info=None, level="debug", user_message="", run_id=run.run_id, timestamp=time.time(),
                dagster_event=dg.DagsterEvent("PIPELINE_START", job_name=run.job_name)))
            return run.run_id

        dead = started_run({**owner_tags(), PID: str(gone.pid), PID_STARTED: ""})
        alive = started_run(owner_tags())
        elsewhere = started_run({HOST: "another-machine", PID: str(gone.pid)})
        assert fail_dead_runs(instance) == [dead]
        assert instance.get_run_by_id(dead).status == dg.DagsterRunStatus.FAILURE
        assert instance.get_run_by_id(alive).status == dg.DagsterRunStatus.STARTED
        assert instance.get_run_by_id(elsewhere).status == dg.DagsterRunStatus.STARTED
        failure = [e for e in instance.all_logs(dead) if e.dagster_event and e.dagster_event.is_run_failure]
        assert failure[0].message == DIED.format(pid=gone.pid, host=owner_tags()[HOST])
        assert fail_dead_runs(instance) == []  # once is enough


def test_runs_killed_before_their_first_step_are_marked_failed_and_waiting_ones_are_not(tmp_path):
    """A command-line run records its process from its creation, so one killed before its first step
    ('Not started') is seen dead at once; a launched run that records no process is failed once it has
    not started START_LIMIT_MINUTES after its creation, and so is one started that never recorded its process
    by then (killed between its start and that moment); young runs are left alone."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        job = dg.GraphDefinition("g").to_job()

        def run_in(status: dg.DagsterRunStatus, tags: dict) -> str:
            return instance.create_run_for_job(job, tags=tags, status=status).run_id

        dead_owner = run_in(dg.DagsterRunStatus.NOT_STARTED, {**owner_tags(), PID: str(gone.pid), PID_STARTED: ""})
        live_owner = run_in(dg.DagsterRunStatus.NOT_STARTED, owner_tags())
        no_owner = run_in(dg.DagsterRunStatus.NOT_STARTED, {})
        starting = run_in(dg.DagsterRunStatus.STARTING, {})
        started = run_in(dg.DagsterRunStatus.NOT_STARTED, {})  # began, killed before its process recorded itself
        instance.handle_new_event(dg.EventLogEntry(
            error_info=None, level="debug", user_message="", run_id=started, timestamp=time.time(),
            dagster_event=dg.DagsterEvent("PIPELINE_START", job_name=job.name)))
        assert fail_dead_runs(instance) == [dead_owner]  # the others are younger than the limit
        later = datetime.now(timezone.utc) + timedelta(minutes=START_LIMIT_MINUTES + 1)
        assert sorted(fail_dead_runs(instance, now=later)) == sorted([no_owner, starting, started])
        status = {run_id: instance.get_run_by_id(run_id).status
                  for run_id in (dead_owner, live_owner, no_owner, starting, started)}
        assert status == {dead_owner: dg.DagsterRunStatus.FAILURE, live_owner: dg.DagsterRunStatus.NOT_STARTED,
                          no_owner: dg.DagsterRunStatus.FAILURE, starting: dg.DagsterRunStatus.FAILURE,
                          started: dg.DagsterRunStatus.FAILURE}
        failure = [e.message for e in instance.all_logs(no_owner) if e.dagster_event and e.dagster_event.is_run_failure]
        assert failure == [NEVER_STARTED.format(minutes=START_LIMIT_MINUTES)]
        assert fail_dead_runs(instance, now=later) == []  # once is enough


def test_a_command_line_run_records_its_process_from_its_creation(tmp_path):
    from assets.runner import run_meeting_report
    from pipeline.request import ReportRequest
    from tests.conftest import BUNDLED_INPUTS

    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        outcome = run_meeting_report(ReportRequest("StC38", date(2011, 8, 31), pdf=False), BUNDLED_INPUTS,
                                     tmp_path / "outputs", instance=instance)
        created = instance.get_run_by_id(outcome.run_id)
        assert {key: created.tags[key] for key in (HOST, PID, PID_STARTED)} == owner_tags()


KILLED_BEFORE_ITS_FIRST_STEP = """
import sys, time
import dagster as dg
from pipeline.publish.run_owner import owner_tags
with dg.DagsterInstance.get() as instance:
    run = instance.create_run_for_job(dg.GraphDefinition("meeting_report").to_job(), status=dg.DagsterRunStatus.{status},
                                      tags={{"meeting": "StC38", "as_of": "2011-08-31", "languages": "en", **owner_tags()}})
    print(run.run_id, flush=True)
    time.sleep(600)  # killed here, before its first step
"""


class _PageDagster:
    """The staff page's link to Dagster, answering its GraphQL questions from a real instance."""

    def __init__(self, instance: dg.DagsterInstance):
        from portal.dagster_link import DagsterLink

        self.instance, self.submitted = instance, []
        self.link = DagsterLink("http://127.0.0.1:3999")
        self.link._graphql = self._answer
        self.link.submit = lambda *args: self.submitted.append(args) or "a-new-run"

    def _run(self, record) -> dict:
        run = record.dagster_run
        return {"runId": run.run_id, "status": run.status.value, "creationTime": record.create_timestamp.timestamp(),
                "tags": [{"key": k, "value": v} for k, v in run.tags.items()], "startTime": None, "endTime": None,
                "jobName": run.job_name, "stepStats": [], "eventConnection": {"events": []}}

    def _answer(self, query: str, variables: dict) -> dict:
        if "runId" in variables:
            records = self.instance.get_run_records(dg.RunsFilter(run_ids=[variables["runId"]]))
            return {"runOrError": {"__typename": "Run", **self._run(records[0])}}
        wanted = variables["filter"]
        statuses = [dg.DagsterRunStatus(s) for s in wanted["statuses"]]
        records = self.instance.get_run_records(dg.RunsFilter(
            statuses=statuses, tags={t["key"]: t["value"] for t in wanted["tags"]}))
        return {"runsOrError": {"__typename": "Runs", "results": [self._run(r) for r in records]}}


@pytest.mark.parametrize("status", ["NOT_STARTED", "STARTING"])
def test_a_run_killed_before_its_first_step_is_failed_and_can_be_made_again_from_the_page(status, tmp_path,
                                                                                          monkeypatch):
    """The process holding a run is killed while the run is still 'Not started' (or 'Starting'): the
    page shows it failed at once, saying why, and a new request for that meeting and date starts a new
    run instead of pointing at the dead one; the dead-run check records it failed in Dagster."""
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    holder = subprocess.Popen([sys.executable, "-c", KILLED_BEFORE_ITS_FIRST_STEP.format(status=status)],
                              stdout=subprocess.PIPE, text=True, cwd=PROJECT, env={**__import__("os").environ})
    run_id = holder.stdout.readline().strip()
    with dg.DagsterInstance.get() as instance:
        page = _PageDagster(instance)
        assert page.link.launch("StC38", date(2011, 8, 31)) == (run_id, False)  # alive: under way
        assert page.link.run_state(run_id).status == status
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
        shown = page.link.run_state(run_id)
        assert (shown.status, shown.words, shown.finished) == ("FAILURE", "Failed", True)
        assert shown.failure == DIED.format(pid=holder.pid, host=owner_tags()[HOST])
        assert page.link.launch("StC38", date(2011, 8, 31)) == ("a-new-run", True)
        assert page.submitted == [("StC38", date(2011, 8, 31), ("en",))]
        assert fail_dead_runs(instance) == [run_id]
        assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.FAILURE


def test_the_page_shows_a_run_that_never_started_failed_after_the_limit(tmp_path):
    """A run that records no process, still 'Not started' past the limit, is failed on the page too."""
    from pipeline.publish.run_owner import UNRECORDED, why_dead

    created = time.time() - START_LIMIT_MINUTES * 60 - 1
    assert why_dead("NOT_STARTED", {}, created, time.time()) == NEVER_STARTED.format(minutes=START_LIMIT_MINUTES)
    assert why_dead("NOT_STARTED", {}, time.time(), time.time()) == ""
    assert why_dead("QUEUED", {}, created, time.time()) == ""  # waiting for its turn: never touched
    assert why_dead("STARTED", {HOST: "another-machine", PID: "1"}, created, time.time()) == ""
    assert why_dead("STARTED", {}, created, time.time()) == UNRECORDED.format(minutes=START_LIMIT_MINUTES)
    assert why_dead("STARTED", {}, time.time(), time.time()) == ""  # its process records itself within seconds
