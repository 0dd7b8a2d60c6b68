#!/usr/bin/env bash
# Runs the unit tests once more under Node 24, GitHub's runtime for this action (zstd decoding, zlib
# output), when CI provides it in LAYER_REBASE_NODE24. The end-to-end tests already run dist/ under it.
set -euo pipefail
if [ -z "${LAYER_REBASE_NODE24:-}" ]; then
  echo "LAYER_REBASE_NODE24 not set: unit tests under Node 24 skipped (.ci/run sets it)"
  exit 0
fi
"$LAYER_REBASE_NODE24" node_modules/vitest/vitest.mjs run test/cnb test/patches test/rebase test/report test/oci/wire.test.ts test/oci/reference.test.ts test/errors.test.ts
