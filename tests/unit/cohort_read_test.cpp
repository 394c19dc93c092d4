// read_cohort_data on the small made-up files of tests/fixtures/cohort (make_fixtures.py), and
// bad inputs: every error names the file, the line and the field.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "test_util.hpp"
#include "utsikt/demography/cohort.hpp"

using namespace utsikt;
using namespace utsikt::demography;

namespace {

std::string fixture(const std::string& name) {
  return test::source_dir() + "/tests/fixtures/cohort/" + name;
}

CohortFiles fixture_files() {
  CohortFiles f;
  f.population = fixture("population.csv");
  f.births = fixture("births.csv");
  f.deaths = fixture("deaths.csv");
  f.totals = fixture("totals.csv");
  f.components = fixture("components.csv");
  f.region = "Alfa";
  return f;
}

// The fixture file with line `line` (1-based) replaced, written to a temporary folder.
std::string with_line(const std::string& name, int line, const std::string& text,
                      bool drop = false) {
  std::istringstream in(test::read_file(fixture(name)));
  std::string out, l;
  for (int i = 1; std::getline(in, l); ++i) {
    if (i == line) {
      if (drop) continue;
      l = text;
    }
    out += l + "\n";
  }
  const std::string path = test::temp_dir("cohort-read") + "/" + name;
  test::write_file(path, out);
  return path;
}

// Reads, expects an InputError and checks that its message names file, line and field.
void expect_error(const CohortFiles& f, const std::string& file, int line,
                  const std::string& field) {
  try {
    read_cohort_data(f);
    ADD_FAILURE() << "no error for " << file << ":" << line;
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(file + ":" + std::to_string(line)), std::string::npos) << msg;
    EXPECT_NE(msg.find("field '" + field + "'"), std::string::npos) << msg;
    EXPECT_EQ(e.where().file, file);
    EXPECT_EQ(e.where().line, line);
    EXPECT_EQ(e.where().field, field);
  }
}

}  // namespace

TEST(CohortRead, ReadsTheRegionAndSumsTheReference) {
  const CohortData d = read_cohort_data(fixture_files());
  EXPECT_EQ(d.region, "Alfa");
  ASSERT_EQ(d.population.size(), 3u);
  EXPECT_EQ(d.population.begin()->first, 2000);
  EXPECT_DOUBLE_EQ(d.population.at(2000).total(), 14413.0);
  EXPECT_DOUBLE_EQ(d.population.at(2001).v[1][37], 87.0);  // line 342: 37,Males,Alfa,2001,87
  EXPECT_DOUBLE_EQ(d.population.at(2000).v[0][100], 5.0);  // "100+"
  EXPECT_DOUBLE_EQ(d.deaths.at(2001).v[1][37], 3.0);
  // Reference: Alfa and Beta (twice Alfa's scale; line 948: 37,Males,Beta,2001,174).
  EXPECT_GT(d.reference_population.at(2000).total(), 2.9 * 14413.0);
  EXPECT_DOUBLE_EQ(d.reference_population.at(2001).v[1][37], 87.0 + 174.0);
  EXPECT_EQ(d.reference_deaths.size(), 3u);
  // Births: "<15" counts on 15; Alfa 2001 has 2 girls with no information on the mother's age,
  // spread pro rata (so the year's total keeps them).
  EXPECT_DOUBLE_EQ(d.births.at(2000).v[0][15], 1.0 + 1.0);
  double girls_2001 = 0.0;
  for (int x = 15; x <= 49; ++x) girls_2001 += d.births.at(2001).v[0][x];
  EXPECT_NEAR(girls_2001, d.births.at(2000).sum(0, 0, kMaxAge) + 2.0, 1e-9);
  bool spread = false;
  for (const auto& n : d.notes) spread |= n.code == "births_age_spread";
  EXPECT_TRUE(spread);
  // Totals and components; adjustments folded into net migration (empty = 0).
  ASSERT_EQ(d.totals.size(), 3u);
  EXPECT_DOUBLE_EQ(d.totals.at(2003), 14452.0);
  ASSERT_EQ(d.components.size(), 2u);
  EXPECT_DOUBLE_EQ(d.components.at(2003).births, 260.0);
  EXPECT_DOUBLE_EQ(d.components.at(2003).deaths, 270.0);
  EXPECT_DOUBLE_EQ(d.components.at(2003).net_migration, 53.0);
  EXPECT_DOUBLE_EQ(d.components.at(2004).net_migration, 60.0);
}

