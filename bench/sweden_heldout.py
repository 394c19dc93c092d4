#!/usr/bin/env python3
"""Held-out class priors for the Swedish follow-up backtests (issue 11), run through the engine.

usage: bench/sweden_heldout.py [--dir build/sweden-backtest] [--engine build/sweden_engine]
                               [--data DIR] [--paths 2000] [--seed 1]

The built-in class priors (bench/sweden_priors.csv, `utsikt forecast --prior CLASS`) are
estimated from every year and every county of the panels the backtests are cut from, so the
"--prior CLASS" rows are in-sample. This script estimates, per set of DIR/sets.csv
(bench/sweden_backtest.py), the same class prior (bench/sweden_priors.py, estimate_prior)
  prior-oot   out of time: only years up to the set's last training year (the forecast origin);
              every county, its own past included (known at the origin): no test year is seen;
  prior-loco  leave one county out: every year, without the series' own county (for emissions
              its total, transport and rest); the other counties' test years are seen,
and runs build/sweden_engine (bench/sweden_engine.cpp: project_series with that prior) on the
set, writing DIR/forecasts/SET.VARIANT.csv in `utsikt forecast`'s format for
bench/sweden_score.py. The priors used are written to DIR/priors/SET.VARIANT.csv.
Python standard library only; deterministic.
"""
import argparse
import csv
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sweden_data as sd  # noqa: E402
import sweden_priors as sp  # noqa: E402

VARIANTS = ("prior-oot", "prior-loco")
COLS = ["region", "scale", "s0", "nu0", "m0", "tau", "omega", "own_weight"]


def prior_row(region, scale, est):
    return {"region": region, "scale": scale, "s0": f"{est['s0']:.6g}",
            "nu0": f"{est['nu0']:.6g}", "m0": f"{est['m0']:.6g}", "tau": f"{est['tau']:.6g}",
            "omega": "0", "own_weight": f"{est['own_weight']:.2f}"}


def set_regions(path):
    with open(path, newline="", encoding="utf-8") as f:
        return sorted({r["region"] for r in csv.DictReader(f)})


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default="build/sweden-backtest")
    ap.add_argument("--engine", default="build/sweden_engine")
    ap.add_argument("--data", default=None)
    ap.add_argument("--paths", default="2000")
    ap.add_argument("--seed", default="1")
    args = ap.parse_args()
    d = sd.data_dir(args.data)
    with open(os.path.join(args.dir, "sets.csv"), newline="") as f:
        sets = list(csv.DictReader(f))
    os.makedirs(os.path.join(args.dir, "priors"), exist_ok=True)
    os.makedirs(os.path.join(args.dir, "forecasts"), exist_ok=True)
    cache = {}

    def estimate(cls, until, exclude):
        key = (cls, until, exclude)
        if key not in cache:
            scale, panel, windows, _ = sp.load_classes(d, until, exclude_region=exclude)[cls]
            cache[key] = (scale, sp.estimate_prior(panel, windows))
        return cache[key]

    print("| set | variant | s0 | nu0 | m0 | tau | own_weight (median over regions) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for s in sets:
        origin = int(s["train_years"].split()[-1])
        set_path = os.path.join(args.dir, s["file"])
        for variant in VARIANTS:
            if variant == "prior-oot":
                scale, est = estimate(s["class"], origin, None)
                rows = [prior_row("*", scale, est)]
            else:
                rows = []
                for region in set_regions(set_path):
                    scale, est = estimate(s["class"], None, region)
                    rows.append(prior_row(region, scale, est))
            ppath = os.path.join(args.dir, "priors", f"{s['set']}.{variant}.csv")
            with open(ppath, "w", newline="") as f:
                w = csv.DictWriter(f, fieldnames=COLS, lineterminator="\n")
                w.writeheader()
                w.writerows(rows)
            hopt = s["horizon_option"].split()
            horizon = hopt[1] if len(hopt) == 2 else "0"
            out = os.path.join(args.dir, "forecasts", f"{s['set']}.{variant}.csv")
            subprocess.run([args.engine, set_path, ppath, out, s["kind"], horizon, args.paths,
                            args.seed], check=True)
            med = sorted(rows, key=lambda r: float(r["s0"]))[len(rows) // 2]
            print(f"| {s['set']} | {variant} | {med['s0']} | {med['nu0']} | {med['m0']} | "
                  f"{med['tau']} | {med['own_weight']} |")


if __name__ == "__main__":
    main()
