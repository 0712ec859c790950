#!/usr/bin/env bash
# Intake benchmark: in one run, side by side on this machine,
#   (a) nginx serving one case record as a static JSON file,
#   (b) GET /open311/v2/requests/{id}.json from Ratusz,
#   (c) durable POST /open311/v2/requests.json from Ratusz (WAL, synchronous=FULL), reports
#       spread over the city's area and categories (bench/post_report.lua),
#   (d) the same in a storm: 30 % of the reports within 50 m of four points (STORM=1),
# each with wrk at 64 connections for DURATION seconds (loopback only, bounded in time).
# Prints requests/s, p50, p99 and the ratios to nginx; writes them to bench/results/.
# BACKEND=postgresql: the same runs with Ratusz on a PostgreSQL server of its own (fsync and
# synchronous_commit on, tests/integration/with_postgres.sh), and beside them PostgreSQL's own
# one-row-INSERT transactions per second with 8 clients (pgbench, a custom script).
set -euo pipefail
cd "$(dirname "$0")/.."
BACKEND="${BACKEND:-sqlite}"
if [ "$BACKEND" = postgresql ] && [ -z "${RATUSZ_TEST_POSTGRES:-}" ]; then
  scripts/install-deps.sh
  exec tests/integration/with_postgres.sh "$0" "$@"
fi

DURATION="${DURATION:-10}"
# FILL_CASES=N: after the runs, keep posting reports (10 s at a time, at most 60 times) until N
# cases are stored, and print the server's memory then.
FILL_CASES="${FILL_CASES:-0}"
CONNECTIONS="${CONNECTIONS:-64}"
RATUSZ_PORT="${RATUSZ_PORT:-18080}"
NGINX_PORT="${NGINX_PORT:-18081}"

scripts/install-deps.sh
if [ ! -x build/release/ratusz ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target ratusz
fi

work="$(mktemp -d)"
chmod 755 "$work"  # nginx workers run as an unprivileged user
ratusz_pid=""
nginx_pid=""
cleanup() {
  [ -n "$ratusz_pid" ] && kill "$ratusz_pid" 2>/dev/null && wait "$ratusz_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

bin=build/release/ratusz
# count SQL: a number from the benchmark's database.
if [ "$BACKEND" = postgresql ]; then
  pg_url="${RATUSZ_TEST_POSTGRES%/*}/bench"
  "$RATUSZ_TEST_PSQL" "$RATUSZ_TEST_POSTGRES" -qc "CREATE DATABASE bench" >/dev/null
  export RATUSZ_STORAGE__BACKEND=postgresql RATUSZ_STORAGE__URL="$pg_url"
  count() { "$RATUSZ_TEST_PSQL" "$pg_url" -tAc "$1"; }
  durability="PostgreSQL 15, fsync and synchronous_commit on, group commit"
else
  count() { sqlite3 "$work/data/ratusz.db" "$1"; }
  durability="WAL, synchronous=FULL, group commit"
fi
export API_KEY
API_KEY="$($bin --data-dir "$work/data" apikey create --name bench | tail -n 1)"
$bin --data-dir "$work/data" serve --listen "127.0.0.1:$RATUSZ_PORT" >"$work/ratusz.log" 2>&1 &
ratusz_pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$RATUSZ_PORT/healthz" >/dev/null && break
  sleep 0.1
done

rss_mb() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$ratusz_pid/status"; }
idle_rss="$(rss_mb)"  # The demo city, started and not yet used.
export CITY_LUA="$work/city.lua"
python3 bench/intake_reports.py "http://127.0.0.1:$RATUSZ_PORT" wroclaw.pl "$CITY_LUA" >/dev/null

id="$(curl -sf -X POST "http://127.0.0.1:$RATUSZ_PORT/open311/v2/requests.json" \
  --data "api_key=$API_KEY&jurisdiction_id=wroclaw.pl&service_code=pothole&lat=51.1079&long=17.0385&description=Benchmark+record&attribute%5Bsize%5D=large" \
  | sed -E 's/.*"service_request_id":"([^"]+)".*/\1/')"
get_path="/open311/v2/requests/$id.json?jurisdiction_id=wroclaw.pl"
mkdir -p "$work/www" && chmod 755 "$work/www"
curl -sf "http://127.0.0.1:$RATUSZ_PORT$get_path" >"$work/www/case.json"

cat >"$work/nginx.conf" <<CONF
worker_processes $(nproc);
pid $work/nginx.pid;
error_log $work/nginx-error.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/www;
  }
}
CONF
nginx -c "$work/nginx.conf" &
nginx_pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$NGINX_PORT/case.json" >/dev/null && break
  sleep 0.1
done

# run NAME URL [wrk args...] -> "rps p50_ms p99_ms errors"
run() {
  local name="$1" url="$2"
  shift 2
  local out
  out="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url")"
  echo "$out" >"$work/$name.wrk"
  local rps p50 p99 errors
  rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  errors="$(awk '/Non-2xx/ {print $NF} /Socket errors/ {print "socket:" $0}' <<<"$out" | tr '\n' ' ')"
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") ${errors:-0}"
}
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.2f", x / y }'; }
# wrk prints 1.23ms / 456.00us / 1.02s
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else print v }'
}

