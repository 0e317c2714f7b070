#!/usr/bin/env bash
# The steps of action.yml (the reusable GitHub Action), as one script so that they can run anywhere:
# run h1compat against the target, write the Markdown summary to $GITHUB_STEP_SUMMARY, annotate failures, and hand
# the exit status and the report's path to the next steps through $GITHUB_OUTPUT. Always exits 0 itself: the
# action's last step exits with the status, after the report was uploaded.
# Inputs come as environment variables: INPUT_URL, INPUT_CMD, INPUT_PROXY_CMD, INPUT_SUBJECT, INPUT_FAIL_ON,
# INPUT_ARGS (extra flags, split on blanks), INPUT_OUT; H1COMPAT (the command to run, default: this checkout's bin).
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ -n "${H1COMPAT:-}" ]; then read -r -a h1compat <<< "$H1COMPAT"; else h1compat=(node "$here/bin/h1compat.js"); fi
out="${INPUT_OUT:-${RUNNER_TEMP:-/tmp}/h1compat}"
fail_on="${INPUT_FAIL_ON:-must}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
outputs="${GITHUB_OUTPUT:-/dev/null}"

args=(run --out "$out" --junit "$out/junit.xml" --fail-on "$fail_on")
[ -n "${INPUT_URL:-}" ] && args+=(--url "$INPUT_URL")
[ -n "${INPUT_CMD:-}" ] && args+=(--cmd "$INPUT_CMD")
[ -n "${INPUT_PROXY_CMD:-}" ] && args+=(--proxy-cmd "$INPUT_PROXY_CMD")
[ -n "${INPUT_SUBJECT:-}" ] && args+=(--subject "$INPUT_SUBJECT")
if [ -n "${INPUT_ARGS:-}" ]; then read -r -a extra <<< "$INPUT_ARGS"; args+=("${extra[@]}"); fi

status=0
"${h1compat[@]}" "${args[@]}" || status=$?
echo "h1compat exit status: $status"
if [ -f "$out/results.json" ]; then
  "${h1compat[@]}" report --results "$out/results.json" --format md >> "$summary" || true
  node "$here/action/annotate.js" "$out/results.json" "$fail_on" || true
else
  echo "::error title=h1compat::no results (exit status $status): see the log above"
fi
{
  echo "status=$status"
  echo "out=$out"
  echo "report=$out/report.html"
} >> "$outputs"
exit 0
