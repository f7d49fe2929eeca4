#!/usr/bin/env bash
# Back up the Docker deployment, as root on the Docker host, while it runs:
#   dagster.dump     Dagster's database (runs, their events and logs, schedules), pg_dump's custom
#                    format, made inside the PostgreSQL container
#   outputs.tar.gz   the outputs volume: every meeting's reports, snapshots/ (the monthly history),
#                    choices.json (sent to the Committee, hidden), imports/, run records
#   inputs.tar.gz    the inputs volume: the input workbooks as they are now
#   backup.txt       when, which images, which Dagster
# Usage: bash deploy/backup.sh [FOLDER]   (default /var/backups/stc-report/<date>_<time>)
# It waits (at most STC_BACKUP_WAIT seconds, default 600) until no report run is running, so
# the database and the files agree.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
folder=${1:-/var/backups/stc-report/$(date -u +%Y-%m-%d_%H%M%S)}
[ "$(docker inspect -f '{{.State.Running}}' stc_report_postgresql 2>/dev/null)" = true ] \
  || die "stc_report_postgresql is not running: start the stack first (bash deploy/bring-up.sh --no-build)"
mkdir -p "$folder"
folder=$(cd "$folder" && pwd)

deadline=$((SECONDS + ${STC_BACKUP_WAIT:-600}))
while [ -n "$(running_runs)" ]; do
  [ $SECONDS -lt $deadline ] || die "report runs are still running; try again when they have finished"
  say "waiting for running report runs to finish ..."
  sleep 5
done

dump() {
  docker exec stc_report_postgresql sh -c 'pg_dump -U "$POSTGRES_USER" -d "$POSTGRES_DB" -Fc' > "$folder/dagster.dump.part"
  mv "$folder/dagster.dump.part" "$folder/dagster.dump"
}
phase "pg_dump of Dagster's database" dump

# A volume into a tar file, numeric owners kept, by a throwaway container of the product's image.
archive() {
  docker run --rm --user 0 --entrypoint tar -v "$1:/volume:ro" -v "$folder:/backup" stc_report_image \
    --numeric-owner -C /volume -czf "/backup/$2.part" .
  mv "$folder/$2.part" "$folder/$2"
}
phase "tar of the outputs volume" archive stc_report_outputs outputs.tar.gz
phase "tar of the inputs volume" archive stc_report_inputs inputs.tar.gz

{
  echo "made: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "stc_report_image: $(docker image inspect -f '{{.Id}}' stc_report_image)"
  echo "dagster: $(docker exec stc_report_code dagster --version 2>/dev/null || echo unknown)"
} > "$folder/backup.txt"
ls -l "$folder" | sed 1d >&2
say "backup in $folder"
echo "$folder"
