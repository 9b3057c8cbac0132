#!/usr/bin/env bash
# Builds the staff portal and the PDFs into $ROOT/$OUT for the upload step.
set -euo pipefail
$PRECEPT build --root "$ROOT" --out "$ROOT/$OUT/site"
$PRECEPT pdf --root "$ROOT" --out "$ROOT/$OUT/pdf"
