#!/usr/bin/env python3
"""Prints a Markdown table of JMH cache-throughput results: ops/s per cache, read share and thread
count, and each cache's ratio to plain Caffeine measured in the same run.
Usage: summarize-cache-results.py RESULT.json..."""
import json
import sys

rows = {}
threads_seen = set()
for path in sys.argv[1:]:
    with open(path) as f:
        for result in json.load(f):
            params = result["params"]
            key = (params["readPercent"], params["cache"])
            threads = result["threads"]
            threads_seen.add(threads)
            rows.setdefault(key, {})[threads] = result["primaryMetric"]

threads = sorted(threads_seen)
order = ["WINDOW_TINY_LFU", "LRU", "LFU", "FIFO", "TTL_ONLY", "CAFFEINE_VARIABLE_EXPIRY", "CAFFEINE"]
header = "| reads | cache | " + " | ".join(f"{t} thread{'s' if t > 1 else ''}: ops/s (median) | vs Caffeine" for t in threads) + " |"
print(header)
print("|---:|---|" + "---:|---:|" * len(threads))
for read in sorted({k[0] for k in rows}, key=int, reverse=True):
    for cache in order:
        if (read, cache) not in rows:
            continue
        cells = []
        for t in threads:
            metric = rows[(read, cache)].get(t)
            baseline = rows.get((read, "CAFFEINE"), {}).get(t)
            if metric is None:
                cells += ["", ""]
                continue
            median = metric["scorePercentiles"]["50.0"]
            ratio = median / baseline["scorePercentiles"]["50.0"] if baseline else float("nan")
            cells += [f"{median / 1e6:.2f} M", f"{ratio:.2f}"]
        print(f"| {read} % | {cache} | " + " | ".join(cells) + " |")
