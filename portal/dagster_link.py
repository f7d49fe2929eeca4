"""Talk to the running Dagster webserver through its own GraphQL API.

Runs are launched with `dagster_graphql.DagsterGraphQLClient`, so they are queued,
launched and recorded by Dagster like a run started in its UI. A second request for
the same meeting and date while one is queued or running gets that run back instead
of starting another (a lock in this process plus Dagster's own run list, by tags).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

import requests

from pipeline.publish.report_steps import STEPS, read_line
from pipeline.publish.run_owner import why_dead
from pipeline.request import ReportRequest

JOB = "meeting_report"
LOCATION = "stc_report"  # workspace.yaml's location_name
REPOSITORY = "__repository__"  # the repository a Definitions object becomes
REQUEST_RESOURCE = "report_request"  # the run's request (assets/config.py REQUEST)
ACTIVE = ["QUEUED", "NOT_STARTED", "STARTING", "STARTED"]
FINISHED = {"SUCCESS", "FAILURE", "CANCELED"}
STATUS_WORDS = {  # a run's state as staff read it: no Dagster vocabulary
    "QUEUED": "Waiting to start",
    "NOT_STARTED": "Waiting to start",
    "STARTING": "Starting",
    "STARTED": "Being made",
    "SUCCESS": "Finished",
    "FAILURE": "Failed",
    "CANCELING": "Being stopped",
    "CANCELED": "Stopped",
}

STEP_WORDS = {"waiting": "Waiting", "running": "Under way", "done": "Done", "failed": "Failed",
              "skipped": "Not done"}


def elapsed_words(seconds: float | None) -> str:
    """'8 s', '1 min 5 s', 'under 1 s' (never '0 s'), '' when unknown."""
    if seconds is None:
        return ""
    seconds = max(0, int(round(seconds)))
    if seconds < 1:
        return "under 1 s"
    return f"{seconds} s" if seconds < 60 else f"{seconds // 60} min {seconds % 60} s"


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    state: str  # waiting, running, done, failed, skipped
    seconds: float | None = None  # how long it took, or has taken so far
    detail: str = ""  # how far it is ('2,150 of 4,300 activities') or, done, what it counted

    @property
    def words(self) -> str:
        return STEP_WORDS[self.state]

    @property
    def elapsed(self) -> str:
        return elapsed_words(self.seconds)

    def as_json(self) -> dict:
        return {"key": self.key, "label": self.label, "state": self.state, "words": self.words,
                "elapsed": self.elapsed, "detail": self.detail}


def _seconds(event: dict) -> float | None:
    """An event's moment in seconds since 1970 (GraphQL gives milliseconds, as text)."""
    try:
        return float(event.get("timestamp")) / 1000
    except (TypeError, ValueError):
        return None


def plain_steps(events: list[dict] | None, run_status: str, now: float | None = None) -> tuple[Step, ...]:
    """The report's steps (pipeline/publish/report_steps.py, in their order) from the run's log: the
    line each step writes when it starts and when it is done (with what it counted), and the progress
    lines in between ('writing the Word document: 2,150 of 4,300 activities'). A step under way when
    the run failed is 'Failed'; a step never reached in a run that ended is 'Not done'."""
    now = time.time() if now is None else now
    ended = run_status in FINISHED
    started: dict[str, float | None] = {}
    done: dict[str, tuple[float | None, str]] = {}
    progress: dict[str, str] = {}
    current = ""
    for event in events or ():
        if event.get("__typename") != "LogMessageEvent" or event.get("level") != "INFO":
            continue
        message = event.get("message") or ""
        line = read_line(message)
        if line is None:
            if current and current not in done:
                progress[current] = message.split(": ", 1)[1] if ": " in message else message
            continue
        key, what, counted = line
        if what == "started":
            started[key], current = _seconds(event), key
        else:
            done[key] = (_seconds(event), counted)
    steps = []
    for key, label in STEPS:
        if key in done:
            end, counted = done[key]
            start = started.get(key)
            steps.append(Step(key, label, "done", end - start if start and end else None, counted))
        elif key in started:
            start = started[key]
            state = ("failed" if run_status == "FAILURE" else "skipped") if ended else "running"
            steps.append(Step(key, label, state, now - start if start and not ended else None,
                              progress.get(key, "") if state == "running" else ""))
        else:
            steps.append(Step(key, label, "skipped" if ended else "waiting"))
    return tuple(steps)


RUN_QUERY = """
query PortalRun($runId: ID!) {
  runOrError(runId: $runId) {
    __typename
    ... on Run {
      runId
      jobName
      status
      creationTime
      startTime
      endTime
      tags { key value }
      eventConnection(limit: 2000) {
        events {
          __typename
          ... on ExecutionStepFailureEvent {
            stepKey
            message
            error { message }
            failureMetadata { description }
          }
          ... on RunFailureEvent { message }
          ... on LogMessageEvent { stepKey message level timestamp }
        }
      }
    }
    ... on RunNotFoundError { message }
    ... on PythonError { message }
  }
}
"""

