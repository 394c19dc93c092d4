#!/usr/bin/env python3
"""Backtest file from the M3 training data only: the last H training points of every series
become part=test (the real test period is dropped). Used to calibrate without touching the test
data.  usage: make_backtest.py LONG.csv OUT.csv [H=6]"""
import csv
import sys
from collections import defaultdict

src, dst = sys.argv[1], sys.argv[2]
H = int(sys.argv[3]) if len(sys.argv) > 3 else 6
rows = defaultdict(list)
with open(src, newline="") as f:
    for r in csv.DictReader(f):
        if r["part"] == "train":
            rows[r["series"]].append(r)
with open(dst, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["series", "part", "time", "value"])
    for sid, rs in rows.items():
        rs.sort(key=lambda r: int(r["time"]))
        for i, r in enumerate(rs):
            w.writerow([sid, "test" if i >= len(rs) - H else "train", r["time"], r["value"]])
