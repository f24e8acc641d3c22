#!/usr/bin/env bash
# Records/s of the record intake on PostgreSQL with one host and with two
# hosts sharing one database, beside SQLite, on this machine (issue 19).
#   bench/cluster/two_hosts_pg.sh [build-dir]
# A PostgreSQL 15 is made for the run in a temporary folder (initdb, as
# nobody when root, like tests/support/PostgresServer.h) with fsync and
# synchronous_commit on, as a site's is. Each "host" is an ingest_bench
# process: its own connection pool, group commit and blob folder, the path a
# record takes in passwayd from a plugin's ingest() to the database. Two run
# at once against the one database; their records/s are printed side by side
# and summed. Both hosts share this machine's cores, so the two-host sum is
# what the database takes from two writers, not what two machines would add.
# BENCH_SECONDS (default 5), BENCH_CALLERS (default 16), BENCH_PHOTO (default 40000).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${1:-${BUILD_DIR:-build}}
SECONDS_PER_RUN=${BENCH_SECONDS:-5}
CALLERS=${BENCH_CALLERS:-16}
PHOTO=${BENCH_PHOTO:-40000}
PG_BIN=${PASSWAY_PG_BIN:-/usr/lib/postgresql/15/bin}

cmake -S . -B "$BUILD_DIR" -DPASSWAY_BUILD_BENCH=ON >/dev/null  # the test command leaves benchmarks out
cmake --build "$BUILD_DIR" --target ingest_bench >/dev/null
bench="$BUILD_DIR/bench/ingest/ingest_bench"

work=$(mktemp -d /tmp/passway-two-hosts.XXXXXX)
chmod 777 "$work"
as_server=()
[ "$(id -u)" -eq 0 ] && as_server=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
stop() {
  "${as_server[@]}" "$PG_BIN/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT

port=$(( 20000 + RANDOM % 20000 ))
"${as_server[@]}" "$PG_BIN/initdb" -D "$work/data" -U passway -A trust -E UTF8 >/dev/null
"${as_server[@]}" "$PG_BIN/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on" start >/dev/null
url="postgresql://passway@127.0.0.1:$port/postgres"
args=(--seconds="$SECONDS_PER_RUN" --threads="$CALLERS" --photo-bytes="$PHOTO" --dir="$work")

echo "== SQLite, one host"
"$bench" "${args[@]}" | grep '^photo'
echo "== PostgreSQL, one host"
"$bench" "${args[@]}" --store-url="$url" | grep '^photo'
echo "== PostgreSQL, two hosts on one database (run at once)"
"$bench" "${args[@]}" --store-url="$url" > "$work/a.out" &
a=$!
"$bench" "${args[@]}" --store-url="$url" > "$work/b.out" &
b=$!
wait "$a" "$b"
paste -d'\n' <(grep '^photo' "$work/a.out" | sed 's/^/host A  /') <(grep '^photo' "$work/b.out" | sed 's/^/host B  /')
for bytes in 0 "$PHOTO"; do
  awk -v bytes="$bytes" '$1 == "photo" && $2 == bytes { for (i = 1; i < NF; i++) if ($(i+1) == "records/s") sum += $i }
       END { printf "two hosts together, photo %6d B: %9.0f records/s\n", bytes, sum }' "$work/a.out" "$work/b.out"
done
