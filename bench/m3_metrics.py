#!/usr/bin/env python3
"""Accuracy and calibration of forecasts on the M3 yearly test periods (Python stdlib only).

usage: m3_metrics.py --data LONG.csv --meta META.csv [--cpu cpu.txt]
                     [--utsikt NAME=FILE ...] [--r FILE] [--by-category] [--categories A,B]

--utsikt files are `utsikt forecast` outputs (series,method,step,time,mean,q...); the
predictive CDF is the linear interpolation of the quantiles (flat beyond the outermost ones).
--r is the output of shared/tools/anchor_forecast.R (series,method,step,time,mean,lo80,hi80,
lo95,hi95); its predictive distribution is taken as Gaussian with sd = (hi95-lo95)/(2*1.96).

Metrics (h = 1..6, all series):
  sMAPE  mean of 200|y-f|/(|y|+|f|)                      (f = the `mean` column)
  MASE   mean |y-f| / mean |y_t - y_{t-1}| (in-sample)
  cov80, cov95  share of test values inside the central 80 %/95 % interval
  MSIS   mean interval score of the 95 % interval / in-sample scale (Makridakis et al. 2020)
  Brier, ECE  threshold events at the last horizon: y_{T+6} >= y_T (1+g),
         g in {-0.2,-0.1,0,0.1,0.2,0.3}; ECE with 10 equal-width probability bins.
"""
import argparse
import csv
import math
import sys
from collections import defaultdict

GROWTHS = [-0.2, -0.1, 0.0, 0.1, 0.2, 0.3]
Z95 = 1.959963984540054


def norm_cdf(x):
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def read_data(path):
    train, test = defaultdict(list), defaultdict(list)
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            (train if r["part"] == "train" else test)[r["series"]].append(
                (int(float(r["time"])), float(r["value"])))
    for d in (train, test):
        for k in d:
            d[k].sort()
    return train, test


def read_meta(path):
    with open(path, newline="") as f:
        return {r["series"]: r["category"] for r in csv.DictReader(f)}


class Predictive:
    """mean, 80/95 intervals and P(Y >= c) for one series and step."""

    def __init__(self, mean, lo80, hi80, lo95, hi95, cdf):
        self.mean, self.lo80, self.hi80, self.lo95, self.hi95 = mean, lo80, hi80, lo95, hi95
        self.cdf = cdf


def quantile_cdf(levels, values):
    def cdf(c):
        if c <= values[0]:
            return levels[0] if c == values[0] else 0.0 if levels[0] < 0.01 else levels[0] * 0.5
        if c >= values[-1]:
            return levels[-1] if c == values[-1] else 1.0 if levels[-1] > 0.99 else (1 + levels[-1]) * 0.5
        lo, hi = 0, len(values) - 1
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if values[mid] <= c:
                lo = mid
            else:
                hi = mid
        if values[hi] == values[lo]:
            return levels[hi]
        w = (c - values[lo]) / (values[hi] - values[lo])
        return levels[lo] + w * (levels[hi] - levels[lo])
    return cdf


def read_utsikt(path):
    out = {}
    with open(path, newline="") as f:
        rd = csv.reader(f)
        header = next(rd)
        qcols = [(i, float(h[1:])) for i, h in enumerate(header) if h.startswith("q")]
        levels = [q for _, q in qcols]
        def val(row, level):
            for (i, q) in qcols:
                if abs(q - level) < 1e-12:
                    return float(row[i])
            raise SystemExit(f"{path}: needs quantile {level}")
        for row in rd:
            vals = [float(row[i]) for i, _ in qcols]
            for k in range(1, len(vals)):  # guard against numerical non-monotonicity
                vals[k] = max(vals[k], vals[k - 1])
            out[(row[0], int(row[2]))] = Predictive(
                float(row[4]), val(row, 0.1), val(row, 0.9), val(row, 0.025), val(row, 0.975),
                quantile_cdf(levels, vals))
    return out


def read_r(path):
    by = defaultdict(dict)
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            m, lo95, hi95 = float(r["mean"]), float(r["lo95"]), float(r["hi95"])
            sd = max((hi95 - lo95) / (2 * Z95), 1e-12)
            cdf = (lambda mu, s: (lambda c: norm_cdf((c - mu) / s)))(m, sd)
            by["R " + r["method"]][(r["series"], int(r["step"]))] = Predictive(
                m, float(r["lo80"]), float(r["hi80"]), lo95, hi95, cdf)
    return by


