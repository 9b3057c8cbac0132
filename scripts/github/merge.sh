#!/usr/bin/env bash
# After a merge to the default branch: find the pull request, fetch its reviews, record the
# approvals in the ledger, commit and push the ledger, then check the merged policies.
# Retries on a race with another push; importing is idempotent, so a retry records nothing twice.
set -euo pipefail
sha="$GITHUB_SHA"
branch="$GITHUB_REF_NAME"
before="${BASE:-$(node -p "require(process.env.GITHUB_EVENT_PATH).before || ''")}"
if [ -z "$before" ] || [ "$before" = "0000000000000000000000000000000000000000" ]; then before="$sha^1"; fi
pr="$(gh api "repos/$GITHUB_REPOSITORY/commits/$sha/pulls" --jq '.[0].number // empty')"
if [ -z "$pr" ]; then
  echo "No pull request merged as $sha: no approvals to import."
else
  reviews="$RUNNER_TEMP/precept-reviews-$pr.json"
  gh api --paginate --slurp "repos/$GITHUB_REPOSITORY/pulls/$pr/reviews?per_page=100" > "$reviews"
  ledger="$ROOT/$RECORDS"
  for attempt in 1 2 3; do
    if [ "$COMMIT_LEDGER" = "true" ]; then
      git fetch -q origin "$branch"
      git reset -q --hard "origin/$branch"
    fi
    $PRECEPT approvals import --root "$ROOT" --github "$reviews" --pr "$GITHUB_REPOSITORY#$pr" --base "$before" --head "$sha"
    if [ "$COMMIT_LEDGER" != "true" ] || [ -z "$(git status --porcelain -- "$ledger")" ]; then break; fi
    git add -A -- "$ledger"
    git -c user.name="github-actions[bot]" -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
      commit -q -m "Record approvals from $GITHUB_REPOSITORY#$pr" -m "precept approvals import, for $sha"
    if git push -q origin "HEAD:$branch"; then echo "Pushed the approvals ledger to $branch."; break; fi
    if [ "$attempt" = 3 ]; then echo "::error::could not push the approvals ledger to $branch after 3 attempts"; exit 1; fi
    echo "The branch moved; retrying."
  done
fi
$PRECEPT check --root "$ROOT" --format github
