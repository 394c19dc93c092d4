#!/usr/bin/env python3
"""Scores the Swedish follow-up backtests (issue 11); Python standard library only.

usage: bench/sweden_score.py [--dir build/sweden-backtest] [--variants default,prior,...]

Reads DIR/sets.csv (bench/sweden_backtest.py), the set files and the forecasts
DIR/forecasts/SET.VARIANT.csv (`utsikt forecast` output: series,method,step,time,mean,q...),
and writes DIR/results.md (also printed): per set and method, and pooled per table and number
of training values.

Metrics, over every test value (series x test year; years forecast in between are not scored):
  cov80, cov95  share of test values inside the central 80 % (q0.1..q0.9) / 95 %
                (q0.025..q0.975) interval (utsikt only: the hand methods have no interval)
  Brier, ECE    threshold events "value > c" with c = last training value x (1 + k),
                k in {-10, -5, -2, 0, +2, +5, +10} %, one event per test value and k. utsikt:
                P = 1 - F(c), F the predictive CDF interpolated linearly between the quantiles
                (0.01, 0.02, ..., 0.99, 0.025, 0.975), clamped to [0.005, 0.995] beyond the
                extreme quantiles (F = 0.005 below q0.01, 0.995 above q0.99). Hand methods:
                P = 1 if their value is > c, 0 if <, 0.5 if equal. ECE: 10 equal-width bins of
                P, sum over bins of (share of events) x |mean P - event frequency|.
  sMAPE         mean of 200 |y - f| / (|y| + |f|), f = the median (q0.5; hand methods: their
                value).
Hand methods, as a follow-up report does by hand: "line" = the straight line through the first
and the last training value (on the original scale), "last" = the last training value carried
forward.
Goal (issue 11), checked per utsikt row: cov80 in 74-86 %, cov95 in 90-97 %, Brier at most
0.8 x the line's Brier on the same events.
"""
import argparse
import csv
import os
from collections import defaultdict

KS = [-0.10, -0.05, -0.02, 0.0, 0.02, 0.05, 0.10]
P_MIN, P_MAX = 0.005, 0.995
H_BUCKETS = [(1, 2), (3, 5), (6, 10), (11, 15)]
VARIANT_LABEL = {"default": "utsikt (M3 prior)", "prior": "utsikt --prior CLASS",
                 "pool": "utsikt --pool", "pool+prior": "utsikt --pool --prior CLASS",
                 "prior-oot": "engine: class prior from years <= origin",
                 "prior-loco": "engine: class prior without the own county",
                 "ref-prior": "ref: class prior, years <= origin",
                 "ref-prior-all": "ref: class prior, all years",
                 "ref-pool": "ref: pooled peers",
                 "ref-pool-m0": "ref: class prior, drift centre from peers"}
# Whether the test values could have influenced a row's forecasts (issue 11: every row says it).
# in-sample: the prior was estimated from panels that contain the test years of the same series;
# out of sample: nothing after the forecast origin was used; out of county: the series' own
# county was left out, but the other counties' test years were seen (common shocks leak).
VARIANT_SAMPLE = {"default": "out of sample (M3 data)",
                  "prior": "in-sample (class prior: all years, all counties)",
                  "pool": "out of sample (peers up to the origin, own county left out)",
                  "pool+prior": "mixed (pool; class prior in-sample where peers are too few)",
                  "prior-oot": "out of sample (years <= origin)",
                  "prior-loco": "out of county (all years, own county left out)",
                  "ref-prior": "out of sample (years <= origin)",
                  "ref-prior-all": "in-sample (all years, all counties)",
                  "ref-pool": "out of sample (peers' training values)",
                  "ref-pool-m0": "out of sample (years <= origin, peers' training values)",
                  "line": "hand method", "last": "hand method"}


def read_set(path):
    train, test = defaultdict(list), defaultdict(list)
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            (train if r["part"] == "train" else test)[r["series"]].append(
                (int(r["time"]), float(r["value"])))
    for d in (train, test):
        for k in d:
            d[k].sort()
    return train, test


def read_forecast(path):
    """{(series, year): (levels, values)} with values made non-decreasing."""
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        rd = csv.reader(f)
        header = next(rd)
        qcols = sorted(((float(h[1:]), i) for i, h in enumerate(header) if h.startswith("q")))
        levels = [q for q, _ in qcols]
        for row in rd:
            vals = [float(row[i]) for _, i in qcols]
            for k in range(1, len(vals)):
                vals[k] = max(vals[k], vals[k - 1])
            out[(row[0], int(row[3]))] = (levels, vals)
    return out


