#!/usr/bin/env python3
"""Input for the scale benchmark of `utsikt forecast` (docs/benchmarks.md, "Batch at scale").

    python3 bench/make_batch_input.py N OUT.csv [--seed S] [--shared ../shared]

Writes N short series (10-20 yearly train values and 3 test rows each) as the long CSV of
`utsikt forecast` (series,part,time,value). Each series is a window of a real Swedish panel series
from ../shared/data/sweden (greenhouse gases by county and sector 1990-2024; population by
county, sex and 5-year age group 1968-2015), scaled by a random factor and with multiplicative
noise (log-normal, sd 2 %), so the series look like municipal indicators without repeating.
Deterministic for a seed.
"""
import argparse
import csv
import math
import os
import random
import sys


def panels(shared):
    out = []
    ghg = {}
    with open(os.path.join(shared, "data/sweden/ghg_county_sector_1990_2024.csv"),
              encoding="utf-8") as f:
        for r in csv.DictReader(f):
            try:
                v = float(r["t_co2e"])
            except ValueError:
                continue
            ghg.setdefault((r["region"], r["sector"]), {})[int(r["year"])] = v
    pop = {}
    with open(os.path.join(shared, "data/sweden/population_county_age_sex_1968_2015.csv"),
              encoding="utf-8") as f:
        for r in csv.DictReader(f):
            age = int(r["age"]) if r["age"].isdigit() else 100
            key = (r["region"], r["sex"], min(age // 5, 18))
            d = pop.setdefault(key, {})
            d[int(r["year"])] = d.get(int(r["year"]), 0) + float(r["count"])
    for table in (ghg, pop):
        for years in table.values():
            ys = sorted(y for y, v in years.items() if v > 0)
            if len(ys) >= 23:
                out.append([(y, years[y]) for y in ys])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..",
                                                     "shared"))
    a = ap.parse_args()
    rng = random.Random(a.seed)
    src = panels(a.shared)
    if not src:
        sys.exit("no panel series found under " + a.shared)
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        f.write("series,part,time,value\n")
        for i in range(a.n):
            s = src[rng.randrange(len(src))]
            n_train = rng.randint(10, 20)
            start = rng.randrange(0, len(s) - n_train - 3 + 1)
            scale = math.exp(rng.gauss(0, 1))
            rows = []
            for j in range(n_train + 3):
                y, v = s[start + j]
                v = v * scale * math.exp(rng.gauss(0, 0.02))
                part = "train" if j < n_train else "test"
                rows.append("s%d,%s,%d,%.6g\n" % (i, part, y, v))
            f.write("".join(rows))


if __name__ == "__main__":
    main()
