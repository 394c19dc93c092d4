// Scenarios: named what-ifs applied to the baseline's simulated paths.
//
// A scenario is a list of interventions, each on one series (indicator/group) from a year on.
// Applying a scenario transforms a copy of the baseline paths (the fitted models, unchanged),
// then re-derives every series that depends on a changed one (drivers, components, breakdown
// totals; structure.hpp), then evaluates the targets again with evaluate_target. Because every
// scenario starts from the same baseline paths (common random numbers), the difference between
// a scenario's P(met) and the baseline's is the scenario's effect, not simulation noise: a
// scenario whose interventions are all zero gives exactly the baseline's probabilities.
//
// The uncertainty of an intervention (e.g. "+300 to +700 homes a year, uniform") is one draw per
// path from an Rng seeded by (master seed, hash of scenario id and intervention id, path), so
// results are reproducible and do not depend on threads or on the order of scenarios.
//
// File format and worked examples: docs/scenarios.md.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "utsikt/demography/cohort.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/rng.hpp"

namespace utsikt {

// The size of an intervention: a fixed number or a distribution, one draw per path.
struct Quantity {
  enum class Dist { fixed, uniform, normal, triangular };
  Dist dist = Dist::fixed;
  double a = 0.0;  // fixed: value; uniform/triangular: min; normal: mean
  double b = 0.0;  // uniform/triangular: max; normal: sd
  double c = 0.0;  // triangular: mode
  double draw(Rng& rng) const;
  double mean() const;
  std::string describe() const;  // "500", "uniform(300, 700)", ...
};

enum class InterventionType {
  shift,    // value(t) + v (absolute) or value(t) * (1 + v/100) (percent), t >= from
  trend,    // value(t) + v * (t - from + 1): +v per year, cumulative
  growth,   // yearly growth rate multiplied by v (1 = unchanged, 0 = no growth)
  path,     // given values in given years, linear in between; after the last given year the
            // difference to the baseline persists
  ramp,     // shift growing linearly from 0 in `from` to v in `to`, then held
  ramp_to,  // value moved linearly from the baseline in `from` to the level v in `to`; after `to`
            // the path keeps its own changes around that level
  cap,      // min(value, v)
  floor,    // max(value, v)
  // Components of a cohort population (indicator with method "cohort", utsikt/engine/cohort.hpp):
  // the model is simulated again with the change, same random numbers.
  migrants,         // v extra net migrants a year from `from` (to `to` if given), ages/sex `ages`
  fertility,        // total fertility changed by v percent from `from`
  life_expectancy,  // life expectancy at birth v years higher by `to`, linearly from `from`
  jobs              // v new jobs from `from` (spread to `to`): movers and their families
};
// Whether the type changes a cohort model's components (not a series' paths).
bool is_component_type(InterventionType t);
std::string_view to_string(InterventionType t);
std::optional<InterventionType> intervention_type_from_string(std::string_view s);

struct Intervention {
  std::string id;  // unique within the scenario ("i1", ... when not given)
  SeriesRef series;
  InterventionType type = InterventionType::shift;
  int from = 0;  // first year affected
  int to = 0;    // ramp/ramp_to: year the full effect is reached
  Quantity value;
  bool percent = false;  // shift/ramp: value is in percent of the baseline value
  std::vector<std::pair<int, double>> points;  // path: (year, value), sorted
  std::string note;                            // assumption and source
  // migrants: the migrants' sex and ages (uniform over them); nullopt: the model's default
  // migrant profile (docs/methods.md, "Cohort-component model").
  std::optional<demography::AgeGroup> ages;
  // jobs: the recipe (defaults in demography::ComponentChange, docs/scenarios.md).
  std::optional<double> movers_per_job, family_per_mover;
  // Linked to a parameter of the scenario (docs/scenarios.md, "Linked parameters"): `value` is
  // then the parameter's value, and the size on a path is `scale` times the parameter's draw on
  // that path, the same draw for every intervention linked to the parameter.
  std::string parameter;
  double scale = 1.0;
  // The declared range of the value (key `range = [lo, hi]`), e.g. for a slider; nullopt: none.
  std::optional<std::pair<double, double>> range;

