#!/usr/bin/env python3
"""Writes lan_folkmangd.csv: the population (31 December) of Sweden's 21 counties, 2000-2015 and
2023-2024, from the official series in ../shared/data/sweden (see its SOURCES.md):

  2000-2015: SCB BE0101N1, population by county, age and sex, as packaged in StatisticsNZ/demdata
             (population_county_age_sex_1968_2015.csv), summed over age and sex;
  2023-2024: SCB BE0101 "Folkmängd i riket, län och kommuner 31 december" (tabhel2023,
             tabhel2024; population_change_2023_2024.csv).

2016-2022 are not in those files: the series have a gap there (the models handle gaps).
Run from this folder:  python3 make_lan_folkmangd.py ../../../../shared/data/sweden
"""
import csv
import sys
from collections import defaultdict
from pathlib import Path

# The age/sex file names counties in ASCII ("Gotaland" = Västra Götaland); SCB's county codes.
CODES = {
    "Stockholm": "01", "Uppsala": "03", "Sodermanland": "04", "Ostergotland": "05",
    "Jonkoping": "06", "Kronoberg": "07", "Kalmar": "08", "Gotland": "09", "Blekinge": "10",
    "Skane": "12", "Halland": "13", "Gotaland": "14", "Varmland": "17", "Orebro": "18",
    "Vastmanland": "19", "Dalarna": "20", "Gavleborg": "21", "Vasternorrland": "22",
    "Jamtland": "23", "Vasterbotten": "24", "Norrbotten": "25",
}


def main(shared):
    shared = Path(shared)
    totals = defaultdict(int)
    with open(shared / "population_county_age_sex_1968_2015.csv", newline="") as f:
        for row in csv.DictReader(f):
            year = int(row["year"])
            if year >= 2000:
                totals[(CODES[row["region"]], year)] += int(row["count"])
    names = {}
    recent = {}
    with open(shared / "population_change_2023_2024.csv", newline="") as f:
        for row in csv.DictReader(f):
            if len(row["code"]) == 2 and row["code"] != "00":
                names[row["code"]] = row["name"]
                recent[(row["code"], int(row["year"]))] = int(row["population"])
    assert sorted(names) == sorted(CODES.values()), names
    src_old = "SCB BE0101N1 via StatisticsNZ/demdata, summa av ålder och kön"
    src_new = "SCB BE0101 tabhel{}: folkmängd 31 december"
    with open("lan_folkmangd.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["region", "region_name", "indicator", "group", "year", "value", "source"])
        for code in sorted(names):
            for year in range(2000, 2016):
                w.writerow([code, names[code], "folkmangd", "total", year, totals[(code, year)],
                            src_old])
            for year in (2023, 2024):
                w.writerow([code, names[code], "folkmangd", "total", year, recent[(code, year)],
                            src_new.format(year)])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../../../../shared/data/sweden")
