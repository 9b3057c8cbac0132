#!/bin/sh
# Container entrypoint for precept serve (see deploy/Containerfile and docs/operations.md).
#   PRECEPT_REPO     git URL of the policy repo, cloned into PRECEPT_ROOT when it is empty
#   PRECEPT_ROOT     the server's clone (a volume: records live here until pushed), default /srv/policies
#   PRECEPT_OUT      where the built portal is (<out>/site), default $PRECEPT_ROOT/dist
#   PRECEPT_PORT     default 8080
#   PRECEPT_SYNC     1 (default) to push records (precept serve --sync), 0 not to
#   PRECEPT_PROXY_SECRET  the sign-on proxy's shared secret
# Anything after the image name is passed on to precept serve.
set -eu

root="${PRECEPT_ROOT:-/srv/policies}"
out="${PRECEPT_OUT:-$root/dist}"
port="${PRECEPT_PORT:-8080}"
precept="${PRECEPT_BIN:-precept}"

if [ ! -d "$root/.git" ]; then
  if [ -z "${PRECEPT_REPO:-}" ]; then
    echo "precept: $root is not a git clone and PRECEPT_REPO is not set" >&2
    exit 2
  fi
  git clone --quiet "$PRECEPT_REPO" "$root"
fi

# The ledger merge driver for this clone (git never takes it from the repository itself).
$precept ledger setup --root "$root" >/dev/null

if [ ! -f "$out/site/index.html" ]; then
  echo "precept: no built portal at $out/site; mount the build there (or run precept build in the image)" >&2
  exit 2
fi

set -- serve --root "$root" --out "$out" --host 0.0.0.0 --port "$port" "$@"
if [ "${PRECEPT_SYNC:-1}" = 1 ]; then set -- "$@" --sync; fi
# exec: node becomes the process the container's signals reach (SIGTERM drains, SIGHUP reloads).
exec $precept "$@"
