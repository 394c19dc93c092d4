// Series edge cases (docs/bad-inputs.md, "Series edge cases"): every case has a defined result
// through project_series, run_project and the writers, and nothing anywhere is NaN or infinite.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>

#include "test_util.hpp"
#include "utsikt/csv.hpp"
#include "utsikt/engine/forecast.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/outputs/results.hpp"

using namespace utsikt;

namespace {

Series series(std::vector<int> years, std::vector<double> values) {
  Series s;
  s.indicator = "x";
  s.group = "total";
  s.years = std::move(years);
  s.values = std::move(values);
  return s;
}

ForecastOptions fopts(int paths = 500) {
  ForecastOptions o;
  o.n_paths = paths;
  o.seed = 3;
  return o;
}

bool has_diag(const std::vector<Diagnostic>& ds, const std::string& code) {
  for (const auto& d : ds)
    if (d.code == code) return true;
  return false;
}

// Every simulated value finite and within the bounds; point forecast and quantiles finite.
void expect_sane(const SeriesForecast& f, const SeriesSpec& spec) {
  ASSERT_FALSE(f.years.empty());
  ASSERT_EQ(f.paths.size(), f.years.size() * static_cast<std::size_t>(f.n_paths));
  for (double v : f.paths) {
    ASSERT_TRUE(std::isfinite(v));
    if (spec.bounds.lower) {
      ASSERT_GE(v, *spec.bounds.lower);
    }
    if (spec.bounds.upper) {
      ASSERT_LE(v, *spec.bounds.upper);
    }
  }
  for (double v : f.point) ASSERT_TRUE(std::isfinite(v));
  for (std::size_t h = 0; h < f.years.size(); ++h)
    ASSERT_TRUE(std::isfinite(f.quantile(static_cast<int>(h), 0.5)));
}

SeriesSpec spec(IndicatorKind k, std::optional<double> lo = {}, std::optional<double> hi = {}) {
  SeriesSpec s;
  s.kind = k;
  s.bounds.lower = lo;
  s.bounds.upper = hi;
  return s;
}

// No "nan"/"NaN" (as a word) in any output text, and no "inf" as a number in CSV.
void expect_no_nan_text(const std::string& text, const std::string& what) {
  static const std::regex nan_word("(^|[^A-Za-z])[Nn][Aa][Nn]([^A-Za-z]|$)");
  static const std::regex inf_field("(^|[,\n])-?inf(inity)?($|[,\n])", std::regex::icase);
  EXPECT_FALSE(std::regex_search(text, nan_word)) << what << ":\n" << text.substr(0, 3000);
  if (what.find(".csv") != std::string::npos) {
    EXPECT_FALSE(std::regex_search(text, inf_field)) << what << ":\n" << text.substr(0, 3000);
  }
}

struct Ran {
  Project project;
  RunResult result;
};

// Writes project.toml (+ data.csv) into a fresh folder, loads and runs it with few paths and
// checks every output for NaN/inf and every probability for [0, 1].
std::unique_ptr<Ran> run_text(const std::string& name, const std::string& toml,
                              const std::string& csv = {}) {
  const std::string dir = test::temp_dir("robust-series-" + name);
  test::write_file(dir + "/project.toml", toml);
  if (!csv.empty()) test::write_file(dir + "/data.csv", csv);
  auto r = std::make_unique<Ran>();
  r->project = load_project(dir + "/project.toml");
  r->result = run_project(r->project, RunOverrides{5, 400, 2});
  r->result.project = &r->project;
  for (const auto& t : r->result.targets) {
    EXPECT_GE(t.probability, 0.0);
    EXPECT_LE(t.probability, 1.0);
    EXPECT_TRUE(std::isfinite(t.mc_se));
    if (t.value) {
      EXPECT_TRUE(std::isfinite(t.value->median) && std::isfinite(t.value->lo80) &&
                  std::isfinite(t.value->hi80))
          << t.target->id;
    }
    if (t.measure_interval) {
      EXPECT_TRUE(std::isfinite(t.measure_interval->median) &&
                  std::isfinite(t.measure_interval->lo80) &&
                  std::isfinite(t.measure_interval->hi80))
          << t.target->id << " " << t.measure;
    }
  }
  expect_no_nan_text(out::targets_csv(r->result), "targets.csv");
  expect_no_nan_text(out::targets_json(r->result), "targets.json");
  expect_no_nan_text(out::projections_csv(r->result), "projections.csv");
  expect_no_nan_text(out::results_table(r->result, out::Lang::en), "table");
  EXPECT_TRUE(nlohmann::json::accept(out::targets_json(r->result)));
  return r;
}

const TargetResult& target(const Ran& r, const std::string& id, const std::string& variant = {}) {
  for (const auto& t : r.result.targets)
    if (t.target->id == id && t.variant == variant) return t;
  throw std::runtime_error("no target " + id);
}

std::string indicator_toml(const std::string& kind, const std::string& extra = {}) {
  return "[project]\nhorizon_end = 2035\n[[indicator]]\nid = \"x\"\nkind = \"" + kind +
         "\"\ndata = \"data.csv\"\n" + extra;
}

std::string level_target(const std::string& id, const std::string& op, double value, int year) {
  char v[64];
  std::snprintf(v, sizeof v, "%.17g", value);
  return "[[target]]\nid = \"" + id + "\"\nindicator = \"x\"\nkind = \"level\"\nop = \"" + op +
         "\"\nvalue = " + v + "\nyear = " + std::to_string(year) + "\n";
}

std::string csv_of(const std::vector<std::pair<int, std::string>>& obs) {
  std::string s = "indicator;year;value\n";
  for (const auto& [y, v] : obs) s += "x;" + std::to_string(y) + ";" + v + "\n";
  return s;
}

}  // namespace