echo "Intake benchmark: $CONNECTIONS connections, ${DURATION}s each, $(nproc) cores, wrk on the same machine"
read -r a_rps a_p50 a_p99 a_err <<<"$(run nginx "http://127.0.0.1:$NGINX_PORT/case.json")"
read -r b_rps b_p50 b_p99 b_err <<<"$(run get "http://127.0.0.1:$RATUSZ_PORT$get_path")"
read -r c_rps c_p50 c_p99 c_err <<<"$(STORM=0 run post "http://127.0.0.1:$RATUSZ_PORT/open311/v2/requests.json" -s bench/post_report.lua)"
read -r d_rps d_p50 d_p99 d_err <<<"$(STORM=1 run storm "http://127.0.0.1:$RATUSZ_PORT/open311/v2/requests.json" -s bench/post_report.lua)"

loaded_rss="$(rss_mb)"
stored="$(count 'SELECT COUNT(*) FROM cases')"
filled=""
if [ "$FILL_CASES" -gt 0 ]; then
  for _ in $(seq 60); do
    [ "$stored" -ge "$FILL_CASES" ] && break
    STORM=0 wrk -t2 -c"$CONNECTIONS" -d10s -s bench/post_report.lua \
      "http://127.0.0.1:$RATUSZ_PORT/open311/v2/requests.json" >/dev/null
    stored="$(count 'SELECT COUNT(*) FROM cases')"
  done
  filled="$(rss_mb) MB with $stored cases stored"
fi
merged="$(count "SELECT COUNT(*) FROM cases WHERE status = 'duplicate'")"
services="$(count 'SELECT COUNT(DISTINCT service_code) FROM cases')"
pgbench_line=""
pg_json=""
if [ "$BACKEND" = postgresql ]; then
  # PostgreSQL's own durable one-row INSERT transactions, 8 clients, on the same server.
  count "CREATE TABLE one_row (at BIGINT NOT NULL, body TEXT NOT NULL)" >/dev/null
  echo "INSERT INTO one_row VALUES (1, 'Dziura w jezdni przy przystanku');" >"$work/one_row.sql"
  pg_tps="$("$(dirname "$RATUSZ_TEST_PSQL")/pgbench" -n -M prepared -c 8 -j 2 -T "$DURATION" \
    -f "$work/one_row.sql" "$pg_url" 2>/dev/null | awk '/^tps/ {printf "%.0f", $3}')"
  pgbench_line="
(e) pgbench: one-row INSERT transactions, 8 clients $(printf '%8.0f/s' "$pg_tps"); Ratusz's durable POST is $(ratio "$c_rps" "$pg_tps")x of it"
  pg_json=", \"pgbench_one_row_insert_tps\": $pg_tps, \"post_ratio_to_pgbench\": $(ratio "$c_rps" "$pg_tps")"
fi
stamp="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
report="$(cat <<TXT
Ratusz intake benchmark, $stamp ($(nproc) cores; wrk -t2 -c$CONNECTIONS -d${DURATION}s on the same machine)
path                                      requests/s    p50 ms    p99 ms   x nginx   non-2xx
(a) nginx static case.json              $(printf '%12.0f %9s %9s %9s %9s' "$a_rps" "$a_p50" "$a_p99" "1.00" "$a_err")
(b) GET /open311/v2/requests/{id}.json  $(printf '%12.0f %9s %9s %9s %9s' "$b_rps" "$b_p50" "$b_p99" "$(ratio "$b_rps" "$a_rps")" "$b_err")
(c) POST /open311/v2/requests.json      $(printf '%12.0f %9s %9s %9s %9s' "$c_rps" "$c_p50" "$c_p99" "$(ratio "$c_rps" "$a_rps")" "$c_err")
(d) POST, storm (30 % within 50 m)      $(printf '%12.0f %9s %9s %9s %9s' "$d_rps" "$d_p50" "$d_p99" "$(ratio "$d_rps" "$a_rps")" "$d_err")
cases stored after the run: $stored of $services services, $merged merged as duplicates (durable: $durability)
memory (RSS): $idle_rss MB idle with the demo city, $loaded_rss MB after the run${filled:+, $filled}
targets (DESIGN.md): POST >= 20000/s and >= 0.5x nginx, p99 <= 20 ms; GET >= 0.9x nginx; idle RSS <= 50 MB; on PostgreSQL POST >= 10000/s$pgbench_line
TXT
)"
echo "$report"
mkdir -p bench/results
suffix=""
[ "$BACKEND" = postgresql ] && suffix="-postgresql"
echo "$report" >"bench/results/intake$suffix-$(date -u +%Y%m%dT%H%M%SZ).txt"
cat >"bench/results/intake$suffix-latest.json" <<JSON
{"time": "$stamp", "cores": $(nproc), "connections": $CONNECTIONS, "duration_s": $DURATION,
 "nginx_static": {"rps": $a_rps, "p50_ms": $a_p50, "p99_ms": $a_p99},
 "get_case": {"rps": $b_rps, "p50_ms": $b_p50, "p99_ms": $b_p99, "ratio_to_nginx": $(ratio "$b_rps" "$a_rps")},
 "post_case": {"rps": $c_rps, "p50_ms": $c_p50, "p99_ms": $c_p99, "ratio_to_nginx": $(ratio "$c_rps" "$a_rps")},
 "post_storm": {"rps": $d_rps, "p50_ms": $d_p50, "p99_ms": $d_p99, "ratio_to_nginx": $(ratio "$d_rps" "$a_rps")},
 "cases_stored": $stored, "merged": $merged, "services": $services,
 "rss_idle_mb": $idle_rss, "rss_after_mb": $loaded_rss, "backend": "$BACKEND"$pg_json}
JSON
