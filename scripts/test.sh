#!/usr/bin/env bash
# The project's own tests: type-check, then every tape suite under suites/ (TAP on stdout).
# Usage: scripts/test.sh [--tap] [glob...]   (--tap: raw TAP instead of tap-spec's formatting)
set -euo pipefail
cd "$(dirname "$0")/.."
raw=0
if [ "${1:-}" = "--tap" ]; then raw=1; shift; fi
globs=("$@")
[ ${#globs[@]} -gt 0 ] || globs=('suites/**/*.test.ts')
npx tsc --noEmit -p .
if [ "$raw" = 1 ]; then
  node -r ts-node/register/transpile-only node_modules/tape/bin/tape "${globs[@]}"
else
  node -r ts-node/register/transpile-only node_modules/tape/bin/tape "${globs[@]}" | npx tap-spec
fi
