// Period aggregates (issue 11): a value over a span of years ("6 523 homes 2017-2022", sum or
// mean), read from the long CSV and from inline observations, turned into yearly values that
// add up to it exactly (on every simulated path of a run), marked as derived, and counted as
// one data point by the short-series rule. docs/methods.md, "Period totals".
#include "utsikt/period_aggregate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "test_util.hpp"
#include "utsikt/csv.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/engine/structure.hpp"
#include "utsikt/error.hpp"
#include "utsikt/number.hpp"
#include "utsikt/outputs/report.hpp"
#include "utsikt/outputs/results.hpp"

using namespace utsikt;

namespace {

template <class F>
InputError expect_input_error(F&& f, const std::string& what) {
  try {
    f();
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError for " << what;
  return InputError({}, "", "");
}

bool has_code(const std::vector<Diagnostic>& d, const std::string& code) {
  for (const auto& x : d)
    if (x.code == code) return true;
  return false;
}

const Series& only(const std::vector<Series>& v) {
  EXPECT_EQ(v.size(), 1u);
  return v.front();
}

double span_sum(const Series& s, int first, int last) {
  double sum = 0.0;
  for (int y = first; y <= last; ++y) sum += *s.at_year(y);
  return sum;
}

// The document's housing numbers: 2016 and 2019 printed, 6 523 over 2017-2022.
Series housing() {
  const auto v = parse_long_csv(
      "indicator,group,year,value,source,aggregate\n"
      "homes,total,2016,1144,table,\n"
      "homes,total,2019,1 466,text\n"
      "homes,total,2017\xE2\x80\x93"
      "2022,6 523,text: 6 523 in 2017-2022,sum\n",
      "homes.csv");
  return only(v);
}

}  // namespace

// --- Parsing ----------------------------------------------------------------------------------

TEST(PeriodAggregate, YearSpansWithHyphenOrEnDash) {
  const auto one = parse_year_span("2017");
  ASSERT_TRUE(one);
  EXPECT_FALSE(one->is_span());
  EXPECT_EQ(one->first, 2017);
  for (const char* text : {"2017-2022",
                           "2017\xE2\x80\x93"
                           "2022",
                           " 2017 - 2022 ", "2017 \xE2\x80\x93 2022"}) {
    const auto s = parse_year_span(text);
    ASSERT_TRUE(s) << text;
    EXPECT_TRUE(s->is_span());
    EXPECT_EQ(s->first, 2017);
    EXPECT_EQ(s->last, 2022);
  }
  for (const char* bad :
       {"2022-2017", "2017-2017", "2017-", "-2017", "17-22", "2017-2022-2023", "2017/2018",
        "2017\xE2\x80\x94"
        "2022",
        "999-2000", "", "x"})
    EXPECT_FALSE(parse_year_span(bad)) << bad;
  EXPECT_EQ(parse_aggregate_kind(" SUM "), PeriodAggregate::Kind::sum);
  EXPECT_EQ(parse_aggregate_kind("Mean"), PeriodAggregate::Kind::mean);
  EXPECT_FALSE(parse_aggregate_kind("avg"));
  EXPECT_FALSE(parse_aggregate_kind(""));
}

TEST(PeriodAggregate, CsvSpanRowsAreKeptApartFromTheYears) {
  const Series s = housing();
  EXPECT_EQ(s.years, (std::vector<int>{2016, 2019}));
  ASSERT_EQ(s.aggregates.size(), 1u);
  const PeriodAggregate& a = s.aggregates[0];
  EXPECT_EQ(a.first_year, 2017);
  EXPECT_EQ(a.last_year, 2022);
  EXPECT_EQ(a.kind, PeriodAggregate::Kind::sum);
  EXPECT_DOUBLE_EQ(a.value, 6523);
  EXPECT_DOUBLE_EQ(a.total(), 6523);
  EXPECT_EQ(a.source, "text: 6 523 in 2017-2022");
  EXPECT_EQ(a.where.file, "homes.csv");
  EXPECT_EQ(a.where.line, 4);
  EXPECT_EQ(a.where.field, "value");
  // A mean, with a hyphen and ';' as separator; a series given only by a span.
  const Series m =
      only(parse_long_csv("indicator;year;value;aggregate\nx;2010-2013;1 087,5;mean\n", "m.csv"));
  EXPECT_TRUE(m.years.empty());
  ASSERT_EQ(m.aggregates.size(), 1u);
  EXPECT_EQ(m.aggregates[0].kind, PeriodAggregate::Kind::mean);
  EXPECT_DOUBLE_EQ(m.aggregates[0].total(), 4 * 1087.5);
  // A missing value on a span row is skipped like any missing value.
  EXPECT_TRUE(only(parse_long_csv("indicator,year,value,aggregate\nx,2000,1,\nx,2001-2002,..,sum\n",
                                  "x.csv"))
                  .aggregates.empty());
}

TEST(PeriodAggregate, OldFilesReadExactlyAsBefore) {
  // Without the column, and with the column left empty, the same series; nothing derived.
  const std::string rows = "a,total,2000,1,s1\na,total,2003,\"4,5\",s2\nb,women,2001,7,s3\n";
  const auto old_style = parse_long_csv("indicator,group,year,value,source\n" + rows, "x.csv");
  std::string with_col = "indicator,group,year,value,source,aggregate\n";
  for (std::size_t at = 0, nl; (nl = rows.find('\n', at)) != std::string::npos; at = nl + 1)
    with_col += rows.substr(at, nl - at) + ",\n";
  const auto new_style = parse_long_csv(with_col, "x.csv");
  ASSERT_EQ(old_style.size(), new_style.size());
  for (std::size_t i = 0; i < old_style.size(); ++i) {
    EXPECT_EQ(old_style[i].years, new_style[i].years);
    EXPECT_EQ(old_style[i].values, new_style[i].values);
    EXPECT_EQ(old_style[i].sources, new_style[i].sources);
    EXPECT_TRUE(old_style[i].aggregates.empty());
    EXPECT_TRUE(old_style[i].derived_from.empty());
    Series s = old_style[i];
    apply_period_aggregates(s, IndicatorKind::flow, {});
    EXPECT_EQ(s.years, old_style[i].years);
    EXPECT_TRUE(s.derived_from.empty());
    EXPECT_EQ(s.effective_points(), static_cast<int>(s.size()));
    EXPECT_TRUE(period_aggregate_diagnostics(s).empty());
  }
}

TEST(PeriodAggregate, CsvErrorsNameFileLineAndField) {
  auto err = [](const std::string& text) {
    return expect_input_error([&] { parse_long_csv(text, "d.csv"); }, text);
  };
  // A span without the aggregate column.
  auto e = err("indicator,year,value\nx,2000,1\nx,2001-2003,9\n");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().column, 2);
  EXPECT_EQ(e.where().field, "year");
  EXPECT_NE(std::string(e.what()).find("'aggregate'"), std::string::npos) << e.what();
  // A span with an empty or unknown aggregate.
  e =
      err("indicator,year,value,aggregate\nx,2001\xE2\x80\x93"
          "2003,9,\n");
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.where().column, 4);
  EXPECT_EQ(e.where().field, "aggregate");
  EXPECT_NE(std::string(e.what()).find("sum or mean"), std::string::npos) << e.what();
  e = err("indicator,year,value,aggregate\nx,2001-2003,9,avg\n");
  EXPECT_EQ(e.where().field, "aggregate");
  EXPECT_NE(std::string(e.what()).find("'avg'"), std::string::npos) << e.what();
  // An aggregate on a single year's row.
  e = err("indicator,year,value,aggregate\nx,2001,9,sum\n");
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.where().field, "aggregate");
  // A span that runs backwards is not a year.
  e = err("indicator,year,value,aggregate\nx,2003-2001,9,sum\n");
  EXPECT_EQ(e.where().field, "year");
  EXPECT_EQ(e.where().column, 2);
}

