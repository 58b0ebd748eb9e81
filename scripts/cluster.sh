#!/usr/bin/env bash
# A local Parley cluster for developers, on 127.0.0.1 only:
#   scripts/cluster.sh up      throwaway PostgreSQL + 2 silos + 2 front-ends; prints their URLs
#   scripts/cluster.sh down    stops exactly what "up" started and deletes its data
#   scripts/cluster.sh status  what is running
# State (PIDs, logs, the database folder) lives in .cluster/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
state="$root/.cluster"
pg_bin=/usr/lib/postgresql/15/bin
config=Release

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi
}

start_postgres() {
  local port=$1
  mkdir -p "$state/pg"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$state/pg"
  as_postgres "$pg_bin/initdb -D '$state/pg/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-instructions" >/dev/null
  as_postgres "$pg_bin/pg_ctl -D '$state/pg/data' -l '$state/pg/postgres.log' -w -o \"-p $port -k '$state/pg' -c listen_addresses=127.0.0.1\" start" >/dev/null
  as_postgres "$pg_bin/createdb -h 127.0.0.1 -p $port -U postgres parley"
}

start() { # name, then environment assignments and the command
  local name=$1; shift
  env "$@" >"$state/$name.log" 2>&1 &
  echo "$! $name" >>"$state/pids"
}

wait_ready() {
  local url=$1
  for _ in $(seq 1 120); do
    curl -fs "$url/readyz" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "$url did not become ready; see $state/*.log" >&2
  return 1
}

up() {
  if [ -e "$state/pids" ]; then echo "A cluster is already up (scripts/cluster.sh down first)." >&2; exit 1; fi
  dotnet build "$root/src/Frontend" -c $config --nologo -v quiet >/dev/null
  mkdir -p "$state"
  : >"$state/pids"
  local pg_port; pg_port=$(free_port)
  start_postgres "$pg_port"
  local db="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=parley"
  local bin="$root/src/Frontend/bin/$config/net10.0"
  for i in 1 2; do
    start "silo$i" ConnectionStrings__Parley="$db" Orleans__Endpoints__SiloPort="$(free_port)" \
      Orleans__Endpoints__GatewayPort="$(free_port)" dotnet "$root/src/Silo/bin/$config/net10.0/Parley.Silo.dll"
  done
  local urls=()
  for i in 1 2; do
    local url="http://127.0.0.1:$(free_port)"
    urls+=("$url")
    start "frontend$i" Parley__Role=Frontend ConnectionStrings__Parley="$db" \
      dotnet "$bin/Parley.Frontend.dll" --urls "$url" --contentRoot "$root/src/Frontend"
  done
  for url in "${urls[@]}"; do wait_ready "$url"; done
  echo "PostgreSQL  $db"
  for i in 1 2; do echo "front-end $i  ${urls[$((i - 1))]}"; done
  echo "logs        $state/*.log"
}

down() {
  if [ ! -e "$state/pids" ]; then echo "No cluster is up."; return 0; fi
  while read -r pid name; do
    kill "$pid" 2>/dev/null && echo "stopped $name ($pid)" || true
  done <"$state/pids"
  while read -r pid _; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done <"$state/pids"
  if [ -d "$state/pg/data" ]; then
    as_postgres "$pg_bin/pg_ctl -D '$state/pg/data' -m fast -w stop" >/dev/null && echo "stopped PostgreSQL"
  fi
  rm -rf "$state"
}

status() {
  if [ ! -e "$state/pids" ]; then echo "No cluster is up."; return 0; fi
  while read -r pid name; do
    if kill -0 "$pid" 2>/dev/null; then echo "$name ($pid) running"; else echo "$name ($pid) exited"; fi
  done <"$state/pids"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: scripts/cluster.sh up|down|status" >&2; exit 2 ;;
esac
