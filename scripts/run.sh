#!/usr/bin/env bash
# Installs what is needed, builds Ratusz and starts it with the demo cities on
# http://127.0.0.1:8080 (data in ./data). Ctrl+C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target ratusz
web/build.sh   # the portal, served from web/dist

mkdir -p data
if ! build/release/ratusz --config config/demo/ratusz.toml --data-dir data apikey list \
    | grep -q "Demo client"; then
  echo
  echo "A first API key for Open311 clients (POST requests need it):"
  build/release/ratusz --config config/demo/ratusz.toml --data-dir data apikey create \
    --name "Demo client" | tail -n 1 | tee data/demo-api-key.txt
  echo "(saved in data/demo-api-key.txt)"
  echo
fi
# The demo city's knowledge base (articles already there are left alone).
build/release/ratusz --config config/demo/ratusz.toml --data-dir data \
  kb import config/demo/knowledge_base.json
exec build/release/ratusz --config config/demo/ratusz.toml --data-dir data serve "$@"
