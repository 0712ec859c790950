#!/usr/bin/env bash
# Rejects #includes that break the dependency direction of ARCHITECTURE.md:
#   common <- cases <- (workflow, dedup) <- app <- (store, http, outbound, files) <- apps;  config <- apps
# The domain (common, cases) includes no adapter, no I/O library and no app code; adapters never
# include each other.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
check() {  # check MODULE FORBIDDEN-REGEX WHY
  local hits
  hits="$(grep -rnE "#include [<\"]($2)" "src/$1" || true)"
  if [ -n "$hits" ]; then
    echo "dependency rule broken: src/$1 must not include $2 ($3):"
    echo "$hits"
    status=1
  fi
}
domain_io='boost/|sqlite3|pugixml|toml\+\+|spdlog|sodium|CLI/|sys/|unistd|fstream|thread|mutex'
check common "cases/|app/|store/|http/|config/|security/|obs/|$domain_io" "common depends on nothing"
check cases "workflow/|dedup/|app/|store/|http/|config/|security/|obs/|$domain_io" "the domain does no I/O"
check workflow "dedup/|app/|store/|http/|config/|security/|obs/|$domain_io" "the domain does no I/O"
check dedup "workflow/|app/|store/|http/|config/|security/|obs/|$domain_io" "the domain does no I/O"
check contact "cases/|workflow/|dedup/|app/|store/|http/|config/|security/|obs/|$domain_io" "the domain does no I/O"
check residents "cases/|workflow/|dedup/|contact/|app/|store/|http/|config/|security/|obs/|$domain_io" "the domain does no I/O"
check kb "cases/|workflow/|dedup/|contact/|residents/|app/|store/|http/|config/|security/|obs/|$domain_io" "the domain does no I/O"
check app "store/|http/|config/|obs/|boost/|sqlite3|pugixml|toml\+\+" "use cases see only ports"
check store "http/|config/|obs/|outbound/|files/|channels/" "adapters never include each other"
# The stores of the contexts see a database only through sql::Connection; each backend keeps
# its library to itself and knows nothing of the stores above it.
check store/sql "sqlite3|libpq" "the stores see a database only through sql::Connection"
check store/sqlite "libpq|store/postgresql/|app/|store/sql/(store|database|rows|case_files)" "a backend knows only sql::Connection"
check store/postgresql "sqlite3|store/sqlite/|app/|store/sql/(store|database|rows|case_files)" "a backend knows only sql::Connection"
check http "store/|config/|outbound/|files/|channels/" "adapters never include each other"
check outbound "store/|http/|config/|files/|channels/" "adapters never include each other"
check files "store/|http/|config/|outbound/|channels/" "adapters never include each other"
check channels "store/|http/|config/|outbound/|files/" "adapters never include each other"
check config "app/|store/|http/" "config only builds plain structs"
check security "app/|store/|http/|config/|obs/" "sealing and tokens know no use case"
# Adapters see the use cases only through their ports (app/ports.hpp, app/ports/*.hpp).
hits="$(grep -rnE '#include "app/' src/store src/outbound src/files src/channels | grep -vE '#include "app/ports(\.hpp|/)' || true)"
if [ -n "$hits" ]; then
  echo "dependency rule broken: adapters include app/ only for its ports:"
  echo "$hits"
  status=1
fi
exit $status
