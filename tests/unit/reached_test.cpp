// `utsikt targets --year Y --probability p [--scenario]`: the value a series reaches with
// probability p in any year (not only target years), per scenario.
#include <gtest/gtest.h>

#include "test_util.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/outputs/scenario_report.hpp"
#include "utsikt/scenarios/realistic.hpp"

using namespace utsikt;

namespace {
struct Fixture {
  Project project;
  Series observed;
  SeriesResult s;
  Fixture(int better) {
    Indicator ind;
    ind.id = "x";
    ind.name_sv = "Folkmängd";
    ind.kind = IndicatorKind::stock;
    ind.better = better;
    project.indicators.push_back(ind);
    observed.indicator = "x";
    observed.group = "total";
    observed.years = {2023, 2024};
    observed.values = {100, 101};
    s.ref = {"x", "total"};
    s.observed = &observed;
    // Paths for 2025..2026; in 2026 the 11 paths take 0, 10, ..., 100.
    s.forecast.years = {2025, 2026};
    s.forecast.n_paths = 11;
    for (int k = 0; k < 11; ++k) {
      s.forecast.paths.push_back(50);
      s.forecast.paths.push_back(10.0 * k);
    }
    s.indicator = &project.indicators.back();
  }
};
}  // namespace

TEST(Reached, QuantileInTheBetterDirectionAnyYear) {
  Fixture f(1);
  const auto v = reached_values(f.project, {f.s}, "", {2024, 2026, 2040}, 0.8);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].status, ReachedValue::Status::observed);
  EXPECT_DOUBLE_EQ(*v[0].at_least, 101.0);
  EXPECT_EQ(v[1].status, ReachedValue::Status::projected);
  // Type-7 quantiles of 0, 10, ..., 100: q(0.2) = 20 (reached or exceeded on 9 of 11 paths,
  // 82 % >= 80 %), q(0.8) = 80, median 50.
  EXPECT_DOUBLE_EQ(*v[1].at_least, 20.0);
  EXPECT_DOUBLE_EQ(*v[1].at_most, 80.0);
  EXPECT_DOUBLE_EQ(*v[1].median, 50.0);
  int at_least = 0;
  for (int k = 0; k < 11; ++k) at_least += 10.0 * k >= *v[1].at_least;
  EXPECT_GE(at_least / 11.0, 0.8);
  EXPECT_EQ(v[2].status, ReachedValue::Status::outside);  // after the projection
  EXPECT_FALSE(v[2].at_least.has_value());
  const std::string sv = out::reached_table(f.project, v, 0.8, out::Lang::sv);
  EXPECT_NE(sv.find("≥ 20,0"), std::string::npos) << sv;
  EXPECT_NE(sv.find("101 (obs.)"), std::string::npos) << sv;
  // Lower is better: "at most" with probability p.
  Fixture g(-1);
  const auto w = reached_values(g.project, {g.s}, "sc", {2026}, 0.9);
  EXPECT_DOUBLE_EQ(*w[0].at_most, 90.0);
  EXPECT_EQ(w[0].scenario, "sc");
  EXPECT_NE(out::reached_table(g.project, w, 0.9, out::Lang::en).find("≤ 90.0"), std::string::npos);
  EXPECT_NE(out::reached_csv(w, 0.9).find("x,total,sc,2026,projected,0.9,lower,"),
            std::string::npos);
}

TEST(Reached, CommandLineYearAndScenario) {
  const std::string dir = test::temp_dir("reached_cli");
  const std::string project = test::source_dir() + "/tests/fixtures/mini/project.toml";
  auto r = test::run_command(test::utsikt_binary() + " targets " + project +
                             " --paths 200 --year 2040 --probability 0.8 -o " + dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Värde som nås med sannolikheten 80 %"), std::string::npos) << r.out;
  const std::string csv = test::read_file(dir + "/reached.csv");
  EXPECT_NE(csv.find("population,total,,2040,"), std::string::npos) << csv;
  r = test::run_command(test::utsikt_binary() + " targets " + project +
                        " --paths 200 --scenario nosuch -o " + dir);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("nosuch"), std::string::npos) << r.err;
}