// --- The rule ---------------------------------------------------------------------------------

TEST(PeriodAggregate, HousingSpanKeepsTheObservedYearAndAddsUpExactly) {
  Series s = housing();
  apply_period_aggregates(s, IndicatorKind::flow, {});
  EXPECT_EQ(s.years, (std::vector<int>{2016, 2017, 2018, 2019, 2020, 2021, 2022}));
  EXPECT_EQ(s.derived_from, (std::vector<int>{-1, 0, 0, -1, 0, 0, 0}));
  EXPECT_DOUBLE_EQ(*s.at_year(2016), 1144);
  EXPECT_DOUBLE_EQ(*s.at_year(2019), 1466);
  EXPECT_FALSE(s.derived_year(2019));
  EXPECT_TRUE(s.derived_year(2017));
  EXPECT_NEAR(span_sum(s, 2017, 2022), 6523, 1e-9);
  // Start values: 2017, 2018 interpolated between 1144 and 1466; 2020-2022 flat at 1466 (no
  // later observation); scaled by (6523 - 1466) / (1251.33 + 1358.67 + 3 x 1466).
  const double f = 5057.0 / (1144 + 322.0 / 3 + 1144 + 644.0 / 3 + 3 * 1466.0);
  EXPECT_NEAR(*s.at_year(2017), (1144 + 322.0 / 3) * f, 1e-9);
  EXPECT_NEAR(*s.at_year(2018), (1144 + 644.0 / 3) * f, 1e-9);
  EXPECT_NEAR(*s.at_year(2022), 1466 * f, 1e-9);
  // Six years, but three data points: 2016, 2019 and the period.
  EXPECT_EQ(s.effective_points(), 3);
  EXPECT_EQ(s.sources[1], "text: 6 523 in 2017-2022");
  const auto d = period_aggregate_diagnostics(s);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, "derived_from_period_total");
  EXPECT_NE(d[0].message.find("2017, 2018, 2020-2022"), std::string::npos) << d[0].message;
  EXPECT_NE(d[0].message.find("6523 for 2017-2022"), std::string::npos) << d[0].message;
  EXPECT_NE(d[0].message.find("2019 observed individually"), std::string::npos) << d[0].message;
  // Applying twice would derive from derived values: refused as a bug.
  EXPECT_THROW(apply_period_aggregates(s, IndicatorKind::flow, {}), InternalError);
}

