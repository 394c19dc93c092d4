// Target algebra on hand-made paths (no models involved): each kind's verdict, the
// monotonicity property, observed-only targets, missing base years and the arrow rule.
#include <gtest/gtest.h>

#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/engine/target_kinds.hpp"

using namespace utsikt;

namespace {

struct Fixture {
  Project project;
  std::vector<Series> store;  // observed series (stable addresses after reserve)
  std::vector<SeriesResult> series;

  Fixture() {
    store.reserve(16);
    project.options.class_yes = 0.8;
    project.options.class_near = 0.4;
  }

  Indicator& indicator(const std::string& id, IndicatorKind kind, std::vector<std::string> groups,
                       int better = 1) {
    Indicator ind;
    ind.id = id;
    ind.kind = kind;
    ind.groups = std::move(groups);
    ind.better = better;
    project.indicators.push_back(ind);
    return project.indicators.back();
  }

  // Observed years/values, and future paths given as one vector per path (years last+1..).
  void add(const std::string& ind, const std::string& grp, std::vector<int> years,
           std::vector<double> values, const std::vector<std::vector<double>>& paths) {
    Series s;
    s.indicator = ind;
    s.group = grp;
    s.years = std::move(years);
    s.values = std::move(values);
    store.push_back(s);
    SeriesResult r;
    r.ref = {ind, grp};
    r.observed = &store.back();
    const int h = static_cast<int>(paths.front().size());
    for (int i = 0; i < h; ++i) r.forecast.years.push_back(s.years.back() + 1 + i);
    r.forecast.n_paths = static_cast<int>(paths.size());
    for (const auto& p : paths) r.forecast.paths.insert(r.forecast.paths.end(), p.begin(), p.end());
    r.forecast.model = "test";
    series.push_back(std::move(r));
  }

  void finish() {
    for (auto& s : series) s.indicator = project.find_indicator(s.ref.indicator);
  }

  std::vector<TargetResult> eval(const Target& t) {
    finish();
    return evaluate_target(project, t, series, series.front().forecast.n_paths);
  }
};

Target level(double value, Direction d, int year) {
  Target t;
  t.id = "t";
  t.kind = TargetKind::level;
  t.series = {"x", "total"};
  t.direction = d;
  t.value = value;
  t.year = year;
  return t;
}

}  // namespace

TEST(Targets, LevelShareOfPaths) {
  Fixture f;
  f.indicator("x", IndicatorKind::stock, {"total"});
  // 4 paths, years 2023..2025; values in 2025: 10, 20, 30, 40.
  f.add("x", "total", {2021, 2022}, {5, 6}, {{7, 8, 10}, {7, 8, 20}, {7, 8, 30}, {7, 8, 40}});
  auto r = f.eval(level(25, Direction::at_least, 2025));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, TargetStatus::assessed);
  EXPECT_DOUBLE_EQ(r[0].probability, 0.5);
  EXPECT_DOUBLE_EQ(r[0].mc_se, 0.25);
  EXPECT_EQ(r[0].assessment, Assessment::near);
  EXPECT_EQ(*r[0].latest_value, 6);
  r = f.eval(level(25, Direction::at_most, 2025));
  EXPECT_DOUBLE_EQ(r[0].probability, 0.5);
  r = f.eval(level(10, Direction::at_least, 2025));
  EXPECT_DOUBLE_EQ(r[0].probability, 1.0);
  EXPECT_EQ(r[0].assessment, Assessment::yes);
  // Slack (tolerance) for "100 % counts when within 1 pp".
  Target t = level(41, Direction::at_least, 2025);
  t.tolerance = 1.0;
  EXPECT_DOUBLE_EQ(f.eval(t)[0].probability, 0.25);
}

TEST(Targets, HarderTargetNeverMoreLikely) {
  Fixture f;
  f.indicator("x", IndicatorKind::stock, {"total"});
  std::vector<std::vector<double>> paths;
  for (int p = 0; p < 200; ++p) paths.push_back({100.0 + (p * 37 % 101)});
  f.add("x", "total", {2020}, {100}, paths);
  double prev = 2.0;
  for (double thr = 90; thr <= 210; thr += 2.5) {
    const double p = f.eval(level(thr, Direction::at_least, 2021))[0].probability;
    EXPECT_LE(p, prev) << thr;
    prev = p;
  }
}

