// Realistic targets: what the simulated paths say is reachable, the official progress
// classifications side by side, and the smallest lever that lifts P(met) to a chosen level.
//
// Progress classifications (the formulas, their edge rules and worked examples are in
// docs/scenarios.md; the reference is ../shared/reference/progress-methods.md):
//
//   Eurostat / Open SDG:  CAGR_a   = (x_t1 / x_t0)^(1/(t1 - t0)) - 1
//                         CAGR_req = (X*   / x_t0)^(1/(T  - t0)) - 1
//                         R = CAGR_a / CAGR_req
//     target already met | R >= 0.95 significant | 0.60 <= R < 0.95 moderate |
//     0 <= R < 0.60 insufficient | R < 0 moving away
//   UN Statistics Division progress chart:
//                         v(T) = x_t1 (1 + CAGR_a)^(T - t1),  P = (v(T) - x_t0) / (X* - x_t0)
//     P >= 0.95 on track | 0.10 <= P < 0.95 fair progress | P < 0.10 stagnation or regression;
//     a share within 1 percentage point of a 0 % or 100 % target counts as achieved;
//     without a quantitative target (increase / decrease): CAGR (mirrored where lower is
//     better) >= 2 % on track, 0.5 - 2 % fair, < 0.5 % stagnation.
//   Parity targets are transformed first: ratio r = a / b -> max(r, 1/r) with target 1 (values
//   0.97 - 1.03 count as parity); a share y of a 50 % target -> 50 + |y - 50| with target 50.
//   "Not computable" (with the reason) where the method says so: target at zero (net zero),
//   values of different sign or zero, fewer than two observations, no quantitative target.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "utsikt/engine/target_kinds.hpp"
#include "utsikt/scenarios/scenario.hpp"

