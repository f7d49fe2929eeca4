# Shared by the deploy/*.sh scripts (sourced, not run): where things are, the compose command
# of this host, and waiting for the stack to be healthy. Settings (environment):
#   STC_ENV_FILE   the passwords and the token (default deploy/.env, from deploy/env.example)
#   STC_BASE       the base image (default stc-base:bookworm, made by deploy/base-image.sh)
DEPLOY_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(dirname "$DEPLOY_DIR")
STC_ENV_FILE=${STC_ENV_FILE:-$DEPLOY_DIR/.env}
STC_BASE=${STC_BASE:-stc-base:bookworm}
STC_PROJECT=stc_report  # the compose project: the same containers whichever folder this is in
APP_SERVICES="stc_report_code stc_report_webserver stc_report_daemon stc_report_portal"

say() { printf '[%s %s] %s\n' "$(date -u +%H:%M:%S)" "$(basename "$0" .sh)" "$*" >&2; }
die() { say "ERROR: $*"; exit "${2:-1}"; }

# Run a phase and say how long it took: phase NAME COMMAND...
phase() {
  local name=$1 start=$SECONDS
  shift
  say "$name ..."
  "$@"
  say "$name took $((SECONDS - start)) s"
}

# Debian's docker-compose (1.29), or the compose plugin of a newer Docker.
compose() {
  [ -f "$STC_ENV_FILE" ] || die "no $STC_ENV_FILE: copy deploy/env.example there and set its values"
  local command
  if command -v docker-compose >/dev/null 2>&1; then command=(docker-compose)
  elif docker compose version >/dev/null 2>&1; then command=(docker compose)
  else die "neither docker-compose nor the compose plugin is installed (apt-get install docker-compose)"
  fi
  "${command[@]}" -p "$STC_PROJECT" -f "$DEPLOY_DIR/docker-compose.yml" --env-file "$STC_ENV_FILE" "$@"
}

# A container's health ("healthy", "starting", "unhealthy", "none" without a healthcheck, "" when absent).
health() {
  docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$1" 2>/dev/null || true
}

# Wait until every service with a health check is healthy (and the daemon runs), at most $1 seconds.
wait_healthy() {
  local limit=${1:-300} deadline=$((SECONDS + ${1:-300})) name state waiting
  while :; do
    waiting=""
    for name in stc_report_postgresql $APP_SERVICES; do
      state=$(health "$name")
      case "$state" in
        healthy) ;;
        none) [ "$(docker inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" = true ] || waiting="$waiting $name" ;;
        *) waiting="$waiting $name($state)" ;;
      esac
    done
    [ -z "$waiting" ] && return 0
    if [ $SECONDS -ge $deadline ]; then
      say "not healthy after ${limit} s:$waiting"
      for name in $waiting; do docker logs --tail 30 "${name%%(*}" 2>&1 | sed "s/^/  ${name%%(*}: /" >&2 || true; done
      return 1
    fi
    sleep 2
  done
}

# The running run containers (DockerRunLauncher labels each with its run id).
running_runs() { docker ps -q --filter label=dagster/run_id; }
