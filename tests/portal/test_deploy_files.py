"""The deploy/ folder: YAML that parses, instance configs Dagster accepts, a compose file with
the services of Dagster's Docker deployment and the portal, wired to the same names.
The images are built and the stack started by tests/deploy/test_docker_deployment.py (the CI's Docker stage).)"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from portal.dagster_link import LOCATION
from tests.conftest import PROJECT

DEPLOY = PROJECT / "deploy"


@pytest.mark.parametrize("name", ["dagster.yaml", "dagster-docker.yaml", "workspace.yaml", "docker-compose.yml"])
def test_yaml_files_parse(name):
    assert isinstance(yaml.safe_load((DEPLOY / name).read_text("utf-8")), dict)


@pytest.mark.parametrize("name", ["dagster.yaml", "dagster-docker.yaml"])
def test_instance_configs_pass_dagsters_own_validation(name, tmp_path, monkeypatch):
    from dagster._core.instance.config import dagster_instance_config

    for var in ("HOST", "USER", "PASSWORD", "DB"):
        monkeypatch.setenv(f"DAGSTER_POSTGRES_{var}", "x")
    monkeypatch.setenv("DAGSTER_POSTGRES_PORT", "5432")
    shutil.copy(DEPLOY / name, tmp_path / "dagster.yaml")
    config, _ = dagster_instance_config(str(tmp_path))
    assert config["storage"]["postgres"]["postgres_db"]["scheme"] == "postgresql+psycopg2"
    assert config["run_coordinator"]["class"] == "QueuedRunCoordinator"
    assert config["run_coordinator"]["config"]["max_concurrent_runs"] >= 1
    assert config["scheduler"]["class"] == "DagsterDaemonScheduler"
    assert config["telemetry"]["enabled"] is False
    assert config["nux"]["enabled"] is False  # no "Join the Dagster community" pop-up


def test_docker_deployment_follows_dagsters_example():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text("utf-8"))
    services = compose["services"]
    assert set(services) == {"stc_report_postgresql", "stc_report_code", "stc_report_webserver",
                             "stc_report_daemon", "stc_report_portal"}
    code = services["stc_report_code"]
    assert code["environment"]["DAGSTER_CURRENT_IMAGE"] == code["image"]
    assert services["stc_report_webserver"]["command"][0] == "dagster-webserver"
    assert services["stc_report_daemon"]["command"][:2] == ["dagster-daemon", "run"]
    assert "image" not in str(services["stc_report_postgresql"]["build"])  # Debian's PostgreSQL, no registry image
    assert services["stc_report_postgresql"]["build"]["dockerfile"] == "Dockerfile.postgres"
    assert "/var/run/docker.sock:/var/run/docker.sock" in services["stc_report_daemon"]["volumes"]
    portal = services["stc_report_portal"]
    assert "STC_PORTAL_TOKEN" in portal["environment"]  # it listens on 0.0.0.0: only with the token

    workspace = yaml.safe_load((DEPLOY / "workspace.yaml").read_text("utf-8"))
    server = workspace["load_from"][0]["grpc_server"]
    assert server["host"] == "stc_report_code" and server["location_name"] == LOCATION
    assert f'"-p", "{server["port"]}"' in (DEPLOY / "Dockerfile").read_text("utf-8")  # the code server's port

    instance = yaml.safe_load((DEPLOY / "dagster-docker.yaml").read_text("utf-8"))
    launcher = instance["run_launcher"]
    assert (launcher["module"], launcher["class"]) == ("dagster_docker", "DockerRunLauncher")
    assert launcher["config"]["network"] == compose["networks"]["stc_report_network"]["name"]
    run_volumes = launcher["config"]["container_kwargs"]["volumes"]
    assert "stc_report_outputs:/opt/stc/outputs" in run_volumes  # runs write where the portal reads
    assert "stc_report_outputs:/opt/stc/outputs" in portal["volumes"]
    assert compose["volumes"]["stc_report_outputs"]["name"] == "stc_report_outputs"  # a fixed name: backup.sh
    assert "stc_report_inputs:/opt/stc/inputs:ro" in run_volumes
    assert {"DAGSTER_POSTGRES_PASSWORD", "STC_OUTPUTS_DIR"} <= set(launcher["config"]["env_vars"])


def test_the_image_has_every_package_of_the_product():
    """pyproject's packages are all copied into the image (cli/ once was not: no `stc-report`)."""
    import tomllib

    packages = tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"]
    dockerfile = (DEPLOY / "Dockerfile").read_text("utf-8")
    for pattern in packages["find"]["include"]:
        name = pattern.rstrip("*")
        assert f"COPY {name} ./{name}" in dockerfile, name
    assert "ARG BASE=stc-base:bookworm" in dockerfile and "FROM ${BASE}" in dockerfile


def test_docker_launcher_config_matches_dagster_docker_when_installed():
    dagster_docker = pytest.importorskip("dagster_docker", reason="dagster-docker is only needed on the server")
    from dagster._config import validate_config

    launcher = yaml.safe_load((DEPLOY / "dagster-docker.yaml").read_text("utf-8"))["run_launcher"]
    result = validate_config(dagster_docker.DockerRunLauncher.config_type(), launcher["config"])
    assert result.success, result.errors


def test_the_single_server_services_start_what_the_readme_says():
    units = {p.name: p.read_text("utf-8") for p in (DEPLOY / "systemd").glob("*.service")}
    assert set(units) == {"stc-code-server.service", "stc-dagster-webserver.service", "stc-dagster-daemon.service",
                          "stc-portal.service"}
    assert "dagster-daemon run" in units["stc-dagster-daemon.service"]
    # the webserver and the daemon load the code location from the code server's port, after it
    workspace = yaml.safe_load((DEPLOY / "systemd" / "workspace.yaml").read_text("utf-8"))["load_from"][0]["grpc_server"]
    assert f"stc-report code-server --host {workspace['host']} --port {workspace['port']}" in units[
        "stc-code-server.service"]
    assert workspace["location_name"] == "stc_report"
    for unit in ("stc-dagster-webserver.service", "stc-dagster-daemon.service"):
        assert "-w deploy/systemd/workspace.yaml" in units[unit] and "After=" in units[unit]
        assert "stc-code-server.service" in units[unit].split("After=", 1)[1].split("\n", 1)[0]
    assert "stc-report serve" in units["stc-portal.service"]
    assert all("EnvironmentFile=/etc/stc-report.env" in text for text in units.values())
    env = (DEPLOY / "systemd" / "stc-report.env.example").read_text("utf-8")
    assert "DAGSTER_HOME=" in env and "STC_PORTAL_TOKEN=" in env
    assert Path(DEPLOY / "README.md").is_file()


def test_a_new_dagster_home_has_telemetry_and_the_onboarding_pop_up_off(tmp_path, monkeypatch):
    from dagster._core.instance.config import dagster_instance_config

    from assets.instance import prepare_dagster_home

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    home = prepare_dagster_home()
    config, _ = dagster_instance_config(str(home))
    assert config["telemetry"]["enabled"] is False and config["nux"]["enabled"] is False
