#!/usr/bin/env python3
"""How much does a collection's coverage move from one calendar window to the next? (issue 13)

The per-collection goals of issue 13 (80 % intervals cover 74-86 %, 95 % intervals 90-97 %)
are measured on one test window per collection, and the series of one collection share it (the
M3 categories end in the same calendar years; the county panels are the same years for every
county). This script measures the same forecasting rule on earlier, non-overlapping windows of
the same series: each series is cut 0, 6, 12, ... years before the end of its training part
(window k: train = the values before the cut, test = the 6 values after it; k = 0 is the
published test period), keeping cuts that leave at least MIN_TRAIN training values. Scores
per (collection, window) and the spread of the coverage between windows tell how far a
collection's coverage on one window says anything about the rule, and whether a rule fitted
on the published windows holds on earlier ones (windows k >= 6 are out of sample for the M3
prior factors, which were fitted on k = 0).

usage: calibration_windows.py make OUT_DIR [SHARED_DIR]
           writes OUT_DIR/windows_m3.csv (+ _meta.csv), OUT_DIR/windows_pop.csv (+ _meta.csv)
           OUT_DIR/windows_demo_se.csv (+ _meta.csv: live births, deaths, the population aged
           0-19 and aged 65+ of the 21 counties 1968-2015, the same windows; used for no
           choice, a held-out check on Swedish series) and OUT_DIR/horizon12_m3.csv (the last
           12 values of each M3 series as test, to see the factor held beyond 6 years; scored
           by years ahead)
       calibration_windows.py score OUT_DIR NAME=FORECASTS.csv [NAME=...]
           (forecasts of `utsikt forecast --horizon-from-test` on those files, or of
           shared/tools/anchor_forecast.R) prints one markdown table per collection
       calibration_windows.py fit OUT_DIR FORECASTS.csv
           the prior spread factors of `auto` refitted on every M3 window: per horizon the
           scale s_h of the forecasts' spread around their median that brings the 80 % and
           95 % intervals of all windows together closest to 80 % and 95 % (least squares in
           percentage points, s on a 0.01 grid); the new factors are the current ones
           (engine/include/utsikt/engine/calibration.hpp) times s_h. Also prints, for each
           window, its coverage with factors fitted on the other windows only (leave one
           window out), and for each category with factors fitted on the other categories.
(bench/calibration_windows.sh runs both steps.)  Python standard library only.
"""
import csv
import os
import statistics
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import m3_metrics  # noqa: E402
from calibration_collections import write  # noqa: E402  (long CSV + meta file)

H = 6
MIN_TRAIN = 8
OFFSETS = (0, 6, 12, 18, 24)


def cut(series_id, values, category, rows, meta):
    """values: [(year, value)] of train + test in order; appends every window of the series."""
    n = len(values)
    for k in OFFSETS:
        end = n - H - k  # first test index
        if end < MIN_TRAIN:
            break
        sid = f"{series_id}@{k}"
        meta[sid] = f"{category}@{k}"
        for i, (y, v) in enumerate(values[: end + H]):
            rows.append([sid, "train" if i < end else "test", y, v])


