#!/usr/bin/env bash
# The docker-compose topology, natively on loopback, for tests and for trying scale-out without a
# Docker engine: redis-server (append-only file on), N Lockstep processes sharing it in one Vert.x
# cluster, and nginx with the same routing as docker/nginx.conf. Every port is a free loopback port.
#
#   run-local-topology.sh start   --state DIR [--nodes 3] [--jar app/target/lockstep.jar] [--no-cluster] [-- extra lockstep flags]
#   run-local-topology.sh stop    --state DIR
#   run-local-topology.sh kill-node  --state DIR N     SIGKILL node N (1-based)
#   run-local-topology.sh start-node --state DIR N     start node N again
#   run-local-topology.sh restart-redis --state DIR    SIGKILL Redis and start it again on the same data
#   run-local-topology.sh pause-redis --state DIR      SIGSTOP Redis (it holds its connections, answers nothing)
#   run-local-topology.sh resume-redis --state DIR     SIGCONT Redis
#   run-local-topology.sh status  --state DIR
#
# start also takes --redis-port P (Redis on this port instead of a free one) and
# --node-redis-ports "P1 P2 ..." (node i reaches Redis at 127.0.0.1:Pi, e.g. a fault-injecting proxy
# the caller runs in front of Redis, instead of at Redis's own port).
# REDIS_APPENDFSYNC=everysec trades the fsync per commit for throughput (default: always).
# NODE_HEALTH_TIMEOUT=<s> is how long a starting node may take to become healthy (default 90).
# `start` writes DIR/topology.env (REDIS_PORT, NGINX_PORT, NODE_PORTS, CLUSTER_PORTS) for callers.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"

die() { echo "run-local-topology: $*" >&2; exit 1; }

install_debian_packages() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 40000 ))
    if ! port_in_use "$p" && ! grep -qw "$p" "$state/ports.used" 2>/dev/null; then
      echo "$p" >> "$state/ports.used"
      echo "$p"
      return
    fi
  done
  die "no free port found"
}

http_get() { # port path -> body (HTTP/1.0 over bash's /dev/tcp: no curl needed)
  local reply
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
  reply=$(cat <&3) || true
  exec 3<&-
  printf '%s' "$reply"
}

wait_healthy() { # port seconds
  local deadline=$(( SECONDS + $2 ))
  while (( SECONDS < deadline )); do
    if http_get "$1" /health 2>/dev/null | grep -q '"outcome":"UP"'; then return 0; fi
    sleep 0.3
  done
  return 1
}

wait_redis() {
  local deadline=$(( SECONDS + 15 ))
  while (( SECONDS < deadline )); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  die "redis-server did not start (see $state/redis.log)"
}

start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$state/redis" --save "" \
    --appendonly yes --appendfsync "${REDIS_APPENDFSYNC:-always}" --logfile "$state/redis.log" --daemonize no </dev/null >/dev/null 2>&1 &
  echo $! > "$state/redis.pid"
  wait_redis
}

node_flags() { # index
  local i=$1 ports=($NODE_PORTS) cports=($CLUSTER_PORTS) members=""
  for c in "${cports[@]}"; do members="${members:+$members,}127.0.0.1:$c"; done
  local redis_ports=(${NODE_REDIS_PORTS:-}) redis_port=$REDIS_PORT
  if [ ${#redis_ports[@]} -ge "$i" ]; then redis_port=${redis_ports[$((i-1))]}; fi
  echo --port "${ports[$((i-1))]}" --host 127.0.0.1 --node-id "node-$i" --redis "redis://127.0.0.1:$redis_port/0"
  # Every client comes from 127.0.0.1 (directly or through nginx): the per-address cap would limit them all together.
  echo --max-connections-per-ip 10000
  if [ "$CLUSTER" = "true" ]; then
    echo --cluster --cluster-host 127.0.0.1 --cluster-port "${cports[$((i-1))]}" --cluster-members "$members"
  fi
}

cluster_secret() { # one random secret per topology, kept in its state directory (0600), never on a command line
  local file="$state/cluster-secret" secret
  if [ ! -s "$file" ]; then
    secret=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
    [ "${#secret}" -eq 64 ] || die "could not read a cluster secret from /dev/urandom"
    # Written whole, then renamed: a node never reads a half-written (or empty) secret.
    (umask 077; printf '%s' "$secret" > "$file.tmp") && mv "$file.tmp" "$file"
  fi
  cat "$file"
}

start_node() { # index
  local i=$1 secret
  secret=$(cluster_secret)
  [ -n "$secret" ] || die "empty cluster secret in $state/cluster-secret"
  # shellcheck disable=SC2046
  LOCKSTEP_CLUSTER_SECRET="$secret" \
    java -Xmx512m -jar "$JAR" $(node_flags "$i") $EXTRA </dev/null >> "$state/node-$i.log" 2>&1 &
  echo $! > "$state/node-$i.pid"
}

render_nginx() {
  local upstreams="" p
  for p in $NODE_PORTS; do upstreams="$upstreams    server 127.0.0.1:$p max_fails=1 fail_timeout=2s;"$'\n'; done
  mkdir -p "$state/nginx-tmp"
  awk -v state="$state" -v port="$NGINX_PORT" -v ups="$upstreams" '
    { gsub(/@STATE@/, state); gsub(/@PORT@/, port) }
    /@UPSTREAMS@/ { printf "%s", ups; next }
    { print }' "$here/nginx.local.conf.template" > "$state/nginx.conf"
  local user_line=""
  if [ "$(id -u)" -eq 0 ]; then user_line="user root;"; fi
  nginx -t -p "$state" -c "$state/nginx.conf" -g "daemon off; $user_line" >/dev/null 2>&1 \
    || { nginx -t -p "$state" -c "$state/nginx.conf" -g "daemon off; $user_line"; die "bad nginx config"; }
  nginx -p "$state" -c "$state/nginx.conf" -g "daemon off; $user_line" </dev/null >/dev/null 2>&1 &
  echo $! > "$state/nginx.master.pid"
}

load_env() {
  [ -f "$state/topology.env" ] || die "no topology in $state (run start first)"
  # shellcheck disable=SC1091
  . "$state/topology.env"
}

alive() { # pid: running, and not a zombie left unreaped after SIGKILL
  local st
  st=$(ps -o stat= -p "$1" 2>/dev/null || true)
  [ -n "$st" ] && [ "${st#Z}" = "$st" ]
}

kill_pidfile() { # file signal
  if [ -f "$1" ]; then kill "-$2" "$(cat "$1")" 2>/dev/null || true; fi
}

cmd="${1:-}"; shift || true
state="" nodes=3 JAR="$repo/app/target/lockstep.jar" CLUSTER=true EXTRA="" index="" fixed_redis_port="" NODE_REDIS_PORTS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --state) state="$2"; shift 2 ;;
    --nodes) nodes="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --no-cluster) CLUSTER=false; shift ;;
    --redis-port) fixed_redis_port="$2"; shift 2 ;;
    --node-redis-ports) NODE_REDIS_PORTS="$2"; shift 2 ;;
    --) shift; EXTRA="$*"; break ;;
    *) index="$1"; shift ;;
  esac
