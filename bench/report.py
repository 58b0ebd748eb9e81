#!/usr/bin/env python3
"""Turns bench/run.sh's results (one JSON object per load generator run) into
bench/results/<date>.json and the table in BENCHMARKS.md (between the bench:table markers)."""
import argparse, datetime, json, os, platform, re, subprocess

BEGIN, END = "<!-- bench:table:begin -->", "<!-- bench:table:end -->"

def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=20).stdout.strip()
    except Exception as e:  # a missing tool only blanks its line
        return f"unknown ({e})"

def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown")
    mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memoryGiB": round(mem / 1024 / 1024, 1),
        "os": sh(". /etc/os-release && echo $PRETTY_NAME"), "kernel": platform.release(),
        "dotnetSdk": sh("dotnet --version"), "aspnetcoreRuntime": sh("dotnet --list-runtimes | grep AspNetCore | tail -n 1 | cut -d' ' -f2"),
        "postgres": sh("/usr/lib/postgresql/15/bin/postgres --version"), "redis": sh("redis-server --version | cut -d' ' -f3"),
        "loadAverage": sh("cut -d' ' -f1-3 /proc/loadavg"),
    }

def find(runs, scenario, label, **plan):
    for r in runs:
        if r.get("scenario") == scenario and r.get("label") == label and not r.get("failed") \
                and all(r.get("plan", {}).get(k) == v for k, v in plan.items()):
            return r
    return None

def get(run, path):
    for key in path.split("."):
        if run is None:
            return None
        run = run.get(key)
    return run

def fmt(v, digits=0):
    if v is None:
        return "–"
    if isinstance(v, float) and digits:
        return f"{v:,.{digits}f}"
    return f"{v:,.0f}" if isinstance(v, (int, float)) else str(v)

def ratio(p, b):
    return f"{p / b:.2f}×" if isinstance(p, (int, float)) and isinstance(b, (int, float)) and b else "–"

# (title, scenario, plan filter, metric path, digits, pairs) — pairs: which columns the scenario has
ROWS = [
    ("fanout 20×50: deliveries/s", "fanout", {}, "deliveredPerSecond", 0),
    ("fanout: acknowledged sends/s", "fanout", {}, "acknowledgedPerSecond", 0),
    ("fanout: send→deliver p50 ms", "fanout", {}, "deliveryLatencyMs.p50", 1),
    ("fanout: send→deliver p99 ms", "fanout", {}, "deliveryLatencyMs.p99", 1),
    ("fanout: server CPU µs/delivery", "fanout", {}, "serverCpuMicrosPerDelivery", 1),
    ("hot-room 1×500, 20 publishers: deliveries/s", "hot-room", {}, "deliveredPerSecond", 0),
    ("hot-room: acknowledged sends/s", "hot-room", {}, "acknowledgedPerSecond", 0),
    ("hot-room: send→deliver p50 ms", "hot-room", {}, "deliveryLatencyMs.p50", 1),
    ("hot-room: send→deliver p99 ms", "hot-room", {}, "deliveryLatencyMs.p99", 1),
    ("hot-room: server CPU µs/delivery", "hot-room", {}, "serverCpuMicrosPerDelivery", 1),
    ("idle: connections held", "idle", {}, "established", 0),
    ("idle: front-end KiB per connection", "idle", {}, "kibPerConnection", 1),
    ("durable-write 1 room: acknowledged sends/s", "durable-write", {"rooms": 1}, "acknowledgedPerSecond", 0),
    ("durable-write 1 room: ack p99 ms", "durable-write", {"rooms": 1}, "acknowledgeLatencyMs.p99", 1),
    ("durable-write 100 rooms: acknowledged sends/s", "durable-write", {"rooms": 100}, "acknowledgedPerSecond", 0),
    ("durable-write 100 rooms: ack p99 ms", "durable-write", {"rooms": 100}, "acknowledgeLatencyMs.p99", 1),
    ("failover: s until sends succeed again (B1: a server killed; Parley: a silo)", "failover", {}, "recoverySeconds", 2),
    ("failover: acknowledged messages lost", "failover", {}, "lost", 0),
]

def table(runs):
    out = ["| scenario: metric | B0 | Parley dev | dev / B0 | B1 | Parley cluster | cluster / B1 |",
           "|---|---|---|---|---|---|---|"]
    for title, scenario, plan, path, digits in ROWS:
        v = {label: get(find(runs, scenario, label, **plan), path) for label in ("B0", "parley-dev", "B1", "parley-cluster")}
        if all(x is None for x in v.values()):
            continue
        # B1's failover kills one of its servers, Parley's a silo: different failures, no ratio.
        cluster_ratio = "(different failures)" if scenario == "failover" else ratio(v['parley-cluster'], v['B1'])
        out.append(f"| {title} | {fmt(v['B0'], digits)} | {fmt(v['parley-dev'], digits)} | {ratio(v['parley-dev'], v['B0'])} "
                   f"| {fmt(v['B1'], digits)} | {fmt(v['parley-cluster'], digits)} | {cluster_ratio} |")
    return out

