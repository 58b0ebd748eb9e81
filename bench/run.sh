#!/usr/bin/env bash
# Parley against what a .NET team would pick instead, side by side, on this machine, in one run:
#   B0             a plain ASP.NET Core SignalR hub, in-memory groups, nothing stored, one process
#   parley-dev     Parley's dev mode: one process, co-hosted silo, every message stored in SQLite
#   B1             SignalR + Redis backplane + one PostgreSQL INSERT per message, two processes
#   parley-cluster Parley's split mode: PostgreSQL + 2 silos + 2 client-only front-ends
#
#   bench/run.sh [--quick|--smoke] [--no-report] [scenario ...]
#     scenarios: fanout hot-room protocols curves idle durable-write failover (default: all, in that order)
#     --quick      fanout, hot-room, idle and durable-write with shorter windows (under 5 minutes)
#     --smoke      a few seconds per scenario and system (checks the machinery, numbers mean little)
#     --no-report  print the results, do not touch bench/results/ or BENCHMARKS.md
#
# Everything listens on 127.0.0.1 and is started here; every process started is stopped by PID on
# exit. The systems take turns (a baseline, then Parley, ...) so that they share the machine's
# conditions; the traffic scenarios (fanout, hot-room, protocols, curves) run one after another
# against one process per system. Results: bench/results/<UTC date-time>.json, the charts beside
# it, and the tables in BENCHMARKS.md between its "bench:table" markers.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
config=Release
source "$root/bench/lib.sh"

smoke=false; quick=false; report=true; scenarios=()
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=true ;;
    --quick) quick=true ;;
    --no-report) report=false ;;
    fanout|hot-room|protocols|curves|idle|durable-write|failover) scenarios+=("$arg") ;;
    *) echo "unknown argument: $arg (see the header of $0)" >&2; exit 2 ;;
  esac
