#!/usr/bin/env bash
# Stop and remove the Docker deployment's containers, as root; the images stay.
#   bash deploy/tear-down.sh             containers gone; the volumes (reports, history) stay
#   bash deploy/tear-down.sh --volumes   the volumes too: every report and the run history are
#                                        DELETED (make a backup first: deploy/backup.sh)
# The finished runs' containers (DockerRunLauncher keeps them, labelled dagster/run_id) are
# removed too: they use the volumes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
volumes=""
case "${1:-}" in
  --volumes) volumes=-v ;;
  "") ;;
  *) die "usage: bash deploy/tear-down.sh [--volumes]" 2 ;;
esac
docker info >/dev/null 2>&1 || { say "Docker is not running: nothing to tear down"; exit 0; }
runs=$(docker ps -aq --filter label=dagster/run_id)
[ -z "$runs" ] || docker rm -f $runs >/dev/null
compose down --remove-orphans $volumes