def make(out, shared):
    os.makedirs(out, exist_ok=True)
    m3 = defaultdict(list)
    with open(os.path.join(shared, "data", "m3-yearly", "m3_yearly_long.csv"), newline="") as f:
        for r in csv.DictReader(f):
            m3[r["series"]].append((int(r["time"]), r["value"]))
    cats = m3_metrics.read_meta(os.path.join(shared, "data", "m3-yearly", "m3_yearly_meta.csv"))
    rows, meta = [], {}
    for sid in sorted(m3):
        if cats[sid] == "OTHER":
            continue
        cut(sid, sorted(m3[sid]), cats[sid], rows, meta)
    write(out, "windows_m3", rows, meta)

    # 12 years ahead: every series with 8 or more values before its last 12, which are the test
    # (the last 6 training values and the 6 published test values).
    rows, meta = [], {}
    for sid in sorted(m3):
        vals = sorted(m3[sid])
        if len(vals) - 12 < MIN_TRAIN:
            continue
        meta[sid] = cats[sid]
        for i, (y, v) in enumerate(vals):
            rows.append([sid, "train" if i < len(vals) - 12 else "test", y, v])
    write(out, "horizon12_m3", rows, meta)

    pop = defaultdict(float)
    path = os.path.join(shared, "data", "sweden", "population_county_age_sex_1968_2015.csv")
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            pop[(r["region"], int(r["year"]))] += float(r["count"])
    rows, meta = [], {}
    for reg in sorted({k[0] for k in pop}):
        vals = [(y, f"{pop[(reg, y)]:.0f}") for y in range(1968, 2016)]
        cut("pop " + reg, vals, "POP", rows, meta)
    write(out, "windows_pop", rows, meta)

    # Other demographic series of the same counties and years, used for no choice of the rule
    # (held out from every fit): live births, deaths, the population aged 0-19 and aged 65+.
    sw = os.path.join(shared, "data", "sweden")
    panels = (
        ("BIRTHS", "births_county_motherage_sex_1968_2015.csv", lambda age: True),
        ("DEATHS", "deaths_county_age_sex_1968_2015.csv", lambda age: True),
        ("POP_0_19", "population_county_age_sex_1968_2015.csv",
         lambda age: age is not None and age < 20),
        ("POP_65", "population_county_age_sex_1968_2015.csv",
         lambda age: age is not None and age >= 65),
    )
    rows, meta = [], {}
    for name, fname, keep in panels:
        total = county_totals(os.path.join(sw, fname), keep)
        for reg in sorted({k[0] for k in total}):
            vals = [(y, f"{total[(reg, y)]:.0f}") for y in range(1968, 2016)]
            cut(f"{name} {reg}", vals, name, rows, meta)
    write(out, "windows_demo_se", rows, meta)


def age_of(text):
    """The age of a row of the SCB files: 0..99, "100+" -> 100, "<15" -> 14, "49+" -> 49;
    None for "no information"."""
    if text.startswith("<"):
        return int(text[1:]) - 1
    digits = text.rstrip("+")
    return int(digits) if digits.isdigit() else None


def county_totals(path, keep):
    """{(region, year): sum of count over the rows whose age passes keep}."""
    total = defaultdict(float)
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if keep(age_of(r["age"])):
                total[(r["region"], int(r["year"]))] += float(r["count"])
    return total


def score(out, named):
    results, names, pooled = {}, [], defaultdict(dict)
    for coll in ("windows_m3", "windows_pop", "windows_demo_se"):
        data = os.path.join(out, coll + ".csv")
        if not os.path.exists(data):
            continue
        train, test = m3_metrics.read_data(data)
        meta = m3_metrics.read_meta(os.path.join(out, coll + "_meta.csv"))
        groups = defaultdict(list)
        for sid, cat in meta.items():
            groups[cat].append(sid)
        for name, path in named:
            path = path.replace("{c}", coll)
            if not os.path.exists(path):
                continue
            if os.path.basename(path).startswith("r_"):
                sets = sorted(m3_metrics.read_r(path).items())
            else:
                sets = [(name, m3_metrics.read_utsikt(path))]
            for nm, preds in sets:
                if nm not in names:
                    names.append(nm)
                for cat, ids in groups.items():
                    r = m3_metrics.evaluate(preds, train, test, ids)
                    first = statistics.median(train[i][-1][0] for i in ids) + 1
                    results[(coll, cat, nm)] = (r, len(ids), int(first))
                bases = defaultdict(list)
                for cat, ids in groups.items():
                    bases[cat.rsplit("@", 1)[0]].extend(ids)
                for base, ids in bases.items():
                    pooled[(coll, base)][nm] = m3_metrics.evaluate(preds, train, test, ids)
    print_tables(results, names)
    print_pooled(pooled, names)
    horizon12(out, named)


