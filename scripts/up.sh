#!/usr/bin/env bash
# One command to a running plancycle on the embedded defaults: installs what is
# missing, builds, starts PostgreSQL (the embedded one unless DATABASE_URL is set),
# the Temporal dev server (unless TEMPORAL_ADDRESS is set), the worker and the API (which
# serves the web console at /), and publishes a demo plan you can click or curl through.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
echo "› building"
npx tsc -p tsconfig.build.json
echo "› building the web console (apps/web/dist)"
npx vite build --config apps/web/vite.config.mts --logLevel warn
exec node -r ./scripts/register-dist-paths.js dist/libs/devstack/src/launcher.js "$@"
