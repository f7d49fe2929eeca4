#!/usr/bin/env bash
# The stack's docker-compose with its project name, file and env file filled in, e.g.
#   bash deploy/compose.sh ps          bash deploy/compose.sh logs -f stc_report_daemon
#   bash deploy/compose.sh restart     bash deploy/compose.sh down   (volumes stay)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
compose "$@"
