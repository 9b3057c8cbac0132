#!/usr/bin/env bash
# Builds the staff portal (<out>/site) and the per-policy PDFs (<out>/pdf) into $ROOT/$OUT for
# the upload step. The render cache is $PRECEPT_CACHE_DIR (outside the checkout; the action
# restores it with actions/cache), never a folder the repository could commit.
set -euo pipefail
$PRECEPT build --root "$ROOT" --out "$ROOT/$OUT"
