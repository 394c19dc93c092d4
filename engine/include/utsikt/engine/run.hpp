// Running a project: project every series, evaluate every target on the simulated paths.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "utsikt/engine/forecast.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/target.hpp"
#include "utsikt/progress.hpp"

namespace utsikt {

// The document's arrow: development since the base (or first) observation.
enum class Arrow { green, yellow, red, none };  // none: fewer than two observations
std::string_view to_string(Arrow a);

// Classification of P(met) (configurable thresholds in RunOptions).
enum class Assessment { yes, near, no, none };  // JA / NÄRA / NEJ / no data
std::string_view to_string(Assessment a);

enum class TargetStatus {
  assessed,  // probability from simulated paths
  observed,  // everything the target needs is observed: probability is 0 or 1
  no_data    // cannot be followed up (declared, or the data are missing)
};
std::string_view to_string(TargetStatus s);

// Summary of a distribution over paths.
struct Interval {
  double median = 0.0;
  double lo80 = 0.0;  // 10 % quantile
  double hi80 = 0.0;  // 90 % quantile
};

struct TargetResult {
  const Target* target = nullptr;  // points into the Project
  std::string variant;             // flow: "every_year" or "average"; otherwise ""
  TargetStatus status = TargetStatus::no_data;
  std::string no_data_reason;             // English (JSON), or the project's own words
  std::string no_data_code;               // "no_data.*" catalogue key; empty: the project's words
  std::vector<std::string> no_data_args;  // the key's parameters (machine form)
  double probability = 0.0;               // P(met), in [0, 1]
  double mc_se = 0.0;                     // Monte-Carlo standard error of P
  std::optional<int> latest_year;         // latest observation of the target's series
  std::optional<double> latest_value;
  std::optional<int> base_year;   // the year the arrow compares against
  std::optional<Interval> value;  // indicator value in the target year (flow: average)
  std::string measure;            // what is compared with the threshold, in English words
  std::optional<Interval> measure_interval;  // distribution of that measure
  Arrow arrow = Arrow::none;
  std::string arrow_reason;  // how the arrow was decided (English)
  Assessment assessment = Assessment::none;
  std::string model;  // model(s) of the series involved
  std::string model_reason;
  std::vector<Diagnostic> diagnostics;
  int n_points = 0;  // observations of the target's main series
};

// How utsikt's result stands to the document's own verdict (Target::reported). The writers show
// the verdict beside the result and, where they differ, a note (docs/targets.md).
enum class ReportedDifference {
  none,                      // no verdict recorded, or the two agree
  met_but_unlikely,          // document: met; P(met) below class_near
  not_met_but_likely,        // document: not met; P(met) at least class_yes
  arrow_differs,             // document: improving/unchanged/worsening; utsikt's arrow differs
  verdict_without_data,      // document: a verdict (on other statistics); utsikt: no data
  not_followed_up_but_data,  // document: cannot be followed up; utsikt has data
};
ReportedDifference reported_difference(const TargetResult& r, const RunOptions& o);
std::string_view to_string(ReportedDifference d);

struct SeriesResult {
  SeriesRef ref;
  const Indicator* indicator = nullptr;
  const Series* observed = nullptr;
  SeriesForecast forecast;  // empty years when the series has no data
};

// A target on an indicator projected for many regions (Indicator::regions), evaluated for each
// region: the rows sorted by P(met) (highest first), then by the median of the target's measure
// (better first), then by region code; regions without a result (no data) last, without rank.
struct RegionRow {
  std::string code, name;
  bool home = false;  // the project's own region
  int rank = 0;       // 1 = most likely to meet the target; 0 = no data
  TargetResult result;
};
struct Ranking {
  const Target* target = nullptr;
  const Indicator* indicator = nullptr;
  std::string variant;  // as TargetResult::variant (flow: every_year / average)
  std::vector<RegionRow> rows;
  const RegionRow* home() const;
};

struct RunOverrides {
  std::optional<std::uint64_t> seed;
  std::optional<int> n_paths;
  std::optional<int> threads;
  // Reports of run_project (never printed by the library): "series" after each projected series
  // or cohort model, then "targets" after each target. Empty: no reports.
  ProgressCallback progress = {};
};

struct RunResult {
  const Project* project = nullptr;
  std::uint64_t seed = 0;
  int n_paths = 0;
  int threads = 1;
  std::vector<SeriesResult> series;
  std::vector<TargetResult> targets;
  // One per cohort model (utsikt/engine/cohort.hpp): components and pyramids for the outputs.
  std::vector<CohortRun> cohorts;
  // One per target (and variant) on an indicator with `regions` (docs/project-format.md).
  std::vector<Ranking> rankings;

  const SeriesResult* find(const SeriesRef& r) const;
};

// Projects every series with data to the project's horizon and evaluates every target.
// Deterministic for a given seed (any thread count). Throws InputError for invalid options.
RunResult run_project(const Project& project, const RunOverrides& overrides = {});

// Evaluates one target against already projected series (used by run_project and scenarios).
std::vector<TargetResult> evaluate_target(const Project& project, const Target& target,
                                          const std::vector<SeriesResult>& series, int n_paths);

}  // namespace utsikt
