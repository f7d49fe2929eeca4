#!/usr/bin/env bash
# Upgrade the Docker deployment to the project as it is now in this folder (a new release, a
# new Dagster), keeping every report and the run history, as root. The steps, which
# deploy/README.md lists for typing by hand:
#   1. a backup (deploy/backup.sh), to go back to if anything fails;
#   2. the new images (deploy/bring-up.sh --build-only);
#   3. the services stopped, PostgreSQL kept running;
#   4. `dagster instance migrate` in a one-off container of the new image (Dagster's schema);
#   5. the services started again on the new image, and checked healthy.
# Usage: bash deploy/upgrade.sh [BACKUP_FOLDER]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
backup=$(bash "$DEPLOY_DIR/backup.sh" "$@")
bash "$DEPLOY_DIR/bring-up.sh" --build-only
phase "services stopped" compose stop $APP_SERVICES
phase "dagster instance migrate" compose run --rm --no-deps stc_report_code dagster instance migrate
phase "docker-compose up -d" compose up -d --no-build
phase "waiting until healthy" wait_healthy "${STC_HEALTH_TIMEOUT:-300}" || die "the stack did not become healthy; to go back: bash deploy/restore.sh $backup"
say "upgraded; the backup made before: $backup"
