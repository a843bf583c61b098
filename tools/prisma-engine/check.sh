#!/usr/bin/env bash
# Proves the Prisma CLI works through scripts/prisma.js (and so through the schema-engine
# bridge where no native engine is installed) against a PostgreSQL or PGlite database:
# migrate diff|dev|status|reset|deploy, db execute|push, generate and a client round trip.
#
#   DATABASE_URL=postgresql://… [SHADOW_DATABASE_URL=…] tools/prisma-engine/check.sh [--force]
#
# Everything in DATABASE_URL (and SHADOW_DATABASE_URL) is dropped: use a scratch database.
# Unless --force is given, the script wants "check" in the database name and refuses a
# database holding tables other than its own. (PGlite ignores the database name in the
# URL, so postgres://postgres@127.0.0.1:<port>/prisma_check reaches its one database.)
# Without SHADOW_DATABASE_URL the bridge creates and drops a temporary shadow database on
# the same server (needs CREATEDB); PGlite has one database, so give it its shadow URL.
# Exit status 0 when every step passed. PRISMA_BRIDGE_LOG=<file> traces the engine calls.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TEST_DIR="$ROOT/tools/prisma-engine/test"
: "${DATABASE_URL:?set DATABASE_URL to a scratch database}"
export DATABASE_URL
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

cd "$ROOT"

