#!/usr/bin/env bash
# Runs one load-generator scenario against a fresh Lockstep server on this machine, e.g.
#   bench/run-load.sh hot-doc --editors 50 --duration 20s
#   bench/run-load.sh hot-doc --editors 50 --rate 10 --type json0
#   bench/run-load.sh fanout --subscribers 1000 --rate 50
#   bench/run-load.sh presence --rooms 10 --members 50 --rate 20
#   bench/run-load.sh feed --subscribers 1000 --rate 100      (SSE: one publisher, M streams on one channel)
#   bench/run-load.sh --bare fanout --subscribers 1000 --rate 50   (the bare Vert.x broadcast baseline)
# Arguments are LoadGen's (see LoadOptions.USAGE); this script adds --url and --server-pid.
# --bare first runs io.lockstep.bench.baseline.BareBroadcastServer instead of Lockstep.
#
# Pinning: the server runs on CPU $SERVER_CPUS (default 0) and LoadGen on $LOADGEN_CPUS (default 1),
# with taskset. Extra server flags: SERVER_ARGS (e.g. "--ws-compression true"). Memory per
# connection: SERVER_JAVA_OPTS="-Xms1g -Xmx1g -XX:+AlwaysPreTouch" and LoadGen's
# --gc-before-memory true (see docs/benchmarks.md, "Method").
#
# Steps: builds app/target/lockstep.jar and bench/target/lockstep-bench.jar when missing or older
# than any POM or main source file; starts the server on a free loopback port with the limits that
# would otherwise throttle a benchmark raised (below); waits for GET /health; runs LoadGen; stops
# the server with SIGTERM. Exit status is LoadGen's (0 pass, 1 failed run, 2 bad arguments).
#
# Raised limits, and why:
#   --ops-per-second 1000000 --ops-burst 1000000   (default 200 / 400 per connection: closed-loop
#       editors on a quiet document exceed 200 ops/s and would be answered rate_limited)
#   --max-outbound-bytes 67108864                  (default 4 MiB: the load generator shares the
#       CPUs and may read late under load; a slow-consumer close would end the run)
#   --max-connections 1000000 --max-connections-per-ip 1000000   (default 10,000 / 200: every
#       connection of the load generator comes from 127.0.0.1)
# Everything else keeps its default (memory op store and broker, snapshot every 100 ops, ...).
#
# The load generator runs on the same machine and CPUs as the server: its own CPU use is printed
# in the summary. JVM options: SERVER_JAVA_OPTS (server, default none) and LOADGEN_JAVA_OPTS
# (default -Xmx2g -XX:+UseParallelGC: at 200,000 received frames/s LoadGen's own G1 pauses reached
# 100+ ms and showed up in every latency it measures; the parallel collector pauses less often). The server's log goes to $TMPDIR/lockstep-bench-server.<port>.log.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -eq 0 ] || [ "$1" = "--help" ] || [ "$1" = "-h" ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
fi
bare=false
if [ "$1" = "--bare" ]; then
  bare=true
  shift
fi
server_cpus=${SERVER_CPUS:-0}
loadgen_cpus=${LOADGEN_CPUS:-1}
read -r -a server_args <<< "${SERVER_ARGS:-}"
# 10,000 connections need as many descriptors on each side.
ulimit -n 65536 2>/dev/null || true

server_jar=app/target/lockstep.jar
bench_jar=bench/target/lockstep-bench.jar

# stale JAR PATH...: JAR is missing or older than a POM or a main source file under the PATHs.
stale() {
  local jar=$1
  shift
  [ ! -f "$jar" ] && return 0
  local newer
  newer=$(find pom.xml "$@" \( -name target -o -name node_modules \) -prune -o \
    -type f \( -name pom.xml -o -path '*/src/main/*' \) -newer "$jar" -print -quit)
  [ -n "$newer" ]
}

build() {
  echo "run-load: building $1" >&2
  mvn -B -ntp -q -o -DskipTests package -pl "$2" -am >&2 || mvn -B -ntp -q -DskipTests package -pl "$2" -am >&2
}

server_modules=()
for module in common service-edge sync-service presence-service feed-service app; do
  if [ -d "$module" ]; then server_modules+=("$module"); fi
done
if stale "$server_jar" "${server_modules[@]}"; then build "$server_jar" app; fi
if stale "$bench_jar" common bench; then build "$bench_jar" bench; fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log="${TMPDIR:-/tmp}/lockstep-bench-server.$port.log"
read -r -a server_opts <<< "${SERVER_JAVA_OPTS:-}"
read -r -a loadgen_opts <<< "${LOADGEN_JAVA_OPTS:--Xmx2g -XX:+UseParallelGC}"

if [ "$bare" = true ]; then
  taskset -c "$server_cpus" java "${server_opts[@]}" -cp "$bench_jar" io.lockstep.bench.baseline.BareBroadcastServer \
    --host 127.0.0.1 --port "$port" "${server_args[@]}" >"$log" 2>&1 &
else
  taskset -c "$server_cpus" java "${server_opts[@]}" -jar "$server_jar" --host 127.0.0.1 --port "$port" \
    --ops-per-second 1000000 --ops-burst 1000000 --max-outbound-bytes 67108864 \
    --max-connections 1000000 --max-connections-per-ip 1000000 "${server_args[@]}" >"$log" 2>&1 &
fi
server_pid=$!

stop_server() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 150); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
}
trap stop_server EXIT

for i in $(seq 1 300); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null || [ "$i" -eq 300 ]; then
    echo "run-load: the server did not become healthy within 30 s; its log ($log):" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
  sleep 0.1
done

echo "run-load: server pid $server_pid on 127.0.0.1:$port (log $log); load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
status=0
taskset -c "$loadgen_cpus" java -Dslf4j.internal.verbosity=ERROR "${loadgen_opts[@]}" -cp "$bench_jar" io.lockstep.bench.load.LoadGen "$@" \
  --url "ws://127.0.0.1:$port/sync" --server-pid "$server_pid" || status=$?
exit "$status"