TEST(Targets, FlowEveryYearAndAverage) {
  Fixture f;
  f.indicator("x", IndicatorKind::flow, {"total"});
  // Years 2023..2025. Path A: 1600 1400 1600 (avg 1533, not every year); path B: all 1500.
  f.add("x", "total", {2022}, {1000}, {{1600, 1400, 1600}, {1500, 1500, 1500}});
  Target t = level(1500, Direction::at_least, 2025);
  t.kind = TargetKind::flow;
  t.from_year = 2023;
  const auto r = f.eval(t);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].variant, "every_year");
  EXPECT_DOUBLE_EQ(r[0].probability, 0.5);
  EXPECT_EQ(r[1].variant, "average");
  EXPECT_DOUBLE_EQ(r[1].probability, 1.0);
}

TEST(Targets, FlowPeriodStartingInThePastUsesObservations) {
  Fixture f;
  f.indicator("x", IndicatorKind::flow, {"total"});
  f.add("x", "total", {2022, 2023}, {1000, 2000}, {{1600}, {1400}});
  Target t = level(1500, Direction::at_least, 2024);
  t.kind = TargetKind::flow;
  t.from_year = 2022;
  const auto r = f.eval(t);
  EXPECT_DOUBLE_EQ(r[0].probability, 0.0);  // 2022 was 1000
  EXPECT_DOUBLE_EQ(r[1].probability, 0.5);  // averages 1533 and 1467 -> only path 0
}

TEST(Targets, ChangeAgainstObservedBase) {
  Fixture f;
  f.indicator("x", IndicatorKind::flow, {"total"}, -1);
  // Base 2010 = 1000; 2030 values 250, 300, 310, 500 -> -75 %, -70 %, -69 %, -50 %.
  std::vector<std::vector<double>> paths = {{250}, {300}, {310}, {500}};
  f.add("x", "total", {2010, 2029}, {1000, 600}, paths);
  Target t = level(-0.70, Direction::at_most, 2030);
  t.kind = TargetKind::change;
  t.base_year = 2010;
  const auto r = f.eval(t);
  EXPECT_DOUBLE_EQ(r[0].probability, 0.5);
  EXPECT_EQ(r[0].arrow, Arrow::green);  // fell from 1000 to 600, lower is better
}

TEST(Targets, MissingBaseYearIsNoData) {
  Fixture f;
  f.indicator("x", IndicatorKind::flow, {"total"}, -1);
  f.add("x", "total", {2016}, {630}, {{600}, {620}});
  Target t = level(-0.70, Direction::at_most, 2017);
  t.kind = TargetKind::change;
  t.base_year = 2010;
  const auto r = f.eval(t);
  EXPECT_EQ(r[0].status, TargetStatus::no_data);
  EXPECT_NE(r[0].no_data_reason.find("2010"), std::string::npos);
}

TEST(Targets, DeclaredNoData) {
  Fixture f;
  f.indicator("x", IndicatorKind::flow, {"total"});
  f.add("x", "total", {2016}, {630}, {{600}});
  Target t = level(1, Direction::at_least, 2017);
  t.no_data_reason = "not followed up";
  const auto r = f.eval(t);
  EXPECT_EQ(r[0].status, TargetStatus::no_data);
  EXPECT_EQ(r[0].no_data_reason, "not followed up");
  EXPECT_EQ(r[0].assessment, Assessment::none);
}

TEST(Targets, ObservedTargetYearIsCertain) {
  Fixture f;
  f.indicator("x", IndicatorKind::share, {"total"});
  f.add("x", "total", {2017, 2022}, {75, 90}, {{91}, {92}});
  const auto r = f.eval(level(98, Direction::at_least, 2022));
  EXPECT_EQ(r[0].status, TargetStatus::observed);
  EXPECT_DOUBLE_EQ(r[0].probability, 0.0);
  EXPECT_DOUBLE_EQ(r[0].mc_se, 0.0);
}

