#!/usr/bin/env python3
"""Summarises JMH cache-throughput results as Markdown.

  summarize-cache-results.py RESULT.json...
      ops/s (median of the iterations) per cache, read share and thread count, and each cache's
      ratio to plain Caffeine measured in the same run.
  summarize-cache-results.py --paired RESULT.json...
      for files holding repeated rounds: the ratio to Caffeine within each file (measured seconds
      apart, so a burst of load on the machine hits both sides alike), then the median and range of
      those ratios over the rounds.
  summarize-cache-results.py --forks RESULT.json...
      for runs with many forks (-f 6 or more): each fork's median, then the median over forks and
      their range, and the ratio of those medians to plain Caffeine and to Caffeine with statistics.
      Forks of the same configuration in several files (interleaved rounds of -f 1) are pooled.
      On this 2-core machine whole forks land in a fast or a slow state, so the median over forks
      is steadier than the median over all iterations.
"""
import json
import statistics
import sys

ORDER = ["WINDOW_TINY_LFU", "LRU", "LFU", "FIFO", "TTL_ONLY", "CAFFEINE_VARIABLE_EXPIRY", "CAFFEINE_WRITE_STAMP", "CAFFEINE_WITH_STATS", "CAFFEINE"]


def load(path):
    """(readPercent, cache, threads) -> median ops/s of the iterations."""
    with open(path) as f:
        return {(r["params"]["readPercent"], r["params"]["cache"], r["threads"]):
                r["primaryMetric"]["scorePercentiles"]["50.0"] for r in json.load(f)}


def reads_descending(keys):
    return sorted({k[0] for k in keys}, key=int, reverse=True)


def rows(keys):
    """(read share, cache) pairs present in keys, reads descending, caches in ORDER."""
    present = {(k[0], k[1]) for k in keys}
    return [(read, cache) for read in reads_descending(keys) for cache in ORDER if (read, cache) in present]


def single(paths):
    medians = {}
    for path in paths:
        medians.update(load(path))
    threads = sorted({k[2] for k in medians})
    print("| reads | cache | " + " | ".join(
        f"{t} thread{'s' if t > 1 else ''}: ops/s (median) | vs Caffeine" for t in threads) + " |")
    print("|---:|---|" + "---:|---:|" * len(threads))
    for read, cache in rows(medians):
        cells = []
        for t in threads:
            median = medians.get((read, cache, t))
            baseline = medians.get((read, "CAFFEINE", t))
            cells += ["", ""] if median is None else [
                f"{median / 1e6:.2f} M", f"{median / baseline:.2f}" if baseline else ""]
        print(f"| {read} % | {cache} | " + " | ".join(cells) + " |")


def paired(paths):
    ratios = {}
    for path in paths:
        medians = load(path)
        for (read, cache, t), median in medians.items():
            baseline = medians.get((read, "CAFFEINE", t))
            if cache != "CAFFEINE" and baseline:
                ratios.setdefault((read, cache, t), []).append(median / baseline)
    threads = sorted({k[2] for k in ratios})
    print("| reads | cache | " + " | ".join(
        f"{t} thread{'s' if t > 1 else ''}: vs Caffeine, median (range)" for t in threads) + " | rounds |")
    print("|---:|---|" + "---:|" * len(threads) + "---:|")
    for read, cache in rows(ratios):
        cells = []
        for t in threads:
            r = ratios.get((read, cache, t), [])
            cells.append(f"{statistics.median(r):.2f} ({min(r):.2f}–{max(r):.2f})" if r else "")
        rounds = max(len(ratios.get((read, cache, t), [])) for t in threads)
        print(f"| {read} % | {cache} | " + " | ".join(cells) + f" | {rounds} |")


def fork_medians(paths):
    """(readPercent, cache, threads) -> list of per-fork median ops/s."""
    forks = {}
    for path in paths:
        with open(path) as f:
            for r in json.load(f):
                key = (r["params"]["readPercent"], r["params"]["cache"], r["threads"])
                forks.setdefault(key, []).extend(
                    statistics.median(iterations) for iterations in r["primaryMetric"]["rawData"])
    return forks


def by_fork(paths):
    forks = fork_medians(paths)
    threads = sorted({k[2] for k in forks})
    print("| reads | cache | " + " | ".join(
        f"{t} thread{'s' if t > 1 else ''}: ops/s, median of forks (range) | vs Caffeine | vs Caffeine with stats"
        for t in threads) + " | forks |")
    print("|---:|---|" + "---:|---:|---:|" * len(threads) + "---:|")
    for read, cache in rows(forks):
        cells = []
        for t in threads:
            f = forks.get((read, cache, t))
            if not f:
                cells += ["", "", ""]
                continue
            m = statistics.median(f)
            cells.append(f"{m / 1e6:.2f} M ({min(f) / 1e6:.1f}–{max(f) / 1e6:.1f})")
            for baseline in ("CAFFEINE", "CAFFEINE_WITH_STATS"):
                b = forks.get((read, baseline, t))
                cells.append(f"{m / statistics.median(b):.2f}" if b else "")
        n = max(len(forks.get((read, cache, t), [])) for t in threads)
        print(f"| {read} % | {cache} | " + " | ".join(cells) + f" | {n} |")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--paired":
        paired(sys.argv[2:])
    elif len(sys.argv) > 1 and sys.argv[1] == "--forks":
        by_fork(sys.argv[2:])
    else:
        single(sys.argv[1:])
