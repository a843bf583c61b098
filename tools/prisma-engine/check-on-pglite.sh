#!/usr/bin/env bash
# Runs check.sh against a throwaway in-memory PGlite server (with its in-memory shadow),
# so the Prisma CLI's migrate commands are proven on every test run, with no database
# server installed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
log="$(mktemp)"
node "$ROOT/scripts/pglite-server.js" --data memory --port 0 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -f "$log"' EXIT
# Up to 90 s: two in-memory PGlite instances take seconds on an idle machine, a minute on a loaded one.
for _ in $(seq 1 450); do
  grep -q PGLITE_SHADOW_READY "$log" && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.2
done
url="$(sed -n 's/^PGLITE_READY //p' "$log")"
shadow="$(sed -n 's/^PGLITE_SHADOW_READY //p' "$log")"
[[ -n "$url" && -n "$shadow" ]] || { echo "PGlite did not start:" >&2; cat "$log" >&2; exit 1; }
# PGlite ignores the database name; check.sh wants "check" in it as a safety latch.
DATABASE_URL="${url%/*}/prisma_check" SHADOW_DATABASE_URL="$shadow" bash "$ROOT/tools/prisma-engine/check.sh"