TEST(Targets, ParityBetweenGroups) {
  Fixture f;
  f.indicator("s", IndicatorKind::rate, {"women", "men"}, -1);
  f.add("s", "women", {2017, 2022}, {35.1, 30.4}, {{26}, {28}, {30}});
  f.add("s", "men", {2017, 2022}, {23.1, 19.9}, {{25}, {25}, {25}});
  Target t;
  t.kind = TargetKind::parity;
  t.series = {"s", "women"};
  t.other = SeriesRef{"s", "men"};
  t.tolerance = 2.0;
  t.year = 2023;
  const auto r = f.eval(t);
  EXPECT_NEAR(r[0].probability, 1.0 / 3.0, 1e-12);  // gaps 1, 3, 5 days
  // Gap 12.0 -> 10.5 days, but the relative gap max(r, 1/r) - 1 grew 0.5195 -> 0.5276 (the
  // quantity of the progress classes): -0.0081, beyond the 0.5 % band -> red (the document:
  // "jämställdheten mellan könen har därmed inte förbättrats").
  EXPECT_EQ(r[0].arrow, Arrow::red);
}

TEST(Targets, ParityWithReferenceValueAndSeries) {
  Fixture f;
  f.indicator("w", IndicatorKind::share, {"total"}, 0);
  f.indicator("w_se", IndicatorKind::share, {"total"}, 0);
  f.add("w", "total", {2017, 2022}, {48.8, 49.0}, {{49.1}, {49.9}, {49.6}});
  f.add("w_se", "total", {2017, 2022}, {49.8, 50.0}, {{50.0}, {50.0}, {50.0}});
  Target t;
  t.kind = TargetKind::parity_reference;
  t.series = {"w", "total"};
  t.other = SeriesRef{"w_se", "total"};
  t.tolerance = 0.5;
  t.year = 2023;
  EXPECT_NEAR(f.eval(t)[0].probability, 2.0 / 3.0, 1e-12);
  t.other.reset();
  t.reference_value = 50.0;
  EXPECT_NEAR(f.eval(t)[0].probability, 2.0 / 3.0, 1e-12);
}

TEST(Targets, FasterGrowthThanReference) {
  Fixture f;
  f.indicator("w", IndicatorKind::rate, {"total"});
  f.indicator("w_se", IndicatorKind::rate, {"total"}, 0);
  // Base 2017: 100 vs 200. 2018: path growth 10 %, 4 % vs reference 5 %.
  f.add("w", "total", {2017}, {100}, {{110}, {104}});
  f.add("w_se", "total", {2017}, {200}, {{210}, {210}});
  Target t;
  t.kind = TargetKind::faster_growth;
  t.series = {"w", "total"};
  t.other = SeriesRef{"w_se", "total"};
  t.base_year = 2017;
  t.year = 2018;
  EXPECT_DOUBLE_EQ(f.eval(t)[0].probability, 0.5);
}

TEST(Targets, IncreaseDefaultsToLatestObservation) {
  Fixture f;
  f.indicator("x", IndicatorKind::share, {"total"});
  f.add("x", "total", {2017, 2022}, {81.5, 83.0}, {{83.5}, {82.0}, {84.0}, {83.0}});
  Target t = level(0, Direction::at_least, 2023);
  t.kind = TargetKind::increase;
  const auto r = f.eval(t);
  EXPECT_DOUBLE_EQ(r[0].probability, 0.5);  // strictly greater than 83.0
  EXPECT_EQ(r[0].arrow, Arrow::green);      // +1.5 pp >= 0.5 pp
}

TEST(Targets, ArrowRule) {
  Fixture f;
  f.project.options.arrow_unchanged_rel = 0.01;
  f.indicator("p", IndicatorKind::stock, {"total"});
  f.add("p", "total", {2017, 2022}, {251295, 249285}, {{250000}});
  auto r = f.eval([] {
    Target t = level(260000, Direction::at_least, 2023);
    t.series = {"p", "total"};
    return t;
  }());
  // -0.8 % is within the 1 % "unchanged" band.
  EXPECT_EQ(r[0].arrow, Arrow::yellow);
  f.project.options.arrow_unchanged_rel = 0.005;
  r = f.eval([] {
    Target t = level(260000, Direction::at_least, 2023);
    t.series = {"p", "total"};
    return t;
  }());
  EXPECT_EQ(r[0].arrow, Arrow::red);
}

