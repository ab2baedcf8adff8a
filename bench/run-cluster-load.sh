#!/usr/bin/env bash
# hot-doc across several nodes: starts the native topology (docker/run-local-topology.sh: Redis,
# N Lockstep nodes, nginx) with benchmark limits, spreads the editors over the nodes round robin
# (LoadGen --url a,b,c), then prints every node's commits, commit retries and forwards. Server CPU
# is summed over the nodes and Redis.
#   bench/run-cluster-load.sh [--nodes 3] [--no-cluster] -- <LoadGen hot-doc arguments without --url>
# e.g. bench/run-cluster-load.sh --nodes 3 -- --editors 50 --duration 15s --warmup 15s
# Loopback only. The nodes, Redis and the load generator share this machine's CPUs.
set -euo pipefail
cd "$(dirname "$0")/.."
nodes=3 topo_flags=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case "$1" in
    --nodes) nodes="$2"; shift 2 ;;
    --no-cluster) topo_flags+=(--no-cluster); shift ;;
    *) echo "unknown flag $1" >&2; exit 2 ;;
  esac
done
[ "${1:-}" = "--" ] && shift
[ -f bench/target/lockstep-bench.jar ] || mvn -B -ntp -q -DskipTests package
state=$(mktemp -d -t lockstep-cluster-bench.XXXXXX)
trap 'docker/run-local-topology.sh stop --state "$state" >/dev/null 2>&1 || true' EXIT
docker/run-local-topology.sh start --state "$state" --nodes "$nodes" "${topo_flags[@]}" -- \
  --ops-per-second 1000000 --ops-burst 1000000 --max-outbound-bytes 67108864 \
  --max-connections 1000000 --max-connections-per-ip 1000000 ${LOCKSTEP_BENCH_FLAGS:-}
. "$state/topology.env"
urls=""
for p in $NODE_PORTS; do urls="${urls:+$urls,}ws://127.0.0.1:$p/sync"; done

counters() {
  for p in $NODE_PORTS; do
    exec 3<>"/dev/tcp/127.0.0.1/$p"
    printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3
    grep -E '^lockstep_sync_(ops_committed|commit_retries|forwards)_total ' <&3 | sed "s/^/node:$p /"
    exec 3<&-
  done
}
counters > "$state/before.txt"
# Server CPU and RSS are the sum over every node and Redis: the cost of the whole back end per op.
pids=$(cat "$state"/node-*.pid "$state/redis.pid" | paste -sd, -)
java ${LOADGEN_JAVA_OPTS:--Xmx1g} -cp bench/target/lockstep-bench.jar io.lockstep.bench.load.LoadGen hot-doc \
  --url "$urls" --server-pid "$pids" "$@"
counters > "$state/after.txt"
echo "== per-node counters during the run (after minus before) =="
join <(sort "$state/before.txt" | awk '{print $1"|"$2, $3}' | sort) <(sort "$state/after.txt" | awk '{print $1"|"$2, $3}' | sort) \
  | awk '{printf "%-40s %12.0f\n", $1, $3 - $2}'
