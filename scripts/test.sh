#!/usr/bin/env bash
# The project's own tests: type-check, build (dist/, so that the CLI the suites start is the compiled one: seconds,
# not ts-node's minutes), fixture lint, then every tape suite under suites/, formatted by tap-spec.
# The raw TAP stream is kept in out/test.tap (for CI's count). Usage: scripts/test.sh [--tap] [glob...]
set -euo pipefail
cd "$(dirname "$0")/.."
raw=0
if [ "${1:-}" = "--tap" ]; then raw=1; shift; fi
globs=("$@")
[ ${#globs[@]} -gt 0 ] || globs=('suites/**/*.test.ts')
mkdir -p out
npx --no-install tsc --noEmit -p .
npm run --silent build
# the fixture linter over the whole corpus: file:line:col and a reason for every problem
node bin/h1compat.js fixture lint fixtures
tape=(node -r ts-node/register/transpile-only node_modules/tape/bin/tape "${globs[@]}")
if [ "$raw" = 1 ]; then
  "${tape[@]}" | tee out/test.tap
else
  "${tape[@]}" | tee out/test.tap | node node_modules/tap-spec/bin/cmd.js
fi
