// The table of target kinds (target_kinds.hpp): complete, names unique and round-tripping,
// labels in both languages, zero bases guarded; and the realistic-target table measuring every
// target exactly as run_project does, path by path, on the mini fixture and the example.
#include "utsikt/engine/target_kinds.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "test_util.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/scenarios/realistic.hpp"

using namespace utsikt;

namespace {

const TargetKind kAllKinds[] = {TargetKind::level,
                                TargetKind::flow,
                                TargetKind::change,
                                TargetKind::increase,
                                TargetKind::decrease,
                                TargetKind::parity,
                                TargetKind::parity_reference,
                                TargetKind::faster_growth,
                                TargetKind::absolute_change};

TEST(TargetKinds, TableHasEveryKindInEnumOrder) {
  ASSERT_EQ(target_kinds().size(), std::size(kAllKinds));
  for (std::size_t i = 0; i < std::size(kAllKinds); ++i) {
    EXPECT_EQ(target_kinds()[i].kind, kAllKinds[i]) << i;
    EXPECT_EQ(&kind_info(kAllKinds[i]), &target_kinds()[i]);
  }
}

TEST(TargetKinds, NamesAreUniqueAndRoundTrip) {
  std::set<std::string_view> names;
  for (const auto& k : target_kinds()) {
    EXPECT_FALSE(k.name.empty());
    EXPECT_TRUE(names.insert(k.name).second) << "duplicate name " << k.name;
    const auto back = target_kind_from_string(k.name);
    ASSERT_TRUE(back.has_value()) << k.name;
    EXPECT_EQ(*back, k.kind);
    EXPECT_EQ(to_string(*back), k.name);
  }
  EXPECT_FALSE(target_kind_from_string("Level").has_value());
  EXPECT_FALSE(target_kind_from_string("").has_value());
  EXPECT_EQ(target_kind_names(),
            "level, flow, change, increase, decrease, parity, parity_reference, faster_growth, "
            "absolute_change");
}

TEST(TargetKinds, EveryKindAndVariantHasLabelsInSwedishAndEnglish) {
  for (const auto& k : target_kinds()) {
    EXPECT_FALSE(k.label.sv.empty()) << k.name;
    EXPECT_FALSE(k.label.en.empty()) << k.name;
    ASSERT_FALSE(k.variants.empty()) << k.name;
    std::set<std::string_view> variants;
    for (const auto& v : k.variants) {
      EXPECT_TRUE(variants.insert(v.name).second) << k.name << " variant " << v.name;
      EXPECT_FALSE(v.label.sv.empty()) << k.name << " " << v.name;
      EXPECT_FALSE(v.label.en.empty()) << k.name << " " << v.name;
      EXPECT_EQ(v.label_at_most.sv.empty(), v.label_at_most.en.empty()) << k.name << " " << v.name;
    }
    // One result: the variant has no name; several: every one has.
    if (k.variants.size() == 1) {
      EXPECT_EQ(k.variants[0].name, "") << k.name;
    } else {
      for (const auto& v : k.variants) EXPECT_FALSE(v.name.empty()) << k.name;
    }
    EXPECT_NE(k.measure, nullptr) << k.name;
    EXPECT_NE(k.met, nullptr) << k.name;
    EXPECT_NE(k.measure_name, nullptr) << k.name;
  }
}

TEST(TargetKinds, DocsDescribeEveryKind) {
  const std::string doc = test::read_file(test::source_dir() + "/docs/targets.md");
  for (const auto& k : target_kinds())
    EXPECT_NE(doc.find("`" + std::string(k.name) + "`"), std::string::npos) << k.name;
}

// Hand-made series: observed years and values, then paths (one vector per path) after them.
struct Paths {
  std::vector<Series> store;
  std::vector<SeriesResult> series;
  Paths() { store.reserve(8); }
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
    for (std::size_t i = 0; i < paths.front().size(); ++i)
      r.forecast.years.push_back(s.years.back() + 1 + static_cast<int>(i));
    r.forecast.n_paths = static_cast<int>(paths.size());
    for (const auto& p : paths) r.forecast.paths.insert(r.forecast.paths.end(), p.begin(), p.end());
    series.push_back(std::move(r));
  }
};

// A target of every kind on series x (groups a, b) and reference r, year 2025, base 2020.
Target target_of(TargetKind k) {
  Target t;
  t.id = std::string(to_string(k));
  t.kind = k;
  t.series = {"x", "a"};
  t.year = 2025;
  t.from_year = 2023;
  t.base_year = 2020;
  t.direction = kind_info(k).direction.value_or(Direction::at_least);
  if (kind_info(k).groups == KeyUse::required) t.other = SeriesRef{"x", "b"};
  if (kind_info(k).reference != ReferenceUse::none) t.other = SeriesRef{"r", "a"};
  return t;
}

