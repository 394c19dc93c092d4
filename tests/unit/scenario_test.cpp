// Scenarios: loading (located errors), intervention semantics on single paths, bounds, common
// random numbers, monotonicity of helpful interventions, reproducibility.
#include "utsikt/scenarios/scenario.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "scenario_fixture.hpp"
#include "test_util.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/engine/structure.hpp"

using namespace utsikt;

namespace {

const SeriesResult& get(const std::vector<SeriesResult>& v, const std::string& ind,
                        const std::string& grp = "total") {
  for (const auto& s : v)
    if (s.ref == SeriesRef{ind, grp}) return s;
  throw std::runtime_error("no series " + ind);
}

Scenario one(const std::string& id, Intervention iv) {
  Scenario s;
  s.id = id;
  iv.id = iv.id.empty() ? "i1" : iv.id;
  s.interventions.push_back(iv);
  return s;
}

Intervention make(const std::string& ind, InterventionType t, int from, double v) {
  Intervention iv;
  iv.series = {ind, "total"};
  iv.type = t;
  iv.from = from;
  iv.value.a = v;
  return iv;
}

struct Fixture : ::testing::Test {
  static void SetUpTestSuite() {
    path = test::write_scenario_fixture("scenario", "", /*structure=*/false);
    project = new Project(load_project(path));
    base = new RunResult(run_project(*project, RunOverrides{11, 1000, 1}));
  }
  static void TearDownTestSuite() {
    delete base;
    delete project;
  }
  static inline std::string path;
  static inline Project* project = nullptr;
  static inline RunResult* base = nullptr;
};

}  // namespace

TEST_F(Fixture, ShiftTrendRampCapFloorOnEveryPath) {
  const auto& b = get(base->series, "homes").forecast;
  ASSERT_EQ(b.years.front(), 2023);
  const int H = static_cast<int>(b.years.size());
  auto run = [&](Intervention iv) {
    return get(apply_scenario(*project, base->series, one("s", iv), 11), "homes").forecast;
  };
  const auto shift = run(make("homes", InterventionType::shift, 2025, 100));
  const auto trend = run(make("homes", InterventionType::trend, 2025, 10));
  Intervention ramp = make("homes", InterventionType::ramp, 2025, 100);
  ramp.to = 2029;
  const auto rampf = run(ramp);
  const auto cap = run(make("homes", InterventionType::cap, 2025, 550));
  Intervention pct = make("homes", InterventionType::shift, 2025, -10);
  pct.percent = true;
  const auto pctf = run(pct);
  for (int p = 0; p < b.n_paths; p += 97)
    for (int h = 0; h < H; ++h) {
      const int y = b.years[h];
      const double x = b.at(p, h);
      // Before `from` nothing changes (bit-identical).
      if (y < 2025) {
        EXPECT_EQ(shift.at(p, h), x);
        EXPECT_EQ(trend.at(p, h), x);
        continue;
      }
      // Homes are a flow (>= 0): the shift of +100 is exact, never clamped.
      EXPECT_DOUBLE_EQ(shift.at(p, h), x + 100);
      EXPECT_DOUBLE_EQ(trend.at(p, h), x + 10.0 * (y - 2025 + 1));  // 2025: +10, 2026: +20 ...
      const double w = y >= 2029 ? 1.0 : (y - 2025) / 4.0;          // 2025: 0, 2027: 0.5, 2029: 1
      EXPECT_DOUBLE_EQ(rampf.at(p, h), x + w * 100);
      EXPECT_DOUBLE_EQ(cap.at(p, h), std::min(x, 550.0));
      EXPECT_DOUBLE_EQ(pctf.at(p, h), x * 0.9);
    }
}

