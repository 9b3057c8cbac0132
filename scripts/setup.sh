#!/usr/bin/env bash
# Sets up a fresh machine for precept: the system tools it drives (Chromium for PDFs and browser
# tests, poppler-utils and qpdf to verify PDFs, git for history), then the npm dependencies
# (npm ci also compiles TypeScript to lib/ through the `prepare` script).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v git >/dev/null 2>&1 || missing+=(git)
{ command -v chromium >/dev/null 2>&1 || [ -x /usr/lib/chromium/chromium ]; } || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
# ssh-keygen signs and verifies approvals (approve --sign); openssl is the tests' local timestamp authority.
command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "precept setup: please install: ${missing[*]} (apt-get install -y ${missing[*]})" >&2; exit 1
  fi
  echo "precept setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
npm ci --no-audit --no-fund
