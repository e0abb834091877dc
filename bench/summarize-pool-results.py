#!/usr/bin/env python3
"""Renders the pool benchmark results (JMH JSON in RESULTS_DIR) as a Markdown summary and an SVG
chart. Each row compares Cistern with the best peer measured in the same run, on medians.
Usage: summarize-pool-results.py RESULTS_DIR SUMMARY.md CHART.svg"""
import json
import os
import sys

POOLS = ["cistern", "hikari", "agroal", "vibur", "dbcp2", "tomcat", "c3p0"]
results_dir, summary_path, chart_path = sys.argv[1:4]


def load(name):
    path = os.path.join(results_dir, name + ".json")
    if not os.path.exists(path):
        return {}
    scores = {}
    with open(path) as f:
        for result in json.load(f):
            metric = result["primaryMetric"]
            scores[result["params"]["pool"]] = (metric["scorePercentiles"]["50.0"], metric["scoreUnit"])
    return scores


# (label, result file, True when higher is better)
benchmarks = [(f"connection cycle, {t} thread{'s' if t > 1 else ''}", f"connection-cycle-t{t}", True) for t in (1, 2, 8, 32)]
benchmarks += [(f"statement cycle, {t} thread{'s' if t > 1 else ''}", f"statement-cycle-t{t}", True) for t in (1, 8)]
benchmarks += [("saturation: 32 threads, 4 connections, 20 µs hold", "saturation", True),
               ("10,000 virtual threads, 16 connections, held parked 20 µs (ms per batch)", "virtual-threads", False),
               ("10,000 virtual threads, 16 connections, held for 20 µs of CPU (ms per batch)", "virtual-threads-cpu", False)]


def cores():
    """The machine's cores as the run recorded them (run.txt), else this machine's."""
    run_txt = os.path.join(results_dir, "run.txt")
    if os.path.exists(run_txt):
        for line in open(run_txt):
            if line.startswith("machine: "):
                return int(line.split()[1])
    return os.cpu_count()


# Saturation holds each connection for 20 µs of CPU work, so no pool can complete more than
# cores * 1000 / 20 operations per millisecond. JMH adds up per-thread rates, and a pool that
# stalls some threads for longer than an iteration can report more (DBCP2 has, up to 183 on 2
# cores): such a score is not a throughput, is marked, and is not taken as the best peer.
CORES = cores()
SATURATION_BOUND = CORES * 1000 / 20
over_bound = set()

rows = []
for label, name, higher_better in benchmarks:
    scores = load(name)
    if "cistern" not in scores:
        continue
    if name == "saturation":
        over_bound |= {(name, p) for p, s in scores.items() if s[0] > SATURATION_BOUND}
    peers = {p: s for p, s in scores.items() if p != "cistern" and (name, p) not in over_bound}
    best_peer = (max if higher_better else min)(peers, key=lambda p: peers[p][0]) if peers else None
    ours = scores["cistern"][0]
    ratio = None
    if best_peer and (name, "cistern") not in over_bound:
        theirs = peers[best_peer][0]
        ratio = ours / theirs if higher_better else theirs / ours
    rows.append((label, name, higher_better, scores, best_peer, ratio))

lines = ["# Pool benchmarks", "",
         "Cistern against the other Java pools in the same JMH run, on a stub JDBC driver whose calls do",
         "nothing (HikariCP's benchmark method), each pool configured as HikariCP's benchmark configures",
         "it: empty at start, at most 32 connections (4 in the saturation run, 16 for virtual threads),",
         "auto-commit off, test-on-borrow or an equivalent liveness check. Scores are medians of the",
         "measurement iterations; the ratio is Cistern / best peer (above 1: Cistern is faster).",
         "This machine has 2 cores: read ratios, not absolute figures. The load average below counts",
         "the benchmark's own threads. What the figures show, where Cistern loses and why:",
         "[POOL-PERFORMANCE.md](POOL-PERFORMANCE.md).", ""]
run_txt = os.path.join(results_dir, "run.txt")
if os.path.exists(run_txt):
    lines += ["```"] + open(run_txt).read().strip().splitlines() + ["```", ""]
lines += ["| benchmark | unit | " + " | ".join(POOLS) + " | best peer | Cistern / best peer |",
          "|---|---|" + "---:|" * len(POOLS) + "---|---:|"]
