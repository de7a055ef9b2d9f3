#!/usr/bin/env bash
# A local Neo4j 5 Community server (embedded DBMS + Bolt on 127.0.0.1) without Docker.
#   export PATHFINDER_NEO4J_PASSWORD='a long password'
#   neo4j-server/run.sh start | stop | status | build
# See README.md beside this file for the environment variables.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE="${PATHFINDER_NEO4J_STATE:-$HOME/.cache/pathfinder-neo4j}"
DATA="${PATHFINDER_NEO4J_DATA:-$STATE/data}"
PORT="${PATHFINDER_NEO4J_PORT:-7687}"
PIDFILE="$STATE/server-$PORT.pid"
LOG="$STATE/server-$PORT.log"
JAR="$HERE/target/pathfinder-neo4j-server-1.0.jar"
MAIN=pathfinder.testserver.Main
TIMEOUT="${PATHFINDER_NEO4J_START_TIMEOUT:-120}"
# shellcheck disable=SC2206
JAVA_OPTS=(${PATHFINDER_NEO4J_JAVA_OPTS:--Xmx1g -XX:+ExitOnOutOfMemoryError})

say() { echo "neo4j-server: $*" >&2; }

up_to_date() {
  [[ -f "$JAR" && -d "$HERE/target/lib" ]] || return 1
  [[ -z "$(find "$HERE/pom.xml" "$HERE/src" -newer "$JAR" -print -quit)" ]]
}

build() {
  if up_to_date; then return 0; fi
  say "building (mvn package; the first build downloads ~125 MB of jars into ~/.m2)"
  # (sed: Debian's Maven 3.8 prints bare colour resets even with -B)
  (cd "$HERE" && mvn -q -B package 2>&1 | sed -e 's/\x1b\[0m//g' -e '/^$/d' >&2)
  touch "$JAR"
}

running_pid() { # prints the pid if the pid file names a live server of ours
  [[ -f "$PIDFILE" ]] || return 1
  local pid; pid="$(cat "$PIDFILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
    && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN" || return 1
  echo "$pid"
}

start() {
  if [[ -z "${PATHFINDER_NEO4J_PASSWORD:-}" ]]; then
    say "PATHFINDER_NEO4J_PASSWORD is not set: export the password for user neo4j (8+ characters) first"
    exit 2
  fi
  local pid
  if pid="$(running_pid)"; then
    say "already running (pid $pid) on bolt://127.0.0.1:$PORT"
    return 0
  fi
  build
  mkdir -p "$STATE" "$DATA"
  : >"$LOG"
  # setsid + closed stdin: the server outlives this shell and holds none of its pipes.
  setsid java "${JAVA_OPTS[@]}" -cp "$JAR:$HERE/target/lib/*" "$MAIN" "$DATA" "$PORT" \
    </dev/null >>"$LOG" 2>&1 &
  pid=$!
  echo "$pid" >"$PIDFILE"
  local t0=$SECONDS
  while (( SECONDS - t0 < TIMEOUT )); do
    if grep -q '^READY ' "$LOG"; then
      say "started (pid $pid, $((SECONDS - t0)) s): bolt://127.0.0.1:$PORT, data $DATA, log $LOG"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      say "the server exited before it was ready; last lines of $LOG:"
      tail -n 40 "$LOG" >&2
      rm -f "$PIDFILE"
      exit 1
    fi
    sleep 0.5
  done
  say "not ready after $TIMEOUT s; stopping it. Last lines of $LOG:"
  tail -n 40 "$LOG" >&2
  stop >/dev/null 2>&1 || true
  exit 1
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PIDFILE"
    say "not running (port $PORT)"
    return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 120); do # up to 60 s for a clean shutdown
    kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; say "stopped (pid $pid)"; return 0; }
    sleep 0.5
  done
  say "pid $pid did not stop within 60 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
}

status() {
  local pid
  if pid="$(running_pid)"; then
    echo "running (pid $pid) bolt://127.0.0.1:$PORT data $DATA"
  else
    echo "not running (port $PORT)"
    return 3
  fi
}

case "${1:-}" in
  build) build ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 build|start|stop|status" >&2; exit 64 ;;
esac
