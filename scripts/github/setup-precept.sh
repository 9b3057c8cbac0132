#!/usr/bin/env bash
# Decides how the action runs precept and exports it as $PRECEPT for the later steps: an
# already set $PRECEPT, the repository's own install (node_modules/.bin/precept), or npx with
# the version this action was released with.
set -euo pipefail
if [ -z "${PRECEPT:-}" ]; then
  if [ -x "$ROOT/node_modules/.bin/precept" ]; then
    PRECEPT="$(cd "$ROOT" && pwd)/node_modules/.bin/precept"
  elif [ -x node_modules/.bin/precept ]; then
    PRECEPT="$(pwd)/node_modules/.bin/precept"
  else
    version="${PRECEPT_VERSION:-$(node -p "require(process.argv[1]).version" "$GITHUB_ACTION_PATH/package.json")}"
    PRECEPT="npx --yes precept@$version"
  fi
fi
echo "PRECEPT=$PRECEPT" >> "$GITHUB_ENV"
echo "precept: $PRECEPT"
