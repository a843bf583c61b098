#!/usr/bin/env bash
# The whole test suite, as README.md gives it: installs what is missing, type-checks the
# workspace as one program (specs cross project lines, so a per-project check would
# re-check its neighbours), then runs every project's checks through Nx (lint, unit tests,
# the Prisma migrate check; cached in .nx/ where the inputs did not change), then the workflow (real Temporal dev
# server) and end-to-end (HTTP + PostgreSQL + Temporal) tiers once, replaying the recorded
# workflow histories. `npm test -- <jest args>` runs the checks, then jest with those args.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

bash scripts/setup.sh

nx_run_many() { npx nx run-many --parallel=2 --outputStyle=static "$@"; }

if [[ $# -gt 0 ]]; then
  echo "› typecheck"
  npx tsc -p tsconfig.json --noEmit
  npx tsc -p apps/web/tsconfig.json --noEmit
  echo "› lint (nx)"
  nx_run_many -t lint
  echo "› jest $*"
  npx jest --ci "$@"
  exit 0
fi

echo "› typecheck (the workspace, then the web console's browser program)"
npx tsc -p tsconfig.json --noEmit
npx tsc -p apps/web/tsconfig.json --noEmit
echo "› formatting (prettier --check)"
npx prettier --check . --log-level=warn
echo "› lint, unit tests and the Prisma migrate check of every project (nx)"
nx_run_many -t lint test
# Tests use DATABASE_URL's server when it is set (a scratch database is created on it);
# otherwise on the embedded database (PLANCYCLE_EMBEDDED_DB: postgres | pglite), as a new
# user's machine does. One jest run for both tiers: they share one global setup (dev
# server, database, workflow bundle).
echo "› workflow, e2e and browser tiers on ${DATABASE_URL:+the DATABASE_URL server}${DATABASE_URL:-the embedded database (${PLANCYCLE_EMBEDDED_DB:-default})} (nx run test:integration)"
npx nx run test:integration --outputStyle=static

# Where a PostgreSQL server also answers locally, the end-to-end tests run on it too.
if [[ -z "${DATABASE_URL:-}" ]] && command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "› jest e2e on the local PostgreSQL server"
  PLANCYCLE_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:5432/postgres" npx jest --ci --selectProjects e2e
fi