ACTIVE_RUNS_QUERY = """
query PortalActiveRuns($filter: RunsFilter!) {
  runsOrError(filter: $filter, limit: 5) {
    __typename
    ... on Runs { results { runId status creationTime tags { key value } } }
    ... on PythonError { message }
  }
}
"""


SCHEDULE = "monthly_status_schedule"
MONTHLY_JOB = "monthly_status_refresh"
SCHEDULE_QUERY = """
query PortalSchedule($selector: ScheduleSelector!) {
  scheduleOrError(scheduleSelector: $selector) {
    __typename
    ... on Schedule { scheduleState { status } }
    ... on ScheduleNotFoundError { message }
    ... on PythonError { message }
  }
}
"""
MONTHLY_RUNS_QUERY = """
query PortalMonthlyRuns($filter: RunsFilter!, $limit: Int) {
  runsOrError(filter: $filter, limit: $limit) {
    __typename
    ... on Runs { results { runId status endTime tags { key value } } }
    ... on PythonError { message }
  }
}
"""


class DagsterUnavailable(Exception):
    """Dagster's webserver does not answer; the message says how to start it."""


@dataclass(frozen=True)
class RunState:
    run_id: str
    status: str  # Dagster's run status: QUEUED, STARTED, SUCCESS, FAILURE, ...
    meeting: str = ""
    as_of: str = ""
    failure: str = ""  # the pipeline's own words when it failed
    steps: tuple[Step, ...] = field(default_factory=lambda: plain_steps([], "QUEUED"))
    created: float | None = None  # when it was asked for, seconds since 1970
    ended: float | None = None
    languages: tuple[str, ...] = ("en",)  # the languages asked for (the run's tag)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def words(self) -> str:
        return STATUS_WORDS.get(self.status, self.status.capitalize())

    @property
    def elapsed(self) -> str:
        """Time since the report was asked for (until it ended)."""
        if self.created is None:
            return ""
        return elapsed_words((self.ended or time.time()) - self.created)

    def as_json(self) -> dict:
        return {"run_id": self.run_id, "status": self.status, "words": self.words, "finished": self.finished,
                "failure": self.failure, "elapsed": self.elapsed, "steps": [s.as_json() for s in self.steps]}


def how_to_start(url: str) -> str:
    return (f"The report service is not running, so no report can be made just now (reports already made can "
            f"still be downloaded). For the administrator: start it together with this page with "
            f"`stc-report up`, or on its own with `dagster dev -w workspace.yaml` in the project folder "
            f"(expected at {url}), then reload this page.")