for label, name, higher_better, scores, best_peer, ratio in rows:
    unit = next(iter(scores.values()))[1]
    cells = [(f"{scores[p][0]:.3g}" + (" (over the bound)" if (name, p) in over_bound else "")) if p in scores else ""
             for p in POOLS]
    lines.append(f"| {label} | {unit} | " + " | ".join(cells) + f" | {best_peer or ''} | "
                 + (f"**{ratio:.2f}**" if ratio is not None else "") + " |")

if over_bound:
    lines += ["", f"*Over the bound*: saturation holds each connection for 20 µs of CPU work, so {CORES} cores",
              f"complete at most {SATURATION_BOUND:.0f} operations per millisecond. JMH adds up per-thread rates, and a",
              "pool that stalls some threads for longer than an iteration can report more; such a score is",
              "not a throughput and is not taken as the best peer."]

saturation_dir = os.path.join(results_dir, "saturation")
if os.path.isdir(saturation_dir):
    lines += ["", "## Saturation: acquire time and fairness", "",
              "32 threads over 4 connections, measured iterations of each pool's last fork (each fork",
              "writes its own report; the last one stays). Fairness: the coefficient of",
              "variation of operations per thread (0 = perfectly even) and the least and most served threads.", "",
              "| pool | acquire p50 µs | p99 µs | p99.9 µs | max µs | ops per thread min / max | CV |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    for pool in POOLS:
        path = os.path.join(saturation_dir, pool + ".json")
        if not os.path.exists(path):
            continue
        s = json.load(open(path))
        a, f = s["acquireMicros"], s["fairness"]
        lines.append(f"| {pool} | {a['p50']:.1f} | {a['p99']:.1f} | {a['p999']:.1f} | {a['max']:.1f} | "
                     f"{f['minOps']} / {f['maxOps']} | {f['cv']:.3f} |")
lines += ["", "![Pool benchmarks, relative to the best pool in each row](benchmarks-pool.svg)", ""]
with open(summary_path, "w") as f:
    f.write("\n".join(lines))

# Chart: per benchmark, each pool's score relative to the best pool in that row (1.0 = best).
colors = {"cistern": "#1f77b4", "hikari": "#ff7f0e", "agroal": "#2ca02c", "vibur": "#d62728",
          "dbcp2": "#9467bd", "tomcat": "#8c564b", "c3p0": "#7f7f7f"}
bar, gap, left, top = 9, 18, 330, 40
height = top + len(rows) * (len(POOLS) * bar + gap) + 40
width = left + 420
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
       f'<text x="10" y="20" font-size="14">Pool benchmarks: score relative to the best pool in each row (longer is better)</text>']
y = top
for label, name, higher_better, scores, best_peer, ratio in rows:
    values = {p: scores[p][0] for p in POOLS if p in scores and (name, p) not in over_bound}
    best = max(values.values()) if higher_better else min(values.values())
    svg.append(f'<text x="10" y="{y + len(POOLS) * bar / 2 + 4}">{label}</text>')
    for i, pool in enumerate(POOLS):
        if (name, pool) in over_bound:
            svg.append(f'<text x="{left + 3}" y="{y + i * bar + bar - 1}" font-size="8">{pool}: over the bound, not a throughput</text>')
        if pool not in values:
            continue
        rel = values[pool] / best if higher_better else best / values[pool]
        w = max(1, rel * 400)
        svg.append(f'<rect x="{left}" y="{y + i * bar}" width="{w:.1f}" height="{bar - 1}" fill="{colors[pool]}"/>')
        svg.append(f'<text x="{left + w + 3:.1f}" y="{y + i * bar + bar - 1}" font-size="8">{pool} {rel:.2f}</text>')
    y += len(POOLS) * bar + gap
for i, pool in enumerate(POOLS):
    svg.append(f'<rect x="{10 + i * 95}" y="{height - 25}" width="10" height="10" fill="{colors[pool]}"/>')
    svg.append(f'<text x="{24 + i * 95}" y="{height - 16}">{pool}</text>')
svg.append("</svg>")
with open(chart_path, "w") as f:
    f.write("\n".join(svg) + "\n")
