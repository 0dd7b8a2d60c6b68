#!/usr/bin/env bash
# Fails when dist/ differs from a fresh `npm run package`: the action runs dist/, not src/.
set -euo pipefail
npm run -s package >/dev/null
if [ -n "$(git status --porcelain -- dist)" ]; then
  git status --porcelain -- dist
  git --no-pager diff --stat -- dist
  echo "dist/ is stale: run 'npm run package' and commit dist/" >&2
  exit 1
fi
echo "dist/ is fresh"
