// The lever search: bisection with common random numbers returns a lever whose scenario meets
// the asked probability (exactly on these paths, and within Monte-Carlo error on fresh paths);
// unreachable and already-met cases are reported honestly.
#include <gtest/gtest.h>

#include <cmath>

#include "scenario_fixture.hpp"
#include "test_util.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/scenarios/realistic.hpp"

using namespace utsikt;

namespace {

Lever lever(const std::string& target, const std::string& ind, InterventionType type, int from,
            double min, double max, double tol, double p, const std::string& variant = "") {
  Lever l;
  l.id = "l";
  l.target = target;
  l.variant = variant;
  l.intervention.id = "lever";
  l.intervention.series = {ind, "total"};
  l.intervention.type = type;
  l.intervention.from = from;
  l.min = min;
  l.max = max;
  l.tolerance = tol;
  l.probability = p;
  return l;
}

struct Levers : ::testing::Test {
  static void SetUpTestSuite() {
    project = new Project(load_project(test::write_scenario_fixture("lever", "", false)));
    base = new RunResult(run_project(*project, RunOverrides{11, 2000, 1}));
  }
  static void TearDownTestSuite() {
    delete base;
    delete project;
  }
  static inline Project* project = nullptr;
  static inline RunResult* base = nullptr;
};

}  // namespace

TEST_F(Levers, FoundLeverMeetsTheAskedProbability) {
  // Homes: average 2024-2030 >= 500; extra homes a year from 2025.
  const Lever l =
      lever("homes-target", "homes", InterventionType::shift, 2025, 0, 3000, 1, 0.8, "average");
  const LeverResult r = search_lever(*project, *base, l, 0.8);
  ASSERT_EQ(r.outcome, LeverResult::Outcome::found) << r.message;
  EXPECT_TRUE(r.increasing);
  EXPECT_GE(r.probability, 0.8);
  // On the same paths, the value one tolerance lower misses the probability: the search is
  // exact up to the tolerance.
  EXPECT_LT(lever_probability(*project, *base, l, r.value - l.tolerance), 0.8);
  EXPECT_GE(lever_probability(*project, *base, l, r.value), 0.8);
  // On fresh paths (another seed) the same lever meets the probability within Monte-Carlo
  // error: |P - 0.8| <= 4 standard errors (sd = sqrt(0.8 * 0.2 / 2000) = 0.0089).
  const RunResult other = run_project(*project, RunOverrides{12345, 2000, 1});
  const double p2 = lever_probability(*project, other, l, r.value);
  EXPECT_NEAR(p2, 0.8, 4 * std::sqrt(0.8 * 0.2 / 2000) + 0.01);
}

TEST_F(Levers, PopulationTrendLeverAndMonotoneSearch) {
  const Lever l = lever("pop-target", "pop", InterventionType::trend, 2025, 0, 5000, 5, 0.9);
  const LeverResult r = search_lever(*project, *base, l, 0.9);
  ASSERT_NE(r.outcome, LeverResult::Outcome::no_data);
  if (r.outcome == LeverResult::Outcome::found) {
    EXPECT_GE(r.probability, 0.9);
    EXPECT_LT(lever_probability(*project, *base, l, r.value - l.tolerance), 0.9);
  }
  // P is non-decreasing in the lever value (common random numbers).
  double prev = -1;
  for (double v = 0; v <= 2000; v += 250) {
    const double p = lever_probability(*project, *base, l, v);
    EXPECT_GE(p, prev);
    prev = p;
  }
}

TEST_F(Levers, NotReachableAndAlreadyMet) {
  // At most +1 homes a year cannot lift P(average >= 500) to 0.999 unless it already is.
  const Lever small =
      lever("homes-target", "homes", InterventionType::shift, 2025, 0, 1, 0.01, 0.999, "average");
  const LeverResult a = search_lever(*project, *base, small, 0.999);
  if (a.p_at_min < 0.999) {
    EXPECT_EQ(a.outcome, LeverResult::Outcome::not_reachable);
    EXPECT_NE(a.message.find("not reachable within [0, 1]"), std::string::npos) << a.message;
  }
  // A tiny probability is already met without any lever.
  const Lever easy =
      lever("homes-target", "homes", InterventionType::shift, 2025, 0, 1000, 1, 0.001, "average");
  const LeverResult b = search_lever(*project, *base, easy, 0.001);
  if (b.p_at_min >= 0.001) {
    EXPECT_EQ(b.outcome, LeverResult::Outcome::already_met);
    EXPECT_EQ(b.value, 0.0);
  }
}

TEST_F(Levers, DecreasingLeverFindsTheSmallestCut) {
  // Emissions -30 % 2016 -> 2035: a cut in percent from 2030, range [-100, 0]; P grows as the
  // value falls, so the answer is the cut closest to 0 that meets the probability.
  Lever l = lever("emis-target", "emis", InterventionType::shift, 2030, -100, 0, 0.25, 0.95);
  l.intervention.percent = true;
  const LeverResult r = search_lever(*project, *base, l, 0.95);
  ASSERT_NE(r.outcome, LeverResult::Outcome::no_data);
  if (r.outcome == LeverResult::Outcome::found) {
    EXPECT_FALSE(r.increasing);
    EXPECT_GE(r.probability, 0.95);
    EXPECT_LT(lever_probability(*project, *base, l, r.value + l.tolerance), 0.95);
  }
}
