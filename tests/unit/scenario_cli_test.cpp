// `utsikt compare` and `utsikt targets` on the Norrbotten example from a clean checkout: exit
// code, files, the effect of helpful scenarios, levers, reproducibility.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.hpp"

using utsikt::test::read_file;
using utsikt::test::run_command;
using utsikt::test::source_dir;
using utsikt::test::temp_dir;
using utsikt::test::utsikt_binary;

namespace {
const std::string kExample = source_dir() + "/examples/norrbotten-rus2030/project.toml";

const nlohmann::json* find_target(const nlohmann::json& scen, const std::string& id,
                                  const std::string& variant = "") {
  for (const auto& t : scen["targets"])
    if (t["target"] == id && t["variant"] == variant) return &t;
  return nullptr;
}
}  // namespace

TEST(ScenarioCli, CompareOnTheNorrbottenExample) {
  const std::string out = temp_dir("cmp");
  const auto r = run_command(utsikt_binary() + " compare " + kExample +
                             " --paths 2000 --lang en --output " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("More housing"), std::string::npos);
  EXPECT_NE(r.out.find("Baseline"), std::string::npos);
  const auto j = nlohmann::json::parse(read_file(out + "/compare.json"));
  ASSERT_EQ(j["scenarios"].size(), 8u);  // baseline + 7
  EXPECT_EQ(j["scenarios"][0]["id"], "baseline");
  std::map<std::string, const nlohmann::json*> by_id;
  for (const auto& s : j["scenarios"]) by_id[s["id"].get<std::string>()] = &s;
  // Helpful scenarios never lower the probability of the target they help.
  struct Case {
    const char* scen;
    const char* target;
    const char* variant;
  };
  for (const Case c :
       {Case{"fler-bostader", "bostader-1500-per-ar", "average"},
        Case{"fler-bostader", "bostader-1500-per-ar", "every_year"},
        Case{"hogre-inflyttning", "befolkning-260000", ""},
        Case{"unga-vuxna", "befolkning-260000", ""}, Case{"ny-gruva", "befolkning-260000", ""},
        Case{"fossilfritt-stal", "vaxthusgaser-netto-noll-2045", ""},
        Case{"stalomstallning", "vaxthusgaser-netto-noll-2045", ""},
        Case{"stalomstallning", "fornybar-el-100-2040", ""}}) {
    const auto* t = find_target(*by_id.at(c.scen), c.target, c.variant);
    ASSERT_NE(t, nullptr) << c.scen << " " << c.target;
    ASSERT_FALSE((*t)["change_pp"].is_null()) << c.scen << " " << c.target;
    EXPECT_GE((*t)["change_pp"].get<double>(), 0.0) << c.scen << " " << c.target;
  }
  // Reaching the programme's 15 % in 2030 takes away the paths that would have reached 25 %:
  // the revised goal can only lower P(25 %) (it is not a helpful intervention for that target).
  const auto* pt = find_target(*by_id.at("kollektivtrafik-15"), "kollektivtrafik-25-2030");
  ASSERT_NE(pt, nullptr);
  EXPECT_LE((*pt)["change_pp"].get<double>(), 0.0);
  // More housing changes the housing target and nothing it does not touch (common random
  // numbers: every other target keeps exactly the baseline probability).
  const auto& housing = *by_id.at("fler-bostader");
  EXPECT_GT((*find_target(housing, "bostader-1500-per-ar", "average"))["change_pp"].get<double>(),
            0.0);
  for (const auto& t : housing["targets"])
    if (t["target"] != "bostader-1500-per-ar" && !t["change_pp"].is_null()) {
      EXPECT_EQ(t["change_pp"].get<double>(), 0.0) << t["target"];
    }
  // The housing scenario changes exactly one series; its projection is written next to the
  // baseline's median.
  ASSERT_EQ(housing["changed_series"].size(), 1u);
  EXPECT_EQ(housing["changed_series"][0], "bostader_fardigstallda/total");
  const std::string proj = read_file(out + "/compare_projections.csv");
  EXPECT_EQ(proj.rfind("scenario,indicator,group,year,baseline_median,median,q10,q90\n", 0), 0u);
  EXPECT_NE(proj.find("fler-bostader,bostader_fardigstallda,total,2030,"), std::string::npos);
  const std::string csv = read_file(out + "/compare.csv");
  EXPECT_EQ(csv.rfind("target,variant,scenario,", 0), 0u);
  // Same seed, same output.
  const std::string out2 = temp_dir("cmp2");
  ASSERT_EQ(run_command(utsikt_binary() + " compare " + kExample +
                        " --paths 2000 --threads 1 --output " + out2)
                .exit_code,
            0);
  EXPECT_EQ(read_file(out2 + "/compare.csv"), csv);
}

TEST(ScenarioCli, TargetsOnTheNorrbottenExample) {
  const std::string out = temp_dir("tgt");
  const auto r = run_command(utsikt_binary() + " targets " + kExample +
                             " --paths 2000 --probability 0.5 --lang en --output " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Smallest lever"), std::string::npos);
  const auto j = nlohmann::json::parse(read_file(out + "/targets_realistic.json"));
  bool pop_seen = false, netzero_seen = false;
  for (const auto& t : j["targets"]) {
    if (t["target"] == "befolkning-260000") {
      pop_seen = true;
      // SCB: 251 295 (2017, the target's base year) -> 248 620 (2024) towards 260 000:
      // CAGR (248620/251295)^(1/7) - 1 = -0.15277 % against the required
      // (260000/251295)^(1/13) - 1 = +0.26230 %: R = -0.5824, moving away; UN
      // stagnation/regression.
      EXPECT_EQ(t["eurostat"]["class"], "moving_away");
      EXPECT_NEAR(t["eurostat"]["ratio"].get<double>(), -0.5824, 1e-4);
      EXPECT_EQ(t["un"]["class"], "stagnation_or_regression");
      // Required: (260000 - 248620) / 6 = 1 896.7 a year; historical (248620 - 251295) / 7 =
      // -382.1.
      EXPECT_NEAR(t["required_change_per_year"]["absolute"].get<double>(), 11380.0 / 6, 1e-6);
      EXPECT_NEAR(t["historical_change_per_year"]["absolute"].get<double>(), -2675.0 / 7, 1e-6);
      EXPECT_TRUE(t["first_year_reached"]["applicable"].get<bool>());
      // Reached with 50 % >= with 80 % >= with 90 % ("at least" target).
      EXPECT_GE(t["reached_with"]["p50"].get<double>(), t["reached_with"]["p80"].get<double>());
      EXPECT_GE(t["reached_with"]["p80"].get<double>(), t["reached_with"]["p90"].get<double>());
    }
    if (t["target"] == "vaxthusgaser-netto-noll-2045") {
      netzero_seen = true;
      // -85 % of 5.8 = 0.87 Mt: the target level is not zero, so the CAGR is computable.
      EXPECT_NEAR(t["target_level"].get<double>(), 0.87, 1e-9);
    }
  }
  EXPECT_TRUE(pop_seen);
  EXPECT_TRUE(netzero_seen);
  ASSERT_EQ(j["levers"].size(), 3u);
  for (const auto& l : j["levers"]) {
    EXPECT_EQ(l["asked_probability"].get<double>(), 0.5);
    if (l["outcome"] == "found") {
      EXPECT_GE(l["probability"].get<double>(), 0.5) << l["id"];
    }
  }
  EXPECT_FALSE(read_file(out + "/levers.csv").empty());
  EXPECT_FALSE(read_file(out + "/targets_realistic.csv").empty());
}