def cdf(levels, vals, c):
    if c < vals[0]:
        return P_MIN
    if c > vals[-1]:
        return P_MAX
    lo, hi = 0, len(vals) - 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if vals[mid] <= c:
            lo = mid
        else:
            hi = mid
    if vals[hi] <= c:
        return levels[hi]
    if vals[hi] == vals[lo]:
        return levels[hi]
    w = (c - vals[lo]) / (vals[hi] - vals[lo])
    return levels[lo] + w * (levels[hi] - levels[lo])


def quantile(levels, vals, q):
    for lv, v in zip(levels, vals):
        if abs(lv - q) < 1e-9:
            return v
    raise SystemExit(f"forecast lacks quantile {q}")


class Acc:
    """Accumulates one method's scores over test values."""

    def __init__(self):
        self.n = self.c80 = self.c95 = 0
        self.smape = 0.0
        self.events = []  # (p, outcome)
        self.has_interval = False
        self.by_h = defaultdict(lambda: [0, 0, 0])

    def add(self, y, h, median, probs_by_c, interval=None):
        self.n += 1
        self.smape += 200.0 * abs(y - median) / (abs(y) + abs(median)) if y or median else 0.0
        for c, p in probs_by_c:
            self.events.append((p, 1.0 if y > c else 0.0))
        if interval:
            self.has_interval = True
            lo80, hi80, lo95, hi95 = interval
            i80, i95 = lo80 <= y <= hi80, lo95 <= y <= hi95
            self.c80 += i80
            self.c95 += i95
            b = next(b for b in H_BUCKETS if b[0] <= h <= b[1]) if h <= H_BUCKETS[-1][1] \
                else (H_BUCKETS[-1][1] + 1, 99)
            r = self.by_h[b]
            r[0] += i80
            r[1] += i95
            r[2] += 1

    def merge(self, o):
        self.n += o.n
        self.c80 += o.c80
        self.c95 += o.c95
        self.smape += o.smape
        self.events += o.events
        self.has_interval |= o.has_interval
        for b, r in o.by_h.items():
            m = self.by_h[b]
            for i in range(3):
                m[i] += r[i]

    def brier(self):
        return sum((p - o) ** 2 for p, o in self.events) / len(self.events)

    def ece(self):
        bins = defaultdict(list)
        for p, o in self.events:
            bins[min(9, int(p * 10))].append((p, o))
        n = len(self.events)
        return sum(len(b) / n * abs(sum(p for p, _ in b) / len(b) - sum(o for _, o in b) / len(b))
                   for b in bins.values())


def hand_prob(f, c):
    return 1.0 if f > c else 0.0 if f < c else 0.5


def score_set(train, test, fc):
    """{method: Acc} for one set. fc: {variant: forecast dict}."""
    accs = defaultdict(Acc)
    for sid in sorted(train):
        tr = train[sid]
        (t0, y0), (t1, y1) = tr[0], tr[-1]
        thresholds = [y1 * (1.0 + k) for k in KS]
        for t, y in test[sid]:
            h = t - t1
            line = y0 + (y1 - y0) * (t - t0) / (t1 - t0)
            accs["line"].add(y, h, line, [(c, hand_prob(line, c)) for c in thresholds])
            accs["last"].add(y, h, y1, [(c, hand_prob(y1, c)) for c in thresholds])
            for v, f in fc.items():
                key = (sid, t)
                if key not in f:
                    raise SystemExit(f"forecast {v} lacks {sid} {t}")
                lv, qs = f[key]
                probs = [(c, 1.0 - cdf(lv, qs, c)) for c in thresholds]
                iv = (quantile(lv, qs, 0.1), quantile(lv, qs, 0.9), quantile(lv, qs, 0.025),
                      quantile(lv, qs, 0.975))
                accs[v].add(y, h, quantile(lv, qs, 0.5), probs, iv)
    return accs


def fmt_pct(a, b):
    return f"{100.0 * a / b:.1f}" if b else "-"