TEST(TargetKinds, ZeroBaseIsGuardedNeverNanOrInf) {
  // Base year 2020 observed at 0 in every series; the future is 0 on path 0 and 5 on path 1.
  Paths f;
  const std::vector<std::pair<std::string, std::string>> refs = {
      {"x", "a"}, {"x", "b"}, {"r", "a"}};
  for (const auto& [ind, grp] : refs)
    f.add(ind, grp, {2020, 2021, 2022}, {0.0, 0.0, 0.0}, {{0, 0, 0}, {5, 5, 5}});
  for (TargetKind k : kAllKinds) {
    const Target t = target_of(k);
    const TargetSeries s = target_series(t, f.series);
    for (std::size_t v = 0; v < kind_info(k).variants.size(); ++v)
      for (int p = 0; p < 2; ++p) {
        const PathMeasure m = target_measure(t, s, v, p);
        EXPECT_TRUE(std::isfinite(m.measure)) << to_string(k) << " path " << p;
        EXPECT_TRUE(std::isfinite(m.value)) << to_string(k) << " path " << p;
        const TargetShape shape = kind_info(k).shape;
        const bool relative =
            shape == TargetShape::relative_change || shape == TargetShape::relative_growth;
        EXPECT_EQ(m.zero_base, relative) << to_string(k);
        if (relative) {
          EXPECT_EQ(m.measure, 0.0) << to_string(k);
        }
        if (shape == TargetShape::relative_growth) {
          EXPECT_FALSE(target_met(t, v, m));
        }
        EXPECT_TRUE(std::isfinite(compared_value(t, m))) << to_string(k);
      }
  }
}

TEST(TargetKinds, MeasureAndVerdictOfEveryKind) {
  // x/a: 2020 = 100, path 0 -> 120, path 1 -> 90 in 2025; x/b and r/a: 100 -> 110.
  Paths f;
  f.add("x", "a", {2020, 2021, 2022}, {100, 100, 100}, {{110, 115, 120}, {95, 92, 90}});
  f.add("x", "b", {2020, 2021, 2022}, {100, 100, 100}, {{105, 108, 110}, {105, 108, 110}});
  f.add("r", "a", {2020, 2021, 2022}, {100, 100, 100}, {{105, 108, 110}, {105, 108, 110}});
  auto check = [&](Target t, std::size_t variant, double m0, double m1, bool met0, bool met1) {
    const TargetSeries s = target_series(t, f.series);
    const PathMeasure a = target_measure(t, s, variant, 0), b = target_measure(t, s, variant, 1);
    EXPECT_NEAR(a.measure, m0, 1e-9) << t.id;
    EXPECT_NEAR(b.measure, m1, 1e-9) << t.id;
    EXPECT_EQ(target_met(t, variant, a), met0) << t.id;
    EXPECT_EQ(target_met(t, variant, b), met1) << t.id;
  };
  Target level = target_of(TargetKind::level);
  level.value = 100;
  check(level, 0, 120, 90, true, false);
  level.tolerance = 10;  // slack: 90 >= 100 - 10
  check(level, 0, 120, 90, true, true);
  Target flow = target_of(TargetKind::flow);
  flow.value = 100;
  check(flow, 0, 110, 90, true, false);                    // every year: the worst
  check(flow, 1, 115, (95 + 92 + 90) / 3.0, true, false);  // average
  Target change = target_of(TargetKind::change);
  change.value = 0.1;
  check(change, 0, 0.2, -0.1, true, false);
  // increase / decrease: the change since the base year, strictly above / below 0.
  check(target_of(TargetKind::increase), 0, 20, -10, true, false);
  check(target_of(TargetKind::decrease), 0, 20, -10, false, true);
  Target parity = target_of(TargetKind::parity);
  parity.tolerance = 10;
  check(parity, 0, 10, -20, true, false);
  Target ref = target_of(TargetKind::parity_reference);
  ref.tolerance = 10;
  check(ref, 0, 10, -20, true, false);
  ref.reference_value = 95;  // a fixed reference instead of the series
  check(ref, 0, 25, -5, false, true);
  check(target_of(TargetKind::faster_growth), 0, 10, -20, true, false);
}

TEST(TargetKinds, ValueLevelOnTheIndicatorsScale) {
  Target level = target_of(TargetKind::level);
  level.value = 250;
  level.tolerance = 2;
  EXPECT_EQ(value_level(level, std::nullopt)->level, 250);
  EXPECT_EQ(value_level(level, std::nullopt)->slack, 2);
  Target change = target_of(TargetKind::change);
  change.value = -0.5;
  change.direction = Direction::at_most;
  EXPECT_FALSE(value_level(change, std::nullopt).has_value());
  EXPECT_EQ(value_level(change, 80.0)->level, 40);
  const auto inc = value_level(target_of(TargetKind::increase), 30.0);
  ASSERT_TRUE(inc.has_value());
  EXPECT_TRUE(inc->strict);
  EXPECT_FALSE(meets_level(target_of(TargetKind::increase), *inc, 30.0));
  EXPECT_TRUE(meets_level(target_of(TargetKind::increase), *inc, 30.5));
  EXPECT_FALSE(has_value_level(target_of(TargetKind::parity)));
  EXPECT_FALSE(value_level(target_of(TargetKind::faster_growth), 1.0).has_value());
}