// ---- project_series -------------------------------------------------------------------------

TEST(RobustSeries, ZeroPointsIsAnInputError) {
  EXPECT_THROW(project_series(series({}, {}), spec(IndicatorKind::rate), 2030, fopts(), 1),
               InputError);
}

TEST(RobustSeries, OneTwoThreePoints) {
  for (int n = 1; n <= 3; ++n) {
    std::vector<int> ys;
    std::vector<double> vs;
    for (int i = 0; i < n; ++i) {
      ys.push_back(2020 + i);
      vs.push_back(100.0 + 3 * i);
    }
    for (IndicatorKind k : {IndicatorKind::stock, IndicatorKind::rate, IndicatorKind::share}) {
      SCOPED_TRACE(std::string(to_string(k)) + " n=" + std::to_string(n));
      if (k == IndicatorKind::share) {
        // 100..106 is outside a share's 0..100: refused with an InputError.
        if (n > 1) {
          EXPECT_THROW(project_series(series(ys, vs), spec(k), 2030, fopts(), 1), InputError);
        }
        continue;
      }
      const auto f = project_series(series(ys, vs), spec(k), 2030, fopts(), 1 + n);
      expect_sane(f,
                  spec(k, k == IndicatorKind::stock ? std::optional<double>(0.0) : std::nullopt));
      EXPECT_TRUE(has_diag(f.diagnostics, "few_data_points"));
    }
  }
}

TEST(RobustSeries, ConstantSeries) {
  const auto s = series({2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019},
                        std::vector<double>(10, 42.0));
  for (IndicatorKind k : {IndicatorKind::stock, IndicatorKind::rate, IndicatorKind::share,
                          IndicatorKind::index, IndicatorKind::flow}) {
    SCOPED_TRACE(to_string(k));
    const auto f = project_series(s, spec(k), 2030, fopts(), 11);
    expect_sane(f, spec(k));
    // A constant history projects a median close to the constant.
    EXPECT_NEAR(f.quantile(0, 0.5), 42.0, 0.01 * 42.0);
  }
}

TEST(RobustSeries, ZerosInPositiveKinds) {
  const auto zeros = series({2015, 2016, 2017, 2018, 2019, 2020}, {0, 0, 0, 0, 0, 0});
  const auto some = series({2015, 2016, 2017, 2018, 2019, 2020}, {5, 0, 3, 0, 7, 2});
  for (IndicatorKind k : {IndicatorKind::stock, IndicatorKind::flow, IndicatorKind::index}) {
    SCOPED_TRACE(to_string(k));
    const auto f = project_series(zeros, spec(k), 2030, fopts(), 1);
    expect_sane(f, spec(k, 0.0));
    EXPECT_TRUE(has_diag(f.diagnostics, "nonpositive_values"));
    const auto g = project_series(some, spec(k), 2030, fopts(), 2);
    expect_sane(g, spec(k, 0.0));
  }
}

