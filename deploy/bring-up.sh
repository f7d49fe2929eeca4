#!/usr/bin/env bash
# Start the Docker deployment on this host, from nothing, as root; safe to run again:
#   1. Docker: installs Debian's docker.io, docker-compose and debootstrap if missing, and starts
#      the Docker daemon if it does not answer (systemd where it runs, else dockerd in the background);
#   2. the base image stc-base:bookworm from Debian's packages, if missing (deploy/base-image.sh);
#   3. the images stc_report_image (deploy/Dockerfile) and stc_report_postgresql;
#   4. `docker-compose up -d`, then waits until every service is healthy.
# Exit status 77: Docker cannot run on this host (the reason is printed).
# Options: --build-only (steps 1-3), --no-build (steps 1 and 4).
# Settings: STC_ENV_FILE (default deploy/.env), STC_BASE (e.g. python:3.11-slim where a registry
# is reachable), STC_WITH_PDF (yes/no, default yes), STC_HEALTH_TIMEOUT (seconds, default 300),
# PIP_INDEX_URL / PIP_EXTRA_INDEX_URL (default: what this host's pip uses).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
build=yes up=yes
case "${1:-}" in
  --build-only) up=no ;;
  --no-build) build=no ;;
  "") ;;
  *) die "usage: bash deploy/bring-up.sh [--build-only | --no-build]" 2 ;;
esac
[ "$(id -u)" = 0 ] || die "run as root (Docker, and apt-get for what is missing)" 77

install_missing() {
  local missing=""
  command -v dockerd >/dev/null 2>&1 || missing="$missing docker.io"
  command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || missing="$missing docker-compose"
  if [ "$STC_BASE" = stc-base:bookworm ] && ! command -v debootstrap >/dev/null 2>&1; then missing="$missing debootstrap"; fi
  [ -z "$missing" ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "install$missing first (no apt-get here)" 77
  say "installing$missing"
  DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null || die "could not install$missing" 77
}

start_docker() {
  docker info >/dev/null 2>&1 && return 0
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    systemctl start docker || true
  fi
  if ! docker info >/dev/null 2>&1 && ! pgrep -x dockerd >/dev/null; then
    say "starting dockerd (its messages: /var/log/stc-dockerd.log)"
    nohup dockerd >>/var/log/stc-dockerd.log 2>&1 </dev/null &
    echo $! > /run/stc-dockerd.pid  # so that the one who asked for it (.ci/docker-stage) can stop it
  fi
  local i
  for i in $(seq 60); do docker info >/dev/null 2>&1 && return 0; sleep 1; done
  tail -15 /var/log/stc-dockerd.log >&2 2>/dev/null || true
  die "the Docker daemon did not start within 60 s (see above)" 77
}

# The certificate authorities this host's pip trusts beyond Debian's own list (a proxy that
# re-signs HTTPS), copied for the build stage only (deploy/Dockerfile, deploy/build-ca/).
copy_build_cas() {
  local cert
  rm -f "$DEPLOY_DIR"/build-ca/*.crt
  for cert in /usr/local/share/ca-certificates/*.crt /usr/local/share/ca-certificates/*/*.crt; do
    [ -f "$cert" ] && cp "$cert" "$DEPLOY_DIR/build-ca/host-$(basename "$cert")"
  done
  cert=${PIP_CERT:-$(pip3 config get global.cert 2>/dev/null || true)}
  if [ -n "$cert" ] && [ -f "$cert" ] && [ "$cert" != /etc/ssl/certs/ca-certificates.crt ]; then
    cp "$cert" "$DEPLOY_DIR/build-ca/pip-cert.crt"
  fi
  return 0
}

# pip's index as this host's pip has it (file:// indexes on this host's disk cannot be used in a build).
pip_setting() {
  local value
  value=${!1:-$(pip3 config get "global.$2" 2>/dev/null || true)}
  printf '%s\n' $value | grep -v '^file:' | paste -sd' ' - || true
}

# Run a command with its output in /var/log/stc-NAME.log; on failure, show its end.
logged() {
  local log=/var/log/stc-$1.log
  shift
  "$@" >"$log" 2>&1 || { tail -40 "$log" >&2; die "failed: $* (log: $log)"; }
}

build_images() {
  if ! docker image inspect "$STC_BASE" >/dev/null 2>&1; then
    if [ "$STC_BASE" = stc-base:bookworm ]; then
      bash "$DEPLOY_DIR/base-image.sh" "$STC_BASE"
    else
      phase "docker pull $STC_BASE" docker pull "$STC_BASE"
    fi
  fi
  copy_build_cas
  local index extra
  index=$(pip_setting PIP_INDEX_URL index-url)
  extra=$(pip_setting PIP_EXTRA_INDEX_URL extra-index-url)
  # the build stage tagged too, so that removing dangling images keeps its cache for the next build
  phase "docker build stc_report_image:build (the build stage)" logged build-stage docker build \
    -f "$DEPLOY_DIR/Dockerfile" --target build -t stc_report_image:build --build-arg BASE="$STC_BASE" \
    --build-arg PIP_INDEX_URL="$index" --build-arg PIP_EXTRA_INDEX_URL="$extra" "$PROJECT_DIR"
  phase "docker build stc_report_image" logged build-image docker build -f "$DEPLOY_DIR/Dockerfile" \
    -t stc_report_image --build-arg BASE="$STC_BASE" --build-arg WITH_PDF="${STC_WITH_PDF:-yes}" \
    --build-arg PIP_INDEX_URL="$index" --build-arg PIP_EXTRA_INDEX_URL="$extra" "$PROJECT_DIR"
  phase "docker build stc_report_postgresql" logged build-postgresql docker build -f "$DEPLOY_DIR/Dockerfile.postgres" \
    -t stc_report_postgresql --build-arg BASE="$STC_BASE" "$DEPLOY_DIR"
  rm -f "$DEPLOY_DIR"/build-ca/*.crt
  docker image prune -f >/dev/null  # the build stages and the images this build replaced
  say "stc_report_image: $(docker image inspect -f '{{.Size}}' stc_report_image | awk '{printf "%.0f MB", $1/1e6}')," \
      "stc_report_postgresql: $(docker image inspect -f '{{.Size}}' stc_report_postgresql | awk '{printf "%.0f MB", $1/1e6}')"
}

start_stack() {
  phase "docker-compose up -d" compose up -d --no-build
  phase "waiting until healthy" wait_healthy "${STC_HEALTH_TIMEOUT:-300}" || die "the stack did not become healthy"
  say "the staff page: $(docker port stc_report_portal 8338/tcp | head -1)" \
      "(any user name; the password: STC_PORTAL_TOKEN in $STC_ENV_FILE)"
}

docker_ready() { install_missing; start_docker; }
phase "Docker installed and running" docker_ready
[ $build = yes ] && build_images
[ $up = yes ] && start_stack
exit 0
