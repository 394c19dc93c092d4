// The Norrbotten example on official series (issue 11): the document's printed values that an
// official series replaces (examples/norrbotten-rus2030/data/as_reported.csv) against SCB's and
// SMHI's values in the example's data files, with the tolerances and the known differences
// listed (README of the example, "Officiella serier"); and the official files' own identities.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "test_util.hpp"
#include "utsikt/csv.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/number.hpp"

using namespace utsikt;

namespace {

const std::string kDir = test::source_dir() + "/examples/norrbotten-rus2030";

std::map<std::pair<std::string, std::string>, Series> read_series(const std::string& file) {
  std::map<std::pair<std::string, std::string>, Series> out;
  for (auto& s : read_long_csv(kDir + "/data/" + file)) out[{s.indicator, s.group}] = s;
  return out;
}

const Series& series(const std::map<std::pair<std::string, std::string>, Series>& m,
                     const std::string& indicator, const std::string& group = "total") {
  const auto it = m.find({indicator, group});
  if (it == m.end()) throw std::runtime_error("no series " + indicator + "/" + group);
  return it->second;
}

// Rows of a plain CSV file as column name -> text.
std::vector<std::map<std::string, std::string>> read_rows(const std::string& file) {
  const std::string text = read_text_file(kDir + "/data/" + file);
  const auto rows = parse_csv_text(text, ',', file);
  std::vector<std::map<std::string, std::string>> out;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    std::map<std::string, std::string> m;
    for (std::size_t c = 0; c < rows[0].size() && c < rows[r].size(); ++c)
      m[rows[0][c]] = rows[r][c];
    out.push_back(m);
  }
  return out;
}

double num(const std::string& text) {
  const ParsedNumber p = parse_number(text);
  if (p.status != NumberStatus::ok) throw std::runtime_error("not a number: " + text);
  return p.value;
}

// How a printed value compares with the official series.
struct Expectation {
  std::string file;  // the official file
  enum { same, known_difference, no_official_value } kind;
  double official = 0;   // the official value (same, known_difference)
  double tolerance = 0;  // |printed - official| allowed (same: the printed rounding)
  std::string why;       // the known difference, or why there is no official value
};

// Every row of as_reported.csv, by (indicator, year).
const std::map<std::pair<std::string, int>, Expectation>& expectations() {
  static const std::map<std::pair<std::string, int>, Expectation> m = {
      {{"befolkning", 2017},
       {"population_norrbotten_1950_2024.csv", Expectation::same, 251295, 0,
        "printed exactly as SCB's population on 31 Dec 2017"}},
      {{"befolkning", 2022},
       {"population_norrbotten_1950_2024.csv", Expectation::known_difference, 249177, 108,
        "249 285 in the document, 249 177 from SCB for 31 Dec 2022: another reference date or "
        "release (SOURCES.md); the projection uses SCB"}},
      {{"vaxthusgaser", 2016},
       {"ghg_norrbotten_1990_2024.csv", Expectation::no_official_value, 0, 0,
        "SMHI's county series in the shared data has 1990, 2000, 2005, 2010, 2015, 2020-2024 "
        "only; 5,8 Mt comes from an earlier SMHI release"}},
      {{"vaxthusgaser", 2021},
       {"ghg_norrbotten_1990_2024.csv", Expectation::known_difference, 5.179740, 0.0803,
        "\"ca 5,26\" Mt in the document, 5,18 Mt in SMHI's current release (+1,6 %): SMHI "
        "recomputes the whole series at every release; the projection uses SMHI"}},
      {{"vaxthusgaser_transporter", 2016},
       {"ghg_norrbotten_1990_2024.csv", Expectation::no_official_value, 0, 0,
        "no 2016 in SMHI's county series (see vaxthusgaser 2016); 630 kt lies between SMHI's "
        "663,7 (2015) and 517,4 (2020)"}},
  };
  return m;
}

}  // namespace

