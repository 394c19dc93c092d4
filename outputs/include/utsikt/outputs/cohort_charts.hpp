// Charts of the cohort-component model (utsikt/engine/cohort.hpp) for the report: population
// pyramids of projected years against the jump-off population, and births, deaths and net
// migration per year (history and projection fans).
#pragma once

#include <string>

#include "utsikt/engine/run.hpp"
#include "utsikt/outputs/format.hpp"
#include "utsikt/outputs/svg_chart.hpp"

namespace utsikt::out {

// A population pyramid as one <svg>: men to the left, women to the right, one bar per year of
// age (0..100+): the projected median in `year` (filled), its 80 % interval (a light band from
// the 10 % to the 90 % quantile) and the jump-off population as a black outline. Empty string
// when `year` is not among the run's pyramid years.
std::string render_pyramid(const RunResult& r, const CohortRun& run, int year, Lang lang);

// Births, deaths and net migration: the history (from the age data and the bring-forward) and the
// projection's median with 80/95 % bands (the one band style), as a fan chart.
FanChart components_chart(const RunResult& r, const CohortRun& run, Lang lang);

}  // namespace utsikt::out
