#!/usr/bin/env bash
# The reliability soak of issue 14: runs the fault suite (fault-suite: the native topology under
# Redis kill -9/restart, Redis SIGSTOP, a node's Redis link reset and stalled, a client that stops
# reading, a node SIGKILL; without and with --cluster) round after round with random seeds until the
# time is up, and tallies each scenario's passes and failures with the seeds that failed.
#
#   bench/fault-soak.sh [minutes (default 10)] [test classes (default FaultSuiteIT,ClusteredFaultSuiteIT)]
#
# Each round starts the topology afresh. Output: bench/target/fault-soak/round-N.log (the whole
# Maven output of round N) and bench/target/fault-soak/results.txt (one line per scenario run:
# round, scenario, seed, PASS or FAIL and the first problem). Replay a failure with
#   mvn -pl fault-suite -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
#     -Dit.test=<class> -Dfailsafe.failIfNoSpecifiedTests=false -Dlockstep.seed=<seed>
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-10}"
tests="${2:-FaultSuiteIT,ClusteredFaultSuiteIT}"
out=bench/target/fault-soak
mkdir -p "$out"
: > "$out/results.txt"

end=$(( SECONDS + minutes * 60 ))
round=0
while (( SECONDS < end )); do
  round=$(( round + 1 ))
  log="$out/round-$round.log"
  echo "round $round (${SECONDS}s of $(( minutes * 60 ))s)"
  mvn -B -ntp -o -pl fault-suite -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test="$tests" -Dfailsafe.failIfNoSpecifiedTests=false -Dlockstep.seed=random > "$log" 2>&1 || true
  # "FaultRun <scenario> seed=<n>" starts each scenario; "failed with seed <n> (...): <scenario>: ..." ends a failed one.
  grep -oE '^FaultRun [^ ]+ seed=[0-9]+' "$log" | while read -r _ scenario seed; do
    seed="${seed#seed=}"
    problem=$(grep -m1 -A1 -F "failed with seed $seed " "$log" | sed -n 2p | sed 's/^ *- //' || true)
    if grep -qF "failed with seed $seed " "$log"; then
      echo "$round $scenario $seed FAIL ${problem}" >> "$out/results.txt"
    else
      echo "$round $scenario $seed PASS" >> "$out/results.txt"
    fi
  done
  if ! grep -q '^FaultRun ' "$log"; then
    echo "round $round ran no scenario: see $log" | tee -a "$out/results.txt"
  fi
done

echo "== $(wc -l < "$out/results.txt") scenario runs in $round rounds"
awk '{ key=$2; runs[key]++; if ($4 == "PASS") pass[key]++ }
     END { for (k in runs) printf "%-40s %3d/%-3d passed\n", k, pass[k], runs[k] }' "$out/results.txt" | sort