def table(rows, order):
    """rows: [(label, {method: Acc})]. Markdown table with the goal check."""
    out = ["| set | method | sample | n | cov80 | cov95 | Brier | Brier / line | ECE | sMAPE "
           "| goal |", "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for label, accs in rows:
        line_brier = accs["line"].brier()
        for m in order:
            if m not in accs:
                continue
            a = accs[m]
            br = a.brier()
            if a.has_interval:
                goal = goal_check(a, line_brier)
                cv = f"{100.0 * a.c80 / a.n:.1f} | {100.0 * a.c95 / a.n:.1f}"
            else:
                goal, cv = "", "- | -"
            name = VARIANT_LABEL.get(m, {"line": "line (first-last)",
                                         "last": "last value"}.get(m, m))
            out.append(f"| {label} | {name} | {VARIANT_SAMPLE.get(m, '')} | {a.n} | {cv} | "
                       f"{br:.4f} | {br / line_brier:.2f} | {a.ece():.4f} | "
                       f"{a.smape / a.n:.2f} | {goal} |")
    return "\n".join(out)


def goal_check(a, line_brier):
    c80, c95 = 100.0 * a.c80 / a.n, 100.0 * a.c95 / a.n
    miss = [name for name, ok in (("cov80", 74 <= c80 <= 86), ("cov95", 90 <= c95 <= 97),
                                  ("Brier", a.brier() <= 0.8 * line_brier)) if not ok]
    return "met" if not miss else "no: " + ", ".join(miss)


def wide_table(rows, variant):
    """One row per pooled group: the variant next to the hand methods."""
    out = [f"**{VARIANT_LABEL.get(variant, variant)}** ({VARIANT_SAMPLE.get(variant, '?')})\n",
           "| rows | n | cov80 | cov95 | Brier | line Brier | last Brier | Brier / line | ECE "
           "| sMAPE (line, last) | goal |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for label, accs in rows:
        if variant not in accs:
            continue
        a, ln, ls = accs[variant], accs["line"], accs["last"]
        out.append(f"| {label} | {a.n} | {100.0 * a.c80 / a.n:.1f} | {100.0 * a.c95 / a.n:.1f} | "
                   f"{a.brier():.4f} | {ln.brier():.4f} | {ls.brier():.4f} | "
                   f"{a.brier() / ln.brier():.2f} | {a.ece():.4f} | {a.smape / a.n:.2f} "
                   f"({ln.smape / ln.n:.2f}, {ls.smape / ls.n:.2f}) | "
                   f"{goal_check(a, ln.brier())} |")
    return "\n".join(out)


def horizon_table(rows, variants):
    out = ["| rows | method | " + " | ".join(f"h {a}-{b}" for a, b in H_BUCKETS) + " |",
           "|---|---|" + "---|" * len(H_BUCKETS)]
    for label, accs in rows:
        for v in variants:
            if v not in accs:
                continue
            cells = []
            for b in H_BUCKETS:
                r = accs[v].by_h.get(b)
                cells.append(f"{fmt_pct(r[0], r[2])} / {fmt_pct(r[1], r[2])} (n={r[2]})"
                             if r and r[2] else "-")
            out.append(f"| {label} | {VARIANT_LABEL.get(v, v)} ({VARIANT_SAMPLE.get(v, '?')}) | " +
                       " | ".join(cells) + " |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default="build/sweden-backtest")
    ap.add_argument("--variants", default="default")
    args = ap.parse_args()
    variants = [v for v in args.variants.split(",") if v]
    with open(os.path.join(args.dir, "sets.csv"), newline="") as f:
        sets = list(csv.DictReader(f))

    per_set, pooled = [], {}
    missing = []
    for s in sets:
        train, test = read_set(os.path.join(args.dir, s["file"]))
        fc = {}
        for v in variants:
            p = os.path.join(args.dir, "forecasts", f"{s['set']}.{v}.csv")
            if os.path.isfile(p):
                fc[v] = read_forecast(p)
            else:
                missing.append(f"{s['set']}.{v}")
        accs = score_set(train, test, fc)
        per_set.append((s["set"], accs))
        table_name = s["set"].rsplit("_", 2)[0]  # pop, ghg_total, ...
        for key in ((table_name, s["points"]), (s["class"], "all")):
            pool = pooled.setdefault(key, defaultdict(Acc))
            for m, a in accs.items():
                pool[m].merge(a)

    order = variants + ["line", "last"]
    keys = sorted((k for k in pooled if k[1] != "all"),
                  key=lambda k: (list(pooled).index(k), k[1]))
    keys += [k for k in pooled if k[1] == "all"]
    pooled_rows = [(f"{k[0]}, {k[1]} values" if k[1] != "all" else f"{k[0]}, all sets",
                    pooled[k]) for k in keys]
    parts = [
        "# Swedish follow-up backtests (issue 11)\n",
        "Generated by bench/sweden_score.py from bench/sweden_backtest.sh. Goal per utsikt row: "
        "cov80 in 74-86 %, cov95 in 90-97 %, Brier <= 0.8 x line.\n",
        "## Summary per method, pooled by table and number of training values (all origins)\n",
        "\n\n".join(wide_table(pooled_rows, v) for v in variants),
        "\n## Pooled by table and number of training values (all origins)\n",
        table(pooled_rows, order),
        "\n## Coverage of the 80 % / 95 % intervals by years ahead (pooled)\n",
        horizon_table(pooled_rows, variants),
        "\n## Per set\n",
        table(per_set, order),
    ]
    if missing:
        parts.append("\nMissing forecasts (run failed or variant not supported): " +
                     ", ".join(missing))
    text = "\n".join(parts) + "\n"
    with open(os.path.join(args.dir, "results.md"), "w", encoding="utf-8") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
