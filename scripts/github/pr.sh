#!/usr/bin/env bash
# On a pull request: check with annotations on the changed lines, and write the review report
# (redlines, change classification, version bumps, coverage, approvers) as the job summary and,
# unless COMMENT=false, as one comment on the pull request that each push updates.
set -uo pipefail
base="${BASE:-}"
if [ -z "$base" ]; then
  base="$(node -p "require(process.env.GITHUB_EVENT_PATH).pull_request.base.sha")"
fi
comment=()
if [ "${COMMENT:-true}" = true ]; then comment=(--post-comment); fi
status=0
$PRECEPT check --root "$ROOT" --format github --base "$base" || status=1
$PRECEPT review --root "$ROOT" --base "$base" --html "$RUNNER_TEMP/precept-redlines" ${comment[@]+"${comment[@]}"} >> "$GITHUB_STEP_SUMMARY" || status=1
exit "$status"
