#!/usr/bin/env bash
# The whole test suite, as README.md gives it: installs what is missing, checks
# types and lint, then runs unit, workflow (real Temporal dev server) and end-to-end
# (HTTP + PostgreSQL + Temporal) tests, replaying the recorded workflow histories.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export NX_DAEMON=false NX_NO_CLOUD=true

bash scripts/setup.sh

echo "› typecheck"
npx tsc -p tsconfig.json --noEmit
echo "› lint"
npx eslint . --max-warnings=0
# The Prisma CLI's migrate and db commands, through the WebAssembly schema engine where
# the native one cannot be downloaded (tools/prisma-engine/README.md).
if [[ $# -eq 0 ]]; then
  echo "› Prisma migrate on embedded PGlite (tools/prisma-engine/check-on-pglite.sh)"
  prisma_log="$(mktemp)"
  if bash tools/prisma-engine/check-on-pglite.sh >"$prisma_log" 2>&1; then tail -n 1 "$prisma_log"; else cat "$prisma_log"; exit 1; fi
fi
# Tests use DATABASE_URL's server when it is set (a scratch database is created on it);
# otherwise they run on embedded PGlite, as a new user's machine does.
echo "› jest (unit, workflow, e2e) on ${DATABASE_URL:+the DATABASE_URL server}${DATABASE_URL:-embedded PGlite}"
npx jest --ci "$@"

# Where a PostgreSQL server also answers locally, the end-to-end tests run on it too.
if [[ -z "${DATABASE_URL:-}" && $# -eq 0 ]] && command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "› jest e2e on the local PostgreSQL server"
  PLANCYCLE_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:5432/postgres" npx jest --ci --selectProjects e2e
fi
