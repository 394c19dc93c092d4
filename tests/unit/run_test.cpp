// The run pipeline on the mini fixture: every target present, probabilities valid,
// reproducibility from the seed and independence from the thread count.
#include "utsikt/engine/run.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "test_util.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/outputs/results.hpp"

using namespace utsikt;

namespace {
const std::string kMini = test::source_dir() + "/tests/fixtures/mini/project.toml";
}

TEST(Run, EveryTargetHasAValidResult) {
  const Project p = load_project(kMini);
  const RunResult r = run_project(p, RunOverrides{{}, 1000, 1});
  // 8 targets, the flow target gives two results.
  ASSERT_EQ(r.targets.size(), 9u);
  for (const auto& t : r.targets) {
    if (t.target->id == "unfollowed") {
      EXPECT_EQ(t.status, TargetStatus::no_data);
      continue;
    }
    EXPECT_NE(t.status, TargetStatus::no_data) << t.target->id << ": " << t.no_data_reason;
    EXPECT_GE(t.probability, 0.0);
    EXPECT_LE(t.probability, 1.0);
    EXPECT_TRUE(std::isfinite(t.mc_se));
    ASSERT_TRUE(t.value.has_value()) << t.target->id;
    EXPECT_TRUE(std::isfinite(t.value->median));
    EXPECT_LE(t.value->lo80, t.value->median);
    EXPECT_LE(t.value->median, t.value->hi80);
    EXPECT_FALSE(t.model.empty());
  }
}

TEST(Run, SameSeedSameResultsAnyThreads) {
  const Project p = load_project(kMini);
  const RunResult a = run_project(p, RunOverrides{123, 1000, 1});
  const RunResult b = run_project(p, RunOverrides{123, 1000, 2});
  const RunResult c = run_project(p, RunOverrides{124, 1000, 2});
  EXPECT_EQ(out::targets_csv(a), out::targets_csv(b));
  EXPECT_EQ(out::projections_csv(a), out::projections_csv(b));
  EXPECT_NE(out::projections_csv(a), out::projections_csv(c));
}

TEST(Run, SharePathsStayWithinBounds) {
  const Project p = load_project(kMini);
  const RunResult r = run_project(p, RunOverrides{1, 2000, 2});
  const SeriesResult* s = r.find({"transit_share", "total"});
  ASSERT_NE(s, nullptr);
  for (double v : s->forecast.paths) {
    ASSERT_GT(v, 0.0);
    ASSERT_LT(v, 100.0);
  }
}

TEST(Run, HarderLevelTargetIsNeverMoreLikely) {
  Project p = load_project(kMini);
  const RunResult base = run_project(p, RunOverrides{5, 2000, 2});
  Target* pop = nullptr;
  for (auto& t : p.targets)
    if (t.id == "pop") pop = &t;
  ASSERT_NE(pop, nullptr);
  double prev = 1.0;
  for (double thr = 240000; thr <= 262000; thr += 1000) {
    pop->value = thr;
    const auto r = evaluate_target(p, *pop, base.series, base.n_paths);
    EXPECT_LE(r[0].probability, prev + 1e-15) << thr;
    prev = r[0].probability;
  }
}

TEST(Run, JsonIsValidAndEveryNumberIsFinite) {
  const Project p = load_project(kMini);
  const RunResult r = run_project(p, RunOverrides{9, 500, 1});
  // nlohmann::json writes a NaN as null: check that no assessed number is null or infinite.
  const auto j = nlohmann::json::parse(out::targets_json(r));
  for (const auto& t : j["targets"]) {
    if (t["status"] == "no_data") continue;
    ASSERT_TRUE(t["probability"].is_number()) << t["id"];
    ASSERT_TRUE(t["mc_se"].is_number()) << t["id"];
    for (const char* k : {"median", "lo80", "hi80"}) {
      ASSERT_TRUE(t["value_in_target_year"][k].is_number()) << t["id"] << " " << k;
      EXPECT_TRUE(std::isfinite(t["value_in_target_year"][k].get<double>()));
    }
  }
}