def evaluate(pred, train, test, series_ids):
    s_smape = s_mase = s_msis = 0.0
    n_pts = n_series = 0
    c80 = c95 = 0
    probs, outcomes = [], []
    for sid in series_ids:
        tr = [v for _, v in train[sid]]
        te = [v for _, v in test[sid]]
        scale = sum(abs(tr[i] - tr[i - 1]) for i in range(1, len(tr))) / max(1, len(tr) - 1)
        scale = scale if scale > 0 else 1.0
        ae = msis = 0.0
        for h, y in enumerate(te, start=1):
            p = pred.get((sid, h))
            if p is None:
                raise SystemExit(f"missing forecast for {sid} step {h}")
            f = p.mean
            s_smape += 200 * abs(y - f) / (abs(y) + abs(f)) if abs(y) + abs(f) > 0 else 0
            ae += abs(y - f)
            c80 += p.lo80 <= y <= p.hi80
            c95 += p.lo95 <= y <= p.hi95
            a = 0.05
            msis += (p.hi95 - p.lo95) + (2 / a) * max(0, p.lo95 - y) + (2 / a) * max(0, y - p.hi95)
            n_pts += 1
        s_mase += ae / len(te) / scale
        s_msis += msis / len(te) / scale
        n_series += 1
        H = len(te)
        p = pred[(sid, H)]
        for g in GROWTHS:
            c = tr[-1] * (1 + g)
            probs.append(1.0 - p.cdf(c))
            outcomes.append(1.0 if te[-1] >= c else 0.0)
    brier = sum((p - o) ** 2 for p, o in zip(probs, outcomes)) / len(probs)
    bins = defaultdict(list)
    for p, o in zip(probs, outcomes):
        bins[min(9, int(p * 10))].append((p, o))
    ece = sum(len(b) / len(probs) * abs(sum(p for p, _ in b) / len(b) - sum(o for _, o in b) / len(b))
              for b in bins.values())
    return {"n": n_series, "sMAPE": s_smape / n_pts, "MASE": s_mase / n_series,
            "cov80": 100 * c80 / n_pts, "cov95": 100 * c95 / n_pts, "MSIS": s_msis / n_series,
            "Brier": brier, "ECE": ece}


def table(results, cpu, title):
    cols = ["sMAPE", "MASE", "cov80", "cov95", "MSIS", "Brier", "ECE"]
    lines = [f"### {title}", "",
             "| method | n | " + " | ".join(cols) + " | CPU s | CPU ratio |",
             "|---|---:|" + "---:|" * (len(cols) + 2)]
    base = cpu.get("R ets+arima+theta")
    for name, r in results.items():
        t = cpu.get(name)
        ratio = f"{base / t:.1f}x" if (t and base) else ""
        fmt = {"sMAPE": "{:.2f}", "MASE": "{:.3f}", "cov80": "{:.1f}", "cov95": "{:.1f}",
               "MSIS": "{:.2f}", "Brier": "{:.4f}", "ECE": "{:.4f}"}
        lines.append(f"| {name} | {r['n']} | " + " | ".join(fmt[c].format(r[c]) for c in cols)
                     + f" | {t:.2f} | {ratio} |" if t is not None else
                     f"| {name} | {r['n']} | " + " | ".join(fmt[c].format(r[c]) for c in cols) + " |  |  |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--meta", required=True)
    ap.add_argument("--utsikt", action="append", default=[])
    ap.add_argument("--r")
    ap.add_argument("--cpu")
    ap.add_argument("--by-category", action="store_true")
    ap.add_argument("--categories")
    a = ap.parse_args()
    train, test = read_data(a.data)
    meta = read_meta(a.meta)
    preds = {}
    for spec in a.utsikt:
        name, path = spec.split("=", 1)
        preds[name] = read_utsikt(path)
    if a.r:
        preds.update(read_r(a.r))
    cpu = {}
    if a.cpu:
        with open(a.cpu) as f:
            for line in f:
                if "\t" in line:
                    k, v = line.rstrip("\n").split("\t")
                    cpu[k] = float(v)
        if all(k in cpu for k in ("R ets", "R arima", "R theta")):
            cpu["R ets+arima+theta"] = cpu["R ets"] + cpu["R arima"] + cpu["R theta"]
    ids = sorted(test)
    if a.categories:
        keep = set(a.categories.split(","))
        ids = [s for s in ids if meta[s] in keep]
    res = {name: evaluate(p, train, test, ids) for name, p in preds.items()}
    title = "All series" if not a.categories else "Categories " + a.categories
    sys.stdout.write(table(res, cpu, title + f" (h = 1-6, n = {len(ids)})"))
    if "R ets+arima+theta" in cpu:
        sys.stdout.write(f"\nR ets+arima+theta CPU: {cpu['R ets+arima+theta']:.2f} s\n")
    if a.by_category:
        for cat in sorted(set(meta[s] for s in ids)):
            sub = [s for s in ids if meta[s] == cat]
            res = {name: evaluate(p, train, test, sub) for name, p in preds.items()}
            sys.stdout.write("\n" + table(res, {}, f"{cat} (n = {len(sub)})"))


if __name__ == "__main__":
    main()
