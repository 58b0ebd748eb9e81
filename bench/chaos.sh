#!/usr/bin/env bash
# Chaos soak: Parley's split mode (PostgreSQL + 2 silos + 2 client-only front-ends) under steady
# chat from the load generator (publishers retrying with their clientMessageId, subscribers
# resuming with sinceSeq) while, every ~60 s, a random silo or front-end is SIGKILLed and
# restarted after a pause, and once the database itself restarts. Then it reports what users
# would care about: acknowledged messages missing from history, duplicates stored, subscribers
# with a gap after resuming, the longest time without a successful send, errors by kind.
#
#   bench/chaos.sh [--short] [--seed N] [--no-report]
#     default      10 minutes of traffic, an event every ~60 s
#     --short      2 minutes, an event every ~30 s
#     --seed N     the random choices of victims and pauses (printed at the start of every run)
#     --no-report  print the result, do not touch bench/results/ or BENCHMARKS.md
#
# Everything listens on 127.0.0.1 and is started here; every process is stopped by PID on exit.
# The runtime's default settings (tiered compilation on): this measures recovery, not throughput.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/bench/lib.sh"

duration=600; interval=60; pause_min=5; pause_spread=10; report=true; seed=$((RANDOM))
while [ $# -gt 0 ]; do
  case "$1" in
    --short) duration=120; interval=30; pause_spread=5 ;;
    --seed) seed=$2; shift ;;
    --no-report) report=false ;;
    *) echo "unknown argument: $1 (see the header of $0)" >&2; exit 2 ;;
  esac
  shift
done
RANDOM=$seed

state="$(mktemp -d /tmp/parley-chaos.XXXXXX)"
chmod 755 "$state" # the postgres user must reach its folder inside
pids=()
events="$state/events.jsonl"; : >"$events"

cleanup() {
  set +e
  [ -n "${loadgen_pid:-}" ] && stop_pids "$loadgen_pid"
  for pid in "${running[@]}"; do stop_pids "$pid"; done
  stop_postgres
  if [ -n "${BENCH_KEEP:-}" ]; then log "kept $state"; else rm -rf "$state"; fi
}
declare -A running=() ports=()
trap cleanup EXIT
trap 'exit 130' INT TERM

log "seed $seed, $duration s of traffic, an event every ~$interval s"
log "building (Release)"
for project in src/Frontend src/Silo bench/LoadGen; do
  dotnet build "$root/$project" -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null
done
frontend_dll="$root/src/Frontend/bin/Release/net10.0/Parley.Frontend.dll"
silo_dll="$root/src/Silo/bin/Release/net10.0/Parley.Silo.dll"
loadgen_dll="$root/bench/LoadGen/bin/Release/net10.0/Parley.LoadGen.dll"

start_postgres
db=$(database parley)
log "PostgreSQL on $pg_port"

# Each node keeps its ports across restarts, as a machine or a pod with a stable address does.
for name in silo-1 silo-2 frontend-1 frontend-2; do ports[$name]="$(free_port) $(free_port) $(free_port)"; done

start_node() { # name
  local name=$1 silo gateway http
  read -r silo gateway http <<<"${ports[$name]}"
  case "$name" in
    silo-*) spawn "$name" "${parley_env[@]}" ConnectionStrings__Parley="$db" Orleans__Endpoints__SiloPort="$silo" \
              Orleans__Endpoints__GatewayPort="$gateway" dotnet "$silo_dll" ;;
    frontend-*) spawn "$name" "${parley_env[@]}" Parley__Role=Frontend ConnectionStrings__Parley="$db" \
              dotnet "$frontend_dll" --urls "http://127.0.0.1:$http" --contentRoot "$root/src/Frontend" ;;
  esac
  running[$name]=$spawned
}
url_of() { local silo gateway http; read -r silo gateway http <<<"${ports[$1]}"; echo "http://127.0.0.1:$http"; }

for name in silo-1 silo-2 frontend-1 frontend-2; do start_node "$name"; done
wait_http "$(url_of frontend-1)" /readyz
wait_http "$(url_of frontend-2)" /readyz

started=$(date +%s.%N)
elapsed() { python3 -c "print(round($(date +%s.%N) - $started, 1))"; }
event() { # action target
  local at; at=$(elapsed)
  echo "{\"at\": $at, \"action\": \"$1\", \"target\": \"$2\"}" >>"$events"
  log "t=${at}s $1 $2"
}

dotnet "$loadgen_dll" chaos --url "$(url_of frontend-1)" "$(url_of frontend-2)" --seconds "$duration" \
  >"$state/result.json" 2>"$state/loadgen.log" &
loadgen_pid=$!

# The events: one database restart in the middle, the others a random victim each.
count=$(( duration / interval - 1 ))
database_event=$(( (count + 1) / 2 ))
for i in $(seq 1 "$count"); do
  # Event i comes near i × interval, give or take a quarter of it; the last one is over before the traffic ends.
  target=$(( i * interval - interval / 4 + RANDOM % (interval / 2) ))
  python3 -c "import time; time.sleep(max(0, $target - ($(date +%s.%N) - $started)))"
  kill -0 "$loadgen_pid" 2>/dev/null || break
  if [ "$i" -eq "$database_event" ]; then
    event restart postgres
    as_postgres "$pg_bin/pg_ctl -D '$state/pg/data' -l '$state/pg/postgres.log' -m immediate -w -o \"$(pg_options)\" restart" >/dev/null
    event restarted postgres
    continue
  fi
  victims=(silo-1 silo-2 frontend-1 frontend-2)
  victim=${victims[$((RANDOM % 4))]}
  { kill -9 "${running[$victim]}" && wait "${running[$victim]}"; } 2>/dev/null || true
  event sigkill "$victim"
  sleep $(( pause_min + RANDOM % pause_spread ))
  start_node "$victim"
  event restarted "$victim"
done

log "waiting for the load generator to finish and verify"
if ! wait "$loadgen_pid"; then
  loadgen_pid=""
  log "the load generator failed:"; tail -n 30 "$state/loadgen.log" >&2; exit 1
fi
loadgen_pid=""

args=(--result "$state/result.json" --events "$events" --seed "$seed")
if $report; then args+=(--out-dir "$root/bench/results" --markdown "$root/BENCHMARKS.md"); fi
python3 "$root/bench/chaos_report.py" "${args[@]}"