TEST(ExampleOfficial, PrintedValuesAgainstTheOfficialSeries) {
  const auto printed = read_long_csv(kDir + "/data/as_reported.csv");
  std::set<std::pair<std::string, int>> seen;
  for (const Series& s : printed) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      const std::pair<std::string, int> key{s.indicator, s.years[i]};
      seen.insert(key);
      const auto it = expectations().find(key);
      ASSERT_NE(it, expectations().end())
          << s.indicator << " " << s.years[i] << ": a printed value without a listed comparison";
      const Expectation& e = it->second;
      const auto official = read_series(e.file);  // kept alive: `off` refers into it
      const Series& off = series(official, s.indicator, s.group);
      const double* v = off.at_year(s.years[i]);
      const double doc = s.values[i];
      SCOPED_TRACE(s.indicator + " " + std::to_string(s.years[i]) + ": " + e.why);
      if (e.kind == Expectation::no_official_value) {
        EXPECT_EQ(v, nullptr) << "the official series now has this year: compare it";
        // The printed value is of the official series' order of magnitude.
        double lo = INFINITY, hi = -INFINITY;
        for (double x : off.values) {
          lo = std::min(lo, x);
          hi = std::max(hi, x);
        }
        EXPECT_GE(doc, lo);
        EXPECT_LE(doc, hi);
        continue;
      }
      ASSERT_NE(v, nullptr) << "no official value";
      EXPECT_NEAR(*v, e.official, 1e-6 * std::max(1.0, std::fabs(e.official)));
      EXPECT_LE(std::fabs(doc - *v), e.tolerance + 1e-9);
      if (e.kind == Expectation::known_difference) {
        EXPECT_GT(std::fabs(doc - *v), 0.5 * e.tolerance)
            << "the difference is gone: update the list";
      }
    }
  }
  EXPECT_EQ(seen.size(), expectations().size()) << "a listed comparison without a printed value";
  // The transport value between its neighbours, as the list says.
  const auto ghg = read_series("ghg_norrbotten_1990_2024.csv");
  const Series& tr = series(ghg, "vaxthusgaser_transporter");
  EXPECT_GT(630, *tr.at_year(2020));
  EXPECT_LT(630, *tr.at_year(2015));
}

TEST(ExampleOfficial, TheProjectionUsesTheOfficialSeries) {
  const Project p = load_project(kDir + "/project.toml");
  const Series& pop = *p.find_series({"befolkning", "total"});
  EXPECT_EQ(pop.years.front(), 1950);
  EXPECT_EQ(pop.years.back(), 2024);
  EXPECT_EQ(pop.size(), 75u);
  EXPECT_DOUBLE_EQ(*pop.at_year(2022), 249177);  // not the document's 249 285
  const Series& ghg = *p.find_series({"vaxthusgaser", "total"});
  EXPECT_EQ(ghg.at_year(2016), nullptr);  // not the document's 5,8 (another release)
  EXPECT_NEAR(*ghg.at_year(2021), 5.17974, 1e-6);
  EXPECT_NEAR(*p.find_series({"vaxthusgaser_transporter", "total"})->at_year(2010), 714.986, 1e-3);
  // Shares: SCB 1968-2015 and the document's 2017 and 2022 (years SCB's file here lacks).
  const Series& women = *p.find_series({"andel_kon", "women"});
  EXPECT_EQ(women.years.front(), 1968);
  EXPECT_NEAR(*women.at_year(2015), 48.9715, 1e-4);
  EXPECT_DOUBLE_EQ(*women.at_year(2017), 48.8);
  EXPECT_DOUBLE_EQ(*women.at_year(2022), 49.0);
  const Series& se = *p.find_series({"befolkning_riket", "total"});
  EXPECT_DOUBLE_EQ(*se.at_year(2017), 10120242);  // the document's, between SCB 2015 and 2023
  EXPECT_DOUBLE_EQ(*se.at_year(2024), 10587710);
  // Housing: 2016, 2019 and the period total 6 523 (2017-2022) as one data point.
  const Series& homes = *p.find_series({"bostader_fardigstallda", "total"});
  EXPECT_EQ(homes.years, (std::vector<int>{2016, 2017, 2018, 2019, 2020, 2021, 2022}));
  double sum = 0;
  for (int y = 2017; y <= 2022; ++y) sum += *homes.at_year(y);
  EXPECT_NEAR(sum, 6523, 1e-9);
  EXPECT_EQ(homes.effective_points(), 3);
  // No population indicator carries a declared volatility any more (the series are long).
  for (const char* id : {"befolkning", "befolkning_riket", "andel_kon", "andel_kon_riket"})
    EXPECT_FALSE(p.find_indicator(id)->volatility) << id;
}