done
if [ ${#scenarios[@]} -eq 0 ]; then
  scenarios=(fanout hot-room protocols curves idle durable-write failover)
  $quick && scenarios=(fanout hot-room idle durable-write)
fi

# Warm-up: the first run against a freshly started system lasts until the JIT's tiers have
# settled under load (Parley's larger code needs about 20 seconds with the runtime's defaults;
# deliveredEachSecond in the raw results shows it); later runs against the same process are warm.
if $smoke; then warmup=1; seconds=2; warm=1; curve_seconds=1; idle_connections=400; idle_settle=2
elif $quick; then warmup=8; seconds=4; warm=2; curve_seconds=3; idle_connections=2000; idle_settle=3
else warmup=25; seconds=10; warm=4; curve_seconds=4; idle_connections=10000; idle_settle=5; fi

state="$(mktemp -d /tmp/parley-bench.XXXXXX)"
chmod 755 "$state" # the postgres user must reach its folder inside
results="$state/results.jsonl"
: >"$results"
pids=()

cleanup() {
  set +e
  [ ${#pids[@]} -gt 0 ] && stop_pids "${pids[@]}"
  [ -n "${redis_pid:-}" ] && stop_pids "$redis_pid"
  stop_postgres
  if [ -n "${BENCH_KEEP:-}" ]; then log "kept $state"; else rm -rf "$state"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- prerequisites ---------------------------------------------------------------------------
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if ! command -v redis-server >/dev/null; then
  log "installing redis-server (Debian package) for baseline B1"
  apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
fi
# The report's charts need matplotlib: the first of these interpreters that has it, else Debian's package.
report_python=$(for p in python3 /usr/bin/python3; do "$p" -c 'import matplotlib' 2>/dev/null && echo "$p" && break; done || true)
if [ -z "$report_python" ]; then
  log "installing python3-matplotlib (Debian package) for the report's charts"
  apt-get update -qq && apt-get install -y -qq python3-matplotlib >/dev/null
  report_python=/usr/bin/python3
fi

log "building (Release)"
# One build of everything the suite runs (a solution filter): a build per project evaluated and
# checked the shared projects once per project.
dotnet build "$root/bench/Bench.slnf" -c $config --nologo -v quiet -clp:ErrorsOnly >/dev/null
frontend_dll="$root/src/Frontend/bin/$config/net10.0/Parley.Frontend.dll"
silo_dll="$root/src/Silo/bin/$config/net10.0/Parley.Silo.dll"
loadgen_dll="$root/bench/LoadGen/bin/$config/net10.0/Parley.LoadGen.dll"
b0_dll="$root/bench/Baseline.Plain/bin/$config/net10.0/Baseline.Plain.dll"
b1_dll="$root/bench/Baseline.Redis/bin/$config/net10.0/Baseline.Redis.dll"
parley_bench_dll="$root/bench/Parley.Bench/bin/$config/net10.0/Parley.Bench.dll"

# --- shared services: one PostgreSQL (a database per system run) and one Redis ---------------
start_postgres
redis_port=$(free_port)
cat >"$state/redis.conf" <<CONF
bind 127.0.0.1
port $redis_port
save ""
appendonly no
daemonize no
dir $state
CONF
redis-server "$state/redis.conf" >"$state/redis.log" 2>&1 &
redis_pid=$!
log "PostgreSQL on $pg_port (pid $pg_server_pid), Redis on $redis_port (pid $redis_pid)"

# Every .NET process runs with the runtime's defaults (tiered compilation and PGO on), as users
# run it; whatever Parley needs to be fast is in its project files.
# Every system gets the same SignalR concurrency per connection as Parley (ChatHub.MaxParallelInvocations).
signalr_env=(SignalR__MaximumParallelInvocationsPerClient=16)
# --- systems: start_<system> sets urls=(...), frontends=(name=pid ...), others=(name=pid ...) ---
start_B0() {
  local url="http://127.0.0.1:$(free_port)"
  spawn b0 "${signalr_env[@]}" dotnet "$b0_dll" --urls "$url"
  urls=("$url"); frontends=("b0=$spawned"); others=(); auth=any
  wait_http "$url" /healthz
}

start_parley_dev() {
  local url="http://127.0.0.1:$(free_port)" data="$state/dev-$RANDOM"
  spawn parley-dev "${parley_env[@]}" dotnet "$frontend_dll" --urls "$url" --contentRoot "$root/src/Frontend" \
    --Parley:DataDirectory="$data" --Orleans:Endpoints:SiloPort="$(free_port)" --Orleans:Endpoints:GatewayPort="$(free_port)"
  urls=("$url"); frontends=("parley-dev=$spawned"); others=(); auth=parley
  wait_http "$url" /readyz
}

start_B1() {
  local db; db=$(database "b1_$RANDOM$RANDOM")
  urls=(); frontends=(); others=("redis=$redis_pid" "postgres=$pg_server_pid"); auth=any
  for i in 1 2; do
    local url="http://127.0.0.1:$(free_port)"
    spawn "b1-$i" "${signalr_env[@]}" ConnectionStrings__Redis="127.0.0.1:$redis_port" ConnectionStrings__Postgres="$db" dotnet "$b1_dll" --urls "$url"
    urls+=("$url"); frontends+=("b1-server$i=$spawned")
    wait_http "$url" /healthz
  done
}

start_parley_cluster() {
  local name="parley_$RANDOM$RANDOM" db; db=$(database "$name")
  urls=(); frontends=(); others=("postgres=$pg_server_pid"); auth=parley
  for i in 1 2; do
    spawn "silo-$i" "${parley_env[@]}" ConnectionStrings__Parley="$db" Orleans__Endpoints__SiloPort="$(free_port)" \
      Orleans__Endpoints__GatewayPort="$(free_port)" dotnet "$silo_dll"
    others+=("silo$i=$spawned")
  done
  for i in 1 2; do
    local url="http://127.0.0.1:$(free_port)"
    spawn "frontend-$i" "${parley_env[@]}" Parley__Role=Frontend ConnectionStrings__Parley="$db" \
      dotnet "$frontend_dll" --urls "$url" --contentRoot "$root/src/Frontend"
    urls+=("$url"); frontends+=("frontend$i=$spawned")
  done
  for url in "${urls[@]}"; do wait_http "$url" /readyz; done
  # A front-end is ready once one silo answers; rooms created before the other silo is active
  # would all be placed on the first (and a failover would kill a silo that hosts none).
  wait_active_silos "$name" 2
}

stop_system() {
  local all=() entry
  for entry in "${frontends[@]}" "${others[@]}"; do
    case "$entry" in redis=*|postgres=*) ;; *) all+=("${entry#*=}") ;; esac
  done
  [ ${#all[@]} -gt 0 ] && stop_pids "${all[@]}"
  local kept=() pid
  for pid in "${pids[@]}"; do
    [[ " ${all[*]} " == *" $pid "* ]] || kept+=("$pid")
  done
  pids=("${kept[@]}")
}

pid_of() { # name → pid from others/frontends
  local entry
  for entry in "${frontends[@]}" "${others[@]}"; do [ "${entry%%=*}" = "$1" ] && echo "${entry#*=}"; done
}

loadgen() { # system scenario [options...]: one run, its JSON line appended to the results
  local system=$1 scenario=$2; shift 2
  local args=("$scenario" --label "$system" --auth "$auth" --url "${urls[@]}")
  [ ${#frontends[@]} -gt 0 ] && args+=(--frontend-pid "${frontends[@]}")
  [ ${#others[@]} -gt 0 ] && args+=(--server-pid "${others[@]}")
  log "$system: $scenario $*"
  local line
  if line=$(dotnet "$loadgen_dll" "${args[@]}" "$@" 2>>"$state/loadgen.log"); then
    echo "$line" >>"$results"
    [ -n "${BENCH_VERBOSE:-}" ] && echo "$line" >&2
    echo "$line" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("   ", {k: r[k] for k in r if k in ("acknowledgedPerSecond","deliveredPerSecond","deliveryLatencyMs","kibPerConnection","established","recoverySeconds","lost","sendErrors","connectFailures")})' >&2
  else
    log "$system: $scenario failed; last loadgen lines:"; tail -n 20 "$state/loadgen.log" >&2
    echo "{\"scenario\":\"$scenario\",\"label\":\"$system\",\"failed\":true}" >>"$results"
  fi
}

with_system() { # system, then a function to run against it
  local system=$1; shift
  # BENCH_SYSTEMS="parley-dev B0" limits a run to some systems (for working on one of them).
  [ -n "${BENCH_SYSTEMS:-}" ] && [[ " $BENCH_SYSTEMS " != *" $system "* ]] && return 0
  "start_${system//-/_}"
  "$@" "$system" || true
  stop_system
}

# --- scenarios ------------------------------------------------------------------------------
first_timing=(--warmup "$warmup" --seconds "$seconds")
warm_timing=(--warmup "$warm" --seconds "$seconds")
fanout()   { loadgen "$1" fanout "${timing[@]}" --rooms 20 --subscribers 50 --publishers 1; }
hot_room() { loadgen "$1" hot-room "${timing[@]}" --rooms 1 --subscribers 500 --publishers 20; }
protocols() { # the fan-out again, over MessagePack, and with the official client (what a full client costs)
  loadgen "$1" fanout "${timing[@]}" --rooms 20 --subscribers 50 --publishers 1 --protocol messagepack
  loadgen "$1" fanout "${warm_timing[@]}" --rooms 20 --subscribers 50 --publishers 1 --client official
}
curves() { # fan-out as subscribers per room grow (one room) and as rooms grow (5 subscribers each)
  local curve=(--warmup "$warm" --seconds "$curve_seconds" --source-addresses 4) subscribers rooms
  local subscriber_points=(50 500 5000) room_points=(20 200 2000)
  $smoke && subscriber_points=(50) && room_points=(20)
  for subscribers in "${subscriber_points[@]}"; do
    loadgen "$1" curve-subscribers "${curve[@]}" --rooms 1 --subscribers "$subscribers" --publishers 10 --in-flight 2
  done
  for rooms in "${room_points[@]}"; do
    loadgen "$1" curve-rooms "${curve[@]}" --rooms "$rooms" --subscribers 5 --publishers 1 --in-flight $(( rooms >= 200 ? 1 : 200 / rooms ))
  done
}
traffic() { # the traffic scenarios asked for, one process per system: only the first run warms it up
  local system=$1 scenario timing=("${first_timing[@]}")
  for scenario in "${traffic_scenarios[@]}"; do
    case "$scenario:$system" in
      protocols:B1|protocols:parley-cluster|curves:B1|curves:parley-cluster) continue ;;
    esac
    "${scenario//-/_}" "$system"
    timing=("${warm_timing[@]}")
  done
}
idle() {
  # Every connection on the first front-end: memory per connection of one front-end process (two
  # processes with half the connections each would also count each one's fixed heap growth).
  local others=("${others[@]}" "${frontends[@]:1}")
  local urls=("${urls[0]}") frontends=("${frontends[0]}")
  loadgen "$1" idle --warmup 1 --seconds "$idle_settle" --connections "$idle_connections" --source-addresses 4
}
durable()  {
  loadgen "$1" durable-write "${first_timing[@]}" --rooms 1 --subscribers 0 --publishers 16 --in-flight ${BENCH_DW_INFLIGHT:-4}
  $quick || loadgen "$1" durable-write "${warm_timing[@]}" --rooms 100 --subscribers 0 --publishers 1 --in-flight 4
}
failover() {
  local victim
  case "$1" in
    B1) victim=$(pid_of b1-server1) ;;
    parley-cluster) victim=$(pid_of silo1) ;;
  esac
  loadgen "$1" failover --rooms 8 --in-flight 2 --kill-after "$([ "$smoke" = true ] && echo 2 || echo 5)" --kill-pid "$victim"
}

parley_bench() { # the grain-level benchmarks of bench/Parley.Bench (Parley only); their table joins the results
  local name=$1; shift
  [ -n "${BENCH_SYSTEMS:-}" ] && [[ " $BENCH_SYSTEMS " != *" parley-grains "* ]] && return 0
  log "parley-grains: $name $*"
  # Its in-process servers log to stdout too: only the table rows go into the report.
  if (cd "$state" && set -o pipefail && dotnet "$parley_bench_dll" "$name" "$@" 2>>"$state/parley-bench.log" \
      | tee -a "$state/parley-bench.log" | grep '^|' >"$state/parley-bench-$name.md"); then
    python3 -c 'import json,sys; print(json.dumps({"scenario": sys.argv[1], "label": "parley-grains", "markdown": open(sys.argv[2]).read()}))' \
      "$name" "$state/parley-bench-$name.md" >>"$results"
    sed 's/^/    /' "$state/parley-bench-$name.md" >&2
  else
    log "parley-grains: $name failed"; tail -n 20 "$state/parley-bench.log" >&2
  fi
}

started=$(date +%s)
traffic_scenarios=()
for scenario in "${scenarios[@]}"; do
  case "$scenario" in fanout|hot-room|protocols|curves) traffic_scenarios+=("$scenario") ;; esac
done
if [ ${#traffic_scenarios[@]} -gt 0 ]; then
  scenario_started=$(date +%s)
  for s in B0 parley-dev B1 parley-cluster; do with_system "$s" traffic; done
  log "${traffic_scenarios[*]} took $(( $(date +%s) - scenario_started )) s"
fi
for scenario in "${scenarios[@]}"; do
  scenario_started=$(date +%s)
  case "$scenario" in
    fanout|hot-room|protocols|curves) continue ;;
    # B1's servers are B0's SignalR stack plus a Redis connection: left out to keep idle under 3 minutes.
    idle)          for s in B0 parley-dev parley-cluster; do with_system "$s" idle; done ;;
    durable-write) for s in B1 parley-cluster; do with_system "$s" durable; done
                   $quick || parley_bench durable-write --seconds "$([ "$smoke" = true ] && echo 1 || echo 5)" ;;
    failover)      for s in B1 parley-cluster; do with_system "$s" failover; done
                   $smoke || parley_bench failover --trials 1 ;;
  esac
  log "$scenario took $(( $(date +%s) - scenario_started )) s"
done
total=$(( $(date +%s) - started ))
log "all scenarios took $total s"

if $report && ! $smoke && ! $quick; then
  "$report_python" "$root/bench/report.py" --results "$results" --seconds "$total" --out-dir "$root/bench/results" --markdown "$root/BENCHMARKS.md"
else
  "$report_python" "$root/bench/report.py" --results "$results" --seconds "$total"
fi
