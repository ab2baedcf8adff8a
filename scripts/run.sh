#!/usr/bin/env bash
# Runs Lockstep from a fresh clone: builds app/target/lockstep.jar when it is missing or older than
# any POM or main source file, then runs it with the flags given here, e.g.
#   scripts/run.sh --port 9000 --services sync,presence
# Every flag, environment variable and default: scripts/run.sh --help, or docs/configuration.md.
# JVM options go in LOCKSTEP_JAVA_OPTS (e.g. "-Xmx2g"). Installs Maven when it is missing, on Debian.
set -euo pipefail
cd "$(dirname "$0")/.."

install_debian_packages() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "installing $* (apt-get)" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

jar=app/target/lockstep.jar

jar_is_stale() {
  [ ! -f "$jar" ] && return 0
  local newer
  newer=$(find . \( -name target -o -name .git -o -name node_modules \) -prune -o \
    -type f \( -name pom.xml -o -path '*/src/main/*' \) -newer "$jar" -print -quit)
  [ -n "$newer" ]
}

if jar_is_stale; then
  command -v mvn >/dev/null || install_debian_packages maven
  echo "building $jar" >&2
  mvn -B -ntp -q -Dstyle.color=never -DskipTests package -pl app -am >&2
fi

command -v java >/dev/null || install_debian_packages default-jre-headless
read -r -a java_opts <<< "${LOCKSTEP_JAVA_OPTS:-}"
exec java "${java_opts[@]}" -jar "$jar" "$@"