TEST(RobustSeries, NegativeValueInPositiveKindIsRefused) {
  const auto s = series({2015, 2016, 2017}, {5, -1, 3});
  try {
    project_series(s, spec(IndicatorKind::stock), 2030, fopts(), 1);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("-1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("2016"), std::string::npos) << e.what();
  }
}

TEST(RobustSeries, SharesAtExactlyZeroAndHundred) {
  for (const auto& vals : std::vector<std::vector<double>>{{0, 0, 0, 0, 0, 0},
                                                           {100, 100, 100, 100, 100, 100},
                                                           {0, 20, 50, 80, 100, 100},
                                                           {100},
                                                           {0},
                                                           {0, 100}}) {
    std::vector<int> ys;
    for (std::size_t i = 0; i < vals.size(); ++i) ys.push_back(2015 + static_cast<int>(i));
    const auto f = project_series(series(ys, vals), spec(IndicatorKind::share), 2030, fopts(), 4);
    expect_sane(f, spec(IndicatorKind::share, 0.0, 100.0));
  }
}

TEST(RobustSeries, HugeAndTinyMagnitudes) {
  for (double scale : {1e-300, 1e-150, 1e-10, 1e10, 1e150, 1e300}) {
    SCOPED_TRACE(scale);
    const auto s = series({2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018},
                          {1.0 * scale, 1.2 * scale, 0.9 * scale, 1.5 * scale, 1.1 * scale,
                           1.7 * scale, 1.3 * scale, 1.6 * scale});
    for (IndicatorKind k : {IndicatorKind::stock, IndicatorKind::rate}) {
      SCOPED_TRACE(to_string(k));
      const auto f = project_series(s, spec(k), 2060, fopts(), 9);
      expect_sane(f,
                  spec(k, k == IndicatorKind::stock ? std::optional<double>(0.0) : std::nullopt));
    }
  }
  // Negative huge values in a rate.
  const auto neg = series({2011, 2012, 2013, 2014, 2015, 2016},
                          {-1e300, 1e300, -1.5e300, 1.7e300, -1.7e300, 1.79e300});
  expect_sane(project_series(neg, spec(IndicatorKind::rate), 2060, fopts(), 9),
              spec(IndicatorKind::rate));
}

TEST(RobustSeries, YearsFarInThePastAndFuture) {
  // One observation in 1066 projected to 2030: 964 years of random walk, still finite.
  expect_sane(project_series(series({1066, 1067}, {1500, 1600}), spec(IndicatorKind::stock), 2030,
                             fopts(), 1),
              spec(IndicatorKind::stock, 0.0));
  expect_sane(
      project_series(series({2998, 2999}, {5, 6}), spec(IndicatorKind::rate), 3000, fopts(), 1),
      spec(IndicatorKind::rate));
}

TEST(RobustSeries, TargetYearNotAfterTheDataIsAnInputError) {
  EXPECT_THROW(
      project_series(series({2020, 2021}, {1, 2}), spec(IndicatorKind::rate), 2021, fopts(), 1),
      InputError);
}

TEST(RobustSeries, UnsortedOrDuplicateYearsAreRefusedByProjectSeries) {
  EXPECT_THROW(
      project_series(series({2021, 2020}, {1, 2}), spec(IndicatorKind::rate), 2030, fopts(), 1),
      InputError);
  EXPECT_THROW(
      project_series(series({2020, 2020}, {1, 2}), spec(IndicatorKind::rate), 2030, fopts(), 1),
      InputError);
  EXPECT_THROW(
      project_series(series({2020, 2021}, {1, NAN}), spec(IndicatorKind::rate), 2030, fopts(), 1),
      InputError);
}

TEST(RobustSeries, PathMemoryLimitIsAnInputErrorWithAdvice) {
  ForecastOptions o = fopts(1'000'000);
  try {
    project_series(series({1066, 1067}, {1, 2}), spec(IndicatorKind::rate), 2200, o, 1);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "paths");
    EXPECT_NE(e.hint().find("--paths"), std::string::npos) << e.what();
  }
}

// ---- run_project through project files ------------------------------------------------------

TEST(RobustRun, IndicatorWithoutDataGivesNoDataTargets) {
  const auto r = run_text("nodata", indicator_toml("stock") + level_target("t", ">=", 1, 2030),
                          "indicator;year;value\n");
  EXPECT_EQ(target(*r, "t").status, TargetStatus::no_data);
  EXPECT_NE(target(*r, "t").no_data_reason.find("no observations"), std::string::npos);
}