// For every result of a run: the realistic targets' per-path measure is run's, path by path;
// the probability from it is run's P(met); the quantity the quantiles are of is the measure
// as the verdict compares it.
void expect_realistic_agrees_with_run(const RunResult& run) {
  int compared = 0;
  for (const TargetResult& tr : run.targets) {
    const RealisticPaths rp = realistic_paths(run, tr);
    if (tr.status == TargetStatus::no_data) {
      EXPECT_TRUE(rp.paths.empty()) << tr.target->id;
      continue;
    }
    const Target& t = *tr.target;
    const std::size_t v = *variant_index(kind_info(t.kind), tr.variant);
    const int n = tr.status == TargetStatus::observed ? 1 : run.n_paths;
    const std::vector<PathMeasure> ours = target_measures(t, target_series(t, run.series), v, n);
    ASSERT_EQ(rp.paths.size(), ours.size()) << t.id;
    ASSERT_EQ(rp.quantity.size(), ours.size()) << t.id;
    double met = 0;
    for (std::size_t i = 0; i < ours.size(); ++i) {
      ASSERT_EQ(rp.paths[i].measure, ours[i].measure) << t.id << " path " << i;
      ASSERT_EQ(rp.paths[i].value, ours[i].value) << t.id << " path " << i;
      ASSERT_EQ(rp.paths[i].zero_base, ours[i].zero_base) << t.id << " path " << i;
      ASSERT_EQ(rp.quantity[i], compared_value(t, ours[i])) << t.id << " path " << i;
      met += target_met(t, v, rp.paths[i]) ? 1 : 0;
    }
    EXPECT_EQ(met / static_cast<double>(ours.size()), tr.probability) << t.id << " " << tr.variant;
    // The names: run's measure, and the realistic quantity's name from the same table.
    EXPECT_EQ(tr.measure, measure_name(t, v, target_series(t, run.series).base_year)) << t.id;
    EXPECT_FALSE(rp.name.empty()) << t.id;
    ++compared;
  }
  EXPECT_GT(compared, 0);
}

TEST(RealisticAgreesWithRun, MiniFixturePathByPath) {
  const Project p = load_project(test::source_dir() + "/tests/fixtures/mini/project.toml");
  const RunResult run = run_project(p);
  expect_realistic_agrees_with_run(run);
  // The fixture exercises these kinds with data (its point is every kind).
  std::set<TargetKind> assessed;
  for (const auto& tr : run.targets)
    if (tr.status != TargetStatus::no_data) assessed.insert(tr.target->kind);
  EXPECT_GE(assessed.size(), 6u);
}

TEST(RealisticAgreesWithRun, ExamplePathByPath) {
  const Project p = load_project(test::source_dir() + "/examples/norrbotten-rus2030/project.toml");
  RunOverrides o;
  o.n_paths = 300;  // cheap; the agreement does not depend on the number of paths
  o.threads = 2;
  const RunResult run = run_project(p, o);
  expect_realistic_agrees_with_run(run);
  std::set<TargetKind> assessed;
  for (const auto& tr : run.targets)
    if (tr.status != TargetStatus::no_data) assessed.insert(tr.target->kind);
  // The example has results of every kind but faster_growth (whose base is not observed).
  EXPECT_GE(assessed.size(), 7u);
}

// The realistic table's quantiles are of that quantity: with "at least" targets the value
// reached with probability q is the (1 - q) quantile, so q50 lies within the paths' range.
TEST(RealisticAgreesWithRun, QuantilesAreOfTheSharedMeasure) {
  const Project p = load_project(test::source_dir() + "/tests/fixtures/mini/project.toml");
  const RunResult run = run_project(p);
  const RealisticReport rep = realistic_targets(p, run, ScenarioSet{}, 0.8);
  ASSERT_EQ(rep.targets.size(), run.targets.size());
  for (const auto& rt : rep.targets) {
    const RealisticPaths rp = realistic_paths(run, *rt.result);
    if (rp.quantity.empty()) {
      EXPECT_FALSE(rt.q50.has_value());
      continue;
    }
    ASSERT_TRUE(rt.q50 && rt.q80 && rt.q90) << rt.result->target->id;
    EXPECT_EQ(rt.measure, rp.name);
    const auto [lo, hi] = std::minmax_element(rp.quantity.begin(), rp.quantity.end());
    EXPECT_GE(*rt.q50, *lo);
    EXPECT_LE(*rt.q50, *hi);
    // 80 % of paths reach q80 in the target's direction.
    std::size_t reach = 0;
    for (double x : rp.quantity) reach += rp.higher_is_better ? (x >= *rt.q80) : (x <= *rt.q80);
    EXPECT_GE(static_cast<double>(reach) / rp.quantity.size(), 0.8 - 1.0 / rp.quantity.size())
        << rt.result->target->id;
  }
}

}  // namespace
