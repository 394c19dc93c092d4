#!/usr/bin/env python3
"""Held-out (leave-one-category-out) calibration of the shipped `auto` (Python stdlib only).

`utsikt forecast --method auto` applies the spread factors c_h of project_series
(kPriorSpreadFactors in engine/include/utsikt/engine/calibration.hpp, fitted on all 645 M3 yearly series) around the
median m: Q' = m + c_h (Q - m). For an honest estimate, each M3 category is re-scaled to the
factors fitted WITHOUT it (c'_h, from bench/m3_combine.py): Q'' = m + (c'_h / c_h) (Q' - m).
This is exact for the quantiles of the paths (the map is increasing and affine, and type-7
quantiles commute with it), except where a quantile sat on the lower bound 0 (kind stock),
which is kept at 0. Beyond the 6 calibrated horizons the factor of h = 6 is used, as in
project_series.

usage: m3_rescale.py --input AUTO.csv --output OUT.csv --meta META.csv
                     --shipped c1,...,c6 --loco LOCO_FACTORS.txt
LOCO_FACTORS.txt: lines "CATEGORY c1,c2,...,c6" (written by bench/m3_benchmark.sh).
"""
import argparse
import csv


def factors(text):
    return [float(x) for x in text.split(",")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--meta", required=True)
    ap.add_argument("--shipped", required=True)
    ap.add_argument("--loco", required=True)
    a = ap.parse_args()
    shipped = factors(a.shipped)
    loco = {}
    for line in open(a.loco):
        if line.strip():
            cat, fac = line.split()
            loco[cat] = factors(fac)
    meta = {r["series"]: r["category"] for r in csv.DictReader(open(a.meta))}
    with open(a.input, newline="") as fin, open(a.output, "w", newline="") as fout:
        rd, wr = csv.reader(fin), csv.writer(fout, lineterminator="\n")
        header = next(rd)
        wr.writerow(header)
        qcols = [i for i, h in enumerate(header) if h.startswith("q")]
        i_mean, i_step = header.index("mean"), header.index("step")
        for row in rd:
            h = min(int(row[i_step]), len(shipped))
            r = loco[meta[row[0]]][h - 1] / shipped[h - 1]
            m = float(row[i_mean])
            for i in qcols:
                q = float(row[i])
                row[i] = repr(q if q <= 0.0 else max(0.0, m + r * (q - m)))
            wr.writerow(row)


if __name__ == "__main__":
    main()
