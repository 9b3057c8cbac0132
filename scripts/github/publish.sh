#!/usr/bin/env bash
# Builds the staff portal (<out>/site) and the per-policy PDFs (<out>/pdf) into $ROOT/$OUT for
# the upload step.
set -euo pipefail
$PRECEPT build --root "$ROOT" --out "$ROOT/$OUT"
