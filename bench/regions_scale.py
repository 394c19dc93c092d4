#!/usr/bin/env python3
"""A project with one indicator for N regions (regions = "all"), for timing `utsikt run` on many
regions (docs/benchmarks.md, "Many regions").

Each region's series is the population 2000-2015 of one of the 21 counties (cycled; summed over
age and sex from ../shared/data/sweden/population_county_age_sex_1968_2015.csv), multiplied by a
random factor (0.05-2) and 2 % log-normal noise per year (seed 1). One target: more inhabitants
in 2030 than in 2015 (`increase`). Writes DIR/project.toml and DIR/regions.csv.

    python3 bench/regions_scale.py 5000 /tmp/reg5k [../shared/data/sweden]
    /usr/bin/time -v build/utsikt run /tmp/reg5k/project.toml --output /tmp/reg5k/out --paths 1000

With `municipalities` instead of N: the 290 municipalities' population 31 December 2023 and 2024
(SCB tabhel, ../shared/data/sweden/population_change_2023_2024.csv) as they are, own region
2580 Luleå, target: more inhabitants in 2030 than in 2024.
"""
import csv
import math
import random
import sys
from collections import defaultdict
from pathlib import Path


def main(n, out, shared):
    totals = defaultdict(lambda: defaultdict(int))
    with open(Path(shared) / "population_county_age_sex_1968_2015.csv", newline="") as f:
        for row in csv.DictReader(f):
            if int(row["year"]) >= 2000:
                totals[row["region"]][int(row["year"])] += int(row["count"])
    counties = sorted(totals)
    rng = random.Random(1)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "regions.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["region", "region_name", "indicator", "year", "value"])
        for i in range(n):
            county = counties[i % len(counties)]
            factor = math.exp(rng.uniform(math.log(0.05), math.log(2.0)))
            code = "R%05d" % i
            for year in range(2000, 2016):
                value = totals[county][year] * factor * math.exp(rng.gauss(0.0, 0.02))
                w.writerow([code, county, "pop", year, round(value)])
    (out / "project.toml").write_text(
        '[project]\nname_sv = "%d regioner"\n\n[[indicator]]\nid = "pop"\nkind = "stock"\n'
        'data = "regions.csv"\nregions = "all"\nregion = "R00000"\n\n[[target]]\nid = "grow"\n'
        'indicator = "pop"\nkind = "increase"\nbase_year = 2015\nyear = 2030\n' % n)


def municipalities(out, shared):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with open(Path(shared) / "population_change_2023_2024.csv", newline="") as f, \
            open(out / "regions.csv", "w", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["region", "region_name", "indicator", "year", "value", "source"])
        for row in csv.DictReader(f):
            if len(row["code"]) == 4:
                w.writerow([row["code"], row["name"], "pop", row["year"], row["population"],
                            "SCB BE0101 tabhel" + row["year"]])
    (out / "project.toml").write_text(
        '[project]\nname_sv = "Kommuner"\n\n[[indicator]]\nid = "pop"\nkind = "stock"\n'
        'data = "regions.csv"\nregions = "all"\nregion = "2580"\n\n[[target]]\nid = "grow"\n'
        'indicator = "pop"\nkind = "increase"\nbase_year = 2024\nyear = 2030\n')


if __name__ == "__main__":
    shared_dir = sys.argv[3] if len(sys.argv) > 3 else "../shared/data/sweden"
    if sys.argv[1] == "municipalities":
        municipalities(sys.argv[2], shared_dir)
    else:
        main(int(sys.argv[1]), sys.argv[2], shared_dir)