// The default rule against the follow-up document's verdicts (uppföljning RUS 2019-2023).
TEST(Targets, ArrowRuleDefaultsMatchTheFollowUp) {
  Fixture f;  // default options
  // s. 3: "Befolkningen i Norrbotten har fortsatt att minska": 251 295 (2017) -> 249 285
  // (2022), -0.80 %: negative (red), not "unchanged".
  f.indicator("p", IndicatorKind::stock, {"total"});
  f.add("p", "total", {2017, 2022}, {251295, 249285}, {{250000}});
  Target pop = level(260000, Direction::at_least, 2023);
  pop.series = {"p", "total"};
  pop.base_year = 2017;
  EXPECT_EQ(f.eval(pop)[0].arrow, Arrow::red);
  // s. 9, ohälsotal: women 35.1 -> 30.4, men 23.1 -> 19.9 days; "jämställdheten mellan könen
  // har därmed inte förbättrats". The gap in days shrank (12.0 -> 10.5), the relative gap
  // max(r, 1/r) - 1 grew (0.5195 -> 0.5276): not positive, and the same direction as the
  // progress classes of `utsikt targets` (Eurostat: moving away).
  f.indicator("o", IndicatorKind::rate, {"women", "men"}, -1);
  f.add("o", "women", {2017, 2022}, {35.1, 30.4}, {{30}});
  f.add("o", "men", {2017, 2022}, {23.1, 19.9}, {{20}});
  Target par;
  par.kind = TargetKind::parity;
  par.series = {"o", "women"};
  par.other = SeriesRef{"o", "men"};
  par.tolerance = 0.75;
  par.year = 2023;
  const auto r = f.eval(par);
  EXPECT_EQ(r[0].arrow, Arrow::red) << r[0].arrow_reason;
  EXPECT_NE(r[0].arrow_reason.find("relative gap"), std::string::npos);
}

TEST(Targets, GapInHistoryIsInterpolatedAndSaid) {
  Fixture f;
  f.indicator("e", IndicatorKind::index, {"total"}, -1);
  f.add("e", "total", {2005, 2016, 2021}, {100, 90, 56}, {{50}, {40}});
  Target t = level(-0.5, Direction::at_most, 2022);
  t.kind = TargetKind::change;
  t.series = {"e", "total"};
  t.base_year = 2010;  // inside the 2005-2016 gap
  const auto r = f.eval(t);
  EXPECT_EQ(r[0].status, TargetStatus::assessed);
  bool said = false;
  for (const auto& d : r[0].diagnostics) said = said || d.code == "interpolated";
  EXPECT_TRUE(said);
}

// "+650 inhabitants by 2030 from 2023": value(year) - value(base) >= 650, in the indicator's unit.
TEST(Targets, AbsoluteChangeFromABaseYear) {
  Fixture f;
  f.indicator("p", IndicatorKind::stock, {"total"});
  // Base 248 480 (2023); 2030 (7 years on) on four paths: gains 720, 420, 650, -100.
  std::vector<std::vector<double>> paths;
  for (double v : {249200.0, 248900.0, 249130.0, 248380.0}) paths.push_back({0, 0, 0, 0, 0, 0, v});
  for (auto& p : paths)
    for (int k = 0; k < 6; ++k) p[k] = 248480;
  f.add("p", "total", {2022, 2023}, {249177, 248480}, paths);
  Target t = level(650, Direction::at_least, 2030);
  t.kind = TargetKind::absolute_change;
  t.series = {"p", "total"};
  t.base_year = 2023;
  const auto r = f.eval(t);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_DOUBLE_EQ(r[0].probability, 0.5);  // 720 and 650 (exactly the threshold) meet it
  ASSERT_TRUE(r[0].measure_interval.has_value());
  EXPECT_NE(r[0].measure.find("2023-2030"), std::string::npos) << r[0].measure;
  // The level a yearly value must reach is base + 650 (realistic targets, charts).
  const auto l = value_level(t, 248480.0);
  ASSERT_TRUE(l.has_value());
  EXPECT_DOUBLE_EQ(l->level, 249130.0);
  // A decrease of at least 1 000: value <= base - 1000.
  t.direction = Direction::at_most;
  t.value = -1000;
  EXPECT_DOUBLE_EQ(f.eval(t)[0].probability, 0.0);
}