# Refuse to wipe a database that may be someone else's.
if [[ $FORCE == 0 ]]; then
  dbname="$(node -e 'console.log(decodeURIComponent(new URL(process.argv[1]).pathname.slice(1)))' "$DATABASE_URL")"
  if [[ "$dbname" != *check* ]]; then
    echo "check.sh: DATABASE_URL names database '$dbname'; this check drops everything in it, so it wants a scratch database with 'check' in its name (or --force)" >&2
    exit 2
  fi
  foreign=$(node -e '
    const c = new (require("pg").Client)(process.env.DATABASE_URL);
    c.on("error", () => {});
    c.connect()
      .then(() => c.query(`SELECT table_schema || $$.$$ || table_name AS t FROM information_schema.tables
        WHERE table_schema NOT IN ($$pg_catalog$$, $$information_schema$$)
          AND table_name NOT IN ($$_prisma_migrations$$, $$BridgeCheckAuthor$$, $$BridgeCheckPost$$)`))
      .then((r) => { console.log(r.rows.map((x) => x.t).join(" ")); return c.end(); })
      .catch((e) => { if (e.code !== "3D000") { console.error(e.message); process.exit(3); } });
  ') || { echo "check.sh: cannot reach DATABASE_URL" >&2; exit 2; }
  if [[ -n "$foreign" ]]; then
    echo "check.sh: the database holds other tables ($foreign); use a scratch database or --force" >&2
    exit 2
  fi
fi

# A scratch copy of the schema: migrations and the generated client stay out of the repo.
WORK="$(mktemp -d "$TEST_DIR/.run.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
cp "$TEST_DIR/schema.prisma" "$WORK/"
export BRIDGE_CHECK_DIR="$WORK"
OUT="$WORK/out.txt"

prisma() { node "$ROOT/scripts/prisma.js" "$@" --config "$TEST_DIR/prisma.config.ts" </dev/null; }

passed=0
# step NAME EXPECTED_EXIT_CODE [PATTERN…] -- COMMAND…: runs COMMAND; wants that exit code
# and every PATTERN (extended regex) somewhere in its output.
step() {
  local name="$1" want_rc="$2" patterns=() p
  shift 2
  while [[ "$1" != "--" ]]; do patterns+=("$1"); shift; done
  shift
  "$@" >"$OUT" 2>&1
  local rc=$? missing=""
  for p in "${patterns[@]}"; do grep -Eq -- "$p" "$OUT" || missing+=" /$p/"; done
  if [[ $rc != "$want_rc" || -n "$missing" ]]; then
    echo "not ok - $name (exit $rc, wanted $want_rc${missing:+; missing$missing})"
    sed 's/^/    /' "$OUT"
    echo "$passed passed, 1 failed"
    exit 1
  fi
  passed=$((passed + 1))
  echo "ok - $name"
}

# Several statements, a $$ body and data: checks a script runs whole, as one query.
dollar_script() {
  printf '%s\n' \
    'CREATE OR REPLACE FUNCTION bridge_check_answer() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 42; END; $$;' \
    'INSERT INTO "BridgeCheckAuthor" (email) VALUES ('"'"'script@example.org'"'"');' |
    node "$ROOT/scripts/prisma.js" db execute --stdin --config "$TEST_DIR/prisma.config.ts"
}
query() { node -e '
  const c = new (require("pg").Client)(process.env.DATABASE_URL);
  c.connect().then(() => c.query(process.argv[1])).then((r) => { console.log(JSON.stringify(r.rows)); return c.end(); })
    .catch((e) => { console.error(e.message); process.exit(1); });' "$1"; }
migration_sql() { cat "$WORK"/migrations/*_"$1"/migration.sql; }
wipe() { echo 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;' |
  node "$ROOT/scripts/prisma.js" db execute --stdin --config "$TEST_DIR/prisma.config.ts"; }

step "prisma version names a schema engine" 0 "Schema Engine +: schema-engine-cli" -- prisma version
step "migrate reset gives a clean database" 0 "Database reset successful" -- prisma migrate reset --force
step "migrate diff --from-empty --script" 0 'CREATE TABLE "BridgeCheckPost"' -- \
  prisma migrate diff --from-empty --to-schema "$WORK/schema.prisma" --script
step "migrate dev --name init creates and applies a migration" 0 "in sync with your schema" -- \
  prisma migrate dev --name init
step "the init migration has the enum, the Json column and the foreign key" 0 \
  'CREATE TYPE "BridgeCheckStatus"' '"meta" JSONB' 'FOREIGN KEY \("authorId"\)' -- migration_sql init
step "migrate status: up to date" 0 "Database schema is up to date" -- prisma migrate status

# A second migration replays the first on the (wiped) shadow database.
sed -i 's/^  title    String$/  title    String\n  body     String?/' "$WORK/schema.prisma"
step "migrate dev --name add_body (shadow database)" 0 "in sync with your schema" -- \
  prisma migrate dev --name add_body
step "the second migration adds the column" 0 'ADD COLUMN +"body" TEXT' -- migration_sql add_body
step "migrate dev again: nothing to do" 0 "Already in sync" -- prisma migrate dev --name noop

step "migrate reset --force re-applies both migrations" 0 "_add_body" -- prisma migrate reset --force
step "db execute runs a multi-statement script with a \$\$ body" 0 "executed successfully" -- dollar_script
step "the script's function and row exist" 0 '"answer":42,"n":"1"' -- \
  query 'SELECT bridge_check_answer() AS answer, count(*) AS n FROM "BridgeCheckAuthor"'

step "wipe the database with db execute" 0 "executed successfully" -- wipe
step "migrate status: migrations pending" 1 "not yet been applied" -- prisma migrate status
step "migrate deploy applies the migrations" 0 "successfully applied" -- prisma migrate deploy
step "migrate deploy again: nothing pending" 0 "No pending migrations" -- prisma migrate deploy
step "migrate diff from the database: no difference" 0 "No difference detected" -- \
  prisma migrate diff --from-config-datasource --to-schema "$WORK/schema.prisma" --exit-code

step "wipe the database for db push" 0 "executed successfully" -- wipe
step "migrate diff from the empty database: exit code 2" 2 "Added tables" -- \
  prisma migrate diff --from-config-datasource --to-schema "$WORK/schema.prisma" --exit-code
step "db push creates the schema" 0 "now in sync with your Prisma schema" -- prisma db push
step "db push again: already in sync" 0 "already in sync" -- prisma db push
step "migrate diff after db push: no difference" 0 "No difference detected" -- \
  prisma migrate diff --from-config-datasource --to-schema "$WORK/schema.prisma" --exit-code

step "generate (prisma-client, cjs)" 0 "Generated Prisma Client" -- prisma generate
step "the generated client writes and reads through adapter-pg" 0 "roundtrip ok" -- \
  node "$TEST_DIR/roundtrip.js" "$WORK/generated"

echo "$passed passed, 0 failed"