TEST(PeriodAggregate, MeanInterpolatesBetweenNeighboursAndScales) {
  Series s;
  s.indicator = "x";
  s.group = "total";
  s.years = {2000, 2005};
  s.values = {80, 120};
  PeriodAggregate a;
  a.first_year = 2001;
  a.last_year = 2004;
  a.kind = PeriodAggregate::Kind::mean;
  a.value = 100;  // total 400 = the interpolated 88 + 96 + 104 + 112: nothing to scale
  s.aggregates = {a};
  apply_period_aggregates(s, IndicatorKind::stock, {});
  EXPECT_EQ(s.values.size(), 6u);
  for (int y = 2001; y <= 2004; ++y) EXPECT_NEAR(*s.at_year(y), 80 + 8 * (y - 2000), 1e-9) << y;
  // A mean of 110 instead: the same shape scaled by 440 / 400.
  s.years = {2000, 2005};
  s.values = {80, 120};
  s.derived_from.clear();
  s.aggregates[0].value = 110;
  apply_period_aggregates(s, IndicatorKind::stock, {});
  for (int y = 2001; y <= 2004; ++y)
    EXPECT_NEAR(*s.at_year(y), (80 + 8 * (y - 2000)) * 1.1, 1e-9) << y;
  EXPECT_NEAR(span_sum(s, 2001, 2004), 440, 1e-9);
}