done
[ -n "$state" ] || die "--state DIR is required"
mkdir -p "$state"
state="$(cd "$state" && pwd)"

case "$cmd" in
  start)
    command -v redis-server >/dev/null || install_debian_packages redis-server
    command -v nginx >/dev/null || install_debian_packages nginx-light
    [ -f "$JAR" ] || (cd "$repo" && mvn -B -ntp -q -DskipTests package -pl app -am)
    mkdir -p "$state/redis"
    : > "$state/ports.used"
    REDIS_PORT=${fixed_redis_port:-$(free_port)}; NGINX_PORT=$(free_port)
    for p in $REDIS_PORT $NODE_REDIS_PORTS; do echo "$p" >> "$state/ports.used"; done
    NODE_PORTS=""; CLUSTER_PORTS=""
    for _ in $(seq 1 "$nodes"); do NODE_PORTS="$NODE_PORTS $(free_port)"; CLUSTER_PORTS="$CLUSTER_PORTS $(free_port)"; done
    NODE_PORTS="${NODE_PORTS# }"; CLUSTER_PORTS="${CLUSTER_PORTS# }"
    cat > "$state/topology.env" <<ENV
REDIS_PORT=$REDIS_PORT
NGINX_PORT=$NGINX_PORT
NODE_PORTS="$NODE_PORTS"
CLUSTER_PORTS="$CLUSTER_PORTS"
NODE_REDIS_PORTS="$NODE_REDIS_PORTS"
CLUSTER=$CLUSTER
JAR="$JAR"
EXTRA="$EXTRA"
ENV
    start_redis
    for i in $(seq 1 "$nodes"); do start_node "$i"; done
    ports=($NODE_PORTS)
    for i in $(seq 1 "$nodes"); do
      wait_healthy "${ports[$((i-1))]}" "${NODE_HEALTH_TIMEOUT:-90}" || die "node $i did not become healthy (see $state/node-$i.log)"
    done
    render_nginx
    wait_healthy "$NGINX_PORT" 15 || die "nginx does not reach the nodes (see $state/nginx-error.log)"
    echo "topology up: nginx 127.0.0.1:$NGINX_PORT, nodes $NODE_PORTS, redis $REDIS_PORT (state in $state)"
    ;;
  stop)
    load_env
    pidfiles=("$state/nginx.master.pid" "$state"/node-*.pid "$state/redis.pid")
    kill_pidfile "$state/redis.pid" CONT # a paused Redis would not act on TERM
    for f in "${pidfiles[@]}"; do kill_pidfile "$f" TERM; done
    deadline=$(( SECONDS + 10 ))
    for f in "${pidfiles[@]}"; do
      [ -f "$f" ] || continue
      while alive "$(cat "$f")" && (( SECONDS < deadline )); do sleep 0.1; done
      kill_pidfile "$f" KILL
    done
    ;;
  kill-node)
    load_env; [ -n "$index" ] || die "which node?"
    kill_pidfile "$state/node-$index.pid" KILL
    ;;
  start-node)
    load_env; [ -n "$index" ] || die "which node?"
    start_node "$index"
    ports=($NODE_PORTS)
    wait_healthy "${ports[$((index-1))]}" "${NODE_HEALTH_TIMEOUT:-90}" || die "node $index did not become healthy"
    ;;
  restart-redis)
    load_env
    kill_pidfile "$state/redis.pid" KILL
    sleep 0.5
    start_redis
    ;;
  pause-redis)
    load_env
    kill_pidfile "$state/redis.pid" STOP
    ;;
  resume-redis)
    load_env
    kill_pidfile "$state/redis.pid" CONT
    ;;
  status)
    load_env
    for i in $(seq 1 "$(echo "$NODE_PORTS" | wc -w)"); do
      pid=$(cat "$state/node-$i.pid" 2>/dev/null || echo "")
      if [ -n "$pid" ] && alive "$pid"; then echo "node $i: up (pid $pid)"; else echo "node $i: down"; fi
    done
    ;;
  *)
    sed -n '2,19p' "$0"; exit 2 ;;
esac
