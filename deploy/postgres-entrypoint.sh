#!/bin/sh
# Start PostgreSQL from the data volume; on the first start (an empty volume), create the
# cluster, the user and the database named by POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB.
set -eu
: "${POSTGRES_USER:?}" "${POSTGRES_PASSWORD:?}" "${POSTGRES_DB:?}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  password_file=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$password_file"
  initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$password_file" -E UTF8 --locale=C.UTF-8 \
         --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  rm -f "$password_file"
  # other containers (the network of docker-compose.yml) connect with the password
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  # `docker exec` as the postgres user (backups) connects through the socket as POSTGRES_USER
  sed -i "s/^local *all *all *peer\$/local all all trust/" "$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  if [ "$POSTGRES_DB" != postgres ]; then
    createdb -U "$POSTGRES_USER" -O "$POSTGRES_USER" "$POSTGRES_DB"
  fi
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "postgres-entrypoint: created database $POSTGRES_DB for $POSTGRES_USER"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*'
