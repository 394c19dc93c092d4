// A synthetic project for the scenario tests (header only; included by scenario_*_test.cpp).
// Invented numbers built so that identities hold in the history:
//   pop(t) = pop(t-1) + births(t) - deaths(t) + migration(t)      (stock-flow components)
//   ports/total = ports/a + ports/b                                 (breakdown)
//   homes(t) = 900 + 2 (pop(t) - pop(t-1)) + small wiggle           (driver: change of pop)
//   share: 2020 is a pandemic-like outlier; emis: level shift of -1.0 in 2015.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>

#include "test_util.hpp"

namespace utsikt::test {

inline std::string scenario_fixture_csv() {
  std::string csv = "indicator,group,year,value\n";
  auto row = [&](const char* ind, const char* grp, int y, double v) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s,%s,%d,%.6f\n", ind, grp, y, v);
    csv += buf;
  };
  double pop = 250000;
  row("pop", "total", 2010, pop);
  for (int y = 2011; y <= 2022; ++y) {
    const double b = 2400 - 10.0 * (y - 2010) + 30 * std::sin(y);
    const double d = 2700 + 5.0 * (y - 2010) + 25 * std::cos(y);
    const double m = 200 + 40 * std::sin(1.7 * y);
    const double before = pop;
    pop = pop + b - d + m;
    row("births", "total", y, b);
    row("deaths", "total", y, d);
    row("migration", "total", y, m);
    row("pop", "total", y, pop);
    row("homes", "total", y, 900 + 2.0 * (pop - before) + 50 * std::sin(2.3 * y));
  }
  for (int y = 2010; y <= 2022; ++y) {
    const double a = 7 + 0.1 * (y - 2010) + 0.3 * std::sin(y);
    const double b = 1.5 + 0.2 * std::cos(y);
    row("ports", "a", y, a);
    row("ports", "b", y, b);
    row("ports", "total", y, a + b);
    row("share", "total", y, y == 2020 ? 6.0 : 10 + 0.3 * (y - 2010) + 0.2 * std::sin(y));
    row("emis", "total", y, 6 - 0.05 * (y - 2010) + 0.05 * std::sin(y) + (y < 2015 ? 1.0 : 0.0));
  }
  return csv;
}

// extra: appended to the project file (scenarios, levers).
inline std::string scenario_fixture_toml(const std::string& extra = "", bool structure = true) {
  std::string s = R"([project]
name_sv = "Scenariotest"
seed = 11
paths = 1000
horizon_end = 2035
threads = 1

[[indicator]]
id = "pop"
kind = "stock"
data = "data.csv"
)";
  if (structure)
    s += R"(
  [indicator.components]
  parts = ["births", "-deaths", "migration"]
  accumulate = true
)";
  s += R"(
[[indicator]]
id = "births"
kind = "flow"
data = "data.csv"

[[indicator]]
id = "deaths"
kind = "flow"
data = "data.csv"

[[indicator]]
id = "migration"
kind = "rate"
data = "data.csv"

[[indicator]]
id = "homes"
kind = "flow"
data = "data.csv"
)";
  if (structure)
    s += R"(
  [indicator.driver]
  indicator = "pop"
  transform = "difference"
)";
  s += R"(
[[indicator]]
id = "ports"
kind = "flow"
groups = ["a", "b", "total"]
data = "data.csv"
)";
  if (structure)
    s += R"(
  [indicator.breakdown]
  total = "total"
  parts = ["a", "b"]
)";
  s += R"(
[[indicator]]
id = "share"
kind = "share"
data = "data.csv"
)";
  if (structure)
    s += R"(
  [[indicator.breaks]]
  year = 2020
  type = "outlier"
  note = "pandemic"
)";
  s += R"(
[[indicator]]
id = "emis"
kind = "flow"
data = "data.csv"
)";
  if (structure)
    s += R"(
  [[indicator.breaks]]
  year = 2015
  type = "level_shift"
  note = "blast furnace"
)";
  s += R"(
[[target]]
id = "pop-target"
indicator = "pop"
kind = "level"
op = ">="
value = 247000
year = 2030

[[target]]
id = "homes-target"
indicator = "homes"
kind = "flow"
op = ">="
value = 500
from = 2024
year = 2030

[[target]]
id = "ports-target"
indicator = "ports"
group = "total"
kind = "level"
op = ">="
value = 11
year = 2030

[[target]]
id = "share-target"
indicator = "share"
kind = "level"
op = ">="
value = 15
year = 2030

[[target]]
id = "emis-target"
indicator = "emis"
kind = "change"
op = "<="
value = -0.30
base_year = 2016
year = 2035
)";
  return s + extra;
}

// Writes the fixture into a fresh temporary folder; returns the project path.
inline std::string write_scenario_fixture(const std::string& name, const std::string& extra = "",
                                          bool structure = true) {
  const std::string dir = temp_dir(name);
  write_file(dir + "/data.csv", scenario_fixture_csv());
  write_file(dir + "/project.toml", scenario_fixture_toml(extra, structure));
  return dir + "/project.toml";
}

}  // namespace utsikt::test
