#!/usr/bin/env python3
"""Collections for the calibration comparison of issue 13 (bench/calibration_collections.sh).

Writes long CSVs (series,part,time,value) and their meta files (series,category) in the format
of the M3 yearly files, so that bench/m3_metrics.py and shared/tools/anchor_forecast.R read
them unchanged:

  sweden_pop.csv       population 31 Dec of the 21 counties, 1968-2015 (SCB, summed over age
                       and sex): train 1968-2009, test 2010-2015            (category POP_LONG)
  sweden_pop8.csv      the same with only the last 8 training values, 2002-2009  (POP_8)
  sweden_ghg.csv       greenhouse gases by county and sector (SMHI; 8 sectors without
                       international transport, series with every value > 0): train the 7
                       values 1990, 2000, 2005, 2010, 2015, 2020, 2021, test 2022-2024 (GHG)
  m3_short8.csv        every M3 yearly series with only its last 8 training values (M3_8;
                       category in the meta file as in M3)

usage: calibration_collections.py OUT_DIR [SHARED_DIR]       (Python standard library only)
"""
import csv
import os
import sys
from collections import defaultdict


def write(out, name, rows, meta):
    with open(os.path.join(out, name + ".csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["series", "part", "time", "value"])
        w.writerows(rows)
    with open(os.path.join(out, name + "_meta.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["series", "category"])
        w.writerows(sorted(meta.items()))


def main():
    out = sys.argv[1]
    shared = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared")
    sw = os.path.join(shared, "data", "sweden")
    os.makedirs(out, exist_ok=True)

    pop = defaultdict(float)
    with open(os.path.join(sw, "population_county_age_sex_1968_2015.csv"), newline="") as f:
        for r in csv.DictReader(f):
            pop[(r["region"], int(r["year"]))] += float(r["count"])
    regions = sorted({k[0] for k in pop})
    for name, first, cat in (("sweden_pop", 1968, "POP_LONG"), ("sweden_pop8", 2002, "POP_8")):
        rows, meta = [], {}
        for reg in regions:
            sid = "pop " + reg
            meta[sid] = cat
            for y in range(first, 2016):
                rows.append([sid, "train" if y <= 2009 else "test", y, f"{pop[(reg, y)]:.0f}"])
        write(out, name, rows, meta)

    ghg = defaultdict(dict)
    with open(os.path.join(sw, "ghg_county_sector_1990_2024.csv"), newline="") as f:
        for r in csv.DictReader(f):
            if r["sector"] == "Utrikes transporter" or r["t_co2e"] in ("", ".."):
                continue
            ghg[(r["region"], r["sector"])][int(r["year"])] = float(r["t_co2e"])
    rows, meta = [], {}
    for (reg, sec), v in sorted(ghg.items()):
        years = [1990, 2000, 2005, 2010, 2015, 2020, 2021, 2022, 2023, 2024]
        if not all(y in v and v[y] > 0 for y in years):
            continue
        sid = f"ghg {reg} / {sec}"
        meta[sid] = "GHG"
        for y in years:
            rows.append([sid, "train" if y <= 2021 else "test", y, f"{v[y]:.6g}"])
    write(out, "sweden_ghg", rows, meta)

    m3 = defaultdict(list)
    with open(os.path.join(shared, "data", "m3-yearly", "m3_yearly_long.csv"), newline="") as f:
        for r in csv.DictReader(f):
            m3[r["series"]].append((r["part"], int(float(r["time"])), r["value"]))
    with open(os.path.join(shared, "data", "m3-yearly", "m3_yearly_meta.csv"), newline="") as f:
        m3meta = {r["series"]: r["category"] for r in csv.DictReader(f)}
    rows = []
    for sid, obs in m3.items():
        obs.sort(key=lambda o: o[1])
        train = [o for o in obs if o[0] == "train"][-8:]
        test = [o for o in obs if o[0] == "test"]
        rows.extend([sid, p, t, v] for p, t, v in train + test)
    write(out, "m3_short8", rows, m3meta)


if __name__ == "__main__":
    main()