def horizon12(out, named):
    """Coverage by years ahead (1-3, 4-6, 7-9, 10-12) on the 12-years-ahead collection."""
    data = os.path.join(out, "horizon12_m3.csv")
    if not os.path.exists(data):
        return
    _, test = m3_metrics.read_data(data)
    bands = ((1, 3), (4, 6), (7, 9), (10, 12))
    print("### 12 years ahead (M3, the last 12 values as test)\n")
    print("| rule | series | " + " | ".join(f"{a}-{b} years ahead" for a, b in bands) + " |")
    print("|---|---:|" + "---|" * len(bands))
    for name, path in named:
        path = path.replace("{c}", "horizon12_m3")
        if not os.path.exists(path) or os.path.basename(path).startswith("r_"):
            continue
        preds = m3_metrics.read_utsikt(path)
        cells = []
        for a, b in bands:
            in80 = in95 = n = 0
            for sid, values in test.items():
                for h in range(a, b + 1):
                    y, p = values[h - 1][1], preds[(sid, h)]
                    in80 += p.lo80 <= y <= p.hi80
                    in95 += p.lo95 <= y <= p.hi95
                    n += 1
            cells.append(f"{100 * in80 / n:.1f} / {100 * in95 / n:.1f}")
        print(f"| {name} | {len(test)} | " + " | ".join(cells) + " |")
    print()


def spread_scaled(q, s):
    """(lo80, hi80, lo95, hi95) of quantiles {level: value} with the spread around q0.5
    scaled by s (the calibration map m + c (Y - m) is linear in c)."""
    m = q[0.5]
    return tuple(m + s * (q[lv] - m) for lv in (0.1, 0.9, 0.025, 0.975))


def fit_scale(cells, h):
    """s on a 0.01 grid minimising (cov80 - 80)^2 + (cov95 - 95)^2 at horizon h."""
    pts = [(y, q) for (hh, y, q) in cells if hh == h]
    best = None
    for i in range(50, 251):
        s = i / 100
        a = b = 0
        for y, q in pts:
            lo8, hi8, lo9, hi9 = spread_scaled(q, s)
            a += lo8 <= y <= hi8
            b += lo9 <= y <= hi9
        loss = (100 * a / len(pts) - 80) ** 2 + (100 * b / len(pts) - 95) ** 2
        if best is None or loss < best[0] - 1e-12:
            best = (loss, s)
    return best[1]


def coverage(cells, scales):
    a = b = 0
    for h, y, q in cells:
        lo8, hi8, lo9, hi9 = spread_scaled(q, scales[h - 1])
        a += lo8 <= y <= hi8
        b += lo9 <= y <= hi9
    return 100 * a / len(cells), 100 * b / len(cells)


def current_factors():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "engine", "include", "utsikt", "engine", "calibration.hpp")
    for line in open(path):
        if "kPriorSpreadFactors" in line and "{" in line:
            return [float(x) for x in line.split("{")[1].split("}")[0].split(",")]
    raise SystemExit("kPriorSpreadFactors not found in " + path)


def fit(out, forecasts):
    train, test = m3_metrics.read_data(os.path.join(out, "windows_m3.csv"))
    meta = m3_metrics.read_meta(os.path.join(out, "windows_m3_meta.csv"))
    quant = {}
    with open(forecasts, newline="") as f:
        rd = csv.reader(f)
        cols = [(i, float(c[1:])) for i, c in enumerate(next(rd)) if c.startswith("q")]
        for r in rd:
            quant[(r[0], int(r[2]))] = {lv: float(r[i]) for i, lv in cols}
    cells = defaultdict(list)  # (category, k) -> [(h, y, quantiles)]
    for sid, cat in meta.items():
        base, k = cat.rsplit("@", 1)
        for h, (_, y) in enumerate(test[sid][:H], start=1):
            cells[(base, int(k))].append((h, y, quant[(sid, h)]))

    def pooled(keep):
        return [c for key, v in cells.items() if keep(key) for c in v]

    def scales(keep):
        every = pooled(keep)
        return [fit_scale(every, h) for h in range(1, H + 1)]

    s_all = scales(lambda key: True)
    prior = current_factors()
    print("s_h fitted on every window:", " ".join(f"{s:.2f}" for s in s_all))
    print("current prior factors:     ", " ".join(f"{c:.2f}" for c in prior))
    print("refitted prior factors:    ", " ".join(f"{c * s:.2f}" for c, s in zip(prior, s_all)))
    print()
    print("| window k | series-years | as is cov80 / cov95 | leave this window out: s_h | "
          "cov80 / cov95 |")
    print("|---:|---:|---|---|---|")
    for k in OFFSETS:
        held = pooled(lambda key: key[1] == k)
        if not held:
            continue
        s = scales(lambda key: key[1] != k)
        a0, b0 = coverage(held, [1.0] * H)
        a1, b1 = coverage(held, s)
        print(f"| {k} | {len(held)} | {a0:.1f} / {b0:.1f} | {' '.join(f'{x:.2f}' for x in s)} "
              f"| {a1:.1f} / {b1:.1f} |")
    print()
    print("| category (every window) | as is cov80 / cov95 | leave this category out: s_h | "
          "cov80 / cov95 |")
    print("|---|---|---|---|")
    for base in sorted({key[0] for key in cells}):
        held = pooled(lambda key: key[0] == base)
        s = scales(lambda key: key[0] != base)
        a0, b0 = coverage(held, [1.0] * H)
        a1, b1 = coverage(held, s)
        print(f"| {base} | {a0:.1f} / {b0:.1f} | {' '.join(f'{x:.2f}' for x in s)} "
              f"| {a1:.1f} / {b1:.1f} |")


