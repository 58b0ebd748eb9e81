# Helpers shared by bench/run.sh and bench/chaos.sh (sourced). Each script sets $state (its
# temporary folder) and the array pids=() before using them; every process spawned here is
# recorded in pids so the script's exit trap can stop it by PID.

pg_bin=/usr/lib/postgresql/15/bin

log() { echo "[$(basename "$0") $(date +%H:%M:%S)] $*" >&2; }

as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

stop_pids() { # stops the given PIDs (ours only): TERM, a grace period, then KILL
  local pid
  for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}

spawn() { # name, then env assignments and command; sets $spawned to the PID (output appends to $state/<name>.log)
  local name=$1; shift
  env "$@" >>"$state/$name.log" 2>&1 &
  spawned=$!
  pids+=("$spawned")
}

wait_http() { # url path
  for _ in $(seq 1 240); do
    curl -fs "$1$2" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  log "$1 did not answer $2; logs in $state"; tail -n 30 "$state"/*.log >&2; return 1
}

pg_options() { echo "-p $pg_port -k '$state/pg' -c listen_addresses=127.0.0.1 -c max_connections=400"; }

start_postgres() { # a throwaway PostgreSQL in $state/pg; sets pg_port and pg_server_pid
  [ -x "$pg_bin/initdb" ] || { log "installing PostgreSQL 15"; apt-get update -qq && apt-get install -y -qq postgresql-15 >/dev/null; }
  pg_port=$(free_port)
  mkdir -p "$state/pg"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$state/pg"
  as_postgres "$pg_bin/initdb -D '$state/pg/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-instructions" >/dev/null
  as_postgres "$pg_bin/pg_ctl -D '$state/pg/data' -l '$state/pg/postgres.log' -w -o \"$(pg_options)\" start" >/dev/null
  pg_server_pid=$(head -n 1 "$state/pg/data/postmaster.pid")
}

stop_postgres() { [ -d "$state/pg/data" ] && as_postgres "$pg_bin/pg_ctl -D '$state/pg/data' -m immediate -w stop" >/dev/null 2>&1; }

database() { # name → connection string of a fresh database
  as_postgres "$pg_bin/createdb -h 127.0.0.1 -p $pg_port -U postgres $1"
  echo "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$1;Maximum Pool Size=100${BENCH_PG_EXTRA:-}"
}

wait_active_silos() { # database name, count: until Orleans' membership table lists that many active silos
  local active
  for _ in $(seq 1 240); do
    active=$(as_postgres "$pg_bin/psql -h 127.0.0.1 -p $pg_port -U postgres -d $1 -tAc 'select count(*) from orleansmembershiptable where status = 3'" 2>/dev/null || echo 0)
    [ "${active:-0}" -ge "$2" ] && sleep 2 && return 0 # and a moment for the silos to gossip it
    sleep 0.25
  done
  log "only ${active:-0} of $2 silos became active; logs in $state"; return 1
}

# Parley's limits raised for load; cheap password hashing so thousands of users register quickly.
parley_env=(Logging__LogLevel__Default=Warning Parley__RateLimits__AuthPermitsPerMinute=1000000
  Parley__RateLimits__SendsPerSecond=1000000 Parley__RateLimits__SendBurst=1000000 Parley__Accounts__PasswordIterations=1000
  Parley__Users__RoomCreationsPerMinute=1000000 Parley__Users__MaxRoomsCreated=1000000)
