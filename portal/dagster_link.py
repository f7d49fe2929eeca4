"""Talk to the running Dagster webserver through its own GraphQL API.

Runs are launched with `dagster_graphql.DagsterGraphQLClient`, so they are queued,
launched and recorded by Dagster like a run started in its UI. A second request for
the same meeting and date while one is queued or running gets that run back instead
of starting another (a lock in this process plus Dagster's own run list, by tags).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import requests

JOB = "meeting_report"
LOCATION = "stc_report"  # workspace.yaml's location_name
REPOSITORY = "__repository__"  # the repository a Definitions object becomes
ACTIVE = ["QUEUED", "NOT_STARTED", "STARTING", "STARTED"]
FINISHED = {"SUCCESS", "FAILURE", "CANCELED"}
STATUS_WORDS = {
    "QUEUED": "Waiting in Dagster's queue",
    "NOT_STARTED": "Waiting to start",
    "STARTING": "Starting",
    "STARTED": "Running",
    "SUCCESS": "Finished",
    "FAILURE": "Failed",
    "CANCELING": "Being cancelled",
    "CANCELED": "Cancelled",
}

RUN_QUERY = """
query PortalRun($runId: ID!) {
  runOrError(runId: $runId) {
    __typename
    ... on Run {
      runId
      jobName
      status
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
    ... on Runs { results { runId status } }
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

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def words(self) -> str:
        return STATUS_WORDS.get(self.status, self.status.capitalize())


def how_to_start(url: str) -> str:
    return (f"Dagster is not running at {url}. Start it together with this page with "
            f"`stc-report up`, or on its own with `dagster dev -w workspace.yaml` in the project folder, "
            f"then reload this page.")


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

    def run_url(self, run_id: str) -> str:
        return f"{self.url}/runs/{run_id}"

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
            raise DagsterUnavailable(f"Dagster at {self.url} did not answer as expected ({error}).") from None
        if body.get("errors"):
            raise DagsterUnavailable(f"Dagster at {self.url} refused a query: {body['errors'][0].get('message')}")
        return body["data"]

    def reachable(self) -> bool:
        try:
            return requests.get(f"{self.url}/server_info", headers=self._headers, timeout=2).ok
        except requests.RequestException:
            return False

    # --- what the portal asks ------------------------------------------------------
    def active_runs(self, meeting: str, as_of: date) -> list[str]:
        """Queued or running meeting_report runs for this meeting and date, newest first."""
        data = self._graphql(ACTIVE_RUNS_QUERY, {"filter": {
            "pipelineName": JOB,
            "statuses": ACTIVE,
            "tags": [{"key": "meeting", "value": meeting}, {"key": "as_of", "value": as_of.isoformat()}],
        }})
        runs = data["runsOrError"]
        if runs["__typename"] != "Runs":
            raise DagsterUnavailable(f"Dagster could not list its runs: {runs.get('message', '')}")
        return [r["runId"] for r in runs["results"]]

    def submit(self, meeting: str, as_of: date) -> str:
        from dagster_graphql import DagsterGraphQLClientError

        run_config = {"ops": {"activity_status": {"config": {"meeting": meeting, "as_of": as_of.isoformat()}}}}
        tags = {"meeting": meeting, "as_of": as_of.isoformat(), "started_from": "portal"}
        try:
            return self._client().submit_job_execution(
                JOB, repository_location_name=LOCATION, repository_name=REPOSITORY, run_config=run_config, tags=tags)
        except DagsterGraphQLClientError as error:
            if "connecting to url" in str(error):
                raise DagsterUnavailable(how_to_start(self.url)) from None
            raise DagsterUnavailable(f"Dagster did not start the run: {error.args[0] if error.args else error}"
                                     f"{': ' + str(error.body) if getattr(error, 'body', None) else ''}") from None

    def launch(self, meeting: str, as_of: date) -> tuple[str, bool]:
        """(run id, True) for a new run; (run id, False) when one for this meeting and date is under way."""
        with self._launch_lock:
            under_way = self.active_runs(meeting, as_of)
            if under_way:
                return under_way[0], False
            return self.submit(meeting, as_of), True

    def run_state(self, run_id: str) -> RunState | None:
        """The run's status and, when it failed, the pipeline's plain description; None: no such run."""
        result = self._graphql(RUN_QUERY, {"runId": run_id})["runOrError"]
        if result["__typename"] == "RunNotFoundError":
            return None
        if result["__typename"] != "Run":
            raise DagsterUnavailable(f"Dagster could not read run {run_id}: {result.get('message', '')}")
        tags = {t["key"]: t["value"] for t in result.get("tags") or []}
        failure = _failure_text(result["eventConnection"]["events"]) if result["status"] == "FAILURE" else ""
        return RunState(run_id, result["status"], tags.get("meeting", ""), tags.get("as_of", ""), failure)


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
    return "The run failed; Dagster's page for the run says why."
