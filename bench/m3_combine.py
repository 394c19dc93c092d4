#!/usr/bin/env python3
"""Prototype of the proposed `auto` rule, evaluated on M3 yearly (Python stdlib only).

A combination of utsikt single-method forecasts (equal-weight mixture of their predictive
distributions; point = median of the mixture) followed by a horizon-wise spread calibration:
Y' = m + c_h (Y - m) around the mixture median m. The factors c_h are chosen so that the
central 80 % and 95 % intervals cover 80 % and 95 % on CALIBRATION data that excludes the
evaluated test values, in two ways:
  backtest  c_h from forecasts of the last 6 TRAINING points made from the earlier ones
            (bench/make_backtest.py); the M3 test period is never used;
  loco      leave-one-category-out: for each M3 category, c_h from the test outcomes of the
            other five categories.

usage: m3_combine.py --data LONG.csv --meta META.csv --backtest BT.csv
                     --member NAME=TEST.csv,BACKTEST.csv [--member ...] [--label L]
"""
import argparse
import bisect
import sys

import m3_metrics as mm

LEVELS_OUT = (0.025, 0.1, 0.5, 0.9, 0.975)


class Mixture:
    def __init__(self, members):
        self.members = members  # list of mm.Predictive
        lo = min(p.lo95 for p in members)
        hi = max(p.hi95 for p in members)
        span = (hi - lo) or max(1.0, abs(hi))
        self.lo, self.hi = lo - 10 * span, hi + 10 * span
        self.cache = {}

    def cdf(self, x):
        return sum(p.cdf(x) for p in self.members) / len(self.members)

    def quantile(self, q):
        if q in self.cache:
            return self.cache[q]
        self.cache[q] = self._quantile(q)
        return self.cache[q]

    def _quantile(self, q):
        a, b = self.lo, self.hi
        for _ in range(60):
            mid = 0.5 * (a + b)
            if self.cdf(mid) < q:
                a = mid
            else:
                b = mid
        return 0.5 * (a + b)


class Scaled:
    """m + c (Y - m): the calibrated predictive, exposing the mm.Predictive interface."""

    def __init__(self, mix, c):
        self.mix, self.c = mix, c
        self.m = mix.quantile(0.5)
        qs = {q: self.m + c * (mix.quantile(q) - self.m) for q in (0.025, 0.1, 0.9, 0.975)}
        self.mean = self.m
        self.lo95, self.lo80, self.hi80, self.hi95 = qs[0.025], qs[0.1], qs[0.9], qs[0.975]

    def cdf(self, x):
        return self.mix.cdf(self.m + (x - self.m) / self.c)


def mixtures(member_preds, keys):
    return {k: Mixture([p[k] for p in member_preds]) for k in keys}


def fit_factors(mix, train, test, ids):
    """c_h per horizon matching 80 % and 95 % central coverage on (ids, their test values)."""
    grid = [0.7 + 0.02 * i for i in range(150)]
    out = {}
    for h in range(1, 7):
        # Standardised distance of y from the median in units of each interval half-width.
        r80, r95 = [], []
        for sid in ids:
            y = test[sid][h - 1][1]
            mx = mix[(sid, h)]
            m = mx.quantile(0.5)
            for q_lo, q_hi, r in ((0.1, 0.9, r80), (0.025, 0.975, r95)):
                lo, hi = mx.quantile(q_lo), mx.quantile(q_hi)
                w = (m - lo) if y < m else (hi - m)
                r.append(abs(y - m) / w if w > 0 else float("inf"))
        r80.sort()
        r95.sort()
        best = min(grid, key=lambda c: abs(bisect.bisect_right(r80, c) / len(r80) - 0.80)
                   + abs(bisect.bisect_right(r95, c) / len(r95) - 0.95))
        out[h] = best
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--meta", required=True)
    ap.add_argument("--backtest", required=True)
    ap.add_argument("--member", action="append", required=True)
    ap.add_argument("--label", default="combination")
    a = ap.parse_args()
    train, test = mm.read_data(a.data)
    bt_train, bt_test = mm.read_data(a.backtest)
    meta = mm.read_meta(a.meta)
    ids = sorted(test)
    te_preds, bt_preds = [], []
    for spec in a.member:
        name, files = spec.split("=", 1)
        te, bt = files.split(",")
        te_preds.append(mm.read_utsikt(te))
        bt_preds.append(mm.read_utsikt(bt))
    keys = [(s, h) for s in ids for h in range(1, 7)]
    te_mix = mixtures(te_preds, keys)
    bt_mix = mixtures(bt_preds, keys)

    results = {}
    results[a.label + " (uncalibrated)"] = mm.evaluate(
        {k: Scaled(m, 1.0) for k, m in te_mix.items()}, train, test, ids)
    c_bt = fit_factors(bt_mix, bt_train, bt_test, ids)
    results[a.label + " + backtest calibration"] = mm.evaluate(
        {k: Scaled(m, c_bt[k[1]]) for k, m in te_mix.items()}, train, test, ids)
    loco = {}
    c_loco = {}
    for cat in sorted(set(meta.values())):
        others = [s for s in ids if meta[s] != cat]
        c = fit_factors(te_mix, train, test, others)
        c_loco[cat] = c
        for s in ids:
            if meta[s] == cat:
                for h in range(1, 7):
                    loco[(s, h)] = Scaled(te_mix[(s, h)], c[h])
    results[a.label + " + leave-one-category-out calibration"] = mm.evaluate(loco, train, test, ids)
    # The production factors of project_series (kPriorSpreadFactors in engine/include/utsikt/engine/calibration.hpp):
    # fitted on all series; the loco row above is the honest estimate of their performance.
    c_all = fit_factors(te_mix, train, test, ids)
    sys.stdout.write(mm.table(results, {}, f"{a.label}: members "
                              + ", ".join(s.split("=")[0] for s in a.member)))
    sys.stdout.write("\nbacktest factors c_h (h=1..6): "
                     + " ".join(f"{c_bt[h]:.2f}" for h in range(1, 7)) + "\n")
    sys.stdout.write("factors on all series c_h (h=1..6): "
                     + " ".join(f"{c_all[h]:.2f}" for h in range(1, 7)) + "\n")
    for cat, c in c_loco.items():
        sys.stdout.write(f"loco factors without {cat}: " + " ".join(f"{c[h]:.2f}" for h in range(1, 7)) + "\n")
    by = {}
    for cat in sorted(set(meta.values())):
        sub = [s for s in ids if meta[s] == cat]
        by[cat + " (uncalibrated)"] = mm.evaluate(
            {k: Scaled(m, 1.0) for k, m in te_mix.items() if meta[k[0]] == cat}, train, test, sub)
        by[cat + " (loco cal.)"] = mm.evaluate(
            {k: v for k, v in loco.items() if meta[k[0]] == cat}, train, test, sub)
    sys.stdout.write("\n" + mm.table(by, {}, "per category"))


if __name__ == "__main__":
    main()
