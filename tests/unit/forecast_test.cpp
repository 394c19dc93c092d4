// Tests of project_series: determinism, bounds, short series, automatic choice, input errors.
#include "utsikt/engine/forecast.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "test_util.hpp"
#include "utsikt/model.hpp"
#include "utsikt/rng.hpp"

namespace utsikt {
namespace {

Series make_series(std::vector<int> years, std::vector<double> values) {
  Series s;
  s.indicator = "test_indicator";
  s.group = "total";
  s.years = std::move(years);
  s.values = std::move(values);
  return s;
}

// The former general prior (class m3) unless a test says otherwise: these tests pin the
// short-series rules and the M3 calibration (the Swedish classes are tested in priors_test).
SeriesSpec spec_of(IndicatorKind k) {
  SeriesSpec sp;
  sp.prior_class = PriorClass::m3;
  sp.kind = k;
  return sp;
}

ForecastOptions opts(int n_paths = 4000, int threads = 1, std::uint64_t seed = 7,
                     std::string method = "auto") {
  ForecastOptions o;
  o.n_paths = n_paths;
  o.threads = threads;
  o.seed = seed;
  o.method = std::move(method);
  return o;
}

bool has_diag(const SeriesForecast& f, const std::string& code) {
  return std::any_of(f.diagnostics.begin(), f.diagnostics.end(),
                     [&](const Diagnostic& d) { return d.code == code; });
}

const Diagnostic* find_diag(const SeriesForecast& f, const std::string& code) {
  for (const auto& d : f.diagnostics)
    if (d.code == code) return &d;
  return nullptr;
}

// Population-like stock series, 12 points, 2010..2021.
Series population() {
  return make_series({2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021},
                     {248609, 248545, 248656, 249436, 249677, 250093, 250497, 250570, 250230,
                      250093, 249693, 249829});
}

// One-year log changes of 2 %, 1 %, 3 % ... : a typical short growing series.
Series growing(int n) {
  const double v[] = {100.0, 102.0, 103.0, 106.1, 107.5, 110.2, 111.0, 113.9};
  Series s = make_series({}, {});
  for (int i = 0; i < n; ++i) {
    s.years.push_back(2015 + i);
    s.values.push_back(v[i]);
  }
  return s;
}

// The field of the InputError check() throws, or "" when it does not throw.
std::string failing_field(const ForecastOptions& o) {
  try {
    o.check();
  } catch (const InputError& e) {
    return e.where().field + ": expected " + e.expected() + ", found " + e.found();
  }
  return "";
}

TEST(ForecastOptions, CheckNamesOptionBoundsAndValue) {
  EXPECT_EQ(failing_field(opts()), "");
  ForecastOptions o = opts();
  o.n_paths = 10;
  EXPECT_EQ(failing_field(o), "paths: expected a whole number from 100 to 1000000, found 10");
  o.n_paths = 1000001;
  EXPECT_EQ(failing_field(o), "paths: expected a whole number from 100 to 1000000, found 1000001");
  o = opts();
  o.threads = 0;  // all cores
  EXPECT_EQ(failing_field(o), "");
  o.threads = -1;
  EXPECT_EQ(failing_field(o),
            "threads: expected a whole number from 0 to 256 (0 = all cores), found -1");
  o = opts();
  o.seed = ~std::uint64_t{0};
  EXPECT_EQ(failing_field(o).substr(0, 6), "seed: ");
  o = opts();
  o.method = "no_such_model";
  EXPECT_NE(failing_field(o).find("no_such_model"), std::string::npos);
  EXPECT_NE(failing_field(o).find("rw_drift"), std::string::npos);
  EXPECT_EQ(failing_field(o).substr(0, 8), "method: ");
  o.method = "linear";
  EXPECT_EQ(failing_field(o), "");
}

// The library's defaults are the run-option table's, as in `utsikt run` and `utsikt forecast`.
TEST(ForecastOptions, DefaultsAreTheRunOptionTable) {
  const ForecastOptions o;
  EXPECT_EQ(o.seed, 20240101u);
  EXPECT_EQ(o.n_paths, 10000);
  EXPECT_EQ(o.threads, 0);
}

// threads = 0 (all cores) gives the same paths as one thread.
TEST(ProjectSeries, AllCoresGivesTheSamePathsAsOneThread) {
  const Series s = population();
  const auto a = project_series(s, spec_of(IndicatorKind::stock), 2030, opts(1000, 1), 5);
  const auto b = project_series(s, spec_of(IndicatorKind::stock), 2030, opts(1000, 0), 5);
  EXPECT_EQ(a.paths, b.paths);
}

TEST(SeriesForecast, QuantileIsType7) {
  SeriesForecast f;
  f.years = {2030};
  f.n_paths = 5;
  f.paths = {5, 1, 4, 2, 3};
  EXPECT_DOUBLE_EQ(f.quantile(0, 0.5), 3.0);
  EXPECT_DOUBLE_EQ(f.quantile(0, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(f.quantile(0, 1.0), 5.0);
  EXPECT_DOUBLE_EQ(f.quantile(0, 0.1), 1.4);  // R: quantile(1:5, 0.1) = 1.4
  EXPECT_DOUBLE_EQ(f.quantile(0, 0.75), 4.0);
}

TEST(ProjectSeries, SameSeedSamePathsDifferentSeedDifferent) {
  const auto a = project_series(population(), spec_of(IndicatorKind::stock), 2030, opts(), 11);
  const auto b = project_series(population(), spec_of(IndicatorKind::stock), 2030, opts(), 11);
  EXPECT_EQ(a.paths, b.paths);
  EXPECT_EQ(a.point, b.point);
  const auto c =
      project_series(population(), spec_of(IndicatorKind::stock), 2030, opts(4000, 1, 8), 11);
  EXPECT_NE(a.paths, c.paths);
  const auto d = project_series(population(), spec_of(IndicatorKind::stock), 2030, opts(), 12);
  EXPECT_NE(a.paths, d.paths);
}

TEST(ProjectSeries, ThreadCountDoesNotChangeResults) {
  for (const Series& s : {population(), growing(3)}) {
    const auto one = project_series(s, spec_of(IndicatorKind::stock), 2030, opts(3001, 1), 5);
    const auto two = project_series(s, spec_of(IndicatorKind::stock), 2030, opts(3001, 2), 5);
    const auto three = project_series(s, spec_of(IndicatorKind::stock), 2030, opts(3001, 3), 5);
    ASSERT_EQ(one.paths.size(), two.paths.size());
    // Bitwise identical, not merely close.
    EXPECT_TRUE(std::equal(one.paths.begin(), one.paths.end(), two.paths.begin(),
                           [](double x, double y) { return std::memcmp(&x, &y, sizeof x) == 0; }));
    EXPECT_EQ(one.paths, three.paths);
    EXPECT_EQ(one.point, two.point);
  }
}

// For a single model, the simulated median must agree with the point forecast up to Monte-Carlo
// error: sd(median) ~ 1.2533 * sd / sqrt(N); we allow 4 of those (sd estimated by IQR / 1.349).
TEST(ProjectSeries, SimulatedMedianMatchesPointForecast) {
  struct Case {
    std::string method;
    Series s;
  };
  // Single models on 12 points, and the 1- and 2-point rules (prior only, heavy tails).
  for (const Case& c :
       {Case{"rw_drift", population()}, Case{"linear", population()}, Case{"rw", population()},
        Case{"auto", growing(2)}, Case{"auto", growing(1)}}) {
    const std::string& method = c.method;
    const int N = 20000;
    const auto f =
        project_series(c.s, spec_of(IndicatorKind::stock), 2030, opts(N, 2, 3, method), 1);
    ASSERT_EQ(f.weights.size(), 1u);
    for (std::size_t h = 0; h < f.years.size(); ++h) {
      const double med = f.quantile(static_cast<int>(h), 0.5);
      const double sd =
          (f.quantile(static_cast<int>(h), 0.75) - f.quantile(static_cast<int>(h), 0.25)) / 1.349;
      EXPECT_NEAR(med, f.point[h], 4.0 * 1.2533 * sd / std::sqrt(N))
          << method << " year " << f.years[h];
    }
  }
}

TEST(ProjectSeries, SharePathsStayStrictlyInsideBoundsForExtremeData) {
  const std::vector<std::vector<double>> cases = {
      {99.9, 99.95, 99.99},  {99.0, 99.5, 99.9, 99.95, 99.99, 99.995},
      {0.1, 0.05, 0.01},     {50.0, 99.99},
      {100.0, 100.0, 99.99}, {0.0}};
  for (const auto& v : cases) {
    std::vector<int> yrs;
    for (std::size_t i = 0; i < v.size(); ++i) yrs.push_back(2016 + static_cast<int>(i));
    const auto f =
        project_series(make_series(yrs, v), spec_of(IndicatorKind::share), 2045, opts(4000), 3);
    EXPECT_EQ(f.scale, "logit");
    for (double x : f.paths) {
      ASSERT_TRUE(std::isfinite(x));
      ASSERT_GT(x, 0.0);
      ASSERT_LT(x, 100.0);
    }
    for (double x : f.point) {
      EXPECT_GT(x, 0.0);
      EXPECT_LT(x, 100.0);
    }
  }
}

TEST(ProjectSeries, ValuesAtShareBoundAreNudgedWithDiagnostic) {
  const auto f = project_series(make_series({2019, 2020, 2021}, {98.0, 100.0, 100.0}),
                                spec_of(IndicatorKind::share), 2025, opts(), 1);
  EXPECT_TRUE(has_diag(f, "value_at_bound"));
}

// Sanity bound for short series: on the log scale the central 90 % interval at horizon h must be
// at least as wide as that of a Gaussian random walk whose sd is the prior scale s0 = 0.0518
// (docs/methods.md, "The prior"): log(q95 / q05) >= 2 * 1.645 * 0.0518 * sqrt(h).
TEST(ProjectSeries, ShortSeriesAreFiniteFlaggedAndHonestlyWide) {
  for (int n = 1; n <= 4; ++n) {
    const Series s = growing(n);
    const auto f = project_series(s, spec_of(IndicatorKind::stock), 2030, opts(4000), 9);
    const Diagnostic* d = find_diag(f, "few_data_points");
    ASSERT_NE(d, nullptr) << n;
    EXPECT_NE(d->message.find(std::to_string(n)), std::string::npos) << d->message;
    for (double x : f.paths) ASSERT_TRUE(std::isfinite(x) && x > 0.0);
    for (std::size_t h = 0; h < f.years.size(); ++h) {
      const double horizon = f.years[h] - s.years.back();
      const double width =
          std::log(f.quantile(static_cast<int>(h), 0.95) / f.quantile(static_cast<int>(h), 0.05));
      EXPECT_GE(width, 2 * 1.645 * 0.0518 * std::sqrt(horizon)) << n << " points, h=" << horizon;
    }
  }
  EXPECT_EQ(project_series(growing(1), spec_of(IndicatorKind::stock), 2030, opts(), 1).model,
            "rw(log)");
  EXPECT_EQ(project_series(growing(2), spec_of(IndicatorKind::stock), 2030, opts(), 1).model,
            "rw_drift(log)");
  const auto f3 = project_series(growing(3), spec_of(IndicatorKind::stock), 2030, opts(), 1);
  ASSERT_EQ(f3.weights.size(), 2u);
  EXPECT_DOUBLE_EQ(f3.weights[0].weight, 0.5);
  EXPECT_FALSE(has_diag(project_series(growing(5), spec_of(IndicatorKind::stock), 2030, opts(), 1),
                        "few_data_points"));
}

TEST(ProjectSeries, LongerSeriesGivesNarrowerIntervalThanItsTwoPointTruncation) {
  const Series full = population();
  const Series two = make_series({2020, 2021}, {249693, 249829});
  const auto a = project_series(full, spec_of(IndicatorKind::stock), 2030, opts(), 1);
  const auto b = project_series(two, spec_of(IndicatorKind::stock), 2030, opts(), 1);
  const int h = static_cast<int>(a.years.size()) - 1;
  const double wa = a.quantile(h, 0.95) - a.quantile(h, 0.05);
  const double wb = b.quantile(h, 0.95) - b.quantile(h, 0.05);
  EXPECT_LT(wa, wb);
}

TEST(ProjectSeries, IrregularYearsWork) {
  const Series s = make_series({2005, 2016, 2021}, {31.0, 36.5, 38.2});
  const auto f = project_series(s, spec_of(IndicatorKind::share), 2030, opts(), 4);
  ASSERT_EQ(f.years.front(), 2022);
  ASSERT_EQ(f.years.back(), 2030);
  for (double x : f.paths) ASSERT_TRUE(std::isfinite(x) && x > 0 && x < 100);
  // The drift per year is about (logit(38.2) - logit(31)) / 16, not per observation gap.
  const auto g =
      project_series(s, spec_of(IndicatorKind::share), 2030, opts(4000, 1, 4, "rw_drift"), 4);
  EXPECT_GT(g.point.back(), 38.2);
  EXPECT_LT(g.point.back(), 38.2 + 9 * (38.2 - 31.0) / 16.0 * 1.5);
}

// From 5 points `auto` is the calibrated equal-weight combination (docs/methods.md, "Models and
// automatic choice"): members by kind, equal weights, point forecast = median of the paths,
// reason naming members and the M3 spread factors.
TEST(ProjectSeries, AutoIsTheCalibratedCombinationAndExplains) {
  struct Case {
    Series s;
    IndicatorKind kind;
    std::vector<std::string> members;
  };
  const Series share6 =
      make_series({2016, 2017, 2018, 2019, 2020, 2021}, {61.2, 62.0, 62.9, 64.1, 64.0, 65.3});
  const Series zeros = make_series({2015, 2016, 2017, 2018, 2019, 2020}, {3, 0, 2, 1, 0, 1});
  for (const Case& c :
       {Case{population(),
             IndicatorKind::stock,
             {"theta(log)", "theta(identity)", "arima(identity)", "rw_drift(identity)"}},
        Case{growing(5),
             IndicatorKind::rate,
             {"theta(log)", "theta(identity)", "arima(identity)", "rw_drift(identity)"}},
        Case{share6, IndicatorKind::share, {"theta(logit)", "arima(logit)", "rw_drift(logit)"}},
        Case{zeros,
             IndicatorKind::flow,
             {"theta(identity)", "arima(identity)", "rw_drift(identity)"}}}) {
    const auto f = project_series(c.s, spec_of(c.kind), 2045, opts(), 1);
    ASSERT_EQ(f.weights.size(), c.members.size()) << f.reason;
    for (std::size_t i = 0; i < c.members.size(); ++i) {
      EXPECT_EQ(f.weights[i].model, c.members[i]);
      EXPECT_DOUBLE_EQ(f.weights[i].weight, 1.0 / static_cast<double>(c.members.size()));
      EXPECT_FALSE(f.weights[i].parameters.empty());
    }
    EXPECT_EQ(f.model, "combination");
    EXPECT_EQ(f.reason.rfind("calibrated combination of ", 0), 0u) << f.reason;
    EXPECT_NE(f.reason.find("spread factors from M3"), std::string::npos) << f.reason;
    EXPECT_NE(f.reason.find(std::to_string(c.s.size()) + " points"), std::string::npos) << f.reason;
    // point = median of the (calibrated) mixture paths
    for (std::size_t h = 0; h < f.years.size(); ++h)
      EXPECT_DOUBLE_EQ(f.point[h], f.quantile(static_cast<int>(h), 0.5));
    for (double x : f.paths) {
      ASSERT_TRUE(std::isfinite(x));
      if (c.kind != IndicatorKind::rate) {
        ASSERT_GE(x, 0.0);
      }
      if (c.kind == IndicatorKind::share) {
        ASSERT_TRUE(x > 0.0 && x < 100.0);
      }
    }
    // Beyond the 6 calibrated horizons the factor is held (>= 1), so the spread keeps growing
    // overall: the 80 % interval 24 years ahead is wider than 6 years ahead. (Year to year it
    // may narrow a little where the members' medians cross.)
    const int last = static_cast<int>(f.years.size()) - 1;
    EXPECT_GT(f.quantile(last, 0.9) - f.quantile(last, 0.1),
              f.quantile(5, 0.9) - f.quantile(5, 0.1))
        << f.reason;
  }
  EXPECT_EQ(project_series(population(), spec_of(IndicatorKind::stock), 2030, opts(), 1).scale,
            "mixed");
}

TEST(ProjectSeries, ZerosInAPositiveKindUseIdentityAndClampAtZero) {
  const Series s = make_series({2015, 2016, 2017, 2018, 2019, 2020}, {3, 0, 2, 1, 0, 1});
  const auto f = project_series(s, spec_of(IndicatorKind::flow), 2030, opts(), 2);
  EXPECT_TRUE(has_diag(f, "nonpositive_values"));
  EXPECT_TRUE(has_diag(f, "paths_clamped"));
  for (const auto& w : f.weights) EXPECT_NE(w.model.find("(identity)"), std::string::npos);
  for (double x : f.paths) ASSERT_GE(x, 0.0);
}

TEST(ProjectSeries, InputErrors) {
  EXPECT_THROW(project_series(make_series({}, {}), spec_of(IndicatorKind::rate), 2030, opts(), 1),
               InputError);
  EXPECT_THROW(project_series(growing(3), spec_of(IndicatorKind::rate), 2017, opts(), 1),
               InputError);
  try {
    project_series(make_series({2019, 2020}, {40.0, 101.5}), spec_of(IndicatorKind::share), 2030,
                   opts(), 1);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "value");
    const std::string m = e.what();
    EXPECT_NE(m.find("test_indicator"), std::string::npos) << m;
    EXPECT_NE(m.find("2020"), std::string::npos) << m;
    EXPECT_NE(m.find("101.5"), std::string::npos) << m;
  }
  SeriesSpec declared = spec_of(IndicatorKind::stock);
  declared.bounds.lower = 0.0;
  EXPECT_THROW(project_series(make_series({2019, 2020}, {5.0, -1.0}), declared, 2030, opts(), 1),
               InputError);
  SeriesSpec rate_bounds = spec_of(IndicatorKind::rate);
  rate_bounds.bounds.upper = 10.0;
  EXPECT_THROW(project_series(make_series({2019, 2020}, {5.0, 11.0}), rate_bounds, 2030, opts(), 1),
               InputError);
  EXPECT_THROW(project_series(growing(3), spec_of(IndicatorKind::rate), 2030, opts(10), 1),
               InputError);
}

TEST(ProjectSeries, RequestedModelWithTooFewPointsFallsBackWithDiagnostic) {
  const auto f = project_series(growing(2), spec_of(IndicatorKind::stock), 2030,
                                opts(1000, 1, 1, "linear"), 1);
  EXPECT_TRUE(has_diag(f, "model_not_applicable"));
  EXPECT_EQ(f.model, "rw_drift(log)");
}

// Negative values in a non-negative kind without a declared lower bound below 0 are refused
// (robust_series_test checks the message); zeros are accepted with a diagnostic, identity scale
// only, and the paths are kept at or above 0.
TEST(ProjectSeries, ZerosInAPositiveKindUseIdentityScale) {
  const Series s = make_series({2016, 2017, 2018, 2019, 2020, 2021}, {4, 0, 2, 0, 3, 1});
  const auto f = project_series(s, spec_of(IndicatorKind::flow), 2028, opts(), 2);
  const Diagnostic* d = find_diag(f, "nonpositive_values");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("2 value(s)"), std::string::npos) << d->message;
  EXPECT_EQ(f.scale, "identity");
  for (double x : f.paths) ASSERT_GE(x, 0.0);
  EXPECT_THROW(project_series(make_series({2016, 2017, 2018}, {4, -1, 2}),
                              spec_of(IndicatorKind::flow), 2028, opts(), 2),
               InputError);
}

// A requested model whose fit fails numerically (ETS on values near 1e200: the sums of squares
// overflow) is replaced by the automatic rule with a diagnostic, never an exception.
TEST(ProjectSeries, RequestedModelThatCannotBeFittedFallsBack) {
  std::vector<int> yrs;
  std::vector<double> v;
  for (int i = 0; i < 10; ++i) {
    yrs.push_back(2010 + i);
    v.push_back(1e200 * (1 + 0.1 * i + 0.05 * (i % 3)));
  }
  const auto f = project_series(make_series(yrs, v), spec_of(IndicatorKind::rate), 2025,
                                opts(1000, 1, 1, "ets_damped"), 1);
  int fallback = 0;
  for (const auto& d : f.diagnostics)
    fallback +=
        d.code == "model_not_applicable" && d.message.find("automatic rule") != std::string::npos;
  EXPECT_EQ(fallback, 1);
  for (double x : f.paths) ASSERT_TRUE(std::isfinite(x));
}

TEST(ProjectSeries, RateWithNegativeValuesUsesIdentity) {
  const Series s = make_series({2014, 2015, 2016, 2017, 2018, 2019, 2020},
                               {-1.2, 0.4, 0.8, -0.3, 0.5, 1.1, 0.9});
  const auto f = project_series(s, spec_of(IndicatorKind::rate), 2026, opts(), 1);
  EXPECT_EQ(f.scale, "identity");
  for (double x : f.paths) ASSERT_TRUE(std::isfinite(x));
}

// A longer series with missing years uses ETS among the candidates (from 8 points) and
// treats the gaps as missing observations; the result is finite and deterministic.
TEST(ProjectSeries, LongSeriesWithGapsIncludesEtsAndWorks) {
  const Series s =
      make_series({2005, 2006, 2007, 2009, 2010, 2012, 2013, 2014, 2016, 2017, 2019, 2021},
                  {61.2, 62.0, 62.9, 64.1, 64.0, 65.3, 66.2, 66.0, 67.4, 68.1, 68.9, 69.4});
  const auto f =
      project_series(s, spec_of(IndicatorKind::share), 2030, opts(2000, 2, 3, "ets_damped"), 8);
  EXPECT_EQ(f.model, "ets_damped(logit)");
  for (double x : f.paths) ASSERT_TRUE(std::isfinite(x) && x > 0 && x < 100);
  EXPECT_GT(f.point.back(), 65.0);
  EXPECT_LT(f.point.back(), 85.0);
  const auto a = project_series(s, spec_of(IndicatorKind::share), 2030, opts(2000, 1), 8);
  const auto b = project_series(s, spec_of(IndicatorKind::share), 2030, opts(2000, 2), 8);
  EXPECT_EQ(a.paths, b.paths);
  EXPECT_NE(a.reason.find("12 points"), std::string::npos) << a.reason;
}

// M3 yearly series (train and test parts) from ../shared, keyed by series name; empty when the
// shared data is absent.
struct M3Series {
  std::vector<int> ty, fy;
  std::vector<double> tv, fv;
};
std::map<std::string, M3Series> load_m3() {
  std::map<std::string, M3Series> data;
  const std::string shared = test::shared_dir();
  if (shared.empty()) return data;
  std::ifstream in(shared + "/data/m3-yearly/m3_yearly_long.csv");
  if (!in) return data;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    line.erase(std::remove(line.begin(), line.end(), '"'), line.end());
    std::stringstream ss(line);
    std::string f[7];
    for (auto& x : f) std::getline(ss, x, ',');
    M3Series& d = data[f[0]];
    if (f[3] == "train") {
      d.ty.push_back(std::stoi(f[5]));
      d.tv.push_back(std::stod(f[6]));
    } else {
      d.fy.push_back(std::stoi(f[5]));
      d.fv.push_back(std::stod(f[6]));
    }
  }
  return data;
}

// Calibration guard for the prior (docs/methods.md, "Calibration on M3 yearly"): the last 2 and
// 3 train points of each M3 yearly series are projected over the 6 held-out years; the central
// 80 % interval must cover between 70 % and 92 % and the 95 % interval at least 88 % of the
// held-out values at every horizon (measured with these settings: 0.76-0.86 and 0.92-0.97).
TEST(Calibration, ShortM3SeriesCoverHeldOutValues) {
  const auto data = load_m3();
  if (data.empty()) GTEST_SKIP() << "M3 yearly data (../shared/data/m3-yearly) not present";
  ASSERT_EQ(data.size(), 645u);
  for (int keep : {2, 3}) {
    double in80[6] = {}, in95[6] = {}, count[6] = {};
    for (const auto& [name, d] : data) {
      const Series s = make_series(std::vector<int>(d.ty.end() - keep, d.ty.end()),
                                   std::vector<double>(d.tv.end() - keep, d.tv.end()));
      const auto f = project_series(s, spec_of(IndicatorKind::stock), d.fy.back(), opts(500, 1, 1),
                                    stable_hash(name));
      for (int h = 0; h < 6; ++h) {
        const double v = d.fv[h];
        in80[h] += v >= f.quantile(h, 0.1) && v <= f.quantile(h, 0.9);
        in95[h] += v >= f.quantile(h, 0.025) && v <= f.quantile(h, 0.975);
        count[h] += 1;
      }
    }
    for (int h = 0; h < 6; ++h) {
      EXPECT_GE(in80[h] / count[h], 0.70) << keep << " points, h=" << h + 1;
      EXPECT_LE(in80[h] / count[h], 0.92) << keep << " points, h=" << h + 1;
      EXPECT_GE(in95[h] / count[h], 0.88) << keep << " points, h=" << h + 1;
    }
  }
}

// Calibration guard for the calibrated combination of `auto` (docs/methods.md, "Calibration on
// M3 yearly"): every second M3 yearly series (323), full train part, projected over the 6
// held-out years with 400 paths. Pooled coverage of the central 80 % / 95 % intervals, the
// 80 % coverage at 1 and 6 years ahead, and the sMAPE of the point forecast must stay near the
// values measured with these settings (0.857, 0.967, 0.833, 0.879, sMAPE 15.79); the bounds are
// 2-3 binomial standard errors wide. The prior factors are fitted on every calendar window of
// M3 (docs/benchmarks.md, "Calendar windows"), so on these published test years, where the
// former factors (0.78 ... 1.06, fitted on them) covered 0.81 / 0.948, the intervals are wider
// than nominal; on the earlier windows they are closer to it. The former AICc rule (all
// series: 72.5 % / 88.7 %, sMAPE 17.1) fails this test, and so would the former factors.
TEST(Calibration, M3CombinationCoversHeldOutValues) {
  const auto data = load_m3();
  if (data.empty()) GTEST_SKIP() << "M3 yearly data (../shared/data/m3-yearly) not present";
  ASSERT_EQ(data.size(), 645u);
  double in80[6] = {}, in95[6] = {}, count = 0, smape = 0;
  int i = 0;
  for (const auto& [name, d] : data) {
    if (i++ % 2 != 0) continue;
    const auto f = project_series(make_series(d.ty, d.tv), spec_of(IndicatorKind::stock),
                                  d.fy.back(), opts(400, 1, 1), stable_hash(name));
    ASSERT_EQ(f.reason.rfind("calibrated combination", 0), 0u) << f.reason;
    for (int h = 0; h < 6; ++h) {
      const double v = d.fv[h];
      in80[h] += v >= f.quantile(h, 0.1) && v <= f.quantile(h, 0.9);
      in95[h] += v >= f.quantile(h, 0.025) && v <= f.quantile(h, 0.975);
      smape += 200.0 * std::abs(v - f.point[h]) / (std::abs(v) + std::abs(f.point[h]));
    }
    count += 1;
  }
  double all80 = 0, all95 = 0;
  for (int h = 0; h < 6; ++h) {
    all80 += in80[h] / (6 * count);
    all95 += in95[h] / (6 * count);
  }
  RecordProperty("cover80", std::to_string(all80));
  RecordProperty("cover95", std::to_string(all95));
  RecordProperty("smape", std::to_string(smape / (6 * count)));
  RecordProperty("cover80_h1", std::to_string(in80[0] / count));
  RecordProperty("cover80_h6", std::to_string(in80[5] / count));
  EXPECT_NEAR(all80, 0.857, 0.03);
  EXPECT_NEAR(all95, 0.967, 0.02);
  EXPECT_NEAR(in80[0] / count, 0.833, 0.05);
  EXPECT_NEAR(in80[5] / count, 0.879, 0.06);
  EXPECT_LE(smape / (6 * count), 16.5);
}

// A constant series (exact fit for every model) gives finite, sensible results: the noise
// variance estimate is floored, the prior keeps the intervals open.
TEST(ProjectSeries, ConstantSeriesIsHandled) {
  for (int n : {3, 10}) {
    std::vector<int> yrs;
    for (int i = 0; i < n; ++i) yrs.push_back(2010 + i);
    const Series s = make_series(yrs, std::vector<double>(n, 42.0));
    for (IndicatorKind k : {IndicatorKind::share, IndicatorKind::stock, IndicatorKind::rate}) {
      const auto f = project_series(s, spec_of(k), 2030, opts(2000), 1);
      for (double x : f.paths) ASSERT_TRUE(std::isfinite(x)) << f.model;
      const int h = static_cast<int>(f.years.size()) - 1;
      const double width = f.quantile(h, 0.95) - f.quantile(h, 0.05);
      EXPECT_GT(width, 0.0) << f.model;
      // Single model: exactly flat; mixture: median of paths, within Monte-Carlo error.
      for (double x : f.point)
        EXPECT_NEAR(x, 42.0, f.weights.size() == 1 ? 1e-9 : 0.05 * width) << f.model;
      for (const auto& d : f.diagnostics) EXPECT_NE(d.code, "fit_not_converged") << d.message;
    }
  }
}

}  // namespace
}  // namespace utsikt