TEST_F(Fixture, PathAndRampToAndGrowth) {
  const auto& b = get(base->series, "share").forecast;
  Intervention given = make("share", InterventionType::path, 0, 0);
  given.points = {{2025, 20.0}, {2030, 30.0}};
  given.from = 2025;
  const auto pf =
      get(apply_scenario(*project, base->series, one("s", given), 11), "share").forecast;
  Intervention rt = make("share", InterventionType::ramp_to, 2024, 40);
  rt.to = 2028;
  const auto rf = get(apply_scenario(*project, base->series, one("s", rt), 11), "share").forecast;
  const auto g0 =
      get(apply_scenario(*project, base->series,
                         one("s", make("share", InterventionType::growth, 2023, 0.0)), 11),
          "share")
          .forecast;
  const auto g1 =
      get(apply_scenario(*project, base->series,
                         one("s", make("share", InterventionType::growth, 2023, 1.0)), 11),
          "share")
          .forecast;
  auto h_of = [&](int y) { return y - b.years.front(); };
  for (int p = 0; p < b.n_paths; p += 101) {
    EXPECT_DOUBLE_EQ(pf.at(p, h_of(2025)), 20.0);
    EXPECT_DOUBLE_EQ(pf.at(p, h_of(2027)), 24.0);  // 20 + 2/5 * (30 - 20)
    EXPECT_DOUBLE_EQ(pf.at(p, h_of(2030)), 30.0);
    // After the last given year the difference to the baseline persists.
    EXPECT_NEAR(pf.at(p, h_of(2033)),
                std::clamp(30.0 + b.at(p, h_of(2033)) - b.at(p, h_of(2030)), 0.0, 100.0), 1e-9);
    EXPECT_EQ(pf.at(p, h_of(2024)), b.at(p, h_of(2024)));
    // ramp_to: halfway in 2026 (weights 0, .25, .5, .75, 1 for 2024..2028), exactly 40 in 2028.
    EXPECT_NEAR(rf.at(p, h_of(2026)), b.at(p, h_of(2026)) + 0.5 * (40 - b.at(p, h_of(2026))), 1e-9);
    EXPECT_DOUBLE_EQ(rf.at(p, h_of(2028)), 40.0);
    // growth x 0: frozen at the last observed value; growth x 1: unchanged.
    for (std::size_t h = 0; h < b.years.size(); ++h) {
      EXPECT_NEAR(g0.at(p, h), get(base->series, "share").observed->values.back(), 1e-9);
      EXPECT_EQ(g1.at(p, h), b.at(p, h));
    }
  }
}

TEST_F(Fixture, SharesStayWithinBounds) {
  Scenario s = one("s", make("share", InterventionType::shift, 2023, 500));
  s.interventions.push_back(make("share", InterventionType::trend, 2023, -30));
  s.interventions.back().id = "i2";
  const auto f = get(apply_scenario(*project, base->series, s, 11), "share").forecast;
  for (double v : f.paths) {
    ASSERT_GE(v, 0.0);
    ASSERT_LE(v, 100.0);
  }
}

TEST_F(Fixture, ZeroInterventionGivesIdenticalProbabilities) {
  // Common random numbers: a scenario that changes nothing reproduces the baseline exactly.
  ScenarioSet set;
  Scenario z = one("zero", make("pop", InterventionType::shift, 2025, 0.0));
  z.interventions.push_back(make("homes", InterventionType::trend, 2025, 0.0));
  z.interventions.back().id = "i2";
  Intervention u = make("share", InterventionType::shift, 2025, 0.0);
  u.id = "i3";
  u.percent = true;
  z.interventions.push_back(u);
  set.scenarios.push_back(z);
  const Comparison c = compare_scenarios(*project, *base, set);
  ASSERT_EQ(c.outcomes.size(), 2u);
  for (std::size_t i = 0; i < c.outcomes[0].targets.size(); ++i) {
    EXPECT_EQ(c.outcomes[1].targets[i].probability, c.outcomes[0].targets[i].probability)
        << c.outcomes[0].targets[i].target->id;
    EXPECT_EQ(c.outcomes[1].targets[i].status, c.outcomes[0].targets[i].status);
  }
}

