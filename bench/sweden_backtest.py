#!/usr/bin/env python3
"""Backtest sets that look like a follow-up report, from the Swedish county panels (issue 11).

usage: bench/sweden_backtest.py [--data DIR] [--out build/sweden-backtest]

Writes one long CSV per set (columns series,part,time,value,region,class; part = train/test) and
an index sets.csv (set,file,class,kind,points,train_years,test_years,horizon,horizon_option)
into --out. Every series of a set file is one region of the same table, so `utsikt forecast
--pool` can use the other rows of the file as peers (training part only).

Sets (21 counties each; values as published, sources in shared/data/sweden/SOURCES.md):
  pop_O_N   county population 31 Dec (SCB BE0101N1, summed over age and sex), N = 2, 3, 4
            training values, origins O = 2000 (1995, 2000 [, 2001 [, 2002]]),
            2005 (2000, 2005 [, 2006 [, 2007]]) and 2010 (2005, 2010 [, 2011 [, 2012]]);
            test = every following year up to 2015.
  ghg_P_O_N greenhouse gases, t CO2e (SMHI), P = total (without international transport),
            transport, rest (= total - transport); origin 2010: N = 2 (2005, 2010), 3 (2000,
            2005, 2010), 4 (1990, 2000, 2005, 2010), test = 2015, 2020-2024; origin 2015: N = 2
            (2010, 2015), 3 (2005, 2010, 2015), 4 (2000, 2005, 2010, 2015), test = 2020-2024.

Test years after an irregular gap (GHG: 2015, then 2020) cannot be forecast with
--horizon-from-test: utsikt forecast takes the number of test rows as the number of *consecutive*
years after the last training year (engine/src/batch.cpp). For those sets the index says
horizon_option = "--horizon H" with H = last test year - last training year (every year up to
the last test year is forecast; bench/sweden_score.py scores only the test years); sets whose
test years follow the training years without a gap use --horizon-from-test.
Deterministic; Python standard library only.
"""
import argparse
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sweden_data as sd  # noqa: E402

POP_ORIGINS = {  # origin -> training years for 2, 3, 4 values
    2000: [(1995, 2000), (1995, 2000, 2001), (1995, 2000, 2001, 2002)],
    2005: [(2000, 2005), (2000, 2005, 2006), (2000, 2005, 2006, 2007)],
    2010: [(2005, 2010), (2005, 2010, 2011), (2005, 2010, 2011, 2012)],
}
POP_LAST = 2015
GHG_ORIGINS = {
    2010: [(2005, 2010), (2000, 2005, 2010), (1990, 2000, 2005, 2010)],
    2015: [(2010, 2015), (2005, 2010, 2015), (2000, 2005, 2010, 2015)],
}


def short_region(name):
    """'Norrbottens län' -> 'Norrbotten'-like ids without spaces (ids only; region keeps the
    published name)."""
    return name.replace(" län", "").replace(" ", "_")


def write_set(out_dir, name, cls, rows):
    path = os.path.join(out_dir, name + ".csv")
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["series", "part", "time", "value", "region", "class"])
        w.writerows(rows)
    return path


def history_rows(panel, indicator, cls, origin, years=15):
    """Peers with a history: per region a series '<region>|<indicator>|history' with every year
    of the `years` before the origin up to the origin as train rows and no test rows (never
    scored; with --pool --pool-exclude region they are the other regions' histories)."""
    rows = []
    for region in sorted(panel):
        s = panel[region]
        sid = f"{short_region(region)}|{indicator}|history"
        for y in range(origin - years, origin + 1):
            if y in s:
                rows.append([sid, "train", y, f"{s[y]:.10g}", region, cls])
    return rows


def build_rows(panel, indicator, cls, train_years, test_years):
    """panel: {region: {year: value}}. Rows for every region that has all years."""
    rows = []
    for region in sorted(panel):
        s = panel[region]
        if not all(y in s for y in train_years + test_years):
            raise SystemExit(f"{indicator}: {region} lacks a year of {train_years + test_years}")
        sid = f"{short_region(region)}|{indicator}"
        for part, years in (("train", train_years), ("test", test_years)):
            for y in years:
                rows.append([sid, part, y, f"{s[y]:.10g}", region, cls])
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=None)
    ap.add_argument("--out", default="build/sweden-backtest")
    args = ap.parse_args()
    d = sd.data_dir(args.data)
    os.makedirs(args.out, exist_ok=True)
    index = []

    def add(name, panel, indicator, cls, kind, train, test, history=False):
        train, test = list(train), list(test)
        rows = build_rows(panel, indicator, cls, train, test)
        if history:
            rows += history_rows(panel, indicator, cls, train[-1])
        path = write_set(args.out, name, cls, rows)
        consecutive = test == list(range(train[-1] + 1, train[-1] + 1 + len(test)))
        horizon = test[-1] - train[-1]
        index.append({
            "set": name, "file": os.path.basename(path), "class": cls, "kind": kind,
            "points": len(train), "train_years": " ".join(map(str, train)),
            "test_years": " ".join(map(str, test)), "horizon": horizon,
            "horizon_option": "--horizon-from-test" if consecutive else f"--horizon {horizon}",
        })

    pop = sd.population_totals(sd.population_cells(d))
    for origin, configs in POP_ORIGINS.items():
        for train in configs:
            test = range(train[-1] + 1, POP_LAST + 1)
            add(f"pop_{origin}_{len(train)}", pop, "population", "population", "stock",
                train, test, history=True)

    gas = sd.ghg(d)
    for part in ("total", "transport", "rest"):
        panel = {reg: s for (p, reg), s in gas.items() if p == part}
        for origin, configs in GHG_ORIGINS.items():
            for train in configs:
                test = [y for y in sd_years(panel) if y > origin]
                add(f"ghg_{part}_{origin}_{len(train)}", panel, f"ghg_{part}", "emissions",
                    "flow", train, test)

    cols = ["set", "file", "class", "kind", "points", "train_years", "test_years", "horizon",
            "horizon_option"]
    ipath = os.path.join(args.out, "sets.csv")
    with open(ipath, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(index)
    for r in index:
        print(f"{r['set']:22s} {r['class']:10s} train {r['train_years']:24s} "
              f"test {r['test_years']}  ({r['horizon_option']})")
    print(f"# {len(index)} sets, index {ipath}")


def sd_years(panel):
    """Years present for every region of a panel, sorted."""
    years = None
    for s in panel.values():
        years = set(s) if years is None else years & set(s)
    return sorted(years)


if __name__ == "__main__":
    main()
