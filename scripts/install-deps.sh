#!/usr/bin/env bash
# Installs everything Ratusz needs to build, run, test and benchmark on Debian 12.
# Idempotent: when every package is already there it returns at once without apt-get update.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config clang-format
  # libFuzzer for the fuzz targets
  clang libclang-rt-14-dev
  # libraries (docs/dependencies.md says why each)
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev libpugixml-dev libtomlplusplus-dev libcli11-dev libspdlog-dev libsodium-dev
  libgtest-dev libbenchmark-dev
  # outbound HTTP (webhooks, agencies' Open311 servers); images (thumbnails, EXIF stripping)
  libcurl4-openssl-dev libvips-dev
  # e-mail: MIME parsing
  libgmime-3.0-dev
  # knowledge base: Markdown articles rendered safely (CommonMark)
  libcmark-dev
  # tests and benchmarks: integration tests are Python (standard library only); nginx and wrk
  # for the intake benchmark; sqlite3 for inspecting a data directory by hand
  python3 nginx-light wrk curl sqlite3
  # PostgreSQL: the second storage backend; the tests start their own server (initdb into a
  # temporary directory), so no system-wide cluster is created
  postgresql
  # e-mail tests: a real Postfix, started by the tests with their own configuration
  postfix
  # SMS: Kannel (bearerbox, smsbox) and its fake SMSC for the tests, started by them
  kannel kannel-extras
  # the web front end: built with Node.js and npm (web/); its end-to-end tests drive Debian's
  # Chromium headless through playwright-core (no browser is downloaded)
  chromium
)
# Node.js: Debian's, unless a newer one is installed already (its own packaging).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# Postfix is only a tool of the tests: no system-wide mail configuration is set up.
# Nor a PostgreSQL cluster: the tests create their own, a city's is its DBA's.
$sudo mkdir -p /etc/postgresql-common/createcluster.d
echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.d/ratusz.conf >/dev/null
echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
# Kannel is only a tool of the tests (and a city runs its own): no system-wide gateway.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $sudo systemctl disable --now kannel >/dev/null 2>&1 || true
elif [ -x /etc/init.d/kannel ]; then
  $sudo /etc/init.d/kannel stop >/dev/null 2>&1 || true
fi
