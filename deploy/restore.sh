#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into the Docker deployment on this host, as root:
# the stack (new or existing) gets exactly the backup's database, outputs and inputs; what was
# there before is replaced. Usage: bash deploy/restore.sh FOLDER
#   1. the images must exist (bash deploy/bring-up.sh --build-only on a new host);
#   2. PostgreSQL is started alone, the other services are stopped;
#   3. Dagster's database is dropped and re-created from dagster.dump (pg_restore);
#   4. the outputs and inputs volumes are emptied and filled from their tar files;
#   5. everything is started again and checked healthy.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
folder=${1:?usage: bash deploy/restore.sh FOLDER (made by deploy/backup.sh)}
folder=$(cd "$folder" && pwd)
for part in dagster.dump outputs.tar.gz inputs.tar.gz; do
  [ -s "$folder/$part" ] || die "$folder/$part is missing: not a backup made by deploy/backup.sh"
done
docker image inspect stc_report_image stc_report_postgresql >/dev/null 2>&1 \
  || die "the images are missing: bash deploy/bring-up.sh --build-only first"

compose up --no-start >/dev/null 2>&1   # the network, the volumes and the containers, none started
compose stop $APP_SERVICES >/dev/null 2>&1
compose up -d --no-deps stc_report_postgresql >/dev/null 2>&1
waited=0
until [ "$(health stc_report_postgresql)" = healthy ]; do
  [ $waited -lt 120 ] || die "PostgreSQL did not start (docker logs stc_report_postgresql)"
  sleep 2; waited=$((waited + 2))
done

database() {
  docker exec stc_report_postgresql sh -c \
    'dropdb -U "$POSTGRES_USER" --if-exists --force "$POSTGRES_DB" && createdb -U "$POSTGRES_USER" "$POSTGRES_DB"'
  docker exec -i stc_report_postgresql sh -c \
    'pg_restore -U "$POSTGRES_USER" -d "$POSTGRES_DB" --no-owner --exit-on-error' < "$folder/dagster.dump"
}
phase "pg_restore of Dagster's database" database

unpack() {
  docker run --rm --user 0 --entrypoint sh -v "$1:/volume" -v "$folder:/backup:ro" stc_report_image -c \
    "find /volume -mindepth 1 -delete && tar --numeric-owner -C /volume -xzpf /backup/$2"
}
phase "outputs volume from outputs.tar.gz" unpack stc_report_outputs outputs.tar.gz
phase "inputs volume from inputs.tar.gz" unpack stc_report_inputs inputs.tar.gz

phase "docker-compose up -d" compose up -d --no-build
phase "waiting until healthy" wait_healthy "${STC_HEALTH_TIMEOUT:-300}" || die "the stack did not become healthy"
say "restored from $folder"
