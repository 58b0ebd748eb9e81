#!/usr/bin/env python3
"""Turns bench/run.sh's results (one JSON object per load generator run) into
bench/results/<date>.json, charts in bench/results/*.png and the tables in BENCHMARKS.md (between
the bench:table markers)."""
import argparse, datetime, json, os, platform, re, subprocess, sys

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

SYSTEMS = {"B0": "B0 (plain SignalR hub)", "parley-dev": "Parley dev",
           "B1": "B1 (SignalR + Redis + PostgreSQL)", "parley-cluster": "Parley cluster"}

def variant(run):  # older results have no client or protocol: they used the minimal client over JSON
    plan = run.get("plan", {})
    return plan.get("client", "minimal"), plan.get("protocol", "json")

def find(runs, scenario, label, client="minimal", protocol="json", **plan):
    for r in runs:
        if r.get("scenario") == scenario and r.get("label") == label and not r.get("failed") \
                and variant(r) == (client, protocol) and all(r.get("plan", {}).get(k) == v for k, v in plan.items()):
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

def by(x, digits):  # a shortfall that rounds to nothing gets one more digit
    s = f"{x:.{digits}f}"
    return s if float(s) or not x else f"{x:.{digits + 1}f}"

# (title, scenario, plan filter, metric path, digits, pairs) — pairs: which columns the scenario has
ROWS = [
    ("fanout 20×50: deliveries/s", "fanout", {}, "deliveredPerSecond", 0),
    ("fanout: acknowledged sends/s", "fanout", {}, "acknowledgedPerSecond", 0),
    ("fanout: send→deliver p50 ms", "fanout", {}, "deliveryLatencyMs.p50", 1),
    ("fanout: send→deliver p99 ms", "fanout", {}, "deliveryLatencyMs.p99", 1),
    ("fanout: server CPU µs/delivery", "fanout", {}, "serverCpuMicrosPerDelivery", 1),
    ("fanout: load generator CPU µs/delivery", "fanout", {}, "loadGeneratorCpuMicrosPerDelivery", 1),
    ("hot-room 1×500, 20 publishers: deliveries/s", "hot-room", {}, "deliveredPerSecond", 0),
    ("hot-room: acknowledged sends/s", "hot-room", {}, "acknowledgedPerSecond", 0),
    ("hot-room: send→deliver p50 ms", "hot-room", {}, "deliveryLatencyMs.p50", 1),
    ("hot-room: send→deliver p99 ms", "hot-room", {}, "deliveryLatencyMs.p99", 1),
    ("hot-room: server CPU µs/delivery", "hot-room", {}, "serverCpuMicrosPerDelivery", 1),
    ("hot-room: load generator CPU µs/delivery", "hot-room", {}, "loadGeneratorCpuMicrosPerDelivery", 1),
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

VARIANTS = [("minimal", "json", "minimal client, JSON"), ("minimal", "messagepack", "minimal client, MessagePack"),
            ("official", "json", "official .NET client, JSON")]

def protocols(runs):
    out = ["| client, protocol | deliveries/s B0 | Parley dev | dev / B0 | p99 ms B0 | Parley dev "
           "| server CPU µs/delivery B0 | Parley dev | load generator CPU µs/delivery B0 | Parley dev |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for client, protocol, name in VARIANTS:
        b, d = (find(runs, "fanout", label, client, protocol) for label in ("B0", "parley-dev"))
        if b is None and d is None:
            continue
        cells = [fmt(get(b, "deliveredPerSecond")), fmt(get(d, "deliveredPerSecond")),
                 ratio(get(d, "deliveredPerSecond"), get(b, "deliveredPerSecond"))]
        for path in ("deliveryLatencyMs.p99", "serverCpuMicrosPerDelivery", "loadGeneratorCpuMicrosPerDelivery"):
            cells += [fmt(get(b, path), 1), fmt(get(d, path), 1)]
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    return out if len(out) > 3 else []  # the main variant alone is in the main table already

# (scenario, plan key that grows, how a point reads, x axis)
CURVES = [("curve-subscribers", "subscribersPerRoom", "1 room × {:,} subscribers", "subscribers per room (1 room)"),
          ("curve-rooms", "rooms", "{:,} rooms × 5 subscribers", "rooms (5 subscribers each)")]

def points(runs, scenario, key):
    return sorted({r["plan"][key] for r in runs if r.get("scenario") == scenario and not r.get("failed")})

def curves(runs):
    out = ["| curve point | deliveries/s B0 | Parley dev | dev / B0 | p99 ms B0 | Parley dev | dev / B0 |",
           "|---|---|---|---|---|---|---|"]
    for scenario, key, point, _ in CURVES:
        for x in points(runs, scenario, key):
            b, d = (find(runs, scenario, label, **{key: x}) for label in ("B0", "parley-dev"))
            rate, p99 = (tuple(get(r, path) for r in (b, d)) for path in ("deliveredPerSecond", "deliveryLatencyMs.p99"))
            out.append(f"| {point.format(x)} | {fmt(rate[0])} | {fmt(rate[1])} | {ratio(rate[1], rate[0])} "
                       f"| {fmt(p99[0], 1)} | {fmt(p99[1], 1)} | {ratio(p99[1], p99[0])} |")
    return out if len(out) > 2 else []

def warmups(runs):
    def thousands(values):
        return " ".join(f"{v / 1000:.0f}" for v in values)
    out = []
    for scenario in ("fanout", "hot-room"):
        each = [(SYSTEMS[l].split(" (")[0], find(runs, scenario, l)) for l in ("B0", "parley-dev")]
        parts = [f"{name}: {thousands(r['deliveredEachSecond'][:w])} | {thousands(r['deliveredEachSecond'][w:])}"
                 for name, r in each if r and r.get("deliveredEachSecond") for w in [int(r.get("warmupSeconds") or 0)]]
        if parts:
            out.append(f"- {scenario}: " + "; ".join(parts))
    return out

def charts(runs, out_dir):  # returns {chart name: title} of the charts written
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FuncFormatter, MaxNLocator
    except ImportError as e:
        print(f"report.py: no charts, {sys.executable} cannot import matplotlib ({e}); "
              "Debian: apt-get install python3-matplotlib and run with /usr/bin/python3", file=sys.stderr)
        return {}
    written = {}
    def style(ax, title, xlabel, counts=True):
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.margins(y=0.1)
        ax.set_ylim(bottom=0)
        if counts:
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.grid(alpha=0.3)
    def save(fig, ax, name, title):  # the legend goes under the panels, off the lines
        handles, labels = ax.get_legend_handles_labels()
        fig.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False, fontsize="small")
        fig.tight_layout(rect=(0, 0.07, 1, 1))
        fig.savefig(os.path.join(out_dir, f"{name}.png"))
        plt.close(fig)
        written[name] = title
    for scenario, key, _, xlabel in CURVES:
        xs = points(runs, scenario, key)
        if not xs:
            continue
        fig, axes = plt.subplots(1, 2, figsize=(8, 3.5), dpi=100)
        for label in ("B0", "parley-dev"):
            got = [(x, r) for x in xs for r in [find(runs, scenario, label, **{key: x})] if r]
            for ax, path in zip(axes, ("deliveredPerSecond", "deliveryLatencyMs.p99")):
                ax.plot([x for x, _ in got], [get(r, path) for _, r in got], marker="o", label=SYSTEMS[label])
        for ax, title in zip(axes, ("deliveries/s", "send→deliver p99 ms")):
            ax.set_xscale("log")
            ax.set_xticks(xs, [f"{x:,}" for x in xs])
            ax.minorticks_off()
            style(ax, title, xlabel, counts=title == "deliveries/s")
        save(fig, axes[0], scenario, f"fan-out as {xlabel.split(' (')[0]} grow")
    fans = [(label, r) for label in SYSTEMS for r in [find(runs, "fanout", label)] if r and r.get("deliveredEachSecond")]
    if fans:
        fig, ax = plt.subplots(figsize=(8, 3.5), dpi=100)
        for label, r in fans:
            each = r["deliveredEachSecond"]
            ax.plot([i + 0.5 for i in range(len(each))], each, marker=".", label=SYSTEMS[label])
        style(ax, "fan-out 20×50: deliveries in each second", "second of the run")
        for w in sorted({r.get("warmupSeconds") for _, r in fans} - {None}):
            ax.axvline(w, color="grey", linestyle="--", linewidth=1)
            ax.annotate(" measured window →", (w, 1), xycoords=("data", "axes fraction"), va="top", fontsize="small", color="grey")
        ax.set_xlim(left=0)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
        save(fig, ax, "warmup", "fan-out deliveries in each second, warm-up first")
    return written

def targets(runs):
    def val(s, l, p, **plan):
        return get(find(runs, s, l, **plan), p)
    lines = []
    def check(name, ok, detail):
        lines.append(f"| {name} | {'met' if ok else ('missed' if ok is False else 'not measured')} | {detail} |")
    def times(name, p, b, factor):
        ok = None if None in (p, b) or not b else p >= factor * b
        check(name, ok, ratio(p, b) + (f" (missed by {by(factor - p / b, 2)}×)" if ok is False else ""))
    for s in ("fanout", "hot-room"):
        d, b = val(s, "parley-dev", "deliveredPerSecond"), val(s, "B0", "deliveredPerSecond")
        dp, bp = val(s, "parley-dev", "deliveryLatencyMs.p99"), val(s, "B0", "deliveryLatencyMs.p99")
        ok = None if None in (d, b, dp, bp) or not b else (d >= b and dp <= bp)
        detail = f"{ratio(d, b)} deliveries/s" + (f" (missed by {by(1 - d / b, 2)}×)" if ok is False and d < b else "")
        detail += f", p99 {fmt(dp, 1)} vs {fmt(bp, 1)} ms" + (f" ({by(dp - bp, 1)} ms worse)" if ok is False and dp > bp else "")
        check(f"{s}: dev ≥ 1.0× B0 deliveries/s at no worse p99", ok, detail)
    for s in ("fanout", "hot-room"):
        times(f"{s}: cluster ≥ 2× B1 deliveries/s", val(s, "parley-cluster", "deliveredPerSecond"), val(s, "B1", "deliveredPerSecond"), 2)
    times("durable-write 1 room: cluster ≥ 3× B1 acknowledged sends/s", val("durable-write", "parley-cluster", "acknowledgedPerSecond", rooms=1),
          val("durable-write", "B1", "acknowledgedPerSecond", rooms=1), 3)
    for label in ("parley-dev", "parley-cluster"):
        k = val("idle", label, "kibPerConnection")
        ok = None if k is None else k <= 20
        check(f"idle ({label}): ≤ 20 KiB per connection", ok, f"{fmt(k, 1)} KiB" + (f" ({by(k - 20, 1)} over)" if ok is False else ""))
    r, lost = val("failover", "parley-cluster", "recoverySeconds"), val("failover", "parley-cluster", "lost")
    ok = None if None in (r, lost) else (0 <= r < 10 and lost == 0)
    took = "never recovered" if r is not None and r < 0 else f"{fmt(r, 2)} s" + (f" ({by(r - 10, 2)} s over)" if r is not None and r >= 10 else "")
    check("failover: < 10 s, 0 lost", ok, f"{took}, {fmt(lost)} lost")
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
    written = charts(runs, a.out_dir) if a.out_dir else {}
    def section(title, lines, *names):
        shown = [f"![{written[n]}](bench/results/{n}.png)" for n in names if n in written]
        return ["", title, ""] + lines + [x for img in shown for x in ("", img)] if lines or shown else []
    body += table(runs)
    body += section("Hub protocols and clients (fan-out 20×50):", protocols(runs))
    body += section("Fan-out curves (B0 and Parley dev):", curves(runs), "curve-subscribers", "curve-rooms")
    body += section("Warm-up (deliveries/s in each second, in thousands: warm-up | measured window):", warmups(runs), "warmup")
    body += ["", "Targets (from the benchmark issue):", ""] + targets(runs)
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
