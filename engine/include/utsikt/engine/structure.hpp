// Structure between series: structural breaks in the history, drivers (regression on another
// series), components (signed sums, stock-flow accumulation) and breakdowns that add up.
//
// These are declared per indicator in the project file (docs/scenarios.md) and applied by
// run_project after every series has been projected on its own, and again by every scenario
// after its interventions, so that derived series follow what the scenario did to their inputs.
// Everything here is a deterministic function of (seed, inputs): re-deriving a series from
// unchanged inputs gives bit-identical paths, which is what common random numbers rely on.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"

namespace utsikt {

// The series a model is fitted on: observations declared as outliers removed; observations
// before a level shift moved by the estimated shift (docs/scenarios.md, "Structural breaks").
// Appends a diagnostic per break saying what was done (or that the break year is not observed).
Series fitting_series(const Indicator& ind, const Series& observed,
                      std::vector<Diagnostic>& diagnostics);

// Estimated level shift at `year`: the step d in y = a + b t + d [t >= year] by least squares
// when at least four observations with at least one on each side exist, otherwise the
// difference between the first observation from `year` on and the last one before it (no
// trend correction). Returns false if there is no observation on one side.
bool estimate_level_shift(const Series& s, int year, double& shift, bool& with_trend);

// What a derived series is computed from.
struct Derivation {
  enum class Kind { none, driver, components, breakdown };
  Kind kind = Kind::none;
  std::vector<SeriesRef> inputs;
};
Derivation derivation_of(const Project& project, const SeriesRef& ref);

// Indices of `series` in an order where every derived series comes after its inputs.
// Throws InputError (naming the project file) on a cycle.
std::vector<std::size_t> dependency_order(const Project& project,
                                          const std::vector<SeriesResult>& series);

// Recomputes series[index] from its inputs if it is derived; returns false (and leaves it
// unchanged) if it is not derived or cannot be (then a diagnostic on the series says why and
// its own projection is kept: the documented fallback).
bool derive_series(const Project& project, std::vector<SeriesResult>& series, std::size_t index,
                   std::uint64_t seed);

// Derives every derived series in dependency order (used by run_project).
void derive_all(const Project& project, std::vector<SeriesResult>& series, std::uint64_t seed);

// Value of a series in a year on a path: observed, interpolated inside a gap, or simulated.
// Returns NaN if the year is neither observed nor projected.
double series_value(const SeriesResult& s, int year, int path);

}  // namespace utsikt