def targets(runs):
    def val(s, l, p, **plan):
        return get(find(runs, s, l, **plan), p)
    lines = []
    def check(name, ok, detail):
        lines.append(f"| {name} | {'met' if ok else ('missed' if ok is False else 'not measured')} | {detail} |")
    for s in ("fanout", "hot-room"):
        d, b = val(s, "parley-dev", "deliveredPerSecond"), val(s, "B0", "deliveredPerSecond")
        dp, bp = val(s, "parley-dev", "deliveryLatencyMs.p99"), val(s, "B0", "deliveryLatencyMs.p99")
        ok = None if None in (d, b, dp, bp) else (d >= 0.9 * b and dp <= bp)
        check(f"{s}: dev ≥ 0.9× B0 deliveries/s at no worse p99", ok, f"{ratio(d, b)} deliveries/s, p99 {fmt(dp, 1)} vs {fmt(bp, 1)} ms")
        c, b1 = val(s, "parley-cluster", "deliveredPerSecond"), val(s, "B1", "deliveredPerSecond")
        check(f"{s}: cluster ≥ 2× B1 deliveries/s", None if None in (c, b1) else c >= 2 * b1, ratio(c, b1))
    for rooms in (1, 100):
        c, b1 = val("durable-write", "parley-cluster", "acknowledgedPerSecond", rooms=rooms), val("durable-write", "B1", "acknowledgedPerSecond", rooms=rooms)
        check(f"durable-write {rooms} room(s): cluster ≥ 2× B1 acknowledged sends/s", None if None in (c, b1) else c >= 2 * b1, ratio(c, b1))
    for label in ("parley-dev", "parley-cluster"):
        k = val("idle", label, "kibPerConnection")
        check(f"idle ({label}): ≤ 20 KB per connection", None if k is None else k * 1.024 <= 20, f"{fmt(k, 1)} KiB")
    r, lost = val("failover", "parley-cluster", "recoverySeconds"), val("failover", "parley-cluster", "lost")
    check("failover: < 10 s, 0 lost", None if None in (r, lost) else (0 <= r < 10 and lost == 0), f"{fmt(r, 2)} s, {fmt(lost)} lost")
    return ["| target | result | measured |", "|---|---|---|"] + lines

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--seconds", type=int, default=0)
    ap.add_argument("--out-dir")
    ap.add_argument("--markdown")
    a = ap.parse_args()
    runs = [json.loads(l) for l in open(a.results) if l.strip()]
    now = datetime.datetime.now(datetime.timezone.utc)
    doc = {"date": now.isoformat(timespec="seconds"), "suiteSeconds": a.seconds, "machine": machine(), "runs": runs}
    m = doc["machine"]
    body = [f"Run of {now:%Y-%m-%d %H:%M} UTC, {a.seconds} s for the whole suite. Machine: {m['cores']} cores ({m['cpu']}), "
            f"{m['memoryGiB']} GiB, {m['os']}, kernel {m['kernel']}, .NET SDK {m['dotnetSdk']} / ASP.NET Core {m['aspnetcoreRuntime']}, "
            f"{m['postgres']} (fsync on), Redis {m['redis']}; load average after the run {m['loadAverage']}. "
            "Load generator, servers and databases share the machine; ratios are Parley / baseline (for latency, "
            "CPU and memory lower is better, so a ratio below 1 is Parley ahead).", ""]
    body += table(runs) + ["", "Targets (from the benchmark issue):", ""] + targets(runs)
    titles = {"durable-write": "Durable writes through grain calls (co-hosted front-end, no SignalR; `bench/Parley.Bench durable-write`):",
              "failover": "Failover with Orleans' and Parley's failure detection (3 silos, REST sends; `bench/Parley.Bench failover`):"}
    for r in runs:
        if r.get("label") == "parley-grains" and r.get("markdown"):
            body += ["", titles.get(r["scenario"], r["scenario"]), "", r["markdown"].strip()]
    text = "\n".join(body)
    print(text)
    if a.out_dir:
        os.makedirs(a.out_dir, exist_ok=True)
        path = os.path.join(a.out_dir, f"{now:%Y-%m-%dT%H%M}.json")
        with open(path, "w") as f:
            json.dump(doc, f, indent=1)
        print(f"\nwrote {path}")
        text += f"\n\nRaw results: `bench/results/{os.path.basename(path)}`."
    if a.markdown:
        md = open(a.markdown).read()
        block = f"{BEGIN}\n{text}\n{END}"
        md = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, md, flags=re.S) if BEGIN in md else md + "\n" + block + "\n"
        open(a.markdown, "w").write(md)
        print(f"updated {a.markdown}")

if __name__ == "__main__":
    main()