TEST(PeriodAggregate, OnlyASpanGivesItsMeanEveryYear) {
  Series s = only(parse_long_csv("indicator,year,value,aggregate\nx,2010-2013,100,sum\n", "x.csv"));
  apply_period_aggregates(s, IndicatorKind::flow, {});
  EXPECT_EQ(s.years, (std::vector<int>{2010, 2011, 2012, 2013}));
  for (double v : s.values) EXPECT_DOUBLE_EQ(v, 25);
  EXPECT_EQ(s.effective_points(), 1);
}

TEST(PeriodAggregate, NegativeStartValuesShareTheDifferenceEqually) {
  // A rate that can be negative: start values -10/3 and 10/3 (sum 0) cannot be scaled, so the
  // difference to the total 10 is shared equally (+5 each).
  Series s;
  s.indicator = "net";
  s.group = "total";
  s.years = {2000, 2003};
  s.values = {-10, 10};
  PeriodAggregate a;
  a.first_year = 2001;
  a.last_year = 2002;
  a.value = 10;
  s.aggregates = {a};
  apply_period_aggregates(s, IndicatorKind::rate, {});
  EXPECT_NEAR(*s.at_year(2001), -10.0 / 3 + 5, 1e-9);
  EXPECT_NEAR(*s.at_year(2002), 10.0 / 3 + 5, 1e-9);
}

TEST(PeriodAggregate, ImpossibleDataIsAnInputErrorAtTheSpanRow) {
  auto apply = [](const std::string& csv, IndicatorKind kind, Bounds b = {}) {
    Series s = only(parse_long_csv(csv, "p.csv"));
    apply_period_aggregates(s, kind, b);
    return s;
  };
  const std::string head = "indicator,year,value,aggregate\n";
  // Observed years inside the span add up to more than the total of a non-negative flow.
  auto e = expect_input_error(
      [&] {
        apply(head + "x,2018,4000,\nx,2019,3000,\nx,2017-2022,6523,sum\n", IndicatorKind::flow);
      },
      "observed > total");
  EXPECT_EQ(e.where().file, "p.csv");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.where().field, "value");
  EXPECT_NE(std::string(e.what()).find("2018, 2019, add up to 7000"), std::string::npos)
      << e.what();
  // Every year observed, and a different total (also for a rate without bounds).
  e = expect_input_error(
      [&] { apply(head + "x,2001,1,\nx,2002,2,\nx,2001-2002,4,sum\n", IndicatorKind::rate); },
      "all observed");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_NE(std::string(e.what()).find("add up to 3"), std::string::npos) << e.what();
  // Every year observed and the same total (a mean of 1.5): consistent, nothing derived.
  const Series ok =
      apply(head + "x,2001,1,\nx,2002,2,\nx,2001-2002,\"1,5\",mean\n", IndicatorKind::rate);
  EXPECT_EQ(ok.size(), 2u);
  EXPECT_EQ(ok.effective_points(), 2);
  // Spans that overlap; the message names the other row's line.
  e = expect_input_error(
      [&] { apply(head + "x,2001-2004,10,sum\nx,2004-2006,9,sum\n", IndicatorKind::flow); },
      "overlap");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().column, 2);
  EXPECT_EQ(e.where().field, "year");
  EXPECT_NE(std::string(e.what()).find("overlaps 2001-2004 (line 2)"), std::string::npos)
      << e.what();
}