TEST_F(Fixture, HelpfulInterventionNeverLowersProbability) {
  // Increasing sizes of a helpful intervention: P(met) is non-decreasing, path by path.
  for (const char* ind : {"pop", "homes", "share", "ports"}) {
    double prev = -1;
    for (double v : {0.0, 0.5, 2.0, 10.0, 50.0, 200.0, 1000.0}) {
      const auto series = apply_scenario(*project, base->series,
                                         one("s", make(ind, InterventionType::trend, 2024, v)), 11);
      for (const auto& t : project->targets) {
        if (t.series.indicator != ind) continue;
        const auto r = evaluate_target(*project, t, series, base->n_paths);
        EXPECT_GE(r[0].probability, prev) << ind << " v=" << v;
        prev = r[0].probability;
      }
    }
  }
  // Emissions (lower is better): a cut never lowers P(-30 %).
  double prev = -1;
  for (double v : {0.0, -5.0, -20.0, -50.0}) {
    Intervention iv = make("emis", InterventionType::shift, 2030, v);
    iv.percent = true;
    const auto series = apply_scenario(*project, base->series, one("s", iv), 11);
    const auto r = evaluate_target(*project, project->targets[4], series, base->n_paths);
    EXPECT_GE(r[0].probability, prev);
    prev = r[0].probability;
  }
}

TEST_F(Fixture, UncertainInterventionIsReproducibleAndWithinItsRange) {
  Intervention iv = make("homes", InterventionType::shift, 2025, 0);
  iv.value = Quantity{Quantity::Dist::uniform, 300, 700, 0};
  const auto a = get(apply_scenario(*project, base->series, one("s", iv), 11), "homes").forecast;
  const auto b = get(apply_scenario(*project, base->series, one("s", iv), 11), "homes").forecast;
  const auto c =
      get(apply_scenario(*project, base->series, one("other", iv), 11), "homes").forecast;
  EXPECT_EQ(a.paths, b.paths);
  EXPECT_NE(a.paths, c.paths);  // another scenario id draws other numbers
  const auto& base_f = get(base->series, "homes").forecast;
  const int h = 2030 - base_f.years.front();
  double sum = 0;
  for (int p = 0; p < base_f.n_paths; ++p) {
    const double d = a.at(p, h) - base_f.at(p, h);
    ASSERT_GE(d, 300 - 1e-9);
    ASSERT_LE(d, 700 + 1e-9);
    sum += d;
    // One draw per path: the same size in every year of the path.
    EXPECT_NEAR(a.at(p, h + 1) - base_f.at(p, h + 1), d, 1e-9);
  }
  EXPECT_NEAR(sum / base_f.n_paths, 500, 15);  // sd of the mean = 115/sqrt(1000) = 3.7
  // Triangular and normal draws have the right means.
  Rng rng(1, 2, 3);
  Quantity tri{Quantity::Dist::triangular, 500, 1500, 1000};
  Quantity nor{Quantity::Dist::normal, 10, 2, 0};
  double st = 0, sn = 0;
  for (int i = 0; i < 20000; ++i) {
    const double x = tri.draw(rng);
    ASSERT_GE(x, 500);
    ASSERT_LE(x, 1500);
    st += x;
    sn += nor.draw(rng);
  }
  EXPECT_NEAR(st / 20000, 1000, 5);
  EXPECT_NEAR(sn / 20000, 10, 0.05);
}

TEST(ScenarioFile, ReadsScenariosAndLeversFromBothPlaces) {
  const std::string extra = R"(
[[scenario]]
id = "more-homes"
name_sv = "Fler bostäder"
name_en = "More homes"
description_en = "+300 to +700 homes a year"

  [[scenario.intervention]]
  indicator = "homes"
  type = "shift"
  from = 2025
  value = { dist = "uniform", min = 300, max = 700 }

  [[scenario.intervention]]
  indicator = "share"
  type = "path"
  values = { 2025 = 12, 2030 = "15,5" }
)";
  const std::string path = test::write_scenario_fixture("scenfile", extra, false);
  const std::string dir = path.substr(0, path.rfind('/'));
  test::write_file(dir + "/more.toml", R"(
[[scenario]]
id = "cut"
  [[scenario.intervention]]
  indicator = "emis"
  type = "ramp"
  unit = "percent"
  from = 2026
  to = 2030
  value = { dist = "triangular", min = -60, mode = -40, max = -20 }

[[lever]]
id = "homes-lever"
target = "homes-target"
indicator = "homes"
type = "shift"
from = 2025
min = 0
max = 1000
)");
  std::string text = test::read_file(path);
  text.replace(text.find("threads = 1"), 11, "threads = 1\nscenarios = [\"more.toml\"]");
  test::write_file(path, text);
  const Project p = load_project(path);
  const ScenarioSet set = load_scenarios(p);
  ASSERT_EQ(set.scenarios.size(), 2u);
  EXPECT_EQ(set.scenarios[0].id, "more-homes");
  ASSERT_EQ(set.scenarios[0].interventions.size(), 2u);
  EXPECT_EQ(set.scenarios[0].interventions[0].id, "i1");
  EXPECT_EQ(set.scenarios[0].interventions[0].value.dist, Quantity::Dist::uniform);
  EXPECT_EQ(set.scenarios[0].interventions[1].points.size(), 2u);
  EXPECT_DOUBLE_EQ(set.scenarios[0].interventions[1].points[1].second, 15.5);
  EXPECT_EQ(set.scenarios[1].interventions[0].to, 2030);
  EXPECT_TRUE(set.scenarios[1].interventions[0].percent);
  ASSERT_EQ(set.levers.size(), 1u);
  EXPECT_EQ(set.levers[0].variant, "average");  // flow targets default to the average
  EXPECT_DOUBLE_EQ(set.levers[0].probability, 0.5);
}

