#!/usr/bin/env bash
# Issue 17's comparison: the same thin ShareDB-protocol client (io.lockstep.bench.sharedb.ShareDbLoad,
# closed loop, one op in flight per editor, each op a json0 string insert) against
#   1. ShareDB 7 with its in-memory database (bench/sharedb-server/server.js, one Node process), and
#   2. Lockstep's /sharedb endpoint (memory engines, the default),
# one server at a time, the server pinned to CPU 0 and the load generator to CPU 1.
#   bench/run-sharedb-compare.sh [editors=50] [seconds=20] [warmup=5]
# Needs app/target/lockstep.jar and bench/target/lockstep-bench.jar (built when missing) and npm.
# Lockstep runs with the per-connection rate limit raised (--ops-per-second/--ops-burst), as in
# run-load.sh: 50 closed-loop editors on one quiet connection each would otherwise hit 200 ops/s.
set -euo pipefail
cd "$(dirname "$0")/.."
editors=${1:-50}
seconds=${2:-20}
warmup=${3:-5}

[ -f app/target/lockstep.jar ] || mvn -B -ntp -q -DskipTests package -pl app -am
[ -f bench/target/lockstep-bench.jar ] || mvn -B -ntp -q -DskipTests package -pl bench -am
(cd bench/sharedb-server && npm ci --no-audit --no-fund --loglevel=error)

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

server_pid=
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  server_pid=
}
trap stop_server EXIT

wait_for() {
  for _ in $(seq 1 300); do
    if grep -q "listening on" "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "server did not start:" >&2
  cat "$1" >&2
  exit 1
}

load() {
  taskset -c 1 java -Xmx512m -cp bench/target/lockstep-bench.jar io.lockstep.bench.sharedb.ShareDbLoad \
    "$1" "$editors" "$seconds" "$warmup"
}

log=$(mktemp)
port=$(free_port)
taskset -c 0 node bench/sharedb-server/server.js "$port" >"$log" 2>&1 &
server_pid=$!
wait_for "$log"
echo "ShareDB $(node -p 'require("./bench/sharedb-server/node_modules/sharedb/package.json").version') (memory db):"
load "ws://127.0.0.1:$port/sharedb"
stop_server

port=$(free_port)
taskset -c 0 java -jar app/target/lockstep.jar --host 127.0.0.1 --port "$port" \
  --ops-per-second 1000000 --ops-burst 1000000 --max-outbound-bytes 67108864 \
  --max-connections 1000000 --max-connections-per-ip 1000000 >"$log" 2>&1 &
server_pid=$!
wait_for "$log"
echo "Lockstep /sharedb (memory engines):"
load "ws://127.0.0.1:$port/sharedb"
stop_server
rm -f "$log"
