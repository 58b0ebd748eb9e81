#!/usr/bin/env python3
"""Turns one bench/chaos.sh run into bench/results/chaos-<UTC>.json and BENCHMARKS.md's chaos section."""
import argparse
import datetime
import json
import os
import platform
import re

BEGIN, END = "<!-- chaos:begin -->", "<!-- chaos:end -->"
MUST_BE_ZERO = ("missing", "duplicates", "seqHoles", "subscribersWithGap")


def markdown(run):
    r = run["result"]
    kills = [e for e in run["events"] if e["action"] == "sigkill"]
    database = [e for e in run["events"] if e["action"] == "restart" and e["target"] == "postgres"]
    errors = ", ".join(f"{k} {v}" for k, v in sorted(r["errors"].items(), key=lambda kv: -kv[1])) or "none"
    verdict = "**pass**" if all(r[k] == 0 for k in MUST_BE_ZERO) and r["abandoned"] == 0 else "**FAIL**"
    lines = [
        f"Run of {run['date']} (seed {run['seed']}, {r['plan']['seconds']} s of traffic, {r['plan']['rooms']} rooms, "
        f"{r['subscribers']} subscribers, {r['plan']['servers']} front-ends, {platform.node() or 'this machine'}): {verdict}",
        "",
        "| measure | value |",
        "|---|---|",
        f"| sends acknowledged | {r['acknowledged']} |",
        f"| acknowledged messages missing from history | {r['missing']} |",
        f"| duplicates stored (a clientMessageId twice) | {r['duplicates']} |",
        f"| holes in the stored seqs | {r['seqHoles']} |",
        f"| subscribers with a gap after resuming | {r['subscribersWithGap']} of {r['subscribers']} |",
        f"| sends given up (unacknowledged after 2 min of retries) | {r['abandoned']} |",
        f"| longest time without any acknowledged send | {r['longestSecondsWithoutAnyAck']} s |",
        f"| longest time without an acknowledged send in one room | {r['longestSecondsWithoutAckInARoom']} s |",
        f"| failed attempts (then retried), by kind | {errors} |",
        f"| sender reconnects / subscriber resumes | {r['senderReconnects']} / {r['subscriberResumes']} |",
        f"| events | {len(kills)} SIGKILLs ({', '.join(e['target'] for e in kills)}), {len(database)} PostgreSQL restart |",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--result", required=True)
    parser.add_argument("--events", required=True)
    parser.add_argument("--seed", required=True)
    parser.add_argument("--out-dir")
    parser.add_argument("--markdown")
    args = parser.parse_args()

    with open(args.result) as f:
        result = json.load(f)
    with open(args.events) as f:
        events = [json.loads(line) for line in f if line.strip()]
    now = datetime.datetime.now(datetime.timezone.utc)
    run = {"date": now.strftime("%Y-%m-%d %H:%M UTC"), "seed": int(args.seed), "result": result, "events": events}
    table = markdown(run)
    print(table)

    if args.out_dir:
        path = os.path.join(args.out_dir, f"chaos-{now.strftime('%Y-%m-%dT%H%M')}.json")
        with open(path, "w") as f:
            json.dump(run, f, indent=2)
        print(f"wrote {path}")
    if args.markdown:
        with open(args.markdown) as f:
            text = f.read()
        section = f"{BEGIN}\n{table}\n{END}"
        if BEGIN in text:
            text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: section, text, flags=re.S)
        else:
            text = text.rstrip() + "\n\n## Chaos soak\n\n" + section + "\n"
        with open(args.markdown, "w") as f:
            f.write(text)
        print(f"updated {args.markdown}")

    failed = [k for k in MUST_BE_ZERO if result[k] != 0]
    if failed:
        raise SystemExit(f"chaos soak failed: {', '.join(failed)} not zero")


if __name__ == "__main__":
    main()