TEST(ScenarioFile, ErrorsNameFileLineColumnAndKey) {
  struct Case {
    std::string toml, key, expected;
  };
  const std::vector<Case> cases = {
      {"[[scenario]]\nid = \"s\"\n  [[scenario.intervention]]\n  indicator = \"nope\"\n  type = "
       "\"shift\"\n  from = 2025\n  value = 1\n",
       "scenario[s].intervention.indicator", "declared indicator"},
      {"[[scenario]]\nid = \"s\"\n  [[scenario.intervention]]\n  indicator = \"homes\"\n  type = "
       "\"jump\"\n  from = 2025\n  value = 1\n",
       "scenario[s].intervention.type", "one of shift"},
      {"[[scenario]]\nid = \"s\"\n  [[scenario.intervention]]\n  indicator = \"homes\"\n  type = "
       "\"shift\"\n  from = 2025\n  value = { dist = \"uniform\", min = 7, max = 3 }\n",
       "scenario[s].intervention.value.max", "min < max"},
      {"[[scenario]]\nid = \"s\"\n  [[scenario.intervention]]\n  indicator = \"homes\"\n  type = "
       "\"ramp\"\n  from = 2025\n  value = 1\n",
       "scenario[s].intervention.to", "'to'"},
      {"[[scenario]]\nid = \"s\"\n  [[scenario.intervention]]\n  indicator = \"homes\"\n  type = "
       "\"shift\"\n  from = 2025\n  value = 1\n  size = 3\n",
       "scenario[s].intervention.size", "one of the keys"},
      {"[[lever]]\nid = \"l\"\ntarget = \"nope\"\nindicator = \"homes\"\ntype = \"shift\"\nfrom = "
       "2025\nmin = 0\nmax = 1\n",
       "lever[l].target", "declared target"},
      {"[[lever]]\nid = \"l\"\ntarget = \"homes-target\"\nindicator = \"homes\"\ntype = "
       "\"cap\"\nfrom = 2025\nmin = 0\nmax = 1\n",
       "lever[l].type", "grows with its value"},
  };
  for (const auto& c : cases) {
    const std::string path = test::write_scenario_fixture("scenerr", c.toml, false);
    const Project p = load_project(path);
    try {
      load_scenarios(p);
      ADD_FAILURE() << "no error for " << c.key;
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().file, path);
      EXPECT_GT(e.where().line, 0) << c.key;
      EXPECT_GT(e.where().column, 0) << c.key;
      EXPECT_EQ(e.where().field, c.key);
      EXPECT_NE(e.expected().find(c.expected), std::string::npos) << e.what();
    }
  }
}

TEST(ScenarioFile, MissingScenarioFileNamesTheProjectKey) {
  const std::string path = test::write_scenario_fixture("scenmissing", "", false);
  std::string text = test::read_file(path);
  text.replace(text.find("threads = 1"), 11, "threads = 1\nscenarios = [\"nope.toml\"]");
  test::write_file(path, text);
  const Project p = load_project(path);
  try {
    load_scenarios(p);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, path);
    EXPECT_EQ(e.where().field, "project.scenarios");
    EXPECT_GT(e.where().line, 0);
    EXPECT_NE(e.found().find("nope.toml"), std::string::npos);
  }
}