def print_pooled(pooled, names):
    """One row per collection: every window together, each rule side by side."""
    print("### Every window together\n")
    print("cov80 / cov95 / Brier / ECE / sMAPE of each rule over all windows of a collection\n")
    print("| collection | series-windows | " + " | ".join(names) + " |")
    print("|---|---:|" + "---|" * len(names))
    for (coll, base), by_name in sorted(pooled.items()):
        n = next(iter(by_name.values()))["n"]
        cells = []
        for nm in names:
            r = by_name.get(nm)
            cells.append(f"{r['cov80']:.1f} / {r['cov95']:.1f} / {r['Brier']:.4f} / "
                         f"{r['ECE']:.3f} / {r['sMAPE']:.2f}" if r else "")
        print(f"| {base} | {n} | " + " | ".join(cells) + " |")
    print()


def print_tables(results, names):
    by_cat = defaultdict(dict)
    for (coll, cat, name), v in results.items():
        base, k = cat.rsplit("@", 1)
        by_cat[(coll, base, name)][int(k)] = v
    for name in names:
        print(f"### {name}\n")
        print("cov80 / cov95 / ECE (series; median first test year) per window k years before the "
              "published test period; last columns: mean and sd of the per-window coverage, "
              "and the largest distance of a window from the goal band\n")
        head = "| collection | " + " | ".join(f"k = {k}" for k in OFFSETS) + \
            " | mean 80 / 95 | sd 80 / 95 | windows outside 74-86 / 90-97 |"
        print(head)
        print("|" + "---|" * (len(OFFSETS) + 4))
        for (coll, base, nm), ws in sorted(by_cat.items()):
            if nm != name:
                continue
            cells, c80, c95 = [], [], []
            for k in OFFSETS:
                if k in ws:
                    r, n, first = ws[k]
                    a, b = r["cov80"], r["cov95"]
                    cells.append(f"{a:.1f} / {b:.1f} / {r['ECE']:.3f} ({n}; {first})")
                    if n >= 10:
                        c80.append(a)
                        c95.append(b)
                else:
                    cells.append("")
            sd = (f"{statistics.stdev(c80):.1f} / {statistics.stdev(c95):.1f}"
                  if len(c80) > 1 else "")
            mean = f"{statistics.mean(c80):.1f} / {statistics.mean(c95):.1f}" if c80 else ""
            out80 = sum(not 74 <= a <= 86 for a in c80)
            out95 = sum(not 90 <= b <= 97 for b in c95)
            print(f"| {base} | " + " | ".join(cells) +
                  f" | {mean} | {sd} | {out80} of {len(c80)} / {out95} of {len(c95)} |")
        print()


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "make":
        here = os.path.dirname(os.path.abspath(__file__))
        make(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else
             os.path.join(here, "..", "..", "shared"))
    elif len(sys.argv) == 4 and sys.argv[1] == "fit":
        fit(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "score":
        score(sys.argv[2], [a.split("=", 1) for a in sys.argv[3:]])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
