#!/usr/bin/env python3
"""Writes the example's official series from ../shared/data/sweden (see its SOURCES.md).

    python3 examples/norrbotten-rus2030/data/make_official.py [SHARED_DATA_SWEDEN]

The example runs without ../shared: this script is only needed to regenerate the files, and it
rewrites them exactly (tests/unit/example_official_test.cpp checks them against the document's
printed values). Only Norrbotten and Sweden rows and only the columns the example needs are
kept, every row with its source. Files in utsikt's long format (indicator,group,year,value,...,
source) are read by project.toml; population_change_norrbotten_2023_2024.csv is context for the
scenarios (net migration) and for the tests.
"""
import collections
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(
    os.path.join(HERE, "..", "..", "..", "..", "shared", "data", "sweden"))

VIA = "; via shared/data/sweden/"


def read(name):
    with open(os.path.join(SHARED, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(f"{name}: {len(rows)} rows")


def main():
    # --- Population of Norrbotten 1950-2024 (31 December) -------------------------------------
    pop = read("population_norrbotten_1950_2024.csv")
    rows = []
    for r in pop:
        src = r["source"]
        if "1950-2022" in src:
            src = ("SCB, Folkmängden i Sveriges kommuner 1950–2022 (summa av länets 14 kommuner), "
                   "folkmängd 31 december")
        else:
            table = "tabhel2023" if r["year"] == "2023" else "tabhel2024"
            src = ("SCB, BE0101 Folkmängd i riket, län och kommuner 31 december och "
                   f"befolkningsförändringar ({table})")
        rows.append(["befolkning", "total", r["year"], r["population"],
                     src + VIA + "population_norrbotten_1950_2024.csv"])
    write("population_norrbotten_1950_2024.csv", ["indicator", "group", "year", "value", "source"],
          rows)

    # --- Sex and age shares 1968-2015, Norrbotten and Sweden -----------------------------------
    # Share of women (men) of the whole population, and of the population aged 17-24, 31 Dec.
    agg = collections.defaultdict(lambda: collections.defaultdict(int))
    for r in read("population_county_age_sex_1968_2015.csv"):
        age = 100 if r["age"] == "100+" else int(r["age"])
        year = int(r["year"])
        sex = "women" if r["sex"] == "Females" else "men"
        n = int(float(r["count"]))
        for region in ([r["region"], "Sweden"] if r["region"] == "Norrbotten" else ["Sweden"]):
            agg[(region, year)][sex] += n
            if 17 <= age <= 24:
                agg[(region, year)]["young_" + sex] += n
    src_shares = "SCB BE0101N1, 31 dec; value = 100 count / of_total"
    shares = []
    for (region, year), d in sorted(agg.items(), key=lambda kv: (kv[0][0] != "Norrbotten", kv[0])):
        suffix = "" if region == "Norrbotten" else "_riket"
        place = "Norrbottens län" if region == "Norrbotten" else "riket (21 län)"
        for young in (False, True):
            ind = ("andel_kon_unga" if young else "andel_kon") + suffix
            w = d["young_women" if young else "women"]
            m = d["young_men" if young else "men"]
            for grp, n in (("women", w), ("men", m)):
                shares.append([ind, grp, year, f"{100.0 * n / (w + m):.4f}", n, w + m,
                               f"{src_shares}; {place}, "
                               + ("17–24 år" if young else "alla åldrar")
                               + VIA + "population_county_age_sex_1968_2015.csv"])
    write("population_sex_age_1968_2015.csv",
          ["indicator", "group", "year", "value", "count", "of_total", "source"], shares)

    # --- Population of Sweden: 1968-2015 (sum of the counties) and 2023-2024 ------------------
    change = read("population_change_2023_2024.csv")
    rows = []
    for (region, year), d in sorted(agg.items()):
        if region != "Sweden":
            continue
        rows.append(["befolkning_riket", "total", year, d["women"] + d["men"],
                     "SCB BE0101N1 (StatisticsNZ/demdata, data/sweden.popn.rda), summa av 21 län, "
                     "31 december" + VIA + "population_county_age_sex_1968_2015.csv"])
    for r in change:
        if r["code"] == "00":
            rows.append(["befolkning_riket", "total", r["year"], r["population"],
                         f"SCB, BE0101 Folkmängd 31 december (tabhel{r['year']}), Riket" + VIA
                         + "population_change_2023_2024.csv"])
    write("population_sweden_1968_2024.csv", ["indicator", "group", "year", "value", "source"],
          rows)

    # --- Population change 2023-2024, Norrbotten (25) and Sweden (00) --------------------------
    cols = ["year", "code", "name", "population", "increase", "births", "deaths",
            "net_migration", "net_rest_of_sweden", "net_abroad", "adjustments"]
    rows = []
    for r in change:
        if r["code"] in ("00", "25"):
            rows.append([r[c] for c in cols] + [
                f"SCB, BE0101 Folkmängd i riket, län och kommuner 31 december och "
                f"befolkningsförändringar (tabhel{r['year']})" + VIA
                + "population_change_2023_2024.csv"])
    write("population_change_norrbotten_2023_2024.csv", cols + ["source"], rows)

    # --- Greenhouse gases, Norrbotten, by sector ----------------------------------------------
    ghg = collections.defaultdict(dict)
    sectors = set()
    for r in read("ghg_county_sector_1990_2024.csv"):
        if r["region"] == "Norrbottens län":
            ghg[int(r["year"])][r["sector"]] = float(r["t_co2e"])
            sectors.add(r["sector"])
    src_ghg = ("SMHI, Nationella emissionsdatabasen, växthusgaser totalt (t CO2-ekv.), "
               "Norrbottens län (via Klimatbyran/territorial-data-pipeline, "
               "region-sector-emissions.json)")
    rest = sorted(sectors - {"Transporter"})
    rows = []
    for year in sorted(ghg):
        d = ghg[year]
        total = sum(d.values())
        transport = d["Transporter"]
        other = total - transport
        rows.append(["vaxthusgaser", "total", year, f"{total / 1e6:.6f}", f"{total:.2f}",
                     "alla huvudsektorer", src_ghg + VIA + "ghg_county_sector_1990_2024.csv"])
        rows.append(["vaxthusgaser_transporter", "total", year, f"{transport / 1e3:.3f}",
                     f"{transport:.2f}", "Transporter",
                     src_ghg + VIA + "ghg_county_sector_1990_2024.csv"])
        rows.append(["vaxthusgaser_ovriga", "total", year, f"{other / 1e6:.6f}", f"{other:.2f}",
                     "; ".join(rest), src_ghg + VIA + "ghg_county_sector_1990_2024.csv"])
    write("ghg_norrbotten_1990_2024.csv",
          ["indicator", "group", "year", "value", "t_co2e", "sectors", "source"], rows)

    # --- Age data for the cohort-component model: Norrbotten, 1968-2015 ------------------------
    # The rows of Norrbotten exactly as in shared/data/sweden (age,sex,region,year,count), with
    # the table as source. Population and deaths also get the other 20 counties summed as one
    # region, "Övriga län": the model estimates the Lee-Carter mortality pattern on the sum of all
    # regions of the file (Sweden), where the counts are large (docs/methods.md).
    os.makedirs(os.path.join(HERE, "cohort"), exist_ok=True)
    for name, table, rest in (("population_county_age_sex_1968_2015.csv", "SCB BE0101N1", True),
                              ("births_county_motherage_sex_1968_2015.csv", "SCB BE0101E2", False),
                              ("deaths_county_age_sex_1968_2015.csv", "SCB BE0101 deaths", True)):
        rows, others = [], collections.OrderedDict()
        for r in read(name):
            if r["region"] == "Norrbotten":
                rows.append([r["age"], r["sex"], r["region"], r["year"], r["count"], table])
            elif rest:
                key = (r["age"], r["sex"], r["year"])
                others[key] = others.get(key, 0) + int(float(r["count"]))
        for (age, sex, year), n in others.items():
            rows.append([age, sex, "Övriga län", year, n, table])  # region: the other 20 summed
        write(os.path.join("cohort", name.replace("county", "norrbotten")),
              ["age", "sex", "region", "year", "count", "source"], rows)

    # --- Yearly summaries of the 21 counties, 1968-2015 -----------------------------------------
    # Population (31 December), births, deaths and total fertility (births by mother's age per
    # woman-year, the mean of the women at the start and the end of the year; "<15" on 15, "49+"
    # on 49, "no information" pro rata): the migration and fertility models of the cohort model
    # learn their hyperparameters from all counties' histories (docs/methods.md, "Pooled
    # hyperparameters"), which the Norrbotten-only age files above do not hold.
    pop, women, births, bage, deaths = (collections.defaultdict(float) for _ in range(5))
    for r in read("population_county_age_sex_1968_2015.csv"):
        key = (r["region"], int(r["year"]))
        pop[key] += float(r["count"])
        age = 100 if r["age"] == "100+" else int(r["age"])
        if r["sex"] == "Females" and 15 <= age <= 49:
            women[key + (age,)] += float(r["count"])
    for r in read("births_county_motherage_sex_1968_2015.csv"):
        key = (r["region"], int(r["year"]))
        births[key] += float(r["count"])
        age = {"<15": 15, "49+": 49, "no information": None}.get(r["age"], None)
        if r["age"] not in ("<15", "49+", "no information"):
            age = int(r["age"])
        if age is not None:
            bage[key + (age,)] += float(r["count"])
    for r in read("deaths_county_age_sex_1968_2015.csv"):
        deaths[(r["region"], int(r["year"]))] += float(r["count"])
    # Source of every row: SCB BE0101N1 (population), BE0101E2 (births), BE0101 deaths, summed
    # per county and year from shared/data/sweden; tfr computed as above.
    rows = []
    for (region, year) in sorted(pop):
        tfr = ""
        known = sum(bage[(region, year, a)] for a in range(15, 50))
        if (region, year - 1) in pop and known > 0:
            f = sum(bage[(region, year, a)] /
                    ((women[(region, year - 1, a)] + women[(region, year, a)]) / 2)
                    for a in range(15, 50) if women[(region, year - 1, a)] + women[(region, year, a)] > 0)
            tfr = f"{f * births[(region, year)] / known:.6f}"
        rows.append([region, year, int(pop[(region, year)]), int(births[(region, year)]),
                     int(deaths[(region, year)]), tfr, "SCB BE0101N1/E2, summor"])
    write(os.path.join("cohort", "regions_county_1968_2015.csv"),
          ["region", "year", "population", "births", "deaths", "tfr", "source"], rows)

if __name__ == "__main__":
    main()