TEST(PeriodAggregate, DerivedValuesOutsideTheBoundsAreRefused) {
  const std::string head = "indicator,year,value,aggregate\n";
  // A share: more than 100 a year would be needed.
  Series s = only(parse_long_csv(head + "x,2001-2002,250,sum\n", "b.csv"));
  auto e =
      expect_input_error([&] { apply_period_aggregates(s, IndicatorKind::share, {}); }, "upper");
  EXPECT_EQ(e.where().line, 2);
  EXPECT_NE(std::string(e.what()).find("upper bound 100"), std::string::npos) << e.what();
  // Feasible in total, but the interpolated shape scaled to it passes 100 in 2003.
  s = only(parse_long_csv(head + "x,2000,10,\nx,2004,95,\nx,2001-2003,290,sum\n", "b.csv"));
  e = expect_input_error([&] { apply_period_aggregates(s, IndicatorKind::share, {}); }, "shape");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.where().field, "value");
  EXPECT_NE(std::string(e.what()).find("for 2003"), std::string::npos) << e.what();
  // A declared lower bound of a rate.
  s = only(parse_long_csv(head + "x,2001,5,\nx,2001-2003,6,sum\n", "b.csv"));
  Bounds lb;
  lb.lower = 1.0;
  e = expect_input_error([&] { apply_period_aggregates(s, IndicatorKind::rate, lb); }, "lower");
  EXPECT_NE(std::string(e.what()).find("at least 1 each"), std::string::npos) << e.what();
}

// --- Projects and runs ------------------------------------------------------------------------

namespace {

const char* kProject = R"(
[project]
seed = 7
paths = 400
threads = 2
horizon_end = 2030

[[indicator]]
id = "homes"
kind = "flow"
data = "data.csv"

[[indicator]]
id = "share"
kind = "share"
data = "data.csv"

  [[indicator.observation]]
  year = "2013–2015"
  value = "40,0"
  aggregate = "mean"
  source = "inline mean"

[[target]]
id = "homes-1500"
indicator = "homes"
kind = "flow"
op = ">="
value = 1500
from = 2024
year = 2030

[[target]]
id = "share-45"
indicator = "share"
kind = "level"
op = ">="
value = 45
year = 2030
)";

const char* kData =
    "indicator,group,year,value,source,aggregate\n"
    "homes,total,2016,1144,table,\n"
    "homes,total,2019,1 466,text,\n"
    "homes,total,2017-2022,6 523,text,sum\n"
    "share,total,2010,38,a,\n"
    "share,total,2011,39,a,\n"
    "share,total,2012,41,a,\n"
    "share,total,2016,42,a,\n"
    "share,total,2017,43,a,\n";

std::string write_project(const std::string& name, const std::string& toml = kProject,
                          const std::string& data = kData) {
  const std::string dir = test::temp_dir(name);
  test::write_file(dir + "/project.toml", toml);
  test::write_file(dir + "/data.csv", data);
  return dir + "/project.toml";
}

const SeriesResult& get(const RunResult& r, const std::string& id) {
  const SeriesResult* s = r.find({id, "total"});
  if (!s) throw std::runtime_error("no series " + id);
  return *s;
}

}  // namespace

