#!/usr/bin/env python3
"""Reference forecasts for the Swedish follow-up backtests (issue 11): the short-series model
with the learned priors, in Python, written in `utsikt forecast`'s output format so that
bench/sweden_score.py scores them next to the binary.

usage: bench/sweden_reference.py [--dir build/sweden-backtest] [--data DIR] [--draws 4000]

Model (docs/methods.md, "Priors learned from Swedish panels"): on the working scale of the
class, increments over g years ~ N(g mu, g sigma^2), sigma^2 ~ Scaled-Inv-chi^2(nu0, s0^2),
mu ~ N(m0, tau^2); the exact posterior predictive (sigma^2 on a grid, mu integrated out,
bench/sweden_priors.py Predictive), quantiles from `--draws` draws per series and year
(random.Random seeded per series: deterministic). Variants, written as
DIR/forecasts/SET.VARIANT.csv:
  ref-prior      hyperparameters of the set's class estimated by bench/sweden_priors.py with
                 only the years up to the set's last training year (--until): no test year is
                 seen (the honest out-of-time estimate);
  ref-prior-all  the same with every year (bench/sweden_priors.csv: what a built-in
                 `--prior CLASS` uses; in-sample for the test years);
  ref-pool       (m0, tau) and, when at least 5 peers have 3+ training values, (s0, nu0)
                 estimated from the other series of the set (training part only; own series
                 left out) with estimate_prior() and the training years as the one window;
                 otherwise (s0, nu0) of ref-prior (the pooling as issue 11 describes it);
  ref-pool-m0    only the drift centre m0 from the peers (REML, as in ref-pool); s0, nu0 and
                 tau of ref-prior.
ref-prior-all is what the C++ `--prior CLASS` reproduced up to Monte-Carlo error before the
own-noise weight (the reference keeps w = 1; bench/sweden_heldout.py runs the engine itself with
held-out priors), ref-pool what `--pool` does if it borrows every hyperparameter from the peers.
"""
import argparse
import csv
import math
import os
import random
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sweden_data as sd  # noqa: E402
import sweden_priors as sp  # noqa: E402

VARIANTS = ("ref-prior", "ref-prior-all", "ref-pool", "ref-pool-m0")
LEVELS = sorted(set([round(k / 100, 2) for k in range(1, 100)] + [0.025, 0.975]))


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


def draw_quantiles(pred, h, n, rng):
    """Type-7 quantiles at LEVELS of n draws of w(t_n + h) from the posterior predictive."""
    cum, acc = [], 0.0
    for wt, _, _, _ in pred.comp:
        acc += wt
        cum.append(acc)
    xs = []
    for _ in range(n):
        u = rng.random() * acc
        lo, hi = 0, len(cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if cum[mid] < u:
                lo = mid + 1
            else:
                hi = mid
        _, v, mean, vm = pred.comp[lo]
        xs.append(pred.wn + h * mean + math.sqrt(h * v + h * h * vm) * rng.gauss(0.0, 1.0))
    xs.sort()
    out = []
    for q in LEVELS:
        pos = q * (n - 1)
        i = int(pos)
        j = min(i + 1, n - 1)
        out.append(xs[i] + (pos - i) * (xs[j] - xs[i]))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default="build/sweden-backtest")
    ap.add_argument("--data", default=None)
    ap.add_argument("--draws", type=int, default=4000)
    args = ap.parse_args()
    d = sd.data_dir(args.data)
    with open(os.path.join(args.dir, "sets.csv"), newline="") as f:
        sets = list(csv.DictReader(f))
    os.makedirs(os.path.join(args.dir, "forecasts"), exist_ok=True)

    class_priors = {}  # (class, until) -> (scale, estimate)

    def class_prior(cls, until):
        if (cls, until) not in class_priors:
            scale, panel, windows, _ = sp.load_classes(d, until)[cls]
            class_priors[(cls, until)] = (scale, sp.estimate_prior(panel, windows))
        return class_priors[(cls, until)]

    summary = []
    for s in sets:
        train, test = read_set(os.path.join(args.dir, s["file"]))
        origin = int(s["train_years"].split()[-1])
        scale, cp = class_prior(s["class"], origin)
        work = {sid: [(t, sp.forward(scale, v)) for t, v in pts] for sid, pts in train.items()}
        train_years = tuple(int(y) for y in s["train_years"].split())
        pooled_sigma = 0
        _, ca = class_prior(s["class"], None)
        for variant in VARIANTS:
            rows = []
            for sid in sorted(train):
                if variant == "ref-prior":
                    hp = (cp["s0"], cp["nu0"], cp["m0"], cp["tau"])
                elif variant == "ref-prior-all":
                    hp = (ca["s0"], ca["nu0"], ca["m0"], ca["tau"])
                else:
                    peers = [dict(work[o]) for o in sorted(work) if o != sid]
                    e = sp.estimate_prior(peers, [train_years], (cp["s0"], cp["nu0"]))
                    if variant == "ref-pool":
                        pooled_sigma += e["sigma_source"] == "panel"
                        hp = (e["s0"], e["nu0"], e["m0"], e["tau"])
                    else:
                        hp = (cp["s0"], cp["nu0"], e["m0"], cp["tau"])
                pred = sp.Predictive(work[sid], *hp)
                rng = random.Random(f"{s['set']}|{sid}|{variant}")
                t_last = work[sid][-1][0]
                for t, _ in test[sid]:
                    h = t - t_last
                    qs = [sp.inverse(scale, x) for x in draw_quantiles(pred, h, args.draws, rng)]
                    med = qs[LEVELS.index(0.5)]
                    rows.append([sid, variant, h, t, f"{med:.10g}"] + [f"{q:.10g}" for q in qs])
            path = os.path.join(args.dir, "forecasts", f"{s['set']}.{variant}.csv")
            with open(path, "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(["series", "method", "step", "time", "mean"] +
                           [f"q{q:g}" for q in LEVELS])
                w.writerows(rows)
        summary.append((s["set"], cp, pooled_sigma))
    print("| set | class prior (years <= origin): s0 | nu0 | m0 | tau | pool: series with "
          "(s0, nu0) from peers |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, cp, ps in summary:
        print(f"| {name} | {cp['s0']:.4g} | {cp['nu0']:.3g} | {cp['m0']:.4g} | {cp['tau']:.4g} "
              f"| {ps} |")


if __name__ == "__main__":
    main()