TEST(ExampleOfficial, TheOfficialFilesAreConsistent) {
  // Shares: value = 100 count / of_total, women + men = 100, and the totals are SCB's
  // population (Norrbotten) and the sum of the counties (Sweden).
  const auto pop = read_series("population_norrbotten_1950_2024.csv");
  const auto se = read_series("population_sweden_1968_2024.csv");
  std::map<std::tuple<std::string, int>, double> women_share;
  int rows = 0;
  for (const auto& r : read_rows("population_sex_age_1968_2015.csv")) {
    ++rows;
    const double share = num(r.at("value")), n = num(r.at("count")), of = num(r.at("of_total"));
    const int year = static_cast<int>(num(r.at("year")));
    EXPECT_NEAR(share, 100.0 * n / of, 5e-5) << r.at("indicator") << " " << year;
    const std::string& ind = r.at("indicator");
    if (ind == "andel_kon") {
      EXPECT_DOUBLE_EQ(of, *series(pop, "befolkning").at_year(year)) << year;
    }
    if (ind == "andel_kon_riket") {
      EXPECT_DOUBLE_EQ(of, *series(se, "befolkning_riket").at_year(year)) << year;
    }
    auto& w = women_share[{ind, year}];
    w += share;
  }
  EXPECT_EQ(rows, 4 * 2 * 48);  // 4 indicators x 2 groups x 1968..2015
  for (const auto& [key, total] : women_share) EXPECT_NEAR(total, 100.0, 2e-4);
  // Greenhouse gases: total = transport + the rest, and the values are the published tonnes.
  const auto ghg = read_series("ghg_norrbotten_1990_2024.csv");
  const Series& tot = series(ghg, "vaxthusgaser");
  EXPECT_EQ(tot.years,
            (std::vector<int>{1990, 2000, 2005, 2010, 2015, 2020, 2021, 2022, 2023, 2024}));
  for (int y : tot.years)
    EXPECT_NEAR(*tot.at_year(y),
                *series(ghg, "vaxthusgaser_transporter").at_year(y) / 1000.0 +
                    *series(ghg, "vaxthusgaser_ovriga").at_year(y),
                2e-6)
        << y;
  for (const auto& r : read_rows("ghg_norrbotten_1990_2024.csv")) {
    const double scale = r.at("indicator") == "vaxthusgaser_transporter" ? 1e3 : 1e6;
    // value has 6 (Mt) or 3 (kt) decimals: the tonne, rounded.
    EXPECT_NEAR(num(r.at("value")) * scale, num(r.at("t_co2e")), 0.51) << r.at("year");
  }
  // Population change 2023-2024 (Norrbotten 25 and Sweden 00): the balance holds, and the
  // populations are the ones in the series files.
  int n = 0;
  for (const auto& r : read_rows("population_change_norrbotten_2023_2024.csv")) {
    ++n;
    const double inc = num(r.at("increase"));
    EXPECT_DOUBLE_EQ(inc, num(r.at("births")) - num(r.at("deaths")) + num(r.at("net_migration")) +
                              num(r.at("adjustments")))
        << r.at("name") << " " << r.at("year");
    const int year = static_cast<int>(num(r.at("year")));
    const Series& s =
        r.at("code") == "25" ? series(pop, "befolkning") : series(se, "befolkning_riket");
    EXPECT_DOUBLE_EQ(num(r.at("population")), *s.at_year(year));
    if (r.at("code") == "25" && year == 2024) {
      EXPECT_DOUBLE_EQ(inc, *s.at_year(2024) - *s.at_year(2023));
    }
  }
  EXPECT_EQ(n, 4);
}