TEST(CohortRead, ComponentsRegionByCode) {
  CohortFiles f = fixture_files();
  f.components_region = "91";
  EXPECT_DOUBLE_EQ(read_cohort_data(f).components.at(2004).births, 255.0);
}

// Three years of age data: the fit falls back where the history is too short, says so, and
// brings the population forward to the published 2003 and 2004 components.
TEST(CohortRead, FitsTheFixtureAndMeetsItsComponents) {
  const CohortData d = read_cohort_data(fixture_files());
  const CohortModel m = fit_cohort(d);
  EXPECT_EQ(m.jump_off, 2004);
  EXPECT_NEAR(m.jump_off_population.total(), 14502.0, 1e-6);
  EXPECT_NEAR(m.history.at(2003).births, 260.0, 1e-6);
  EXPECT_NEAR(m.history.at(2003).deaths, 270.0, 1e-6);
  EXPECT_NEAR(m.history.at(2004).net_migration, 60.0, 1e-6);
  EXPECT_FALSE(m.diagnostics.empty());
  SimulateOptions o;
  o.n_paths = 20;
  o.to_year = 2010;
  const CohortPaths p = simulate_cohort(m, o);
  for (double v : p.total) EXPECT_TRUE(std::isfinite(v) && v > 0.0);
}

TEST(CohortRead, TextInACount) {
  CohortFiles f = fixture_files();
  f.population = with_line("population.csv", 342, "37,Males,Alfa,2001,abc");
  expect_error(f, f.population, 342, "count");
}

TEST(CohortRead, NegativeCount) {
  CohortFiles f = fixture_files();
  f.deaths = with_line("deaths.csv", 342, "37,Males,Alfa,2001,-3");
  expect_error(f, f.deaths, 342, "count");
}

TEST(CohortRead, UnknownSex) {
  CohortFiles f = fixture_files();
  f.population = with_line("population.csv", 342, "37,Other,Alfa,2001,87");
  expect_error(f, f.population, 342, "sex");
}

TEST(CohortRead, MissingRegion) {
  CohortFiles f = fixture_files();
  f.region = "Gamma";
  expect_error(f, f.population, 1, "region");
  f = fixture_files();
  f.components_region = "Gamma";
  expect_error(f, f.components, 1, "name");
}

TEST(CohortRead, AgeOutOfRange) {
  CohortFiles f = fixture_files();
  f.population = with_line("population.csv", 342, "101,Males,Alfa,2001,87");
  expect_error(f, f.population, 342, "age");
  f.population = with_line("population.csv", 342, "-1,Males,Alfa,2001,87");
  expect_error(f, f.population, 342, "age");
  f = fixture_files();
  f.births = with_line("births.csv", 77, "fifteen,Females,Alfa,2001,1");
  expect_error(f, f.births, 77, "age");
}

TEST(CohortRead, MissingOrDuplicateAge) {
  CohortFiles f = fixture_files();
  // Line 342 dropped: year 2001 lacks age 37 for men; the error points at the year's first row.
  f.population = with_line("population.csv", 342, "", true);
  expect_error(f, f.population, 204, "age");
  f.population = with_line("population.csv", 342, "36,Males,Alfa,2001,87");
  expect_error(f, f.population, 342, "age");
}

TEST(CohortRead, BadYearAndMissingColumn) {
  CohortFiles f = fixture_files();
  f.deaths = with_line("deaths.csv", 342, "37,Males,Alfa,twenty,3");
  expect_error(f, f.deaths, 342, "year");
  f = fixture_files();
  f.population = with_line("population.csv", 1, "age,sex,region,year,number");
  expect_error(f, f.population, 1, "count");
  f = fixture_files();
  f.components =
      with_line("components.csv", 2, "2003,91,Alfa,14452,,260,many,-10,900,,,,850,,,,50,,,,3");
  expect_error(f, f.components, 2, "deaths");
}
