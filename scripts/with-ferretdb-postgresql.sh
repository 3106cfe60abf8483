#!/usr/bin/env bash
# Runs a command against a throwaway FerretDB on the local PostgreSQL (the second backend the
# test suites are checked on): creates a database, starts FerretDB with its PostgreSQL handler on
# a free loopback port, runs "$@" with PUENTE_TEST_MONGODB_URI pointing at it, then stops
# FerretDB and drops the database, whatever the command's outcome.
# Usage: scripts/with-ferretdb-postgresql.sh npx mocha --config .mocharc.second-backend.yml
# Needs: PostgreSQL on PG_HOST:PG_PORT (default 127.0.0.1:5432) accepting PG_USER (default the
# current user, trust auth), psql, and the FerretDB binary: STORE_BIN, else the one
# `npx puente build-store` finds or builds (and prints).
set -euo pipefail
cd "$(dirname "$0")/.."

PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
PG_USER="${PG_USER:-$(id -un)}"
FERRETDB_BIN="${STORE_BIN:-$(npx tsx server/cli/main.ts build-store | tail -n 1)}"
[ -x "$FERRETDB_BIN" ] || { echo "no FerretDB binary (npx puente build-store found none)" >&2; exit 1; }

DB="puente_ci_$$_$(date +%s)"
STATE_DIR="$(mktemp -d "${TMPDIR:-/tmp}/puente-ferretdb-pg.XXXXXX")"
PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
psql_admin() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

FERRET_PID=""
cleanup() {
  if [ -n "$FERRET_PID" ] && kill -0 "$FERRET_PID" 2>/dev/null; then
    kill "$FERRET_PID" 2>/dev/null || true
    wait "$FERRET_PID" 2>/dev/null || true
  fi
  psql_admin -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$STATE_DIR"
}
trap cleanup EXIT INT TERM

psql_admin -c "CREATE DATABASE \"$DB\"" >/dev/null
"$FERRETDB_BIN" --handler=postgresql \
  --postgresql-url="postgres://$PG_USER@$PG_HOST:$PG_PORT/$DB" \
  --listen-addr="127.0.0.1:$PORT" --state-dir="$STATE_DIR" --debug-addr=- \
  --telemetry=disable --log-level=warn --log-format=json >"$STATE_DIR/ferretdb.log" 2>&1 &
FERRET_PID=$!

for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
  kill -0 "$FERRET_PID" 2>/dev/null || { cat "$STATE_DIR/ferretdb.log" >&2; exit 1; }
  sleep 0.1
done

echo "FerretDB ($FERRETDB_BIN) on PostgreSQL database $DB at 127.0.0.1:$PORT" >&2
status=0
started=$SECONDS
# PUENTE_TEST_POSTGRESQL_URL: for suites that run a FerretDB of their own on a database of their
# own on this PostgreSQL, to stop and restart it (test/helpers/ownStore.ts).
# PUENTE_TEST_FERRETDB_POSTGRESQL_URL: the database this FerretDB keeps its tables in, for suites
# that look at them (test/integration/storePostgresqlIndexes.test.ts).
PUENTE_TEST_MONGODB_URI="mongodb://127.0.0.1:$PORT/" PUENTE_TEST_POSTGRESQL_URL="postgres://$PG_USER@$PG_HOST:$PG_PORT" \
  PUENTE_TEST_FERRETDB_POSTGRESQL_URL="postgres://$PG_USER@$PG_HOST:$PG_PORT/$DB" "$@" || status=$?
echo "FerretDB on PostgreSQL: the command took $((SECONDS - started)) s and exited $status" >&2
exit "$status"