TEST(RobustRun, OneAndTwoPoints) {
  const auto r1 = run_text("one", indicator_toml("stock") + level_target("t", ">=", 100, 2030),
                           csv_of({{2020, "100"}}));
  EXPECT_EQ(target(*r1, "t").status, TargetStatus::assessed);
  EXPECT_EQ(target(*r1, "t").arrow, Arrow::none);
  const auto r2 = run_text("two", indicator_toml("stock") + level_target("t", ">=", 100, 2030),
                           csv_of({{2019, "90"}, {2020, "100"}}));
  EXPECT_EQ(target(*r2, "t").status, TargetStatus::assessed);
  EXPECT_NE(target(*r2, "t").arrow, Arrow::none);
}

TEST(RobustRun, TargetAlreadyMetAndImpossible) {
  const std::string csv =
      csv_of({{2015, "40"}, {2016, "42"}, {2017, "41"}, {2018, "43"}, {2019, "44"}, {2020, "45"}});
  const auto r = run_text("met",
                          indicator_toml("share") + level_target("met", ">=", 0, 2030) +
                              level_target("impossible", ">=", 101, 2030) +
                              level_target("past_met", ">=", 40, 2017) +
                              level_target("past_missed", ">=", 50, 2017),
                          csv);
  EXPECT_EQ(target(*r, "met").probability, 1.0);
  EXPECT_EQ(target(*r, "impossible").probability, 0.0);
  EXPECT_TRUE(has_diag(target(*r, "impossible").diagnostics, "threshold_outside_bounds"));
  // A target year before the last observation is decided by the observation.
  EXPECT_EQ(target(*r, "past_met").status, TargetStatus::observed);
  EXPECT_EQ(target(*r, "past_met").probability, 1.0);
  EXPECT_EQ(target(*r, "past_missed").probability, 0.0);
}

TEST(RobustRun, TargetYearBeforeFirstObservationIsNoData) {
  const auto r = run_text("early", indicator_toml("rate") + level_target("t", ">=", 1, 1990),
                          csv_of({{2015, "1"}, {2016, "2"}}));
  EXPECT_EQ(target(*r, "t").status, TargetStatus::no_data);
  EXPECT_NE(target(*r, "t").no_data_reason.find("before the first observation"), std::string::npos);
  // The same reason as a code and args, for texts in other languages.
  EXPECT_EQ(target(*r, "t").no_data_code, "no_data.before_first");
  EXPECT_EQ(target(*r, "t").no_data_args, (std::vector<std::string>{"1990", "2015"}));
}

TEST(RobustRun, BaseYearMissingFromTheData) {
  const std::string t =
      "[[target]]\nid = \"before\"\nindicator = \"x\"\nkind = \"change\"\nop = \"<=\"\n"
      "value = -0.5\nbase_year = 1990\nyear = 2030\n"
      "[[target]]\nid = \"gap\"\nindicator = \"x\"\nkind = \"change\"\nop = \"<=\"\n"
      "value = -0.5\nbase_year = 2012\nyear = 2030\n";
  const auto r = run_text(
      "base", indicator_toml("stock") + t,
      csv_of(
          {{2010, "100"}, {2014, "90"}, {2016, "80"}, {2018, "75"}, {2019, "70"}, {2020, "66"}}));
  EXPECT_EQ(target(*r, "before").status, TargetStatus::no_data);
  EXPECT_NE(target(*r, "before").no_data_reason.find("base year 1990"), std::string::npos);
  EXPECT_EQ(target(*r, "gap").status, TargetStatus::assessed);
  EXPECT_TRUE(has_diag(target(*r, "gap").diagnostics, "interpolated"));
}