class DagsterLink:
    def __init__(self, url: str, headers: dict[str, str] | None = None, timeout: float = 30):
        parts = urlsplit(url if "//" in url else f"http://{url}")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"'{url}' is not a web address such as http://127.0.0.1:3000")
        self.url = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
        self._hostname = parts.hostname
        self._port = parts.port
        self._https = parts.scheme == "https"
        self._prefix = parts.path.rstrip("/")
        self._headers = headers or {}
        self._timeout = timeout
        self._launch_lock = threading.Lock()

    # --- plumbing ------------------------------------------------------------------
    def _client(self):
        from dagster_graphql import DagsterGraphQLClient

        return DagsterGraphQLClient(self._hostname, port_number=self._port, use_https=self._https,
                                    headers=self._headers, path_prefix=self._prefix, timeout=int(self._timeout))

    def _graphql(self, query: str, variables: dict) -> dict:
        try:
            answer = requests.post(f"{self.url}/graphql", json={"query": query, "variables": variables},
                                   headers=self._headers, timeout=self._timeout)
            answer.raise_for_status()
            body = answer.json()
        except (requests.ConnectionError, requests.Timeout):
            raise DagsterUnavailable(how_to_start(self.url)) from None
        except (requests.RequestException, ValueError) as error:
            raise DagsterUnavailable(
                f"The report service at {self.url} did not answer as expected ({error}).") from None
        if body.get("errors"):
            raise DagsterUnavailable(f"The report service at {self.url} refused a question: "
                                     f"{body['errors'][0].get('message')}")
        return body["data"]

    def reachable(self) -> bool:
        try:
            return requests.get(f"{self.url}/server_info", headers=self._headers, timeout=2).ok
        except requests.RequestException:
            return False

    # --- what the portal asks ------------------------------------------------------
    def active_runs(self, meeting: str, as_of: date, languages: tuple[str, ...] = ("en",)) -> list[str]:
        """Queued or running meeting_report runs for this meeting, date and languages, newest first."""
        data = self._graphql(ACTIVE_RUNS_QUERY, {"filter": {
            "pipelineName": JOB,
            "statuses": ACTIVE,
            "tags": [{"key": "meeting", "value": meeting}, {"key": "as_of", "value": as_of.isoformat()},
                     {"key": "languages", "value": ",".join(languages)}],
        }})
        runs = data["runsOrError"]
        if runs["__typename"] != "Runs":
            raise DagsterUnavailable(
                f"The report service could not list its reports under way: {runs.get('message', '')}")
        now = time.time()  # a run whose process is gone is not under way: the report can be made again
        return [r["runId"] for r in runs["results"]
                if not why_dead(r["status"], _tags(r), r.get("creationTime"), now)]

    def submit(self, meeting: str, as_of: date, languages: tuple[str, ...] = ("en",)) -> str:
        from dagster_graphql import DagsterGraphQLClientError

        request = ReportRequest(meeting=meeting, as_of=as_of, languages=tuple(languages))
        run_config = {"resources": {REQUEST_RESOURCE: {"config": request.config()}}}
        tags = {"meeting": meeting, "as_of": as_of.isoformat(), "started_from": "portal",
                "languages": ",".join(languages)}
        try:
            return self._client().submit_job_execution(
                JOB, repository_location_name=LOCATION, repository_name=REPOSITORY, run_config=run_config, tags=tags)
        except DagsterGraphQLClientError as error:
            if "connecting to url" in str(error):
                raise DagsterUnavailable(how_to_start(self.url)) from None
            raise DagsterUnavailable(f"The report service did not start the report: "
                                     f"{error.args[0] if error.args else error}"
                                     f"{': ' + str(error.body) if getattr(error, 'body', None) else ''}") from None

    def launch(self, meeting: str, as_of: date, languages: tuple[str, ...] = ("en",)) -> tuple[str, bool]:
        """(run id, True) for a new run; (run id, False) when one for this meeting, date and languages
        is under way."""
        with self._launch_lock:
            under_way = self.active_runs(meeting, as_of, languages)
            if under_way:
                return under_way[0], False
            return self.submit(meeting, as_of, languages), True

    def run_state(self, run_id: str) -> RunState | None:
        """The run's status and, when it failed, the pipeline's plain description; None: no such run."""
        result = self._graphql(RUN_QUERY, {"runId": run_id})["runOrError"]
        if result["__typename"] == "RunNotFoundError":
            return None
        if result["__typename"] != "Run":
            raise DagsterUnavailable(f"The report service could not say how report {run_id[:8]} is going: "
                                     f"{result.get('message', '')}")
        tags = _tags(result)
        status = result["status"]
        failure = _failure_text(result["eventConnection"]["events"]) if status == "FAILURE" else ""
        dead = why_dead(status, tags, result.get("creationTime"), time.time())
        if dead:  # shown failed at once; the Dagster daemon's sensor records it so within 30 seconds
            status, failure = "FAILURE", dead
        return RunState(run_id, status, tags.get("meeting", ""), tags.get("as_of", ""), failure,
                        plain_steps(result["eventConnection"]["events"], status),
                        result.get("creationTime"), result.get("endTime"),
                        tuple(tags.get("languages", "en").split(",")))

    def schedule_on(self, name: str = SCHEDULE) -> bool | None:
        """Whether the monthly schedule is turned on; None when Dagster cannot say."""
        try:
            data = self._graphql(SCHEDULE_QUERY, {"selector": {
                "repositoryLocationName": LOCATION, "repositoryName": REPOSITORY, "scheduleName": name}})
        except DagsterUnavailable:
            return None
        found = data.get("scheduleOrError") or {}
        if found.get("__typename") != "Schedule":
            return None
        return (found.get("scheduleState") or {}).get("status") == "RUNNING"

    def last_monthly_runs(self, limit: int = 1) -> list[dict] | None:
        """The latest monthly refresh runs {runId, status, partition, ended}; None when Dagster cannot say."""
        try:
            data = self._graphql(MONTHLY_RUNS_QUERY, {"filter": {"pipelineName": MONTHLY_JOB}, "limit": limit})
        except DagsterUnavailable:
            return None
        runs = data.get("runsOrError") or {}
        if runs.get("__typename") != "Runs":
            return None
        return [{"runId": r["runId"], "status": r["status"], "ended": r.get("endTime"),
                 "partition": {t["key"]: t["value"] for t in r.get("tags") or []}.get("dagster/partition", "")}
                for r in runs["results"]]


def _tags(run: dict) -> dict[str, str]:
    return {t["key"]: t["value"] for t in run.get("tags") or []}


def _failure_text(events: list[dict]) -> str:
    """The description the pipeline gave (dg.Failure), else the step's error, else the run's message."""
    for event in events:
        if event["__typename"] == "ExecutionStepFailureEvent":
            described = (event.get("failureMetadata") or {}).get("description")
            if described:
                return described.strip()
    for event in events:
        if event["__typename"] == "ExecutionStepFailureEvent" and (event.get("error") or {}).get("message"):
            return event["error"]["message"].strip().splitlines()[0]
    for event in events:
        if event["__typename"] == "RunFailureEvent" and event.get("message"):
            return event["message"].strip()
    return "The report could not be made; the technical details say why (for the administrator)."