  // The size on one path (rng: the path's generator of stream(); unused for a fixed value).
  double draw(Rng& rng) const { return scale * value.draw(rng); }
  // Whether the size differs between paths.
  bool random() const { return value.dist != Quantity::Dist::fixed; }
  // The random stream of the draws: per (scenario, intervention), or per (scenario, parameter)
  // for a linked intervention.
  std::uint64_t stream(const std::string& scenario_id) const;
};

// A parameter of a scenario that drives several interventions at once (linked parameters,
// docs/scenarios.md): e.g. the share of the steel industry converted, which lowers emissions and
// raises the electricity demand together.
struct Parameter {
  std::string id;
  std::string name_sv, name_en;
  std::string unit_sv, unit_en;
  Quantity value;
  double min = 0.0, max = 0.0;  // its declared range (min < max); the value lies inside
  std::string note;
};

struct Scenario {
  std::string id;
  std::string name_sv, name_en;
  std::string description_sv, description_en;  // what it assumes
  std::string source;                          // file it was read from
  std::vector<Parameter> parameters;           // linked parameters ([[scenario.parameter]])
  std::vector<Intervention> interventions;
};

// A lever: one intervention whose size is searched for (smallest value giving P(met) >= p).
struct Lever {
  std::string id;
  std::string name_sv, name_en;
  std::string target;            // target id
  std::string variant;           // flow targets: "every_year" or "average" (default average)
  Intervention intervention;     // value is ignored; the search sets it
  double min = 0.0, max = 0.0;   // search range (min < max)
  double tolerance = 0.0;        // bisection stops when the bracket is this narrow
  double probability = 0.5;      // asked P(met), overridable from the command line
  std::string unit_sv, unit_en;  // of the lever value, for display
  std::string note;
};

struct ScenarioSet {
  std::vector<Scenario> scenarios;  // alternatives (the baseline is implicit)
  std::vector<Lever> levers;
};

// Reads [[scenario]] and [[lever]] tables from the project file and from every file listed in
// [project] scenarios. Throws InputError naming file, line, column and key.
ScenarioSet load_scenarios(const Project& project);

// Reads the [[scenario]] tables of one TOML text (e.g. a scenario sent to `utsikt serve` and
// written back as a file) with the same checks as load_scenarios; `name` is the file name used in
// error messages. Levers are read too; other top-level keys are an error.
ScenarioSet parse_scenarios(const Project& project, const std::string& toml_text,
                            const std::string& name);

// Applies interventions to a copy of the baseline series (all series of a RunResult), then
// re-derives dependent series. Results stay within each indicator's bounds (except derived
// sums, see structure.hpp). `seed` is the run's master seed. Diagnostics (e.g. an intervention
// on a series without observations, or before the projection starts) are appended to `notes`.
std::vector<SeriesResult> apply_scenario(const Project& project,
                                         const std::vector<SeriesResult>& baseline,
                                         const Scenario& scenario, std::uint64_t seed,
                                         std::vector<Diagnostic>* notes = nullptr);

// The same on `series` itself (no copy); returns the indices of the series it changed (the
// others are untouched), so a caller can restore just those.
std::set<std::size_t> apply_scenario_in_place(const Project& project,
                                              std::vector<SeriesResult>& series,
                                              const Scenario& scenario, std::uint64_t seed,
                                              std::vector<Diagnostic>* notes = nullptr);

// Projection of one series that a scenario changed: quantiles per projected year, next to the
// baseline's median.
struct ChangedSeries {
  SeriesRef ref;
  std::vector<int> years;
  std::vector<double> baseline_median, median, lo80, hi80;  // lo80/hi80: 10 % / 90 % quantiles
  // The quantiles asked for (Comparison::quantiles): q[h * levels + j], type 7 as the others.
  std::vector<double> q;
};

// One scenario's results for every target.
struct ScenarioOutcome {
  const Scenario* scenario = nullptr;  // nullptr for the baseline
  std::vector<TargetResult> targets;   // same order as RunResult::targets
  std::vector<Diagnostic> notes;
  std::vector<ChangedSeries> changed;  // series whose paths differ from the baseline's
};

struct Comparison {
  const RunResult* baseline = nullptr;
  std::vector<ScenarioOutcome> outcomes;  // [0] = baseline, then the scenarios in file order
  // Quantile levels asked for (`utsikt compare --quantiles`), increasing, in (0, 1); empty: the
  // default outputs (median, 10 % and 90 %) only.
  std::vector<double> quantiles;
};

// Evaluates every target under the baseline and under every scenario (same paths). `quantiles`:
// extra levels for the changed series' projections (ChangedSeries::q), increasing, in (0, 1).
// `progress`: "scenarios" after each scenario.
Comparison compare_scenarios(const Project& project, const RunResult& baseline,
                             const ScenarioSet& set, const std::vector<double>& quantiles = {},
                             const ProgressCallback& progress = {});

}  // namespace utsikt
