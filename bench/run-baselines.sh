#!/usr/bin/env bash
# Lockstep and the bare Vert.x broadcast server side by side, with the same clients and method
# (docs/benchmarks.md, "Method"). Each run is one bench/run-load.sh call; the JSON summary line of
# each goes to $OUT (default $TMPDIR/lockstep-baselines.jsonl), prefixed by the run's name.
#   bench/run-baselines.sh memory     10,000 idle subscribed connections (hello + sub, offering
#                                     permessage-deflate like a browser); server heap fixed and
#                                     pre-touched, full GC before each reading; 20 s settle
#   bench/run-baselines.sh fanout     1,000 idle subscribers, one writer at 50 ops/s, evenly spaced and
#                                     in bursts of 5 (what coalescing is for); 20 s warm-up
# ROUNDS (default 2) repeats the whole series, so every figure is measured at least twice.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:?memory or fanout}
out=${OUT:-${TMPDIR:-/tmp}/lockstep-baselines.jsonl}
rounds=${ROUNDS:-2}

run() {
  local name=$1
  shift
  local line
  line=$("$@" 2>/dev/null | tail -n 1 || true)
  echo "{\"run\":\"$name\",\"result\":${line:-null}}" >> "$out"
  echo "run-baselines: $name done" >&2
}

for round in $(seq 1 "$rounds"); do
  case "$what" in
    memory)
      memory=(fanout --subscribers 10000 --rate 1 --duration 5s --warmup 1s --settle 20s --gc-before-memory true
        --connect-timeout 60s)
      export SERVER_JAVA_OPTS="-Xms1g -Xmx1g -XX:+AlwaysPreTouch"
      run "memory lockstep r$round" bench/run-load.sh "${memory[@]}"
      SERVER_ARGS="--ws-compression true" run "memory lockstep+deflate r$round" bench/run-load.sh "${memory[@]}"
      run "memory bare r$round" bench/run-load.sh --bare "${memory[@]}"
      ;;
    fanout)
      fanout=(fanout --subscribers 1000 --rate 50 --duration 20s --warmup 20s)
      run "fanout lockstep r$round" bench/run-load.sh "${fanout[@]}"
      run "fanout bare r$round" bench/run-load.sh --bare "${fanout[@]}"
      run "fanout-burst5 lockstep r$round" bench/run-load.sh "${fanout[@]}" --burst 5
      run "fanout-burst5 bare r$round" bench/run-load.sh --bare "${fanout[@]}" --burst 5
      SERVER_ARGS="--ws-compression true" run "fanout lockstep+deflate r$round" bench/run-load.sh "${fanout[@]}"
      ;;
    *) echo "memory or fanout" >&2; exit 2 ;;
  esac
done
