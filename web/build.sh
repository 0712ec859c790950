#!/usr/bin/env bash
# Installs the front end's packages exactly as package-lock.json has them and builds web/dist
# (which `ratusz serve` serves). Used by scripts/run.sh and scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
