#!/usr/bin/env bash
# Installs what plancycle needs on this machine, idempotently:
#   npm packages (exactly package-lock.json, by `npm ci`), the Temporal CLI (built with Go when no
#   binary is found), the generated Prisma client.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

need() { command -v "$1" >/dev/null 2>&1 || { echo "plancycle needs $1: $2" >&2; exit 1; }; }
need node "install Node.js 20.19 or newer"
need npm "install npm (comes with Node.js)"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node.js "+process.versions.node+" is too old: 20.19+ needed"); process.exit(1) }'

stamp="node_modules/.plancycle-install-stamp"
if [[ ! -f "$stamp" || package-lock.json -nt "$stamp" || package.json -nt "$stamp" ]]; then
  echo "› installing npm packages"
  # `npm ci`: exactly the committed lock, which is complete (every platform's optional
  # binaries are in it), so installing never rewrites package-lock.json.
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

echo "› Temporal CLI: $(bash scripts/ensure-temporal-cli.sh)"

if [[ ! -f libs/persistence/src/generated/prisma/client.ts || libs/persistence/prisma/schema.prisma -nt libs/persistence/src/generated/prisma/client.ts ]]; then
  echo "› generating the Prisma client"
  node scripts/prisma.js generate >/dev/null
fi