namespace utsikt {

// What the progress methods need: base (t0, x0), latest (t1, x1), target (T, X*), direction.
struct ProgressInput {
  int t0 = 0;
  double x0 = 0.0;
  int t1 = 0;
  double x1 = 0.0;
  int T = 0;
  double target = 0.0;
  bool higher_is_better = true;
  bool share_0_100 = false;    // a share whose target is 0 % or 100 % (UN's 1 pp rule)
  double achieved_band = 0.0;  // parity: |value - target| <= band counts as achieved
};

// not_applicable: the class's precondition does not hold (the base value already lay on the far
// side of the target, so a movement towards the target is a movement away from the base); the
// note gives the reason. not_computable: the numbers needed are missing or undefined.
enum class EurostatClass {
  achieved,
  significant,
  moderate,
  insufficient,
  away,
  not_computable,
  not_applicable
};
enum class UnClass { achieved, on_track, fair, stagnation, not_computable, not_applicable };
// A class with a ratio (not achieved, not computable, not applicable).
bool has_ratio(EurostatClass c);
bool has_ratio(UnClass c);
std::string_view to_string(EurostatClass c);
std::string_view to_string(UnClass c);

struct EurostatProgress {
  EurostatClass cls = EurostatClass::not_computable;
  double cagr_actual = 0.0, cagr_required = 0.0, ratio = 0.0;  // valid when computable
  std::string note;  // reason when not computable, or the edge rule used
};
struct UnProgress {
  UnClass cls = UnClass::not_computable;
  double cagr_actual = 0.0;
  double projected = 0.0;  // v(T)
  double ratio = 0.0;      // P
  std::string note;
};

EurostatProgress eurostat_progress(const ProgressInput& in);
UnProgress un_progress(const ProgressInput& in);
// UN's classes without a quantitative target (increase / decrease targets).
UnProgress un_progress_no_target(int t0, double x0, int t1, double x1, bool higher_is_better);

// Distribution of the first year in which a path reaches the target level.
struct FirstYear {
  bool applicable = false;
  std::string note;             // why not applicable
  double threshold = 0.0;       // the level a yearly value is compared with
  bool already_met = false;     // the latest observation already meets it
  std::vector<int> years;       // projected years (latest observation + 1 .. horizon)
  std::vector<double> share;    // share of paths first reaching it in that year
  double not_by_horizon = 0.0;  // share of paths never reaching it by the horizon
  double by_target_year = 0.0;  // share reaching it in or before the target year
};

// The paths one realistic-target row is computed from: the same per-path measure as
// run_project (target_measures() in target_kinds.hpp), and the quantity the quantiles are of.
struct RealisticPaths {
  std::vector<PathMeasure> paths;  // one per path (one in all for an observed outcome)
  std::vector<double> quantity;    // compared_value() of every path; empty if not available
                                   // (no data, or NaN on a path)
  std::string name;                // what quantity is (English)
  bool higher_is_better = true;
};
// Of one result (target, variant) of the baseline; empty paths for no_data results.
RealisticPaths realistic_paths(const RunResult& baseline, const TargetResult& result);

struct RealisticTarget {
  const TargetResult* result = nullptr;  // the baseline result (target, variant, P(met))
  std::string measure;                   // what the quantiles are of (English)
  bool higher_is_better = true;          // direction of the measure
  // Value of the measure reached with probability 50, 80, 90 % and the asked probability, in
  // the direction of the target (quantiles 0.5/0.2/0.1 of the measure for "at least" targets,
  // 0.5/0.8/0.9 for "at most").
  std::optional<double> q50, q80, q90, q_asked;
  // Required yearly change from the latest observation to the target, and the historical one.
  std::optional<double> target_level;  // X* on the measure's scale (change: the level)
  std::optional<double> required_abs, required_pct, historical_abs, historical_pct;
  std::string scale_note;        // e.g. parity transformation used
  ProgressInput progress_input;  // what the classes were computed from (when they were)
  EurostatProgress eurostat;
  UnProgress un;
  FirstYear first_year;
};

struct LeverResult {
  const Lever* lever = nullptr;
  double probability_asked = 0.5;
  enum class Outcome { found, already_met, not_reachable, no_data } outcome = Outcome::no_data;
  double value = 0.0;        // found: the smallest lever value meeting the probability
  double probability = 0.0;  // P(met) at that value (or at the end of the range)
  double mc_se = 0.0;
  double p_at_min = 0.0, p_at_max = 0.0, p_baseline = 0.0;
  bool increasing = true;  // P grows with the lever value
  int evaluations = 0;
  std::string message;  // English sentence
};

struct RealisticReport {
  const RunResult* baseline = nullptr;
  double probability = 0.8;  // the asked probability (extra quantile column)
  std::vector<RealisticTarget> targets;
  std::vector<LeverResult> levers;
};

// P(met) of one target (variant) with the lever set to `value`, on the baseline's paths.
double lever_probability(const Project& project, const RunResult& baseline, const Lever& lever,
                         double value, double* mc_se = nullptr);
// The same, transforming every series of the baseline (slower; used by the tests to check that
// the lever search's restriction to the series the target depends on changes nothing).
double lever_probability_full(const Project& project, const RunResult& baseline, const Lever& lever,
                              double value, double* mc_se = nullptr);

// Bisection on the lever value with common random numbers: every evaluation transforms the
// same baseline paths, so for shift, trend and ramp on the target's own series P(met) is a
// non-decreasing step function of the value and the search is exact up to `tolerance` (the
// reported value meets the asked probability on these paths; the value one tolerance below
// does not). Reports "not reachable within [min, max]" and "already met at min" honestly.
LeverResult search_lever(const Project& project, const RunResult& baseline, const Lever& lever,
                         double probability);

// The table of `utsikt targets`. probability: the extra quantile column; lever_probability:
// overrides every lever's asked probability when set. report: "targets" after each target,
// then "levers" after each lever's search (the slow part).
RealisticReport realistic_targets(const Project& project, const RunResult& baseline,
                                  const ScenarioSet& set, double probability,
                                  std::optional<double> lever_probability = std::nullopt,
                                  const ProgressCallback& report = {});

// The drafter's question "what could we reach by 2040 with 80 %?", for every projected series
// in any year, under the baseline or a scenario: the value the series reaches with probability
// p in the direction the indicator calls better (higher: the (1 - p) quantile of the paths, a
// value it is at or above with probability p; lower: the p quantile). Neutral indicators get
// both ends. An observed year gives its observation; a year after the projection gives none.
struct ReachedValue {
  SeriesRef ref;
  std::string scenario;  // "" for the baseline
  int year = 0;
  enum class Status { projected, observed, outside } status = Status::outside;
  int better = 0;                  // +1 higher, -1 lower, 0 neutral (the indicator's)
  std::optional<double> at_least;  // reached or exceeded with probability p
  std::optional<double> at_most;   // not exceeded with probability p
  std::optional<double> median;
};
std::vector<ReachedValue> reached_values(const Project& project,
                                         const std::vector<SeriesResult>& series,
                                         const std::string& scenario, const std::vector<int>& years,
                                         double p);

}  // namespace utsikt