TEST(RobustRun, ZeroBaseValueOfARelativeTargetIsNoDataNotNaN) {
  const std::string t =
      "[[target]]\nid = \"change\"\nindicator = \"x\"\nkind = \"change\"\nop = \"<=\"\n"
      "value = -0.5\nbase_year = 2015\nyear = 2030\n"
      "[[indicator]]\nid = \"ref\"\nkind = \"stock\"\ndata = \"data.csv\"\n"
      "[[target]]\nid = \"faster\"\nindicator = \"x\"\nkind = \"faster_growth\"\n"
      "reference_indicator = \"ref\"\nbase_year = 2015\nyear = 2030\n"
      "[[target]]\nid = \"faster_ref0\"\nindicator = \"ref\"\nkind = \"faster_growth\"\n"
      "reference_indicator = \"x\"\nbase_year = 2015\nyear = 2030\n";
  const auto r = run_text("zero-base", indicator_toml("stock") + t,
                          "indicator;year;value\nx;2015;0\nx;2016;3\nx;2017;5\nx;2018;4\n"
                          "x;2019;6\nx;2020;7\nref;2015;10\nref;2016;11\nref;2017;12\n"
                          "ref;2018;12\nref;2019;13\nref;2020;14\n");
  for (const char* id : {"change", "faster", "faster_ref0"}) {
    SCOPED_TRACE(id);
    EXPECT_EQ(target(*r, id).status, TargetStatus::no_data);
    EXPECT_NE(target(*r, id).no_data_reason.find("is 0"), std::string::npos)
        << target(*r, id).no_data_reason;
  }
}

TEST(RobustRun, ExtremeYearsAndMagnitudes) {
  run_text("years", indicator_toml("stock") + level_target("t", ">=", 1, 2030),
           csv_of({{1066, "1500"}, {1067, "1600"}}));
  const auto late = run_text("late", indicator_toml("rate") + level_target("t", ">=", 1, 2030),
                             csv_of({{2020, "1"}, {2999, "2"}}));
  EXPECT_EQ(target(*late, "t").status, TargetStatus::observed);
  run_text("huge", indicator_toml("rate") + level_target("t", ">=", 1e300, 2030),
           csv_of({{2015, "1e300"},
                   {2016, "1,5e300"},
                   {2017, "-1e300"},
                   {2018, "1,7e300"},
                   {2019, "1,79e300"},
                   {2020, "-1,7e300"}}));
  run_text("tiny", indicator_toml("stock") + level_target("t", ">=", 1e-300, 2030),
           csv_of({{2015, "1e-300"},
                   {2016, "2e-300"},
                   {2017, "3e-300"},
                   {2018, "1e-300"},
                   {2019, "5e-300"},
                   {2020, "4e-300"}}));
}

TEST(RobustRun, UnsortedYearsAreSortedDuplicateYearsRefused) {
  const auto r = run_text("unsorted", indicator_toml("rate") + level_target("t", ">=", 1, 2030),
                          csv_of({{2020, "3"}, {2018, "1"}, {2019, "2"}}));
  EXPECT_EQ(r->project.data.begin()->second.years, (std::vector<int>{2018, 2019, 2020}));
  try {
    run_text("dup", indicator_toml("rate"), csv_of({{2018, "1"}, {2019, "2"}, {2018, "3"}}));
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 4);
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
}

TEST(RobustRun, RunMemoryLimitNamesPathsAndHowManyFit) {
  const std::string dir = test::temp_dir("robust-mem");
  std::string csv = "indicator;group;year;value\n";
  std::string groups;
  for (int g = 0; g < 50; ++g) {
    groups += (g ? ", " : "") + std::string("\"g") + std::to_string(g) + "\"";
    csv += "x;g" + std::to_string(g) + ";1066;5\n";
  }
  test::write_file(dir + "/data.csv", csv);
  test::write_file(dir + "/project.toml",
                   "[project]\nhorizon_end = 2200\n[[indicator]]\nid = \"x\"\nkind = \"rate\"\n"
                   "groups = [" +
                       groups + "]\ndata = \"data.csv\"\n");
  const Project p = load_project(dir + "/project.toml");
  try {
    run_project(p, RunOverrides{1, 1'000'000, 1});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "paths");
    EXPECT_NE(e.hint().find("--paths"), std::string::npos) << e.what();
  }
}

TEST(RobustRun, TooManySeriesInOneCsvIsAnInputError) {
  std::string csv = "indicator;group;year;value\n";
  csv.reserve(3'000'000);
  for (std::size_t i = 0; i <= kMaxSeriesPerFile; ++i)
    csv += "x;g" + std::to_string(i) + ";2020;1\n";
  try {
    parse_long_csv(csv, "big.csv");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, static_cast<int>(kMaxSeriesPerFile) + 2);
    EXPECT_NE(std::string(e.what()).find("at most 100000 series"), std::string::npos) << e.what();
  }
}
