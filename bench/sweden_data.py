#!/usr/bin/env python3
"""Readers for the Swedish panels in shared/data/sweden (Python standard library only).

Used by bench/sweden_priors.py and bench/sweden_backtest.py. Every function returns plain
dicts {series_key: {year: value}} with the values as published (sums of published cells, or
ratios of them, as documented per function); nothing is smoothed or imputed.

Sources (shared/data/sweden/SOURCES.md): SCB BE0101N1 (population 31 Dec by county, age and
sex), SCB BE0101E2 (live births), SCB deaths (all via StatisticsNZ/demdata), SMHI Nationella
emissionsdatabasen (greenhouse gases by county and sector, via Klimatbyran).
"""
import csv
import os
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data", "sweden"))

POP_FILE = "population_county_age_sex_1968_2015.csv"
BIRTHS_FILE = "births_county_motherage_sex_1968_2015.csv"
DEATHS_FILE = "deaths_county_age_sex_1968_2015.csv"
GHG_FILE = "ghg_county_sector_1990_2024.csv"

# Sector names of the GHG file. "Utrikes transporter" (international transport) is 0 for every
# county and for Sweden up to 2022 and non-zero only in 2023-2024: a change of coverage, and
# international bunkers are not part of territorial totals, so it is left out of "total".
GHG_TRANSPORT = "Transporter"
GHG_EXCLUDED = "Utrikes transporter"
GHG_NATION = "Sverige"


def data_dir(path=None):
    d = path or os.environ.get("SWEDEN_DATA") or DEFAULT_DIR
    if not os.path.isfile(os.path.join(d, POP_FILE)):
        raise SystemExit(f"Swedish data not found in {d} (set SWEDEN_DATA or pass --data)")
    return d


def _age(a):
    """Single-year age as int; '100+' -> 100, '<15' -> 14, '49+' -> 49, other -> None."""
    a = a.strip()
    if a.endswith("+"):
        return int(a[:-1])
    if a.startswith("<"):
        return int(a[1:]) - 1
    try:
        return int(a)
    except ValueError:
        return None


def _read(path):
    with open(path, newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


def population_cells(d):
    """{(region, year): {(sex, age): count}} from the age/sex population file (31 Dec)."""
    cells = defaultdict(dict)
    for r in _read(os.path.join(d, POP_FILE)):
        cells[(r["region"], int(r["year"]))][(r["sex"], _age(r["age"]))] = float(r["count"])
    return cells


def population_totals(cells):
    """{region: {year: population 31 Dec}} summed over age and sex."""
    out = defaultdict(dict)
    for (reg, yr), c in cells.items():
        out[reg][yr] = sum(c.values())
    return dict(out)


def population_shares(cells):
    """Shares in % by county, from the population 31 Dec:
    women        women / everyone
    women_17_24  women / everyone, aged 17-24
    age_0_19     aged 0-19 / everyone
    age_20_64    aged 20-64 / everyone
    age_65plus   aged 65+ / everyone
    age_80plus   aged 80+ / everyone
    Returns {(indicator, region): {year: percent}}."""
    defs = {
        "women": (lambda s, a: s == "Females", lambda s, a: True),
        "women_17_24": (lambda s, a: s == "Females" and 17 <= a <= 24,
                        lambda s, a: 17 <= a <= 24),
        "age_0_19": (lambda s, a: a <= 19, lambda s, a: True),
        "age_20_64": (lambda s, a: 20 <= a <= 64, lambda s, a: True),
        "age_65plus": (lambda s, a: a >= 65, lambda s, a: True),
        "age_80plus": (lambda s, a: a >= 80, lambda s, a: True),
    }
    out = defaultdict(dict)
    for (reg, yr), c in cells.items():
        for name, (num, den) in defs.items():
            n = sum(v for (s, a), v in c.items() if num(s, a))
            m = sum(v for (s, a), v in c.items() if den(s, a))
            out[(name, reg)][yr] = 100.0 * n / m
    return dict(out)


def yearly_counts(d, fname):
    """{region: {year: count}} summed over every other column (age, sex, mother's age)."""
    out = defaultdict(lambda: defaultdict(float))
    for r in _read(os.path.join(d, fname)):
        out[r["region"]][int(r["year"])] += float(r["count"])
    return {k: dict(v) for k, v in out.items()}


def births(d):
    return yearly_counts(d, BIRTHS_FILE)


def deaths(d):
    return yearly_counts(d, DEATHS_FILE)


def per_1000(counts, pop):
    """Events per 1000 mean inhabitants: count_y / ((pop_{y-1} + pop_y) / 2) x 1000, with the
    population of 31 Dec (so the first year of the population file has no rate)."""
    out = {}
    for reg, c in counts.items():
        p = pop[reg]
        out[reg] = {y: 1000.0 * v / (0.5 * (p[y - 1] + p[y]))
                    for y, v in c.items() if y in p and y - 1 in p}
    return out


def ghg(d, include_nation=False):
    """Greenhouse gases, t CO2e: {(part, region): {year: value}} with part in
    total (every main sector except international transport), transport ("Transporter") and
    rest (total - transport). Years as published: 1990, 2000, 2005, 2010, 2015, 2020-2024."""
    tot = defaultdict(lambda: defaultdict(float))
    trn = defaultdict(dict)
    for r in _read(os.path.join(d, GHG_FILE)):
        reg = r["region"]
        if reg == GHG_NATION and not include_nation:
            continue
        if r["sector"] == GHG_EXCLUDED:
            continue
        yr, v = int(r["year"]), float(r["t_co2e"])
        tot[reg][yr] += v
        if r["sector"] == GHG_TRANSPORT:
            trn[reg][yr] = v
    out = {}
    for reg in tot:
        out[("total", reg)] = dict(tot[reg])
        out[("transport", reg)] = dict(trn[reg])
        out[("rest", reg)] = {y: tot[reg][y] - trn[reg][y] for y in tot[reg]}
    return out
