#!/usr/bin/env bash
# Prints the path of a Temporal CLI (which contains the dev server), building it when
# none is found: $TEMPORAL_CLI, then `temporal` on PATH, then the project's own
# .tools/bin/temporal, then `go install` of the CLI's Go module into .tools/bin.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="${TEMPORAL_CLI_VERSION:-v1.5.1}" # v1.6.0+ carries a replace directive go install refuses

if [[ -n "${TEMPORAL_CLI:-}" ]]; then
  [[ -x "$TEMPORAL_CLI" ]] || { echo "TEMPORAL_CLI=$TEMPORAL_CLI is not an executable file" >&2; exit 1; }
  echo "$TEMPORAL_CLI"; exit 0
fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi
if [[ -x "$root/.tools/bin/temporal" ]]; then echo "$root/.tools/bin/temporal"; exit 0; fi

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
No Temporal CLI found and no Go toolchain to build one.
Get one of:
  - the Temporal CLI binary (https://docs.temporal.io/cli), on PATH or named by TEMPORAL_CLI=/path/to/temporal
  - Go 1.22+, then run this again: it builds github.com/temporalio/cli/cmd/temporal@$version
Or point plancycle at an existing cluster with TEMPORAL_ADDRESS (the launcher then starts none).
MSG
  exit 1
fi
echo "Building the Temporal CLI $version with Go (first run only, a few minutes)…" >&2
mkdir -p "$root/.tools/bin"
GOBIN="$root/.tools/bin" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$version" >&2
echo "$root/.tools/bin/temporal"
