#!/usr/bin/env bash
# Installs what plancycle needs on this machine, idempotently:
#   npm packages (exactly package-lock.json, by `npm ci`), the Temporal CLI (built with Go when no
#   binary is found), the generated Prisma client, and Debian's Chromium and CJK fonts for the
#   console's browser tests (apt, as root, only when missing).
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

# The web console's browser tests drive Debian's Chromium (playwright-core cannot download a
# browser here); Chinese text in their screenshots needs the Noto CJK fonts.
apt_missing=()
command -v chromium >/dev/null 2>&1 || apt_missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || apt_missing+=(fonts-noto-cjk)
# LibreOffice (Writer, no GUI, about a minute to install) converts a generated 督办通知单 to PDF
# in libs/documents' tests: the check that the Word files open outside Word too.
command -v soffice >/dev/null 2>&1 || apt_missing+=(libreoffice-writer-nogui)
if [[ ${#apt_missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "› installing ${apt_missing[*]} (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
  else
    echo "› missing for the browser and document tests: ${apt_missing[*]} (as root: apt-get install ${apt_missing[*]})" >&2
  fi
fi