TEST(PeriodAggregateRun, TheSpanAddsUpToTheTotalOnEveryPath) {
  const Project p = load_project(write_project("run"));
  const Series& homes = *p.find_series({"homes", "total"});
  EXPECT_EQ(homes.years.front(), 2016);
  EXPECT_EQ(homes.years.back(), 2022);
  const Series& share = *p.find_series({"share", "total"});
  EXPECT_EQ(share.years, (std::vector<int>{2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017}));
  EXPECT_EQ(share.effective_points(), 6);
  const RunResult r = run_project(p);
  ASSERT_EQ(r.n_paths, 400);
  for (const auto& [id, first, last, total] :
       {std::tuple<std::string, int, int, double>{"homes", 2017, 2022, 6523.0},
        std::tuple<std::string, int, int, double>{"share", 2013, 2015, 120.0}}) {
    const SeriesResult& s = get(r, id);
    for (int path = 0; path < r.n_paths; ++path) {
      double sum = 0.0;
      for (int y = first; y <= last; ++y) sum += series_value(s, y, path);
      ASSERT_NEAR(sum, total, 1e-9 * total) << id << " path " << path;
    }
    // Years the span shares with individual observations keep them on every path.
    if (id == "homes") {
      for (int path = 0; path < r.n_paths; ++path) ASSERT_EQ(series_value(s, 2019, path), 1466);
    }
    EXPECT_TRUE(has_code(s.forecast.diagnostics, "derived_from_period_total")) << id;
  }
  // The forecast starts after the span, from the derived 2022.
  EXPECT_EQ(get(r, "homes").forecast.years.front(), 2023);
  // The housing series has three data points: short-series rule and few_data_points, with the
  // period counted once (seven years are fitted); flows have a drift prior (class 'flow'), so
  // the short-series rule is the random walk with drift.
  const SeriesForecast& f = get(r, "homes").forecast;
  EXPECT_EQ(f.model, "rw_drift(log)");
  EXPECT_NE(f.reason.find("3 points"), std::string::npos) << f.reason;
  EXPECT_TRUE(has_code(f.diagnostics, "few_data_points"));
  for (const auto& t : r.targets)
    if (t.target->id == "homes-1500") {
      EXPECT_EQ(t.n_points, 3);
      EXPECT_TRUE(has_code(t.diagnostics, "derived_from_period_total"));
      EXPECT_TRUE(has_code(t.diagnostics, "few_data_points"));
    }
  // The share: five observations and one mean = 6 points, the calibrated combination.
  EXPECT_NE(get(r, "share").forecast.reason.find("calibrated combination"), std::string::npos);
  EXPECT_FALSE(has_code(get(r, "share").forecast.diagnostics, "few_data_points"));
  // projections.csv: derived years are not in the observed column; the model column says so.
  const std::string csv = out::projections_csv(r);
  EXPECT_NE(csv.find("homes,total,2016,1144,,,,,,,,\n"), std::string::npos);
  EXPECT_NE(csv.find("homes,total,2019,1466,,,,,,,,\n"), std::string::npos);
  const auto at = csv.find("homes,total,2017,,");
  ASSERT_NE(at, std::string::npos) << csv.substr(0, 600);
  EXPECT_NE(csv.substr(at, csv.find('\n', at) - at).find(",derived_from_period_total"),
            std::string::npos);
  // The chart draws observations and derived years as separate lines; the derived one thin and
  // grey (a comparison-style line) with its own label.
  const out::FanChart chart = out::indicator_chart(r, *p.find_indicator("homes"), out::Lang::sv);
  ASSERT_EQ(chart.lines.size(), 2u);
  EXPECT_FALSE(chart.lines[0].comparison);
  EXPECT_EQ(chart.lines[0].years, (std::vector<int>{2016, 2019}));
  EXPECT_TRUE(chart.lines[1].comparison);
  EXPECT_EQ(chart.lines[1].years, (std::vector<int>{2017, 2018, 2020, 2021, 2022}));
  EXPECT_EQ(chart.lines[1].label, "Härlett ur periodsumma");
}

TEST(PeriodAggregateRun, TheRuleCountsThePeriodOnce) {
  // Three observations and a span of four years: seven yearly values, four data points, so the
  // 3-4 point rule (not the calibrated combination) and few_data_points.
  const std::string toml =
      "[project]\nseed = 3\npaths = 200\nthreads = 1\nhorizon_end = 2030\n"
      "[[indicator]]\nid = \"x\"\nkind = \"stock\"\ndata = \"data.csv\"\n";
  const std::string with_span =
      "indicator,year,value,aggregate\nx,2010,100,\nx,2011,102,\n"
      "x,2012,103,\nx,2013-2016,420,sum\n";
  const RunResult a = run_project(load_project(write_project("rule-a", toml, with_span)));
  const SeriesForecast& fa = get(a, "x").forecast;
  EXPECT_NE(fa.reason.find("4 points"), std::string::npos) << fa.reason;
  EXPECT_EQ(fa.reason.find("calibrated"), std::string::npos) << fa.reason;
  EXPECT_TRUE(has_code(fa.diagnostics, "few_data_points"));
  // The same seven values given as yearly observations are seven points.
  const Project pa = load_project(write_project("rule-a2", toml, with_span));
  const Series& sa = *pa.find_series({"x", "total"});
  std::string yearly = "indicator,year,value\n";
  for (std::size_t i = 0; i < sa.size(); ++i)
    yearly += "x," + std::to_string(sa.years[i]) + "," + format_double(sa.values[i]) + "\n";
  const RunResult b = run_project(load_project(write_project("rule-b", toml, yearly)));
  EXPECT_NE(get(b, "x").forecast.reason.find("calibrated combination"), std::string::npos);
  EXPECT_FALSE(has_code(get(b, "x").forecast.diagnostics, "few_data_points"));
}

