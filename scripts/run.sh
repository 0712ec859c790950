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
# (Listings are read whole before grep looks: grep -q stops early, and with pipefail the
# writer's broken pipe would read as "not there".)
keys=$(build/release/ratusz --config config/demo/ratusz.toml --data-dir data apikey list)
if ! grep -q "Demo client" <<<"$keys"; then
  echo
  echo "A first API key for Open311 clients (POST requests need it):"
  build/release/ratusz --config config/demo/ratusz.toml --data-dir data apikey create \
    --name "Demo client" | tail -n 1 | tee data/demo-api-key.txt
  echo "(saved in data/demo-api-key.txt)"
  echo
fi
# Demo staff accounts (first start only), all with one random password kept in
# data/demo-staff.txt: sign in at http://127.0.0.1:8080/staff.
users=$(build/release/ratusz --config config/demo/ratusz.toml --data-dir data user list)
if ! grep -q "^supervisor " <<<"$users"; then
  password="demo-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
  add_user() {  # name role [--department unit]
    RATUSZ_PASSWORD="$password" build/release/ratusz --config config/demo/ratusz.toml \
      --data-dir data user add "$1" --role "$2" "${@:3}" >/dev/null
  }
  add_user admin admin
  add_user supervisor supervisor
  add_user agent agent
  add_user specialist specialist --department roads-authority
  printf 'Staff screens: http://127.0.0.1:8080/staff\nusers: admin, supervisor, agent, specialist (Zarząd Dróg Miejskich)\npassword: %s\n' \
    "$password" | tee data/demo-staff.txt
  echo "(saved in data/demo-staff.txt; the supervisor gives the agent skills under \"Konsultanci\")"
  echo
fi
# The demo city's knowledge base (articles already there are left alone).
build/release/ratusz --config config/demo/ratusz.toml --data-dir data \
  kb import config/demo/knowledge_base.json
exec build/release/ratusz --config config/demo/ratusz.toml --data-dir data serve "$@"