TEST(PeriodAggregateRun, InlineObservationErrorsNameTheKey) {
  auto load_with = [](const std::string& name, const std::string& obs) {
    const std::string toml =
        "[[indicator]]\nid = \"x\"\nkind = \"flow\"\n"
        "  [[indicator.observation]]\n  year = 2009\n  value = 5\n"
        "  [[indicator.observation]]\n" +
        obs;
    return load_project(write_project(name, toml, "indicator,year,value\n"));
  };
  auto e = expect_input_error([&] { load_with("e1", "  year = \"2010-2012\"\n  value = 9\n"); },
                              "no aggregate");
  EXPECT_EQ(e.where().line, 7);
  EXPECT_NE(e.where().field.find("aggregate"), std::string::npos) << e.what();
  e = expect_input_error(
      [&] { load_with("e2", "  year = 2010\n  value = 9\n  aggregate = \"sum\"\n"); }, "single");
  EXPECT_EQ(e.where().line, 10);
  EXPECT_NE(e.where().field.find("aggregate"), std::string::npos) << e.what();
  e = expect_input_error(
      [&] { load_with("e3", "  year = \"2012-2010\"\n  value = 9\n  aggregate = \"sum\"\n"); },
      "backwards");
  EXPECT_EQ(e.where().line, 8);
  EXPECT_NE(e.where().field.find("year"), std::string::npos) << e.what();
  // Impossible data inline: 2009 = 5 inside a span of total 4.
  e = expect_input_error(
      [&] { load_with("e4", "  year = \"2009-2011\"\n  value = 4\n  aggregate = \"sum\"\n"); },
      "inline impossible");
  EXPECT_EQ(e.where().line, 9);
  EXPECT_NE(e.where().field.find("value"), std::string::npos) << e.what();
  // And one that works: a mean inline, 2009 observed.
  const Project p =
      load_with("ok", "  year = \"2009–2011\"\n  value = 6\n  aggregate = \"mean\"\n");
  const Series& s = *p.find_series({"x", "total"});
  EXPECT_EQ(s.years, (std::vector<int>{2009, 2010, 2011}));
  EXPECT_NEAR(s.values[1] + s.values[2], 13, 1e-12);
}

TEST(PeriodAggregateRun, SeveralDataFilesAreMerged) {
  const std::string dir = test::temp_dir("files");
  test::write_file(dir + "/official.csv",
                   "indicator,year,value,source\nx,2000,10,SCB\nx,2001,11,SCB\n");
  test::write_file(dir + "/doc.csv", "indicator,year,value,source\nx,2003,13,doc\n");
  test::write_file(dir + "/p.toml",
                   "[[indicator]]\nid = \"x\"\nkind = \"stock\"\n"
                   "data = [\"official.csv\", \"doc.csv\"]\n");
  const Project p = load_project(dir + "/p.toml");
  const Series& s = *p.find_series({"x", "total"});
  EXPECT_EQ(s.years, (std::vector<int>{2000, 2001, 2003}));
  EXPECT_EQ(s.sources, (std::vector<std::string>{"SCB", "SCB", "doc"}));
  // The same year in two files is an error naming both.
  test::write_file(dir + "/doc.csv", "indicator,year,value,source\nx,2001,12,doc\n");
  const auto e = expect_input_error([&] { load_project(dir + "/p.toml"); }, "year twice");
  EXPECT_NE(std::string(e.what()).find("year 2001 in doc.csv and in official.csv"),
            std::string::npos)
      << e.what();
}
